"""Reading: one module per input format, each turning text into ``Article`` objects.

``read(path)`` picks the format from the file name, then from the content, unless
``input_format`` says; it yields one ``Article`` per story, or the ``HighlightsError``
that explains why a story could not be read, so that a batch goes on past a bad record.
"""
from __future__ import annotations

import gzip
import io
import itertools
import logging
import os
import stat
import sys
from collections.abc import Iterable, Iterator
from dataclasses import replace
from pathlib import Path

from ..document import Article
from ..errors import HighlightsError, InputError, SettingsError
from ..settings import Settings
from . import detect, html, jsonl, parquet, seed, story, text
from .fetch import Fetcher, is_url
from .source import DAMAGED, STDIN, decode, display_name, read_bytes, reason, require_text

__all__ = ["read", "read_all", "read_each", "read_lines", "expand", "from_text", "from_url", "stem", "FORMATS"]
FORMATS = detect.FORMATS
# Where a URL input was fetched from (the final address, the redirects) is said here; the CLI shows it on stderr.
FETCH_LOG = logging.getLogger("highlights.read.fetch")
_PARSERS = {"seed": seed.parse, "story": story.parse, "text": text.parse, "html": html.parse}


def expand(paths: Iterable[str]) -> Iterator[str | HighlightsError]:
    """Paths as given, with directories replaced by their readable files (recursive, sorted). What a
    directory holds that cannot be read is an error naming it, yielded before the files, not skipped in
    silence: a folder that cannot be listed, a link to nothing, a pipe or device with a story's name."""
    for path in paths:
        if path != STDIN and os.path.isdir(path):
            found, errors = _walk(Path(path))
            yield from sorted(errors, key=lambda e: e.source or "")
            if not found and not errors:
                yield InputError(f"holds no files ending in {', '.join(detect.SUFFIXES)}", source=path)
            yield from sorted(found)
        else:
            yield path


def _walk(folder: Path) -> tuple[list[str], list[HighlightsError]]:
    """The files under ``folder`` whose names end in a readable suffix, and an error for each thing there
    that cannot be read. Hidden names (a leading dot) are left out, and so are links to folders (followed,
    they could loop); both as ``Path.rglob`` did, which hid the errors this reports."""
    files: list[str] = []
    errors: list[HighlightsError] = []
    folders = [folder]
    while folders:
        current = folders.pop()
        try:
            with os.scandir(current) as listing:
                entries = list(listing)
        except OSError as exc:
            errors.append(InputError(f"cannot read this folder ({reason(exc)})", source=str(current)))
            continue
        for entry in entries:
            if entry.name.startswith("."):
                continue
            path = current / entry.name  # named as rglob named it: "./news" gives "news/a.txt"
            if entry.is_dir(follow_symlinks=False):
                folders.append(path)
            elif entry.name.lower().endswith(detect.SUFFIXES):
                if _regular(entry):
                    files.append(str(path))
                elif (problem := _not_readable(path)) is not None:
                    errors.append(InputError(problem, source=str(path)))
    return files, errors


def _regular(entry: os.DirEntry[str]) -> bool:
    """A regular file or a link to one; false where the link cannot be followed (``DirEntry.is_file``
    raises then; ``_not_readable`` says why)."""
    try:
        return entry.is_file()
    except OSError:
        return False


_KINDS = {stat.S_IFIFO: "a named pipe", stat.S_IFSOCK: "a socket", stat.S_IFCHR: "a character device",
          stat.S_IFBLK: "a block device"}


def _not_readable(path: Path) -> str | None:
    """Why ``path``, named like a story but not a regular file, is not read; None for a link to a folder,
    which the walk leaves alone without a word as before, and for a file gone since its folder was listed."""
    try:
        mode = os.stat(path).st_mode  # through the link, if it is one
    except FileNotFoundError:
        return f"a link to nothing (dangling symlink to {os.readlink(path)})" if path.is_symlink() else None
    except OSError as exc:
        if path.is_symlink():
            return f"a link that cannot be followed ({reason(exc)})"
        return f"cannot be read ({reason(exc)})"
    if stat.S_ISDIR(mode):
        return None
    return f"not a regular file ({_KINDS.get(stat.S_IFMT(mode), 'a special file')}); only files are read"


def stem(path: str) -> str:
    """The input's name without folder and format suffix: the article id for one-story files."""
    if path == STDIN:
        return "stdin"
    if is_url(path):
        parts = [p for p in path.split("?", 1)[0].split("#", 1)[0].split("/")[2:] if p]
        return (parts[-1] if len(parts) > 1 else parts[0] if parts else "page").removesuffix(".html") or "page"
    name = Path(path).name
    for suffix in sorted(detect.SUFFIXES, key=len, reverse=True):
        if name.lower().endswith(suffix):
            return name[: -len(suffix)] or name
    return Path(path).stem or name


def read_all(paths: Iterable[str], *, input_format: str | None = None,
             settings: Settings = Settings()) -> Iterator[Article | HighlightsError]:
    """Every article of every input (files, folders, ``-``, http(s) URLs), in order; a missing input or a bad
    record is yielded as its error and the rest are read."""
    for _, item in read_each(paths, input_format=input_format, settings=settings):
        yield item


def read_each(paths: Iterable[str], *, input_format: str | None = None,
              settings: Settings = Settings()) -> Iterator[tuple[str, Article | HighlightsError]]:
    """``read_all`` with the input each article came from ("" for an input that could not be expanded). The URLs
    share one HTTP client (and its robots.txt answers)."""
    from .fetch import Limits

    fetcher: Fetcher | None = None
    try:
        for path in expand(paths):
            if isinstance(path, HighlightsError):
                yield "", path
                continue
            if is_url(path) and fetcher is None:
                fetcher = Fetcher(Limits(max_bytes=settings.max_bytes, allow_private=True))
            for item in read(path, input_format=input_format, settings=settings, fetcher=fetcher):
                yield path, item
    finally:
        if fetcher is not None:
            fetcher.close()


def read(path: str, *, input_format: str | None = None, settings: Settings = Settings(),
         fetcher: Fetcher | None = None) -> Iterator[Article | HighlightsError]:
    """Every article in ``path`` (a file, ``-`` for stdin, or an http(s) URL, fetched with ``fetcher`` when one
    is given), or the error that stopped it."""
    if input_format is not None and input_format not in FORMATS:
        raise SettingsError(f"unknown input format {input_format!r}; choose one of {', '.join(FORMATS)}")
    name = display_name(path)
    if is_url(path):
        try:
            yield from_url(path, input_format=input_format, settings=settings, allow_private=True, fetcher=fetcher)
        except HighlightsError as exc:
            yield exc
        return
    try:
        fmt = input_format or (detect.by_name(path) if path != STDIN else None)
        if fmt == "jsonl":
            yield from _read_jsonl(path, settings)
            return
        if fmt == "parquet":
            yield from parquet.rows(name, settings=settings)
            return
        data = read_bytes(path, max_bytes=settings.max_bytes)
        if data.startswith(parquet.MAGIC) and fmt is None and path != STDIN:
            yield from parquet.rows(name, settings=settings)
            return
        if data.startswith(b"\x1f\x8b") and fmt is None:
            yield from _read_jsonl(path, settings, data=data)
            return
        content = decode(data, source=name)
        require_text(content, source=name)
        fmt = fmt or detect.by_content(content)
        if fmt == "jsonl":
            yield from _read_jsonl(path, settings, data=data)
            return
        yield _PARSERS[fmt](content, id=stem(path), source=name)
    except HighlightsError as exc:
        yield exc


def _read_jsonl(path: str, settings: Settings, data: bytes | None = None) -> Iterator[Article | HighlightsError]:
    """Stream a JSONL(.gz) corpus line by line: the size limit applies to each record, not the file."""
    name = display_name(path)
    if data is None and path != STDIN:
        if not os.path.isfile(path):
            read_bytes(path, max_bytes=0)  # raises the right "missing" / "is a directory" error
        try:
            with open(path, "rb") as fh:
                gzipped = fh.read(2) == b"\x1f\x8b"
            with (gzip.open if gzipped else open)(path, "rb") as fh:
                yield from _jsonl_records(fh, name, settings)
        except OSError as exc:
            raise InputError(f"cannot be read ({exc.strerror or exc})", source=name) from None
        return
    if data is None:
        data = sys.stdin.buffer.read()
    raw = gzip.GzipFile(fileobj=io.BytesIO(data)) if data.startswith(b"\x1f\x8b") else io.BytesIO(data)
    yield from _jsonl_records(raw, name, settings)


def read_lines(path: str, *, first: int, count: int, offset: int | None = None,
               settings: Settings = Settings()) -> Iterator[Article | HighlightsError]:
    """The articles on lines ``first`` … ``first + count - 1`` (1-based) of a JSON Lines file (gzipped or
    not), numbered as ``read`` numbers them. ``offset``, the byte offset of line ``first`` in a plain file,
    saves reading the lines before it; a gzipped file is decompressed from its start."""
    name = display_name(path)
    try:
        with open(path, "rb") as fh:
            gzipped = fh.read(2) == b"\x1f\x8b"
        with (gzip.open if gzipped else open)(path, "rb") as fh:
            if offset is not None and not gzipped:
                fh.seek(offset)
            else:
                for _ in itertools.islice(fh, first - 1):
                    pass
            yield from _jsonl_records(itertools.islice(fh, count), name, settings, start=first)
    except DAMAGED as exc:  # (opening it, or a gzip stream damaged before line ``first``)
        yield InputError(f"cannot be read ({reason(exc)})", source=name)


def _jsonl_records(fh, name: str, settings: Settings, start: int = 1) -> Iterator[Article | HighlightsError]:
    def lines():
        number = start - 1
        try:
            for number, raw in enumerate(fh, start):
                try:
                    yield number, decode(raw, source=f"{name}:{number}")
                except HighlightsError as exc:
                    yield number, exc
        except DAMAGED as exc:
            yield number + 1, InputError(f"cannot be read past line {number} ({reason(exc)}); is the gzip file "
                                         "complete?", source=name)

    yield from jsonl.parse_lines(lines(), source=name, text_field=settings.text_field,
                                 reference_field=settings.reference_field, max_bytes=settings.max_bytes)


def from_text(content: str, *, id: str = "text", input_format: str | None = None, title: str | None = None,
              source: str = "<text>") -> Article:
    """An Article from a string (plain text, seed form, .story or HTML), for library and service use."""
    require_text(content, source=source)
    fmt = input_format or detect.by_content(content)
    if fmt in ("jsonl", "parquet"):
        raise SettingsError(f"a {fmt} input holds many articles; use read() on a file instead")
    article = _PARSERS[fmt](content, id=id, source=source)
    if title and not article.title:
        article = replace(article, title=title)
    return article


def from_url(url: str, *, settings: Settings = Settings(), allow_private: bool = False,
             input_format: str | None = None, deadline: float | None = None,
             fetcher: Fetcher | None = None) -> Article:
    """The article on the web page at ``url``, read as an HTML file is (a plain-text page as text), with the final
    URL as its source. ``allow_private=False`` (the default, the service's) refuses local and private addresses;
    the CLI allows them. ``deadline``: seconds the fetch may take in all. ``fetcher``: a kept client (its own
    limits then apply; ``follow`` keeps one for a round). Raises ``FetchError`` and the readers' errors."""
    from .fetch import Limits, fetch

    if fetcher is not None:
        page = fetcher.fetch(url)
    else:
        limits = Limits(max_bytes=settings.max_bytes, allow_private=allow_private)
        if deadline is not None:
            limits = replace(limits, total_timeout=max(0.1, deadline), read_timeout=min(limits.read_timeout, deadline),
                             connect_timeout=min(limits.connect_timeout, deadline))
        page = fetch(url, limits)
    if page.redirects:
        FETCH_LOG.info("fetched %s (redirected: %s)", page.url, " -> ".join((*page.redirects, page.url)))
    else:
        FETCH_LOG.info("fetched %s", page.url)
    require_text(page.text, source=page.url)
    fmt = input_format or ("html" if page.content_type != "text/plain" else detect.by_content(page.text))
    if fmt in ("jsonl", "parquet"):  # a page is one story, whatever its first line looks like
        if input_format is not None:
            raise SettingsError(f"a URL is read as one page, not as {fmt}; leave out --input-format")
        fmt = "text"
    return _PARSERS[fmt](page.text, id=stem(url), source=page.url)
