"""`highlights serve` as a real process on loopback, and the bounded load test (`highlights.service.loadtest`)."""
from __future__ import annotations

import http.client
import json
import subprocess
import sys

import pytest

from highlights.service import loadtest as load  # its server start-up and stop are reused here

from ..conftest import ROOT, SAMPLE, SEED, assert_evidence
from .conftest import free_port


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    """`highlights serve --workers 2` on 127.0.0.1 and a free port; yields (host, port)."""
    port = free_port()
    log_path = tmp_path_factory.mktemp("serve") / "serve.log"
    with open(log_path, "wb") as log:
        proc = subprocess.Popen([sys.executable, "-m", "highlights", "serve", "--port", str(port), "--workers", "2"],
                                stdout=log, stderr=subprocess.STDOUT, cwd=ROOT, start_new_session=True)
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
    run = subprocess.run([sys.executable, "-m", "highlights.service.loadtest", "--requests", "300", "--concurrency", "8",
                          "--max-seconds", "60", "--json", str(out)], capture_output=True, text=True, timeout=180,
                         cwd=ROOT)
    assert run.returncode == 0, run.stdout + run.stderr
    result = json.loads(out.read_text())
    assert result["requests"] == result["ok"] == 300 and result["statuses"] == {"200": 300}
    assert result["throughput_rps"] > 0 and 0 < result["latency_ms"]["p50"] <= result["latency_ms"]["p95"]
    assert "req/s" in run.stdout


def test_load_script_refuses_other_hosts():
    for url in ("http://10.0.0.1:8000", "http://example.com", "https://127.0.0.1:8000"):
        run = subprocess.run([sys.executable, "-m", "highlights.service.loadtest", "--url", url, "--requests", "1"],
                             capture_output=True, text=True, timeout=30)
        assert run.returncode == 2 and "loopback" in run.stderr
    assert load.loopback("127.0.0.1") and load.loopback("::1") and load.loopback("localhost")
