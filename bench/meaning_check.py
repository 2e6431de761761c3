"""How well the deletion check (``highlights.compress.safety``) finds compressions that change the meaning.

    .venv/bin/python bench/meaning_check.py --json bench/results/compression/meaning_check.json

Data: Puzikov et al. (2021)'s annotations of two systems' compressions of 200 Google dev sentences
(``../shared/data/compression/google_meaning_errors.jsonl.gz``). Each prediction is aligned to the
source tokens (the longest in-order match, token by token), the source is parsed with the pipeline's
spaCy model, and the check judges the dropped tokens. Reported: recall and precision of "any change"
against ``prediction_meaning_change`` and against the grammar-error flag, and recall per change kind.
"""
from __future__ import annotations

import argparse
import gzip
import json
import sys
from pathlib import Path

from highlights.compress.safety import changes
from highlights.nlp import load
from highlights.training.data import shared_data

DATA = shared_data() / "compression" / "google_meaning_errors.jsonl.gz"


def align(source: list[str], prediction: list[str]) -> list[int]:
    """1 for each source token the prediction keeps: the longest common subsequence of tokens."""
    n, m = len(source), len(prediction)
    best = [[0] * (m + 1) for _ in range(n + 1)]
    for i in range(n - 1, -1, -1):
        for j in range(m - 1, -1, -1):
            best[i][j] = best[i + 1][j + 1] + 1 if source[i] == prediction[j] else max(best[i + 1][j], best[i][j + 1])
    kept, i, j = [0] * n, 0, 0
    while i < n and j < m:
        if source[i] == prediction[j]:
            kept[i], i, j = 1, i + 1, j + 1
        elif best[i + 1][j] >= best[i][j + 1]:
            i += 1
        else:
            j += 1
    return kept


def flag(value: object) -> bool:
    if isinstance(value, dict):
        return bool(value.get("flag"))
    return value in (True, "True", 1, "1")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DATA)
    parser.add_argument("--json", metavar="PATH", help="also write the results as JSON")
    args = parser.parse_args(argv)
    nlp = load()
    with gzip.open(args.data, "rt", encoding="utf-8") as fh:
        rows = [json.loads(line) for line in fh]
    judged = []
    for row in rows:
        tokens = row["tokens"]
        kept = align(tokens, row["prediction"].split())
        doc = nlp(" ".join(tokens))
        starts, pos = [], 0
        for t in tokens:
            starts.append(pos)
            pos += len(t) + 1
        # a spaCy token is dropped when the source token it starts in was dropped
        owner = {}
        for tok in doc:
            k = max(i for i, s in enumerate(starts) if s <= tok.idx)
            owner[tok.i] = k
        drop = [tok.i for tok in doc if not kept[owner[tok.i]]]
        found = changes(doc[:], drop)
        judged.append((row, {c.kind for c in found}))

    def score(label: str) -> dict:
        positives = [kinds for row, kinds in judged if flag(row[label])]
        flagged = [row for row, kinds in judged if kinds]
        tp = sum(1 for kinds in positives if kinds)
        return {"positives": len(positives), "flagged": len(flagged), "recall": round(tp / max(len(positives), 1), 3),
                "precision": round(sum(1 for row in flagged if flag(row[label])) / max(len(flagged), 1), 3)}

    result = {"rows": len(judged), "meaning_change": score("prediction_meaning_change"),
              "grammar_error": score("grammar_errors"),
              "kind_recall_on_meaning_changes": {
                  kind: round(sum(1 for row, kinds in judged if flag(row["prediction_meaning_change"]) and kind in kinds)
                              / max(1, sum(1 for row, _ in judged if flag(row["prediction_meaning_change"]))), 3)
                  for kind in ("quantity", "negation", "argument", "restrictive", "orphan")}}
    print(json.dumps(result, indent=2))
    if args.json:
        Path(args.json).parent.mkdir(parents=True, exist_ok=True)
        Path(args.json).write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
        print(f"wrote {args.json}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
