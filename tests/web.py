"""A web server on loopback for the tests that fetch pages and feeds (``Site``), and the feeds it serves: RSS, Atom
and OPML written from a list of items, and news pages from ``../shared/data/pages``."""
from __future__ import annotations

import datetime as dt
import gzip
import json
import ssl
from email.utils import format_datetime
from html import escape
from pathlib import Path


class Site:
    """A web server on loopback for the fetching tests: ``page`` serves a fixed answer at a path, ``route`` a
    handler of its own; ``requests`` lists (path, headers) as they came, ``sent`` what the handlers counted."""

    def __init__(self, host: str = "127.0.0.1", tls: ssl.SSLContext | None = None):
        import threading
        from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

        site = self
        self.host = host
        self.routes: dict[str, object] = {}
        self.requests: list[tuple[str, dict[str, str]]] = []
        self.sent: dict[str, int] = {}

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:  # noqa: N802 - http.server's name
                site.requests.append((self.path, dict(self.headers.items())))
                route = site.routes.get(self.path.split("?", 1)[0])
                if route is None:
                    self.answer(404, b"no such page", "text/plain")
                elif callable(route):
                    route(self)
                else:
                    status, body, ctype, headers = route  # type: ignore[misc]
                    self.answer(status, body, ctype, headers)

            def answer(self, status: int, body: bytes, ctype: str | None, headers: dict | None = None) -> None:
                self.send_response(status)
                if ctype:
                    self.send_header("Content-Type", ctype)
                self.send_header("Content-Length", str(len(body)))
                for k, v in (headers or {}).items():
                    self.send_header(k, v)
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args: object) -> None:
                pass

        self.server = ThreadingHTTPServer((host, 0), Handler)
        self.scheme = "http"
        if tls is not None:  # https: the listening socket wrapped, each connection's handshake in its own thread
            self.server.socket = tls.wrap_socket(self.server.socket, server_side=True, do_handshake_on_connect=False)
            self.scheme = "https"
        self.server.daemon_threads = True
        self.port = self.server.server_address[1]
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def url(self, path: str = "/", host: str | None = None) -> str:
        return f"{self.scheme}://{host or self.host}:{self.port}{path}"

    def page(self, path: str, body: str | bytes, *, status: int = 200, ctype: str | None = "text/html; charset=utf-8",
             headers: dict[str, str] | None = None) -> str:
        self.routes[path] = (status, body.encode() if isinstance(body, str) else body, ctype, headers)
        return self.url(path)

    def redirect(self, path: str, to: str, status: int = 302) -> str:
        return self.page(path, b"", status=status, ctype=None, headers={"Location": to})

    def route(self, path: str, handler: object) -> str:
        self.routes[path] = handler
        return self.url(path)

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()




class Feed:
    """A feed served with an ETag and a Last-Modified that change when its body does (``update``): a request that
    sends the current ETag back gets 304. ``answers`` counts what was sent (200 and 304)."""

    def __init__(self, body: str, ctype: str = "application/rss+xml; charset=utf-8"):
        self.body, self.ctype, self.version = body, ctype, 1
        self.modified = dt.datetime(2026, 11, 1, 12, 0, tzinfo=dt.UTC)
        self.answers: dict[int, int] = {}

    def update(self, body: str) -> None:
        self.body, self.version = body, self.version + 1
        self.modified += dt.timedelta(hours=1)

    def __call__(self, h) -> None:  # noqa: ANN001 - the Site's handler
        etag = f'"v{self.version}"'
        headers = {"ETag": etag, "Last-Modified": format_datetime(self.modified, usegmt=True)}
        status = 304 if h.headers.get("If-None-Match") == etag else 200
        self.answers[status] = self.answers.get(status, 0) + 1
        h.answer(status, b"" if status == 304 else self.body.encode(), self.ctype, headers)


def rss(items: list[dict], *, title: str = "Test news") -> str:
    """An RSS 2.0 feed of ``items`` (dicts with link, title, and optionally guid, date as a datetime, text)."""
    entries = []
    for i in items:
        parts = [f"<title>{escape(i.get('title') or '')}</title>"]
        if i.get("link"):
            parts.append(f"<link>{escape(i['link'])}</link>")
        if i.get("guid"):
            parts.append(f"<guid isPermaLink=\"false\">{escape(i['guid'])}</guid>")
        if i.get("date"):
            parts.append(f"<pubDate>{format_datetime(i['date'], usegmt=True)}</pubDate>")
        if i.get("text"):
            parts.append(f"<description>{escape(i['text'])}</description>")
        entries.append("<item>" + "".join(parts) + "</item>")
    return ('<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel>'
            f"<title>{escape(title)}</title><link>http://example.org/</link><description>news</description>"
            + "".join(entries) + "</channel></rss>")


def atom(items: list[dict], *, title: str = "Test news") -> str:
    """An Atom feed of ``items`` (as ``rss``; ``text`` becomes each entry's full content)."""
    entries = []
    for n, i in enumerate(items):
        when = (i.get("date") or dt.datetime(2026, 11, 1, tzinfo=dt.UTC)).isoformat()
        content = f"<content type=\"html\">{escape(i['text'])}</content>" if i.get("text") else ""
        link = f"<link href=\"{escape(i['link'])}\"/>" if i.get("link") else ""
        entries.append(f"<entry><id>{escape(i.get('guid') or f'urn:test:{n}')}</id><title>{escape(i.get('title') or '')}"
                       f"</title>{link}<updated>{when}</updated>{content}</entry>")
    return ('<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom">'
            f"<title>{escape(title)}</title><id>urn:test:feed</id><updated>2026-11-01T00:00:00Z</updated>"
            + "".join(entries) + "</feed>")


def opml(urls: list[str], *, title: str = "My feeds") -> str:
    outlines = "".join(f'<outline type="rss" text="feed {n}" xmlUrl="{escape(u)}"/>' for n, u in enumerate(urls))
    return (f'<?xml version="1.0"?><opml version="2.0"><head><title>{escape(title)}</title></head><body>'
            f'<outline text="news">{outlines}</outline></body></opml>')


def news_pages(shared: Path, n: int | None = None) -> list[dict]:
    """The first ``n`` of ``../shared/data/pages``' real pages: url, title, html."""
    out = []
    with gzip.open(shared / "pages" / "pages.jsonl.gz", "rt", encoding="utf-8") as fh:
        for line in fh:
            row = json.loads(line)
            out.append({"url": row["url"], "title": row.get("title") or "", "html": row["html"]})
            if n is not None and len(out) >= n:
                break
    return out
