"""Parquet tables, one article per row, with the same fields as JSON Lines (``article``, ``id``, ...).

Rows are read a row group at a time, so a table of any size streams; ``rows(path, first=, count=)``
reads one slice (the batch runner's part) touching only the row groups it overlaps. A row group that
cannot be read (a damaged disk block, a bad copy) is one error naming its rows; the others are read.
"""
from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from ..document import Article
from ..errors import FormatError, HighlightsError, InputError
from ..settings import Settings
from .jsonl import parse_record
from .source import reason

MAGIC = b"PAR1"
EXTRA_FIELDS = ("id", "title", "date")


def _open(path: str) -> Any:
    try:
        import pyarrow.parquet as pq
    except ImportError:  # pragma: no cover - pyarrow is a dependency of the batch extra
        raise InputError("reading Parquet needs pyarrow: pip install 'highlights[batch]'", source=path) from None
    try:
        return pq.ParquetFile(path)
    except FileNotFoundError:
        raise InputError("no such file or directory; check the path", source=path) from None
    except _damaged() as exc:
        raise InputError(f"is not a readable Parquet file ({reason(exc)})", source=path) from None


def _damaged() -> tuple[type[Exception], ...]:
    """What pyarrow raises on a damaged file: OSError (I/O, a page header or compressed data it cannot
    decode), its own ArrowException family (ArrowInvalid is also a ValueError, ArrowNotImplementedError a
    NotImplementedError, …), and ValueError for a string that is not UTF-8."""
    import pyarrow as pa

    return (OSError, ValueError, pa.ArrowException)


def _records(group: Any) -> list[dict[str, Any]]:
    """A row group's rows as dicts. Arrow's dates reach far beyond Python's years 1..9999, and one such date
    stops the whole group from becoming Python objects: then the ``date`` column is read value by value, and a
    date Python cannot hold is missing, as any date outside the range is (``document.checked_date``)."""
    try:
        records: list[dict[str, Any]] = group.to_pylist()
        return records
    except (OverflowError, ValueError):
        if "date" not in group.column_names:
            raise
        dates = [_date(value) for value in group.column("date")]
        return [{**row, "date": d} for row, d in zip(group.drop_columns(["date"]).to_pylist(), dates)]


def _date(value: Any) -> Any:
    try:
        return value.as_py()
    except (OverflowError, ValueError):  # year 0 or 10000 and on: no date of Python's
        return None


def count(path: str) -> int:
    """The number of rows, from the file's footer alone."""
    return int(_open(path).metadata.num_rows)


def rows(path: str, *, settings: Settings = Settings(), first: int = 0, count: int | None = None
         ) -> Iterator[Article | HighlightsError]:
    """An Article (or the row's error) for rows ``first`` … ``first + count - 1`` (0-based; all by default).

    Errors name the row as ``FILE:row N`` (1-based, like JSON Lines' line numbers), which is also the
    id of a row without an ``id`` column."""
    try:
        table = _open(path)
    except HighlightsError as exc:
        yield exc
        return
    names = set(table.schema_arrow.names)
    if settings.text_field not in names:
        yield FormatError(f"has no column {settings.text_field!r} (columns: {', '.join(sorted(names)[:8])}); "
                          "choose it with --text-field", source=path)
        return
    columns = [c for c in (settings.text_field, settings.reference_field, *EXTRA_FIELDS) if c in names]
    end = table.metadata.num_rows if count is None else min(first + count, table.metadata.num_rows)
    start = 0  # the first row of the current row group
    for group in range(table.num_row_groups):
        size = table.metadata.row_group(group).num_rows
        if start + size > first and start < end:
            low, high = max(first, start), min(end, start + size)  # this slice's rows in the group, 0-based
            try:
                records = _records(table.read_row_group(group, columns=columns))
            except _damaged() as exc:
                which = f"row {low + 1}" if high - low == 1 else f"rows {low + 1}-{high}"
                yield InputError(f"{which} (row group {group + 1} of {table.num_row_groups}) cannot be read, the "
                                 f"file is damaged there ({reason(exc)}); its other rows are read", source=path)
            else:
                for i in range(low, high):
                    number = i + 1
                    try:
                        yield parse_record(records[i - start], where=f"{path}:row {number}", number=number,
                                           text_field=settings.text_field, reference_field=settings.reference_field)
                    except HighlightsError as exc:
                        yield exc
        start += size
        if start >= end:
            break
