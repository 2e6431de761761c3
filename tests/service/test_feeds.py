"""The feeds API (/v1/feeds) and the service's poller: rounds summarized by the workers, public addresses only
unless HIGHLIGHTS_FETCH_PRIVATE, one poller at a time per database."""
from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from highlights import Settings
from highlights.read import fetch as fetch_module
from highlights.service import ServiceSettings
from highlights.service.app import create_app
from highlights.stories.store import Store
from highlights.stories.subscriptions import Subscriptions
from tests.web import Feed, Site, rss

PAGE = ("<html><head><title>Floods close schools in Leeds</title></head><body><article>"
        "<p>(CNN) Rain fell all day on Monday in Leeds, and rivers rose across the north of England.</p>"
        "<p>Roads across the city flooded by noon, the council said in a statement.</p>"
        "<p>Schools stayed shut on Tuesday as {n} crews pumped water from the streets.</p></article></body></html>")


def serve(tmp_path, **more):
    """A TestClient of an app on its own database; rounds are run by the test (``app.state.poller.round()``)."""
    service = ServiceSettings(db=str(tmp_path / "stories.db"), follow_every=0, follow_delay=0, **more)
    return TestClient(create_app(Settings(method="lead"), service))


def feed_of(site: Site, n: int) -> str:
    listed = [{"link": site.page(f"/news/{i}", PAGE.format(n=10 + i)), "guid": f"n{i}", "title": f"Floods {i}"}
              for i in range(n)]
    return site.route("/feed", Feed(rss(listed)))


def test_feeds_are_added_listed_and_removed(tmp_path, site):
    with serve(tmp_path) as client:
        url = feed_of(site, 1)
        first = client.post("/v1/feeds", json={"url": url})
        assert first.status_code == 201 and first.json()["url"] == url and first.json()["last_round"] is None
        assert client.post("/v1/feeds", json={"url": url}).status_code == 200  # followed already
        listed = client.get("/v1/feeds").json()
        assert [f["url"] for f in listed["feeds"]] == [url] and listed["every"] == 0
        feed_id = first.json()["id"]
        assert client.delete(f"/v1/feeds/{feed_id}").status_code == 200
        missing = client.delete(f"/v1/feeds/{feed_id}")
        assert missing.status_code == 404 and missing.json()["error"] == "not_found"


@pytest.mark.parametrize("url", ["file:///etc/passwd", "ftp://example.com/feed", "example.com/rss", " "])
def test_a_feed_that_is_not_an_http_address_is_refused(tmp_path, url):
    with serve(tmp_path) as client:
        r = client.post("/v1/feeds", json={"url": url})
        assert r.status_code == 422 and r.json()["fields"][0]["field"] == "url"


def test_a_round_summarizes_new_items_in_the_workers_and_places_them(tmp_path, site):
    with serve(tmp_path, fetch_private=True) as client:
        client.post("/v1/feeds", json={"url": feed_of(site, 3)})
        result = client.app.state.poller.round()
        assert (result.new, dict(result.failed)) == (3, {})
        (feed,) = client.get("/v1/feeds").json()["feeds"]
        assert (feed["items"], feed["stored"], feed["last_round"]["status"], feed["last_round"]["new"]) == \
               (3, 3, "changed", 3)
        stories = client.get("/v1/stories").json()
        assert sum(s["articles"] for s in stories) == 3 and all(s["highlights"] for s in stories)
        again = client.app.state.poller.round()
        assert (again.not_modified, again.new) == (1, 0)


def test_the_service_fetches_no_loopback_feed_by_default(tmp_path, site):
    with serve(tmp_path) as client:
        client.post("/v1/feeds", json={"url": feed_of(site, 1)})
        result = client.app.state.poller.round()
        assert result.feeds_failed == {"blocked_address": 1}
        (feed,) = client.get("/v1/feeds").json()["feeds"]
        assert feed["last_round"]["error"] == "blocked_address" and "loopback" in feed["last_round"]["message"]
    assert site.requests == []


def test_redirects_to_loopback_and_metadata_addresses_are_never_requested(tmp_path, site, monkeypatch):
    public = Site(host="127.0.0.2")  # stands in for a public site: its name resolves to 127.0.0.2, allowed here only
    monkeypatch.setattr(fetch_module, "resolve", lambda host, port: {"news.example": ["127.0.0.2"]}[host])
    real = fetch_module.blocked
    monkeypatch.setattr(fetch_module, "blocked", lambda a: None if a == "127.0.0.2" else real(a))
    try:
        secret = site.page("/secret", "internal")  # on 127.0.0.1: what a redirect must never reach
        name = f"http://news.example:{public.port}"
        public.redirect("/a", secret)
        public.redirect("/b", "http://169.254.169.254/latest/meta-data/")
        public.route("/feed", Feed(rss([{"link": f"{name}/a", "guid": "a"}, {"link": f"{name}/b", "guid": "b"}])))
        with serve(tmp_path) as client:
            client.post("/v1/feeds", json={"url": f"{name}/feed"})
            result = client.app.state.poller.round()
            assert result.changed == 1 and result.failed == {"blocked_address": 2}
        assert [p for p, _ in public.requests] == ["/robots.txt", "/feed", "/a", "/b"]
        assert site.requests == []  # nothing reached 127.0.0.1
    finally:
        public.close()


def test_one_poller_at_a_time_per_database(tmp_path, site):
    with serve(tmp_path, fetch_private=True) as one, serve(tmp_path, fetch_private=True) as two:
        one.post("/v1/feeds", json={"url": feed_of(site, 1)})
        subs = Subscriptions(Store(tmp_path / "stories.db"))
        assert subs.take_lease(seconds=60, owner=one.app.state.poller.follower().owner) is None
        assert two.app.state.poller.round() is None  # the other holds the lease
        assert one.app.state.poller.round().new == 1


def test_a_server_without_a_database_yet_makes_none_for_its_rounds(tmp_path):
    with serve(tmp_path) as client:
        assert client.app.state.poller.round() is None
    assert not (tmp_path / "stories.db").exists()


def test_the_feed_schemas_document_every_field_a_feed_has(tmp_path):
    from highlights.service.schemas import FeedOut, FeedRoundOut
    from highlights.stories.subscriptions import FeedRow, now

    row = FeedRow(id=1, url="https://example.com/rss", checked_at=now(), status="changed").to_dict()
    assert list(FeedOut.model_fields) == list(row)
    assert list(FeedRoundOut.model_fields) == list(row["last_round"])
    FeedOut.model_validate(row)  # and each has the documented type


def test_the_background_poller_reads_a_feed_soon_after_it_is_added(tmp_path, site):
    import time

    service = ServiceSettings(db=str(tmp_path / "stories.db"), follow_every=3600, follow_delay=0, fetch_private=True)
    with TestClient(create_app(Settings(method="lead"), service)) as client:
        client.post("/v1/feeds", json={"url": feed_of(site, 2)})  # wakes the poller: no hour's wait
        deadline = time.monotonic() + 60
        feed = {}
        while time.monotonic() < deadline:
            (feed,) = client.get("/v1/feeds").json()["feeds"]
            if feed["stored"] == 2 and feed["last_round"]["new"] == 2:  # (its counts are written as the round ends)
                break
            time.sleep(0.2)
        assert feed["stored"] == 2 and feed["last_round"]["new"] == 2
        assert sum(s["articles"] for s in client.get("/v1/stories").json()) == 2
