#!/usr/bin/env python3
"""Every conflict the detector flags on real articles that no labelled set uses, for a reader to judge.

    .venv/bin/python bench/conflicts_audit.py --json bench/results/stories/conflicts_audit.json

Corpora: CNN/DailyMail's train, train_extra and dev articles (tokenized, lowercased), its cased originals
(`original_text`), ECB+ and WikiRef220 (news about one event each), and the real web pages. Each article is checked on its own (as
`highlights summarize` does): these corpora carry no dates, and a story's articles are compared only when
their days are known. The verdicts, given by reading each flag with its sentences, are in
bench/data/conflicts_audit.jsonl (`id` = article id and the flagged values; `round`; `verdict`: right /
wrong; `why`); this script reports how many of today's flags have one and the precision over them, and each
recorded round as it was judged.
"""
from __future__ import annotations

import argparse
import gzip
import json
import sys
import time
from collections.abc import Iterator
from pathlib import Path

from highlights.document import Article
from highlights.figures import claims, conflicts
from highlights.read import html
from highlights.sentences import split
from highlights.training.data import shared_data

DATA = shared_data()
VERDICTS = Path(__file__).parent / "data" / "conflicts_audit.jsonl"
CORPORA = {"cnndm_train": ("cnndm/articles.train.jsonl.gz", "article"),
           "cnndm_train_extra": ("cnndm/articles.train_extra.jsonl.gz", "article"),
           "cnndm_dev": ("cnndm/articles.dev.jsonl.gz", "article"),
           "cnndm_original_train": ("cnndm/original_text.train.jsonl.gz", "article"),
           "cnndm_original_dev": ("cnndm/original_text.dev.jsonl.gz", "article"),
           "ecbplus": ("clustering/ecbplus.jsonl.gz", "text"),
           "wikiref220": ("clustering/wikiref220.jsonl.gz", "text"),
           "pages": ("pages/pages.jsonl.gz", "html")}


def articles(name: str) -> Iterator[Article]:
    path, field = CORPORA[name]
    with gzip.open(DATA / path, "rt", encoding="utf-8") as fh:
        for line in fh:
            r = json.loads(line)
            if field == "html":  # a real web page, read as a user's page is
                yield html.parse(r["html"], id=f"{name}:{r['file']}", source=r["file"])
            else:
                yield Article(id=f"{name}:{r['id']}", text=r[field])


def flag_id(article: Article, values: list[float]) -> str:
    return f"{article.id}|" + "/".join(f"{v:g}" for v in values)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", type=Path)
    args = parser.parse_args(argv)
    verdicts = {}
    if VERDICTS.exists():
        verdicts = {v["id"]: v for v in map(json.loads, VERDICTS.read_text(encoding="utf-8").splitlines()) if v}
    flags, counts = [], {}
    started = time.perf_counter()
    for name in CORPORA:
        n = 0
        for article in articles(name):
            n += 1
            for k in conflicts(claims(article)):
                sentences = list(split(article.text))
                context = [" ".join(article.text[sentences[c.sentence].start:sentences[c.sentence].end].split())
                           for c in k.claims]
                key = flag_id(article, [c.value for c in k.claims])
                flags.append({"id": key, "bullet": k.bullet(), "sentences": list(dict.fromkeys(context)),
                              "verdict": verdicts.get(key, {}).get("verdict"), "why": verdicts.get(key, {}).get("why")})
        counts[name] = n
    judged = [f for f in flags if f["verdict"]]
    right = sum(f["verdict"] == "right" for f in judged)
    # each round of the audit as it was recorded: the flags of the detector of its day, all judged
    rounds: dict[int, dict[str, int]] = {}
    for v in verdicts.values():
        r = rounds.setdefault(v["round"], {"flags": 0, "right": 0})
        r["flags"] += 1
        r["right"] += v["verdict"] == "right"
    out = {"articles": counts, "flags": len(flags), "judged": len(judged), "right": right,
           "precision": round(right / len(judged), 3) if judged else None,
           "rounds": {str(k): v for k, v in sorted(rounds.items())},
           "seconds": round(time.perf_counter() - started, 1), "flagged": flags}
    print(json.dumps({k: v for k, v in out.items() if k != "flagged"}, indent=1))
    for f in flags:
        print(f"- [{f['verdict'] or 'unjudged'}] {f['id']}: {f['bullet']}", file=sys.stderr)
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(out, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
