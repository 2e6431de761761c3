"""Dates named in text against any publication date: never an exception, never a day outside the range of
dates (``document.checked_date``), whatever the text names (issue #30, item 1)."""
from __future__ import annotations

import datetime as dt

from hypothesis import given, settings
from hypothesis import strategies as st

from highlights.document import Article
from highlights.figures import claims
from highlights.figures.dates import mentions
from highlights.settings import DATE_MAX, DATE_MIN

FLED = ("(CNN)About 4,000 residents fled their homes yesterday, police said. Officials put the number who fled at "
        "9,000 on Sunday. The river crested on Sunday evening, the mayor said.")
MONTHS = ["January", "Feb.", "March", "Sept", "December", "dec"]
WEEKDAYS = ["Monday", "tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]


def named(text: str, published: dt.date) -> list[tuple[str, str]]:
    return [(m.date.isoformat(), text[m.start:m.end]) for m in mentions(text, published)]


def test_a_publication_date_outside_the_range_resolves_nothing():
    for published in (dt.date.min, dt.date(1, 1, 7), DATE_MIN - dt.timedelta(days=1), DATE_MAX + dt.timedelta(days=1),
                      dt.date.max):
        assert named(FLED + " It began on March 15 and ends Dec. 31, 2099.", published) == []  # was OverflowError
    assert claims(Article(id="y1", text=FLED, date=dt.date(1, 1, 1)))  # the figures stage reads it, undated


def test_a_day_that_falls_outside_the_range_is_left_out():
    assert DATE_MIN.weekday() == 0  # 1900-01-01 was a Monday
    assert named("It began yesterday, on Sunday, and ended on Monday.", DATE_MIN) == [("1900-01-01", "Monday")]
    assert named("The talks of December 30 ended on January 2.", DATE_MIN) == [("1900-01-02", "January 2")]
    assert named("The talks ended on January 2 and resume on Dec. 30.", DATE_MAX) == [("2100-12-30", "Dec. 30")]


def test_a_year_that_is_no_year_of_the_text_patterns_is_left_to_the_day():
    # "0099" is not read as a year (only 19xx and 20xx are): "March 15" is the nearest one
    assert named("The law of March 15, 0099 stands.", dt.date(2016, 8, 24)) == [("2016-03-15", "March 15")]
    assert named("The law of March 15, 0099 stands.", dt.date.max) == []


phrases = st.one_of(
    st.sampled_from(WEEKDAYS + ["yesterday", "Yesterday", "next Monday", "every Friday", "said Tuesday"]),
    st.builds(lambda m, d: f"on {m} {d}", st.sampled_from(MONTHS), st.integers(0, 40)),
    st.builds(lambda d, m: f"{d} {m}", st.integers(0, 40), st.sampled_from(MONTHS)),
    st.builds(lambda m, d, y: f"{m} {d}, {y:04d}", st.sampled_from(MONTHS), st.integers(0, 40), st.integers(0, 9999)),
    st.text(max_size=20),
)


@settings(max_examples=300, deadline=None)
@given(published=st.dates(), words=st.lists(phrases, max_size=6))
def test_any_publication_date_and_any_text_give_dates_inside_the_range(published, words):
    text = " , ".join(words) + " ."
    for m in mentions(text, published):
        assert DATE_MIN <= m.date <= DATE_MAX
        assert 0 <= m.start < m.end <= len(text)
    for c in claims(Article(id="a", text="About 4,000 people fled " + text, date=published)):
        assert c.day is None or DATE_MIN <= c.day <= DATE_MAX
