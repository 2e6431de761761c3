"""The stories API: POST /v1/articles, GET /v1/stories, GET /v1/stories/{id}, GET /v1/articles/{id}, as the
CLI's ingest / stories / story on the same database."""
from __future__ import annotations

import json

import pytest
from fastapi.testclient import TestClient

from highlights import Settings
from highlights.cli import main
from highlights.service import ServiceSettings
from highlights.service.app import create_app
from highlights.words import tokens

from ..stories.test_cluster import ELECTION, QUAKE

FAST = {"method": "lead"}


def quake(i: int) -> dict:
    return {"text": QUAKE[i % 2].format(n=38 + i), "date": f"2016-08-2{4 + i}", "title": "Earthquake in Italy",
            "id": f"q{i}", "url": f"https://example.org/quake/{i}", **FAST}


def election(i: int) -> dict:
    return {"text": ELECTION[i % 2].format(n=31 + i), "date": "2016-08-26", **FAST}


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    db = str(tmp_path_factory.mktemp("stories") / "stories.db")
    app = create_app(Settings(), ServiceSettings(db=db))
    with TestClient(app) as client:
        yield client, db


def test_articles_are_placed_in_stories_and_read_back_as_the_cli_reads_them(served, capsys):
    client, db = served
    first = client.post("/v1/articles", json=quake(0))
    assert first.status_code == 201
    placed = first.json()
    assert placed["new_article"] and placed["new_story"] and placed["summary"]["highlights"]
    second = client.post("/v1/articles", json=quake(1)).json()
    assert (second["story"], second["new_story"]) == (placed["story"], False)
    other = client.post("/v1/articles", json=election(0)).json()
    assert other["story"] != placed["story"] and other["new_story"]

    again = client.post("/v1/articles", json=quake(1))  # the same text: stored once
    assert again.status_code == 200
    assert {k: again.json()[k] for k in ("article", "story", "new_article")} == {
        "article": second["article"], "story": second["story"], "new_article": False}

    listed = client.get("/v1/stories").json()
    assert main(["stories", "--db", db, "--format", "json"]) == 0
    assert listed == json.loads(capsys.readouterr().out)
    assert [(s["title"], s["articles"], s["first"], s["last"]) for s in listed] == [  # latest first
        (listed[0]["title"], 1, "2016-08-26", "2016-08-26"), ("Earthquake in Italy", 2, "2016-08-24", "2016-08-25")]
    assert listed[0]["title"].startswith("Voters in Portugal")
    assert client.get("/v1/stories", params={"min_size": 2}).json() == listed[1:]

    story = client.get(f"/v1/stories/{placed['story']}", params={"count": 2}).json()
    assert main(["story", str(placed["story"]), "--db", db, "--format", "json", "-n", "2"]) == 0
    assert story == json.loads(capsys.readouterr().out)
    assert [a["url"] for a in story["articles"]] == ["https://example.org/quake/0", "https://example.org/quake/1"]
    assert [a["external_id"] for a in story["articles"]] == ["q0", "q1"]
    assert 1 <= len(story["highlights"]) <= 2
    new = client.get(f"/v1/stories/{placed['story']}", params={"since": "2016-08-24"}).json()
    assert main(["story", str(placed["story"]), "--db", db, "--format", "json", "--since", "2016-08-24"]) == 0
    assert new == json.loads(capsys.readouterr().out)
    assert new["since"] == "2016-08-24" and new["highlights"] and {h["date"] for h in new["highlights"]} == {"2016-08-25"}
    timeline = client.get(f"/v1/stories/{placed['story']}/timeline", params={"dates": 2, "per_date": 1}).json()
    assert main(["timeline", "--story", str(placed["story"]), "--db", db, "-n", "2", "-k", "1", "-f", "json"]) == 0
    assert timeline == json.loads(capsys.readouterr().out)
    assert [d["date"] for d in timeline["dates"]] == ["2016-08-24", "2016-08-25"] and timeline["articles"] == 2
    assert client.get("/v1/stories/999999/timeline").status_code == 404
    r = client.get(f"/v1/stories/{placed['story']}", params={"since": "last week"})
    assert r.status_code == 422 and r.json()["fields"][0]["field"] == "query.since"
    for h in story["highlights"]:
        for ev in h["evidence"]:  # each span points into the text of the article it names
            stored = client.get(f"/v1/articles/{ev['article']}").json()
            assert stored["story"] == story["id"]
            assert set(tokens(h["text"])) <= set(tokens(stored["text"][ev["start"]:ev["end"]]))
            for a, b in h.get("spans", []):  # a shortened bullet's pieces are its words, in order
                assert " ".join(stored["text"][a:b].split()) in " ".join(h["text"].split())


def test_unknown_ids_get_404_and_bad_ones_422(served):
    client, _ = served
    for path, field in (("/v1/stories/999999", "story_id"), ("/v1/articles/999999", "article_id")):
        r = client.get(path)
        assert r.status_code == 404 and r.json()["error"] == "not_found"
        assert r.json()["fields"][0]["field"] == field
    for path in ("/v1/stories/abc", "/v1/stories/0", "/v1/stories/99999999999999999999", "/v1/articles/-1"):
        r = client.get(path)
        assert r.status_code == 422 and r.json()["error"] == "invalid_request", path
    r = client.get("/v1/stories", params={"limit": 0})
    assert r.status_code == 422 and r.json()["fields"][0]["field"] == "query.limit"


def test_a_story_that_cannot_be_summarized_is_refused_as_by_highlights(served):
    client, _ = served
    before = client.get("/v1/stories").json()
    r = client.post("/v1/articles", json={"text": "   "})
    assert r.status_code == 422 and r.json()["error"] == "empty_input"
    r = client.post("/v1/articles", json={"text": "x", "colour": "red"})
    assert r.status_code == 422 and r.json()["fields"][0]["field"] == "colour"
    assert client.get("/v1/stories").json() == before  # nothing stored


def test_the_stories_api_needs_the_key_when_one_is_set(tmp_path):
    client = TestClient(create_app(Settings(), ServiceSettings(api_key="s3cret", db=str(tmp_path / "s.db"))))
    for path in ("/v1/stories", "/v1/topics", "/v1/stories/1", "/v1/articles/1"):
        assert client.get(path).status_code == 401
    assert client.post("/v1/articles", json={"text": "A story."}).status_code == 401
    assert client.get("/v1/stories", headers={"X-API-Key": "s3cret"}).json() == []


def test_a_database_that_cannot_be_used_is_a_503_that_says_so(tmp_path):
    blocked = tmp_path / "file"
    blocked.write_text("not a folder")
    client = TestClient(create_app(Settings(), ServiceSettings(db=str(blocked / "stories.db"))))
    r = client.get("/v1/stories")
    assert r.status_code == 503 and r.json()["error"] == "store_unavailable"
    assert "stories database" in r.json()["message"] and "HIGHLIGHTS_DB" in r.json()["message"]
    assert client.get("/healthz").status_code == 200  # the rest of the service is not affected
    # a database URL the store cannot use is the server's setting: the same 503 from a read run in a worker
    # (a story) and from one run by the server (an article)
    client = TestClient(create_app(Settings(), ServiceSettings(db="nosuchdb://nowhere/stories")))
    for path in ("/v1/stories/1", "/v1/articles/1"):
        r = client.get(path)
        assert r.status_code == 503 and r.json()["error"] == "store_unavailable", (path, r.json())


def test_concurrent_reads_of_a_story_whose_figures_need_a_parse_agree(tmp_path):
    from concurrent.futures import ThreadPoolExecutor

    from ..test_nlp import DOUMA

    app = create_app(Settings(), ServiceSettings(db=str(tmp_path / "stories.db")))
    with TestClient(app) as client:
        placed = client.post("/v1/articles", json={"text": DOUMA, "date": "2016-08-24", **FAST}).json()
        with ThreadPoolExecutor(8) as pool:
            answers = list(pool.map(lambda _: client.get(f"/v1/stories/{placed['story']}"), range(16)))
    assert {a.status_code for a in answers} == {200}
    first = answers[0].json()
    assert all(a.json() == first for a in answers)
    (conflict,) = first["conflicts"]
    assert [v["attribution"] for v in conflict["values"]] == ["health ministry", "opposition monitoring group"]


def test_a_storys_articles_are_listed_a_page_at_a_time(tmp_path, capsys):
    db = str(tmp_path / "stories.db")
    with TestClient(create_app(Settings(), ServiceSettings(db=db))) as client:
        story = [client.post("/v1/articles", json=quake(i)).json() for i in range(3)][0]["story"]
        whole = client.get(f"/v1/stories/{story}").json()
        page = client.get(f"/v1/stories/{story}", params={"offset": 1, "limit": 1}).json()
        assert (whole["articles_total"], whole["offset"], whole["limit"], len(whole["articles"])) == (3, 0, 100, 3)
        assert page["articles"] == whole["articles"][1:2] and page["highlights"] == whole["highlights"]
        r = client.get(f"/v1/stories/{story}", params={"limit": 1001})
        assert r.status_code == 422 and r.json()["fields"][0]["field"] == "query.limit"
    assert main(["story", str(story), "--db", db, "--format", "json", "--offset", "1", "--limit", "1"]) == 0
    assert json.loads(capsys.readouterr().out) == page


def test_topics_are_listed_largest_first_as_the_cli_lists_them(tmp_path, capsys):
    from ..stories.test_topics import QUAKE, VOTE, filled

    db = str(tmp_path / "stories.db")
    filled(db)  # a quake topic of 11 articles in 5 stories (2 of one article), a vote of 4, a one-off of 1
    client = TestClient(create_app(Settings(), ServiceSettings(db=db)))
    topics = client.get("/v1/topics").json()
    assert main(["stories", "--by", "topic", "--db", db, "--format", "json"]) == 0
    assert topics == json.loads(capsys.readouterr().out)
    assert [(t["id"], t["articles"], t["stories"], t["first"], t["last"]) for t in topics[:2]] == [
        (QUAKE, 11, 5, "2016-08-24", "2016-09-10"), (VOTE, 4, 2, "2016-10-01", "2016-10-20")]
    quake = topics[0]
    assert ([s["id"] for s in quake["top_stories"]], quake["single_stories"], quake["other_stories"]) == ([1, 3, 2], 2, 0)

    def ids(**params):
        r = client.get("/v1/topics", params=params)
        assert r.status_code == 200, r.json()
        return [t["id"] for t in r.json()]

    assert ids(order="recent") == [VOTE, QUAKE, 3]
    assert ids(min_articles=4, limit=1) == [QUAKE]
    assert ids(since="2016-09-15") == [VOTE] and ids(since="2016-09-01", until="2016-09-30") == [QUAKE]
    assert [len(t["top_stories"]) for t in client.get("/v1/topics", params={"stories": 1}).json()] == [1, 1, 1]
    # the stories of one topic, the largest first: what a topic's "show them" lists
    assert [s["id"] for s in client.get("/v1/stories", params={"topic": QUAKE, "order": "size"}).json()] == [1, 3, 2, 4, 5]
    assert [s["id"] for s in client.get("/v1/stories", params={"min_articles": 3}).json()] == [6, 1]  # latest first
    assert client.get("/v1/stories", params={"topic": 999}).json() == []
    # a window that ends before it starts is a valid request for nothing, as the schema allows it
    r = client.get("/v1/topics", params={"since": "2016-09-01", "until": "2016-08-01"})
    assert r.status_code == 200 and r.json() == []


@pytest.mark.parametrize(("path", "params", "field"), [
    ("/v1/topics", {"order": "biggest"}, "query.order"),
    ("/v1/topics", {"min_articles": 0}, "query.min_articles"),
    ("/v1/topics", {"min_articles": "many"}, "query.min_articles"),
    ("/v1/topics", {"since": "last week"}, "query.since"),
    ("/v1/topics", {"since": "2016-02-30"}, "query.since"),
    ("/v1/topics", {"limit": 0}, "query.limit"),
    ("/v1/topics", {"limit": 1001}, "query.limit"),
    ("/v1/topics", {"stories": 0}, "query.stories"),
    ("/v1/stories", {"order": "size;drop table stories"}, "query.order"),
    ("/v1/stories", {"min_articles": -1}, "query.min_articles"),
    ("/v1/stories", {"topic": 0}, "query.topic"),
])
def test_bad_listing_parameters_get_422_naming_the_field(served, path, params, field):
    client, _ = served
    r = client.get(path, params=params)
    assert r.status_code == 422 and r.json()["error"] == "invalid_request"
    assert r.json()["fields"][0]["field"] == field and field in r.json()["message"]
