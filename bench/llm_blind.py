#!/usr/bin/env python3
"""Count a blind audit's verdicts: how many rewrites the guard accepted were judged wrong, and of which kind.

    .venv/bin/python bench/llm_blind.py bench/results/llm/heldout

Reads ``blind_key.jsonl`` (which items the guard accepted) and ``blind_verdicts.jsonl`` (one row an item:
``item``, ``verdict`` "faithful" or "wrong", ``kind`` for a wrong one: number, name, negation, hedge,
attribution, relation, time or other, and ``fluent`` true or false), both in the folder given; writes
``blind.json`` there and prints it.
"""
from __future__ import annotations

import json
import sys
from collections import Counter
from pathlib import Path


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        print(__doc__, file=sys.stderr)
        return 2
    folder = Path(argv[0])
    key = {r["item"]: r for r in map(json.loads, (folder / "blind_key.jsonl").read_text().splitlines())}
    verdicts = [json.loads(line) for line in (folder / "blind_verdicts.jsonl").read_text().splitlines() if line.strip()]
    missing = sorted(set(key) - {v["item"] for v in verdicts})
    out = {}
    for name, accepted in (("accepted", True), ("rejected", False)):
        rows = [v for v in verdicts if key[v["item"]]["accepted"] is accepted]
        wrong = [v for v in rows if v["verdict"] == "wrong"]
        out[name] = {"judged": len(rows), "wrong": len(wrong), "wrong_by_kind": dict(Counter(v.get("kind", "other")
                                                                                             for v in wrong)),
                     "not_fluent": sum(v.get("fluent") is False for v in rows)}
    out["not_judged"] = missing
    (folder / "blind.json").write_text(json.dumps(out, indent=1) + "\n", encoding="utf-8")
    print(json.dumps(out, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
