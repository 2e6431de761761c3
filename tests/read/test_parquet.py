"""Parquet tables as input: one article per row, the JSON Lines fields as columns."""
from __future__ import annotations

import datetime as dt

import pyarrow as pa
import pyarrow.parquet as pq

from highlights.cli import main
from highlights.errors import FormatError, InputError
from highlights.read import read
from highlights.read.parquet import rows

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
