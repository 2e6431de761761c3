"""Write ``words/finite.txt``: word forms that are mostly finite verbs in news text ("said", "is", "fled").

The selector sets aside a pick without a finite verb (a caption such as "The state epidemiologist at
a briefing."). A sentence holding one of these forms surely has one, so only the rest are parsed: the
check then costs a parse for one pick in tens, not for every pick. The list is what spaCy's tagger
says of CNN/DailyMail training articles (cased, and the tokenized form): forms seen at least ``MIN_COUNT`` times, tagged
VBD, VBZ, VBP or MD in at least ``MIN_SHARE`` of them. Deterministic for the same data and model.

    python -m highlights.training.finite            # writes src/highlights/words/finite.txt (make train)
"""
from __future__ import annotations

import argparse
from collections import Counter
from collections.abc import Sequence
from pathlib import Path

from .data import read_rows, run, sha256, shared_data

DATA = ("cnndm/original_text.train.jsonl.gz", "cnndm/articles.train.jsonl.gz")  # cased, then the tokenized form
TOKENIZED_ARTICLES = 3000  # of the second: enough to see the common forms
OUT = Path(__file__).resolve().parents[1] / "words" / "finite.txt"
FINITE_TAGS = frozenset({"VBD", "VBZ", "VBP", "MD"})
MIN_COUNT = 3
MIN_SHARE = 0.5


def count(texts: Sequence[str]) -> tuple[Counter[str], Counter[str]]:
    """(how often each lowercase form occurs, how often it is tagged finite) over ``texts``."""
    from .. import nlp

    seen: Counter[str] = Counter()
    finite: Counter[str] = Counter()
    for doc in nlp.parse_many(texts, disable=["parser", "attribute_ruler", "lemmatizer", "ner"], batch_size=32):
        for tok in doc:
            if tok.is_alpha:
                form = tok.lower_
                seen[form] += 1
                finite[form] += tok.tag_ in FINITE_TAGS
    return seen, finite


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m highlights.training.finite", description=__doc__.splitlines()[0])
    parser.add_argument("--data-dir", type=Path, default=shared_data(), help="shared data (default: %(default)s)")
    parser.add_argument("--out", type=Path, default=OUT, help="the list to write (default: %(default)s)")
    args = parser.parse_args(argv)
    cased, tokenized = (args.data_dir / name for name in DATA)
    texts = [text for text, _ in read_rows(cased, "highlights")]
    texts += [text for text, _ in read_rows(tokenized, limit=TOKENIZED_ARTICLES)]
    seen, finite = count(texts)
    forms = sorted(f for f, n in seen.items() if n >= MIN_COUNT and finite[f] >= MIN_SHARE * n)
    header = (f"# Word forms tagged as finite verbs (VBD, VBZ, VBP, MD) in at least {MIN_SHARE:.0%} of at least "
              f"{MIN_COUNT} uses, by spaCy's tagger,\n# in {cased.name} (sha256 {sha256(cased)[:16]}) and the first "
              f"{TOKENIZED_ARTICLES} articles of {tokenized.name} (sha256 {sha256(tokenized)[:16]}).\n"
              "# Written by: python -m highlights.training.finite (make train)\n")
    args.out.write_text(header + "".join(f + "\n" for f in forms), encoding="utf-8")
    print(f"wrote {args.out}: {len(forms)} forms from {len(texts)} articles")
    return 0


if __name__ == "__main__":
    raise SystemExit(run(main, "highlights.training.finite"))
