"""The same contract from the CLI, the batch engine and the service with ``--writer llm`` (the endpoint
backend, scripted on loopback), and one-line errors when the writer cannot start."""
from __future__ import annotations

import json

import pytest

from highlights.cli import main

from ..batch.conftest import read_rows
from .conftest import STORY

REWRITE = "Floods force 2,000 people from Leeds homes, officials say"


@pytest.fixture
def story(tmp_path):
    path = tmp_path / "leeds.txt"
    path.write_text(STORY, encoding="utf-8")
    return path


def test_summarize_writes_the_rewrite_in_every_format(fake_llm, story, capsys):
    llm, url = fake_llm
    llm.script["Floods forced"] = REWRITE
    args = ["summarize", str(story), "--method", "lead", "--no-compress", "--writer", "llm", "--llm-url", url]
    assert main([*args, "--format", "json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["writer"] == "llm" and out["highlights"][0]["text"] == REWRITE and out["highlights"][0]["rewritten"]
    assert main(args) == 0
    assert f"- {REWRITE}" in capsys.readouterr().out


def test_summarize_reports_a_writer_that_cannot_start_in_one_line(story, tmp_path, capsys):
    missing = tmp_path / "nowhere.gguf"
    assert main(["summarize", str(story), "--writer", "llm", "--llm-model", str(missing)]) == 2
    err = capsys.readouterr().err.strip()
    assert err.startswith("highlights: error:") and "\n" not in err and "Traceback" not in err
    assert ("nowhere.gguf" in err) or ("llama.cpp runtime" in err)


def test_summarize_reports_an_endpoint_that_is_down_per_input(story, capsys):
    assert main(["summarize", str(story), "--writer", "llm", "--llm-url", "http://127.0.0.1:9"]) == 2
    err = capsys.readouterr().err
    assert "could not be reached" in err and "Traceback" not in err


def test_batch_rows_carry_the_rewrites(fake_llm, tmp_path, capsys):
    llm, url = fake_llm
    llm.script["Floods forced"] = REWRITE
    corpus = tmp_path / "in.jsonl"
    corpus.write_text("\n".join(json.dumps({"id": f"a{i}", "article": STORY}) for i in range(3)) + "\n")
    for fmt in ("jsonl", "parquet"):
        out = tmp_path / f"out-{fmt}"
        assert main(["batch", str(corpus), "--out", str(out), "-f", fmt, "-w", "1", "--method", "lead",
                     "--writer", "llm", "--llm-url", url]) == 0
        rows = read_rows(out)
        assert [r["id"] for r in rows] == ["a0", "a1", "a2"]
        assert all(r["writer"] == "llm" and r["highlights"][0]["text"] == REWRITE for r in rows)
        assert all(r["highlights"][0]["rewritten"] for r in rows)


def test_the_service_answers_with_the_rewrites(fake_llm, tmp_path):
    pytest.importorskip("fastapi")
    from fastapi.testclient import TestClient

    from highlights import Settings
    from highlights.service import ServiceSettings
    from highlights.service.app import create_app

    llm, url = fake_llm
    llm.script["Floods forced"] = REWRITE
    app = create_app(Settings(writer="llm", llm_url=url), ServiceSettings(db=str(tmp_path / "s.db"), threads=1))
    with TestClient(app) as client:
        r = client.post("/v1/highlights", json={"text": STORY, "method": "lead"})
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["writer"] == "llm" and body["highlights"][0]["text"] == REWRITE
    assert body["highlights"][0]["rewritten"] is True


def test_summarize_notes_each_rewrite_it_did_not_use(fake_llm, story, capsys):
    llm, url = fake_llm
    llm.script["Floods forced"] = "Floods force 3,000 people from Leeds homes, officials say"
    assert main(["summarize", str(story), "--method", "lead", "--no-compress", "--writer", "llm", "--llm-url", url]) == 0
    err = capsys.readouterr().err
    assert "bullet 1 stays as extracted: the rewrite 'Floods force 3,000" in err and "'3,000' (3000) is not" in err
    assert "bullet 2 stays" not in err
