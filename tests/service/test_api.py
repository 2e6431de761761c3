"""The HTTP API through FastAPI's TestClient: answers, limits and errors."""
from __future__ import annotations

import json
import os
import time

import pytest
from fastapi.testclient import TestClient

import highlights
from highlights import Settings
from highlights.cli import main
from highlights.errors import SettingsError
from highlights.service import ServiceSettings
from highlights.service.app import create_app
from highlights.service.schemas import ArticleIn

from ..conftest import SAMPLE, SEED, assert_evidence, needs_shared
from ..rewrite import conftest as rewrite

FLOOD = SAMPLE.read_text(encoding="utf-8")
fake_llm = rewrite.fake_llm  # the rewrite tests' stand-in language-model server (a fixture)


_MADE: list = []


def make_client(work: str | None = None, **service) -> TestClient:
    """A client of an app with these service settings; its worker processes stop after the test."""
    app = create_app(Settings(), ServiceSettings(**service), **({"work": work} if work else {}))
    _MADE.append(app)
    return TestClient(app)


@pytest.fixture(autouse=True)
def _stop_workers():
    yield
    while _MADE:
        _MADE.pop().state.dispatcher.close()


check_evidence = assert_evidence


# -- answers ----------------------------------------------------------------------------------

def test_sample_gets_the_clis_json_contract(client, capsys):
    r = client.post("/v1/highlights", json={"text": FLOOD, "id": "flood"})
    assert r.status_code == 200 and r.headers["content-type"].startswith("application/json")
    d = r.json()
    assert 2 <= len(d["highlights"]) <= 3 and d["date"] == "2026-03-14" and d["method"] == "ranker"
    check_evidence(d)
    assert main(["summarize", str(SAMPLE), "--format", "json"]) == 0
    assert d == json.loads(capsys.readouterr().out)


@needs_shared
@pytest.mark.parametrize("method", ["lead", "centrality"])
def test_seed_story_gets_two_to_four_highlights(client, method):
    r = client.post("/v1/highlights", json={"text": SEED.read_text(encoding="utf-8"), "method": method})
    assert r.status_code == 200
    d = r.json()
    assert 2 <= len(d["highlights"]) <= 4 and d["method"] == method
    check_evidence(d)


def test_method_count_title_and_date(client):
    r = client.post("/v1/highlights", json={"text": FLOOD, "method": "centrality", "count": 4,
                                            "title": "Flood", "date": "2026-03-15"})
    d = r.json()
    assert r.status_code == 200, d
    assert d["method"] == "centrality" and len(d["highlights"]) == 4
    assert d["title"] == "Flood" and d["date"] == "2026-03-15"
    check_evidence(d)


def test_html_page(client):
    page = ("<html><head><title>River floods town</title></head><body><article>"
            + "".join(f"<p>{line}</p>" for line in FLOOD.splitlines()[4:]) + "</article></body></html>")
    r = client.post("/v1/highlights", json={"html": page})
    d = r.json()
    assert r.status_code == 200, d
    assert d["title"] == "River floods town" and 2 <= len(d["highlights"]) <= 3
    check_evidence(d)


def test_html_pasted_into_the_text_field_is_read_as_a_page(client):
    # issue #13: a saved page in `text` gave bullets like '<meta name="viewport" ...>'
    page = ("<!-- saved from url=(0041)https://news.example.com/flood -->\n<html><head><meta name=\"viewport\" "
            "content=\"width=device-width\"><title>River floods town</title></head><body><article>"
            + "".join(f"<p>{line}</p>" for line in FLOOD.splitlines()[4:]) + "</article></body></html>")
    r = client.post("/v1/highlights", json={"text": page})
    d = r.json()
    assert r.status_code == 200, d
    assert d["title"] == "River floods town" and d["highlights"]
    assert not any("<" in h["text"] or "viewport" in h["text"] for h in d["highlights"])
    check_evidence(d)


def test_a_story_whose_first_line_looks_like_json_stays_text(client):
    text = '{"note": 1} was the whole message, the council said on Monday. It voted 5-2. The mayor objected.'
    r = client.post("/v1/highlights", json={"text": text, "method": "lead"})
    d = r.json()
    assert r.status_code == 200 and d["text"] == text and "the council said" in d["highlights"][0]["text"]


def test_offsets_count_code_points(client):
    text = ("Fans cheered 🎉 as the team won the title on Sunday. The coach wept 😢 on the pitch after the game. "
            "Crowds filled the square.")
    d = client.post("/v1/highlights", json={"text": text, "count": 2, "method": "lead"}).json()
    ev = d["highlights"][1]["evidence"][0]
    assert d["text"][ev["start"]:ev["end"]] == "The coach wept 😢 on the pitch after the game."


def test_batch(client):
    r = client.post("/v1/highlights/batch", json={
        "articles": [{"text": FLOOD}, {"html": "<html><body></body></html>", "id": "empty-page"},
                     {"text": FLOOD, "count": 1, "method": "centrality"}],
        "count": 2})
    d = r.json()
    assert r.status_code == 200, d
    assert (d["ok"], d["failed"]) == (2, 1)
    first, bad, third = d["results"]
    assert first["id"] == "0" and len(first["highlights"]) == 2
    assert bad["index"] == 1 and bad["id"] == "empty-page" and bad["error"] == "empty_input"
    assert bad["field"] == "articles[1].html"
    assert third["method"] == "centrality" and len(third["highlights"]) == 1


def test_methods_and_health(client):
    d = client.get("/v1/methods").json()
    names = [m["name"] for m in d["methods"]]
    assert {"lead", "centrality", "ranker"} <= set(names) and d["default"] == "ranker"
    assert d["limits"]["max_batch"] == 32 and d["limits"]["max_body_bytes"] == 5_000_000
    assert d["auth"] is False
    assert client.get("/healthz").json() == {"status": "ok", "version": highlights.__version__}


def test_openapi_lists_the_api(client):
    spec = client.get("/openapi.json").json()
    assert {"/v1/highlights", "/v1/highlights/batch", "/v1/methods", "/healthz"} <= set(spec["paths"])
    method = spec["components"]["schemas"]["ArticleIn"]["properties"]["method"]
    assert {"type": "string", "enum": ["lead", "centrality"]} in method["anyOf"] or "enum" in str(method)


def test_pages_are_served_offline_with_a_strict_policy(client):
    for path in ("/", "/docs"):
        r = client.get(path)
        assert r.status_code == 200 and r.headers["content-type"].startswith("text/html")
        assert "script-src 'self'" in r.headers["content-security-policy"]
    for name in ("index.html", "docs.html", "app.js", "docs.js", "style.css", "docs.css"):
        r = client.get(f"/static/{name}")
        assert r.status_code == 200 and r.headers["x-content-type-options"] == "nosniff"
        assert "//cdn" not in r.text and "https://" not in r.text and "http://" not in r.text
    assert "innerHTML" not in client.get("/static/app.js").text


# -- errors -----------------------------------------------------------------------------------

@pytest.mark.parametrize("body, field, error", [
    ({"text": "   \n\t "}, "text", "empty_input"),
    ({"text": " date 2026-03-14 Story highlights\n- a bullet\n"}, "text", "empty_input"),
    ({}, "text", "invalid_request"),
    ({"text": "A story.", "html": "<p>A story.</p>"}, "html", "invalid_request"),
    ({"text": None}, "text", "invalid_request"),
    ({"text": 42}, "text", "invalid_request"),
    ({"text": "A story.", "count": 0}, "count", "invalid_request"),
    ({"text": "A story.", "count": 11}, "count", "invalid_request"),
    ({"text": "A story.", "count": "3"}, "count", "invalid_request"),
    ({"text": "A story.", "count": True}, "count", "invalid_request"),
    ({"text": "A story.", "method": "nope"}, "method", "invalid_request"),
    ({"text": "A story.", "date": "14/03/2026"}, "date", "invalid_request"),
    ({"text": "A story.", "date": "2026-02-30"}, "date", "invalid_request"),
    ({"text": "A story.", "date": 1700000000}, "date", "invalid_request"),
    ({"text": "A story.", "colour": "red"}, "colour", "invalid_request"),
    ({"html": "<html><body><script>x()</script></body></html>"}, "html", "empty_input"),
    ({"articles": []}, "articles", "invalid_request"),
])
def test_bad_fields_get_422_naming_the_field(client, body, field, error):
    r = client.post("/v1/highlights", json=body)
    d = r.json()
    assert r.status_code == 422, d
    assert d["error"] == error
    assert field in [f["field"] for f in d["fields"]], d
    assert d["message"].startswith(field) or field in d["message"]


@pytest.mark.parametrize("content, ctype, message", [
    (b'{"text": "A story.",}', "application/json", "invalid JSON"),
    (b"not json at all", "application/json", "invalid JSON"),
    (b'["text"]', "application/json", "expected a JSON object"),
    (b'"text"', "application/json", "expected a JSON object"),
    (b"text=A story.", "application/x-www-form-urlencoded", "Content-Type: application/json"),
    (b"", "application/json", "required"),
    (b'{"text": "bad \\ud800 surrogate"}', "application/json", "surrogate"),
    (b"\xff\xfe{}", "application/json", "invalid JSON"),
    (b"[" * 100_000 + b"]" * 100_000, "application/json", ""),
])
def test_bad_bodies_are_refused_without_a_server_error(client, content, ctype, message):
    r = client.post("/v1/highlights", content=content, headers={"content-type": ctype})
    assert r.status_code in (400, 422), r.text
    assert message in r.json()["message"]


def test_body_over_the_limit_gets_413(client):
    r = client.post("/v1/highlights", content=b'{"text": "' + b"a" * 5_000_001 + b'"}',
                    headers={"content-type": "application/json"})
    assert r.status_code == 413 and r.json()["error"] == "too_large"
    small = make_client(max_body_bytes=1000)

    def chunks():  # no Content-Length: the limit applies while the body streams in
        yield b'{"text": "'
        for _ in range(20):
            yield b"word " * 20
        yield b'"}'

    r = small.post("/v1/highlights", content=chunks(), headers={"content-type": "application/json"})
    assert r.status_code == 413 and "1,000 bytes" in r.json()["message"]
    assert small.post("/v1/highlights", json={"text": "A short story fits in the limit. It has two sentences."}).status_code == 200


def test_batch_limits(client):
    r = client.post("/v1/highlights/batch", json={"articles": [{"text": FLOOD}] * 33})
    assert r.status_code == 422 and r.json()["fields"][0]["field"] == "articles"
    r = client.post("/v1/highlights/batch", json={"articles": [{"text": FLOOD}], "method": "nope"})
    assert r.status_code == 422 and r.json()["fields"][0]["field"] == "method"
    # a blank article is a bad article, not a bad request: an error in its place, the others answered
    r = client.post("/v1/highlights/batch", json={"articles": [{"text": FLOOD}, {"text": " "}]})
    assert r.status_code == 200 and (r.json()["ok"], r.json()["failed"]) == (1, 1)
    assert r.json()["results"][1]["error"] == "empty_input" and r.json()["results"][1]["field"] == "articles[1].text"
    r = client.post("/v1/highlights/batch", json={"articles": [{"text": FLOOD, "count": 99}]})
    assert r.status_code == 422 and r.json()["fields"][0]["field"] == "articles[0].count"
    r = make_client(max_batch=2).post("/v1/highlights/batch", json={"articles": [{"text": FLOOD}] * 3})
    assert r.status_code == 422 and "at most 2 articles" in r.json()["message"]


def test_too_many_sentences_get_422():
    r = make_client(max_sentences=5).post("/v1/highlights", json={"text": FLOOD})
    assert r.status_code == 422 and r.json()["error"] == "too_long"
    assert "at most 5" in r.json()["message"] and r.json()["fields"][0]["field"] == "text"


def test_unknown_paths_and_verbs_get_json_errors(client):
    r = client.get("/v2/nothing")
    assert r.status_code == 404 and r.json()["error"] == "not_found"
    r = client.get("/v1/highlights")
    assert r.status_code == 405 and r.json()["error"] == "method_not_allowed"


SLOW_WORK = "tests.service.slow_work:SlowWork"


def test_time_limit_gets_503_and_the_work_is_stopped():
    client = make_client(timeout=0.5, threads=1, work=SLOW_WORK)
    pool = client.app.state.dispatcher.pool
    r = client.post("/v1/highlights", json={"text": FLOOD})  # the workers are up
    (first,) = [w.process.pid for w in pool.idle]
    started = time.monotonic()
    r = client.post("/v1/highlights", json={"text": FLOOD, "method": "slow"})
    assert r.status_code == 503 and r.json()["error"] == "timeout" and r.headers["retry-after"]
    assert "time limit of 0.5 s" in r.json()["message"] and time.monotonic() - started < 3
    assert pool.restarts == 1 and not os.path.exists(f"/proc/{first}")  # the spinning worker is gone
    assert client.post("/v1/highlights", json={"text": FLOOD}).status_code == 200  # and replaced


def test_a_story_read_runs_in_a_worker_under_the_time_limit_while_the_server_answers(tmp_path):
    from concurrent.futures import ThreadPoolExecutor

    from .slow_work import SLOW_STORY

    client = make_client(timeout=1, threads=1, work=SLOW_WORK, db=str(tmp_path / "stories.db"))
    client.post("/v1/highlights", json={"text": FLOOD})  # the workers are up
    with ThreadPoolExecutor(1) as pool:
        slow = pool.submit(client.get, f"/v1/stories/{SLOW_STORY}")
        time.sleep(0.2)  # the read holds the one worker, spinning
        started = time.monotonic()
        assert client.get("/healthz").status_code == 200 and time.monotonic() - started < 0.5
        r = slow.result(timeout=10)
    assert r.status_code == 503 and r.json()["error"] == "timeout" and "time limit of 1 s" in r.json()["message"]
    assert client.get("/v1/stories/7").status_code == 404  # a new worker took the killed one's place


def test_a_method_that_fails_to_load_is_unavailable_not_fatal():
    client = make_client(work=SLOW_WORK)
    client.post("/v1/highlights", json={"text": FLOOD})
    methods = {m["name"]: m for m in client.get("/v1/methods").json()["methods"]}
    assert methods["broken"]["available"] is False and "weights not found" in methods["broken"]["reason"]
    r = client.post("/v1/highlights", json={"text": FLOOD, "method": "broken"})
    assert r.status_code == 503 and r.json()["error"] == "method_unavailable"
    assert client.post("/v1/highlights", json={"text": FLOOD}).status_code == 200


def test_a_language_model_that_stops_answering_gets_503_not_the_clients_422(fake_llm, tmp_path):
    llm, url = fake_llm
    app = create_app(Settings(writer="llm", llm_url=url), ServiceSettings(db=str(tmp_path / "s.db"), threads=1))
    _MADE.append(app)
    client = TestClient(app)
    assert client.post("/v1/highlights", json={"text": FLOOD, "method": "lead"}).status_code == 200
    llm.status = 500  # the endpoint fails after the service started
    r = client.post("/v1/highlights", json={"text": FLOOD, "method": "lead"})
    assert r.status_code == 503 and r.json()["error"] == "writer_unavailable", r.text
    assert r.json()["message"].startswith("text: the language model at") and "answered HTTP 500" in r.json()["message"]


# -- the API key ------------------------------------------------------------------------------

def test_api_key():
    client = make_client(api_key="s3cret")
    for headers in ({}, {"X-API-Key": "wrong"}, {"Authorization": "Bearer wrong"}, {"Authorization": "s3cret"}):
        r = client.post("/v1/highlights", json={"text": FLOOD}, headers=headers)
        assert r.status_code == 401 and r.json()["error"] == "unauthorized"
        assert r.headers["www-authenticate"] == "Bearer"
    assert client.get("/v1/methods").status_code == 401
    for headers in ({"X-API-Key": "s3cret"}, {"Authorization": "Bearer s3cret"}):
        assert client.post("/v1/highlights", json={"text": FLOOD}, headers=headers).status_code == 200
    assert client.get("/v1/methods", headers={"X-API-Key": "s3cret"}).json()["auth"] is True
    assert client.get("/healthz").status_code == 200 and client.get("/").status_code == 200
    spec = client.get("/openapi.json").json()
    assert set(spec["components"]["securitySchemes"]) == {"APIKeyHeader", "HTTPBearer"}


# -- the hosts it answers for (issue #30) -----------------------------------------------------------

def test_without_a_key_only_the_local_names_are_answered():
    client = make_client()
    for host in ("localhost", "localhost:8000", "LocalHost:8000", "127.0.0.1", "127.0.0.1:8000", "[::1]",
                 "[::1]:8000", "localhost."):
        assert client.get("/healthz", headers={"Host": host}).status_code == 200, host
    for host in ("evil.example", "evil.example:8000", "localhost.evil.example", "127.0.0.1.nip.io", "[::2]:8000", ""):
        r = client.get("/healthz", headers={"Host": host})
        assert r.status_code == 421 and r.json()["error"] == "host_not_allowed", host
        assert "HIGHLIGHTS_ALLOWED_HOSTS" in r.json()["message"] and r.headers["connection"] == "close"
    # refused before the body is read: not a 422 about its JSON
    r = client.post("/v1/highlights", content=b"{not json", headers={"Host": "evil.example",
                                                                   "content-type": "application/json"})
    assert r.status_code == 421


def test_the_allowed_hosts_setting_and_the_key():
    listed = make_client(allowed_hosts="news.example.com, *.internal.example")
    for host, status in (("news.example.com", 200), ("NEWS.example.com:8080", 200), ("a.internal.example", 200),
                         ("b.a.internal.example", 200), ("internal.example", 421), ("localhost", 421),
                         ("example.com", 421)):
        assert listed.get("/healthz", headers={"Host": host}).status_code == status, host
    assert make_client(allowed_hosts="*").get("/healthz", headers={"Host": "any.example"}).status_code == 200
    keyed = make_client(api_key="s3cret")  # with a key, any host unless the hosts are set too
    assert keyed.get("/healthz", headers={"Host": "any.example"}).status_code == 200
    both = make_client(api_key="s3cret", allowed_hosts="news.example.com")
    assert both.get("/v1/methods", headers={"Host": "any.example", "X-API-Key": "s3cret"}).status_code == 421
    assert both.get("/v1/methods", headers={"Host": "news.example.com", "X-API-Key": "s3cret"}).status_code == 200


def test_an_open_service_says_so_at_start_up(caplog, tmp_path):
    import logging

    caplog.set_level(logging.INFO, logger="highlights")
    make_client(db=str(tmp_path / "s.db"))
    (said,) = [r for r in caplog.records if r.name == "highlights.service"]
    assert said.levelno == logging.WARNING and "no API key" in said.getMessage()
    assert "localhost, 127.0.0.1, ::1" in said.getMessage() and "HIGHLIGHTS_ALLOWED_HOSTS" in said.getMessage()
    caplog.clear()
    make_client(allowed_hosts="*")
    assert "any host" in caplog.records[-1].getMessage()
    caplog.clear()
    make_client(api_key="s3cret")
    assert not [r for r in caplog.records if r.name == "highlights.service"]  # not open: nothing to say


def test_settings_from_the_environment():
    s = ServiceSettings.from_env({"HIGHLIGHTS_API_KEY": "k", "HIGHLIGHTS_MAX_BATCH": "4", "HIGHLIGHTS_TIMEOUT": "2.5",
                                  "HIGHLIGHTS_MAX_BODY_BYTES": "1000", "HIGHLIGHTS_THREADS": "2"})
    assert (s.api_key, s.max_batch, s.timeout, s.max_body_bytes, s.threads) == ("k", 4, 2.5, 1000, 2)
    assert ServiceSettings.from_env({"HIGHLIGHTS_API_KEY": ""}).api_key is None
    with pytest.raises(SettingsError, match="HIGHLIGHTS_MAX_BATCH"):
        ServiceSettings.from_env({"HIGHLIGHTS_MAX_BATCH": "many"})
    with pytest.raises(SettingsError, match="timeout"):
        ServiceSettings(timeout=0)


def test_serve_refuses_bad_options_in_one_line(capsys, monkeypatch):
    assert main(["serve", "--port", "70000"]) == 2
    assert "port must be between 0 and 65535" in capsys.readouterr().err
    monkeypatch.setenv("HIGHLIGHTS_TIMEOUT", "soon")
    assert main(["serve"]) == 2
    assert "HIGHLIGHTS_TIMEOUT='soon'" in capsys.readouterr().err


def test_notes_say_why_fewer_highlights_came_out(client):
    d = client.post("/v1/highlights", json={"text": FLOOD, "count": 6, "method": "ranker"}).json()
    assert len(d["highlights"]) <= 4 and any("writes at most 4" in n for n in d["notes"])
    assert client.post("/v1/highlights", json={"text": FLOOD, "count": 3, "method": "lead"}).json()["notes"] == []


def test_another_language_gets_422_unsupported_language(client):
    text = ("Der Stadtrat hat am Montag beschlossen, die alte Brücke zu schließen. Die Ingenieure haben tiefe Risse "
            "in zwei der Pfeiler gefunden, und die Reparatur würde nach Angaben des Bürgermeisters vier Millionen "
            "kosten.")
    r = client.post("/v1/highlights", json={"text": text})
    assert r.status_code == 422 and r.json()["error"] == "unsupported_language"
    assert "looks like German" in r.json()["message"]


# -- under load and with hostile clients (issue #14) -----------------------------------------------

def test_the_key_is_checked_before_the_body_is_read():
    client = make_client(api_key="s3cret")
    r = client.post("/v1/highlights", content=b"{not json", headers={"content-type": "application/json"})
    assert r.status_code == 401 and r.json()["error"] == "unauthorized"  # not a 422 about the JSON


def test_a_full_queue_is_refused_at_once_and_readiness_says_so():
    import asyncio

    from highlights.service.errors import ApiError

    client = make_client(timeout=5, threads=1, queue=1, work=SLOW_WORK)
    assert client.get("/readyz").json()["status"] in ("ready", "not_ready")
    dispatcher = client.app.state.dispatcher
    slow = ArticleIn(text=FLOOD, method="slow")

    async def flood():
        await dispatcher.pool.ensure_started()
        running = asyncio.ensure_future(dispatcher.summarize(slow))   # takes the one worker
        waiting = asyncio.ensure_future(dispatcher.summarize(slow))   # takes the one place in the queue
        await asyncio.sleep(0.2)
        ready = dispatcher.readiness()
        started = time.monotonic()
        try:
            await dispatcher.summarize(slow)
        except ApiError as exc:
            refused = (exc.status, exc.error, exc.headers, time.monotonic() - started)
        for task in (running, waiting):
            task.cancel()
        await asyncio.gather(running, waiting, return_exceptions=True)
        return ready, refused

    (ready, why), (status, error, headers, seconds) = asyncio.run(flood())
    assert not ready and why.startswith("busy")
    assert (status, error) == (503, "overloaded") and headers["Retry-After"] and seconds < 0.5
    dispatcher.close()


def test_too_many_sentences_are_refused_before_any_work():
    client = make_client(max_sentences=100)
    text = "Rain fell. " * 5_000
    started = time.monotonic()
    r = client.post("/v1/highlights", json={"text": text})
    assert r.status_code == 422 and r.json()["error"] == "too_long" and time.monotonic() - started < 0.5


def test_one_slow_article_costs_a_batch_only_its_own_place():
    client = make_client(timeout=1, threads=2, work=SLOW_WORK)
    client.post("/v1/highlights", json={"text": FLOOD})
    r = client.post("/v1/highlights/batch", json={"articles": [{"text": FLOOD}, {"text": FLOOD, "method": "slow"},
                                                               {"text": " "}]})
    d = r.json()
    assert r.status_code == 200 and (d["ok"], d["failed"]) == (1, 2)
    assert d["results"][0]["highlights"] and d["results"][1]["error"] == "timeout"
    assert d["results"][2]["error"] == "empty_input"


def test_request_ids_logs_and_metrics(caplog):
    import json as json_lib
    import logging

    client = make_client()
    caplog.set_level(logging.INFO, logger="highlights.access")
    r = client.post("/v1/highlights", json={"text": FLOOD}, headers={"X-Request-ID": "abc-123"})
    assert r.status_code == 200 and r.headers["x-request-id"] == "abc-123"
    line = json_lib.loads(caplog.records[-1].getMessage())
    assert line["request_id"] == "abc-123" and line["status"] == 200 and line["method"] == "ranker"
    assert line["chars"] > 0 and {"split", "select"} <= set(line["stages"])
    assert client.post("/v1/highlights", json={"text": FLOOD}, headers={"X-Request-ID": "bad id\n"}).headers[
        "x-request-id"] != "bad id\n"
    assert client.post("/v1/highlights", json={"text": " "}).status_code == 422
    assert json_lib.loads(caplog.records[-1].getMessage())["error"] == "empty_input"
    metrics = client.get("/metrics").text
    assert 'highlights_refusals_total{reason="empty_input"} 1.0' in metrics
    assert 'highlights_requests_total{route="/v1/highlights",status="200"}' in metrics
    assert "highlights_stage_seconds_bucket" in metrics and "highlights_queue_depth" in metrics
    assert client.get("/readyz").json() == {"status": "ready", "reason": "ready", "queue": 0, "busy": 0}
