"""``highlights batch`` with the local engine: rows, errors, formats, resuming and kills."""
from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from highlights.batch import BatchRun
from highlights.cli import main
from highlights.settings import Settings

from .conftest import read_rows, without_nulls, write_corpus

FAST = Settings(method="lead", compress=False, verify=False)


def test_rows_are_what_summarize_prints_plus_error_and_bad_records_keep_a_row(tmp_path, capsys):
    """Default settings (ranker, compression, verifier): each good article's row is exactly the line
    `summarize --format json` prints for it, with "error": null; bad records get a row with the error."""
    corpus = tmp_path / "in.jsonl"
    ids = write_corpus(corpus, 10)
    assert main(["batch", str(corpus), "--out", str(tmp_path / "out"), "-f", "jsonl", "-b", "4", "-w", "2"]) == 1
    err = capsys.readouterr().err
    assert "wrote 3 part(s), 12 article(s)" in err and "2 failed (their rows carry the error)" in err
    rows = read_rows(tmp_path / "out")
    assert [r["id"] for r in rows] == ids  # every record once, in input order
    assert main(["summarize", str(corpus), "--format", "json"]) == 1
    printed = capsys.readouterr()
    expected = [json.loads(line) for line in printed.out.splitlines()]
    assert [{k: v for k, v in r.items() if k != "error"} for r in rows if r["error"] is None] == expected
    failed = [r["error"] for r in rows if r["error"] is not None]
    assert failed[0].startswith(f"{corpus}:4: malformed JSON") and "field 'article' is empty" in failed[1]
    assert all(f in printed.err for f in failed)  # the same messages summarize reports


def test_parquet_parts_hold_the_same_rows_as_jsonl_parts(tmp_path):
    corpus = tmp_path / "in.jsonl"
    write_corpus(corpus, 6)
    for fmt in ("parquet", "jsonl"):
        list(BatchRun([str(corpus)], str(tmp_path / fmt), settings=Settings(), fmt=fmt, workers=1, batch_size=5))
    parquet, jsonl = read_rows(tmp_path / "parquet"), read_rows(tmp_path / "jsonl")
    assert len(parquet) == len(jsonl) == 8
    assert [without_nulls(r) for r in parquet] == [without_nulls(r) for r in jsonl]
    assert any(h.get("verified") for r in jsonl for h in r["highlights"])  # nested fields made it through


def test_folders_of_story_files_and_parquet_inputs(tmp_path, write):
    import pyarrow as pa
    import pyarrow.parquet as pq

    story = "(CNN)Rain fell all day on Monday in Leeds. Roads across the city flooded by noon. Schools stayed shut."
    write("stories/a.txt", story)
    write("stories/b.html", f"<html><head><title>Floods</title></head><body><article><p>{story}</p></article></body></html>")
    write("stories/bad.txt", b"\x00\x01binary")
    pq.write_table(pa.table({"id": ["p1", "p2"], "article": [story, story.replace("Leeds", "York")],
                             "title": ["One", None]}), tmp_path / "t.parquet")
    run = BatchRun([str(tmp_path / "stories"), str(tmp_path / "t.parquet")], str(tmp_path / "out"), settings=FAST,
                   workers=1, batch_size=2)
    records = list(run)
    assert sum(r["articles"] for r in records) == 5 and sum(r["failed"] for r in records) == 1
    rows = {r["id"]: r for r in read_rows(tmp_path / "out")}
    assert set(rows) == {"a", "b", None, "p1", "p2"}
    assert "binary" in rows[None]["error"] and rows["p1"]["title"] == "One"
    assert rows["p2"]["highlights"][0]["text"] == "Rain fell all day on Monday in York."


def test_a_rerun_skips_finished_parts_and_other_arguments_are_refused(tmp_path, capsys):
    corpus = tmp_path / "in.jsonl"
    write_corpus(corpus, 8, bad=False)
    out = tmp_path / "out"
    args = ["batch", str(corpus), "--out", str(out), "-b", "3", "-m", "lead", "--no-compress", "--no-verify"]
    assert main(args) == 0
    stamps = {p.name: p.stat().st_mtime_ns for p in out.glob("part-*")}
    assert main(args + ["--workers", "1"]) == 0  # workers and engine may change; the output does not
    err = capsys.readouterr().err
    assert "resuming: 3 of 3 part(s) (8 articles) already in" in err
    assert {p.name: p.stat().st_mtime_ns for p in out.glob("part-*")} == stamps
    assert main(args[:-1]) == 2  # now with verification: other rows
    err = capsys.readouterr().err
    assert "holds a batch run with other arguments (they differ in: settings)" in err and "new --out" in err
    corpus.write_text(corpus.read_text() + corpus.read_text().splitlines()[0] + "\n")
    assert main(args) == 2
    assert "differ in: the inputs (or their contents)" in capsys.readouterr().err


def test_a_part_written_but_not_committed_is_written_again_once(tmp_path):
    """A run killed between a part's rename and its manifest line, with a temporary file left over."""
    corpus = tmp_path / "in.jsonl"
    ids = write_corpus(corpus, 9, bad=False)
    out = tmp_path / "out"
    list(BatchRun([str(corpus)], str(out), settings=FAST, workers=1, batch_size=3))
    manifest = out / "_manifest.jsonl"
    lines = manifest.read_text().splitlines()
    manifest.write_text("\n".join(lines[:-1]) + "\n" + lines[-1][:20])  # the last record cut short
    (out / ".part-000001.parquet.123.tmp").write_bytes(b"half a part")
    run = BatchRun([str(corpus)], str(out), settings=FAST, workers=1, batch_size=3)
    assert [p.name for p in run.todo] == [json.loads(lines[-1])["part"]]
    list(run)
    assert [r["id"] for r in read_rows(out)] == ids and not list(out.glob(".*.tmp"))


def test_bad_arguments_exit_2_with_one_line(tmp_path, capsys):
    corpus = tmp_path / "in.jsonl"
    write_corpus(corpus, 2, bad=False)
    assert main(["batch", str(corpus), "--out", str(tmp_path / "o"), "--address", "auto"]) == 2
    assert "--address is for --engine ray" in capsys.readouterr().err
    assert main(["batch", str(tmp_path / "missing.jsonl"), "--out", str(tmp_path / "o2")]) == 2
    err = capsys.readouterr().err
    assert "missing.jsonl: cannot be read" in err and "nothing to summarize" in err
    assert not (tmp_path / "o2" / "_run.json").exists()  # the folder is free for the run with the right input
    assert main(["batch", str(corpus), "--out", str(tmp_path / "o2"), "-m", "lead", "--no-compress", "--no-verify"]) == 0
    (tmp_path / "file").write_text("x")
    assert main(["batch", str(corpus), "--out", str(tmp_path / "file" / "o")]) == 2
    assert "cannot create the output folder" in capsys.readouterr().err
    with pytest.raises(SystemExit):
        main(["batch", str(corpus), "--out", str(tmp_path / "o3"), "--workers", "0"])


def start(tmp_path, n, *extra):
    """A CLI batch run over ``n`` dev articles in parts of 10, with 2 workers, in the background."""
    write_corpus(tmp_path / "in.jsonl", n, bad=False)
    args = [sys.executable, "-m", "highlights", "batch", "in.jsonl", "--out", "out", "-b", "10", "-w", "2", *extra]
    proc = subprocess.Popen(args, cwd=tmp_path, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
                            env={**os.environ, "HF_HUB_OFFLINE": "1"})
    return proc, args


def wait_for_parts(out, parts, timeout=120):
    """The manifest's records once it has ``parts`` of them."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            records = [json.loads(x) for x in (out / "_manifest.jsonl").read_text().splitlines() if x.endswith("}")]
        except FileNotFoundError:
            records = []
        if len(records) >= parts:
            return records
        time.sleep(0.01)
    raise AssertionError(f"fewer than {parts} parts within {timeout} s")


def running(pid):
    """Whether ``pid`` is alive and not a zombie (it may be reaped between any two looks at /proc)."""
    try:
        return "zombie" not in Path(f"/proc/{pid}/status").read_text()
    except (FileNotFoundError, ProcessLookupError):
        return False


def gone(pids, timeout=10):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if not any(running(p) for p in pids):
            return True
        time.sleep(0.1)
    return False


def test_a_killed_run_rerun_writes_every_article_exactly_once(tmp_path):
    """SIGKILL the driver part way: its workers exit with it, and the same command finishes the rest."""
    proc, args = start(tmp_path, 120)
    records = wait_for_parts(tmp_path / "out", 2)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    assert gone({r["worker"] for r in records}), "worker processes outlived their killed parent"
    done = len(wait_for_parts(tmp_path / "out", 0))
    assert 2 <= done < 12
    again = subprocess.run(args, cwd=tmp_path, capture_output=True, text=True, env={**os.environ, "HF_HUB_OFFLINE": "1"})
    assert again.returncode == 0, again.stderr
    assert f"resuming: {done} of 12 part(s)" in again.stderr
    ids = [r["id"] for r in read_rows(tmp_path / "out")]
    expected = [json.loads(line)["id"] for line in (tmp_path / "in.jsonl").read_text().splitlines()]
    assert ids == expected  # each once, in input order
    assert not list((tmp_path / "out").glob(".*.tmp"))


def test_sigterm_stops_the_run_and_a_dead_worker_is_reported(tmp_path):
    proc, args = start(tmp_path, 120)
    wait_for_parts(tmp_path / "out", 1)
    proc.send_signal(signal.SIGTERM)
    assert proc.wait(timeout=30) == 130
    assert "rerun the same command to continue" in proc.stderr.read()
    assert not list((tmp_path / "out").glob(".*.tmp"))
    # a worker killed from outside (as by the OOM killer): the run stops with a clear error, exit 2
    proc = subprocess.Popen(args, cwd=tmp_path, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    before = len(wait_for_parts(tmp_path / "out", 0))
    records = wait_for_parts(tmp_path / "out", before + 1)
    os.kill(records[-1]["worker"], signal.SIGKILL)
    assert proc.wait(timeout=60) == 2
    err = proc.stderr.read()
    assert "a worker process died while on part-" in err and "rerun the same command" in err and "Traceback" not in err
