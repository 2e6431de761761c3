#!/usr/bin/env python3
"""Re-measure the evaluation gate's methods and write their pins to tests/evaluate/baseline.json.

    .venv/bin/python bench/update_baseline.py                 # raise pins that improved
    .venv/bin/python bench/update_baseline.py --allow-lower   # also accept a drop (say why in the commit)
    .venv/bin/python bench/update_baseline.py --add-method sumy-lexrank

Pins never go down without --allow-lower: a regression must be a decision, not an accident.
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from highlights.evaluate.gate import Baseline, LowerPinError, failures, measure, updated
from highlights.training.data import shared_data

ROOT = Path(__file__).resolve().parents[1]
BASELINE = ROOT / "tests" / "evaluate" / "baseline.json"
DATA_DIR = shared_data()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--allow-lower", action="store_true", help="accept pins that go down")
    parser.add_argument("--add-method", action="append", default=[], metavar="NAME", help="pin another method")
    parser.add_argument("--baseline", default=str(BASELINE), help="baseline file (default: %(default)s)")
    parser.add_argument("--data-dir", default=str(DATA_DIR), help="shared data folder (default: %(default)s)")
    parser.add_argument("--check", action="store_true", help="only report pins that fail; change nothing")
    args = parser.parse_args(argv)

    baseline = Baseline.read(args.baseline)
    methods = list(dict.fromkeys([*baseline.pins, *args.add_method]))
    measured = measure(baseline, data_dir=args.data_dir, methods=methods)
    for method, scores in measured.items():
        print(f"{method:14s} " + "  ".join(f"{t} {v:.2f}" for t, v in scores.items()))
    if args.check:
        problems = failures(baseline, measured)
        for p in problems:
            print(f"below pin: {p}", file=sys.stderr)
        return 1 if problems else 0
    try:
        new = updated(baseline, measured, allow_lower=args.allow_lower)
    except LowerPinError as exc:
        print(f"update_baseline: {exc}", file=sys.stderr)
        return 1
    new.write(args.baseline)
    print(f"wrote {args.baseline}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
