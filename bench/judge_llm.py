"""The packaged language model as a yes/no faithfulness judge: how well it tells supported claims, and how fast.

    .venv/bin/python bench/judge_llm.py --frank-rows 50 --out bench/results/judge/llm_judge.json --resume  # ~30 min
    .venv/bin/python bench/judge_llm.py --model qwen2.5-coder-0.5b --frank-rows 0 --rewrite-rows 30 \\
        --out /tmp/llm_judge_0.5b.json                                                 # speed of the small model

The model (Qwen2.5-Coder-1.5B-Instruct, 4-bit GGUF, run in this process by llama.cpp with ``--threads`` CPU
threads, as ``--writer llm`` runs it) is asked one short question per claim: is every part of it supported by
the evidence, Yes or No. It answers one token, greedily; the score is P(Yes) / (P(Yes) + P(No)) from that
token's top log-probabilities (the spellings "Yes"/"yes"/" Yes" summed, likewise for No). A claim where neither
answer is among the top tokens takes the greedy answer's 1/0 (0.5 if that is neither); the report counts them.

1. ``bench/data/rewrite_errors.jsonl`` (the writer's rewrites, labelled by hand), the first ``--rewrite-rows``
   rows: each rewrite, whole, against its ``evidence`` field. Balanced accuracy at 0.5, ROC AUC, and the share
   of wrong rewrites (per error kind) and of faithful ones flagged (score below 0.5).
2. FRANK (CNN/DM part, dev), the first ``--frank-rows`` rows in file order: each summary sentence
   (``claim_sentences``) against the article sentences ``evidence_for`` picks for it (what the learned judge
   reads); a summary scores as its weakest sentence. Balanced accuracy at 0.5 and ROC AUC.
3. Seconds per claim (mean, p50, p90; llama.cpp keeps the prompt prefix it has already read, as in use) and
   the seconds to find and load the model.

The report is rewritten after every row, and ``--resume`` goes on from it: a run that was stopped keeps what it
measured (the rows' scores and seconds; the load time is the last run's).
"""
from __future__ import annotations

import argparse
import faulthandler
import json
import math
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
FRANK = ROOT.parent / "shared" / "data" / "faithfulness" / "frank_cnndm.dev.jsonl.gz"
REWRITES = ROOT / "bench" / "data" / "rewrite_errors.jsonl"
SYSTEM = "You check news summaries."
QUESTION = "Evidence: {evidence}\nClaim: {claim}\nIs every part of the claim supported by the evidence? Answer Yes or No."
TOP = 10  # log-probabilities asked for: enough to see both answers' spellings


class Asker:
    """One model, asked yes/no questions; keeps each call's seconds and how many fell back to the greedy answer."""

    def __init__(self, model: str, threads: int):
        from highlights.rewrite import packaged
        from highlights.rewrite.backends import embedded

        start = time.perf_counter()
        path = Path(model) if Path(model).is_file() else packaged.path(model)
        self.find_seconds = time.perf_counter() - start
        start = time.perf_counter()
        self.model = embedded(str(path), threads).load()
        self.load_seconds = time.perf_counter() - start
        self.name, self.seconds, self.greedy_only = path.name, [], 0

    def score(self, evidence: str, claim: str) -> float:
        request = {"messages": [{"role": "system", "content": SYSTEM},
                                {"role": "user", "content": QUESTION.format(evidence=evidence, claim=claim)}],
                   "max_tokens": 1, "temperature": 0.0, "seed": 0, "logprobs": True, "top_logprobs": TOP}
        start = time.perf_counter()
        with self.model._lock:  # Embedded.chat returns only the text; the log-probabilities need the reply
            reply = self.model._server.handle_chat_completions(request)
        self.seconds.append(time.perf_counter() - start)
        choice = reply["choices"][0]
        p = {"yes": 0.0, "no": 0.0}
        for top in choice["logprobs"]["content"][0]["top_logprobs"]:
            word = top["token"].strip().lower()
            if word in p:
                p[word] += math.exp(top["logprob"])
        if p["yes"] + p["no"] > 0:
            return p["yes"] / (p["yes"] + p["no"])
        self.greedy_only += 1
        answer = choice["message"]["content"].strip().lower()
        return 1.0 if answer.startswith("yes") else 0.0 if answer.startswith("no") else 0.5


def rewrites(asker: Asker, rows_wanted: int | None, prior: list[dict]):
    """Yields the section's figures after each rewrite; those in ``prior`` (an earlier report's) are not asked again."""
    rows = [json.loads(line) for line in REWRITES.read_text().splitlines() if line.strip()][:rows_wanted]
    known = {p["id"]: p for p in prior}
    scores = []
    for i, row in enumerate(rows):
        if row["id"] in known:
            scores.append(known[row["id"]]["score"])
            asker.seconds.append(known[row["id"]]["seconds"])
        else:
            scores.append(asker.score(row["evidence"], row["rewrite"]))
        print(f"rewrites {i + 1}/{len(rows)}", file=sys.stderr, flush=True)
        done = rows[:i + 1]
        labels = np.array([r["faithful"] for r in done], dtype=bool)
        flagged = np.array(scores) < 0.5
        by_kind = {}
        for kind in sorted({r["kind"] for r in done if not r["faithful"]}):
            mask = np.array([not r["faithful"] and r["kind"] == kind for r in done])
            by_kind[kind] = {"n": int(mask.sum()), "flagged": round(float(flagged[mask].mean()), 4)}
        yield {"data": str(REWRITES.relative_to(ROOT)), "rows": i + 1, "of": len(rows), "faithful": int(labels.sum()),
               **figures(labels, scores),
               "wrong_flagged": round(float(flagged[~labels].mean()), 4) if (~labels).any() else None,
               "faithful_flagged": round(float(flagged[labels].mean()), 4) if labels.any() else None,
               "wrong_flagged_by_kind": by_kind,
               "scores": [{"id": r["id"], "score": round(s, 4), "seconds": round(t, 3)}
                          for r, s, t in zip(done, scores, asker.seconds[-len(scores):])]}


def frank(asker: Asker, rows_wanted: int, prior: list[dict]):
    """Yields the section's figures after each summary; those in ``prior`` are not asked again."""
    from highlights.evaluate.faithfulness import load
    from highlights.verify.judge import article_sentences, claim_sentences, evidence_for

    rows, skipped = load(str(FRANK))
    rows = rows[:rows_wanted]
    known = {p["row"]: p for p in prior}
    scores, claims, seconds = [], 0, []
    for i, row in enumerate(rows):
        parts = claim_sentences(row.summary)
        claims += len(parts)
        before = len(asker.seconds)
        if i in known:
            scores.append(known[i]["score"])
            asker.seconds.extend(known[i]["seconds"])
        else:
            sentences = article_sentences(row.article)
            scores.append(min(asker.score(" ".join(sentences[j] for j in evidence_for(part, sentences)), part)
                              for part in parts))
        seconds.append(asker.seconds[before:])
        print(f"frank {i + 1}/{len(rows)}", file=sys.stderr, flush=True)
        labels = [r.faithful for r in rows[:i + 1]]
        yield {"data": str(FRANK.relative_to(ROOT.parent)), "rows": i + 1, "of": len(rows), "skipped": len(skipped),
               "faithful": int(sum(labels)), "claims": claims, **figures(labels, scores),
               "scores": [{"row": j, "faithful": y, "score": round(s, 4), "seconds": [round(x, 3) for x in t]}
                          for j, (y, s, t) in enumerate(zip(labels, scores, seconds))]}


def figures(labels, scores) -> dict:
    from highlights.evaluate.classification import balanced_accuracy, roc_auc

    s = np.asarray(scores, dtype=float)
    ba, auc = balanced_accuracy(labels, s >= 0.5), roc_auc(labels, s)
    return {"balanced_accuracy": None if math.isnan(ba) else round(ba, 4),
            "roc_auc": None if math.isnan(auc) else round(auc, 4)}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--model", default="qwen2.5-coder-1.5b", help="a packaged model's name or a GGUF file")
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--frank-rows", type=int, default=80, help="the first rows of FRANK's dev part (0: none)")
    ap.add_argument("--rewrite-rows", type=int, default=None, help="the first rows of the rewrite set (default: all)")
    ap.add_argument("--out", type=Path, default=ROOT / "bench" / "results" / "judge" / "llm_judge.json")
    ap.add_argument("--resume", action="store_true", help="keep the rows --out already holds (same model and "
                    "prompt) and ask only the rest: a run that was stopped goes on where it was")
    args = ap.parse_args()

    faulthandler.enable()  # a crash in the runtime names where it happened
    asker = Asker(args.model, args.threads)
    report: dict = {"model": asker.name, "threads": args.threads, "prompt": {"system": SYSTEM, "user": QUESTION},
                    "scoring": "P(Yes) / (P(Yes) + P(No)) of the first answer token; below 0.5 flags"}
    prior: dict = {}
    if args.resume and args.out.is_file():
        prior = json.loads(args.out.read_text())
        if (prior.get("model"), prior.get("prompt")) != (report["model"], report["prompt"]):
            sys.exit(f"{args.out} was measured with another model or prompt; it cannot be resumed")
        asker.greedy_only = prior.get("greedy_fallbacks", 0)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    earlier = {name: prior.get(name, {}).get("scores", []) for name in ("rewrites", "frank")}
    sections = {"rewrites": rewrites(asker, args.rewrite_rows, earlier["rewrites"]) if args.rewrite_rows != 0
                else iter(()),
                "frank": frank(asker, args.frank_rows, earlier["frank"]) if args.frank_rows else iter(())}
    for name, section in sections.items():
        for report[name] in section:
            write(args.out, report, asker)
    print(json.dumps({k: {m: v for m, v in v.items() if m != "scores"} if isinstance(v, dict) else v
                      for k, v in write(args.out, report, asker).items() if k != "prompt"}, indent=1))


def write(out: Path, report: dict, asker: Asker) -> dict:
    """The report with the speed so far, written to ``out`` (replaced whole, so it is never half written)."""
    t = np.array(asker.seconds)
    report["speed"] = {"claims": len(t), "seconds_per_claim": {"mean": round(float(t.mean()), 3),
                                                               "p50": round(float(np.percentile(t, 50)), 3),
                                                               "p90": round(float(np.percentile(t, 90)), 3)},
                       "model_find_seconds": round(asker.find_seconds, 2),
                       "model_load_seconds": round(asker.load_seconds, 2)}
    report["greedy_fallbacks"] = asker.greedy_only
    tmp = out.with_name(out.name + ".part")
    tmp.write_text(json.dumps(report, indent=1) + "\n")
    tmp.replace(out)
    return report


if __name__ == "__main__":
    main()
