"""Dates named in text, and timelines made of a story's articles."""
from __future__ import annotations

import datetime as dt
import json

from hypothesis import given, settings
from hypothesis import strategies as st

from highlights.cli import main
from highlights.document import Article
from highlights.figures.dates import mentions
from highlights.settings import DATE_MAX, DATE_MIN
from highlights.stories.timeline import dated, published_dates

D = dt.date
PUB = D(2011, 1, 28)  # a Friday


def named(text: str, published: dt.date = PUB) -> list[tuple[str, str]]:
    return [(m.date.isoformat(), text[m.start:m.end]) for m in mentions(text, published)]


def test_dates_in_text_are_resolved_against_the_publication_day():
    assert named("Protests began on Tuesday , Jan. 25 , and spread on January 27 , 2011 .") == [
        ("2011-01-25", "Tuesday"), ("2011-01-25", "Jan. 25"), ("2011-01-27", "January 27 , 2011")]
    assert named("The bank failed on 15 September ; yesterday its chief resigned .") == [
        ("2010-09-15", "15 September"), ("2011-01-27", "yesterday")]  # the nearer September 15 is last year's
    assert named("It reopens on Friday .") == [("2011-01-28", "Friday")]  # the day itself
    assert named("Dec. 31 was quiet .") == [("2010-12-31", "Dec. 31")]
    # wire copy names days without "on"; a weekday is the latest one, even far from its preposition
    assert named("Officials said Tuesday that Wednesday 's vote stands .") == [
        ("2011-01-25", "Tuesday"), ("2011-01-26", "Wednesday")]


def test_what_is_not_a_date_is_left_alone():
    assert named("Feb 30 , June 31 and May 5 , 1200 people") == [("2011-05-05", "May 5")]  # 1200 is no year
    assert named("He works on Mondays and at 9 p.m. on 3/15 .") == []
    assert named("They meet every Monday ; the vote is next Tuesday or this coming Thursday .") == []
    assert named("") == []


def story() -> list[Article]:
    quake = "A strong earthquake struck central Italy near Amatrice , killing at least {n} people ."
    later = "Rescuers searched the rubble of Amatrice for survivors of Wednesday 's earthquake , which killed {n} ."
    rows = [(quake.format(n=38), "2016-08-24"), (quake.format(n=73), "2016-08-24"),
            (later.format(n=247), "2016-08-26"), ("Italy held a state funeral on Saturday for victims of the "
                                                  "Amatrice earthquake , which struck on August 24 .", "2016-08-27")]
    return [Article(id=str(i), text=t, date=D.fromisoformat(d)) for i, (t, d) in enumerate(rows)]


def test_a_day_later_articles_look_back_to_outranks_a_day_with_one_article():
    entries = dated(story(), dates=2, per_date=1)
    # 08-24: two articles published + two later ones naming it; 08-26 and 08-27 have one article each, and the
    # funeral's (italy, struck, earthquake ...) shares more of the story's words than the rescue's
    assert [e.date for e in entries] == [D(2016, 8, 24), D(2016, 8, 27)]
    assert [e.date_source for e in entries] == ["published", "published"]
    for e in entries:
        (b,) = e.bullets
        article = next(a for a in story() if a.id == b.article)
        assert " ".join(article.text[b.start:b.end].split()) == b.text
    assert published_dates(story(), dates=1, per_date=3)[0].bullets[0].text.startswith("A strong earthquake")


def test_a_day_named_only_in_the_text_can_be_on_the_timeline():
    arts = [Article(id="a", text="Voters went to the polls on Sunday in a snap election called by the premier .",
                    date=D(2015, 10, 6)),
            Article(id="b", text="The count from Sunday 's election , held on October 4 , gave the Socialists "
                                 "the most seats .", date=D(2015, 10, 7)),
            Article(id="c", text="First results on October 4 showed the Socialists ahead in Lisbon and Porto .",
                    date=D(2015, 10, 8))]
    entries = dated(arts, dates=1, per_date=1)
    assert entries[0].date == D(2015, 10, 4) and entries[0].date_source == "text"  # published on by none
    assert dated([], dates=3, per_date=1) == []


def test_articles_about_something_else_count_less():
    quake = "Rescuers in Amatrice pulled survivors of the earthquake from the rubble of the old town ."
    arts = [Article(id="0", text="Juventus beat Fiorentina in the league opener ; Higuain scored late .",
                    date=D(2016, 8, 24)),
            Article(id="1", text=quake, date=D(2016, 8, 25)), Article(id="2", text=quake, date=D(2016, 8, 26)),
            Article(id="3", text="Rescuers in Amatrice said the earthquake left the old town in rubble .",
                    date=D(2016, 8, 27))]
    # one article a day; the football result, about something else, is the day left out (the earliest would
    # win a tie)
    assert [e.date for e in dated(arts, dates=3, per_date=1)] == [D(2016, 8, 25), D(2016, 8, 26), D(2016, 8, 27)]


def test_eval_timeline_writes_the_contract(write, tmp_path):
    arts = [{"topic": "quake", "date": a.date.isoformat(), "text": a.text} for a in story()]
    gold = {"topic": "quake", "timeline": "gold", "entries": [
        {"date": "2016-08-24", "text": ["An earthquake kills at least 38 people near Amatrice ."]},
        {"date": "2016-08-26", "text": ["Rescuers search the rubble of Amatrice ."]}]}
    a = write("a.jsonl", "\n".join(json.dumps(r) for r in arts) + "\n{broken\n")
    g = write("g.jsonl", json.dumps(gold) + "\n")
    out = tmp_path / "r.json"
    assert main(["eval", "timeline", "--articles", str(a), "--timelines", str(g), "--out", str(out)]) == 1  # bad row
    r = json.loads(out.read_text())
    assert {"timelines", "date_f1", "concat_rouge1", "concat_rouge2", "agreement_rouge1", "agreement_rouge2",
            "align_rouge1", "align_rouge2", "per_topic"} <= set(r)
    assert (r["timelines"], r["skipped"], r["method"]) == (1, 1, "dated")
    assert r["date_f1"] == 0.5  # 08-24 and 08-27 against 08-24 and 08-26
    assert 0 < r["align_rouge1"] <= 1 and set(r["per_topic"]) == {"quake"}


def test_timeline_command_from_files_and_from_the_stories_database(write, tmp_path, capsys):
    rows = [{"id": a.id, "article": a.text, "date": a.date.isoformat()} for a in story()]
    path = write("quake.jsonl", "\n".join(json.dumps(r) for r in rows) + "\n")
    assert main(["timeline", str(path), "-n", "2", "-k", "1", "-f", "json"]) == 0
    made = json.loads(capsys.readouterr().out)
    assert [d["date"] for d in made["dates"]] == ["2016-08-24", "2016-08-27"]
    assert made["story"] is None and made["articles"] == 4 and made["method"] == "dated"
    for d in made["dates"]:
        (b,) = d["bullets"]
        (ev,) = b["evidence"]
        text = next(r["article"] for r in rows if r["id"] == ev["article"])
        assert " ".join(text[ev["start"]:ev["end"]].split()) == b["text"]
    assert main(["timeline", str(path), "-n", "2", "-k", "1"]) == 0
    assert capsys.readouterr().out.startswith(" date 2016-08-24 Timeline\n- A strong earthquake")

    db = str(tmp_path / "s.db")
    assert main(["ingest", str(path), "--db", db, "-m", "lead", "--no-compress", "--no-verify"]) == 0
    capsys.readouterr()
    assert main(["timeline", "--story", "1", "--db", db, "-n", "2", "-f", "md"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("## A strong earthquake") and "### 2016-08-24" in out


def test_timeline_command_refuses_what_it_cannot_use(write, capsys):
    undated = write("u.txt", "A strong earthquake struck central Italy on Wednesday , killing 38 people .\n")
    assert main(["timeline", str(undated)]) == 2
    assert "no article has a date" in capsys.readouterr().err
    assert main(["timeline", str(undated.parent / "missing.jsonl")]) == 2
    assert "no article could be read" in capsys.readouterr().err
    assert main(["timeline"]) == 2
    assert "either input files or --story" in capsys.readouterr().err


FLED = ("(CNN)About 4,000 residents fled their homes yesterday , police said . Officials put the number who fled at "
        "9,000 on Sunday . The river crested on Sunday evening , the mayor said .")


def test_an_article_dated_outside_the_range_is_left_out_of_the_timeline():
    y1, far = Article(id="y1", text=FLED, date=D(1, 1, 1)), Article(id="far", text=FLED, date=D(9999, 12, 31))
    assert dated([y1], dates=3, per_date=1) == [] == published_dates([far], dates=3, per_date=1)  # was OverflowError
    assert dated([*story(), y1, far], dates=2, per_date=1) == dated(story(), dates=2, per_date=1)
    assert published_dates([far, *story(), y1], dates=2, per_date=3) == published_dates(story(), dates=2, per_date=3)


def test_the_timeline_command_says_a_date_out_of_range_counts_as_none(write, capsys):
    rows = [{"id": a.id, "article": a.text, "date": a.date.isoformat()} for a in story()]
    rows.append({"id": "y1", "article": FLED, "date": "0001-01-01"})
    path = write("quake.jsonl", "\n".join(json.dumps(r) for r in rows) + "\n")
    assert main(["timeline", str(path), "-n", "2", "-k", "1", "-f", "json"]) == 0
    assert json.loads(capsys.readouterr().out)["articles"] == 4
    assert main(["timeline", str(write("y1.jsonl", json.dumps(rows[-1]) + "\n"))]) == 2
    err = capsys.readouterr().err
    assert "1 of 1 article(s) have no date (or one outside 1900-01-01..2100-12-31)" in err
    assert "no article has a date" in err


TEXTS = [FLED, "Rescuers searched the rubble of Amatrice for survivors of Wednesday 's earthquake , which killed 247 .",
         "Italy held a state funeral on Saturday for victims of the earthquake , which struck on August 24 .",
         "The talks of December 30 ended on January 2 , 2100 ; the next round is on Monday ."]
# any date, and the ends of the range and of the calendar more often than chance would pick them
DATES = st.one_of(st.dates(), st.sampled_from([DATE_MIN, DATE_MAX, dt.date.min, dt.date.max]),
                  st.dates(min_value=DATE_MIN, max_value=DATE_MAX))


@settings(max_examples=100, deadline=None)
@given(st.lists(st.tuples(DATES, st.sampled_from(TEXTS)), min_size=1, max_size=5))
def test_articles_of_any_dates_give_a_timeline_inside_the_range(rows):
    arts = [Article(id=str(i), text=text, date=day) for i, (day, text) in enumerate(rows)]
    for method in (dated, published_dates):
        for entry in method(arts, dates=3, per_date=2):
            assert DATE_MIN <= entry.date <= DATE_MAX
