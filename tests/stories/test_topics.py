"""The topic listing (``Store.topic_list``, ``view.topic_listing``) and the stories ordered by size or of one topic,
on hand-made stories whose sizes and dates can be checked by eye, on SQLite and on PostgreSQL."""
from __future__ import annotations

import datetime as dt

import pytest

from highlights.errors import SettingsError
from highlights.stories import store as store_module
from highlights.stories.store import Store
from highlights.stories.view import listing, topic_listing

# topic -> its stories: (id, articles, first, last); story 90 was merged into story 1 and no longer counts
QUAKE, VOTE, ONE_OFF = 1, 2, 3
STORIES = {
    QUAKE: [(1, 5, "2016-08-24", "2016-09-02"), (2, 2, "2016-08-30", "2016-08-31"), (3, 2, "2016-09-05", "2016-09-05"),
            (4, 1, "2016-09-10", "2016-09-10"), (5, 1, "2016-08-25", "2016-08-25")],
    VOTE: [(6, 3, "2016-10-01", "2016-10-04"), (7, 1, "2016-10-20", "2016-10-20")],
    ONE_OFF: [(8, 1, "2016-07-01", "2016-07-01")],
}


def day(iso: str) -> dt.date:
    return dt.date.fromisoformat(iso)


def filled(db: str) -> Store:
    """A store holding ``STORIES`` as the clusterer would have left them (only what a listing reads)."""
    s = Store(db)
    state = {"seen": 0, "terms": "", "names": "", "norm2": 0.0, "merged_into": None}
    with s.database.begin() as conn:
        conn.execute(store_module.topics.insert(), [{"id": t, "size": 0, **state} for t in STORIES])
        conn.execute(store_module.stories.insert(), [
            {"id": sid, "topic_id": t, "size": size, "first": day(first), "last": day(last), "title": f"story {sid}",
             **state} for t, rows in STORIES.items() for sid, size, first, last in rows])
        conn.execute(store_module.stories.insert(), [{"id": 90, "topic_id": VOTE, "size": 9, "first": day("2016-12-01"),
                                                      "last": day("2016-12-31"), "title": "merged", **{
                                                          **state, "merged_into": 6}}])
    return s


def test_topics_come_largest_first_with_their_span_and_their_largest_stories(db):
    topics = topic_listing(filled(db))
    assert [(t["id"], t["articles"], t["stories"], t["first"], t["last"]) for t in topics] == [
        (QUAKE, 11, 5, "2016-08-24", "2016-09-10"), (VOTE, 4, 2, "2016-10-01", "2016-10-20"),
        (ONE_OFF, 1, 1, "2016-07-01", "2016-07-01")]  # the merged-away story 90 counts nowhere
    quake = topics[0]
    assert quake["title"] == "story 1"  # its largest story's
    # the largest first; of the two with 2 articles, the later one (story 3) first; the one-article stories folded
    assert [(s["id"], s["articles"]) for s in quake["top_stories"]] == [(1, 5), (3, 2), (2, 2)]
    assert (quake["single_stories"], quake["other_stories"]) == (2, 0)
    assert quake["top_stories"][0] == {"id": 1, "title": "story 1", "articles": 5, "first": "2016-08-24",
                                       "last": "2016-09-02"}


def test_a_topic_of_one_article_stories_lists_its_largest_and_counts_the_rest(db):
    s = filled(db)
    one_off = topic_listing(s)[2]
    assert ([st["id"] for st in one_off["top_stories"]], one_off["single_stories"]) == ([8], 0)
    with s.database.begin() as conn:  # a second one-article story joins it, later
        conn.execute(store_module.stories.insert().values(
            id=9, topic_id=ONE_OFF, size=1, first=day("2016-07-03"), last=day("2016-07-03"), title="story 9", seen=0,
            terms="", names="", norm2=0.0))
    one_off = topic_listing(s)[2]
    assert ([st["id"] for st in one_off["top_stories"]], one_off["single_stories"], one_off["stories"]) == ([9], 1, 2)


def test_stories_past_the_limit_are_counted_not_listed(db):
    quake = topic_listing(filled(db), stories_per_topic=2)[0]
    assert [st["id"] for st in quake["top_stories"]] == [1, 3]
    assert (quake["other_stories"], quake["single_stories"]) == (1, 2)
    assert len(quake["top_stories"]) + quake["other_stories"] + quake["single_stories"] == quake["stories"]


def test_recent_order_puts_the_topic_with_the_latest_article_first(db):
    assert [t["id"] for t in topic_listing(filled(db), order="recent")] == [VOTE, QUAKE, ONE_OFF]


@pytest.mark.parametrize(("filters", "expected"), [
    ({"min_size": 4}, [QUAKE, VOTE]),
    ({"min_size": 12}, []),
    ({"since": day("2016-09-15")}, [VOTE]),  # the quake's last article is of 2016-09-10
    ({"since": day("2016-09-10")}, [QUAKE, VOTE]),  # on the day counts
    ({"until": day("2016-07-31")}, [ONE_OFF]),
    ({"since": day("2016-09-01"), "until": day("2016-09-30")}, [QUAKE]),  # the span meets the window
    ({"limit": 1}, [QUAKE]),
])
def test_topics_are_filtered_by_size_and_dates(db, filters, expected):
    assert [t["id"] for t in topic_listing(filled(db), **filters)] == expected


def test_an_empty_store_lists_no_topics_and_a_bad_order_is_refused(db):
    s = Store(db)
    assert topic_listing(s) == [] and s.topic_list(order="recent", since=day("2016-01-01")) == []
    with pytest.raises(SettingsError, match="order: expected one of size, recent, got 'biggest'"):
        s.topic_list(order="biggest")
    with pytest.raises(SettingsError, match="order"):
        s.story_list(order="")


def test_a_date_out_of_range_is_no_topics_last_day(db):
    s = filled(db)
    with s.database.begin() as conn:  # written behind the store's back, as before dates were checked
        conn.execute(store_module.stories.update().where(store_module.stories.c.id == 8).values(last=day("9999-12-31")))
    one_off = next(t for t in topic_listing(s, order="recent") if t["id"] == ONE_OFF)
    assert one_off["last"] is None and one_off["first"] == "2016-07-01"
    assert [t["id"] for t in topic_listing(s, order="recent")] == [VOTE, QUAKE, ONE_OFF]


def test_stories_by_size_or_of_one_topic_and_the_default_order_kept(db):
    s = filled(db)
    assert [r.id for r in s.story_list()] == [7, 6, 4, 3, 1, 2, 5, 8]  # latest first, as before
    assert [r.id for r in s.story_list(order="size")] == [1, 6, 3, 2, 7, 4, 5, 8]
    assert [r.id for r in s.story_list(order="size", topic=QUAKE)] == [1, 3, 2, 4, 5]
    assert [r["id"] for r in listing(s, order="size", topic=QUAKE, min_size=2, n=1)] == [1, 3, 2]
    assert s.story_list(topic=999) == []
