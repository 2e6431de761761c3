#!/usr/bin/env python3
"""Compression time against sentence length: flat per word, whatever the length.

    .venv/bin/python bench/compress_speed.py --json bench/results/compression/speed.json

Sentences of 20 to 2,000 words are built from real dev sentences (``original_text.dev``), joined with
"and" into one sentence; each length is compressed ``--repeat`` times as a one-sentence article by
the pipeline's compressor (parse, model, plan, check, render) and the best time counts. A sentence
longer than ``compress.MAX_TOKENS`` tokens is left whole after a word count, so its time is the
count's; below that, time grows with the words (the parse and the model are per token, the plan
visits each token once).
"""
from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

from highlights.compress import Compressor
from highlights.document import Article, Evidence, Highlight, Sentence
from highlights.read import read
from highlights.sentences import split
from highlights.training.data import shared_data

LENGTHS = (20, 40, 80, 120, 200, 500, 1000, 2000)


def sentences(limit: int = 200) -> list[str]:
    out = []
    for article in read(str(shared_data() / "cnndm" / "original_text.dev.jsonl.gz")):
        if not isinstance(article, Article):
            continue
        out += [article.text[s.start:s.end].rstrip(".") for s in split(article.text)[:5]]
        if len(out) >= limit:
            return out
    return out


def sentence_of(words: int, pool: list[str]) -> str:
    parts, n, i = [], 0, 0
    while n < words:
        piece = pool[i % len(pool)].split()
        parts.append(" ".join(piece[:words - n]))
        n += len(piece[:words - n])
        i += 1
    return " and ".join(parts) + "."


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--json", type=Path)
    args = parser.parse_args(argv)
    pool = sentences()
    compressor = Compressor()
    compressor(Article(id="w", text="Warm up the parser and the model, which load on first use."),
               [Sentence(0, 0, 59)], [Highlight("Warm up the parser and the model, which load on first use.", 0.5,
                                                (Evidence(0, 0, 59),))])
    rows = []
    for words in LENGTHS:
        text = sentence_of(words, pool)
        article = Article(id=f"s{words}", text=text)
        whole = Highlight(text=text, score=0.5, evidence=(Evidence(0, 0, len(text)),))
        best = float("inf")
        for _ in range(args.repeat):
            start = time.perf_counter()
            (out,) = compressor(article, [Sentence(0, 0, len(text))], [whole])
            best = min(best, time.perf_counter() - start)
        rows.append({"words": words, "ms": round(best * 1000, 2), "ms_per_word": round(best * 1000 / words, 3),
                     "compressed": out.text != text, "words_out": len(out.text.split())})
    print("| words | ms | ms/word | compressed | words out |\n|---:|---:|---:|---|---:|")
    for r in rows:
        print(f"| {r['words']} | {r['ms']} | {r['ms_per_word']} | {r['compressed']} | {r['words_out']} |")
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps({"repeat": args.repeat, "rows": rows}, indent=1) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
