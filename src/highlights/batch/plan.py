"""Cut the inputs into parts: the unit of work, of output and of resuming.

Inputs are named by absolute path, since workers may run elsewhere. A part is up to ``batch_size``
articles from one input: a range of lines of a JSON Lines file, a range
of rows of a Parquet file, or a run of one-story files (text, seed, .story, HTML) in walk order. The
plan depends only on the inputs and ``batch_size``, so a rerun with the same arguments cuts the same
parts with the same names, and a part written twice is written the same.
"""
from __future__ import annotations

import gzip
import hashlib
import json
import os
from collections.abc import Iterable, Iterator
from dataclasses import asdict, dataclass

from ..errors import HighlightsError, InputError
from ..read import detect, expand, parquet
from ..read.fetch import is_url
from ..read.source import DAMAGED, STDIN, reason

KINDS = ("jsonl", "parquet", "files")


@dataclass(frozen=True)
class Part:
    """One part: ``kind`` says how ``source`` is sliced.

    jsonl: lines ``first`` … ``first + count - 1`` (1-based; ``offset`` is the byte offset of line
    ``first`` in a plain file, None when gzipped); parquet: rows ``first`` … (0-based); files: ``files``.
    ``articles`` is how many records the part holds (for files, one per file).
    """

    name: str
    kind: str
    source: str
    first: int = 0
    count: int = 0
    offset: int | None = None
    files: tuple[str, ...] = ()
    articles: int = 0

    def to_json(self) -> str:
        return json.dumps(asdict(self))

    @classmethod
    def from_json(cls, raw: str) -> Part:
        d = json.loads(raw)
        return cls(**{**d, "files": tuple(d["files"])})


@dataclass(frozen=True)
class Plan:
    parts: list[Part]
    errors: list[HighlightsError]  # inputs that could not be planned (missing, unreadable): reported, not fatal
    fingerprint: str  # sha256 of the inputs' names, sizes and modification times and of the cut


def plan(paths: Iterable[str], *, batch_size: int, input_format: str | None = None) -> Plan:
    """The parts of ``paths`` (files, folders and pages' URLs; folders are walked as ``summarize`` walks them)."""
    parts: list[Part] = []
    errors: list[HighlightsError] = []
    digest = hashlib.sha256(f"batch-size {batch_size} format {input_format}\n".encode())
    files: list[str] = []

    def name() -> str:
        return f"part-{len(parts):06d}"

    def flush_files() -> None:
        while files:
            run, files[:] = files[:batch_size], files[batch_size:]
            parts.append(Part(name(), "files", run[0], files=tuple(run), count=len(run), articles=len(run)))

    for given in expand(list(paths)):
        if isinstance(given, HighlightsError):
            errors.append(given)
            continue
        if given == STDIN:
            errors.append(InputError("a batch reads files, not stdin (it must read them again to resume); "
                                     "save the input to a file first", source="<stdin>"))
            continue
        if is_url(given):  # a page, fetched where its part runs (the URL is all a resumed run compares)
            digest.update(f"{given}\n".encode())
            files.append(given)
            continue
        path = os.path.abspath(given)  # workers (Ray actors above all) may run in another folder
        try:
            st = os.stat(path)
        except OSError as exc:
            errors.append(InputError(f"cannot be read ({exc.strerror or exc}); check the path", source=path))
            continue
        digest.update(f"{path}\t{st.st_size}\t{st.st_mtime_ns}\n".encode())
        kind = input_format or detect.by_name(path)
        if kind == "jsonl":
            flush_files()
            try:
                for first, count, offset, articles in _jsonl_ranges(path, batch_size):
                    parts.append(Part(name(), "jsonl", path, first, count, offset, articles=articles))
            except HighlightsError as exc:
                errors.append(exc)
        elif kind == "parquet":
            flush_files()
            try:
                rows = parquet.count(path)
            except HighlightsError as exc:
                errors.append(exc)
                continue
            for first in range(0, rows, batch_size):
                n = min(batch_size, rows - first)
                parts.append(Part(name(), "parquet", path, first, n, articles=n))
        else:
            files.append(path)
    flush_files()
    for p in parts:
        digest.update(f"{p.name}\t{p.kind}\t{p.source}\t{p.first}\t{p.count}\t{len(p.files)}\n".encode())
    return Plan(parts, errors, digest.hexdigest())


def _jsonl_ranges(path: str, batch_size: int) -> Iterator[tuple[int, int, int | None, int]]:
    """(first line, lines, byte offset or None, records) for each run of ``batch_size`` non-blank lines."""
    try:
        with open(path, "rb") as fh:
            gzipped = fh.read(2) == b"\x1f\x8b"
        with (gzip.open if gzipped else open)(path, "rb") as fh:
            offset = start_offset = 0
            first = number = records = 0
            damaged: BaseException | None = None
            try:
                for number, raw in enumerate(fh, 1):
                    if raw.strip():
                        if records == 0:
                            first, start_offset = number, offset
                        records += 1
                        if records == batch_size:
                            yield first, number - first + 1, None if gzipped else start_offset, records
                            records = 0
                    offset += len(raw)
            except DAMAGED as exc:
                damaged = exc
            if records:  # the last, shorter part (or the lines before the damage)
                yield first, number - first + 1, None if gzipped else start_offset, records
            if damaged is not None:
                raise InputError(f"cannot be read past line {number} ({reason(damaged)}); is the gzip file complete? "
                                 "The lines before it are summarized", source=path)
    except OSError as exc:
        raise InputError(f"cannot be read ({exc.strerror or exc}); check its permissions", source=path) from None
