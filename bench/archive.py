#!/usr/bin/env python3
"""Archive speed (#35): whole commands over the cased training articles, and where each article's time goes.

    .venv/bin/python bench/archive.py --json bench/results/archive.json
    git worktree add /tmp/before 61c3531
    .venv/bin/python bench/archive.py --against /tmp/before --json bench/results/archive.json   # both, alternated

Commands: real ``highlights summarize FILE --format json`` processes over the 543 cased articles of
``original_text.train`` (start-up, model loading, reading and writing included; ``--workers`` as the
command chooses, the machine's CPUs), each run ``--repeat`` times alternately, the best run counting.
Peak memory is the largest peak resident size (VmHWM, read every 50 ms) of any one process of the command:
the command itself or a worker.

With ``--against``, an older checkout runs each command too, alternating with this one, so that both sides
meet the same load on a shared machine (speeds here vary by a fifth from one hour to the next).

Stages: one process summarizes the same articles after a warm-up and adds up what each stage took
(``Summary.timings``: split, select, compress, verify, figures), and, across stages, the spaCy parse,
the tree ensembles' walks and the stand-alone screen: milliseconds per article and shares of the whole.
"""
from __future__ import annotations

import argparse
import functools
import json
import os
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

from highlights.training.data import shared_data

DATA = shared_data() / "cnndm" / "original_text.train.jsonl.gz"
COMMANDS = {"default": [], "lead --no-compress --no-verify": ["--method", "lead", "--no-compress", "--no-verify"]}
SETTINGS = {"default": {}, "lead --no-compress --no-verify": {"method": "lead", "compress": False, "verify": False}}
# across stages: (module, attribute) of the calls timed, under a name
PARTS = {"spaCy parse": ("highlights.nlp", "parse_many"), "tree walks": ("highlights.models.trees", "Forest.raw"),
         "stand-alone screen": ("highlights.select.standalone", "screen")}


def command(path: Path, extra: list[str], env: dict[str, str] | None = None) -> tuple[float, float]:
    """(seconds, peak MiB of its largest process) of one whole command."""
    start = time.perf_counter()
    proc = subprocess.Popen([sys.executable, "-m", "highlights", "summarize", str(path), "--format", "json",
                             "--no-progress", *extra], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)
    peak = 0
    # workers are the children of a fork server, not of the command: their peaks are read while they run
    while proc.poll() is None:
        peak = max([peak, *(_peak_kib(pid) for pid in _tree(proc.pid))])
        time.sleep(0.05)
    seconds = time.perf_counter() - start
    if proc.returncode:
        raise SystemExit(f"the command failed ({proc.returncode}): highlights summarize {path} {' '.join(extra)}")
    return seconds, peak / 1024


def _tree(pid: int) -> list[int]:
    """``pid`` and every process under it."""
    out, todo = [], [pid]
    while todo:
        p = todo.pop()
        out.append(p)
        try:
            for task in os.listdir(f"/proc/{p}/task"):
                todo += [int(c) for c in Path(f"/proc/{p}/task/{task}/children").read_text().split()]
        except OSError:
            continue  # it ended meanwhile
    return out


def _peak_kib(pid: int) -> int:
    """The peak resident size (VmHWM) of a running process, in KiB; 0 once it has ended."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    except (OSError, ProcessLookupError):
        pass
    return 0


def stages(path: Path, settings: dict) -> dict:
    """Milliseconds per article of each stage and part, one warm process."""
    import importlib

    from highlights import Pipeline, Settings
    from highlights.read import read_each

    pipeline = Pipeline(Settings(**settings))
    items = [item for _, item in read_each([str(path)], settings=pipeline.settings)]
    pipeline.warm_up()
    parts: Counter[str] = Counter()
    undo = []
    for name, (module, attribute) in PARTS.items():
        owner = importlib.import_module(module)
        *outer, last = attribute.split(".")
        for step in outer:
            owner = getattr(owner, step)
        original = getattr(owner, last)

        @functools.wraps(original)
        def timed(*args, _original=original, _name=name, **kwargs):
            start = time.perf_counter()
            try:
                return _original(*args, **kwargs)
            finally:
                parts[_name] += time.perf_counter() - start

        setattr(owner, last, timed)
        undo.append((owner, last, original))
    totals: Counter[str] = Counter()
    start = time.perf_counter()
    try:
        for item in items:
            summary = pipeline.result(item)
            for stage, seconds in getattr(summary, "timings", ()):
                totals[stage] += seconds
    finally:
        for owner, last, original in undo:
            setattr(owner, last, original)
    whole = time.perf_counter() - start
    n = len(items)
    per = {stage: round(1000 * s / n, 2) for stage, s in totals.items()}
    return {"ms_per_article": round(1000 * whole / n, 2), "stages_ms": per,
            "stage_shares": {stage: round(s / whole, 3) for stage, s in totals.items()},
            "parts_ms": {name: round(1000 * s / n, 2) for name, s in parts.items()},
            "part_shares": {name: round(s / whole, 3) for name, s in parts.items()}}


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DATA)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--against", type=Path, metavar="CHECKOUT",
                        help="also run an older checkout of the repo (its src/), alternating with this one")
    parser.add_argument("--json", type=Path)
    parser.add_argument("--stages-only", action="store_true", help=argparse.SUPPRESS)  # one side's stages, as JSON
    args = parser.parse_args(argv)
    if args.stages_only:
        print(json.dumps({name: stages(args.data, SETTINGS[name]) for name in COMMANDS}))
        return 0
    import gzip

    with gzip.open(args.data, "rt", encoding="utf-8") as fh:
        n = sum(1 for line in fh if line.strip())
    sides = {"after": None, **({"before": args.against.resolve() / "src"} if args.against else {})}
    best = {(side, name): (float("inf"), 0.0) for side in sides for name in COMMANDS}
    found: dict[str, list[dict]] = {side: [] for side in sides}
    for _ in range(args.repeat):
        for side, src in reversed(sides.items()):  # the older first, then this one
            env = _env(src)
            for name, extra in COMMANDS.items():
                best[side, name] = min(best[side, name], command(args.data, extra, env))
    for _ in range(min(args.repeat, 2)):  # the warm stages, best of two
        for side, src in reversed(sides.items()):
            out = subprocess.run([sys.executable, __file__, "--stages-only", "--data", str(args.data)], env=_env(src),
                                 check=True, capture_output=True, text=True).stdout
            found[side].append(json.loads(out.strip().splitlines()[-1]))
    result = {"data": str(args.data), "articles": n, "cpus": os.cpu_count(), "repeat": args.repeat,
              "against": str(args.against) if args.against else None, "sides": {}}
    for side in sides:
        rows = {name: {"seconds": round(s, 2), "articles_per_second": round(n / s, 1), "peak_mib": round(peak)}
                for (sd, name), (s, peak) in best.items() if sd == side}
        warm = {name: min((run[name] for run in found[side]), key=lambda s: s["ms_per_article"]) for name in COMMANDS}
        result["sides"][side] = {"commands": rows, "stages": warm}
        print(f"\n## {side}{'' if sides[side] is None else f' ({args.against})'}\n")
        print("| command | seconds | articles/s | peak MiB |\n|---|---:|---:|---:|")
        for name, r in rows.items():
            print(f"| {name} | {r['seconds']} | {r['articles_per_second']} | {r['peak_mib']} |")
        for name, s in warm.items():
            print(f"\n{name}: {s['ms_per_article']} ms per article (one warm process, one article at a time)")
            for stage, ms in {**s["stages_ms"], **s["parts_ms"]}.items():
                share = {**s["stage_shares"], **s["part_shares"]}[stage]
                print(f"  {stage:20s} {ms:7.2f} ms  {share:6.1%}")
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(result, indent=1) + "\n")
    return 0


def _env(src: Path | None) -> dict[str, str]:
    """The environment of a side's processes: ``src`` first on the path (an older checkout), or as it is."""
    env = dict(os.environ)
    env.pop("PYTHONPATH", None)
    if src is not None:
        env["PYTHONPATH"] = str(src)
    return env


if __name__ == "__main__":
    sys.exit(main())
