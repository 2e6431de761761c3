"""The stories database on SQLite and on PostgreSQL: schema, idempotent and transactional ingest, reading."""
from __future__ import annotations

import json

import pytest
import sqlalchemy as sa

from highlights.errors import SettingsError
from highlights.settings import Settings
from highlights.stories import store as store_module
from highlights.stories.ingest import Stories
from highlights.stories.store import SCHEMA_VERSION, Store
from highlights.stories.view import detail, listing

from .test_cluster import ELECTION, QUAKE, article

FAST = Settings(method="lead", compress=False, verify=False)


def stream():
    texts = [(QUAKE[0].format(n=38), "2016-08-24"), (ELECTION[0].format(n=31), "2016-08-24"),
             (QUAKE[1].format(n=120), "2016-08-25"), (ELECTION[1].format(n=106), "2016-08-26"),
             (QUAKE[0].format(n=247), "2016-08-27")]
    return [article(t, i, d) for i, (t, d) in enumerate(texts)]


def placements(db):
    s = Store(db)
    with s.database.connect() as conn:
        a, m, st = store_module.articles, store_module.memberships, store_module.stories
        rows = conn.execute(sa.select(a.c.external_id, m.c.story_id, st.c.topic_id)
                            .select_from(a.join(m, m.c.article_id == a.c.id).join(st, st.c.id == m.c.story_id))
                            .order_by(a.c.id)).all()
    return [tuple(r) for r in rows]


def test_a_new_database_gets_the_schema_and_a_newer_one_is_refused(db):
    s = Store(db)
    with s.database.begin() as conn:
        assert conn.execute(sa.select(sa.func.max(store_module.schema_version.c.version))).scalar() == SCHEMA_VERSION
        conn.execute(store_module.schema_version.insert().values(version=SCHEMA_VERSION + 1))
    with pytest.raises(SettingsError, match="newer than this Highlights"):
        Store(db)


def test_a_version_1_database_is_upgraded_and_keeps_its_stories(db):
    import json

    list(Stories(Store(db), highlights=False).add_all(stream()[:3]))
    before = {table.name: [g for g, _ in Store(db).groups(table)] for table in (store_module.stories,
                                                                                 store_module.topics)}
    s = Store(db)
    with s.database.begin() as conn:  # back to how version 1 kept a group: terms and names as JSON objects
        for table in (store_module.stories, store_module.topics):
            for g in before[table.name]:
                conn.execute(table.update().where(table.c.id == g.id).values(
                    terms=json.dumps(g.terms), names=json.dumps(dict(g.names))))
            for column in ("term_weights", "name_counts"):
                conn.execute(sa.text(f"ALTER TABLE {table.name} DROP COLUMN {column}"))
        conn.execute(sa.text("DROP TABLE story_views"))  # version 3's
        conn.execute(store_module.schema_version.delete())
        conn.execute(store_module.schema_version.insert().values(version=1))
    upgraded = Store(db)
    with upgraded.database.connect() as conn:
        assert conn.execute(sa.select(sa.func.max(store_module.schema_version.c.version))).scalar() == SCHEMA_VERSION
    for table in (store_module.stories, store_module.topics):
        after = [g for g, _ in upgraded.groups(table)]
        assert [(g.id, g.terms, dict(g.names), g.size) for g in after] == [
            (g.id, g.terms, dict(g.names), g.size) for g in before[table.name]]
    list(Stories(upgraded, highlights=False).add_all(stream()[3:]))  # and goes on as before
    assert upgraded.counts() == {"articles": 5, "stories": 2, "topics": 2}


def test_ingesting_the_same_articles_again_changes_nothing(db):
    first = [r.article for r in Stories(Store(db), highlights=False).add_all(stream())]
    counts = Store(db).counts()
    again = list(Stories(Store(db), highlights=False).add_all(stream()))
    assert [r.article for r in again] == first and not any(r.new_article for r in again)
    assert Store(db).counts() == counts == {"articles": 5, "stories": 2, "topics": 2}
    # the same text with other whitespace is the same article
    moved = article("  " + stream()[0].text.replace(" ", "\n", 3), 99)
    assert not Stories(Store(db), highlights=False).add(moved).new_article


def test_two_runs_place_articles_as_one_run_does(db, tmp_path):
    articles = stream()
    Stories(Store(db), highlights=False).add(articles[0])
    list(Stories(Store(db), highlights=False).add_all(articles[1:3]))
    list(Stories(Store(db), highlights=False).add_all(articles[3:]))
    whole = str(tmp_path / "whole.db")
    list(Stories(Store(whole), highlights=False).add_all(articles))
    assert placements(db) == placements(whole)


def test_two_writers_taking_turns_place_articles_as_one_run_does(db, tmp_path):
    # an ingest run and a service process: each writes a batch in turn and sees what the other stored
    articles = stream()
    one, other = Stories(Store(db), highlights=False), Stories(Store(db), highlights=False)
    for i, a in enumerate(articles):
        (one if i % 2 else other).add(a)
    whole = str(tmp_path / "whole.db")
    list(Stories(Store(whole), highlights=False).add_all(articles))
    assert placements(db) == placements(whole)


def test_an_article_summarized_elsewhere_is_stored_with_that_summary(db):
    from highlights.pipeline import Pipeline

    a = stream()[0]
    summary = Pipeline(FAST)(a).to_dict()
    placed = Stories(Store(db), highlights=False).add(a, summary=summary)
    stored = Store(db).article(placed.article)
    assert (stored.story, stored.topic) == (placed.story, placed.topic)
    assert stored.summary == json.loads(json.dumps(summary))  # the JSON contract as it was given
    assert Store(db).article(placed.article + 1) is None


def test_a_failure_while_writing_leaves_no_half_article(db, monkeypatch):
    s = Store(db)
    ingest = Stories(s, highlights=False)
    ingest.add(stream()[0])

    def broken(self):
        raise RuntimeError("disk full")  # after the article rows, before the groups' state

    monkeypatch.setattr(store_module.Writing, "flush", broken)
    with pytest.raises(RuntimeError):
        list(ingest.add_all(stream()[1:4]))
    monkeypatch.undo()
    assert Store(db).counts() == {"articles": 1, "stories": 1, "topics": 1}  # all three rolled back
    # the clusterer forgot them too: the rest of the run places them as a fresh run would
    list(ingest.add_all(stream()[1:]))
    whole = Store(db)
    assert whole.counts() == {"articles": 5, "stories": 2, "topics": 2}


def test_a_story_lists_its_articles_and_highlights_with_article_evidence(db):
    list(Stories(Store(db), settings=FAST).add_all(stream()))
    rows = listing(Store(db))
    assert [set(r) for r in rows] == [{"id", "title", "articles", "first", "last", "topic", "highlights"}] * 2
    quake = next(r for r in rows if "earthquake" in r["title"])
    assert (quake["articles"], quake["first"], quake["last"]) == (3, "2016-08-24", "2016-08-27")
    story = detail(Store(db), quake["id"], n=4)
    assert [a["date"] for a in story["articles"]] == ["2016-08-24", "2016-08-25", "2016-08-27"]
    texts = {a.id: a.text for a in Store(db).story(quake["id"]).articles}
    for h in story["highlights"]:
        (ev,) = h["evidence"]
        assert texts[ev["article"]][ev["start"]:ev["end"]].split() == h["text"].split()
    # the story has no headline of its own: its title is the later (08-27) opening cut at its clause boundary;
    # the two openings that say the same thing (38 and 247 dead) give one highlight, the later one
    assert story["title"] == "A strong earthquake struck central Italy near the town of Amatrice on Wednesday"
    (opening,) = [h for h in story["highlights"] if h["text"].startswith("A strong earthquake")]
    assert "247" in opening["text"]
    assert detail(Store(db), 999) is None


def test_whats_new_since_a_day_leaves_out_what_was_known_but_keeps_updates(db):
    import datetime as dt

    list(Stories(Store(db), settings=FAST).add_all(stream()))
    quake = next(r for r in listing(Store(db)) if "earthquake" in r["title"])

    def new(since):
        story = detail(Store(db), quake["id"], n=4, since=dt.date.fromisoformat(since))
        assert story["since"] == since
        return [(h["date"], h["text"]) for h in story["highlights"]]

    after_first = new("2016-08-24")
    assert {d for d, _ in after_first} == {"2016-08-25", "2016-08-27"}
    # 08-27 opens as 08-24 did, but with a new death toll: an update, so new
    assert ("2016-08-27", QUAKE[0].format(n=247).split(". ")[0] + ".") in after_first
    # its second sentence is word for word one of 08-24's: known
    assert not any(t.startswith("Rescuers searched the rubble") for d, t in after_first if d == "2016-08-27")
    assert [d for d, _ in new("2016-08-25")] == ["2016-08-27"]
    assert new("2016-08-27") == []
    assert "since" not in detail(Store(db), quake["id"])


def test_a_bad_database_url_is_a_settings_error():
    with pytest.raises(SettingsError, match="not a database path or URL"):
        Store("nosuchdialect://x")


def test_a_storys_figures_are_computed_once_per_version_and_again_when_it_grows(db, monkeypatch):
    from highlights.stories import view

    ingest = Stories(Store(db), settings=FAST)
    list(ingest.add_all(stream()[:2]))
    computed = []
    real = view.story_conflicts
    monkeypatch.setattr(view, "story_conflicts", lambda story: computed.append(story.version) or real(story))
    quake = next(r for r in listing(Store(db)) if "earthquake" in r["title"])["id"]
    first = detail(Store(db), quake)
    assert detail(Store(db), quake) == first and len(computed) == 1  # the second read finds it kept
    list(ingest.add_all(stream()[2:]))  # the story grows: a new version, computed again
    grown = detail(Store(db), quake)
    assert len(computed) == 2 and computed[0] != computed[1] and grown["articles_total"] > first["articles_total"]


def test_a_storys_articles_come_a_page_at_a_time(db):
    list(Stories(Store(db), settings=FAST).add_all(stream()))
    quake = next(r for r in listing(Store(db)) if "earthquake" in r["title"])
    whole = detail(Store(db), quake["id"])
    page = detail(Store(db), quake["id"], offset=1, limit=1)
    assert (whole["articles_total"], whole["offset"], whole["limit"]) == (3, 0, None)
    assert page["articles"] == whole["articles"][1:2] and page["articles_total"] == 3
    assert page["highlights"] == whole["highlights"] and page["conflicts"] == whole["conflicts"]
    assert detail(Store(db), quake["id"], offset=5, limit=2)["articles"] == []


def test_a_version_2_database_with_an_exports_dates_is_cleaned_on_upgrade(db):
    import datetime as dt

    list(Stories(Store(db), settings=FAST).add_all(stream()))
    s = Store(db)
    with s.database.begin() as conn:  # as an older Highlights stored an export's "no date", at version 2
        conn.execute(store_module.articles.update().where(store_module.articles.c.id == 1)
                     .values(published=dt.date(1, 1, 1)))
        conn.execute(store_module.stories.update().where(store_module.stories.c.id == 2)
                     .values(last=dt.date(9999, 12, 31)))
        conn.execute(sa.text("DROP TABLE story_views"))
        conn.execute(store_module.schema_version.delete())
        conn.execute(store_module.schema_version.insert().values(version=2))
    upgraded = Store(db)
    with upgraded.database.connect() as conn:
        assert conn.execute(sa.select(store_module.articles.c.published)
                            .where(store_module.articles.c.id == 1)).scalar() is None
        assert conn.execute(sa.select(store_module.stories.c.last).where(store_module.stories.c.id == 2)).scalar() is None
    assert listing(upgraded)[0]["last"] == "2016-08-27"  # latest first by real dates


def test_a_stored_date_out_of_range_sorts_as_none_and_reads_as_none(db):
    import datetime as dt

    list(Stories(Store(db), settings=FAST).add_all(stream()))
    s = Store(db)
    with s.database.begin() as conn:  # written behind the store's back: no migration will clean it
        conn.execute(store_module.stories.update().where(store_module.stories.c.id == 2)
                     .values(last=dt.date(9999, 12, 31)))
    rows = listing(s)
    assert rows[0]["last"] == "2016-08-27" and [r["last"] for r in rows if r["id"] == 2] == [None]


def test_a_read_while_a_writer_holds_the_database_answers_without_waiting_for_it(tmp_path):
    import time

    db = str(tmp_path / "busy.db")
    list(Stories(Store(db), settings=FAST).add_all(stream()))
    quake = next(r for r in listing(Store(db)) if "earthquake" in r["title"])["id"]
    writer = Store(db)
    with writer.database.begin() as conn:  # an ingest's transaction, holding SQLite's write lock
        conn.execute(store_module.articles.update().where(store_module.articles.c.id == 1).values(title="held"))
        started = time.monotonic()
        story = detail(Store(db), quake)  # its figures are computed, and cannot be kept now
        assert story is not None and time.monotonic() - started < 5  # was: 30 s, SQLite's busy timeout
    after = Store(db)
    assert after.view(after.story(quake), "conflicts") is None  # not kept while the writer held the database
    assert detail(after, quake)["conflicts"] == story["conflicts"]
    assert after.view(after.story(quake), "conflicts") == story["conflicts"]  # kept by the next read


# an article that is all captions and page furniture (no sentence can stand alone), and one in French
CAPTIONS = ("Amatrice earthquake: live updates\n\nPhoto: Rescuers search the rubble in Amatrice, central Italy\n\n"
            "Video: Italy earthquake death toll rises\n\nRead more: Amatrice earthquake\n\n"
            "Related: Aftershocks shake central Italy")
FRENCH = ("Le conseil municipal a voté lundi la fermeture du vieux pont. Les ingénieurs ont trouvé des fissures "
          "profondes dans deux de ses piles, et les réparations coûteraient environ quatre millions selon le maire.")


def declined_stream():
    """The stream with the two articles the summarizer declines, and an empty one, among the good ones."""
    good = stream()
    return [good[0], good[1], article(CAPTIONS, 5, "2016-08-25"), article(FRENCH, 6, "2016-08-25"),
            article("   ", 7), *good[2:]]


def test_an_article_the_summarizer_declines_is_stored_in_its_story_with_the_reason(db):
    from highlights import contract
    from highlights.errors import EmptyInputError

    results = list(Stories(Store(db), settings=FAST).add_all(declined_stream()))
    assert isinstance(results[4], EmptyInputError)  # an empty text is not an article: reported and skipped
    placed = [r for r in results if not isinstance(r, Exception)]
    assert len(placed) == 7 and Store(db).counts()["articles"] == 7
    assert [r.refused.code if r.refused else None for r in placed] == [
        None, None, "empty_input", "unsupported_language", None, None, None]

    captions, french = (Store(db).article(r.article) for r in placed[2:4])
    assert captions.summary["highlights"] == [] and captions.summary["text"] == CAPTIONS
    assert captions.summary["refused"]["error"] == "empty_input"
    assert captions.summary["refused"]["message"].startswith("has no sentence that can stand alone")
    assert french.summary["refused"]["message"].startswith("looks like French, not English")
    assert set(captions.summary) <= set(contract.STORED.names())
    assert set(captions.summary["refused"]) == set(contract.REFUSED.names())

    # the captions join the quake story by their words; its highlights come from the others
    quake = detail(Store(db), captions.story)
    assert {a["external_id"] for a in quake["articles"]} == {"0", "2", "4", "5"}
    assert [a["refused"]["error"] if a["refused"] else None for a in quake["articles"]].count("empty_input") == 1
    assert quake["highlights"] and all(e["article"] != captions.id for h in quake["highlights"] for e in h["evidence"])
    # a story whose only article has no highlights still has a title: its first sentence
    alone = detail(Store(db), french.story)
    assert alone["title"].startswith("Le conseil municipal a voté lundi") and alone["highlights"] == []
    assert alone["articles"][0]["refused"]["error"] == "unsupported_language"
    assert any(r["id"] == french.story and r["title"] == alone["title"] for r in listing(Store(db), limit=None))

    counts = Store(db).counts()
    again = list(Stories(Store(db), settings=FAST).add_all(declined_stream()))
    assert not any(r.new_article or r.refused for r in again if not isinstance(r, Exception))
    assert Store(db).counts() == counts
