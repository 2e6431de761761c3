"""Who a leading "He"/"She" is: the one person the sentences just before it name.

The compressor writes the name in the pronoun's place; the selector (``select.standalone``) accepts
such a sentence as a bullet only when this finds the person. Nobody named, or two different people,
and the pronoun stays unresolved: a wrong name would be worse than none.
"""
from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from ..document import Article, Sentence
from ..sentences import is_tokenized
from .parse import LOCK

if TYPE_CHECKING:
    from spacy.tokens import Token

SUBJECT_PRONOUNS = frozenset({"he", "she"})
WINDOW = 3  # sentences looked back
PLACES = frozenset({"GPE", "LOC", "FAC", "NORP"})  # a named subject of these kinds is not a candidate person


def referent(article: Article, sentences: Sequence[Sentence], index: int, first: Token
             ) -> tuple[str, tuple[int, int], int] | None:
    """The person ``first`` (the opening token of sentence ``index``, parsed) stands for: the name,
    its span in the article and the index of the sentence that names it; None when not clear."""
    from ..nlp import load

    if first.lower_ not in SUBJECT_PRONOUNS or not first.dep_.startswith("nsubj") or index == 0:
        return None
    if is_tokenized(article.text):
        return None  # lowercase text leaves the entity recogniser nothing to go on
    position = next((i for i, s in enumerate(sentences) if s.index == index), None)
    if position is None:
        return None
    window = list(sentences[max(0, position - WINDOW):position])
    with LOCK:
        docs = list(load().pipe(article.text[s.start:s.end] for s in window))
    people: dict[str, tuple[tuple[int, int], int]] = {}
    surnames: set[str] = set()
    for s, d in zip(window, docs):
        for ent in d.ents:
            if ent.label_ == "PERSON" and len(ent) >= 2:
                people.setdefault(ent.text, ((s.start + ent.start_char, s.start + ent.end_char), s.index))
                surnames.add(ent[-1].text)
        surnames.update(_named_subjects(d))
    if len(surnames) != 1:
        return None  # nobody named, or more than one person: the referent is not clear
    if not people:
        return None
    name, (span, named_in) = next(iter(people.items()))
    return name, span, named_in


def _named_subjects(doc: object) -> set[str]:
    """The last words of the full names (two proper nouns or more) that are the subject of a clause,
    whatever the entity recogniser made of them: it tags some people as organisations ("Nadia Mohamed,
    27, won …" as ORG), and a person it missed must still count as a second candidate."""
    out = set()
    for token in doc:  # type: ignore[attr-defined]
        if token.dep_ in ("nsubj", "nsubjpass") and token.pos_ == "PROPN" and token.ent_type_ not in PLACES:
            if any(c.dep_ == "compound" and c.pos_ == "PROPN" for c in token.lefts):
                out.add(token.text)
    return out
