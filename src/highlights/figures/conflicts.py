"""Figures that disagree: pairs of quantity claims (``figures.claims``) that cannot both be right, and the
editor's bullet that puts them side by side.

Two claims conflict when they count the same thing on the same day, about the same event, from different
sources (one source under two names, or one person's title, is one source), and their ranges do not meet.
The same day: the day each names, else (across articles) the day its article was published; within one
article a figure that names no day may speak of the day before. The same event: the second names the
first's figure; or the names near their numbers are the same places and groups (across articles, one more
precisely than the other); or, in one article, one sentence gives both with the same names, or neighbouring
sentences share a name or the later names none (in lowercased text, which shows no names, only when the
later answers the earlier: "however", "but"). Never: updates ("rose to", "earlier", "initial"; and across
articles published on different days, a later figure above the earlier one: counting went on), parts
("including 15", "103 of them"), running totals ("since 2011", "this month", "a total of"), "another 39".
Precision first: a number whose count or source cannot be named is no side of a conflict.
"""
from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from ..document import Conflict, Verification
from ..words import STOP, load_list, load_map
from .claims import Claim, apart

_WHAT = load_map("figures_counts")  # an event's key -> how a bullet names what it counts


@dataclass(frozen=True)
class Disagreement:
    """Claims of one count (``what``, a claim's key) that cannot all be right, in value order."""

    what: str
    claims: tuple[Claim, ...]

    def conflict(self, *, in_article: bool, verified: Verification) -> Conflict:
        """As the document model gives it: what it counts, the bullet, the figures (with their article ids when
        the claims come from several articles) and the verdict on the bullet."""
        return Conflict(counted(self.what), self.bullet(), tuple(c.figure(in_article=in_article) for c in self.claims),
                        verified)

    def bullet(self) -> str:
        """An editor's line: "Estimates of those who fled differ: about 10,000 (civilians, Russian officials)
        vs about 20,000 (SANA)" (``parse_bullet`` reads it back; the verifier checks each part)."""
        parts = []
        for c in self.claims:
            hedge = _SHOWN_HEDGE.get(c.hedge, c.hedge)
            shown = _number(c.value) + (f" to {_number(c.high)}" if c.high is not None else "")
            shown = f"{hedge} {shown}" if hedge else shown
            parts.append(shown + (f" ({c.attribution})" if c.attribution else ""))
        return f"Estimates of {counted(self.what)} differ: " + " vs ".join(parts)


@dataclass(frozen=True)
class BulletPart:
    """One value of a conflict bullet as written: "about 20,000 (SANA)", with its span in the bullet."""

    value: float
    hedge: str  # as ``Claim.hedge``
    sources: tuple[str, ...]
    start: int
    end: int
    high: float | None = None  # a range's upper end ("30,000 to 50,000")


_SHOWN_HEDGE = {"at most": "up to"}  # a hedge's key as a bullet writes it
_READ_HEDGE = {shown: key for key, shown in _SHOWN_HEDGE.items()}
_BULLET = re.compile(r"Estimates of (?P<what>.+?) differ: (?P<parts>.+)")
_FIGURE = r"\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?"
_PART = re.compile(rf"(?:(?P<hedge>about|at least|up to) )?(?P<number>{_FIGURE})(?: to (?P<high>{_FIGURE}))?"
                   r"(?: \((?P<sources>[^()]+)\))?")


def parse_bullet(text: str) -> tuple[str, list[BulletPart]] | None:
    """What a bullet in ``Disagreement.bullet``'s form counts and its parts, or None when it is not in that form."""
    m = _BULLET.fullmatch(text.strip().rstrip("."))
    if m is None:
        return None
    offset = len(text) - len(text.lstrip()) + m.start("parts")
    parts = []
    for piece in m.group("parts").split(" vs "):
        p = _PART.fullmatch(piece)
        if p is None:
            return None
        hedge = _READ_HEDGE.get(p.group("hedge") or "", p.group("hedge") or "")
        sources = tuple(s.strip() for s in (p.group("sources") or "").split(", ") if s.strip())
        high = float(p.group("high").replace(",", "")) if p.group("high") else None
        parts.append(BulletPart(float(p.group("number").replace(",", "")), hedge, sources, offset, offset + len(piece),
                                high))
        offset += len(piece) + len(" vs ")
    return (m.group("what"), parts) if len(parts) >= 2 else None


def counted(what: str) -> str:
    """How a bullet names a count key: "fled" -> "those who fled", "killed children" -> "children killed",
    "homes" -> "the number of homes"."""
    if what in _WHAT:
        return _WHAT[what]
    event, _, noun = what.partition(" ")
    return f"{noun} {event}" if noun else f"the number of {what}"


def conflicts(found: Sequence[Claim]) -> list[Disagreement]:
    """Pairs of claims that cannot both be right, grouped by what they count: the same count, the same day,
    the same event (the second names the first's figure, or their sentences name the same places and
    groups), different sources, and ranges that do not meet. Each group in value order."""
    by_count: dict[str, list[int]] = {}  # only claims of one count can disagree: pair them, not all
    for i, c in enumerate(found):
        by_count.setdefault(c.what, []).append(i)
    edges: dict[int, set[int]] = {}
    for indices in by_count.values():
        for x, i in enumerate(indices):
            for j in indices[x + 1:]:
                a, b = found[i], found[j]
                if _disagree(a, b) and _same_event(a, b, linked=b.linked and j == i + 1):
                    edges.setdefault(i, set()).add(j)
                    edges.setdefault(j, set()).add(i)
    out, seen = [], set()
    for i in sorted(edges):
        if i in seen:
            continue
        group, todo = set(), [i]
        while todo:
            k = todo.pop()
            if k not in group:
                group.add(k)
                todo.extend(edges.get(k, ()))
        seen |= group
        claims_ = sorted((found[k] for k in group), key=lambda c: (c.value, c.start))
        out.append(Disagreement(claims_[0].what, tuple(claims_)))
    return out


def _same_day(a: Claim, b: Claim) -> bool:
    """Both name a day: the same one. Neither: they were published the same day. One names a day: across
    articles, the other was published that day (a figure that names no day is its report's: the count as it
    stood then); within one article, that day or the next (the article's report looks back a day)."""
    if a.day is not None and b.day is not None:
        return a.day == b.day
    if a.day is None and b.day is None:
        return a.published == b.published
    named, other = (a, b) if a.day is not None else (b, a)
    assert named.day is not None
    if other.published is None:
        return False
    return 0 <= (other.published - named.day).days <= (1 if a.article == b.article else 0)


def _disagree(a: Claim, b: Claim) -> bool:
    if a.what != b.what or a.update or b.update or a.part or b.part or not _same_day(a, b):
        return False
    if not a.attribution or not b.attribution or _same_source(a.attribution, b.attribution):
        return False  # a figure nobody is named for, or one source's two figures, is not a contest
    if _later_and_larger(a, b) or _later_and_larger(b, a):
        return False  # counting went on: a later report's larger figure updates the earlier one
    return apart(a.bounds(), b.bounds())


def _later_and_larger(a: Claim, b: Claim) -> bool:
    """Whether ``b`` comes from a report published on a later day than ``a``'s and lies wholly above it."""
    return (a.published is not None and b.published is not None and b.published > a.published
            and b.bounds()[0] > a.bounds()[1])


def _same_source(a: str, b: str) -> bool:
    """Whether two attributions share a source, named in full or in short ("the Observatory", "the Syrian
    Observatory for Human Rights"; "state TV", "Syrian state television"), or by the title of one person."""
    def names(attribution: str) -> list[set[str]]:
        out = []
        for part in attribution.split(", "):
            words = {_SAME_WORD.get(w, w) for w in re.findall(r"[a-z][\w\-]*", part.lower())} - STOP
            if words:
                out.append(words)
        return out

    return any(x <= y or y <= x or bool(x & y & _TITLES) for x in names(a) for y in names(b))


_SAME_WORD = load_map("figures_same_words")
# one person's title: "the provincial governor" and "Governor Talal al-Barazi" in one story are one source
_TITLES = load_list("figures_titles")


def _same_event(a: Claim, b: Claim, *, linked: bool) -> bool:
    """Whether two claims count the same event: the second names the first's figure ("put the figure at"),
    or their sentences name the same places and groups, no other, and neither counts "another" one (two
    neighbourhoods of one city are two events)."""
    if linked:
        return True
    if a.another or b.another:
        return False
    if a.article == b.article and abs(a.sentence - b.sentence) <= 1:
        # neighbouring sentences of one article: a word of a name in common ("the Boukamal strike killed 15 ...
        # three Iraqi fighters" / "10 were killed, including an Iraqi family"), or the later one names nothing
        # and so goes on about the event before it ("... the death toll at 494 in Damascus. The Coalition said
        # 650 died.")
        first, later = (a, b) if (a.sentence, a.start) <= (b.sentence, b.start) else (b, a)
        if not (a.named and b.named):
            # lowercased text names nothing to compare: only a sentence that answers the one before ("health
            # ministry officials, however, said 62 were wounded") speaks of its event
            return later.contrast and later.sentence == first.sentence + 1
        words_a = {w for name in first.anchors for w in name.split()}
        words_b = {w for name in later.anchors for w in name.split()}
        if later.sentence == first.sentence:
            # one sentence sets two sources' figures side by side ("Egypt estimated 5,000 to 10,000 protesters,
            # CNN 15,000 to 20,000"), unless their numbers name other places ("36 in Alexandria, 13 in Suez")
            return not (words_a and words_b) or bool(words_a & words_b)
        return bool(words_a & words_b) or not words_b
    if not (a.anchors and b.anchors):
        return False
    if a.article == b.article:
        return a.anchors == b.anchors
    # two reports of one event name its place, one more precisely than the other ("Homs", "Homs' Zahra")
    return a.anchors <= b.anchors or b.anchors <= a.anchors


def _number(value: float) -> str:
    return f"{int(value):,}" if value.is_integer() else f"{value:,}"
