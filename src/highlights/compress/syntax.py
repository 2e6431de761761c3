"""Which subtrees of a parsed sentence compression may drop, and how the rest is put back together.

Pure syntax over a spaCy ``Span``: no model. A candidate is never a subtree holding a negation,
attribution, hedge or contrast word (``highlights.words``), a number, a quotation or the root, nor
one whose removal ``safety.changes`` finds changing the claim (a figure, a required argument such as
the "of"-phrase a noun needs, a phrase a superlative singles out).
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..words import ATTRIBUTION, CONTRAST, HEDGE, NEGATION
from .safety import changes

if TYPE_CHECKING:
    from spacy.tokens import Span

CANDIDATE_DEPS = frozenset("appos relcl advcl prep npadvmod acl conj parataxis intj".split())
# Never cut: negation, attribution (a contested claim keeps its source), hedges ("may have died"
# must not become "died") and contrast ("thought he drew his Taser, but instead shot").
KEEP = NEGATION | ATTRIBUTION | HEDGE | CONTRAST
OPENERS = frozenset({"(", "-lrb-", "["})
CLOSERS = frozenset({")", "-rrb-", "]"})
QUOTES = frozenset({'"', "``", "''", "“", "”"})


@dataclass(frozen=True)
class Candidate:
    """A subtree that may be dropped: its head token and the token range [lo, hi] it covers."""

    head: int
    lo: int
    hi: int


def quoted(sent: Span) -> set[int]:
    """Tokens inside quotation marks, the marks included: direct quotes are never edited."""
    inside, depth = set(), 0
    for tok in sent:
        t = tok.text
        opens = t in ("``", "“") or (t == '"' and depth == 0)
        closes = t in ("''", "”") or (t == '"' and depth > 0)
        if opens and not closes:
            depth += 1
        if depth or t in QUOTES:
            inside.add(tok.i)
        if closes and depth:
            depth -= 1
    return inside


_TRAILING = frozenset({",", ".", ";", ":", "!", "?", ")", "''", '"', "'s", "n't", "'"})


def _splits_a_word(sent: Span, lo: int, hi: int) -> bool:
    """Whether the subtree starts or ends inside a hyphenated or glued word ("mother-of-four")."""
    doc = sent.doc
    glued_before = lo > sent.start and not doc[lo - 1].whitespace_ and doc[lo - 1].text not in ("(", '"', "``")
    glued_after = hi + 1 < sent.end and not doc[hi].whitespace_ and doc[hi + 1].text not in _TRAILING
    return glued_before or glued_after or doc[lo].text == "-" or doc[hi].text == "-"


def candidates(sent: Span) -> list[Candidate]:
    """Subtrees of a parsed sentence (a spaCy Span) that compression may drop."""
    protected = quoted(sent)
    out = []
    for tok in sent:
        if tok.dep_ not in CANDIDATE_DEPS or tok.i == sent.root.i:
            continue
        lo, hi = tok.left_edge.i, tok.right_edge.i
        span = range(lo, hi + 1)
        words = {sent.doc[i].lower_ for i in span}
        if words & KEEP or any(i in protected for i in span) or _splits_a_word(sent, lo, hi):
            continue
        if tok.dep_ == "prep" and tok.head.pos_ in ("VERB", "AUX") and tok.i == tok.head.i + 1 and not any(
                c.dep_ in ("dobj", "attr", "acomp") for c in tok.head.children):
            continue  # the verb's own complement: "ordered from their homes", "looking into whether"
        if tok.dep_ == "prep" and tok.head.dep_ in ("nsubj", "nsubjpass") and tok.head.pos_ == "NOUN":
            continue  # what the subject is: "days of heavy rain pushed ..."
        if any(a.lower_ in ATTRIBUTION for a in tok.ancestors if a.i != sent.root.i):
            continue  # part of "according to the National Weather Service": the source stays whole
        candidate = Candidate(tok.i, lo, hi)
        if changes(sent, dropped_tokens(candidate, sent)):
            continue  # the cut would change a figure, an argument or a singled-out phrase (safety.py)
        out.append(candidate)
    return out


def dropped_tokens(c: Candidate, sent: Span) -> set[int]:
    """The candidate's tokens plus the punctuation and conjunction that only it needed.

    "Lobo, 55, was shot" loses both commas with its appositive; "X, and Y" loses ", and" with
    its conjunct; "In Paris, police ..." loses the comma after an opening phrase; a phrase in the
    middle of a clause leaves the commas around it alone.
    """
    doc = sent.doc
    head = doc[c.head]
    drop = set(range(c.lo, c.hi + 1))
    sep = (",", "--", ";")
    before = c.lo - 1 if c.lo > sent.start and doc[c.lo - 1].text in sep else None
    after = c.hi + 1 if c.hi + 1 < sent.end and doc[c.hi + 1].text in sep else None
    at_end = c.hi + 1 >= sent.end or doc[c.hi + 1].is_punct and doc[c.hi + 1].text in ".!?"
    if head.dep_ == "conj":
        i = c.lo - 1
        if i >= sent.start and doc[i].dep_ in ("cc", "preconj"):
            drop.add(i)
            i -= 1
        if i >= sent.start and doc[i].text in sep:
            drop.add(i)
        return drop
    if c.lo == sent.start:
        if after is not None:
            drop.add(after)
    elif before is not None and (at_end or after is not None):
        drop.add(before)
        following = doc[after + 1] if after is not None and after + 1 < sent.end else None
        if following is not None and after is not None and following.pos_ in ("AUX", "VERB"):
            drop.add(after)  # "Lobo, 55, was shot": the aside goes with both commas
    return drop


def parentheticals(sent: Span) -> set[int]:
    """Tokens inside brackets, brackets included."""
    drop, depth = set(), 0
    for tok in sent:
        if tok.text in OPENERS:
            depth += 1
        if depth:
            drop.add(tok.i)
        if tok.text in CLOSERS and depth:
            depth -= 1
    return drop if len(drop) < len(sent) - 2 else set()


def kept_runs(sent: Span, drop: set[int]) -> list[tuple[int, int]]:
    """Contiguous runs [first, last] of kept tokens, skipping stray leading punctuation."""
    runs: list[list[int]] = []
    for tok in sent:
        if tok.i in drop:
            continue
        if not runs and (tok.is_punct and tok.text not in ('"', "``", "'")):
            continue
        if runs and runs[-1][1] == tok.i - 1:
            runs[-1][1] = tok.i
        else:
            runs.append([tok.i, tok.i])
    return [(a, b) for a, b in runs]


def render(sent: Span, runs: list[tuple[int, int]]) -> str:
    """The highlight text of the kept runs, with spacing and punctuation tidied."""
    doc = sent.doc
    parts = []
    for a, b in runs:
        parts.append(doc[a:b + 1].text)
    text = " ".join(p.strip() for p in parts if p.strip())
    text = re.sub(r"\s+([,.;:!?](?:\s|$))", r"\1", text)
    text = re.sub(r"([,;:])(\s*[,;:])+", r"\1", text)
    text = re.sub(r"[,;:]\s*(?=[.!?]?$)", "", text).strip()
    text = re.sub(r"^[,;:\-\s]+", "", text)
    if text and text[0].isalpha() and sent.text[:1].isupper():
        text = text[0].upper() + text[1:]
    return text


