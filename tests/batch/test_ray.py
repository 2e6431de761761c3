"""``--engine ray`` on a local Ray instance with 2 CPUs (one for the session: ``ray_address``)."""
from __future__ import annotations

import json
import os
import signal
import subprocess

from highlights.batch import BatchRun
from highlights.cli import main
from highlights.settings import Settings

from .conftest import highlights_cli, read_rows, write_corpus
from .test_local import gone, start, wait_for_parts


def test_ray_writes_the_same_rows_as_the_local_engine(tmp_path, ray_address):
    corpus = tmp_path / "in.jsonl"
    ids = write_corpus(corpus, 10)
    for engine in ("local", "ray"):
        run = BatchRun([str(corpus)], str(tmp_path / engine), settings=Settings(), fmt="jsonl", engine=engine,
                       workers=2, batch_size=4, address=ray_address if engine == "ray" else None)
        records = list(run)
        assert sorted(r["part"] for r in records) == ["part-000000", "part-000001", "part-000002"]
    rows = read_rows(tmp_path / "ray")
    assert [r["id"] for r in rows] == ids and sum(r["error"] is not None for r in rows) == 2
    assert rows == read_rows(tmp_path / "local")
    assert len({r["worker"] for r in records}) <= 2  # a pool of 2 actors, each loading the models once


def test_a_killed_ray_run_rerun_writes_every_article_exactly_once(tmp_path, ray_address):
    proc, args = start(tmp_path, 120, "--engine", "ray", "--address", ray_address)
    records = wait_for_parts(tmp_path / "out", 2)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    assert gone({r["worker"] for r in records}, timeout=60), "the killed job's actors are still running"
    done = len(wait_for_parts(tmp_path / "out", 0))
    assert 2 <= done < 12
    again = subprocess.run(args, cwd=tmp_path, capture_output=True, text=True, env={**os.environ, "HF_HUB_OFFLINE": "1"})
    assert again.returncode == 0, again.stderr
    assert f"resuming: {done} of 12 part(s)" in again.stderr
    expected = [json.loads(line)["id"] for line in (tmp_path / "in.jsonl").read_text().splitlines()]
    assert [r["id"] for r in read_rows(tmp_path / "out")] == expected
    assert not list((tmp_path / "out").glob(".*.tmp"))


def test_a_run_killed_on_one_engine_finishes_on_the_other(tmp_path, ray_address):
    """The plan and the rows do not depend on the engine, so either may continue the other's run."""
    proc, args = start(tmp_path, 60)
    wait_for_parts(tmp_path / "out", 1)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    r = highlights_cli(*args[3:], "--engine", "ray", "--address", ray_address, cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    assert len(read_rows(tmp_path / "out")) == 60


def test_an_unreachable_cluster_is_one_line_and_exit_2(tmp_path, capsys):
    corpus = tmp_path / "in.jsonl"
    write_corpus(corpus, 2, bad=False)
    assert main(["batch", str(corpus), "--out", str(tmp_path / "o"), "--engine", "ray", "--address", "127.0.0.1:1"]) == 2
    assert "cannot reach the Ray cluster at 127.0.0.1:1" in capsys.readouterr().err
