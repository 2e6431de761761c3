"""Following feeds: rounds against a real server on loopback serving feeds of real pages (``../shared/data/pages``),
with the failures real sites have; no test reaches a name server or the internet."""
from __future__ import annotations

import datetime as dt
import os
import signal
import subprocess
import sys
import time

import pytest
import sqlalchemy as sa

from highlights.cli import main
from highlights.errors import FollowerBusyError, StoreError
from highlights.read import fetch as fetch_module
from highlights.read.fetch import Limits
from highlights.stories.follow import Follower, FollowSettings, one_at_a_time
from highlights.stories.ingest import Stories
from highlights.stories.store import Store, articles, feed_items
from highlights.stories.subscriptions import Subscriptions
from tests.conftest import SHARED, needs_shared
from tests.web import Feed, Site, atom, news_pages, opml, rss

pytestmark = needs_shared

LIMITS = Limits(allow_private=True, connect_timeout=2, read_timeout=1, total_timeout=10)
QUICK = FollowSettings(delay=0, backoff=0.01, max_wait=5, fallback_words=60)
LONG_TEXT = " ".join(["Flood waters rose across the valley on Monday, and the council opened three shelters."] * 8)


@pytest.fixture(scope="module")
def pages():
    return news_pages(SHARED, 12)


def items(site: Site, pages: list[dict], which: range, *, prefix: str = "/news") -> list[dict]:
    """Feed items for ``pages[which]``, each page served at its own path."""
    out = []
    for i in which:
        url = site.page(f"{prefix}/{i}.html", pages[i]["html"])
        out.append({"link": url, "title": pages[i]["title"] or f"story {i}", "guid": f"story-{i}",
                    "date": dt.datetime(2026, 11, 1, tzinfo=dt.UTC) + dt.timedelta(days=i)})
    return out


class Run:
    """A follower on a fresh database whose articles are placed without highlights (quick); ``waits`` holds what it
    slept."""

    def __init__(self, tmp_path, *, limits: Limits = LIMITS, settings: FollowSettings = QUICK, highlights=False,
                 db: str | None = None):
        self.store = Store(db or tmp_path / "stories.db")
        self.stories = Stories(self.store, highlights=highlights)
        self.waits: list[float] = []
        self.follower = Follower(self.store, one_at_a_time(lambda a, mark: self.stories.add(a, on_write=mark)),
                                 limits=limits, settings=settings, sleep=self.waits.append)
        self.subs = Subscriptions(self.store)

    def articles(self) -> int:
        return self.store.counts()["articles"]


# ------------------------------------------------------------------------------------------------------ rounds

def test_a_round_stores_each_item_once_and_a_second_round_is_answered_304(tmp_path, site, pages):
    run = Run(tmp_path)
    a, b = Feed(rss(items(site, pages, range(0, 4)))), Feed(atom(items(site, pages, range(4, 8))), "application/atom+xml")
    run.follower.subscribe([site.route("/a.rss", a), site.route("/b.atom", b)])
    first = run.follower.round()
    assert (first.feeds, first.changed, first.new, sum(first.failed.values())) == (2, 2, 8, 0)
    assert run.articles() == 8 and run.subs.item_counts() == {"stored": 8}
    second = run.follower.round()
    assert (second.not_modified, second.new, second.changed) == (2, 0, 0)
    assert a.answers == {200: 1, 304: 1} and b.answers == {200: 1, 304: 1}
    conditional = [h for p, h in site.requests if p == "/a.rss"][-1]
    assert conditional["If-None-Match"] == '"v1"' and "If-Modified-Since" in conditional


def test_rounds_and_the_lease_on_sqlite_and_postgresql(db, tmp_path, site, pages):
    run = Run(tmp_path, db=db)
    listed = items(site, pages, range(0, 3))
    feed = Feed(rss([*listed, listed[0]]))
    run.follower.subscribe([site.route("/feed", feed), site.route("/same", Feed(rss(listed[:1])))])
    first = run.follower.round()
    assert (first.new, first.known, run.articles()) == (3, 1, 3)
    assert run.follower.round().not_modified == 2
    assert run.subs.take_lease(seconds=60, owner="elsewhere:1") == run.follower.owner  # held since the round
    run.follower.release()
    assert run.subs.take_lease(seconds=60, owner="elsewhere:1") is None
    with pytest.raises(FollowerBusyError):
        run.follower.round()
    assert run.subs.remove(1).url == site.url("/feed") and run.articles() == 3  # its articles stay


def test_a_feed_that_changes_between_rounds_adds_only_its_new_items(tmp_path, site, pages):
    run = Run(tmp_path)
    listed = items(site, pages, range(0, 6))
    feed = Feed(rss(listed[:3]))
    run.follower.subscribe([site.route("/feed", feed)])
    assert run.follower.round().new == 3
    feed.update(rss(listed[2:6]))  # one old item still listed, three new
    second = run.follower.round()
    assert (second.changed, second.new, second.known) == (1, 3, 0)
    assert run.articles() == 6
    fetched = [p for p, _ in site.requests if p.startswith("/news/")]
    assert len(fetched) == len(set(fetched)) == 6  # no page fetched twice


def test_an_item_listed_twice_or_in_two_feeds_is_read_once(tmp_path, site, pages):
    run = Run(tmp_path)
    listed = items(site, pages, range(0, 3))
    twice = Feed(rss([*listed, listed[0]]))  # the same guid twice in one feed
    other = Feed(rss([{**listed[1], "guid": "elsewhere-1"}]))  # the same page under another feed's id
    run.follower.subscribe([site.route("/one", twice), site.route("/two", other)])
    result = run.follower.round()
    assert (result.new, result.known) == (3, 1)
    assert run.articles() == 3 and run.subs.item_counts() == {"stored": 4}
    assert [p for p, _ in site.requests].count("/news/1.html") == 1


def test_an_opml_list_by_file_and_by_url_adds_its_feeds(tmp_path, site, pages):
    run = Run(tmp_path)
    a = site.route("/a.rss", Feed(rss(items(site, pages, range(0, 2)))))
    b = site.route("/b.rss", Feed(rss(items(site, pages, range(2, 4)))))
    listing = tmp_path / "feeds.opml"
    listing.write_text(opml([a]))
    assert [f.url for f in run.follower.subscribe([str(listing)])] == [a]
    run.follower.subscribe([site.page("/list.opml", opml([a, b]), ctype="text/x-opml")])
    result = run.follower.round()  # the list by URL is read in the round, and its new feed polled in the same round
    assert result.new == 4 and [f.url for f in run.subs.feeds()] == [a, site.url("/list.opml"), b]


# ------------------------------------------------------------------------------------------------------ failures

def test_pages_that_fail_are_recorded_by_reason_and_the_others_stored(tmp_path, site, pages):
    run = Run(tmp_path)
    good = items(site, pages, range(0, 2))
    bad = [
        {"link": site.page("/gone", "", status=410), "guid": "gone", "title": "Gone"},
        {"link": site.page("/missing", "", status=404), "guid": "missing", "title": "Missing"},
        {"link": site.page("/report.pdf", b"%PDF-1.7", ctype="application/pdf"), "guid": "pdf", "title": "A PDF"},
        {"link": site.redirect("/loop", site.url("/loop")), "guid": "loop", "title": "Loop"},
        {"link": site.page("/big", b"x" * 20_000_000, ctype="text/html"), "guid": "big", "title": "Huge page"},
    ]
    run.follower.subscribe([site.route("/feed", Feed(rss(good + bad)))])
    result = run.follower.round()
    assert result.new == 2
    assert result.failed == {"http_status": 2, "content_type": 1, "too_many_redirects": 1, "too_large": 1}
    assert run.follower.round().failed == {}  # none of these is tried again: no later round can mend them
    feed = run.subs.feeds()[0]
    assert (feed.items, feed.stored) == (7, 2)


def test_a_page_that_cannot_be_had_is_read_from_the_feeds_own_text_when_it_is_long_enough(tmp_path, site):
    run = Run(tmp_path)
    pdf = site.page("/report.pdf", b"%PDF-1.7", ctype="application/pdf")
    run.follower.subscribe([site.route("/feed", Feed(rss([
        {"link": pdf, "guid": "pdf", "title": "Floods in the valley", "text": f"<p>{LONG_TEXT}</p>"},
        {"link": site.page("/teaser", "", status=404), "guid": "teaser", "title": "Short", "text": "Read more."}])))])
    result = run.follower.round()
    assert (result.new, result.from_feed, dict(result.failed)) == (1, 1, {"http_status": 1})
    with run.store.database.connect() as conn:
        title, text, url = conn.execute(sa.select(articles.c.title, articles.c.text, articles.c.url)).one()
    assert title == "Floods in the valley" and text.startswith("Flood waters rose") and url == pdf


def test_a_slow_page_times_out_and_is_tried_again_next_round(tmp_path, site, pages):
    run = Run(tmp_path, limits=Limits(allow_private=True, connect_timeout=1, read_timeout=0.3, total_timeout=3))
    slow = {"on": True}

    def page(h):
        if slow["on"]:
            time.sleep(1.0)
        h.answer(200, pages[0]["html"].encode(), "text/html")

    listed = [{"link": site.route("/slow", page), "guid": "slow", "title": "Slow"}, *items(site, pages, range(1, 3))]
    run.follower.subscribe([site.route("/feed", Feed(rss(listed)))])
    first = run.follower.round()
    assert (first.new, dict(first.failed)) == (2, {"timeout": 1})
    assert len(run.waits) == QUICK.retries  # tried again within the round, after a backoff
    slow["on"] = False
    second = run.follower.round()  # the feed did not change (304), and the item is still tried
    assert (second.not_modified, second.new) == (1, 1) and run.articles() == 3


def test_a_server_error_is_retried_with_backoff_within_the_round(tmp_path, site, pages):
    run = Run(tmp_path)
    answers = iter([500, 503, 200])

    def page(h):
        status = next(answers)
        h.answer(status, pages[0]["html"].encode() if status == 200 else b"", "text/html")

    run.follower.subscribe([site.route("/feed", Feed(rss([{"link": site.route("/flaky", page), "guid": "f"}])))])
    assert run.follower.round().new == 1
    assert run.waits == [QUICK.backoff, QUICK.backoff * 2]


def test_429_is_retried_after_the_servers_retry_after(tmp_path, site, pages):
    run = Run(tmp_path)
    feed = Feed(rss(items(site, pages, range(0, 2))))
    calls = {"n": 0}

    def limited(h):
        calls["n"] += 1
        if calls["n"] == 1:
            h.answer(429, b"", "text/plain", {"Retry-After": "3"})
        else:
            feed(h)

    run.follower.subscribe([site.route("/feed", limited)])
    assert run.follower.round().new == 2 and run.waits == [3.0]


def test_a_retry_after_longer_than_a_round_leaves_the_feed_for_a_later_round(tmp_path, site, pages):
    run = Run(tmp_path)
    run.follower.subscribe([site.page("/feed", "", status=503, headers={"Retry-After": "7200"})])
    first = run.follower.round()
    assert first.feeds_failed == {"http_status": 1} and run.waits == []
    feed = run.subs.feeds()[0]
    assert feed.status == "failed" and "7200 s" in feed.message and feed.next_at > dt.datetime.now() + dt.timedelta(hours=1)
    second = run.follower.round()
    assert (second.feeds, second.later) == (0, 1)
    assert [p for p, _ in site.requests].count("/feed") == 1


@pytest.mark.parametrize(("body", "ctype", "reason"), [
    (b"\x89PNG\r\n\x1a\n", "image/png", "content_type"),
    (b"hello, this is no feed at all", "text/plain", "malformed"),
    (b"<?xml version='1.0'?><opml><body></body></opml>", "text/xml", "malformed"),
])
def test_a_feed_that_is_not_one_fails_with_its_reason(tmp_path, site, body, ctype, reason):
    run = Run(tmp_path)
    run.follower.subscribe([site.page("/feed", body, ctype=ctype)])
    result = run.follower.round()
    assert result.feeds_failed == {reason: 1}
    assert run.subs.feeds()[0].failures == 1 and run.follower.round().feeds_failed == {reason: 1}
    assert run.subs.feeds()[0].failures == 2


def test_broken_xml_that_still_lists_items_is_read(tmp_path, site, pages):
    run = Run(tmp_path)
    listed = items(site, pages, range(0, 2))
    broken = rss(listed).replace("</channel></rss>", "<item><title>cut off &nbsp")
    run.follower.subscribe([site.page("/feed", broken, ctype="application/rss+xml")])
    assert run.follower.round().new == 2


# ------------------------------------------------------------------------------------------------------ safety

def test_the_service_follower_never_requests_a_blocked_address(tmp_path, site, monkeypatch, pages):
    names = {"news.example": ["127.0.0.1"]}  # stands in for a public address (as in the fetch tests)
    monkeypatch.setattr(fetch_module, "resolve", lambda host, port: names[host])
    real = fetch_module.blocked
    monkeypatch.setattr(fetch_module, "blocked", lambda a: None if a == "127.0.0.1" else real(a))
    run = Run(tmp_path, limits=Limits(allow_private=False, connect_timeout=1, read_timeout=1, total_timeout=5))
    public = f"http://news.example:{site.port}"
    site.redirect("/to-loopback", f"http://127.0.0.2:{site.port}/secret")
    site.redirect("/to-metadata", "http://169.254.169.254/latest/meta-data/")
    run.follower.subscribe([site.route("/feed", Feed(rss([
        {"link": f"{public}/to-loopback", "guid": "a"}, {"link": f"{public}/to-metadata", "guid": "b"}]))),
        f"http://127.0.0.2:{site.port}/feed"])
    result = run.follower.round()
    # the feed at 127.0.0.1 is refused before any request (127.0.0.1 stands for public only under its name)
    assert result.feeds_failed == {"blocked_address": 1}
    assert result.failed == {"blocked_address": 2}  # both items' redirects, refused before connecting
    assert "/secret" not in [p for p, _ in site.requests] and "/feed" in [p for p, _ in site.requests]


# ------------------------------------------------------------------------------------------------------ the lease

def test_a_second_follower_is_refused_while_the_first_holds_the_lease(tmp_path, site):
    run = Run(tmp_path)
    run.follower.subscribe([site.route("/feed", Feed(rss([])))])
    assert run.subs.take_lease(seconds=60, owner="elsewhere:1") is None
    with pytest.raises(FollowerBusyError, match="another follower \\(elsewhere:1\\)"):
        run.follower.round()


def test_the_lease_of_a_process_that_died_is_taken_over(tmp_path, site):
    run = Run(tmp_path)
    run.follower.subscribe([site.route("/feed", Feed(rss([])))])
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    assert run.subs.take_lease(seconds=600, owner=f"{os.uname().nodename}:{dead.pid}") is None
    assert run.follower.round().feeds == 1


# ------------------------------------------------------------------------------------------------------ the CLI

def test_follow_once_then_feeds_lists_each_feed_and_its_last_round(tmp_path, site, pages, capsys):
    db = str(tmp_path / "s.db")
    url = site.route("/feed", Feed(rss(items(site, pages, range(0, 2)))))
    assert main(["follow", "--once", "--delay", "0", "--db", db, url]) == 0
    err = capsys.readouterr().err
    assert f"following {url} (feed 1)" in err
    assert "1 feed(s): 1 changed, 0 not modified; 2 new article(s) (2 new stories, 0 updated)" in err
    assert main(["follow", "--once", "--delay", "0", "--db", db]) == 0  # the database's feeds
    assert "0 changed, 1 not modified; 0 new article(s)" in capsys.readouterr().err
    assert main(["feeds", "--db", db, "-f", "json"]) == 0
    (feed,) = __import__("json").loads(capsys.readouterr().out)
    assert (feed["url"], feed["items"], feed["stored"], feed["last_round"]["status"]) == (url, 2, 2, "not_modified")
    assert main(["feeds", "--db", db, "--remove", url]) == 0 and main(["feeds", "--db", db, "--remove", "1"]) == 2


def test_follow_says_what_is_wrong_with_its_arguments(tmp_path, capsys):
    db = str(tmp_path / "s.db")
    assert main(["follow", "--once", "--db", db]) == 2
    assert "no feeds to follow" in capsys.readouterr().err
    listing = tmp_path / "notes.txt"
    listing.write_text("just notes")
    assert main(["follow", "--once", "--db", db, str(listing)]) == 2
    assert "is not an OPML list of feeds" in capsys.readouterr().err
    with pytest.raises(SystemExit):
        main(["follow", "--every", "soon", "--db", db])
    assert "expected a duration such as 30s, 10m or 1h" in capsys.readouterr().err
    assert main(["feeds", "--db", str(tmp_path / "typo.db")]) == 2 and not (tmp_path / "typo.db").exists()


# ------------------------------------------------------------------------------------------------------ killed

def page_of(i: int) -> str:
    """A news page of its own for item ``i`` (distinct text, so that each is its own article)."""
    return (f"<html><head><title>Floods, day {i}</title></head><body><article>"
            f"<p>(CNN) Flood waters rose for the {i}th day across the valley on Monday, officials said.</p>"
            f"<p>The council opened {i + 3} shelters and asked {i * 100 + 50} families to leave their homes.</p>"
            "<p>Forecasters expect more rain over the weekend, the weather service said.</p></article></body></html>")


KILLED = """
import sys, time
from highlights.cli import main
sys.exit(main(sys.argv[1:]))
"""


def test_a_run_killed_mid_round_then_restarted_stores_every_item_exactly_once(tmp_path, pages):
    site = Site()
    try:
        def slow(i):
            def answer(h):
                time.sleep(0.15)
                h.answer(200, page_of(i).encode(), "text/html")
            return answer

        feeds = []
        for f in range(4):
            listed = [{"link": site.route(f"/f{f}/{k}", slow(f * 5 + k)), "guid": f"{f}-{k}", "title": f"item {f}-{k}",
                       "text": f"Item {f}-{k}. " + LONG_TEXT} for k in range(5)]
            feeds.append(site.route(f"/feed{f}", Feed(rss(listed))))
        db = tmp_path / "s.db"
        args = [sys.executable, "-c", KILLED, "follow", "--once", "--no-highlights", "--delay", "0", "--workers", "0",
                "--db", str(db), *feeds]
        env = {**os.environ, "HF_HUB_OFFLINE": "1"}
        proc = subprocess.Popen(args, env=env, stderr=subprocess.PIPE, text=True)
        deadline = time.monotonic() + 60
        stored = 0
        while time.monotonic() < deadline and stored < 1:
            time.sleep(0.1)
            if db.exists():
                try:
                    stored = Subscriptions(Store(db)).item_counts().get("stored", 0)
                except StoreError:
                    continue
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        assert 1 <= stored < 20, "the run was not killed mid-round"
        again = subprocess.run(args, env=env, capture_output=True, text=True, timeout=120)
        assert again.returncode == 0, again.stderr
        store = Store(db)
        assert Subscriptions(store).item_counts() == {"stored": 20}
        with store.database.connect() as conn:
            assert conn.execute(sa.select(sa.func.count()).select_from(articles)).scalar() == 20
            linked = conn.execute(sa.select(feed_items.c.article_id)).scalars().all()
        assert len(set(linked)) == 20  # each item its own article, none twice
    finally:
        site.close()


def test_follow_every_runs_rounds_until_interrupted_then_lets_the_lease_go(tmp_path, pages):
    site = Site()
    try:
        url = site.route("/feed", Feed(rss(items(site, pages, range(0, 1)))))
        db = tmp_path / "s.db"
        proc = subprocess.Popen([sys.executable, "-c", KILLED, "follow", "--every", "1s", "--no-highlights", "--delay",
                                 "0", "--workers", "0", "--db", str(db), url], env={**os.environ, "HF_HUB_OFFLINE": "1"},
                                stderr=subprocess.PIPE, text=True)
        rounds = []
        deadline = time.monotonic() + 60
        while len(rounds) < 2 and time.monotonic() < deadline:
            line = proc.stderr.readline()
            if "round at" in line:
                rounds.append(line)
        proc.send_signal(signal.SIGINT)
        assert proc.wait(timeout=30) == 130
        assert "1 new article(s)" in rounds[0] and "1 not modified; 0 new article(s)" in rounds[1]
        assert Subscriptions(Store(db)).take_lease(seconds=5, owner="next:1") is None  # released, not left to expire
    finally:
        site.close()


def test_follow_every_skips_a_round_while_another_follower_holds_the_lease(tmp_path, pages, capsys):
    site = Site()
    try:
        url = site.route("/feed", Feed(rss(items(site, pages, range(0, 1)))))
        db = tmp_path / "s.db"
        subs = Subscriptions(Store(db))
        assert subs.take_lease(seconds=60, owner="elsewhere:1") is None
        assert main(["follow", "--once", "--db", str(db), url]) == 2  # one round asked for, none possible
        assert "another follower (elsewhere:1)" in capsys.readouterr().err
        proc = subprocess.Popen([sys.executable, "-c", KILLED, "follow", "--every", "1s", "--no-highlights", "--delay",
                                 "0", "--workers", "0", "--db", str(db)], env={**os.environ, "HF_HUB_OFFLINE": "1"},
                                stderr=subprocess.PIPE, text=True)
        first = proc.stderr.readline()
        subs.release("elsewhere:1")
        deadline = time.monotonic() + 60
        line = ""
        while "round at" not in line and time.monotonic() < deadline:
            line = proc.stderr.readline()
        proc.send_signal(signal.SIGINT)
        assert proc.wait(timeout=30) == 130
        assert "no round this time" in first and "1 new article(s)" in line
    finally:
        site.close()
