"""One range for every date Highlights reads or computes (issue #30, item 1): an export's "no date" (0001-01-01,
9999-12-31) is a missing date, never a traceback, a lost batch, a story that answers 500 for good, or a day
that pins its story to the top of "latest first"."""
from __future__ import annotations

import datetime as dt
import json

import pytest
import sqlalchemy as sa

from highlights.cli import main
from highlights.document import checked_date, date_note
from highlights.settings import DATE_MAX, DATE_MIN

FAST = ["-m", "lead", "--no-compress", "--no-verify"]
# the article: "yesterday" and "Sunday" resolved against 0001-01-01 fall before the first day there is
FLED = ("(CNN)About 4,000 residents fled their homes yesterday, police said. Officials put the number who fled at "
        "9,000 on Sunday. The river crested on Sunday evening, the mayor said.")
QUAKE = ("A strong earthquake struck central Italy near the town of Amatrice on Wednesday, killing at least {n} "
         "people and flattening buildings. Rescuers searched the rubble of Amatrice through the night.")
ELECTION = ("Voters in Portugal went to the polls on Sunday in a snap parliamentary election called after the prime "
            "minister resigned. Turnout in Lisbon was {n} percent by noon.")


def records() -> list[dict]:
    """Four articles, two of them with an export's "no date"; the one dated 9999-12-31 starts a story of its own."""
    return [{"id": "quake", "article": QUAKE.format(n=38), "date": "2016-08-24"},
            {"id": "y1", "article": FLED, "date": "0001-01-01"},
            {"id": "far", "article": ELECTION.format(n=41), "date": "9999-12-31"},
            {"id": "later", "article": QUAKE.format(n=73), "date": "2016-08-25"}]


def jsonl(write, rows: list[dict]):
    return write("export.jsonl", "".join(json.dumps(r) + "\n" for r in rows))


# -- the range ---------------------------------------------------------------------------------------------------

def test_the_range_is_one_pair_of_constants_and_its_ends_are_inside():
    day = dt.timedelta(days=1)
    assert DATE_MIN < DATE_MAX
    assert [checked_date(d) for d in (DATE_MIN, DATE_MAX, DATE_MIN - day, DATE_MAX + day, dt.date.min, dt.date.max)] \
        == [DATE_MIN, DATE_MAX, None, None, None, None]
    assert checked_date(None) is None
    assert checked_date(dt.datetime(2016, 8, 24, 9, 30)) == dt.datetime(2016, 8, 24, 9, 30)  # kept as it came
    assert checked_date(dt.datetime(1, 1, 1)) is None
    assert date_note(dt.date(1, 1, 1)) == "the date 0001-01-01 is outside 1900-01-01..2100-12-31 and was left out"


# -- the command line --------------------------------------------------------------------------------------------

def test_summarize_writes_every_article_and_leaves_the_dates_out_of_range_out(write, capsys):
    path = jsonl(write, records())
    assert main(["summarize", str(path), "--format", "json", *FAST]) == 0  # was a traceback after 1 of 4
    out = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert [(d["id"], d["date"]) for d in out] == [("quake", "2016-08-24"), ("y1", None), ("far", None),
                                                   ("later", "2016-08-25")]
    assert all(d["highlights"] for d in out)


def test_the_summarys_notes_say_why_its_date_is_missing(write, capsys):
    path = jsonl(write, records()[1:2])
    assert main(["summarize", str(path), "--format", "json", *FAST]) == 0
    assert date_note(dt.date(1, 1, 1)) in json.loads(capsys.readouterr().out)["notes"]


def test_ingest_stores_the_whole_batch_and_a_rerun_goes_past_it(write, tmp_path, capsys):
    path, db = jsonl(write, records()), str(tmp_path / "s.db")
    assert main(["ingest", str(path), "--db", db, *FAST]) == 0  # stored nothing of the batch, every time
    assert "ingested 4 new article(s) (0 already stored)" in capsys.readouterr().err
    assert main(["ingest", str(path), "--db", db, *FAST]) == 0
    assert "ingested 0 new article(s) (4 already stored)" in capsys.readouterr().err
    assert main(["stories", "--db", db, "--format", "json"]) == 0
    listed = json.loads(capsys.readouterr().out)
    # latest first by the real dates: the story whose only date was 9999-12-31 is undated, not the latest
    assert (listed[0]["first"], listed[0]["last"]) == ("2016-08-24", "2016-08-25")
    assert [s["last"] for s in listed[1:]] == [None] * (len(listed) - 1)
    assert "9999" not in json.dumps(listed) and "0001-" not in json.dumps(listed)


def test_a_stored_story_and_its_timeline_answer(write, tmp_path, capsys):
    path, db = jsonl(write, records()[:2]), str(tmp_path / "s.db")
    assert main(["ingest", str(path), "--db", db, "--no-highlights"]) == 0
    capsys.readouterr()
    for story in ("1", "2"):  # the y1 article's story failed to show, and its timeline answered 500 for good
        assert main(["story", story, "--db", db]) == 0
        assert main(["timeline", "--story", story, "--db", db, "-f", "json"]) == 0
    out = capsys.readouterr().out
    assert "0001-" not in out and "2016-08-24" in out


def test_a_date_stored_before_the_range_was_checked_breaks_nothing(write, tmp_path, capsys):
    path, db = jsonl(write, records()[:2]), str(tmp_path / "s.db")
    assert main(["ingest", str(path), "--db", db, "--no-highlights"]) == 0
    with sa.create_engine(f"sqlite:///{db}").begin() as conn:  # as an older version stored it
        conn.execute(sa.text("UPDATE articles SET published = '0001-01-01' WHERE external_id = 'y1'"))
    capsys.readouterr()
    assert main(["stories", "--db", db, "--format", "json"]) == 0
    for story in json.loads(capsys.readouterr().out):
        assert main(["story", str(story["id"]), "--db", db, "-f", "json"]) == 0
        capsys.readouterr()
        assert main(["timeline", "--story", str(story["id"]), "--db", db, "-f", "json"]) == 0
        made = json.loads(capsys.readouterr().out)
        assert all(DATE_MIN.isoformat() <= d["date"] <= DATE_MAX.isoformat() for d in made["dates"])


def test_an_article_made_by_a_caller_is_stored_without_its_date_out_of_range(tmp_path):
    from highlights.document import Article
    from highlights.stories.ingest import Stories
    from highlights.stories.store import Store

    store = Store(str(tmp_path / "s.db"))
    placed = Stories(store, highlights=False).add(Article(id="far", text=ELECTION.format(n=41),
                                                          date=dt.date(9999, 12, 31)))
    story = store.story(placed.story)
    assert story is not None and (story.first, story.last) == (None, None)
    assert [a.published for a in story.articles] == [None]


# -- the service -------------------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def client(tmp_path_factory):
    pytest.importorskip("fastapi", reason="the service extra is not installed (pip install -e '.[service]')")
    from fastapi.testclient import TestClient

    from highlights import Settings
    from highlights.service import ServiceSettings
    from highlights.service.app import create_app

    app = create_app(Settings(), ServiceSettings(db=str(tmp_path_factory.mktemp("dates") / "stories.db")))
    with TestClient(app) as c:
        yield c


@pytest.mark.parametrize("date", ["0001-01-01", "9999-12-31", "1899-12-31", "2101-01-01"])
def test_a_date_out_of_range_is_a_missing_date_to_the_api(client, date):
    r = client.post("/v1/highlights", json={"text": FLED, "date": date, "method": "lead"})
    assert r.status_code == 200, r.text  # was 500
    assert r.json()["date"] is None and any(f"the date {date} is outside" in n for n in r.json()["notes"])
    seed = f" date 2016-08-24 Story highlights\n- A bullet\n{FLED}"  # missing: the input's own date stands
    assert client.post("/v1/highlights", json={"text": seed, "date": date, "method": "lead"}).json()["date"] \
        == "2016-08-24"
    r = client.post("/v1/highlights/batch", json={"articles": [{"text": FLED, "date": date},
                                                               {"text": FLED, "date": "2016-08-24"}], "method": "lead"})
    assert r.status_code == 200 and [a["date"] for a in r.json()["results"]] == [None, "2016-08-24"]


def test_the_ends_of_the_range_are_dates_to_the_api(client):
    for date in (DATE_MIN.isoformat(), DATE_MAX.isoformat()):
        r = client.post("/v1/highlights", json={"text": FLED, "date": date, "method": "lead"})
        assert r.status_code == 200 and r.json()["date"] == date


def test_a_stored_articles_story_and_timeline_answer_the_api(client):
    r = client.post("/v1/articles", json={"text": FLED, "date": "0001-01-01", "method": "lead"})
    assert r.status_code == 201, r.text  # was 500
    story = r.json()["story"]
    assert client.get(f"/v1/stories/{story}").status_code == 200
    r = client.get(f"/v1/stories/{story}/timeline")
    assert r.status_code == 200 and r.json()["dates"] == []


def test_the_schema_says_what_a_date_out_of_range_is(client):
    date = client.get("/openapi.json").json()["components"]["schemas"]["ArticleIn"]["properties"]["date"]
    assert "1900-01-01" in date["description"] and "missing" in date["description"]
