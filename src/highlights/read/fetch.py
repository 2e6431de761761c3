"""Fetching one web page that a user named as an input, with every limit checked on the way.

``fetch(url)`` follows redirects by hand (each hop checked), refuses a page over the size cap while it streams in,
reads only HTML and plain text, honours robots.txt (RFC 9309: unreachable or a 4xx means allowed, a 5xx means
disallowed) and decodes the body by its declared charset, else its ``<meta charset>``, else UTF-8. A feed is fetched
the same way with its own content types and, when its last answer's ETag or Last-Modified is given, conditionally
(a 304 is ``Fetched.not_modified``); ``Limits.delay`` spaces two requests to one host. With
``allow_private=False`` (the service) every address a host resolves to must be public, and the connection goes to
the address that was checked (the original Host header and TLS name are still sent), so a DNS answer that changes
between the check and the connection cannot reach an internal address. Every failure is a ``FetchError`` whose
``reason`` names the check.
"""
from __future__ import annotations

import codecs
import ipaddress
import re
import socket
import time
from dataclasses import dataclass
from typing import TYPE_CHECKING
from urllib.parse import urljoin

from ..errors import FetchError
from ..version import __version__

if TYPE_CHECKING:
    import ssl
    from urllib.robotparser import RobotFileParser

    import httpx

USER_AGENT = f"Highlights/{__version__} (news article summarizer)"
ROBOTS_AGENT = "Highlights"  # the token robots.txt groups are matched against
TYPES = ("text/html", "application/xhtml+xml", "text/plain")
PAGE_ACCEPT = "text/html,application/xhtml+xml,text/plain;q=0.9"
# what a feed may be served as (many servers send RSS as text/xml, some as text/html or text/plain: the parser decides)
FEED_TYPES = ("application/rss+xml", "application/atom+xml", "application/rdf+xml", "application/xml", "text/xml",
              "application/x-rss+xml", "application/feed+xml", "text/x-opml", "application/x-opml+xml",
              "text/x-opml+xml", *TYPES)
FEED_ACCEPT = "application/rss+xml,application/atom+xml,application/xml;q=0.9,text/xml;q=0.9,*/*;q=0.5"
MAX_RETRY_AFTER = 86_400.0  # a Retry-After further away than a day is read as a day
METADATA = {ipaddress.ip_address("169.254.169.254"), ipaddress.ip_address("fd00:ec2::254")}
ROBOTS_MAX_BYTES = 500_000
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([a-zA-Z0-9_.:-]+)""", re.IGNORECASE)


def is_url(text: str) -> bool:
    """Whether an input names a web page rather than a file."""
    return text[:8].lower().startswith(("http://", "https://"))


@dataclass(frozen=True)
class Limits:
    """How long, how much and how far one fetch may go."""

    connect_timeout: float = 10.0
    read_timeout: float = 20.0  # between two reads of the socket
    total_timeout: float = 60.0  # the whole fetch, robots.txt and redirects included
    max_bytes: int = 5_000_000  # the body, as decompressed; the same default as Settings.max_bytes
    max_redirects: int = 5
    allow_private: bool = False  # True: loopback and private addresses may be fetched (a user's own server)
    robots: bool = True
    delay: float = 0.0  # seconds between the start of two requests to one host (a feed reader's politeness)
    ca_file: str | None = None  # certificates to trust for https (a PEM file) instead of the system's


@dataclass(frozen=True)
class Fetched:
    """A page as fetched: where it ended up, and its text."""

    url: str  # the final URL, after redirects
    status: int
    content_type: str  # the media type, without parameters ("text/html")
    text: str
    length: int  # body bytes read
    redirects: tuple[str, ...] = ()  # the URLs that redirected, in order (the one asked for first)
    etag: str | None = None  # what to send back next time for a conditional GET
    last_modified: str | None = None

    @property
    def not_modified(self) -> bool:
        """A conditional GET answered 304: nothing changed since the validators sent (``text`` is empty)."""
        return self.status == 304


def resolve(host: str, port: int) -> list[str]:
    """Every address ``host`` resolves to (tests replace this function, so no test reaches a name server)."""
    infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    return list(dict.fromkeys(str(info[4][0]) for info in infos))


def blocked(address: str) -> str | None:
    """Why ``address`` may not be fetched from the service (its kind: "loopback", "private", ...), or None."""
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    if ip in METADATA:
        return "cloud metadata"
    for kind in ("loopback", "unspecified", "link_local", "multicast", "private", "reserved"):
        if getattr(ip, f"is_{kind}"):
            return kind.replace("_", "-")
    return None if ip.is_global else "not public"


class Fetcher:
    """One HTTP client and its robots.txt answers, kept for the fetches of one run."""

    def __init__(self, limits: Limits = Limits()):
        self.limits = limits
        self._client: httpx.Client | None = None
        self._robots: dict[str, RobotFileParser] = {}
        self._last: dict[str, float] = {}  # host -> when its latest request started (``Limits.delay``)

    def close(self) -> None:
        if self._client is not None:
            self._client.close()
            self._client = None

    def __enter__(self) -> Fetcher:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @property
    def client(self) -> httpx.Client:
        if self._client is None:
            import httpx  # imported here: only a URL input needs it

            lim = self.limits
            verify: ssl.SSLContext | bool = True
            if lim.ca_file:
                import ssl

                verify = ssl.create_default_context(cafile=lim.ca_file)
            self._client = httpx.Client(
                verify=verify,
                # no connection kept between requests: each goes to the address checked for it, with its own TLS name
                follow_redirects=False, trust_env=False, limits=httpx.Limits(max_keepalive_connections=0),
                timeout=httpx.Timeout(lim.read_timeout, connect=lim.connect_timeout),
                headers={"User-Agent": USER_AGENT, "Accept": PAGE_ACCEPT})
        return self._client

    def fetch(self, url: str, *, types: tuple[str, ...] = TYPES, accept: str = PAGE_ACCEPT, etag: str | None = None,
              last_modified: str | None = None) -> Fetched:
        """The page at ``url``, or the ``FetchError`` that says which check it failed. ``types``: the content
        types it may have (a feed's are ``FEED_TYPES``); ``etag`` / ``last_modified``: the validators of the
        previous answer, sent for a conditional GET (a 304 comes back as ``Fetched.not_modified``)."""
        deadline = time.monotonic() + self.limits.total_timeout
        sent = {"Accept": accept}
        if etag:
            sent["If-None-Match"] = etag
        if last_modified:
            sent["If-Modified-Since"] = last_modified
        chain: list[str] = []
        current = url
        source = url if url.isprintable() else ascii(url)  # the error stays one line whatever the URL holds
        while True:
            if self.limits.robots:
                self._check_robots(current, source=source, deadline=deadline)
            status, headers, body, received = self._get(current, source=source, deadline=deadline,
                                                        max_bytes=self.limits.max_bytes, types=types, headers=sent)
            if status in (301, 302, 303, 307, 308):
                location = headers.get("location")
                if not location:
                    raise FetchError(f"HTTP {status} redirect without a Location header", source=source,
                                     reason="http_status")
                chain.append(current)
                if len(chain) > self.limits.max_redirects:
                    raise FetchError(f"more than {self.limits.max_redirects} redirects (last to {location}); "
                                     "is it a redirect loop?", source=source, reason="too_many_redirects")
                current = urljoin(current, location)
                continue
            validators = {"etag": headers.get("etag"), "last_modified": headers.get("last-modified")}
            if status == 304 and (etag or last_modified):
                return Fetched(url=current, status=304, content_type="", text="", length=0, redirects=tuple(chain),
                               etag=validators["etag"] or etag, last_modified=validators["last_modified"] or last_modified)
            _check_status(status, headers, source=source)
            mime, charset = _media_type(headers.get("content-type", ""))
            return Fetched(url=current, status=status, content_type=mime or "text/html",
                           text=decode_page(body, charset), length=received, redirects=tuple(chain), **validators)

    # ------------------------------------------------------------------ one request

    def _get(self, url: str, *, source: str, deadline: float, max_bytes: int, types: tuple[str, ...] | None,
             headers: dict[str, str] | None = None) -> tuple[int, dict[str, str], bytes, int]:
        """One GET of ``url`` to a checked address: status, headers (lower-case names), body, bytes read. The
        content type is checked against ``types`` (None: any) before the body is read; a redirect's body is not
        read."""
        import httpx

        parsed = _parse(url, source=source)
        if parsed.scheme not in ("http", "https"):
            raise FetchError(f"cannot fetch a {parsed.scheme or 'relative'}: URL ({url}); only http:// and "
                             "https:// are read", source=source, reason="scheme")
        host = parsed.host
        if not host:
            raise FetchError(f"no host in {url}; give a full address such as https://example.com/page",
                             source=source, reason="scheme")
        port = parsed.port or (443 if parsed.scheme == "https" else 80)
        addresses = self._addresses(host, port, source=source)
        if types is not None:  # (robots.txt is read just before a site's first page: one visit, not two)
            self._wait_turn(host, deadline)
        last: Exception | None = None
        for address in addresses:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                break
            try:
                request = self.client.build_request(
                    "GET", parsed.copy_with(host=address),
                    headers={**(headers or {}), "Host": parsed.netloc.decode("ascii")},
                    extensions={"sni_hostname": host, "timeout": _timeouts(self.limits, remaining)})
                return self._send(request, url=url, source=source, deadline=deadline, max_bytes=max_bytes,
                                  types=types)
            except (httpx.ConnectError, httpx.InvalidURL) as exc:  # (an address httpx cannot write: the next one)
                last = exc
            except httpx.TimeoutException:
                raise FetchError(f"timed out fetching {url} (no answer within the time limit)", source=source,
                                 reason="timeout") from None
            except httpx.HTTPError as exc:
                raise FetchError(f"could not fetch {url}: {_why(exc)}", source=source, reason="unreachable") from None
        if last is None:
            raise FetchError(f"timed out fetching {url} (over {self.limits.total_timeout:g} s in all)", source=source,
                             reason="timeout")
        raise FetchError(f"cannot connect to {host} ({_why(last)}); check the address", source=source,
                         reason="unreachable")

    def _send(self, request: httpx.Request, *, url: str, source: str, deadline: float, max_bytes: int,
              types: tuple[str, ...] | None) -> tuple[int, dict[str, str], bytes, int]:
        response = self.client.send(request, stream=True)
        try:
            headers = {k.lower(): v for k, v in response.headers.items()}
            status = response.status_code
            if 300 <= status < 400 or status >= 400:
                return status, headers, b"", 0  # a redirect or a failure: its body is never read
            if types is not None:
                _check_type(headers.get("content-type", ""), types, url=url, source=source)
            declared = headers.get("content-length", "")
            if declared.isdigit() and int(declared) > max_bytes:
                raise FetchError(f"{url} is {int(declared):,} bytes, over the size limit of {max_bytes:,}; raise it "
                                 "(--max-bytes, HIGHLIGHTS_MAX_BYTES)", source=source, reason="too_large")
            chunks: list[bytes] = []
            received = 0
            for chunk in response.iter_bytes(65_536):
                received += len(chunk)
                if received > max_bytes:
                    raise FetchError(f"{url} is larger than the size limit of {max_bytes:,} bytes (stopped after "
                                     f"{received:,}); raise it (--max-bytes, HIGHLIGHTS_MAX_BYTES)", source=source,
                                     reason="too_large", received=received)
                if time.monotonic() > deadline:
                    raise FetchError(f"timed out reading {url} (over {self.limits.total_timeout:g} s in all)",
                                     source=source, reason="timeout", received=received)
                chunks.append(chunk)
            return status, headers, b"".join(chunks), received
        finally:
            response.close()

    def _wait_turn(self, host: str, deadline: float) -> None:
        """Wait until ``Limits.delay`` has passed since the last request to ``host`` started (never past the
        fetch's deadline), then note this one."""
        if self.limits.delay > 0:
            wait = self._last.get(host, float("-inf")) + self.limits.delay - time.monotonic()
            if wait > 0:
                time.sleep(min(wait, max(0.0, deadline - time.monotonic())))
        self._last[host] = time.monotonic()

    def _addresses(self, host: str, port: int, *, source: str) -> list[str]:
        """The addresses to connect to: all of them checked when private ones are not allowed."""
        try:
            ipaddress.ip_address(host)
            addresses = [host]
        except ValueError:
            try:
                addresses = resolve(host, port)
            except (OSError, UnicodeError) as exc:
                raise FetchError(f"cannot resolve the host name {host} ({_why(exc)}); check the address",
                                 source=source, reason="unreachable") from None
        if not addresses:
            raise FetchError(f"the host name {host} has no address", source=source, reason="unreachable")
        if not self.limits.allow_private:
            for address in addresses:
                kind = blocked(address)
                if kind is not None:
                    what = f"{address} is" if address == host else f"{host} resolves to {address},"
                    raise FetchError(f"{what} a {kind} address, which this server does not fetch from; give a public "
                                     "page's address", source=source, reason="blocked_address")
        return addresses

    # ------------------------------------------------------------------ robots.txt

    def _check_robots(self, url: str, *, source: str, deadline: float) -> None:
        parsed = _parse(url, source=source)
        if parsed.scheme not in ("http", "https"):
            return  # _get says why
        origin = f"{parsed.scheme}://{parsed.netloc.decode('ascii')}"
        rules = self._robots.get(origin)
        if rules is None:
            rules = self._robots[origin] = self._read_robots(origin, source=source, deadline=deadline)
        if not rules.can_fetch(ROBOTS_AGENT, url):
            raise FetchError(f"{origin}/robots.txt does not allow fetching {url}; save the page and pass the file "
                             "instead", source=source, reason="robots")

    def _read_robots(self, origin: str, *, source: str, deadline: float) -> RobotFileParser:
        """The robots.txt rules of ``origin``; an unreachable or missing file allows all, a server error none."""
        from urllib.robotparser import RobotFileParser

        rules = RobotFileParser()
        url = f"{origin}/robots.txt"
        body = b""
        for _ in range(self.limits.max_redirects + 1):
            try:
                status, headers, body, _n = self._get(url, source=source, deadline=deadline,
                                                      max_bytes=ROBOTS_MAX_BYTES, types=None)
            except FetchError as exc:
                if exc.reason == "blocked_address":
                    raise
                status = 404  # unreachable, too big, timed out: as if there were none
            if status in (301, 302, 303, 307, 308) and headers.get("location"):
                url = urljoin(url, headers["location"])
                continue
            break
        else:
            status = 404
        if 200 <= status < 300:
            lines = body.decode("utf-8", errors="replace").splitlines()
        elif status >= 500:
            lines = ["User-agent: *", "Disallow: /"]
        else:
            lines = []
        rules.parse(lines)
        rules.modified()  # (can_fetch refuses everything from rules it thinks were never read)
        return rules


def fetch(url: str, limits: Limits = Limits()) -> Fetched:
    """The page at ``url`` with a client of its own (``Fetcher`` keeps one for many pages)."""
    with Fetcher(limits) as fetcher:
        return fetcher.fetch(url)


def _parse(url: str, *, source: str) -> httpx.URL:
    """``url`` as httpx reads it; one it cannot read is a ``FetchError``, not httpx's own exception."""
    import httpx

    try:
        return httpx.URL(url)
    except (httpx.InvalidURL, TypeError, ValueError) as exc:
        raise FetchError(f"{url!r} is not a valid URL ({_why(exc)}); give a full address such as "
                         "https://example.com/page", source=source, reason="scheme") from None


def decode_page(body: bytes, charset: str | None) -> str:
    """The page's text: by the charset its header declares, else its ``<meta charset>``, else UTF-8; bytes that
    do not decode become U+FFFD rather than failing the page."""
    if body.startswith(codecs.BOM_UTF8):
        return body[3:].decode("utf-8", errors="replace")
    for name in (charset, _meta_charset(body)):
        if name:
            try:
                return body.decode(codecs.lookup(name).name, errors="replace")
            except LookupError:
                continue
    return body.decode("utf-8", errors="replace")


def _meta_charset(body: bytes) -> str | None:
    m = _META_CHARSET.search(body[:4096])
    return m.group(1).decode("ascii") if m else None


def _media_type(header: str) -> tuple[str, str | None]:
    """``text/html; charset=ISO-8859-1`` → ("text/html", "ISO-8859-1")."""
    parts = header.split(";")
    charset = None
    for param in parts[1:]:
        key, _, value = param.partition("=")
        if key.strip().lower() == "charset":
            charset = value.strip().strip("\"'") or None
    return parts[0].strip().lower(), charset


def _check_type(header: str, types: tuple[str, ...], *, url: str, source: str) -> None:
    mime, _ = _media_type(header)
    if not mime or mime in types:
        return  # no type given: the reader tells HTML from text (or the feed parser a feed) itself
    what = ("a PDF (application/pdf)" if mime == "application/pdf" else f"an image ({mime})"
            if mime.startswith("image/") else mime)
    if types is TYPES:
        raise FetchError(f"{url} is {what}, not a web page; only HTML and plain-text pages are read "
                         "(save it and convert it to text first)", source=source, reason="content_type")
    raise FetchError(f"{url} is {what}, not a feed; give the address of an RSS or Atom feed or an OPML list",
                     source=source, reason="content_type")


def _check_status(status: int, headers: dict[str, str], *, source: str) -> None:
    if 200 <= status < 300:
        return
    if status in (404, 410):
        gone = "not found" if status == 404 else "gone"
        raise FetchError(f"the page is {gone} (HTTP {status}); check the address", source=source,
                         reason="http_status", status=status)
    wait = retry_after(headers.get("retry-after")) if status in (429, 503) else None
    later = f"try again in {wait:g} s" if wait is not None else "try again later"
    if status == 429:
        raise FetchError(f"the server asks for fewer requests (HTTP 429); {later}", source=source,
                         reason="http_status", status=status, retry_after=wait)
    if status >= 500:
        raise FetchError(f"the server failed (HTTP {status}); {later}", source=source, reason="http_status",
                         status=status, retry_after=wait)
    raise FetchError(f"the server refused the page (HTTP {status})", source=source, reason="http_status",
                     status=status)


def retry_after(value: str | None, *, now: float | None = None) -> float | None:
    """Seconds to wait from a Retry-After header (RFC 9110: whole seconds, or an HTTP date); None when it is
    missing or unreadable; at most ``MAX_RETRY_AFTER``."""
    if not value or not value.strip():
        return None
    value = value.strip()
    if value.isdigit():
        return min(float(value), MAX_RETRY_AFTER)
    from email.utils import parsedate_to_datetime

    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if when.tzinfo is None:
        return None
    return min(max(0.0, when.timestamp() - (time.time() if now is None else now)), MAX_RETRY_AFTER)


def _timeouts(limits: Limits, remaining: float) -> dict[str, float]:
    """httpx's per-request timeouts, none longer than what is left of the whole fetch."""
    return {"connect": min(limits.connect_timeout, remaining), "read": min(limits.read_timeout, remaining),
            "write": min(limits.read_timeout, remaining), "pool": min(limits.connect_timeout, remaining)}


def _why(exc: BaseException) -> str:
    return " ".join(str(exc).split()) or type(exc).__name__
