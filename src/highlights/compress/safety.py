"""Does a deletion change what a sentence claims? A rule check on the deletion itself.

``changes(sent, drop)`` compares a parsed source sentence (a spaCy ``Span``) with the sentence left
after dropping the token indices ``drop``, and names every way the deletion may change a fact or
break the sentence. The compressor vetoes any cut with a change (``Compressor.plan``), so what it
prints never fails this check; ``bench/meaning_check.py`` measures the check on human-annotated
compressions.

The kinds:

``quantity``     a number, a quantity word (``words/quantity.txt``: "half", "twice", "percent", ...) or a
                 quantity modifier ("more than", "up to") is dropped: the figure changes
``negation``     a negation, hedge or modal (``words/negation.txt``, ``hedge.txt``) is dropped: the polarity
                 or certainty changes
``argument``     a required argument of a kept word is dropped: its subject, object, complement or
                 predicative, or the "of"-phrase a noun needs ("a state of emergency", "the possibility
                 of being paroled")
``restrictive``  a modifier inside a noun phrase that a superlative or an ordinal singles out ("the first
                 film to win ... in a foreign language"): without it the claim is about something else
``orphan``       a kept word whose head is dropped: the tree is torn and the rest no longer parses as the
                 source did (mostly deletions that are not whole subtrees)
"""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..words import HEDGE, NEGATION, QUANTITY

if TYPE_CHECKING:
    from spacy.tokens import Span, Token

ARGUMENTS = frozenset("nsubj nsubjpass csubj dobj iobj dative attr acomp oprd xcomp ccomp pobj pcomp agent".split())
QUANTITY_DEPS = frozenset({"quantmod", "nummod"})
SINGLING_OUT = frozenset("first last only sole single best worst top".split())  # besides JJS / RBS / ordinals


@dataclass(frozen=True)
class Change:
    """One way a deletion changes the sentence: its kind, the dropped token at fault, a short reason."""

    kind: str
    token: int
    detail: str


def changes(sent: Span, drop: Iterable[int]) -> list[Change]:
    """Every ``Change`` of dropping the token indices ``drop`` from ``sent``."""
    dropped = set(drop)
    judged = sorted(dropped)
    out = []
    for i in judged:
        tok = sent.doc[i]
        change = _judge(tok, dropped, sent)
        if change is not None:
            out.append(Change(change[0], i, change[1]))
    # a kept word whose head is dropped; read from the dropped words' children, so the check costs the
    # size of the deletion, not of the sentence (the compressor runs it once per candidate)
    for i in judged:
        for child in sent.doc[i].children:
            if child.i not in dropped and not child.is_punct:
                out.append(Change("orphan", i, f"{child.text!r} stays without its head {sent.doc[i].text!r}"))
    return out


def _judge(tok: Token, dropped: set[int], sent: Span) -> tuple[str, str] | None:
    lower = tok.lower_
    if tok.like_num or tok.pos_ == "NUM" or lower in QUANTITY or tok.dep_ in QUANTITY_DEPS:
        return "quantity", f"{tok.text!r} is part of a figure"
    if lower in NEGATION or lower in HEDGE or (tok.tag_ == "MD" and tok.head.i not in dropped):
        return "negation", f"{tok.text!r} sets the claim's polarity or certainty"
    head = tok.head
    if head.i == tok.i or head.i in dropped:
        return None
    if tok.dep_ in ARGUMENTS:
        return "argument", f"{tok.text!r} is a required {tok.dep_} of {head.text!r}"
    if tok.dep_ == "prep" and lower == "of" and head.pos_ in ("NOUN", "PROPN", "PRON", "NUM"):
        return "argument", f"the of-phrase of {head.text!r}"
    if tok.dep_ in ("prep", "relcl", "acl", "advcl", "npadvmod") and _singled_out(head, sent):
        return "restrictive", f"{tok.text!r} restricts a noun phrase singled out by a superlative"
    return None


def _singled_out(tok: Token, sent: Span) -> bool:
    """Whether ``tok`` or a noun it hangs from (below the sentence root) is singled out ("the first film")."""
    node = tok
    while node.i != sent.root.i and node.head.i != node.i:  # a span of several sentences has several roots
        if node.pos_ in ("NOUN", "PROPN") and any(
                c.dep_ in ("amod", "advmod", "nummod") and (c.lower_ in SINGLING_OUT or c.tag_ in ("JJS", "RBS")
                                                            or c.ent_type_ == "ORDINAL")
                for c in node.children):
            return True
        node = node.head
    return False
