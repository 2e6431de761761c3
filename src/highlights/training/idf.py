"""Fit the IDF table (``models/idf``) on the CNN/DailyMail training articles.

    python -m highlights.training.idf --models src/highlights/models      # what `make train` runs

Every article is split with the pipeline's splitter; a word's document frequency is the number of
articles that hold it; words in fewer than 3 articles are left out (they get the unseen weight).
"""
from __future__ import annotations

import argparse
import multiprocessing
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from .. import models
from ..select.ranker import sentence_texts as selector_texts
from ..sentences import split
from ..words.idf import FILE, Idf
from .data import read_rows, run, sha256, shared_data

TRAIN = "cnndm/articles.train.jsonl.gz"
MIN_DF = 3


def sentence_texts(text: str) -> list[str]:
    """An article's sentences as the selector sees them (``select.ranker.sentence_texts``)."""
    return selector_texts(text, split(text))


def split_all(texts: Sequence[str], workers: int) -> list[list[str]]:
    """``sentence_texts`` of every text, in ``workers`` processes."""
    if workers <= 1:
        return [sentence_texts(t) for t in texts]
    method = "fork" if "fork" in multiprocessing.get_all_start_methods() else None
    with multiprocessing.get_context(method).Pool(workers) as pool:
        return pool.map(sentence_texts, texts, chunksize=64)


def train(data: Path, root: Path, *, workers: int = 2, limit: int | None = None) -> dict[str, Any]:
    """Fit the table on ``data`` and write ``root/idf`` with its manifest."""
    rows = read_rows(data, limit=limit)
    docs = [d for d in split_all([text for text, _ in rows], workers) if d]
    idf = Idf.fit(docs, min_df=MIN_DF)
    out = root / "idf"
    out.mkdir(parents=True, exist_ok=True)
    idf.save(out / FILE)
    return models.write(
        out, "idf", files=[FILE], words=[], data={data.name: sha256(data)},
        about="Inverse document frequency of highlights.words.tokens over the training articles "
              "(log((N + 1) / (df + 1)) + 1; words in fewer than 3 articles get the unseen weight).",
        features=None, training={"articles": len(docs), "rows": len(rows), "limit": limit, "min_df": MIN_DF,
                                 "words": len(idf.table)})


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m highlights.training.idf", description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=shared_data() / TRAIN, help="training corpus (default: %(default)s)")
    parser.add_argument("--models", type=Path, required=True, help="models folder to write idf/ into")
    parser.add_argument("--limit", type=int, default=None, help="the first N articles only (tests)")
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args(argv)
    if not args.data.exists():
        print(f"idf: {args.data}: no such file; set HIGHLIGHTS_SHARED_DATA or pass --data", file=sys.stderr)
        return 2
    manifest = train(args.data, args.models, workers=args.workers, limit=args.limit)
    print(f"wrote {args.models / 'idf'}: {manifest['training']['words']} words", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(run(main, "idf"))
