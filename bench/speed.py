#!/usr/bin/env python3
"""Throughput and peak memory of each method with 1 and 2 processes, and of a whole `eval rouge` run.

    .venv/bin/python bench/speed.py                       # every method, 1 and 2 processes, dev set
    .venv/bin/python bench/speed.py --methods lead --workers 1 --repeat 5

Each measurement runs in a fresh Python process, so its peak resident memory (``ru_maxrss`` of
the process and of its worker processes, whichever is larger) is its own. Throughput is articles
per second of splitting and selection alone (the harness's ``run_methods``; reading and scoring
excluded), the best of ``--repeat`` runs, since other load on the machine only ever slows a run
down. The end-to-end rows time ``highlights eval rouge`` itself: reading, running, scoring,
bootstrap and paired test.
"""
from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import time
from pathlib import Path

from highlights.training.data import shared_data

ROOT = Path(__file__).resolve().parents[1]
DEV = shared_data() / "cnndm" / "articles.dev.jsonl.gz"
METHODS = "lead,centrality,oracle,sumy-lexrank,sumy-textrank"
END_TO_END = "lead,centrality,oracle"


def peak_mib() -> float:
    """Largest resident set of this process or any of its finished children, in MiB (Linux: KiB units)."""
    scale = 1 / 1024 if sys.platform != "darwin" else 1 / 2**20
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return max(own, children) * scale


def measure_one(data: str, method: str, workers: int, repeat: int) -> dict:
    from highlights.evaluate.corpus import load
    from highlights.evaluate.harness import run_methods

    items = load(data).items
    best = min(run_methods(items, [method], workers=workers)[0].seconds for _ in range(repeat))
    return {"what": method, "workers": workers, "articles": len(items),
            "articles_per_second": len(items) / best, "seconds": best, "peak_mib": peak_mib()}


def measure_end_to_end(data: str, methods: str, workers: int) -> dict:
    from highlights.cli import main

    start = time.perf_counter()
    with open(os.devnull, "w") as sink:
        saved, sys.stdout = sys.stdout, sink
        try:
            code = main(["eval", "rouge", "--data", data, "--method", methods, "--workers", str(workers)])
        finally:
            sys.stdout = saved
    seconds = time.perf_counter() - start
    if code != 0:
        raise SystemExit(f"eval rouge exited with {code}")
    return {"what": f"eval rouge --method {methods}", "workers": workers, "seconds": seconds, "peak_mib": peak_mib()}


def child(args: list[str]) -> dict:
    out = subprocess.run([sys.executable, __file__, *args], check=True, capture_output=True, text=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", default=str(DEV), help="JSONL(.gz) corpus (default: the dev set)")
    parser.add_argument("--methods", default=METHODS, help="comma-separated methods (default: %(default)s)")
    parser.add_argument("--workers", default="1,2", help="process counts to try (default: %(default)s)")
    parser.add_argument("--repeat", type=int, default=3, help="runs per measurement; the best counts")
    parser.add_argument("--end-to-end", default=END_TO_END, help="methods of the timed eval rouge run ('' to skip)")
    parser.add_argument("--json", help="also write the measurements to this file")
    parser.add_argument("--one", help=argparse.SUPPRESS)  # internal: measure one method in this process
    parser.add_argument("--e2e", help=argparse.SUPPRESS)  # internal: time one eval rouge run in this process
    args = parser.parse_args(argv)

    if args.one:
        print(json.dumps(measure_one(args.data, args.one, int(args.workers), args.repeat)))
        return 0
    if args.e2e:
        print(json.dumps(measure_end_to_end(args.data, args.e2e, int(args.workers))))
        return 0

    workers = [int(w) for w in args.workers.split(",")]
    rows = []
    for method in [m for m in args.methods.split(",") if m]:
        for w in workers:
            rows.append(child(["--data", args.data, "--one", method, "--workers", str(w),
                               "--repeat", str(args.repeat)]))
            r = rows[-1]
            print(f"{method:14s} {w} process(es): {r['articles_per_second']:8.0f} articles/s, "
                  f"peak {r['peak_mib']:.0f} MiB", file=sys.stderr)
    if args.end_to_end:
        for w in workers:
            rows.append(child(["--data", args.data, "--e2e", args.end_to_end, "--workers", str(w)]))
            print(f"end to end, {w} process(es): {rows[-1]['seconds']:.1f} s", file=sys.stderr)

    print("| what | processes | articles/s | seconds | peak memory (MiB) |\n|---|---:|---:|---:|---:|")
    for r in rows:
        speed = f"{r['articles_per_second']:,.0f}" if "articles_per_second" in r else "—"
        print(f"| {r['what']} | {r['workers']} | {speed} | {r['seconds']:.2f} | {r['peak_mib']:.0f} |")
    if args.json:
        Path(args.json).write_text(json.dumps({"cpus": os.cpu_count(), "rows": rows}, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
