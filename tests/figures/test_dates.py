"""Dates named in text: resolved against the publication day and the sentence's own context (its tense, the
year the sentences give: issue #33), and, against any publication date, never an exception, never a day
outside the range of dates (``document.checked_date``), whatever the text names (issue #30, item 1)."""
from __future__ import annotations

import datetime as dt

from hypothesis import given, settings
from hypothesis import strategies as st

from highlights.document import Article
from highlights.figures import claims
from highlights.figures.dates import mentions
from highlights.settings import DATE_MAX, DATE_MIN

D = dt.date

FLED = ("(CNN)About 4,000 residents fled their homes yesterday, police said. Officials put the number who fled at "
        "9,000 on Sunday. The river crested on Sunday evening, the mayor said.")
MONTHS = ["January", "Feb.", "March", "Sept", "December", "dec"]
WEEKDAYS = ["Monday", "tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]


PUB = dt.date(2011, 1, 28)  # a Friday


def named(text: str, published: dt.date = PUB, *, before: str = "") -> list[tuple[str, str]]:
    return [(m.date.isoformat(), text[m.start:m.end]) for m in mentions(text, published, before=before)]


def months(text: str, published: dt.date = PUB) -> list[tuple[str, str]]:
    return [(m.date.isoformat()[:7], text[m.start:m.end]) for m in mentions(text, published, months=True) if m.month]


def test_dates_in_text_are_resolved_against_the_publication_day():
    assert named("Protests began on Tuesday , Jan. 25 , and spread on January 27 , 2011 .") == [
        ("2011-01-25", "Tuesday"), ("2011-01-25", "Jan. 25"), ("2011-01-27", "January 27 , 2011")]
    assert named("The bank failed on 15 September ; yesterday its chief resigned .") == [
        ("2010-09-15", "15 September"), ("2011-01-27", "yesterday")]  # a past September 15: last year's
    assert named("It reopens on Friday .") == [("2011-01-28", "Friday")]  # the day itself
    assert named("Dec. 31 is a holiday .") == [("2010-12-31", "Dec. 31")]  # no past or future: the nearest
    # wire copy names days without "on"; a weekday is the latest one, even far from its preposition
    assert named("Officials said Tuesday that Wednesday 's vote stands .") == [
        ("2011-01-25", "Tuesday"), ("2011-01-26", "Wednesday")]


def test_what_is_not_a_date_is_left_alone():
    assert named("Feb 30 , June 31 and May 5 , 1200 people") == [("2011-05-05", "May 5")]  # 1200 is no year
    assert named("He works on Mondays and at 9 p.m. on 3/15 .") == []
    assert named("They meet every Monday and each Friday .") == []
    assert named("") == []
    assert months("The march in Cairo went on ; in May 5 people were hurt .") == []  # no month as a time


def test_the_tense_picks_the_year_of_a_month_and_day():
    # March 3 is 34 days after the publication day and 331 before it: the nearest unless the tense says
    assert named("The deadline is March 3 .") == [("2011-03-03", "March 3")]
    assert named("The bank was founded on March 3 .") == [("2010-03-03", "March 3")]
    assert named("He fled on March 3 , police said .") == [("2010-03-03", "March 3")]
    # December 5 was 54 days before it, the next one is 311 days after
    assert named("Elections will be held on December 5 .") == [("2011-12-05", "December 5")]
    assert named("The vote , scheduled for December 5 , decides it .") == [("2011-12-05", "December 5")]
    # the verb nearest the date on its left, else the next in its clause: here none ("On ... ," is a clause)
    assert named("On December 5 , the vote will decide it .") == [("2010-12-05", "December 5")]
    assert named("The vote on December 5 will decide it .") == [("2011-12-05", "December 5")]
    # a verb in no tense a date reads: a modal, a deadline, a participle after "be"
    assert named("The crew was tested and must stay aboard until June 24 .", D(2009, 6, 17)) == [
        ("2009-06-24", "June 24")]
    assert named("The school was told to shut until 7 June .", D(2009, 5, 28)) == [("2009-06-07", "7 June")]
    # a date that names an event is in no tense of the sentence
    assert named("The US will not decide the outcome of the January 25 uprising .", D(2011, 2, 11)) == [
        ("2011-01-25", "January 25")]


def test_a_year_the_context_gives_is_the_year_of_a_date_without_one():
    # the case: an event of 2002 in an article of 2004 was placed in 2004
    assert named("On March 3 , the new owners closed the plant .", D(2004, 5, 10),
                 before="In 2002 , the company was sold .") == [("2002-03-03", "March 3")]
    assert named("In 2002 the company was sold , and on March 3 the plant closed .", D(2004, 5, 10)) == [
        ("2002-03-03", "March 3")]
    assert named("She left home on October 9 , 2006 , and was seen on October 10 .", D(2011, 2, 7)) == [
        ("2006-10-09", "October 9 , 2006"), ("2006-10-10", "October 10")]
    # a year named in passing is no context; one after the date is not its context either
    assert named("Jackson , born in 1958 , died on June 25 .", D(2009, 6, 27)) == [("2009-06-25", "June 25")]
    assert named("On March 3 the company , founded in 1998 , closed .", D(2004, 5, 10)) == [
        ("2004-03-03", "March 3")]
    # what is yet to come is not in the past the context tells of
    assert named("He will return on March 3 .", D(2004, 1, 10), before="In 2002 , he left .") == [
        ("2004-03-03", "March 3")]
    # "that year" is the year the context gave last, even in passing; "last year" counts from publication
    assert named("He died on 25 June that year .", D(2011, 10, 26), before="She saw him in April 2009 .") == [
        ("2009-06-25", "25 June")]
    assert named("Jackson died at home on 25 June last year .", D(2010, 2, 9)) == [("2009-06-25", "25 June")]


def test_a_weekday_is_the_one_its_words_and_tense_say():
    assert named("He left last Tuesday .") == [("2011-01-25", "Tuesday")]
    assert named("He left last Friday .") == [("2011-01-21", "Friday")]  # not the day itself
    assert named("The vote is next Tuesday or this coming Thursday .") == [
        ("2011-02-01", "Tuesday"), ("2011-02-03", "Thursday")]
    assert named("Officials said Tuesday they will vote on Thursday .") == [
        ("2011-01-25", "Tuesday"), ("2011-02-03", "Thursday")]
    assert named("The president will speak on Friday , aides said .") == [("2011-01-28", "Friday")]


def test_a_whole_month_is_read_by_its_words_and_tense():
    assert months("The talks collapsed in December .") == [("2010-12", "December")]  # the December before
    assert months("Elections will be held in March .") == [("2011-03", "March")]  # the March to come
    assert months("They sold the company last March and open a shop next January .") == [
        ("2010-03", "March"), ("2012-01", "January")]
    assert months("Talks began in January .") == [("2011-01", "January")]  # this month
    assert months("The plant opened in December 2002 .") == [("2002-12", "December 2002")]
    assert named("The talks collapsed in December .") == []  # only when asked for


def test_a_publication_date_outside_the_range_resolves_nothing():
    for published in (dt.date.min, dt.date(1, 1, 7), DATE_MIN - dt.timedelta(days=1), DATE_MAX + dt.timedelta(days=1),
                      dt.date.max):
        assert named(FLED + " It began on March 15 and ends Dec. 31, 2099.", published) == []  # was OverflowError
    assert claims(Article(id="y1", text=FLED, date=dt.date(1, 1, 1)))  # the figures stage reads it, undated


def test_a_day_that_falls_outside_the_range_is_left_out():
    assert DATE_MIN.weekday() == 0  # 1900-01-01 was a Monday
    assert named("It began yesterday, on Sunday, and ended on Monday.", DATE_MIN) == [("1900-01-01", "Monday")]
    assert named("The talks of December 30 end on January 2.", DATE_MIN) == [("1900-01-02", "January 2")]
    assert named("The talks resume on January 2 after the break of Dec. 30.", DATE_MAX) == [("2100-12-30", "Dec. 30")]


def test_a_year_that_is_no_year_of_the_text_patterns_is_left_to_the_day():
    # "0099" is not read as a year (only 19xx and 20xx are): "March 15" is the nearest one
    assert named("The law of March 15, 0099 stands.", dt.date(2016, 8, 24)) == [("2016-03-15", "March 15")]
    assert named("The law of March 15, 0099 stands.", dt.date.max) == []


phrases = st.one_of(
    st.sampled_from(WEEKDAYS + ["yesterday", "Yesterday", "next Monday", "every Friday", "said Tuesday", "last Sunday",
                                "will meet on Friday", "in December", "last March", "that year", "In 2002 ,"]),
    st.builds(lambda m, d: f"on {m} {d}", st.sampled_from(MONTHS), st.integers(0, 40)),
    st.builds(lambda d, m: f"{d} {m}", st.integers(0, 40), st.sampled_from(MONTHS)),
    st.builds(lambda m, d, y: f"{m} {d}, {y:04d}", st.sampled_from(MONTHS), st.integers(0, 40), st.integers(0, 9999)),
    st.text(max_size=20),
)


@settings(max_examples=300, deadline=None)
@given(published=st.dates(), words=st.lists(phrases, max_size=6))
def test_any_publication_date_and_any_text_give_dates_inside_the_range(published, words):
    text = " , ".join(words) + " ."
    for m in mentions(text, published, before="In 1900 , on March 3 , 2100 , it rained .", months=True):
        assert DATE_MIN <= m.date <= DATE_MAX
        assert 0 <= m.start < m.end <= len(text)
    for c in claims(Article(id="a", text="About 4,000 people fled " + text, date=published)):
        assert c.day is None or DATE_MIN <= c.day <= DATE_MAX
