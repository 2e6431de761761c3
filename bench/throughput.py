#!/usr/bin/env python3
"""The default pipeline's throughput against the same run without compression and verification.

    .venv/bin/python bench/throughput.py --json bench/results/compression/throughput.json

Each configuration is a real ``highlights summarize FILE --format json`` process over the 543 cased
articles of ``original_text.train`` (start-up, model loading, reading and writing included), run
``--repeat`` times alternately; the best run of each counts, since other load only slows a run. The
issue's target is a ratio of at least 0.75 (default / ``--no-compress --no-verify``). Also reported:
the same with the start-up of each process (Python, imports, models, spaCy) subtracted, as measured
by a run over one article, which is what a long batch sees.
"""
from __future__ import annotations

import argparse
import gzip
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from highlights.training.data import shared_data

DATA = shared_data() / "cnndm" / "original_text.train.jsonl.gz"
CLI = [sys.executable, "-m", "highlights", "summarize"]
CONFIGS = {"default (compress + verify)": [], "--no-compress --no-verify": ["--no-compress", "--no-verify"]}


def timed(path: Path, extra: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run([*CLI, str(path), "--format", "json", "--no-progress", *extra], check=True,
                   stdout=subprocess.DEVNULL)
    return time.perf_counter() - start


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DATA)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--json", type=Path)
    args = parser.parse_args(argv)
    with gzip.open(args.data, "rt", encoding="utf-8") as fh:
        lines = [line for line in fh if line.strip()]
    with tempfile.TemporaryDirectory() as tmp:
        one = Path(tmp) / "one.jsonl"
        one.write_text(lines[0], encoding="utf-8")
        best = {name: float("inf") for name in CONFIGS}
        startup = {name: float("inf") for name in CONFIGS}
        for _ in range(args.repeat):
            for name, extra in CONFIGS.items():
                best[name] = min(best[name], timed(args.data, extra))
                startup[name] = min(startup[name], timed(one, extra))
    n = len(lines)
    rows = {name: {"seconds": round(best[name], 2), "articles_per_second": round(n / best[name], 1),
                   "startup_seconds": round(startup[name], 2),
                   "articles_per_second_after_startup": round((n - 1) / max(best[name] - startup[name], 1e-9), 1)}
            for name in CONFIGS}
    default, bare = rows["default (compress + verify)"], rows["--no-compress --no-verify"]
    result = {"data": str(args.data), "articles": n, "repeat": args.repeat, "rows": rows,
              "ratio": round(default["articles_per_second"] / bare["articles_per_second"], 3),
              "ratio_after_startup": round(default["articles_per_second_after_startup"]
                                           / bare["articles_per_second_after_startup"], 3)}
    print("| run | seconds | articles/s | start-up s | articles/s after start-up |\n|---|---:|---:|---:|---:|")
    for name, r in rows.items():
        print(f"| {name} | {r['seconds']} | {r['articles_per_second']} | {r['startup_seconds']} | "
              f"{r['articles_per_second_after_startup']} |")
    print(f"\nratio {result['ratio']} (after start-up {result['ratio_after_startup']}); target 0.75")
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(result, indent=1) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
