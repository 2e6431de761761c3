"""Timelines made of a story's articles (the dates named in their text: ``tests/figures/test_dates.py``)."""
from __future__ import annotations

import datetime as dt
import json

from hypothesis import given, settings
from hypothesis import strategies as st

from highlights.cli import main
from highlights.document import Article
from highlights.read.ptb import restore
from highlights.settings import DATE_MAX, DATE_MIN
from highlights.stories.timeline import GRID, Tuning, dated, published_dates

D = dt.date


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


def quake_days() -> list[Article]:
    return [Article(id="a0", text="A strong earthquake struck central Italy near Amatrice , killing at least 38 people .\n"
                                  "Rome felt the tremor for twenty long seconds before dawn broke .", date=D(2016, 8, 24)),
            Article(id="a1", text="The earthquake destroyed much of the old town of Amatrice , officials said .",
                    date=D(2016, 8, 24)),
            Article(id="a2", text="Rescuers pulled survivors from the rubble of Amatrice through the night .",
                    date=D(2016, 8, 25))]


def test_a_day_gets_the_leads_of_its_articles_and_of_the_next_days():
    def bullets(lead: int, late: int) -> list[str]:
        (entry,) = dated(quake_days(), dates=1, per_date=5, tuning=Tuning(lead=lead, late=late))
        assert entry.date == D(2016, 8, 24)  # two articles against one
        return sorted(b.article + ":" + b.text.split()[0] for b in entry.bullets)

    assert bullets(1, 0) == ["a0:A", "a1:The"]
    assert bullets(2, 0) == ["a0:A", "a0:Rome", "a1:The"]
    assert bullets(1, 1) == ["a0:A", "a1:The", "a2:Rescuers"]  # the next day's report of it


def test_a_sentence_stands_for_one_day_only():
    entries = dated(story(), dates=3, per_date=2)
    # 08-27 has one sentence to choose from, the funeral's lead; 08-26 has the rescue's lead and the funeral's
    # (published a day after it); 08-24 has both quake leads and the two that name it. The fewest choose first;
    # 08-24 gets one lead, the other repeats it
    assert [(e.date, [b.article for b in e.bullets]) for e in entries] == [
        (D(2016, 8, 24), ["0"]), (D(2016, 8, 26), ["2"]), (D(2016, 8, 27), ["3"])]


def test_left_to_the_data_a_timeline_has_the_days_that_count_for_more_than_the_mean_day():
    text = "Rescuers searched the rubble of Amatrice for survivors of the earthquake , officials said ."
    days = [D(2016, 8, 24)] * 4 + [D(2016, 8, 25), D(2016, 8, 26), D(2016, 8, 28)]
    arts = [Article(id=str(i), text=text, date=day) for i, day in enumerate(days)]
    # the same text: each article weighs 1; the days count 4, 1, 1, 1, their mean 1.75
    assert [e.date for e in dated(arts, dates=None, per_date=1)] == [D(2016, 8, 24)]
    assert [e.date for e in published_dates(arts, dates=None, per_date=1)] == [D(2016, 8, 24)]
    assert len(dated(arts, dates=3, per_date=1)) == 3


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
    assert r["per_timeline"][0]["made_dates"] == 2 and r["dates"] == "gold"


def test_eval_timeline_leaves_one_topic_out(write, tmp_path, capsys):
    arts = [{"topic": topic, "date": a.date.isoformat(), "text": a.text} for topic in ("quake", "aftershock")
            for a in story()]
    gold = [{"topic": topic, "timeline": topic, "entries": [
        {"date": "2016-08-24", "text": ["An earthquake kills at least 38 people near Amatrice ."]}]}
        for topic in ("quake", "aftershock")]
    a = write("a.jsonl", "\n".join(json.dumps(r) for r in arts) + "\n")
    g = write("g.jsonl", "\n".join(json.dumps(r) for r in gold) + "\n")
    out = tmp_path / "r.json"
    assert main(["eval", "timeline", "--loto", "--dates", "auto", "--articles", str(a), "--timelines", str(g),
                 "--out", str(out)]) == 0
    r = json.loads(out.read_text())
    assert (r["protocol"], r["dates"], r["timelines"]) == ("leave one topic out", "auto", 2)
    assert set(r["settings"]) == {"quake", "aftershock"} and len(r["grid"]) == len(GRID)
    assert set(r["settings"]["quake"]) == {"lead", "late"}
    assert r["date_f1"] == 1.0  # 08-24 alone counts for more than the mean day: 2 + 2 votes against 1 and 1
    assert "quake: chosen on the other topics: {" in capsys.readouterr().out


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
        # the evidence points into the text as read: this tokenized story's, restored ("Amatrice , killing")
        text = restore(next(r["article"] for r in rows if r["id"] == ev["article"]))
        assert " ".join(text[ev["start"]:ev["end"]].split()) == b["text"] and " , " not in b["text"]
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
