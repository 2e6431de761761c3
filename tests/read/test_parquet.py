"""Parquet tables as input: one article per row, the JSON Lines fields as columns."""
from __future__ import annotations

import datetime as dt

import pyarrow as pa
import pyarrow.parquet as pq

from highlights.cli import main
from highlights.errors import FormatError, InputError
from highlights.read import read
from highlights.read.parquet import rows

from .conftest import damage_row_group, parquet_file

STORY = "(CNN)Rain fell all day on Monday in Leeds. Roads across the city flooded by noon. Schools stayed shut."


def table(tmp_path, **columns):
    path = tmp_path / "t.parquet"
    pq.write_table(pa.table(columns), path, row_group_size=2)
    return str(path)


def test_rows_become_articles_with_ids_titles_dates_and_references(tmp_path):
    path = table(tmp_path, id=["a", "b", "c"], article=[STORY] * 3, title=["One", None, "Three"],
                 date=[dt.date(2016, 11, 28), None, None], highlights=[["Rain in Leeds"], None, None])
    a, b, c = read(path)
    assert (a.id, a.title, a.date, a.references, a.source) == ("a", "One", dt.date(2016, 11, 28), ("Rain in Leeds",),
                                                              f"{path}:row 1")
    assert (b.title, b.date, c.id) == (None, None, "c")


def test_a_slice_reads_only_its_rows_across_row_groups(tmp_path):
    path = table(tmp_path, article=[STORY.replace("Monday", f"day {i}") for i in range(7)])
    got = list(rows(path, first=3, count=3))
    assert [a.id for a in got] == ["4", "5", "6"]  # no id column: the 1-based row number, as JSONL's line number
    assert "day 3" in got[0].text and "day 5" in got[-1].text


def test_bad_rows_and_bad_files_are_errors_that_name_the_row_or_file(tmp_path):
    path = table(tmp_path, article=[STORY, "  ", STORY], date=["2016-11-28", None, "soon"])
    first, empty, bad_date = read(path)
    assert first.id == "1"
    assert isinstance(empty, FormatError) and f"{path}:row 2: field 'article' is empty" in str(empty)
    assert isinstance(bad_date, FormatError) and "row 3: field 'date' 'soon' is not YYYY-MM-DD" in str(bad_date)
    (missing,) = read(table(tmp_path, body=[STORY]))
    assert "has no column 'article'" in str(missing) and "--text-field" in str(missing)
    broken = tmp_path / "broken.parquet"
    broken.write_bytes(b"PAR1 this is not really a table")
    (error,) = read(str(broken))
    assert isinstance(error, InputError) and "is not a readable Parquet file" in str(error)


def test_summarize_reads_a_parquet_file(tmp_path, capsys):
    path = table(tmp_path, id=["leeds"], article=[STORY])
    assert main(["summarize", path, "-m", "lead", "--no-compress", "--no-verify", "-n", "2"]) == 0
    assert "- Rain fell all day on Monday in Leeds." in capsys.readouterr().out


def test_a_damaged_row_group_is_one_error_naming_the_file_and_its_rows_and_the_other_groups_are_read(tmp_path):
    """Rows 3-4 (row group 2 of 3) overwritten on disk: rows 1-2 and 5-6 are read, and rows 3-4 are one error."""
    path = parquet_file(tmp_path / "t.parquet", 6, group=2)
    damage_row_group(path, 1)
    items = list(read(str(path)))
    assert [getattr(item, "id", None) for item in items] == ["r1", "r2", None, "r5", "r6"]
    error = items[2]
    assert isinstance(error, InputError) and "\n" not in str(error)
    assert str(error).startswith(f"{path}: rows 3-4 (row group 2 of 3) cannot be read, the file is damaged there (")
    assert str(error).endswith("); its other rows are read")
    # a slice (a batch part) that takes one row of the damaged group names that row alone
    kept, lost = rows(str(path), first=1, count=2)
    assert kept.id == "r2" and f"{path}: row 3 (row group 2 of 3) cannot be read" in str(lost)


def test_a_damaged_footer_is_one_line_naming_the_file(tmp_path):
    path = parquet_file(tmp_path / "t.parquet", 6, group=2)
    data = bytearray(path.read_bytes())
    data[-60:-8] = b"\xff" * 52  # the footer's metadata, before its length and the closing magic
    path.write_bytes(bytes(data))
    (error,) = read(str(path))
    assert isinstance(error, InputError) and "\n" not in str(error)
    assert str(error).startswith(f"{path}: is not a readable Parquet file (")
