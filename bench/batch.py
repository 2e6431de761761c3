#!/usr/bin/env python3
"""Scaling of ``highlights batch``: the local engine and Ray, each with 1 and 2 workers, on this machine.

    .venv/bin/python bench/batch.py --limit 3000 --json bench/results/batch.json

Each configuration is a real ``highlights batch`` process (default settings: ranker, compression,
verifier; Parquet parts of ``--batch-size`` articles) over the first ``--limit`` articles of
``articles.train_extra.jsonl.gz`` (0: all 38,598), into a fresh folder. From the wall clock and the
manifest (each part's finishing time, worker pid, model load time and peak RSS) it reports:

- articles/s over the whole run, start-up included;
- steady-state articles/s: the articles of the parts finished after the first one, over the time
  between the first and the last part (workers running, models loaded);
- start-up: seconds from the command's start until the first part finished, less that part's own time
  (planning, starting processes or Ray, loading models);
- peak RSS per worker (MB) as each worker measured it, and the Parquet output's size per article;
- the speedup from 1 to 2 workers and Ray's overhead against the local engine, both at steady state.
"""
from __future__ import annotations

import argparse
import gzip
import itertools
import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from highlights.training.data import shared_data

DATA = shared_data() / "cnndm" / "articles.train_extra.jsonl.gz"
CONFIGS = [("local", 1), ("local", 2), ("ray", 1), ("ray", 2)]


def measure(corpus: Path, out: Path, engine: str, workers: int, batch_size: int) -> dict:
    started = time.time()
    done = subprocess.run([sys.executable, "-m", "highlights", "batch", str(corpus), "--out", str(out), "--engine",
                           engine, "--workers", str(workers), "--batch-size", str(batch_size), "--no-progress"],
                          stderr=subprocess.PIPE, text=True, env={**os.environ, "HF_HUB_OFFLINE": "1"})
    if done.returncode not in (0, 1):  # 1: some articles failed, and their rows say why (counted below)
        raise SystemExit(f"{engine} with {workers} worker(s) failed:\n{done.stderr}")
    wall = time.time() - started
    records = sorted((json.loads(x) for x in (out / "_manifest.jsonl").read_text().splitlines()),
                     key=lambda r: r["finished_at"])
    articles = sum(r["articles"] for r in records)
    first, last = records[0], records[-1]
    steady = sum(r["articles"] for r in records[1:]) / max(last["finished_at"] - first["finished_at"], 1e-9)
    output = sum(p.stat().st_size for p in out.glob("part-*"))
    peak: dict[int, float] = {}
    for r in records:
        peak[r["worker"]] = max(peak.get(r["worker"], 0.0), r["peak_rss_mb"])
    return {"engine": engine, "workers": workers, "articles": articles, "parts": len(records),
            "failed": sum(r["failed"] for r in records), "seconds": round(wall, 1),
            "articles_per_second": round(articles / wall, 1), "steady_articles_per_second": round(steady, 1),
            "startup_seconds": round(first["finished_at"] - started - first["seconds"], 1),
            "model_load_seconds": round(max(r["startup_seconds"] for r in records), 2),
            "peak_rss_mb_per_worker": round(max(peak.values()), 0), "workers_seen": len(peak),
            "output_kb_per_article": round(output / 1024 / articles, 2)}


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DATA)
    parser.add_argument("--limit", type=int, default=3000, help="first N articles (0: all)")
    parser.add_argument("--batch-size", type=int, default=100)
    parser.add_argument("--only", choices=["local", "ray"], help="one engine only")
    parser.add_argument("--json", type=Path)
    args = parser.parse_args(argv)
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        corpus = Path(tmp) / "articles.jsonl"
        with gzip.open(args.data, "rt", encoding="utf-8") as fh, open(corpus, "w", encoding="utf-8") as out:
            out.writelines(itertools.islice(fh, args.limit or None))
        for engine, workers in CONFIGS:
            if args.only and engine != args.only:
                continue
            folder = Path(tmp) / f"{engine}-{workers}"
            rows.append(measure(corpus, folder, engine, workers, args.batch_size))
            shutil.rmtree(folder)
            print(json.dumps(rows[-1]), file=sys.stderr)
    by = {(r["engine"], r["workers"]): r for r in rows}
    summary = {}
    for engine in ("local", "ray"):
        if (engine, 1) in by and (engine, 2) in by:
            summary[f"{engine}_speedup_1_to_2"] = round(by[engine, 2]["steady_articles_per_second"]
                                                        / by[engine, 1]["steady_articles_per_second"], 2)
    for w in (1, 2):
        if ("local", w) in by and ("ray", w) in by:
            summary[f"ray_overhead_{w}_workers"] = round(1 - by["ray", w]["steady_articles_per_second"]
                                                         / by["local", w]["steady_articles_per_second"], 3)
    result = {"data": str(args.data.name), "articles": rows[0]["articles"] if rows else 0,
              "batch_size": args.batch_size, "cpus": os.cpu_count(), "python": platform.python_version(),
              "runs": rows, "summary": summary}
    print("| engine | workers | articles/s (whole run) | steady articles/s | start-up s | model load s | "
          "peak RSS per worker MB |")
    print("|---|---:|---:|---:|---:|---:|---:|")
    for r in rows:
        print(f"| {r['engine']} | {r['workers']} | {r['articles_per_second']} | {r['steady_articles_per_second']} | "
              f"{r['startup_seconds']} | {r['model_load_seconds']} | {r['peak_rss_mb_per_worker']:.0f} |")
    print(json.dumps(summary))
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(result, indent=1) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
