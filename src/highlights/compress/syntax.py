"""Which subtrees of a parsed sentence compression drops, and how the rest is put back together.

Syntax over a spaCy ``Span`` and the model's keep probabilities (``plan``). A cut is a clause, aside
or adjunct (``CUT_DEPS``), never the root, and never one whose removal ``safety.changes`` finds
changing the claim (a figure, a negation, a quotation, an attribution, a name, a required argument,
a restriction).
"""
from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from .safety import changes, quoted

if TYPE_CHECKING:
    from spacy.tokens import Span, Token

# The phrases a highlight may lose: clauses, asides and adjuncts. Never a determiner, an auxiliary,
# a coordinator alone, an adjective or a compound ("Russian-backed groups" is not "groups").
CUT_DEPS = frozenset("appos relcl advcl prep npadvmod acl conj parataxis intj".split())
OPENERS = frozenset({"(", "-lrb-", "["})
CLOSERS = frozenset({")", "-rrb-", "]"})


@dataclass(frozen=True)
class Candidate:
    """A subtree that may be dropped: its head token and the token range [lo, hi] it covers."""

    head: int
    lo: int
    hi: int


_TRAILING = frozenset({",", ".", ";", ":", "!", "?", ")", "''", '"', "'s", "n't", "'"})


def _splits_a_word(sent: Span, lo: int, hi: int) -> bool:
    """Whether the subtree starts or ends inside a hyphenated or glued word ("mother-of-four")."""
    doc = sent.doc
    glued_before = lo > sent.start and not doc[lo - 1].whitespace_ and doc[lo - 1].text not in ("(", '"', "``")
    glued_after = hi + 1 < sent.end and not doc[hi].whitespace_ and doc[hi + 1].text not in _TRAILING
    return glued_before or glued_after or doc[lo].text == "-" or doc[hi].text == "-"


def deletable(tok: Token, sent: Span) -> Candidate | None:
    """The subtree of ``tok`` as a candidate for deletion, or None when it is not a phrase that may go:
    only the clauses, asides and adjuncts of ``CUT_DEPS``, never the root or part of a hyphenated word.
    Whether the cut changes the claim is the deletion check's question (``safety.changes``)."""
    if tok.head.i == tok.i or tok.is_punct or tok.dep_ not in CUT_DEPS:
        return None
    lo, hi = tok.left_edge.i, tok.right_edge.i
    if _splits_a_word(sent, lo, hi):
        return None
    return Candidate(tok.i, lo, hi)


def plan(sent: Span, keep: Sequence[float], threshold: float, *, check: bool = True, min_left: int = 4) -> set[int]:
    """The token indices to drop from a parsed sentence, given each token's keep probability.

    Top-down over the dependency tree: a token whose keep probability is under ``threshold`` goes
    with its whole subtree (and the punctuation only it needed), unless the rules of ``deletable``
    forbid it, the cut would leave fewer than ``min_left`` words, or ``safety.changes`` finds the cut
    changing what the sentence claims; then the token stays and its children are judged in turn.
    Brackets always go. Each token is visited once and each check costs the size of the cut.

    ``check=False`` is the model alone, as the corpus literature measures its taggers: each token is
    kept when its probability reaches the threshold, with no tree, rule, check or minimum.
    """
    base = sent.start
    if not check:
        return {t.i for t in sent if keep[t.i - base] < threshold}
    drop = parentheticals(sent)
    protected = quoted(sent)
    last = sent[-1]
    final = {last.i} if last.is_punct and last.text in ".!?" else set()  # the full stop stays, whoever owns it
    left = sum(1 for t in sent if not t.is_punct and t.i not in drop)
    queue = [t for t in sent if t.head.i == t.i]
    while queue:
        tok = queue.pop()
        for child in tok.children:
            if child.i in drop:
                continue
            c = deletable(child, sent) if keep[child.i - base] < threshold else None
            if c is not None:
                new = dropped_tokens(c, sent) - drop - final
                words = sum(1 for i in new if not sent.doc[i].is_punct)
                if left - words >= min_left and not changes(sent, new, protected):
                    drop |= new
                    left -= words
                    continue
            queue.append(child)
    return drop


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
        if not runs and (tok.is_punct and tok.text not in ('"', "``", "'", "\u201c", "\u2018")):
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
    text = re.sub(r"\s*[,;:\u2013\u2014-]+\s*(?=[.!?]?$)", "", text).strip()
    text = re.sub(r"^[,;:\-\s]+", "", text)
    if text and text[0].isalpha() and sent.text[:1].isupper():
        text = text[0].upper() + text[1:]
    return text


