"""The trained deletion model: a LightGBM forest over named features, from ``models/compress/``."""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

import numpy as np

from .. import models
from ..errors import ModelError
from ..models.trees import Forest

FOREST_FILE = "deletion.txt"


@dataclass(frozen=True)
class DeletionModel:
    """The trained deletion model: a LightGBM forest over named features (``models.trees.Forest``)."""

    forest: Forest
    names: tuple[str, ...]

    @cached_property
    def columns(self) -> dict[str, int]:
        return {name: j for j, name in enumerate(self.names)}

    @classmethod
    def load(cls, root: str | Path | None = None) -> DeletionModel:
        """The shipped model (or the one under ``root``), checked by ``highlights.models``."""
        model = models.load("compress", root)
        names = model.manifest.get("features")
        if not isinstance(names, list) or not names:
            raise ModelError(f"{model.directory}: the compress manifest lists no features; {models.REBUILD}")
        return cls(Forest(model.text(FOREST_FILE)), tuple(names))

    def matrix(self, rows: Sequence[dict[str, float]]) -> np.ndarray:
        """The rows as the forest's dense input; features it was not trained with are ignored."""
        X = np.zeros((len(rows), len(self.names)), dtype=np.float64)
        for r, row in enumerate(rows):
            for name, value in row.items():
                j = self.columns.get(name)
                if j is not None:
                    X[r, j] = value
        return X

    def probabilities(self, rows: Sequence[dict[str, float]]) -> np.ndarray:
        return self.forest.predict(self.matrix(rows)) if rows else np.zeros(0)


