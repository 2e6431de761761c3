#!/usr/bin/env python3
"""The ranker's learning curve: dev ROUGE (overall, CNN, Daily Mail), training time and peak memory as the
training articles grow from ``articles.train`` (7,479) to all of train + ``articles.train_extra`` (46,077).

    .venv/bin/python bench/ranker_curve.py --json bench/results/ranker_curve.json            # every size
    .venv/bin/python bench/ranker_curve.py --sizes 15k --keep /tmp/curve --json /tmp/c.json   # one, models kept

Each size trains with ``python -m highlights.training.ranker`` as ``make train`` does (same options, so the
CNN stories carry ``--cnn-share`` of the weight whatever the mix), on:

- 7.5k: ``articles.train``;
- 15k and 30k: ``articles.train`` and a uniform sample (seeded) of 7,500 or 22,500 rows of ``articles.train_extra``
  (its own mix, about half CNN: ``ranker_sources.py mix``);
- 46k: ``articles.train`` and all of ``articles.train_extra``.

Dev scores are the trainer's (``meta.json``: 3 highlights, Lead-3 in the same run) and, by source,
``ranker_sources.py score``. Time is the trainer's wall time on this machine; memory the largest resident
set of the trainer process (``wait4``).
"""
from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from highlights.training.data import shared_data
from ranker_sources import mix, score

ROOT = Path(__file__).resolve().parents[1]
DATA = shared_data() / "cnndm"
SIZES = {"7.5k": 0, "15k": 7500, "30k": 22500, "46k": None}  # rows of articles.train_extra added (None: all)


def train(label: str, extra: int | None, folder: Path, options: list[str]) -> dict:
    models = folder / label
    shutil.rmtree(models, ignore_errors=True)
    models.mkdir(parents=True)
    shutil.copytree(ROOT / "src" / "highlights" / "models" / "idf", models / "idf")
    files = [DATA / "articles.train.jsonl.gz"]
    made = {}
    if extra is None:
        files.append(DATA / "articles.train_extra.jsonl.gz")
    elif extra:
        files = [folder / f"{label}.jsonl.gz"]
        made = mix(DATA, files[0], extra, None, 1)
    command = [sys.executable, "-m", "highlights.training.ranker", "--models", str(models),
               "--data", *map(str, files), *options]
    log = folder / f"{label}.log"
    start = time.perf_counter()
    with open(log, "w", encoding="utf-8") as fh:
        process = subprocess.Popen(command, stdout=fh, stderr=subprocess.STDOUT, cwd=ROOT)
        _, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - start
    if os.waitstatus_to_exitcode(status):
        raise SystemExit(f"{label}: the trainer failed; see {log}")
    manifest = json.loads((models / "ranker" / "manifest.json").read_text(encoding="utf-8"))
    return {"articles": manifest["training"]["articles"], "cnn_articles": manifest["training"].get("cnn_articles"),
            "extra_rows": made or extra, "train_seconds": round(seconds), "peak_rss_gib": round(usage.ru_maxrss / 2**20, 2),
            "dev": manifest["training"].get("dev"),
            "dev_by_source": score(str(models), str(DATA / "articles.dev.jsonl.gz"))}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default=",".join(SIZES), help="which of %(default)s")
    parser.add_argument("--options", default="--cnn-share 0.1 --salience-rows 1500000",
                        help="trainer options, as make train gives them (default: %(default)s)")
    parser.add_argument("--keep", type=Path, help="write the models (and logs) here instead of a temporary folder")
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()
    sizes = args.sizes.split(",")
    unknown = [s for s in sizes if s not in SIZES]
    if unknown:
        parser.error(f"--sizes: unknown {unknown}; choose from {list(SIZES)}")
    folder = args.keep or Path(tempfile.mkdtemp(prefix="ranker-curve-"))
    folder.mkdir(parents=True, exist_ok=True)
    result: dict = {"options": args.options, "sizes": {}}
    old = json.loads(args.json.read_text(encoding="utf-8")) if args.json and args.json.exists() else {}
    result["sizes"].update(old.get("sizes", {}) if old.get("options") == args.options else {})
    for label in sizes:
        result["sizes"][label] = train(label, SIZES[label], folder, args.options.split())
        print(label, json.dumps(result["sizes"][label]), flush=True)
        if args.json:
            args.json.write_text(json.dumps(result, indent=1) + "\n", encoding="utf-8")
    if not args.keep:
        shutil.rmtree(folder, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
