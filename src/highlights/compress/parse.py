"""The parse compression needs: spaCy's tokenizer, tagger and dependency parser, nothing else.

The attribute ruler (which maps fine tags to coarse parts of speech), the lemmatizer and the entity
recogniser cost more than the parse itself on short texts, and compression needs none of them:
``coarse`` sets the part of speech from the fine tag with a fixed table instead. Parsing runs under
one lock per process: a spaCy pipeline is not safe to share between threads mid-call.
"""
from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from spacy.tokens import Doc

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
LOCK = threading.Lock()
CACHE_SIZE = 64  # parsed sentences kept (a few articles' picks)
_CACHE: OrderedDict[str, Doc] = OrderedDict()


def coarse(doc: Doc) -> Doc:
    """Set each token's coarse part of speech from its fine tag (what the attribute ruler would do)."""
    for tok in doc:
        pos = UPOS.get(tok.tag_, "X")
        if pos == "VERB" and tok.lower_ in AUXILIARIES and tok.dep_ in ("aux", "auxpass"):
            pos = "AUX"
        if tok.tag_ == "IN" and tok.dep_ == "mark":
            pos = "SCONJ"
        tok.pos_ = pos
    return doc


def parse(texts: Iterable[str]) -> list[Doc]:
    """Tagged and parsed docs of ``texts``, in one batch. The last ``CACHE_SIZE`` parses are kept:
    the selector's checks and the compressor parse the same picked sentences, one after the other.
    Callers only read the docs."""
    from ..nlp import load

    texts = list(texts)
    nlp = load()
    with LOCK:
        missing = list(dict.fromkeys(t for t in texts if t not in _CACHE))
        for text, doc in zip(missing, nlp.pipe(missing, disable=SKIPPED)):
            _CACHE[text] = coarse(doc)
        for text in texts:
            _CACHE.move_to_end(text)
        docs = [_CACHE[t] for t in texts]
        while len(_CACHE) > CACHE_SIZE:
            _CACHE.popitem(last=False)
    return docs


def parse_tokens(sentences: Sequence[Sequence[str]]) -> list[Doc]:
    """Tagged and parsed docs of already tokenized sentences (one token each, as given): for training
    and evaluation on corpora whose labels are per token."""
    from spacy.tokens import Doc

    from ..nlp import load

    nlp = load()
    docs = [Doc(nlp.vocab, words=list(tokens)) for tokens in sentences]
    with LOCK:
        parsed = list(nlp.pipe(docs, disable=SKIPPED))
    return [coarse(d) for d in parsed]
