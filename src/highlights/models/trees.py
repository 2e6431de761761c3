"""Prediction with a LightGBM tree ensemble saved as text, in numpy, without LightGBM.

Training uses LightGBM (``highlights.training``); it saves each model with ``model_to_string``, a
documented plain-text format: per tree, the split features, thresholds, decision types, child
links and leaf values (learning rate already applied). Running such a model needs none of
LightGBM itself, whose import (with the SciPy and scikit-learn it pulls in) takes longer than the
whole selector's load budget: ``Forest`` reads the text and walks every tree for every row at
once, one tree level per numpy step (``raw``). ``tests/select/test_ranker.py`` checks that it agrees with
LightGBM's own ``predict``.

Supported: numerical splits (the only kind the selector's features use), the three missing-value
modes, the ``binary`` (sigmoid), ``regression`` and ``lambdarank`` (raw score) objectives. A
categorical split or a multi-class model is refused when the file is read.
"""
from __future__ import annotations

import math
from pathlib import Path

import numpy as np

from ..errors import ModelError

_ZERO = 1e-35  # LightGBM's kZeroThreshold: |x| at most this counts as zero
_CATEGORICAL, _DEFAULT_LEFT = 1, 2
_MISSING_NONE, _MISSING_ZERO, _MISSING_NAN = 0, 1, 2


class ModelFormatError(ModelError):
    """The text is not a LightGBM model this reader supports."""


class Forest:
    """A LightGBM model from its text form; ``predict(X)`` gives what ``Booster.predict(X)`` gives."""

    def __init__(self, text: str):
        header, trees = _parse(text)
        if int(header.get("num_class", "1")) != 1 or int(header.get("num_tree_per_iteration", "1")) != 1:
            raise ModelFormatError("only single-output models are supported")
        objective = header.get("objective", "regression").split()
        self.objective = objective[0]
        if self.objective == "binary":
            sigmoid = [o for o in objective[1:] if o.startswith("sigmoid:")]
            self.sigmoid = float(sigmoid[0].split(":")[1]) if sigmoid else 1.0
        elif self.objective not in ("regression", "regression_l2", "lambdarank", "huber", "fair"):
            raise ModelFormatError(f"objective {self.objective!r} is not supported")
        self.feature_names = header.get("feature_names", "").split()
        self.num_features = int(header["max_feature_idx"]) + 1
        self._build(trees)

    @classmethod
    def load(cls, path: str | Path) -> Forest:
        return cls(Path(path).read_text(encoding="utf-8"))

    def _build(self, trees: list[dict[str, str]]) -> None:
        # One node table for all trees: internal nodes, then leaves. Leaves come
        # after every internal node, so ``node >= first_leaf`` tells a leaf.
        feats, thrs, dtypes, lefts, rights, values, roots = [], [], [], [], [], [], []
        internal_total = sum(int(t["num_leaves"]) - 1 for t in trees)
        leaf_base = internal_total
        node_base = 0
        depth = 0
        for t in trees:
            leaves = int(t["num_leaves"])
            leaf_value = _floats(t["leaf_value"])
            if leaves == 1:
                roots.append(leaf_base)
            else:
                if int(t.get("num_cat", "0")):
                    raise ModelFormatError("categorical splits are not supported")
                dt = _ints(t["decision_type"])
                if any(d & _CATEGORICAL for d in dt):
                    raise ModelFormatError("categorical splits are not supported")
                left, right = _ints(t["left_child"]), _ints(t["right_child"])

                def ref(child: int, node_base=node_base, leaf_base=leaf_base) -> int:
                    return node_base + child if child >= 0 else leaf_base + ~child

                feats += _ints(t["split_feature"])
                thrs += _floats(t["threshold"])
                dtypes += dt
                lefts += [ref(c) for c in left]
                rights += [ref(c) for c in right]
                roots.append(node_base)
                depth = max(depth, _depth(left, right))
                node_base += leaves - 1
            values += leaf_value
            leaf_base += leaves
        leaf_ids = list(range(internal_total, leaf_base))
        self.feature = np.array(feats + [0] * len(leaf_ids), dtype=np.intp)
        self.threshold = np.array(thrs + [math.inf] * len(leaf_ids), dtype=np.float64)
        dtypes_arr = np.array(dtypes + [0] * len(leaf_ids), dtype=np.int64)
        # children[2 * node + went_left]: one gather per step instead of two and a select
        self.children = np.stack([np.array(rights + leaf_ids, dtype=np.intp),
                                  np.array(lefts + leaf_ids, dtype=np.intp)], axis=1).ravel()
        self.default_left = (dtypes_arr & _DEFAULT_LEFT) != 0
        self.missing = (dtypes_arr >> 2) & 3
        self.has_missing = bool((self.missing != _MISSING_NONE).any())
        self.value = np.zeros(leaf_base, dtype=np.float64)
        self.value[internal_total:] = values
        self.roots = np.array(roots, dtype=np.intp)
        self.first_leaf = internal_total
        self.depth = depth
        self.num_trees = len(trees)

    def raw(self, X: np.ndarray) -> np.ndarray:
        """The sum of the trees' leaf values for each row (LightGBM's ``raw_score=True``)."""
        X = np.asarray(X, dtype=np.float64)
        if X.ndim != 2 or X.shape[1] != self.num_features:
            raise ValueError(f"expected rows of {self.num_features} features, got shape {X.shape}")
        if not len(X):
            return np.zeros(0)
        # Every (row, tree) pair walks down one level per step; a leaf links to itself (see _build), so
        # pairs that arrive early stay. Moving every pair costs five array operations a step; picking out
        # the pairs still walking costs three more, worth it only once few are left: after the fifth level,
        # every other step, the walk narrows to those pairs when they are under a quarter of all. (On the
        # shipped models: a third less time than narrowing at every step from the third level; the
        # compressor's shallow, full trees gain most.)
        n, trees = X.shape[0], len(self.roots)
        flat = X.ravel()
        take = np.take
        node = np.tile(self.roots, n)
        base = np.repeat(np.arange(n) * X.shape[1], trees)
        live: np.ndarray | None = None  # the pairs still walking, once narrowed
        for step in range(self.depth):
            if live is None:
                go_left = self._left(take(flat, base + take(self.feature, node)), node)
                node = take(self.children, 2 * node + go_left)
                if step >= 5 and step % 2:
                    inner = np.flatnonzero(node < self.first_leaf)
                    if 4 * inner.size < node.size:
                        live = inner
            else:
                at = take(node, live)
                go_left = self._left(take(flat, take(base, live) + take(self.feature, at)), at)
                node[live] = take(self.children, 2 * at + go_left)
                live = live[take(node, live) < self.first_leaf]
            if live is not None and not live.size:
                break
        return take(self.value, node).reshape(n, trees).sum(axis=1)

    def _left(self, x: np.ndarray, node: np.ndarray) -> np.ndarray:
        """Whether each pair at ``node`` with value ``x`` goes to the left child."""
        go_left = x <= np.take(self.threshold, node)
        return self._missing(x, node, go_left) if self.has_missing else go_left

    def _missing(self, x: np.ndarray, node: np.ndarray, go_left: np.ndarray) -> np.ndarray:
        missing = self.missing[node]
        nan = np.isnan(x)
        x = np.where(nan & (missing != _MISSING_NAN), 0.0, x)
        default = ((missing == _MISSING_ZERO) & (np.abs(x) <= _ZERO)) | ((missing == _MISSING_NAN) & nan)
        return np.where(default, self.default_left[node], x <= self.threshold[node])

    def predict(self, X: np.ndarray) -> np.ndarray:
        raw = self.raw(X)
        if self.objective == "binary":
            return 1.0 / (1.0 + np.exp(-self.sigmoid * raw))
        return raw


# What ``Forest`` reads; ``compact`` drops the rest (gains, counts, weights, training parameters).
_HEADER_KEYS = ("version", "num_class", "num_tree_per_iteration", "label_index", "max_feature_idx", "objective")
_TREE_KEYS = ("Tree", "num_leaves", "num_cat", "split_feature", "threshold", "decision_type", "left_child",
              "right_child", "leaf_value", "shrinkage")


def compact(text: str) -> str:
    """A LightGBM model text with only what ``Forest`` reads: about half the size, the same predictions."""
    out, in_trees = ["tree"], False
    for line in text.splitlines():
        key = line.partition("=")[0]
        if line.startswith("Tree="):
            in_trees = True
            out.append("")
        if line.strip() == "end of trees":
            out += ["", line]
            break
        if key in (_TREE_KEYS if in_trees else _HEADER_KEYS):
            out.append(line)
    return "\n".join(out) + "\n"


def _parse(text: str) -> tuple[dict[str, str], list[dict[str, str]]]:
    header: dict[str, str] = {}
    trees: list[dict[str, str]] = []
    current = header
    for line in text.splitlines():
        line = line.strip()
        if not line:
            continue
        if line == "end of trees":
            break
        if line.startswith("Tree="):
            current = {}
            trees.append(current)
            continue
        key, sep, value = line.partition("=")
        if sep:
            current[key] = value
    if "max_feature_idx" not in header or not trees:
        raise ModelFormatError("not a LightGBM text model (no header or no trees)")
    for t in trees:
        if "num_leaves" not in t or "leaf_value" not in t:
            raise ModelFormatError("a tree without num_leaves or leaf_value")
    return header, trees


def _floats(value: str) -> list[float]:
    return [float(v) for v in value.split()]


def _ints(value: str) -> list[int]:
    return [int(v) for v in value.split()]


def _depth(left: list[int], right: list[int]) -> int:
    """Number of splits on the longest path from the root to a leaf."""
    best, stack = 0, [(0, 1)]
    while stack:
        node, d = stack.pop()
        best = max(best, d)
        for child in (left[node], right[node]):
            if child >= 0:
                stack.append((child, d + 1))
    return best
