"""What operators see (issue #30): every answer, a crash's included, carries the request id and the security
headers and is logged as one JSON line with its code; a crash's traceback is logged once, as JSON; the metrics
label routes by their path template."""
from __future__ import annotations

import json
import logging
import re

import pytest
from fastapi.testclient import TestClient

from highlights import Settings
from highlights.service import ServiceSettings
from highlights.service.app import create_app

SECURITY = {"x-content-type-options": "nosniff", "referrer-policy": "no-referrer"}


def crashing_app(tmp_path, **service) -> TestClient:
    """A client of an app with one more route, ``/v1/crash/{item}``, that fails as a bug would."""
    app = create_app(Settings(), ServiceSettings(db=str(tmp_path / "stories.db"), **service))

    @app.get("/v1/crash/{item}")
    async def crash(item: str) -> None:
        raise RuntimeError(f"boom {item}")

    return TestClient(app)  # raise_server_exceptions: an exception that leaves the app fails the test


@pytest.fixture
def client(tmp_path):
    client = crashing_app(tmp_path)
    yield client
    client.app.state.dispatcher.close()


def test_a_crash_is_answered_as_every_other_answer(client):
    r = client.get("/v1/crash/1", headers={"X-Request-ID": "abc-123"})
    assert r.status_code == 500
    assert r.json() == {"error": "internal_error",
                        "message": "an internal error occurred; it has been logged with request id abc-123"}
    assert r.headers["x-request-id"] == "abc-123" and r.headers["content-type"] == "application/json"
    assert {k: r.headers.get(k) for k in SECURITY} == SECURITY
    fresh = client.get("/v1/crash/2", headers={"X-Request-ID": "not a sane id\t"}).headers["x-request-id"]
    assert re.fullmatch(r"[0-9a-f]{32}", fresh)


def test_a_crash_is_logged_once_as_json_with_its_request_id(client, caplog):
    caplog.set_level(logging.INFO)
    client.get("/v1/crash/1", headers={"X-Request-ID": "abc-123"})
    access = [json.loads(r.getMessage()) for r in caplog.records if r.name == "highlights.access"]
    assert [(a["request_id"], a["path"], a["status"], a["error"]) for a in access] == [
        ("abc-123", "/v1/crash/1", 500, "internal_error")]
    told = [r for r in caplog.records if r.exc_info or "Traceback" in r.getMessage()]
    assert len(told) == 1, [r.getMessage() for r in told]  # once: not again by the server, nor as plain text
    (crash,) = told
    assert crash.name == "highlights.crash" and crash.levelno == logging.ERROR and not crash.exc_info
    line = json.loads(crash.getMessage())
    assert (line["request_id"], line["http_method"], line["path"], line["error"]) == (
        "abc-123", "GET", "/v1/crash/1", "internal_error")
    assert line["exception"] == "RuntimeError: boom 1" and "RuntimeError: boom 1" in line["traceback"]
    assert "\n" not in crash.getMessage()  # one line


@pytest.mark.parametrize("path, service, headers, status", [
    ("/", {}, {}, 200),
    ("/nowhere", {}, {}, 404),
    ("/v1/highlights", {}, {}, 405),
    ("/v1/stories/x", {}, {}, 422),
    ("/v1/methods", {"api_key": "s3cret"}, {}, 401),
    ("/v1/methods", {}, {"Host": "evil.example"}, 421),
    ("/v1/crash/1", {}, {}, 500),
], ids=["ok", "not_found", "method_not_allowed", "invalid_request", "unauthorized", "host_not_allowed", "crash"])
def test_every_answer_carries_the_request_id_the_security_headers_and_a_log_line(tmp_path, caplog, path, service,
                                                                                  headers, status):
    caplog.set_level(logging.INFO, logger="highlights.access")
    client = crashing_app(tmp_path, **service)
    try:
        r = client.get(path, headers={"X-Request-ID": "req-7", **headers})
    finally:
        client.app.state.dispatcher.close()
    assert r.status_code == status and r.headers["x-request-id"] == "req-7"
    assert {k: r.headers.get(k) for k in SECURITY} == SECURITY
    (line,) = [json.loads(r.getMessage()) for r in caplog.records if r.name == "highlights.access"]
    assert (line["request_id"], line["status"]) == ("req-7", status)
    assert line["error"] == (None if status == 200 else r.json()["error"])


def requests_by_route(client: TestClient) -> dict[tuple[str, str], float]:
    """``highlights_requests_total`` of ``/metrics``: (route, status) → count."""
    found = re.findall(r'^highlights_requests_total\{route="([^"]*)",status="(\d+)"\} (\S+)$',
                       client.get("/metrics").text, re.M)
    return {(route, status): float(count) for route, status, count in found}


def test_metrics_label_routes_by_their_path_template_and_unknown_paths_as_one(client):
    for path in ("/v1/crash/1", "/v1/crash/2", "/v1/stories/x", "/v1/stories/y/timeline", "/static/app.js",
                 "/wp-login.php", "/.env", "/admin/1", "/admin/2"):
        client.get(path)
    client.get("/v1/highlights")  # 405: its route, another method
    counts = requests_by_route(client)
    assert counts[("/v1/crash/{item}", "500")] == 2
    assert counts[("/v1/stories/{story_id}", "422")] == counts[("/v1/stories/{story_id}/timeline", "422")] == 1
    assert counts[("/static", "200")] == 1 and counts[("/v1/highlights", "405")] == 1
    assert counts[("unmatched", "404")] == 4  # the scan adds no label of its own
    assert {route for route, _ in counts} == {"/v1/crash/{item}", "/v1/stories/{story_id}",
                                              "/v1/stories/{story_id}/timeline", "/static", "/v1/highlights",
                                              "unmatched"}


def test_requests_refused_before_routing_are_labelled_by_the_route_they_asked_for(tmp_path):
    client = crashing_app(tmp_path, api_key="s3cret", allowed_hosts="testserver", max_body_bytes=100)
    try:
        assert client.post("/v1/highlights", json={"text": "x"}).status_code == 401
        assert client.post("/v1/highlights", content=b"x" * 1000, headers={"X-API-Key": "s3cret"}).status_code == 413
        assert client.get("/v1/stories/7", headers={"Host": "evil.example"}).status_code == 421
        counts = requests_by_route(client)
    finally:
        client.app.state.dispatcher.close()
    assert counts[("/v1/highlights", "401")] == counts[("/v1/highlights", "413")] == 1
    assert counts[("/v1/stories/{story_id}", "421")] == 1
