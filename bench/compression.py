"""Our own highlights, checked: length, how many are cut, and what the verifier finds in them.

Runs the whole pipeline (select → compress → verify) over a corpus and reports, per setting:
mean words per highlight, the share of highlights that are whole sentences, the share the
pipeline's verdict supports (for a compressed bullet: the deletion check), and, as a second opinion,
how many number, entity, date and negation problems the full article-level verifier finds in every
compressed bullet (the target is zero: we may shorten a sentence, never change its facts).

    .venv/bin/python bench/compression.py --data ../shared/data/cnndm/articles.dev.jsonl.gz \\
        --method ranker --json bench/results/compression.dev.json
"""
from __future__ import annotations

import argparse
import collections
import json
import sys
import time
from pathlib import Path

from highlights import Pipeline, Settings
from highlights.errors import HighlightsError
from highlights.read import read
from highlights.verify import verify


def measure(articles, *, method: str, compress: bool, rate: float) -> dict:
    settings = Settings(method=method, compress=compress, verify=True)
    pipeline = Pipeline(settings.with_(compress_rate=rate) if compress else settings)
    counts = collections.Counter()
    second = collections.Counter()
    words = whole = supported = total = 0
    unsupported_examples = []
    started = time.perf_counter()
    for article in articles:
        summary = pipeline(article, n=3)
        for h in summary.highlights:
            total += 1
            words += len(h.text.split())
            whole += not h.spans
            supported += h.verified.supported
            for p in h.verified.problems:
                counts[p.kind] += 1
            if h.spans:  # the full verifier's opinion of the compressed text, beside the deletion check's
                for p in verify(article, h.text).problems:
                    second[p.kind] += 1
            if not h.verified.supported and len(unsupported_examples) < 5:
                unsupported_examples.append({"id": article.id, "text": h.text,
                                             "problems": [p.to_dict() for p in h.verified.problems]})
    seconds = time.perf_counter() - started
    return {"method": method, "compress": compress, "rate": rate if compress else None,
            "full_verifier_problems": dict(sorted(second.items())),
            "full_verifier_unsupported_facts": sum(second[k] for k in ("number", "number_unit", "entity", "date",
                                                                       "negation")),
            "articles": len(articles), "highlights": total,
            "mean_words_per_highlight": round(words / max(total, 1), 2),
            "whole_sentence_share": round(whole / max(total, 1), 4),
            "supported_share": round(supported / max(total, 1), 4),
            "problems": dict(sorted(counts.items())),
            "unsupported_facts": sum(counts[k] for k in ("number", "number_unit", "entity", "date", "negation")),
            "articles_per_second": round(len(articles) / seconds, 1), "unsupported_examples": unsupported_examples}


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", default="../shared/data/cnndm/articles.dev.jsonl.gz")
    parser.add_argument("--method", default="ranker")
    parser.add_argument("--rates", default=str(Settings().compress_rate), help="compression rates to try, comma-separated")
    parser.add_argument("--every", type=int, default=1, help="every K-th article")
    parser.add_argument("--json", type=Path, help="write the results here")
    args = parser.parse_args(argv)
    articles = [a for i, a in enumerate(read(args.data)) if not isinstance(a, HighlightsError) and i % args.every == 0]
    rows = [measure(articles, method=args.method, compress=False, rate=Settings().compress_rate)]
    rows += [measure(articles, method=args.method, compress=True, rate=float(r)) for r in args.rates.split(",")]
    print("| setting | words/highlight | whole sentences | supported | unsupported facts | full verifier on compressed |"
          " articles/s |")
    print("|---|---:|---:|---:|---:|---|---:|")
    for r in rows:
        name = f"{r['method']}" + (f" + compress {r['rate']}" if r["compress"] else "")
        print(f"| {name} | {r['mean_words_per_highlight']} | {r['whole_sentence_share']:.1%} | "
              f"{r['supported_share']:.1%} | {r['unsupported_facts']} | {r['full_verifier_problems'] or '—'} | "
              f"{r['articles_per_second']} |")
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps({"data": args.data, "results": rows}, indent=1) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
