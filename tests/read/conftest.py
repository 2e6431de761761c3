"""Damaged inputs, as disks and interrupted copies leave them, for the readers' tests and the batch tests (the
loopback web server, ``site``, is in ``tests/conftest.py``)."""
from __future__ import annotations

import gzip
import os
from pathlib import Path

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
