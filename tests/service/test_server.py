"""`highlights serve` as a real process on loopback, and the bounded load test (`highlights_testing.loadtest`)."""
from __future__ import annotations

import http.client
import json
import os
import socket
import subprocess
import sys
import threading
import time

import pytest

from highlights_testing import loadtest as load  # its server start-up and stop are reused here

from ..conftest import ROOT, SAMPLE, SEED, assert_evidence
from .conftest import free_port


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    """`highlights serve --workers 2` on 127.0.0.1 and a free port; yields (host, port)."""
    port = free_port()
    log_path = tmp_path_factory.mktemp("serve") / "serve.log"
    with open(log_path, "wb") as log:
        proc = subprocess.Popen([sys.executable, "-m", "highlights", "serve", "--port", str(port), "--workers", "2"],
                                stdout=log, stderr=subprocess.STDOUT, cwd=ROOT, start_new_session=True,
                                env={**os.environ, "HIGHLIGHTS_BODY_TIMEOUT": "2"})
        try:
            load.wait_healthy("127.0.0.1", port, proc)
            yield "127.0.0.1", port
        finally:
            load.stop_server(proc)
    assert proc.returncode is not None, log_path.read_text()


def post(host: str, port: int, path: str, body: dict) -> tuple[int, dict]:
    conn = http.client.HTTPConnection(host, port, timeout=30)
    conn.request("POST", path, body=json.dumps(body), headers={"Content-Type": "application/json"})
    response = conn.getresponse()
    data = json.loads(response.read())
    conn.close()
    return response.status, data


@pytest.mark.parametrize("story", [SAMPLE, SEED], ids=["flood", "seed"])
def test_serve_answers_with_highlights_and_evidence(served, story):
    if not story.exists():
        pytest.skip(f"{story} is not present (../shared/data)")
    for method in ("lead", "centrality"):
        status, d = post(*served, "/v1/highlights", {"text": story.read_text(encoding="utf-8"), "method": method})
        assert status == 200, d
        assert 2 <= len(d["highlights"]) <= 4
        assert_evidence(d)


def test_serve_refuses_bad_requests_without_server_errors(served):
    status, d = post(*served, "/v1/highlights", {"text": "  "})
    assert status == 422 and d["fields"][0]["field"] == "text"
    status, d = post(*served, "/v1/highlights/batch", {"articles": [{"text": SAMPLE.read_text()}] * 2})
    assert status == 200 and d["ok"] == 2


def test_load_on_loopback(tmp_path):
    out = tmp_path / "load.json"
    run = subprocess.run([sys.executable, "-m", "highlights_testing.loadtest", "--requests", "300", "--concurrency", "8",
                          "--max-seconds", "60", "--json", str(out)], capture_output=True, text=True, timeout=180,
                         cwd=ROOT)
    assert run.returncode == 0, run.stdout + run.stderr
    result = json.loads(out.read_text())
    assert result["requests"] == result["ok"] == 300 and result["statuses"] == {"200": 300}
    assert result["throughput_rps"] > 0 and 0 < result["latency_ms"]["p50"] <= result["latency_ms"]["p95"]
    assert "req/s" in run.stdout


def test_load_script_refuses_other_hosts():
    for url in ("http://10.0.0.1:8000", "http://example.com", "https://127.0.0.1:8000"):
        run = subprocess.run([sys.executable, "-m", "highlights_testing.loadtest", "--url", url, "--requests", "1"],
                             capture_output=True, text=True, timeout=30)
        assert run.returncode == 2 and "loopback" in run.stderr
    assert load.loopback("127.0.0.1") and load.loopback("::1") and load.loopback("localhost")


def test_a_body_over_the_limit_gets_413_even_without_expect(served):
    host, port = served
    conn = http.client.HTTPConnection(host, port, timeout=60)
    conn.request("POST", "/v1/highlights", body=b'{"text": "' + b"a" * 10_000_000 + b'"}',
                 headers={"Content-Type": "application/json"})  # http.client sends no Expect: 100-continue
    response = conn.getresponse()
    assert response.status == 413 and json.loads(response.read())["error"] == "too_large"


def test_a_stalled_upload_gets_408_and_is_closed(served):
    host, port = served
    with socket.create_connection((host, port), timeout=10) as sock:
        sock.sendall(b"POST /v1/highlights HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                     b"Content-Length: 1000\r\n\r\n{\"text\": ")
        started = time.monotonic()
        answer = b""
        while chunk := sock.recv(65536):  # the server closes the connection after its answer
            answer += chunk
        assert answer.startswith(b"HTTP/1.1 408") and b"body_timeout" in answer
        assert time.monotonic() - started < 5


def test_hostile_requests_leave_room_for_the_seed(served):
    """Four 60 KB unpunctuated stories and a 1 MB one in flight: the seed story is still answered in 2 s."""
    host, port = served
    seed = SEED.read_text(encoding="utf-8")
    hostile = [{"text": ("word " * 12_000).strip()} for _ in range(4)] + [{"text": "word. " * 170_000}]
    threads = [threading.Thread(target=post, args=(host, port, "/v1/highlights", body), daemon=True)
               for body in hostile]
    for t in threads:
        t.start()
    time.sleep(0.3)
    started = time.monotonic()
    status, data = post(host, port, "/v1/highlights", {"text": seed})
    assert status == 200 and data["highlights"] and time.monotonic() - started < 2
    for t in threads:
        t.join(timeout=30)


def test_serve_hands_its_options_to_each_worker_without_writing_the_environment(monkeypatch):
    """uvicorn's workers get only the app's import string: the options travel in it, not in os.environ."""
    import uvicorn
    from uvicorn.importer import import_from_string

    from highlights.cli import main

    ran: dict = {}
    monkeypatch.setattr(uvicorn, "run", lambda app, **kw: ran.update(app=app, **kw))
    monkeypatch.delenv("HIGHLIGHTS_TIMEOUT", raising=False)
    monkeypatch.setenv("HIGHLIGHTS_COUNT", "2")
    before = dict(os.environ)
    assert main(["serve", "--workers", "2", "--writer", "llm", "--llm-model", "tiny.gguf", "--llm-threads", "3"]) == 0
    assert dict(os.environ) == before and ran["factory"] and ran["workers"] == 2

    built = []
    monkeypatch.setattr("highlights.service.app.create_app", lambda service: built.append(service))
    import_from_string(ran["app"])()  # what each worker process does
    (service,) = built
    assert (service.writer, service.llm_model, service.llm_threads) == ("llm", "tiny.gguf", 3)
    assert service.timeout == 60 and service.count == 2  # the llm writer's time limit; the rest from the environment


def test_serve_answers_only_for_its_hosts_with_the_request_id(served):
    host, port = served
    conn = http.client.HTTPConnection(host, port, timeout=30)
    conn.request("GET", "/v1/methods", headers={"Host": f"rebound.example:{port}", "X-Request-ID": "req-9"})
    response = conn.getresponse()
    assert response.status == 421 and json.loads(response.read())["error"] == "host_not_allowed"
    assert response.getheader("x-request-id") == "req-9" and response.getheader("x-content-type-options") == "nosniff"
    conn.close()


@pytest.mark.parametrize("host, env, warned", [
    ("0.0.0.0", {}, True),
    ("::", {}, True),
    ("192.168.1.5", {}, True),
    ("127.0.0.1", {}, False),
    ("localhost", {}, False),
    ("::1", {}, False),
    ("0.0.0.0", {"HIGHLIGHTS_ALLOWED_HOSTS": "news.example.com"}, False),
    ("0.0.0.0", {"HIGHLIGHTS_API_KEY": "s3cret"}, False),
])
def test_serve_on_another_address_says_to_set_the_allowed_hosts(monkeypatch, caplog, host, env, warned):
    import uvicorn

    from highlights.cli import main

    monkeypatch.setattr(uvicorn, "run", lambda app, **kw: None)
    for name in ("HIGHLIGHTS_ALLOWED_HOSTS", "HIGHLIGHTS_API_KEY"):
        monkeypatch.delenv(name, raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    assert main(["serve", "--host", host]) == 0
    said = [r.getMessage() for r in caplog.records if "HIGHLIGHTS_ALLOWED_HOSTS" in r.getMessage()]
    assert len(said) == int(warned), said
    if warned:
        assert said[0].startswith(f"listening on {host}") and "localhost, 127.0.0.1, ::1" in said[0]


def test_serve_refuses_a_key_no_client_could_send(monkeypatch, capsys):
    from highlights.cli import main

    monkeypatch.setenv("HIGHLIGHTS_API_KEY", "clé")
    assert main(["serve"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("highlights: error: HIGHLIGHTS_API_KEY") and "ASCII" in err and "clé" not in err


def test_serve_logs_a_crash_as_one_json_line_on_stderr():
    import uvicorn

    from highlights.service.server import log_config

    config = log_config(uvicorn, access_log=False)
    crash = config["loggers"]["highlights.crash"]
    (handler,) = [config["handlers"][name] for name in crash["handlers"]]
    assert handler["stream"] == "ext://sys.stderr" and config["formatters"][handler["formatter"]] == {
        "format": "%(message)s"}
    assert crash["propagate"] is False  # not again through another handler
