"""The trained deletion model, from ``models/compress/``: how likely a person is to keep each token.

Two LightGBM forests: the first (``keep.txt``) reads each token's own features
(``features.matrix``, with the word keep rates of ``vocabulary.json``); the second (``keep_2.txt``)
reads them again together with the first pass's probabilities around the token
(``features.stacked``: its head's, children's, subtree's), so that phrases are kept or dropped
together. The manifest's calibration tables give, for each probability threshold, the share of
tokens the compressor keeps at it: on the dev articles' highlights (the pipeline) and on Google's dev
sentences (with and without the check); ``threshold(rate)`` turns a wanted
compression rate (the share of tokens kept) into the threshold that gives it, so one model serves
both the corpus's heavy cuts and the light ones a highlight wants.
"""
from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from .. import models
from ..errors import ModelError
from ..models.trees import Forest
from .features import NAMES, STACKED, Context, Vocabulary, matrix, stacked

if TYPE_CHECKING:
    from spacy.tokens import Doc

FIRST_FILE, SECOND_FILE = "keep.txt", "keep_2.txt"
CALIBRATIONS = ("news", "sentences", "sentences_unchecked")


def calibration_name(*, check: bool, news: bool) -> str:
    """The manifest's calibration table for a mode: highlights of news (the pipeline: checked) or single
    sentences, checked or the model alone."""
    return "news" if news else "sentences" if check else "sentences_unchecked"
VOCABULARY_FILE = "vocabulary.json"


@dataclass(frozen=True)
class DeletionModel:
    """Keep probabilities per token, and the threshold for a wanted rate."""

    first: Forest
    second: Forest
    vocabulary: Vocabulary
    calibration: dict[str, tuple[tuple[float, float], ...]]  # table name -> (threshold, kept share)

    @classmethod
    def load(cls, root: str | Path | None = None) -> DeletionModel:
        """The shipped model (or the one under ``root``), checked by ``highlights.models``."""
        model = models.load("compress", root)
        if model.manifest.get("features") != [*NAMES, *STACKED]:
            raise ModelError(f"{model.directory}: the compress model was trained on other features than this "
                             f"version computes; {models.REBUILD}")
        tables = {}
        for key in CALIBRATIONS:
            table = model.manifest.get("calibration", {}).get(key)
            if not isinstance(table, list) or not table:
                raise ModelError(f"{model.directory}: the compress manifest has no {key} calibration; {models.REBUILD}")
            tables[key] = tuple((float(t), float(r)) for t, r in table)
        vocab = json.loads(model.text(VOCABULARY_FILE))
        vocabulary = Vocabulary(vocab["rates"], float(vocab["prior"]), {w: (r, c) for w, (r, c) in vocab["wide"].items()})
        return cls(Forest(model.text(FIRST_FILE)), Forest(model.text(SECOND_FILE)), vocabulary, tables)

    def keep_probabilities(self, doc: Doc, context: Context | None = None) -> np.ndarray:
        """P(the token is kept) for each token of a parsed doc; with the article's ``context``, as an
        editor shortening a highlight would, else as Google's annotators shortened single sentences."""
        return self.keep_probabilities_of([doc], [context])[0]

    def keep_probabilities_of(self, docs: Sequence[Doc], contexts: Sequence[Context | None]) -> list[np.ndarray]:
        """``keep_probabilities`` of several docs, each forest walked once for all their tokens."""
        if not docs:
            return []
        X = np.vstack([matrix(d, self.vocabulary, c) for d, c in zip(docs, contexts)])
        if not len(X):
            return [np.zeros(0) for _ in docs]
        cuts = np.cumsum([len(d) for d in docs])[:-1]
        first = np.split(self.first.predict(X), cuts)
        S = np.vstack([stacked(d, p) for d, p in zip(docs, first)])
        return np.split(self.second.predict(np.hstack([X, S])), cuts)

    def threshold(self, rate: float, *, check: bool = True, news: bool = True) -> float:
        """The threshold at which about ``rate`` of the tokens are kept (interpolated in the table):
        of a story's highlights (``news``) or of single sentences, with or without the check."""
        table = self.calibration[calibration_name(check=check, news=news)]
        ts = np.array([t for t, _ in table])
        kept = np.array([r for _, r in table])
        order = np.argsort(kept)  # the kept share falls as the threshold rises
        return float(np.interp(rate, kept[order], ts[order]))
