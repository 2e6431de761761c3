#!/usr/bin/env python3
"""Which of the writer's levers pay: the same bullets rewritten under each setting, side by side.

    .venv/bin/python bench/llm_levers.py --limit 20 --json bench/results/llm/levers.json

The first ``--limit`` cased dev articles (``article_original`` of ``articles.dev``, the tuning part) go
through the extractive pipeline once; then every bullet is rewritten by the packaged 1.5B model under each
setting, in one warm process each, and reviewed as ``--writer llm`` reviews it (the guard, the attribution
added back; the judge is left out here: it is the same for every setting). Per setting: the share of
bullets accepted, rejections by reason, words per accepted rewrite, and seconds per article (the model
only). Settings:

``invented``  the five examples written for this project, any word (the writer before this bench)
``cnn``       CNN's own examples most like the article's bullets, any word
``cnn+grammar`` those examples, and the reply held to the sentence's words
``cnn+grammar+retry`` and a second try for a bullet too long or copied, told so
``...+cut``   the model given the compressor's cut of the sentence to rewrite, not the whole sentence (the default)
``final``     the default as shipped: ``cnn+grammar+retry+cut`` after the guard's last rules (openers, questions,
              words cut off) and the examples mined again with them (run last; the others ran before)
``invented+grammar+retry+cut`` the same with the five examples written here: one prompt prefix for every article
``cnn+grammar-plain`` without prompt-lookup decoding, for its speed (greedy either way: the same bullets, but for
              rounding in the runtime's batched arithmetic)
"""
from __future__ import annotations

import argparse
import gzip
import json
import sys
import time
from collections import Counter
from pathlib import Path

from highlights import Pipeline, Settings
from highlights.document import Article
from highlights.errors import EmptyInputError
from highlights.rewrite import LLMWriter, packaged
from highlights.rewrite.backends import Embedded
from highlights.words import word_count

DATA = "../shared/data/cnndm/articles.dev.jsonl.gz"
SETTINGS = {
    "invented": dict(examples=False, constrain=False, retry=False, lookup=True),
    "cnn": dict(examples=True, constrain=False, retry=False, lookup=True),
    "cnn+grammar": dict(examples=True, constrain=True, retry=False, lookup=True),
    "cnn+grammar+retry": dict(examples=True, constrain=True, retry=True, lookup=True),
    "final": dict(examples=True, constrain=True, retry=True, lookup=True, shortened=True),
    "invented+grammar+retry+cut": dict(examples=False, constrain=True, retry=True, lookup=True, shortened=True),
    "cnn+grammar-plain": dict(examples=True, constrain=True, retry=False, lookup=False),
    "cnn+grammar+retry+cut": dict(examples=True, constrain=True, retry=True, lookup=True, shortened=True),
}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", default=DATA)
    parser.add_argument("--limit", type=int, default=20)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--only", nargs="*", choices=sorted(SETTINGS), help="these settings only")
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()
    articles = cased(args.data, args.limit)
    pipeline = Pipeline(Settings()).warm_up()
    summaries = []
    for article in articles:
        try:
            summaries.append(pipeline(article))
        except EmptyInputError:
            continue
    model = packaged.path(packaged.DEFAULT)
    out = {"articles": len(summaries), "bullets": sum(len(s.highlights) for s in summaries), "threads": args.threads,
           "settings": {}}
    if args.only and args.json and args.json.exists():  # the other settings' figures, kept from an earlier run
        out["settings"] = json.loads(args.json.read_text(encoding="utf-8")).get("settings", {})
    for name in args.only or SETTINGS:
        options = SETTINGS[name]
        backend = Embedded(model, threads=args.threads, lookup=options["lookup"]).load()
        writer = LLMWriter(backend, judge=False, examples=options["examples"], constrain=options["constrain"],
                           retry=options["retry"], shortened=options.get("shortened", False))
        out["settings"][name] = run(writer, summaries)
        print(name, json.dumps(out["settings"][name]), file=sys.stderr, flush=True)
        del backend, writer
    print(json.dumps(out, indent=1))
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(out, indent=1) + "\n", encoding="utf-8")
    return 0


def cased(path: str, limit: int) -> list[Article]:
    rows = []
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        for line in fh:
            row = json.loads(line)
            if row.get("article_original"):
                rows.append(Article(id=row["id"], text=row["article_original"]))
            if len(rows) == limit:
                break
    return rows


def run(writer: LLMWriter, summaries: list) -> dict:
    accepted, reasons, words, bullets = 0, Counter(), [], 0
    t0 = time.perf_counter()
    for summary in summaries:
        article = summary.article
        shown = writer.shown(article, summary.highlights)
        earlier: list[str] = []
        for h in summary.highlights:
            attempt = writer.attempt(article, h, earlier, summary.sentences, shown)
            bullets += 1
            if attempt.accepted:
                accepted += 1
                words.append(word_count(attempt.text))
            reasons.update({p.kind for p in attempt.problems} or ({"empty"} if not attempt.text else set()))
            earlier.append(attempt.text if attempt.accepted else h.text)
    seconds = time.perf_counter() - t0
    return {"accepted": accepted, "accepted_share": round(accepted / max(1, bullets), 3),
            "rejected_by_reason": dict(reasons.most_common()),
            "words_accepted": round(sum(words) / max(1, len(words)), 2),
            "seconds_per_article": round(seconds / max(1, len(summaries)), 2)}


if __name__ == "__main__":
    sys.exit(main())
