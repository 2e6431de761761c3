#!/usr/bin/env python3
"""Speed of the language-model writer on 2 cores: one process, and through the batch engine.

    .venv/bin/python bench/llm_speed.py --data bench/results/llm/corpus.jsonl.gz --limit 20 \\
        --json bench/results/llm/speed.json

``process``: the pipeline as users get it (ranker, compression, verification) with the extractive writer
and with ``--writer llm`` over the same first ``--limit`` articles in one warm process: articles/s, seconds
per bullet, and the process's peak memory. ``batch``: ``highlights batch --writer llm`` over the same
articles with 1 worker of 2 threads and 2 workers of 1 thread (each worker loads the model), wall time
from the command's start, model loading included. ``endpoint``: the same batch with ``--llm-url`` against a
llama.cpp server (the same llama.cpp server code, from ``xllamacpp``, on a loopback port, with ``--slots``
parallel slots and 2 threads), as a user would run their own (docs/writer.md). Run it on a quiet machine:
a second busy process halves the figures.
"""
from __future__ import annotations

import argparse
import gzip
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from highlights import Pipeline, Settings
from highlights.document import Article


def process(rows: list[dict], writer: str) -> dict:
    pipeline = Pipeline(Settings(writer=writer)).warm_up()
    t0 = time.perf_counter()
    bullets = 0
    for row in rows:
        bullets += len(pipeline(Article(id=row["id"], text=row["article"])).highlights)
    seconds = time.perf_counter() - t0
    return {"writer": writer, "articles": len(rows), "bullets": bullets, "seconds": round(seconds, 2),
            "articles_per_s": round(len(rows) / seconds, 3), "seconds_per_bullet": round(seconds / max(1, bullets), 3)}


def batch(corpus: Path, workers: int, threads: int, url: str | None = None) -> dict:
    where = ["--llm-url", url] if url else ["--llm-threads", str(threads)]
    with tempfile.TemporaryDirectory() as out:
        t0 = time.perf_counter()
        done = subprocess.run([sys.executable, "-m", "highlights", "batch", str(corpus), "--out", out, "-f", "jsonl",
                               "-w", str(workers), "-b", "5", "--writer", "llm", *where,
                               "--no-progress"], capture_output=True, text=True)
        seconds = time.perf_counter() - t0
        rows = sum(1 for part in Path(out).glob("part-*") for _ in part.open())
    return {"workers": workers, "threads_each": threads, "llm_url": bool(url), "exit": done.returncode, "articles": rows,
            "seconds": round(seconds, 2), "articles_per_s": round(rows / seconds, 3)}


def llama_server(slots: int) -> tuple[str, object]:
    """llama.cpp's server with the packaged model on a free loopback port: (its URL, the server)."""
    import socket

    import xllamacpp

    from highlights.rewrite import packaged

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    params = xllamacpp.CommonParams()
    params.model.path = str(packaged.path(packaged.DEFAULT))
    params.n_parallel, params.n_ctx, params.port, params.verbosity = slots, 2048 * slots, port, -1
    params.cpuparams.n_threads = params.cpuparams_batch.n_threads = 2
    return f"http://127.0.0.1:{port}", xllamacpp.Server(params)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", default="bench/results/llm/corpus.jsonl.gz")
    parser.add_argument("--limit", type=int, default=20)
    parser.add_argument("--json", type=Path)
    parser.add_argument("--part", choices=("all", "process", "batch", "endpoint"), default="all")
    parser.add_argument("--slots", type=int, default=2, help="the llama.cpp server's parallel slots (endpoint)")
    args = parser.parse_args()
    with gzip.open(args.data, "rt", encoding="utf-8") as fh:
        rows = [json.loads(line) for line, _ in zip(fh, range(args.limit))]
    result: dict = {"articles": len(rows)}
    if args.part in ("all", "process"):
        result["process"] = [process(rows, "extract"), process(rows, "llm")]
        result["process_peak_rss_mib"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)
    if args.part in ("all", "batch"):
        with tempfile.TemporaryDirectory() as tmp:
            corpus = Path(tmp) / "corpus.jsonl"
            corpus.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
            if args.part != "endpoint":
                result["batch"] = [batch(corpus, 1, 2), batch(corpus, 2, 1)]
            if args.part in ("all", "endpoint"):
                url, server = llama_server(args.slots)
                result["endpoint"] = [batch(corpus, args.slots, 0, url)]
                del server
    print(json.dumps(result, indent=1))
    if args.json:
        args.json.write_text(json.dumps(result, indent=1) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
