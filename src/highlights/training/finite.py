"""Write ``words/finite.txt`` and ``words/finite_after.txt``: word forms that are mostly finite verbs in news
text ("said", "is", "fled"), alone or after a kind of word ("pron killed").

The selector sets aside a pick without a finite verb (a caption such as "The state epidemiologist at
a briefing."). A sentence holding one of these forms surely has one, so only the rest are parsed: the
check then costs a parse for one pick in tens, not for every pick, and a ``lead`` summary seldom loads
the parser at all. The lists are what spaCy's tagger says of CNN/DailyMail training articles (cased, and
the tokenized form):

- ``finite.txt``: forms seen at least ``MIN_COUNT`` times, tagged VBD, VBZ, VBP or MD in at least
  ``MIN_SHARE`` of them;
- ``finite_after.txt``: the same, counted apart for each kind of word before the form
  (``standalone.verb_contexts``: "killed" after a pronoun is finite, after a noun often a participle,
  "people killed in the attack"), for the forms the first list leaves out. A word of the contexts'
  tokenization is finite when a token the tagger made inside it is ("couldn't", "he's").

Deterministic for the same data and model.

    python -m highlights.training.finite            # writes both lists (make train)
"""
from __future__ import annotations

import argparse
from collections import Counter
from collections.abc import Sequence
from pathlib import Path

from .data import read_rows, run, sha256, shared_data

DATA = ("cnndm/original_text.train.jsonl.gz", "cnndm/articles.train.jsonl.gz")  # cased, then the tokenized form
TOKENIZED_ARTICLES = 3000  # of the second: enough to see the common forms
WORDS = Path(__file__).resolve().parents[1] / "words"
FINITE_TAGS = frozenset({"VBD", "VBZ", "VBP", "MD"})
MIN_COUNT = 3
MIN_SHARE = 0.5


def count(texts: Sequence[str]) -> tuple[Counter[str], Counter[str], Counter[tuple[str, str]], Counter[tuple[str, str]]]:
    """(how often each lowercase form occurs, how often it is tagged finite; the same for each
    (kind of word before, form) of ``standalone.verb_contexts``) over ``texts``."""
    from .. import nlp
    from ..select.standalone import verb_contexts

    seen: Counter[str] = Counter()
    finite: Counter[str] = Counter()
    seen_after: Counter[tuple[str, str]] = Counter()
    finite_after: Counter[tuple[str, str]] = Counter()
    docs = nlp.parse_many(texts, disable=["parser", "attribute_ruler", "lemmatizer", "ner"], batch_size=32)
    for text, doc in zip(texts, docs):
        starts = []  # where each finite token starts
        for tok in doc:
            if tok.is_alpha:
                form = tok.lower_
                seen[form] += 1
                finite[form] += tok.tag_ in FINITE_TAGS
            if tok.tag_ in FINITE_TAGS:
                starts.append(tok.idx)
        at = 0
        for kind, form, start, end in verb_contexts(text):
            while at < len(starts) and starts[at] < start:
                at += 1
            seen_after[kind, form] += 1
            finite_after[kind, form] += at < len(starts) and starts[at] < end
    return seen, finite, seen_after, finite_after


def mostly(seen: Counter, finite: Counter) -> list:
    """The keys seen at least ``MIN_COUNT`` times and finite in at least ``MIN_SHARE`` of them, sorted."""
    return sorted(k for k, n in seen.items() if n >= MIN_COUNT and finite[k] >= MIN_SHARE * n)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m highlights.training.finite", description=__doc__.splitlines()[0])
    parser.add_argument("--data-dir", type=Path, default=shared_data(), help="shared data (default: %(default)s)")
    parser.add_argument("--out", type=Path, default=WORDS, help="the folder of the lists (default: %(default)s)")
    args = parser.parse_args(argv)
    cased, tokenized = (args.data_dir / name for name in DATA)
    texts = [text for text, _ in read_rows(cased, "highlights")]
    texts += [text for text, _ in read_rows(tokenized, limit=TOKENIZED_ARTICLES)]
    seen, finite, seen_after, finite_after = count(texts)
    forms = mostly(seen, finite)
    alone = set(forms)
    pairs = [(kind, form) for kind, form in mostly(seen_after, finite_after) if form not in alone]
    source = (f"in {cased.name} (sha256 {sha256(cased)[:16]}) and the first {TOKENIZED_ARTICLES} articles of "
              f"{tokenized.name} (sha256 {sha256(tokenized)[:16]}).\n# Written by: python -m highlights.training.finite "
              "(make train)\n")
    rule = f"in at least {MIN_SHARE:.0%} of at least {MIN_COUNT} uses, by spaCy's tagger,\n# "
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / "finite.txt").write_text(
        f"# Word forms tagged as finite verbs (VBD, VBZ, VBP, MD) {rule}{source}" + "".join(f + "\n" for f in forms),
        encoding="utf-8")
    (args.out / "finite_after.txt").write_text(
        "# The kind of word before (highlights.select.standalone.verb_contexts) and a word form tagged as a finite "
        f"verb there\n# {rule}{source}# Forms of finite.txt are left out: they count wherever they stand.\n"
        + "".join(f"{kind} {form}\n" for kind, form in pairs), encoding="utf-8")
    print(f"wrote {args.out}/finite.txt ({len(forms)} forms) and finite_after.txt ({len(pairs)} pairs) "
          f"from {len(texts)} articles")
    return 0


if __name__ == "__main__":
    raise SystemExit(run(main, "highlights.training.finite"))
