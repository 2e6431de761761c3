"""Does a deletion change what a sentence claims? A rule and learned check on the deletion itself.

``changes(sent, drop)`` compares a parsed source sentence (a spaCy ``Span``) with the sentence left
after dropping the token indices ``drop``, and names every way the deletion may change a fact or
break the sentence; ``judge`` adds the learned part (a cut the deletion model is sure people would
not make). The compressor vetoes any cut with a change (``syntax.plan``), so what it prints never
fails this check, and the pipeline's verdict on a compressed bullet is this check's
(``verify.deletion_verdict``). ``highlights eval compression`` measures it on human-annotated
compressions (``MEANING`` kinds against meaning changes, the rest against grammar errors).

The kinds:

``quantity``     a number, a quantity word (``words/quantity.txt``: "half", "twice", "percent", ...) or a
                 quantity modifier ("more than", "up to") is dropped: the figure changes
``quotation``    a word inside quotation marks: a direct quote is never edited
``attribution``  an attribution word ("said", "according to") or part of the source it names: a contested
                 claim keeps its source
``contrast``     a contrast word ("but", "instead"): the claim it sets against another changes
``negation``     a negation, hedge or modal (``words/negation.txt``, ``hedge.txt``) is dropped: the polarity
                 or certainty changes
``argument``     a required argument of a kept word is dropped: its subject, object, complement or
                 predicative (also the phrase after "is": "he is not even on the ballot"; the phrase that
                 completes a verb or adjective: "ordered from their homes", "excited about Biden",
                 "mislead them into missing"; a comparison's "than"-phrase), or the
                 "of"-phrase a noun needs ("a state of emergency", "the possibility of being paroled")
``restrictive``  what a subject is ("Republicans in Western North Carolina"), a modifier inside a noun
                 phrase that a superlative or an ordinal singles out ("the first film to win ... in a
                 foreign language"), or one that changes what the noun is ("former",
                 "alleged": ``words/nonsubsective.txt``), a conjunct of a noun ("the al-Sukkari and
                 al-Fardous neighborhoods") or a relative clause not set off by a comma ("ways that
                 require little effort", "those who are new"): without it the claim is about
                 something else
``name``         part of a name whose head stays ("Gilmer City Council" is not "City Council")
``unlikely``     (learned; only with the model's keep probabilities) the cut starts at a word people keep
                 with probability ``UNLIKELY`` or more in the human compressions it learned from
``orphan``       a kept word whose head is dropped: the tree is torn and the rest no longer parses as the
                 source did (mostly deletions that are not whole subtrees)
"""
from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..words import ATTRIBUTION, CONTRAST, HEDGE, NEGATION, NONSUBSECTIVE, QUANTITY

if TYPE_CHECKING:
    from spacy.tokens import Span, Token

ARGUMENTS = frozenset("nsubj nsubjpass csubj dobj iobj dative attr acomp oprd xcomp ccomp pobj pcomp agent".split())
QUANTITY_DEPS = frozenset({"quantmod", "nummod"})
SET_OFF = frozenset({",", "\u2013", "\u2014", "--", "-", "(", ";"})
# Verbs whose object needs a place: "put it through its paces" is not "put it"; "rain pushed the river
# over its banks" is not "rain pushed the river".
PLACING = frozenset("put puts putting place places placed placing set sets setting lay lays laid laying "
                    "push pushes pushed pushing drive drives drove driven driving force forces forced forcing "
                    "send sends sent sending sweep sweeps swept sweeping knock knocks knocked knocking "
                    "throw throws threw thrown throwing".split())
COMPLEMENT_PREPS = frozenset("into from of with on about against".split())
BE = frozenset("be am is are was were been being 's 're 'm".split())
SINGLING_OUT = frozenset("first last only sole single best worst top".split())  # besides JJS / RBS / ordinals


MEANING = frozenset({"quantity", "negation", "argument", "restrictive", "name", "quotation", "attribution", "contrast",
                     "unlikely"})  # the rest ("orphan"): grammar
QUOTES = frozenset({'"', "``", "''", "\u201c", "\u201d"})
UNLIKELY = 0.9


@dataclass(frozen=True)
class Change:
    """One way a deletion changes the sentence: its kind, the dropped token at fault, a short reason."""

    kind: str
    token: int
    detail: str


def quoted(sent: Span) -> set[int]:
    """Tokens inside quotation marks, the marks included: direct quotes are never edited."""
    inside, depth = set(), 0
    for tok in sent:
        t = tok.text
        opens = t in ("``", "\u201c") or (t == '"' and depth == 0)
        closes = t in ("''", "\u201d") or (t == '"' and depth > 0)
        if opens and not closes:
            depth += 1
        if depth or t in QUOTES:
            inside.add(tok.i)
        if closes and depth:
            depth -= 1
    return inside


def changes(sent: Span, drop: Iterable[int], quotes: set[int] | None = None) -> list[Change]:
    """Every ``Change`` of dropping the token indices ``drop`` from ``sent``; ``quotes``: ``quoted(sent)``
    when the caller has it already."""
    dropped = set(drop)
    judged = sorted(dropped)
    inside = quoted(sent) if quotes is None else quotes
    out = []
    for i in judged:
        tok = sent.doc[i]
        change = ("quotation", f"{tok.text!r} is inside a quotation") if i in inside else _judge(tok, dropped, sent)
        if change is not None:
            out.append(Change(change[0], i, change[1]))
    if judged:  # an aside right after the cut may describe what was cut: "in Nevada — a state where ..."
        after = judged[-1] + 1
        if after + 1 < sent.end and after not in dropped and sent.doc[after].text in SET_OFF:
            aside = next((a for a in (sent.doc[after + 1], *sent.doc[after + 1].ancestors) if a.dep_ == "appos"), None)
            if aside is not None and aside.left_edge.i == after + 1 and aside.i not in dropped:
                out.append(Change("restrictive", judged[-1], f"the aside {aside.text!r} after the cut may describe it"))
    # a kept word whose head is dropped; read from the dropped words' children, so the check costs the
    # size of the deletion, not of the sentence (the compressor runs it once per candidate)
    for i in judged:
        for child in sent.doc[i].children:
            if child.i not in dropped and not child.is_punct:
                out.append(Change("orphan", i, f"{child.text!r} stays without its head {sent.doc[i].text!r}"))
    return out


def judge(sent: Span, drop: Iterable[int], keep: Sequence[float] | None = None) -> list[Change]:
    """``changes`` plus the learned check: with ``keep`` (the deletion model's probability per token of
    ``sent``), a cut whose top word people keep with probability ``UNLIKELY`` or more is flagged too."""
    dropped = set(drop)
    found = changes(sent, dropped)
    if keep is not None:
        for i in sorted(dropped):
            tok = sent.doc[i]
            p = keep[i - sent.start]
            if tok.head.i not in dropped and not tok.is_punct and p >= UNLIKELY:
                found.append(Change("unlikely", i, f"people keep {tok.text!r} (p={p:.2f})"))
    return found


def _judge(tok: Token, dropped: set[int], sent: Span) -> tuple[str, str] | None:
    lower = tok.lower_
    if tok.like_num or tok.pos_ == "NUM" or lower in QUANTITY or tok.dep_ in QUANTITY_DEPS:
        return "quantity", f"{tok.text!r} is part of a figure"
    if lower in ("between", "from") and tok.i + 1 < len(tok.doc) and tok.doc[tok.i + 1].like_num:
        # "between 100,000 and 200,000 people": a range, however the parser attached it
        return "quantity", f"{tok.text!r} makes the numbers after it a range"
    if lower in NEGATION or lower in HEDGE or (tok.tag_ == "MD" and tok.head.i not in dropped):
        return "negation", f"{tok.text!r} sets the claim's polarity or certainty"
    if lower in ATTRIBUTION:
        return "attribution", f"{tok.text!r} says whose claim it is"
    if lower in CONTRAST:
        return "contrast", f"{tok.text!r} sets the claim against another"
    head = tok.head
    if head.i == tok.i or head.i in dropped:
        return None
    if any(a.lower_ in ATTRIBUTION for a in tok.ancestors if a.head.i != a.i):
        return "attribution", f"{tok.text!r} is part of the source of a claim"
    if tok.dep_ == "prep" and head.pos_ in ("VERB", "AUX", "ADJ") and tok.i == head.i + 1 and not any(
            c.dep_ in ("dobj", "attr", "acomp") and c.i not in dropped for c in head.children):
        return "argument", f"{tok.text!r} completes {head.text!r} (\"ordered from their homes\", \"refers to\")"
    if tok.dep_ == "prep" and head.lower_ in PLACING:
        return "argument", f"{tok.text!r} says where {head.text!r} puts its object (\"put the bra through its paces\")"
    if tok.dep_ == "prep" and head.dep_ in ("nsubj", "nsubjpass") and head.pos_ in ("NOUN", "PROPN"):
        return "restrictive", f"{tok.text!r} says which {head.text!r} the claim is about"
    if tok.dep_ == "prep" and lower == "than":
        return "argument", f"{tok.text!r} completes a comparison"
    if tok.dep_ in ARGUMENTS:
        return "argument", f"{tok.text!r} is a required {tok.dep_} of {head.text!r}"
    if tok.dep_ == "prep" and lower == "of" and head.pos_ in ("NOUN", "PROPN", "PRON", "NUM"):
        return "argument", f"the of-phrase of {head.text!r}"
    if tok.dep_ == "prep" and head.lower_ in BE and not any(
            c.dep_ in ("attr", "acomp", "dobj") and c.i not in dropped for c in head.children):
        return "argument", f"{tok.text!r} is what {head.text!r} says of its subject"
    if tok.dep_ == "npadvmod" and head.pos_ in ("ADV", "ADJ"):
        return "argument", f"{tok.text!r} is what {head.text!r} measures (\"all season long\", \"two weeks ago\")"
    if tok.dep_ == "prep" and lower in COMPLEMENT_PREPS and head.pos_ == "VERB" and any(
            c.dep_ == "pcomp" and c.tag_ == "VBG" for c in tok.children):
        return "argument", f"{tok.text!r} + -ing completes {head.text!r} (\"mislead them into missing\")"
    if tok.dep_ in ("relcl", "acl") and (head.pos_ in ("PRON", "DET") or not _set_off(tok, dropped, sent)):
        return "restrictive", f"{tok.text!r} starts a clause that says which {head.text!r} is meant"
    if tok.dep_ == "appos" and not _set_off(tok, dropped, sent):
        return "name", f"{tok.text!r} is part of the name {head.text!r} (no comma sets it off)"
    inside = next((a for a in tok.ancestors if a.dep_ in ("relcl", "acl") and not _set_off(a, dropped, sent)), None)
    if inside is not None:
        return "restrictive", f"{tok.text!r} is inside {inside.text!r}, a clause that says which {inside.head.text!r}"
    if tok.dep_ == "conj" and tok.pos_ in ("NOUN", "PROPN", "PRON", "NUM", "ADJ"):
        return "restrictive", f"{tok.text!r} is one of the things the claim is about, with {head.text!r}"
    if lower in NONSUBSECTIVE:
        return "restrictive", f"{tok.text!r} changes what {head.text!r} is"
    if tok.pos_ == "PROPN" and head.pos_ == "PROPN" and tok.dep_ in ("compound", "flat", "nmod", "nn"):
        return "name", f"{tok.text!r} is part of the name {head.text!r}"
    if tok.dep_ in ("prep", "relcl", "acl", "advcl", "npadvmod") and _singled_out(head, sent):
        return "restrictive", f"{tok.text!r} restricts a noun phrase singled out by a superlative"
    return None


def _set_off(tok: Token, dropped: set[int], sent: Span) -> bool:
    """Whether the clause of ``tok`` is set off by a comma, dash or bracket (a non-restrictive aside:
    "the ways, which are cheap," may go; "the ways that are cheap" says which ways)."""
    before = tok.left_edge.i - 1
    while before >= sent.start and before in dropped and sent.doc[before].is_punct:
        if sent.doc[before].text in SET_OFF:
            return True
        before -= 1
    return before >= sent.start and sent.doc[before].text in SET_OFF


def _singled_out(tok: Token, sent: Span) -> bool:
    """Whether ``tok`` or a noun it hangs from (below the sentence root) is singled out ("the first film")."""
    node = tok
    while node.i != sent.root.i and node.head.i != node.i:  # a span of several sentences has several roots
        if node.pos_ in ("NOUN", "PROPN") and any(
                c.dep_ in ("amod", "advmod", "nummod") and (c.lower_ in SINGLING_OUT or c.tag_ in ("JJS", "RBS")
                                                            or c.ent_type_ == "ORDINAL"
                                                            or any(g.lower_ in ("most", "least") for g in c.children))
                for c in node.children):
            return True
        node = node.head
    return False
