"""Figures that disagree: quantity claims ("an estimated 10,000 people had fled", "SANA put the figure at
around 20,000"), what they count, who says so, and the pairs that cannot both be right.

A claim is a number with its hedge ("about", "at least", "up to"), the thing it counts (the event verb
near it: fled, killed, injured, remaining; else its noun), the sentence's source ("according to X",
"X said / told / put", "backed by X") and its day. "The figure", "the number" and "the toll" count what the
claim before them counted. Each claim stands for a range: an exact number for itself, a hedged one for
±20%, "at least" upwards, "up to" downwards. Two claims about the same count on the same day conflict when
their ranges do not meet; different counts, or different days, never do. Precision first: a number whose
count cannot be named is no claim.
"""
from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from ..model import Article, Sentence
from ..sentences import split
from .dates import mentions

_SCALE = {"thousand": 1e3, "million": 1e6, "billion": 1e9}
_HEDGES = {"about": "about", "around": "about", "some": "about", "roughly": "about", "nearly": "about",
           "almost": "about", "approximately": "about", "an estimated": "about", "estimated": "about",
           "at least": "at least", "more than": "at least", "over": "at least",
           "up to": "at most", "as many as": "at most", "fewer than": "at most", "less than": "at most",
           "under": "at most"}
_HEDGE = "|".join(sorted((re.escape(h) for h in _HEDGES), key=len, reverse=True))
_NUMBER = re.compile(rf"\b(?:({_HEDGE})\s+)?(\d{{1,3}}(?:,\d{{3}})+|\d+(?:\.\d+)?)(?:\s+(thousand|million|billion))?\b",
                     re.I)
# the count's event: a verb (or noun) near the number, to one key
_EVENTS = {"fled": "fled", "flee": "fled", "fleeing": "fled", "escaped": "fled", "evacuated": "evacuated",
           "killed": "killed", "died": "killed", "dead": "killed", "deaths": "killed", "death": "killed",
           "toll": "killed", "killing": "killed", "wounded": "injured", "injured": "injured",
           "injuring": "injured", "wounding": "injured", "displaced": "displaced", "arrested": "arrested",
           "detained": "arrested", "missing": "missing", "trapped": "remaining", "living": "remaining",
           "remain": "remaining", "remaining": "remaining"}
_WHAT = {"fled": "those who fled", "evacuated": "those evacuated", "killed": "the dead", "injured": "the injured",
         "displaced": "the displaced", "arrested": "those arrested", "missing": "the missing",
         "remaining": "those who remain"}
_COUNTED = {"people", "persons", "civilians", "residents", "children", "refugees", "migrants", "fighters",
            "soldiers", "troops", "rebels", "militants", "bodies", "casualties", "families", "homes", "houses",
            "buildings", "victims", "patients", "protesters", "demonstrators", "individuals", "others"}
_ANAPHORA = re.compile(r"\b(?:the|that|this)\s+(?:figure|number|toll|estimate|count|tally)\s+(?:\w+\s+){0,2}?"
                       r"(?:at|to|was|is|of|as)\s*$", re.I)
_SAYS = re.compile(r"\b(told|said|says|say|reported|reports|put|puts|estimated|estimates|confirmed|claimed|"
                   r"counted|announced)\b", re.I)
_SOURCE_AFTER = re.compile(r"\b(?:according to|backed by|cited by|reported by|citing)\s+([^,.;:\"()]+)", re.I)
_CAPS = re.compile(r"\b[A-Z][\w\-']*(?:\s+[A-Z][\w\-']*)*")
_WINDOW = 8  # words after the number in which its count is looked for
_CLAUSE = re.compile(r",|;|\s--\s|\s(?:while|whereas|but)\s")
# a running total over a war or a period, not a count of one event
_CUMULATIVE = re.compile(r"\b(?:since|so far|in total|overall|this year|past year|last year|the war|the conflict|"
                         r"civil war|began in|has killed|have been killed|has left)\b", re.I)
# who may be the source of a figure when not named: "civilians told CNN", "a monitoring group said"
_SOURCE_NOUNS = {"officials", "official", "activists", "doctor", "mayor", "minister", "police", "civilians",
                 "residents", "witnesses", "witness", "group", "monitor", "agency", "media", "ministry", "governor",
                 "army", "observatory", "rebels", "sources", "source", "spokesman", "spokeswoman", "authorities",
                 "government", "doctors", "medics", "statement", "report", "opposition", "militants", "military",
                 "state", "council", "committees", "network", "volunteers", "hospital"}
# nouns that count people at large: "40 civilians killed" and "45 dead" count the same dead
_ANYONE = {"people", "persons", "civilians", "residents", "individuals", "others", "victims", "bodies", "casualties"}
_WEEKDAY_NAMES = {"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"}
_NOT_ANCHORS = {"syria", "syrian", "the", "a", "an", "on", "in", "monday", "tuesday", "wednesday", "thursday",
                "friday", "saturday", "sunday", "cnn", "reuters", "ap", "afp", "u.s.", "us", "un", "observatory",
                "syrian observatory", "the syrian observatory", "human rights", "the observatory"}
# words that may stand between a number (or its noun) and the event it counts
_BETWEEN = {"are", "were", "is", "was", "have", "had", "has", "been", "be", "being", "estimated", "believed",
            "thought", "reported", "reportedly", "said", "to", "still", "now", "already", "also", "who", "that",
            "more", "people", "civilians", "in", "the", "fighting", "and"}


@dataclass(frozen=True)
class Claim:
    value: float
    hedge: str  # "", "about", "at least" or "at most"
    what: str  # the key of what it counts: an event ("fled", "killed", ...) or a noun
    text: str  # the number as written, hedge included
    start: int  # its span in the article's text
    end: int
    attribution: str | None
    article: str | None = None  # the article's id, when claims of several articles are compared
    day: dt.date | None = None  # the day its sentence names ("on Sunday"), if any
    sentence: int = 0  # the sentence's place in its article
    anchors: frozenset[str] = frozenset()  # the names in its sentence (places, groups), sources left out
    linked: bool = False  # it counts what the claim before it counted ("put the figure at")
    another: bool = False  # "another 39", "10 more": a count of something else than the figures around it
    published: dt.date | None = None  # its article's day

    def bounds(self) -> tuple[float, float]:
        v = self.value
        if self.hedge == "about":
            return 0.8 * v, 1.2 * v
        if self.hedge == "at least":
            return v, math.inf
        if self.hedge == "at most":
            return 0.0, v
        return v, v

    def to_dict(self, *, in_article: bool) -> dict[str, Any]:
        return {"value": int(self.value) if self.value.is_integer() else self.value, "text": self.text,
                "article": None if in_article else self.article, "start": self.start, "end": self.end,
                "attribution": self.attribution}


@dataclass(frozen=True)
class Conflict:
    what: str
    claims: tuple[Claim, ...]

    def to_dict(self, *, in_article: bool = True) -> dict[str, Any]:
        return {"what": counted(self.what), "bullet": self.bullet(),
                "values": [c.to_dict(in_article=in_article) for c in self.claims]}

    def bullet(self) -> str:
        """An editor's line: "Estimates of those who fled differ: about 10,000 (civilians, Russian officials)
        vs about 20,000 (SANA)" (``parse_bullet`` reads it back; the verifier checks each part)."""
        parts = []
        for c in self.claims:
            hedge = _SHOWN_HEDGE.get(c.hedge, c.hedge)
            shown = f"{hedge} {_number(c.value)}" if hedge else _number(c.value)
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


_SHOWN_HEDGE = {"at most": "up to"}
_BULLET = re.compile(r"Estimates of (?P<what>.+?) differ: (?P<parts>.+)")
_PART = re.compile(r"(?:(?P<hedge>about|at least|up to) )?(?P<number>\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?)"
                   r"(?: \((?P<sources>[^()]+)\))?")


def parse_bullet(text: str) -> tuple[str, list[BulletPart]] | None:
    """What a bullet in ``Conflict.bullet``'s form counts and its parts, or None when it is not in that form."""
    m = _BULLET.fullmatch(text.strip().rstrip("."))
    if m is None:
        return None
    offset = len(text) - len(text.lstrip()) + m.start("parts")
    parts = []
    for piece in m.group("parts").split(" vs "):
        p = _PART.fullmatch(piece)
        if p is None:
            return None
        hedge = {"up to": "at most"}.get(p.group("hedge") or "", p.group("hedge") or "")
        sources = tuple(s.strip() for s in (p.group("sources") or "").split(", ") if s.strip())
        parts.append(BulletPart(float(p.group("number").replace(",", "")), hedge, sources, offset, offset + len(piece)))
        offset += len(piece) + len(" vs ")
    return (m.group("what"), parts) if len(parts) >= 2 else None


def counted(what: str) -> str:
    """How a bullet names a count key: "fled" -> "those who fled", "killed children" -> "children killed",
    "homes" -> "the number of homes"."""
    if what in _WHAT:
        return _WHAT[what]
    event, _, noun = what.partition(" ")
    return f"{noun} {event}" if noun else f"the number of {what}"


def claims(article: Article, sentences: Sequence[Sentence] | None = None) -> list[Claim]:
    """The quantity claims of one article, in text order (``sentences``: its split, when already made)."""
    text = article.text
    sentences_ = [(i, s.start, text[s.start:s.end]) for i, s in enumerate(sentences or split(text))]
    attributions = [_attribution(body) for _, _, body in sentences_]
    # every source the article names, so that no source passes for the place of an event
    sources = {name.lower() for found in attributions for part in (found or "").split(", ")
               for name in _CAPS.findall(part)}
    out: list[Claim] = []
    last_claimed = False  # the last count-like number before this one became a claim (``out[-1]``)
    for (index, offset, body), source in zip(sentences_, attributions):
        if not _NUMBER.search(body):
            continue
        if _CUMULATIVE.search(body):
            last_claimed = False
            continue  # a war's running total is not a count of this story's event
        anchors = _anchors(body) - sources
        for m in _NUMBER.finditer(body):
            if _is_date_or_time(body, m):
                continue
            hedge = _HEDGES.get((m.group(1) or "").lower(), "")
            if not hedge and (re.search(r"\b(?:an\s+)?estimated\s+$", body[:m.start()], re.I)
                              or re.match(r"(?:\s+\w+){0,2}\s+(?:are|were|is|was)\s+estimated\b", body[m.end():], re.I)):
                hedge = "about"
            value = float(m.group(2).replace(",", "")) * _SCALE.get((m.group(3) or "").lower(), 1)
            what = _counted(body, m)
            if what in _ANYONE:
                what = None  # "590 people" alone says nothing of what happened to them
            # "put the figure at": the count of the figure just before it, if that one is a claim
            linked = (what is None and last_claimed and out[-1].sentence >= index - 1
                      and bool(_ANAPHORA.search(body[:m.start()])))
            if linked:
                what = out[-1].what
            last_claimed = what is not None
            if what is None:
                continue
            another = bool(re.search(r"\b(?:another|other|further|additional)\s+$", body[:m.start()], re.I)
                           or re.match(r"\s+more\b", body[m.end():], re.I))
            day = out[-1].day if linked else _day(body, m.start(), article.date)
            out.append(Claim(value, hedge, what, m.group(0), offset + m.start(), offset + m.end(),
                             _clause_source(body, m.start()) or source, article.id, day, index, anchors, linked,
                             another, article.date))
    return out


def _day(sentence: str, at: int, published: dt.date | None) -> dt.date | None:
    """The day a figure is about, when its clause (else its sentence) names one on or before the publication
    day; None when it names none."""
    if published is None:
        return None
    for part in (_clause(sentence, at), sentence):
        named = [m.date for m in mentions(part, published) if m.date <= published]
        if named:
            return named[0]
    return None


def conflicts(found: Sequence[Claim]) -> list[Conflict]:
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
        out.append(Conflict(claims_[0].what, tuple(claims_)))
    return out


def _same_day(a: Claim, b: Claim) -> bool:
    """Both name a day: the same one. One names a day: the other was published that day or the next (a
    report looks back a day). Neither: they were published the same day."""
    if a.day is not None and b.day is not None:
        return a.day == b.day
    if a.day is None and b.day is None:
        return a.published == b.published
    named, other = (a, b) if a.day is not None else (b, a)
    assert named.day is not None
    return other.published is not None and 0 <= (other.published - named.day).days <= 1


def _disagree(a: Claim, b: Claim) -> bool:
    if a.what != b.what or not _same_day(a, b):
        return False
    if not a.attribution or not b.attribution or a.attribution == b.attribution:
        return False  # a figure nobody is named for, or one source's two figures, is not a contest
    (lo_a, hi_a), (lo_b, hi_b) = a.bounds(), b.bounds()
    return lo_a > hi_b or lo_b > hi_a


def _same_event(a: Claim, b: Claim, *, linked: bool) -> bool:
    """Whether two claims count the same event: the second names the first's figure ("put the figure at"),
    or their sentences name the same places and groups, no other, and neither counts "another" one (two
    neighbourhoods of one city are two events)."""
    if linked:
        return True
    if a.another or b.another:
        return False
    if not (a.anchors and b.anchors):
        return False
    if a.article == b.article:
        return a.anchors == b.anchors
    # two reports of one event name its place, one more precisely than the other ("Homs", "Homs' Zahra")
    return a.anchors <= b.anchors or b.anchors <= a.anchors


def _anchors(sentence: str) -> frozenset[str]:
    """The names a sentence gives (places, groups), less a capital that only starts it (the caller takes
    out the article's sources)."""
    names = set()
    for m in _CAPS.finditer(sentence):
        name = m.group()
        if m.start() == 0 and " " not in name:
            continue
        if name.lower() in _NOT_ANCHORS or name.lower() in _WEEKDAY_NAMES:
            continue
        names.add(name.lower())
    return frozenset(names)


def _counted(body: str, m: re.Match[str]) -> str | None:
    """What the number at ``m`` counts: an event word right after it ("70 dead") or right before it ("killing
    20"), else the event after its counted noun ("10,000 people had fled") or after auxiliaries ("100,000 are
    estimated to still be living"), else the counted noun itself."""
    after = [w.lower() for w in re.findall(r"[A-Za-z]+", body[m.end():])[:_WINDOW]]
    before = [w.lower() for w in re.findall(r"[A-Za-z]+", body[:m.start()])[-1:]]
    if after and after[0] in _EVENTS:
        return _EVENTS[after[0]]
    if before and before[0] in _EVENTS:  # "killing 20", "killed 48 rebels"
        noun = after[0] if after and after[0] in _COUNTED and after[0] not in _ANYONE else None
        return _EVENTS[before[0]] + (f" {noun}" if noun else "")
    noun = after[0] if after and after[0] in _COUNTED else None
    for word in after[1 if noun else 0:]:
        if word in _EVENTS:
            # "67 children were killed" counts children, not all the dead
            return _EVENTS[word] + (f" {noun}" if noun and noun not in _ANYONE else "")
        if word not in _BETWEEN:
            break
    return noun


def _is_date_or_time(body: str, m: re.Match[str]) -> bool:
    """A year, a day of a month, a time or a percentage is no count."""
    number = m.group(2)
    if re.fullmatch(r"(?:19|20)\d\d", number) and not m.group(1):
        return True
    around = body[max(0, m.start() - 12):m.end() + 12].lower()
    if re.search(r"(?:january|february|march|april|may|june|july|august|september|october|november|december|"
                 r"jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec)\.?\s+" + re.escape(number) + r"\b", around):
        return True
    return bool(re.match(r"\s*(?:%|percent|per cent|a\.m\.|p\.m\.|am\b|pm\b|:\d)", body[m.end():], re.I))


def _clause_source(sentence: str, at: int) -> str | None:
    """The source named in the clause around position ``at`` ("the Observatory said ... killed 40 civilians
    while the LCC put the toll at 45": each figure its own), or None when the clause names none."""
    return _attribution(_clause(sentence, at))


def _clause(sentence: str, at: int) -> str:
    """The clause of ``sentence`` (cut at commas, semicolons, dashes, "while", "but") around position ``at``."""
    cuts = [0, *(m.end() for m in _CLAUSE.finditer(sentence)), len(sentence)]
    return next((sentence[lo:hi] for lo, hi in zip(cuts, cuts[1:]) if lo <= at < hi), sentence)


def _attribution(sentence: str) -> str | None:
    """Who the sentence says the figures come from: "according to X", "backed by X", "X said / told / put"."""
    sources: list[str] = []
    for m in _SAYS.finditer(sentence):
        if m.group(1).lower().startswith("estimate") and re.match(r"\s+\d", sentence[m.end():]):
            continue  # "an estimated 10,000": a hedge, not a source
        before = sentence[:m.start()].rstrip()
        caps = _CAPS.findall(before[-60:])
        words = re.findall(r"[A-Za-z][\w\-']*", before)
        if caps and before.endswith(caps[-1]) and caps[-1].lower() not in _NOT_ANCHORS:
            name = caps[-1]  # "SANA put", "Rami Abdel Rahman said"
            lead = re.findall(r"[A-Za-z][\w\-']*", before[: len(before) - len(name)])[-2:]
            if len(lead) == 2 and lead[1].lower() in ("of", "in", "from", "for") and lead[0].lower() in _SOURCE_NOUNS:
                name = f"{lead[0]} {lead[1]} {name}"  # "the governor of Homs said", "activists in Aleppo said"
            sources.append(name)
        elif words and words[-1].lower() in _SOURCE_NOUNS:
            sources.append(" ".join(words[-2:]) if len(words) > 1 and words[-2][0].isupper() else words[-1])
    for m in _SOURCE_AFTER.finditer(sentence):
        words = m.group(1).split()[:5]
        while words and words[0].lower() in ("a", "an", "the"):
            words = words[1:]
        caps = _CAPS.findall(" ".join(words))
        if words and words[-1].lower().strip("'") in _SOURCE_NOUNS:
            sources.append(" ".join(words))  # "backed by Russian officials", "according to residents"
        elif caps:
            sources.append(max(caps, key=len))  # "according to the Syrian Observatory for Human Rights"
    unique = list(dict.fromkeys(s.strip() for s in sources if s.strip()))
    return ", ".join(unique) or None


def _number(value: float) -> str:
    return f"{int(value):,}" if value.is_integer() else f"{value:,}"
