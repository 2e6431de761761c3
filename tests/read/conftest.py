"""Damaged inputs, as disks and interrupted copies leave them, for the readers' tests and the batch tests; and a web
server on loopback (``Site``) for the fetching tests."""
from __future__ import annotations

import gzip
import os
from pathlib import Path

import pytest

STORY = "(CNN)Rain fell all day on Monday in Leeds. Roads across the city flooded by noon. Schools stayed shut."


def parquet_file(path: Path, rows: int, *, group: int) -> Path:
    """A Parquet file of ``rows`` articles with the JSON Lines fields as columns (``id`` r1, r2, …,
    ``article``, ``highlights``), in row groups of ``group`` rows."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    ids = [f"r{i}" for i in range(1, rows + 1)]
    pq.write_table(pa.table({"id": ids, "article": [STORY.replace("Monday", f"day {i}") for i in ids],
                             "highlights": [["Rain in Leeds"]] * rows}), path, row_group_size=group)
    return path


def damage_row_group(path: Path, group: int, column: str = "article") -> None:
    """Overwrite ``column``'s bytes in row group ``group`` (0-based) with 0xff, as a bad disk block would:
    the footer stays whole, so the file opens, its rows are counted, and only that group fails to read."""
    import pyarrow.parquet as pq

    meta = pq.ParquetFile(path).metadata.row_group(group)
    chunk = next(meta.column(i) for i in range(meta.num_columns) if meta.column(i).path_in_schema == column)
    with open(path, "r+b") as fh:
        fh.seek(chunk.dictionary_page_offset or chunk.data_page_offset)
        fh.write(b"\xff" * chunk.total_compressed_size)


def gzip_broken_after(text: str) -> bytes:
    """``text`` gzipped, followed by a gzip member whose deflate stream is invalid: reading past ``text``
    raises ``zlib.error`` (not an OSError, as a bad CRC or a cut file does)."""
    bad = bytearray(gzip.compress(b"lost lines\n"))
    bad[10] = 0x07  # the first deflate block's type: 0b11 is reserved, "invalid block type"
    return gzip.compress(text.encode()) + bytes(bad)


def unreadable(monkeypatch, folder: Path) -> None:
    """Make ``folder`` unreadable to ``os.scandir``, as ``chmod 000`` does for anyone but root (the tests may
    run as root, who reads it anyway)."""
    real = os.scandir

    def scandir(path="."):
        if os.path.abspath(path) == os.path.abspath(folder):
            raise PermissionError(13, "Permission denied", str(path))
        return real(path)

    monkeypatch.setattr(os, "scandir", scandir)


class Site:
    """A web server on loopback for the fetching tests: ``page`` serves a fixed answer at a path, ``route`` a
    handler of its own; ``requests`` lists (path, headers) as they came, ``sent`` what the handlers counted."""

    def __init__(self, host: str = "127.0.0.1"):
        import threading
        from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

        site = self
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
        self.server.daemon_threads = True
        self.port = self.server.server_address[1]
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def url(self, path: str = "/", host: str = "127.0.0.1") -> str:
        return f"http://{host}:{self.port}{path}"

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


@pytest.fixture
def site():
    """A ``Site`` on 127.0.0.1, shut down after the test."""
    s = Site()
    yield s
    s.close()
