"""Every reader that sets ``Article.date`` goes through the one range of dates (``document.checked_date``): an
export's 0001-01-01 or 9999-12-31 is a missing date, and no date field, whatever it holds, raises anything but
a ``HighlightsError`` (issue #30, item 1)."""
from __future__ import annotations

import datetime as dt
import json

from hypothesis import given, settings
from hypothesis import strategies as st

from highlights.document import Article
from highlights.errors import HighlightsError
from highlights.read import html, jsonl, parquet, read, seed
from highlights.settings import DATE_MAX, DATE_MIN

STORY = "(CNN)Rain fell all day on Monday in Leeds. Roads across the city flooded by noon. Schools stayed shut."


def record_date(value: object) -> dt.date | None:
    line = json.dumps({"article": STORY, "date": value})
    return jsonl.parse_row(line, where="t.jsonl:1", number=1, text_field="article", reference_field="highlights",
                           max_bytes=10_000).date


def inside(date: dt.date | None) -> bool:
    return date is None or DATE_MIN <= date <= DATE_MAX


def test_a_records_date_outside_the_range_is_missing():
    assert [record_date(v) for v in ("0001-01-01", "9999-12-31T23:59:59Z", "1899-12-31", "2101-01-01")] == [None] * 4
    assert [record_date(v) for v in ("1900-01-01", "2100-12-31", "2016-08-24T09:30:00")] == [
        DATE_MIN, DATE_MAX, dt.date(2016, 8, 24)]


def test_a_seed_files_date_outside_the_range_is_missing():
    text = " date {} Story highlights\n- Rain in Leeds\n" + STORY
    assert seed.parse(text.format("0001-01-01"), id="s", source="s.txt").date is None
    assert seed.parse(text.format("2016-08-24"), id="s", source="s.txt").date == dt.date(2016, 8, 24)


def test_a_pages_date_outside_the_range_is_missing():
    assert html.title_date("<title>Floods | DW | 01.01.0001</title>") is None  # a placeholder, not the day
    assert html.title_date("<title>Floods | 31.12.9999 | 19.01.2020</title>") == dt.date(2020, 1, 19)
    assert html._date("0001-01-01T00:00:00") is None and html._date("2020-01-19") == dt.date(2020, 1, 19)
    page = f"<html><head><title>Floods | DW | 01.01.0001</title></head><body><article><p>{STORY}</p></article></body></html>"
    assert inside(html.parse(page, id="p", source="p.html").date)


def test_parquet_dates_beyond_pythons_calendar_are_missing(tmp_path):
    import pyarrow as pa
    import pyarrow.parquet as pq

    days = [dt.date(2016, 8, 24) - dt.date(1970, 1, 1), dt.date(1, 1, 1) - dt.date(1970, 1, 1)]
    path = tmp_path / "d.parquet"
    # Arrow's dates reach years Python has none of: 10183 and -220; one of them stopped the whole file
    pq.write_table(pa.table({"article": [STORY] * 4, "date": pa.array([d.days for d in days] + [3_000_000, -800_000],
                                                                       pa.date32())}), path)
    assert [a.date for a in parquet.rows(str(path)) if isinstance(a, Article)] == [dt.date(2016, 8, 24), None, None,
                                                                                  None]
    stamps = tmp_path / "t.parquet"
    pq.write_table(pa.table({"article": [STORY] * 2, "date": pa.array([253_402_300_800, 1_471_996_800],
                                                                       pa.timestamp("s"))}), stamps)
    assert [a.date for a in read(str(stamps)) if isinstance(a, Article)] == [None, dt.date(2016, 8, 24)]


json_values = st.recursive(st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(),
                           lambda inner: st.lists(inner, max_size=3), max_leaves=5)
iso_like = st.builds(lambda y, m, d, rest: f"{y:04d}-{m:02d}-{d:02d}{rest}", st.integers(0, 9999),
                     st.integers(0, 13), st.integers(0, 32), st.sampled_from(["", "T00:00:00", "Z", " ", "x"]))


@settings(max_examples=300, deadline=None)
@given(st.one_of(st.text(), iso_like, json_values))
def test_any_date_field_of_a_record_is_a_date_inside_the_range_none_or_a_highlights_error(value):
    try:
        assert inside(record_date(value))
    except HighlightsError:
        pass


@settings(max_examples=200, deadline=None)
@given(st.one_of(st.text(alphabet=st.characters(blacklist_categories=("Z", "C")), min_size=1), iso_like.filter(
    lambda s: " " not in s)))
def test_any_date_of_a_seed_file_is_a_date_inside_the_range_none_or_a_highlights_error(value):
    try:
        assert inside(seed.parse(f" date {value} Story highlights\n- Rain\n{STORY}", id="s", source="s.txt").date)
    except HighlightsError:
        pass


@settings(max_examples=200, deadline=None)
@given(st.integers(0, 99), st.integers(0, 99), st.integers(0, 9999), st.booleans())
def test_any_date_in_a_pages_title_is_one_inside_the_range_or_none(day, month, year, iso):
    part = f"{year:04d}-{month:02d}-{day:02d}" if iso else f"{day:02d}.{month:02d}.{year:04d}"
    assert inside(html.title_date(f"<title>Floods | DW | {part}</title>"))
