#!/usr/bin/env python3
"""The faithfulness audit of the language-model writer (``--writer llm``) on cased dev articles.

    .venv/bin/python bench/llm_audit.py --limit 200 --out bench/results/llm            # the model's pass
    .venv/bin/python bench/llm_audit.py --out bench/results/llm --rejudge              # the guard again

Reads the first ``--limit`` dev articles that come with their original cased text (``article_original``
of ``articles.dev``: 216 of 1,737), runs the pipeline as users get it (ranker, compression, verification:
the extractive bullets), asks the language model to rewrite each bullet and lets the guard judge it, as
``Pipeline(Settings(writer="llm"))`` does. The model's answers do not depend on the guard, so
``--rejudge`` judges the recorded answers again with the guard as it is now (minutes, not the model's
half hour), with the same result as a new pass. Writes into ``--out``:

``corpus.jsonl.gz``   the articles (id, cased text, reference highlights), written from ``--data`` every run
``audit.jsonl``       one row a bullet: its source sentence, the extracted bullet, the rewrite, whether the
                      guard accepted it and why not
``timing.json``       seconds per article of the model's pass (extractive pipeline, rewriting)
``outputs.jsonl.gz``  both writers' bullets as a systems file; ``audit.json`` the shares (accepted, rejected
                      by reason), words per bullet, seconds, and ROUGE of both writers against the references
                      (``highlights eval rouge --data corpus.jsonl.gz --method ranker+compress --systems
                      outputs.jsonl.gz`` gives the same table)
``manual.jsonl``      ``--sample`` accepted rewrites drawn with ``--seed`` (none of those in ``--exclude``), for a
                      person to judge; the verdicts are in ``manual_verdicts_round*.jsonl``
``blind.jsonl``       the same sample with a third as many rejected rewrites, shuffled, each with its evidence
                      and the sentences around it but not the guard's verdict (``blind_key.jsonl``: which were
                      accepted), for a reader who must not know; ``bench/llm_blind.py`` counts their verdicts
"""
from __future__ import annotations

import argparse
import gzip
import json
import random
import statistics
import sys
import time
from collections import Counter
from difflib import SequenceMatcher
from pathlib import Path

from highlights.document import Article, Evidence, Highlight
from highlights.errors import EmptyInputError
from highlights.evaluate import harness
from highlights.evaluate.report import markdown
from highlights.pipeline import Pipeline
from highlights.rewrite import LLMWriter, around, backend_for, review, second_opinion, source
from highlights.settings import Settings
from highlights.words import word_count

DATA = "../shared/data/cnndm/articles.dev.jsonl.gz"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", default=DATA)
    parser.add_argument("--limit", type=int, default=200)
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--rejudge", action="store_true", help="judge the recorded rewrites again; no model runs")
    parser.add_argument("--llm-model", help="a GGUF file or packaged model name (default: the packaged 1.5B)")
    parser.add_argument("--llm-url")
    parser.add_argument("--llm-threads", type=int)
    parser.add_argument("--sample", type=int, default=50)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--no-judge", action="store_true", help="the guard alone, without the learned judge")
    parser.add_argument("--invented-examples", action="store_true", help="show the model the five examples written "
                        "here, not CNN's most like the article")
    parser.add_argument("--whole", action="store_true", help="give the model the whole sentence, not the compressor's cut")
    parser.add_argument("--free", action="store_true", help="let the model write any word (no grammar)")
    parser.add_argument("--field", default="article_original", help="the cased text's field (original_text "
                        "files: article)")
    parser.add_argument("--offset", type=int, default=0, help="skip this many articles of --data first")
    parser.add_argument("--exclude", type=Path, help="JSON Lines of bullets (id, bullet) judged before: not drawn again")
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    settings = Settings(llm_model=args.llm_model, llm_url=args.llm_url, llm_threads=args.llm_threads)
    # (the corpus is not kept in git: it is the data's)
    write_corpus(args.data, args.limit, args.out / "corpus.jsonl.gz", args.offset, args.field)
    if not args.rejudge:
        rewrite(settings, args)
    articles = {row["id"]: row for row in read_jsonl(args.out / "corpus.jsonl.gz")}
    records = judge(articles, read_jsonl(args.out / "audit.jsonl"), not args.no_judge)
    with open(args.out / "audit.jsonl", "w", encoding="utf-8") as fh:
        for r in records:
            fh.write(json.dumps(r, ensure_ascii=False) + "\n")
    report(articles, records, settings, args)
    return 0


def read_jsonl(path: Path) -> list[dict]:
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "rt", encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def write_corpus(data: str, limit: int, path: Path, offset: int = 0, field: str = "article_original") -> None:
    rows = []
    skipped = 0
    for row in read_jsonl(Path(data)):
        if row.get(field) and row.get("highlights"):
            if skipped < offset:
                skipped += 1
                continue
            rows.append({"id": row["id"], "article": row[field], "highlights": row["highlights"]})
        if len(rows) == limit:
            break
    with gzip.open(path, "wt", encoding="utf-8") as fh:
        for row in rows:
            fh.write(json.dumps(row) + "\n")


def rewrite(settings: Settings, args: argparse.Namespace) -> None:
    """The model's pass: each article's extractive bullets and the model's rewrite of each, as records."""
    extract = Pipeline(settings).warm_up()
    writer = LLMWriter(backend_for(settings), judge=False, examples=not args.invented_examples,
                       constrain=not args.free, shortened=not args.whole)
    out = args.out
    rows = read_jsonl(out / "corpus.jsonl.gz")
    t_extract = t_rewrite = 0.0
    with open(out / "audit.jsonl", "w", encoding="utf-8") as log:
        for k, row in enumerate(rows):
            article = Article(id=row["id"], text=row["article"])
            t0 = time.perf_counter()
            try:
                summary = extract(article)
            except EmptyInputError:
                continue
            t1 = time.perf_counter()
            shown = writer.shown(article, summary.highlights)
            earlier: list[str] = []
            for i, h in enumerate(summary.highlights):
                attempt = writer.attempt(article, h, earlier, summary.sentences, shown)
                earlier.append(attempt.text if attempt.accepted else h.text)
                context = [[s.start, s.end] for s in around(article, h, summary.sentences)]
                log.write(json.dumps({"id": row["id"], "bullet": i, "source": source(article, h, shortened=writer.shortened),
                                      "extracted": h.text,
                                      "evidence": [[e.start, e.end] for e in h.evidence], "context": context,
                                      "rewrite": attempt.text, "model": attempt.answer}, ensure_ascii=False) + "\n")
            log.flush()
            t_rewrite += time.perf_counter() - t1
            t_extract += t1 - t0
            print(f"{k + 1}/{len(rows)} {t_rewrite / (k + 1):.1f} s/article rewriting", file=sys.stderr, flush=True)
    timing = {"articles": len(rows), "seconds_per_article_extract": round(t_extract / len(rows), 3),
              "seconds_per_article_rewrite": round(t_rewrite / len(rows), 3), "threads": settings.llm_threads,
              "model": settings.llm_url or settings.llm_model or "qwen2.5-coder-1.5b (packaged)"}
    (out / "timing.json").write_text(json.dumps(timing, indent=1) + "\n", encoding="utf-8")


def judge(articles: dict[str, dict], records: list[dict], use_judge: bool = True) -> list[dict]:
    """Each recorded rewrite judged by the guard (and the learned judge), as ``LLMWriter`` judges it: against
    its evidence sentences, the sentences around them, and the bullets already written for the article (the
    accepted rewrites and the extracted bullets)."""
    out, earlier, current = [], [], None
    for r in records:
        if r["id"] != current:
            earlier, current = [], r["id"]
        text = articles[r["id"]]["article"]
        evidence = " ".join(text[s:e] for s, e in r["evidence"])
        context = " ".join(text[s:e] for s, e in r.get("context", ()))
        answer = r.get("model", r["rewrite"])
        shown, problems, verdict = (review(answer, evidence, earlier, context, r["source"]) if answer
                                    else ("", (), None))
        if use_judge and answer and not problems and verdict is not None:  # the judge's second opinion
            h = Highlight(text=r["extracted"], score=0.0, evidence=tuple(Evidence(0, s, e) for s, e in r["evidence"]))
            verdict, problems = second_opinion(Article(id=r["id"], text=text), h, shown, verdict)
        r = {**r, "rewrite": shown, "model": answer}
        accepted = not problems and verdict is not None
        earlier.append(r["rewrite"] if accepted else r["extracted"])
        out.append({**{k: v for k, v in r.items() if k not in ("accepted", "problems", "final")},
                    "accepted": accepted, "final": earlier[-1],
                    "problems": [{"type": p.kind, "detail": p.detail} for p in problems],
                    "words_extracted": word_count(r["extracted"]), "words_rewrite": word_count(r["rewrite"])})
    return out


def report(articles: dict[str, dict], records: list[dict], settings: Settings, args: argparse.Namespace) -> None:
    by_article: dict[str, list[dict]] = {}
    for r in records:
        by_article.setdefault(r["id"], []).append(r)
    systems = args.out / "outputs.jsonl.gz"
    with gzip.open(systems, "wt", encoding="utf-8") as fh:
        for id_ in articles:
            rows = by_article.get(id_, [])
            for name, key in (("extract (this run)", "extracted"), ("llm (this run)", "final")):
                fh.write(json.dumps({"id": id_, "system": name, "summary": "\n".join(r[key] for r in rows)}) + "\n")
    accepted = [r for r in records if r["accepted"]]
    reasons = Counter(kind for r in records if not r["accepted"] for kind in {p["type"] for p in r["problems"]})
    mean = lambda xs: round(statistics.fmean(xs), 2) if xs else None  # noqa: E731
    summary = {
        "articles": len(articles), "articles_with_bullets": len(by_article), "bullets": len(records),
        "accepted": len(accepted), "rejected_share": round(1 - len(accepted) / max(1, len(records)), 4),
        "rejected_by_reason": dict(reasons.most_common()),
        "rejected_empty": sum(not r["rewrite"] for r in records),
        # accepted rewrites that are the extracted bullet nearly word for word (a short sentence kept as it is)
        "accepted_near_copies": sum(SequenceMatcher(a=r["rewrite"].lower().split(), b=r["extracted"].lower().split(),
                                                    autojunk=False).ratio() >= 0.9 for r in accepted),
        "words_accepted_rewrite": mean([r["words_rewrite"] for r in accepted]),
        "words_all_rewrites": mean([r["words_rewrite"] for r in records if r["rewrite"]]),
        "words_extracted": mean([r["words_extracted"] for r in records]),
        "words_llm_writer_output": mean([word_count(r["final"]) for r in records]),
    }
    timing = args.out / "timing.json"
    if timing.exists():
        summary.update(json.loads(timing.read_text(encoding="utf-8")))
    evaluation = harness.evaluate(str(args.out / "corpus.jsonl.gz"), methods="ranker+compress", systems=str(systems),
                                  settings=settings)
    summary["rouge"] = evaluation.to_dict()
    # What ROUGE makes of the rewrites' length: every rewrite shown (no guard), or only the accepted ones
    # of at least N words (the shorter ones replaced by the extracted bullet).
    picks = {"no_guard": lambda r: r["rewrite"] or r["extracted"]}
    for n in (8, 10, 12):
        picks[f"accepted_at_least_{n}_words"] = lambda r, n=n: r["final"] if r["words_rewrite"] >= n else r["extracted"]
    summary["rouge_variants"] = {name: rouge_of(articles, by_article, pick) for name, pick in picks.items()}
    (args.out / "audit.json").write_text(json.dumps(summary, indent=1) + "\n", encoding="utf-8")
    seen = {(r["id"], r["bullet"]) for r in read_jsonl(args.exclude)} if args.exclude else set()
    pool = [r for r in accepted if (r["id"], r["bullet"]) not in seen]
    rng = random.Random(args.seed)
    sample = rng.sample(pool, min(args.sample, len(pool)))
    with open(args.out / "manual.jsonl", "w", encoding="utf-8") as fh:
        for r in sample:
            fh.write(json.dumps({k: r[k] for k in ("id", "bullet", "source", "rewrite")}, ensure_ascii=False) + "\n")
    # Blind: the sample and a third as many rejected rewrites, shuffled, with what the reader needs (the
    # evidence, the sentences around it, the rewrite) and not what the guard said; the key is kept apart
    refused = [r for r in records if not r["accepted"] and r["rewrite"]]
    mixed = sample + rng.sample(refused, min(len(refused), len(sample) // 3))
    rng.shuffle(mixed)
    with open(args.out / "blind.jsonl", "w", encoding="utf-8") as fh, \
            open(args.out / "blind_key.jsonl", "w", encoding="utf-8") as key:
        for k, r in enumerate(mixed):
            text = articles[r["id"]]["article"]
            fh.write(json.dumps({"item": k, "evidence": " ".join(text[s:e] for s, e in r["evidence"]),
                                 "around": " ".join(text[s:e] for s, e in r.get("context", ())),
                                 "rewrite": r["rewrite"]}, ensure_ascii=False) + "\n")
            key.write(json.dumps({"item": k, "id": r["id"], "bullet": r["bullet"], "accepted": r["accepted"]}) + "\n")
    print(json.dumps({k: v for k, v in summary.items() if k != "rouge"}, indent=1))
    print(markdown(evaluation))


def rouge_of(articles: dict[str, dict], by_article: dict[str, list[dict]], pick) -> list[float]:
    """Mean ROUGE-1 / 2 / Lsum F1 x 100 of the bullets ``pick`` chooses from each article's records."""
    from highlights.metrics.rouge import Rouge, as_lines

    scores = Rouge().score_many(references=[as_lines(a["highlights"]) for a in articles.values()],
                                predictions=[as_lines([pick(r) for r in by_article.get(i, [])]) for i in articles])
    return [round(statistics.fmean(getattr(x, k) for x in scores), 2) for k in ("rouge1", "rouge2", "rougeLsum")]


if __name__ == "__main__":
    sys.exit(main())
