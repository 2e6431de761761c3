"""The faithfulness judge measured: human-judged summaries, the rewrite-error set, speed and memory.

    .venv/bin/python bench/judge.py --out bench/results/judge/judge.json      # ~4 min on 2 cores

1. FRANK, SummEval and QAGS (CNN/DM parts, dev): the rules alone, the judge alone, and both (supported only
   when both say so: what ``verify --judge`` does), each with balanced accuracy and ROC AUC. FRANK is also
   cross-validated for the threshold (5 folds by article, 5 shuffles: the judge's threshold fitted on 4 folds,
   applied to the 5th), since its dev part is what the threshold was chosen on; SummEval and QAGS are transfer.
2. ``bench/data/rewrite_errors.jsonl``: the language-model writer's rewrites, labelled by hand. Flagged shares
   by the guard, by the judge, and by both in turn (what the writer does): of wrong rewrites per error kind, and
   of faithful ones.
3. Our own bullets and speed: the default pipeline's bullets of 100 cased dev articles, each judged against its
   evidence: the judge's score spread and share flagged by how the rules reached their verdict (verbatim or
   deletion: the rules give all of them one score), seconds per bullet (distribution), the judge's memory.
"""
from __future__ import annotations

import argparse
import json
import random
import resource
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
SETS = {"frank": "faithfulness/frank_cnndm.dev.jsonl.gz", "summeval": "faithfulness/summeval.dev.jsonl.gz",
        "qags": "faithfulness/qags_cnndm.dev.jsonl.gz"}


def summaries(data: Path, name: str):
    from highlights.evaluate.faithfulness import load

    rows, _ = load(str(data / SETS[name]))
    return rows


def measured(rows):
    """Per row: the rules' verdict and the judge's score (each on the whole summary)."""
    from highlights.verify import verify
    from highlights.verify.judge import assess

    rules, scores = [], []
    for row in rows:
        rules.append(verify(row.article, row.summary).supported)
        scores.append(assess(row.article, row.summary).score)
    return np.array(rules), np.array(scores)


def best_threshold(y, rules, scores) -> float:
    from highlights.evaluate.classification import balanced_accuracy

    grid = np.unique(np.round(scores, 3))
    return float(max(grid, key=lambda t: balanced_accuracy(y, rules & (scores >= t))))


def figures(y, rules, scores, threshold) -> dict:
    from highlights.evaluate.classification import balanced_accuracy, roc_auc

    both = rules & (scores >= threshold)
    return {"n": int(len(y)), "faithful": int(y.sum()),
            "rules": {"balanced_accuracy": round(balanced_accuracy(y, rules), 4)},
            "judge": {"balanced_accuracy": round(balanced_accuracy(y, scores >= threshold), 4),
                      "roc_auc": round(roc_auc(y, scores), 4)},
            "rules+judge": {"balanced_accuracy": round(balanced_accuracy(y, both), 4),
                            "roc_auc": round(roc_auc(y, np.where(rules, scores, scores - 1)), 4),
                            "false_positive_rate": round(float((~both[y]).mean()), 4),
                            "unfaithful_flagged": round(float((~both[~y]).mean()), 4)}}


def cross_validated(rows, y, rules, scores, *, folds=5, shuffles=5) -> dict:
    from highlights.evaluate.classification import balanced_accuracy

    groups = sorted({r.group or r.article[:200] for r in rows})
    key = [r.group or r.article[:200] for r in rows]
    out = []
    for seed in range(shuffles):
        order = groups[:]
        random.Random(seed).shuffle(order)
        fold = {g: i % folds for i, g in enumerate(order)}
        pred = np.zeros(len(rows), dtype=bool)
        for f in range(folds):
            test = np.array([fold[k] == f for k in key])
            t = best_threshold(y[~test], rules[~test], scores[~test])
            pred[test] = rules[test] & (scores[test] >= t)
        out.append(balanced_accuracy(y, pred))
    return {"balanced_accuracy_mean": round(float(np.mean(out)), 4), "sd": round(float(np.std(out)), 4),
            "folds": folds, "shuffles": shuffles}


def rewrite_errors(path: Path) -> dict:
    from highlights.rewrite import guard
    from highlights.verify.judge import assess

    rows = [json.loads(line) for line in path.open(encoding="utf-8")]
    flagged = {"guard": [], "judge": [], "guard+judge": []}
    for r in rows:
        problems, verdict = guard.check(r["rewrite"], r["evidence"])
        by_guard = bool(problems) or verdict is None
        by_judge = not assess(r["evidence"], r["rewrite"], (r["evidence"],)).supported
        flagged["guard"].append(by_guard)
        flagged["judge"].append(by_judge)
        flagged["guard+judge"].append(by_guard or by_judge)
    wrong = [not r["faithful"] for r in rows]
    out: dict = {"n": len(rows), "wrong": sum(wrong)}
    for who, marks in flagged.items():
        m = np.array(marks)
        w = np.array(wrong)
        kinds = sorted({r["kind"] for r in rows if r["kind"]})
        out[who] = {"wrong_flagged": round(float(m[w].mean()), 4), "faithful_flagged": round(float(m[~w].mean()), 4),
                    "per_kind": {k: {"n": int(sum(r["kind"] == k for r in rows)),
                                     "flagged": round(float(np.mean([f for f, r in zip(marks, rows)
                                                                     if r["kind"] == k])), 4)} for k in kinds}}
    return out


def speed(data: Path, articles: int = 100) -> dict:
    from highlights import Pipeline, Settings
    from highlights.read import read
    from highlights.verify.judge import assess, judge

    rss0 = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    start = time.perf_counter()
    judge()
    load = time.perf_counter() - start
    rss1 = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    pipeline = Pipeline(Settings(figures=False))
    timings, scores = [], []
    for n, item in enumerate(read(str(data / "cnndm/original_text.dev.jsonl.gz"))):
        if n >= articles or not hasattr(item, "text"):
            break
        summary = pipeline(item)
        for h in summary.highlights:
            evidence = tuple(item.text[e.start:e.end] for e in h.evidence)
            t = time.perf_counter()
            opinion = assess(item.text, h.text, evidence)
            timings.append(time.perf_counter() - t)
            scores.append((h.verified.how if h.verified else "none", opinion.score, opinion.supported))
    ts = np.array(timings)
    ours = {}
    for how in sorted({h for h, _, _ in scores}):
        s = np.array([x for h, x, _ in scores if h == how])
        ours[how] = {"bullets": len(s), "flagged": round(float(np.mean([not ok for h, _, ok in scores if h == how])), 4),
                     "score_p10_p50_p90": [round(float(np.percentile(s, q)), 3) for q in (10, 50, 90)]}
    return {"our_bullets": ours, "bullets": len(ts), "seconds_per_bullet": {"mean": round(float(ts.mean()), 4),
                                                        "p50": round(float(np.percentile(ts, 50)), 4),
                                                        "p90": round(float(np.percentile(ts, 90)), 4),
                                                        "p99": round(float(np.percentile(ts, 99)), 4),
                                                        "max": round(float(ts.max()), 4)},
            "load_seconds": round(load, 2), "judge_memory_mib": round((rss1 - rss0) / 1024, 1),
            "peak_rss_mib": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data", default=str(ROOT.parent / "shared" / "data"))
    parser.add_argument("--out", default=str(ROOT / "bench/results/judge/judge.json"))
    parser.add_argument("--skip-speed", action="store_true")
    args = parser.parse_args()
    from highlights.verify.judge import judge

    data = Path(args.data)
    threshold = judge().threshold
    report: dict = {"threshold": threshold}
    for name in SETS:
        rows = summaries(data, name)
        y = np.array([r.faithful for r in rows])
        rules, scores = measured(rows)
        report[name] = figures(y, rules, scores, threshold)
        if name == "frank":
            report[name]["cross_validated_threshold"] = cross_validated(rows, y, rules, scores)
            report[name]["threshold_fitted_here"] = best_threshold(y, rules, scores)
        print(name, json.dumps(report[name]), file=sys.stderr)
    report["rewrite_errors"] = rewrite_errors(ROOT / "bench/data/rewrite_errors.jsonl")
    print("rewrite_errors", json.dumps(report["rewrite_errors"]), file=sys.stderr)
    if not args.skip_speed:
        report["speed"] = speed(data)
        print("speed", json.dumps(report["speed"]), file=sys.stderr)
    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    print(f"wrote {out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
