"""Mine the writer's worked examples: CNN's own bullets paired with the one sentence each rewrites.

    python -m highlights.training.examples            # writes src/highlights/rewrite/examples.jsonl

CNN's highlights are written by editors from the story; many say what one sentence of it says, shorter.
Those pairs are what the language model is shown (``rewrite.prompt``), in place of invented examples: the
headline style, the attribution kept as CNN keeps it (": police", "official says"), the length (about 13
words). From the cased *training* articles only (``articles.train``'s ``article_original`` and
``original_text.train``), a reference bullet is kept with the sentence that holds most of its words when:

- the sentence holds nearly all its content words (``COVER``): a rewrite of that sentence, not of the story;
- it is a headline's length (6 to 16 words) and shorter than the sentence by a third or more;
- the guard passes it as a rewrite of that sentence (so every example is one the guard would show).

Deterministic: the same data give the same file.
"""
from __future__ import annotations

import argparse
import gzip
import json
from collections.abc import Iterator, Sequence
from pathlib import Path

from ..sentences import split
from ..words import STOP, normalize, stem, word_count, words
from .data import run, shared_data

COVER = 0.8  # share of the bullet's content words (stemmed) its sentence must hold
SOURCES = (("cnndm/articles.train.jsonl.gz", "article_original"), ("cnndm/original_text.train.jsonl.gz", "article"))
OUT = Path(__file__).resolve().parents[1] / "rewrite" / "examples.jsonl"


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=None, help="the shared data folder (default: ../shared/data)")
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args(argv)
    from ..rewrite import guard  # loads spaCy

    kept = seen = 0
    done: set[tuple[str, str]] = set()  # the same article can come in both files
    with open(args.out, "w", encoding="utf-8") as fh:
        for sentence, bullet in candidates(args.data or shared_data()):
            seen += 1
            if (sentence, bullet) in done:
                continue
            done.add((sentence, bullet))
            problems, _ = guard.check(bullet, sentence)
            if problems:
                continue
            fh.write(json.dumps({"source": sentence, "bullet": bullet}, ensure_ascii=False) + "\n")
            kept += 1
    print(f"{kept} examples of {seen} candidate pairs -> {args.out}")
    return 0


def candidates(data: Path) -> Iterator[tuple[str, str]]:
    """(sentence, bullet) for each reference bullet that rewrites one sentence of its article."""
    for name, field in SOURCES:
        with gzip.open(data / name, "rt", encoding="utf-8") as fh:
            for line in fh:
                row = json.loads(line)
                text, bullets = row.get(field), row.get("highlights")
                if not isinstance(text, str) or not isinstance(bullets, list):
                    continue
                sentences = [" ".join(text[s.start:s.end].split()) for s in split(text)]
                for bullet in bullets:
                    pair = best_sentence(normalize(bullet.strip()).rstrip("."), sentences)
                    if pair is not None:
                        yield pair


def best_sentence(bullet: str, sentences: Sequence[str]) -> tuple[str, str] | None:
    """The sentence ``bullet`` rewrites, with it; None when no one sentence holds it or it is no shorter."""
    mine = {stem(w) for w in words(bullet) if w not in STOP and w.isalnum()}
    n = word_count(bullet)
    if not mine or not 6 <= n <= 16:
        return None
    best = max(sentences, key=lambda s: len(mine & {stem(w) for w in words(s)}), default="")
    held = mine & {stem(w) for w in words(best)}
    if len(held) < COVER * len(mine) or word_count(best) * 2 < n * 3:
        return None
    return best, bullet


if __name__ == "__main__":
    raise SystemExit(run(main, "examples"))
