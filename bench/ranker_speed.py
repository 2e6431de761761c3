#!/usr/bin/env python3
"""Whole-pipeline speed, model load time and peak memory of the `ranker` selector.

    .venv/bin/python bench/ranker_speed.py                          # dev set, 1 and 2 processes, 3 runs
    .venv/bin/python bench/ranker_speed.py --methods ranker,lead --repeat 5 --json bench/results/ranker_speed.json
    .venv/bin/python bench/ranker_speed.py --cli-args="--no-compress --no-verify"

Whole pipeline: each process is a real `highlights summarize FILE --method M --format json` run, so
the figure covers everything a user waits for: starting Python, imports, reading the model, reading
and parsing the gzipped JSON Lines, splitting, selecting, and writing JSON (to /dev/null). With
``P`` processes the corpus is dealt round-robin into ``P`` files, the ``P`` commands run at once,
and articles/s is all articles over the wall time until the last one ends. Peak memory is the
largest resident set (``ru_maxrss`` from ``wait4``) of any one of those processes. Each
configuration runs ``--repeat`` times; the best run counts, since other load only slows a run.

Model load: in a fresh interpreter, the time of ``import highlights`` plus ``select.get("ranker")``
(reading the model files: IDF table, wordpiece table, tree models), and of the model reading alone; median of
``--repeat`` × 3 fresh interpreters.
"""
from __future__ import annotations

import argparse
import gzip
import json
import os
import shlex
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from highlights.training.data import shared_data

ROOT = Path(__file__).resolve().parents[1]
DATA = shared_data()
DEV = DATA / "cnndm" / "articles.dev.jsonl.gz"
CLI = [sys.executable, "-m", "highlights"]
LOAD = """
import time
t0 = time.perf_counter()
import highlights
from highlights.select import get
from highlights.select.ranker import RankerModel
t1 = time.perf_counter()
get("ranker")
t2 = time.perf_counter()
RankerModel.load()
t3 = time.perf_counter()
import resource, json
print(json.dumps({"import": t1 - t0, "import_and_load": t2 - t0, "load": t3 - t2,
                  "peak_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""


def deal(data: Path, parts: int, folder: Path) -> tuple[list[Path], int]:
    """The corpus dealt round-robin into ``parts`` gzipped files (balances CNN and Daily Mail stories)."""
    with gzip.open(data, "rt", encoding="utf-8") as fh:
        lines = [line for line in fh if line.strip()]
    paths = []
    for p in range(parts):
        path = folder / f"part{p}.jsonl.gz"
        with gzip.open(path, "wt", encoding="utf-8") as out:
            out.writelines(lines[p::parts])
        paths.append(path)
    return paths, len(lines)


def run_once(files: list[Path], method: str, cli_args: list[str]) -> tuple[float, float]:
    """(wall seconds until the last process ends, largest peak RSS in MiB) of one process per file."""
    start = time.perf_counter()
    procs = [subprocess.Popen([*CLI, "summarize", str(f), "--method", method, "--format", "json",
                               "--no-progress", *cli_args], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
             for f in files]
    peak = 0.0
    for p in procs:
        _, status, usage = os.wait4(p.pid, 0)
        p.returncode = os.waitstatus_to_exitcode(status)
        peak = max(peak, usage.ru_maxrss / 1024)
        err = p.stderr.read().decode(errors="replace")
        if p.returncode != 0:
            raise SystemExit(f"{method}: highlights summarize exited with {p.returncode}: {err[-500:]}")
    return time.perf_counter() - start, peak


def load_times(repeat: int) -> dict:
    runs = []
    for _ in range(repeat * 3):
        out = subprocess.run([sys.executable, "-c", LOAD], check=True, capture_output=True, text=True)
        runs.append(json.loads(out.stdout.strip().splitlines()[-1]))
    return {k: statistics.median(r[k] for r in runs) for k in runs[0]} | {
        "max_import_and_load": max(r["import_and_load"] for r in runs), "runs": len(runs)}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", default=str(DEV), help="JSONL(.gz) corpus (default: the dev set)")
    parser.add_argument("--methods", default="ranker,lead", help="comma-separated (default: %(default)s)")
    parser.add_argument("--workers", default="1,2", help="process counts (default: %(default)s)")
    parser.add_argument("--repeat", type=int, default=3, help="runs per configuration; the best counts")
    parser.add_argument("--cli-args", default="", help="more options for `highlights summarize`")
    parser.add_argument("--json", help="also write the measurements to this file")
    args = parser.parse_args(argv)

    cli_args = shlex.split(args.cli_args)
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        for w in [int(x) for x in args.workers.split(",")]:
            folder = Path(tmp) / str(w)
            folder.mkdir()
            files, n = deal(Path(args.data), w, folder)
            for method in [m for m in args.methods.split(",") if m]:
                runs = [run_once(files, method, cli_args) for _ in range(args.repeat)]
                seconds = min(s for s, _ in runs)
                rows.append({"method": method, "processes": w, "articles": n, "seconds": seconds,
                             "articles_per_second": n / seconds, "peak_mib": max(p for _, p in runs)})
                print(f"{method:10s} {w} process(es): {n / seconds:7.0f} articles/s ({seconds:.2f} s), "
                      f"peak {rows[-1]['peak_mib']:.0f} MiB", file=sys.stderr)
    load = load_times(args.repeat)
    print(f"import highlights + get('ranker'): median {load['import_and_load']:.3f} s "
          f"(max {load['max_import_and_load']:.3f} s); model files alone {load['load']:.3f} s", file=sys.stderr)

    print("| method | processes | articles/s | seconds | peak memory (MiB) |\n|---|---:|---:|---:|---:|")
    for r in rows:
        print(f"| {r['method']} | {r['processes']} | {r['articles_per_second']:,.0f} | {r['seconds']:.2f} "
              f"| {r['peak_mib']:.0f} |")
    if args.json:
        Path(args.json).write_text(json.dumps({"cpus": os.cpu_count(), "cli_args": cli_args, "rows": rows,
                                               "load_seconds": load}, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
