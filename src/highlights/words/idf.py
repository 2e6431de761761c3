"""Inverse document frequency of words (``highlights.words.tokens``) in the training articles.

The shipped table is its own small model (``models/idf/``), fitted by ``make train``; the
selector's features, the n-gram salience and the compressor's context read it, so a method that
needs only IDF never loads the selector's larger files.
"""
from __future__ import annotations

import gzip
import json
import math
from collections import Counter
from collections.abc import Iterable
from pathlib import Path

from . import tokens

FILE = "idf.json.gz"
_shipped: dict[str, Idf] = {}


class Idf:
    """Inverse document frequency of words in the training articles; unseen words get ``unseen``."""

    def __init__(self, table: dict[str, float], unseen: float):
        self.table = table
        self.unseen = unseen

    @classmethod
    def fit(cls, documents: Iterable[Iterable[str]], *, min_df: int = 3) -> Idf:
        """Smoothed IDF, ``log((N + 1) / (df + 1)) + 1``, of words in at least ``min_df`` documents."""
        df: Counter[str] = Counter()
        n = 0
        for sentences in documents:
            n += 1
            df.update({t for s in sentences for t in tokens(s)})
        table = {t: math.log((n + 1) / (c + 1)) + 1.0 for t, c in sorted(df.items()) if c >= min_df}
        return cls(table, math.log(n + 1) + 1.0)

    def save(self, path: str | Path) -> None:
        """Gzipped JSON, byte-identical for the same table (sorted keys, no timestamp)."""
        raw = json.dumps({"unseen": self.unseen, "idf": self.table}, sort_keys=True, separators=(",", ":"))
        with open(path, "wb") as fh, gzip.GzipFile(fileobj=fh, mode="wb", filename="", mtime=0) as gz:
            gz.write(raw.encode("utf-8"))

    @classmethod
    def shipped(cls, root: str | Path | None = None) -> Idf:
        """The IDF model of ``highlights.models`` (``root``: another models folder), checked, once per process."""
        from .. import models

        model = models.load("idf", root)
        key = model.digest  # a retrained table is a new entry
        if key not in _shipped:
            _shipped[key] = cls.load(model.path(FILE))
        return _shipped[key]

    @classmethod
    def load(cls, path: str | Path) -> Idf:
        with gzip.open(path, "rt", encoding="utf-8") as fh:
            raw = json.load(fh)
        return cls(raw["idf"], float(raw["unseen"]))
