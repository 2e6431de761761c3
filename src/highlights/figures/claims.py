"""Quantity claims: "an estimated 10,000 people had fled", "SANA put the figure at around 20,000" — each
number of an article with what it counts, its hedge, who says so and its day.

A claim is a number with its hedge ("about", "at least", "up to"), the thing it counts (the event verb
near it: fled, killed, injured, remaining; "the death toll at 494"; else its noun, but not a bare "people"),
its source and its day. The source comes from patterns ("according to X", "X said / told / put", "backed
by X"; lowercased text by its nouns: "chinese officials") or, when they find none and the claim could be
part of a conflict, from a parse (the subject of the reporting verb above the number; ``nlp.parse``). "The
figure", "the number" and "the toll" count what the figure just before them counted. Each claim stands for a
range: an exact number for itself, a hedged one for ±20%, "at least" upwards, "up to" downwards, and a range
as written ("between 30,000 and 50,000", "45,000-50,000") for itself (one claim, not two). A claim's places
and groups are the names near its number (its clause, up to the numbers beside it: "80 deaths in Cairo, 36
in Alexandria") and those of its sentence near no other number. The words these rules read are lists in ``highlights.words``
(``figures_*``).
"""
from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Any

from .. import nlp
from ..document import Article, Figure, Sentence
from ..sentences import split
from ..words import STOP, load_list, load_map
from .dates import MONTH, mentions

_DIGIT = re.compile(r"\d")
_NAME_WORD = re.compile(r"\b[A-Z][a-z]{2,}")
_CONTRAST = re.compile(r"^\W*(?:but|yet)\b|\bhowever\b", re.I)
_SCALE = {"thousand": 1e3, "million": 1e6, "billion": 1e9}
_HEDGES = load_map("figures_hedges")  # as written -> "about", "at least" or "at most"
_HEDGE = "|".join(sorted((re.escape(h) for h in _HEDGES), key=len, reverse=True))
_NUMBER = re.compile(rf"\b(?:({_HEDGE})\s+)?(\d{{1,3}}(?:,\d{{3}})+|\d+(?:\.\d+)?)(?:\s+(thousand|million|billion))?\b",
                     re.I)
# the upper end of a range: "5,000 to 10,000", "45,000-50,000" (tokenized text splits it "45,000-50 ,000"),
# "between 30,000 and 50,000" (``_BETWEEN_BEFORE``); "from 8 to 12" is a change, not a range
_RANGE_TAIL = re.compile(r"\s*(?:-|\u2013|\bto\b|(?P<and>\band\b))\s*(\d{1,3}(?:\s?,\d{3})+|\d+(?:\.\d+)?)"
                         r"(?:\s+(thousand|million|billion))?\b", re.I)
_BETWEEN_BEFORE = re.compile(r"\bbetween\s+$", re.I)
_FROM_BEFORE = re.compile(r"\bfrom\s+$", re.I)
# the count's event: a verb (or noun) near the number, to one key
_EVENTS = load_map("figures_events")
_COUNTED = load_list("figures_counted_nouns")
_ANAPHORA = re.compile(r"\b(?:the|that|this|its|their)\s+(?:(?:death|casualty|final|official)\s+)?"
                       r"(?:figure|number|toll|estimate|count|tally)\s+(?:\w+\s+){0,2}?(?:at|to|was|is|of|as)\s*$"
                       r"|\bput\s+it\s+at\s*$", re.I)
# a figure given as the toll itself: "put the death toll at", "gave a death toll of" (a rise is an update)
_TOLL = re.compile(r"\b(?:(?:death\s+)?toll|number\s+(?:of\s+)?(?:killed|dead|deaths))\s+(?:\w+\s+){0,2}?"
                   r"(?:at|of|was|is|as)\s*(?:close\s+to\s+|more\s+than\s+|about\s+|around\s+|at\s+least\s+)?$", re.I)
# a figure that replaces an earlier one ("the toll rose to 8", "had earlier put it at 5") is an update, not a
# second source's estimate
_UPDATE = re.compile(r"\b(?:rose|risen|rises|rising|climbed|climbing|increased|jumped|grew|soared|swelled|mounted|"
                     r"reached|up from|now stands|revised|raised|lowered|initial|preliminary|"
                     r"bringing|brings|brought|earlier|previously|initially|originally|had put|had said|had reported)\b", re.I)
_UP_FROM = re.compile(r"\s*up\s+from\b", re.I)
_SAYS = re.compile(r"\b(told|tells|tell|said|says|say|reported|reports|put|puts|estimated|estimates|confirmed|"
                   r"claimed|counted|announced|placed|gave|recorded|documented)\b", re.I)
# news organisations, whose names a lowercased text no longer capitalizes ("cnn said")
_OUTLETS = load_list("figures_outlets")
_SOURCE_AFTER = re.compile(r"\b(?:according to|backed by|cited by|reported by|citing)\s+([^,.;:\"()]+)", re.I)
# a name: capitalized words, with "of", "for", "the" and particles inside ("Syrian Observatory for Human
# Rights", "Talal al-Barazi")
_CAPS = re.compile(r"\b[A-Z][\w\-']*(?:\s+(?:(?:of|for|the)\s+)?(?:(?:al|el|bin|ibn|de|van|von)[\-\s])?[A-Z][\w\-']*)*")
_WINDOW = 8  # words after the number in which its count is looked for
_AND = re.compile(r"\sand\s")
_CLAUSE = re.compile(r",(?!\d)|;|\s--\s|\s(?:while|whereas|but)\s")  # not the comma of "10,000"
# a running total over a war or a period, not a count of one event ("a total of", "so far", "since 2011", "this
# year", "over the past three months"); a perfect tense alone ("12 have been killed") is not one
_CUMULATIVE = re.compile(r"\b(?:since|so far|to date|in total|a total of|in all|altogether|overall|cumulative|"
                         r"this (?:year|month|week)|past year|last year|the war|the conflict|civil war|began in|"
                         r"(?:days|weeks|months|years) of|first half|(?:over|in|during|within) (?:the )?"
                         r"(?:(?:past|last|first) )?(?:\w+ )?(?:days|weeks|months|years|week|month|year))\b", re.I)
# a figure that is part of another: "including 15", "103 of them", "15 civilians and 27 fighters"
_PART_BEFORE = re.compile(r"\b(?:including|among them|among whom|of whom|among those)\s+$", re.I)
_PART_AFTER = re.compile(r"\s+(?:of\s+(?:them|these|those|whom)\b|[\w\-]+\s+(?:and|,)\s+\d[\d,]*\s+(?:[\w\-]+\s+)?"
                         r"(?:fighters|soldiers|troops|rebels|militants|members|children|women|civilians|police)\b)", re.I)
_PRONOUNS = load_list("figures_pronouns")
# who may be the source of a figure when not named: "civilians told CNN", "a monitoring group said"
_SOURCE_NOUNS = load_list("figures_source_nouns")
# nouns that count people at large: "40 civilians killed" and "45 dead" count the same dead
_ANYONE = load_list("figures_anyone")
_NOT_ANCHORS = load_list("figures_not_anchors")
# words that may stand between a number (or its noun) and the event it counts
_BETWEEN = load_list("figures_between")


def bounds(value: float, hedge: str, high: float | None = None) -> tuple[float, float]:
    """The range a figure stands for: an exact number itself (a range as written, ``value`` to ``high``,
    itself), "about" ±20%, "at least" upwards, "at most" downwards."""
    top = value if high is None else high
    if hedge == "about":
        return 0.8 * value, 1.2 * top
    if hedge == "at least":
        return value, math.inf
    if hedge == "at most":
        return 0.0, top
    return value, top


def apart(a: tuple[float, float], b: tuple[float, float]) -> bool:
    """Whether two ranges do not meet: figures that cannot both be right."""
    return a[0] > b[1] or b[0] > a[1]


@dataclass(frozen=True)
class Claim:
    """A number of an article with what it counts, its hedge, its source and its day (see the module docs)."""

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
    update: bool = False  # it replaces an earlier figure, or is one that was replaced ("rose to", "earlier")
    part: bool = False  # a part of another figure ("including 15", "103 of them")
    named: bool = True  # its article writes names with capitals (lowercased text has no anchors to compare)
    contrast: bool = False  # its sentence answers the one before ("But ...", "..., however, ...")
    high: float | None = None  # a range's upper end ("between 30,000 and 50,000": ``value`` 30,000)

    def bounds(self) -> tuple[float, float]:
        return bounds(self.value, self.hedge, self.high)

    def figure(self, *, in_article: bool) -> Figure:
        """The claim as the document model gives one side of a conflict (no article id within one article)."""
        return Figure(self.value, self.text, self.start, self.end, self.attribution,
                      None if in_article else self.article)


@dataclass(frozen=True)
class _Number:
    """A number of a sentence as written: its span (hedge and a range's upper end included), its hedge word,
    its digits and where they start, its value and, for a range, its upper end."""

    start: int
    end: int
    hedge: str
    digits: str
    digits_start: int
    value: float
    high: float | None = None


def _numbers(body: str) -> list[_Number]:
    """The numbers of a sentence, a range as one ("between 30,000 and 50,000", "5,000 to 10,000"; a low end
    written short takes the high end's scale: "45-50,000", "1 to 1.5 million")."""
    out: list[_Number] = []
    taken = 0
    for m in _NUMBER.finditer(body):
        if m.start() < taken:
            continue  # the upper end of the range before it
        value = float(m.group(2).replace(",", "")) * _SCALE.get((m.group(3) or "").lower(), 1)
        number = _Number(m.start(), m.end(), m.group(1) or "", m.group(2), m.start(2), value)
        tail = _RANGE_TAIL.match(body, m.end())
        if tail is not None and (tail.group("and") is None or _BETWEEN_BEFORE.search(body[:m.start(2)])) \
                and not _FROM_BEFORE.search(body[:m.start(2)]):
            scale = _SCALE.get((tail.group(3) or "").lower(), 1)
            digits = re.sub(r"\s", "", tail.group(2))
            high = float(digits.replace(",", "")) * scale
            if not m.group(3) and value * scale <= high and scale > 1:
                value *= scale  # "1 to 1.5 million"
            elif "," not in m.group(2) and "," in digits and value * 1000 <= high:
                value *= 1000  # "45-50,000"
            if high > value:
                number = _Number(m.start(), tail.end(), number.hedge, m.group(2), m.start(2), value, high)
        out.append(number)
        taken = number.end
    return out


def claims(article: Article, sentences: Sequence[Sentence] | None = None) -> list[Claim]:
    """The quantity claims of one article, in text order (``sentences``: its split, when already made)."""
    text = article.text
    sentences_ = [(i, s.start, text[s.start:s.end]) for i, s in enumerate(sentences or split(text))]
    # only a sentence with a figure can hold a claim (or name a source a claim's sentence names too)
    figured = [_DIGIT.search(body) is not None for _, _, body in sentences_]
    attributions = [_attribution(body) if digit else None for (_, _, body), digit in zip(sentences_, figured)]
    # every source the article's figures are given by, so that no source passes for the place of an event
    parts = [part for found in attributions for part in (found or "").split(", ") if part]
    sources = ({name.lower() for part in parts for name in _CAPS.findall(part)}, {part.lower() for part in parts})
    named = len(_NAME_WORD.findall(text, 0, 20_000)) >= 3
    out: list[Claim] = []
    # the last count-like number seen: a claim (``out[-1]``), or one whose count is unknown (its sentence, number,
    # source), which a figure after it can name ("cnn found 10 claims, while the post put the figure at 11")
    last: Claim | tuple[int, int, str, _Number, str | None] | None = None
    for (index, offset, body), source, digit in zip(sentences_, attributions, figured):
        if not digit or not _NUMBER.search(body):  # (a number has a digit: the cheap test first)
            continue
        if _CUMULATIVE.search(body):
            last = None
            continue  # a war's running total is not a count of this story's event
        sentence_anchors = frozenset(n for n in _anchors(body) if not _a_source(n, sources))
        counts = [n for n in _numbers(body) if not _is_date_or_time(body, n)]
        near = [_near(body, counts, k) & sentence_anchors for k in range(len(counts))]
        for k, m in enumerate(counts):
            # the names near the number, and those of the sentence near no other number ("80 killed in Cairo,
            # 36 in Alexandria": Alexandria is the 36's, not the 80's; a sentence with one figure: all its names)
            anchors = near[k] | (sentence_anchors - frozenset().union(*near[:k], *near[k + 1:]))
            what = _counted(body, m)
            if what in _ANYONE:
                what = None  # "590 people" alone says nothing of what happened to them
            # "put the figure at": the count of the figure just before it (in this sentence or the one before)
            linked = False
            if last is not None and _ANAPHORA.search(body[:m.start]):
                if what is None and isinstance(last, tuple) and last[0] == index:
                    noun = _noun_after(last[2], last[3])
                    if noun is not None:  # the figure before it counts what follows it: "10 claims"
                        out.append(_claim(article, last[0], last[1], last[2], last[3], noun, last[4], anchors, named,
                                          _day(last[2], last[3].start, article.date)))
                        last = out[-1]
                if isinstance(last, Claim) and last.sentence >= index - 1 and what in (None, last.what):
                    what, linked = last.what, True
            if what is None:
                last = (index, offset, body, m, source)
                continue
            day = last.day if linked and isinstance(last, Claim) else _day(body, m.start, article.date)
            out.append(_claim(article, index, offset, body, m, what, source, anchors, named, day, linked=linked))
            last = out[-1]
    return _parsed_sources(out, sentences_)


# verbs that give a figure a source: "X said 10 were killed", "X put the toll at 494" (as written: the parse
# runs without the lemmatizer)
_REPORTING = load_list("figures_reporting")
# what a source's name keeps of its noun's dependents ("the Aleppo Media Center, an activist collective, who
# ...": "Aleppo Media Center")
_NAME_DEPS = {"compound", "amod", "nmod", "poss", "case", "prep", "pobj", "det", "nummod", "flat"}


def _parsed_sources(found: list[Claim], sentences: list[tuple[int, int, str]]) -> list[Claim]:
    """Fill in, from a parse, the source of a claim the patterns found none for, when it could be part of a
    conflict (another claim of its count with another value: most articles have none, and their sentences
    are not parsed). The source is the subject of the reporting verb above the number ("An opposition
    monitoring group citing figures ... put the death toll at 494")."""
    values: dict[str, set[float]] = {}
    for c in found:
        values.setdefault(c.what, set()).add(c.value)
    todo = [k for k, c in enumerate(found) if c.attribution is None and len(values[c.what]) > 1]
    if not todo:
        return found
    wanted = sorted({found[k].sentence for k in todo})
    starts = {i: start for i, start, _ in sentences}
    docs = dict(zip(wanted, nlp.parse_many((sentences[i][2] for i in wanted), disable=["ner", "lemmatizer"])))
    out = list(found)
    for k in todo:
        c = found[k]
        doc = docs[c.sentence]
        at = c.start - starts[c.sentence]
        token = next((t for t in doc if t.idx <= at < t.idx + len(t.text) or t.idx >= at), None)
        source = _subject_of_reporting(token) if token is not None else None
        if source:
            low = source.lower()  # the source's name is no place of the event ("Omar Abu Laila"; "Homs" stays)
            out[k] = replace(c, attribution=source,
                             anchors=frozenset(n for n in c.anchors if n != low and not (" " in n and n in low)))
    return out


def _subject_of_reporting(token: Any) -> str | None:
    """The name of the subject of the nearest reporting verb above ``token``, if it is a noun."""
    for head in token.ancestors:
        if head.pos_ != "VERB" or head.text.lower() not in _REPORTING:
            continue
        # the active subject only: a passive one ("10 people were reported killed") is what is counted
        subject = next((t for t in head.children if t.dep_ == "nsubj"), None)
        if subject is None or subject.pos_ not in ("NOUN", "PROPN") or token in subject.subtree:
            return None
        kept = [subject]
        todo = [t for t in subject.children if t.dep_ in _NAME_DEPS]
        while todo:
            t = todo.pop()
            if t.dep_ == "prep" and t.text.lower() not in ("of", "for", "in"):
                continue
            kept.append(t)
            todo.extend(c for c in t.children if c.dep_ in _NAME_DEPS)
        lo, hi = min(t.i for t in kept), max(t.i for t in kept)
        words = [t for t in subject.doc[lo:hi + 1]]
        while words and (words[0].dep_ == "det" or words[0].is_punct):
            words = words[1:]
        name = "".join(t.text_with_ws for t in words).strip()
        return name or None
    return None


def _claim(article: Article, index: int, offset: int, body: str, m: _Number, what: str, source: str | None,
           anchors: frozenset[str], named: bool, day: dt.date | None, *, linked: bool = False) -> Claim:
    """The claim of the number ``m`` in sentence ``index`` (``body``, at ``offset`` in the text), counting
    ``what`` on ``day``; ``source`` is the sentence's, which a source in the number's own clause, else the
    nearest one the sentence names for it, overrides."""
    hedge = _HEDGES.get(m.hedge.lower(), "")
    if not hedge and (re.search(r"\b(?:an\s+)?estimated\s+$", body[:m.start], re.I)
                      or re.match(r"(?:\s+\w+){0,2}\s+(?:are|were|is|was)\s+estimated\b", body[m.end:], re.I)):
        hedge = "about"
    another = bool(re.search(r"\b(?:another|other|further|additional)\s+$", body[:m.start], re.I)
                   or re.match(r"\s+more\b", body[m.end:], re.I))
    part = bool(_PART_BEFORE.search(body[:m.start]) or _PART_AFTER.match(body[m.end:]))
    lo, hi = _clause_span(body, m.start)  # "the Observatory said ... 40 while the LCC put the toll at 45": each its own
    clause = body[lo:hi]
    # "20 were killed, up from 12": the clause after it says the figure replaced another
    update = bool(_UPDATE.search(clause) or _UP_FROM.match(body, hi))
    return Claim(m.value, hedge, what, body[m.start:m.end], offset + m.start, offset + m.end,
                 _attribution(clause) or _nearest_source(body, m) or source, article.id, day, index, anchors, linked,
                 another, article.date, update, part, named, bool(_CONTRAST.search(body)), m.high)


def _noun_after(body: str, m: _Number) -> str | None:
    """The noun a number counts when no event word says what happened: the first plain word after it ("10
    puffed-up claims" -> "claims"), or None when a verb or nothing follows."""
    words: list[str] = re.findall(r"[A-Za-z][\w\-']*", body[m.end:])
    for word in words[:3]:
        low = word.lower()
        if "-" in low or low in _BETWEEN or low in _ANYONE:
            continue
        if low in STOP or low.endswith(("ly", "ing")) or len(low) < 3:
            return None  # "20 clearly marked graves", "400 , with ...": no noun to name it by
        return low
    return None


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


def _a_source(name: str, sources: tuple[set[str], set[str]]) -> bool:
    """Whether a name is one of the article's sources (``sources``: their names, and their phrases): "SANA";
    "the Britain-based Syrian Observatory for Human Rights" in "Britain-based Syrian Observatory for Human
    Rights monitor" (but "Homs" stays a place in "the governor of Homs")."""
    names, phrases = sources
    bare = name.removeprefix("the ")
    return name in names or bare in names or (" " in bare and any(bare in p for p in phrases))


def _anchors(sentence: str, opens: bool = True) -> frozenset[str]:
    """The names a sentence (or a part of one) gives (places, groups), less a capital that only starts it
    (``opens``: the text is a sentence's start; "In Alexandria" names Alexandria); the caller takes out the
    article's sources."""
    names = set()
    for m in _CAPS.finditer(sentence):
        name = m.group()
        if opens and m.start() == 0:
            first, _, rest = name.partition(" ")
            if not rest:
                continue
            if first.lower() in STOP:
                name = rest
        if name.lower() in _NOT_ANCHORS:  # weekdays among them
            continue
        names.add(name.lower())
    return frozenset(names)


def _counted(body: str, m: _Number) -> str | None:
    """What the number at ``m`` counts: an event word right after it ("70 dead") or right before it ("killing
    20"), else the event after its counted noun ("10,000 people had fled") or after auxiliaries ("100,000 are
    estimated to still be living"), else the counted noun itself."""
    after = [w.lower() for w in re.findall(r"[A-Za-z]+", body[m.end:])[:_WINDOW]]
    before = [w.lower() for w in re.findall(r"[A-Za-z]+", body[:m.start])[-1:]]
    if after and after[0] in _EVENTS:
        return _EVENTS[after[0]]
    if _TOLL.search(body[:m.start]):
        return "killed"  # "put the death toll at 494", "gave a toll of 12"
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


def _is_date_or_time(body: str, m: _Number) -> bool:
    """A year, a day of a month, a time or a percentage is no count."""
    if re.fullmatch(r"(?:19|20)\d\d", m.digits) and not m.hedge and m.high is None:
        return True
    if _MONTH_BEFORE.search(body[max(0, m.digits_start - 12):m.digits_start]):
        return True
    return bool(_NOT_A_COUNT_AFTER.match(body[m.end:]))


_MONTH_BEFORE = re.compile(rf"\b(?:{MONTH})\.?\s+$", re.I)
_NOT_A_COUNT_AFTER = re.compile(r"\s*(?:%|percent|per cent|a\.m\.|p\.m\.|am\b|pm\b|:\d)", re.I)


def _near(body: str, counts: list[_Number], k: int) -> frozenset[str]:
    """The names near the ``k``-th count of a sentence: in its clause, and no nearer another count's ("80 killed
    in Cairo and 36 in Alexandria": Cairo is the 80's)."""
    m = counts[k]
    lo, hi = _clause_span(body, m.start)
    if k:  # a count before it: from the "and" between them
        lo = max([lo, counts[k - 1].end, *(a.end() for a in _AND.finditer(body, counts[k - 1].end, m.start))])
    if k + 1 < len(counts):  # one after it: up to the "and" between them
        hi = min([hi, counts[k + 1].start, *(a.start() for a in _AND.finditer(body, m.end, counts[k + 1].start))])
    return _anchors(body[lo:hi], lo == 0)


def _clause(sentence: str, at: int) -> str:
    """The clause of ``sentence`` (cut at commas, semicolons, dashes, "while", "but") around position ``at``."""
    lo, hi = _clause_span(sentence, at)
    return sentence[lo:hi]


def _clause_span(sentence: str, at: int) -> tuple[int, int]:
    """Where the clause around position ``at`` starts and ends (``_clause``)."""
    cuts = [0, *(m.end() for m in _CLAUSE.finditer(sentence)), len(sentence)]
    return next(((lo, hi) for lo, hi in zip(cuts, cuts[1:]) if lo <= at < hi), (0, len(sentence)))


def _attribution(sentence: str) -> str | None:
    """Who the sentence says the figures come from: "according to X", "backed by X", "X said / told / put"."""
    unique = list(dict.fromkeys(name for _, name in _sources(sentence)))
    return ", ".join(unique) or None


def _nearest_source(sentence: str, m: _Number) -> str | None:
    """When a sentence names several sources, the one that speaks just before the number ``m`` (no other
    figure between them: "the Prime Minister says more than 100,000 ... President Rene Preval tells CNN ...
    between 30,000 and 50,000"); None when it names fewer than two, or none speaks just before ``m``."""
    found = _sources(sentence)
    if len({name for _, name in found}) < 2:
        return None
    counts = [n for n in _numbers(sentence) if not _is_date_or_time(sentence, n)]
    mine = [name for at, name in found
            if at < m.start and not any(at < n.start < m.start for n in counts)]
    return ", ".join(dict.fromkeys(mine)) or None


# a name set off by commas just before a speech verb: "Haiti's President, Rene Preval, tells CNN"
_APPOSITIVE = re.compile(r",\s*([A-Z][\w\-']*(?:\s+[A-Z][\w\-']*)+)\s*,$")


def _sources(sentence: str) -> list[tuple[int, str]]:
    """The sources a sentence names, each with where its cue stands ("said", "according to"), in the order
    ``_attribution`` gives them."""
    sources: list[tuple[int, str]] = []
    for m in _SAYS.finditer(sentence):
        if (m.group(1).lower().startswith("estimate") and re.match(r"\s+\d", sentence[m.end():])
                and re.search(r"\b(?:an|the)\s+$", sentence[:m.start()], re.I)):
            continue  # "an estimated 10,000": a hedge, not a source ("the Red Cross estimates 45,000" has one)
        before = sentence[:m.start()].rstrip()
        appositive = _APPOSITIVE.search(before)
        if appositive:
            before = before[:appositive.end(1)]
        caps = _CAPS.findall(before[-60:])
        if (caps and before.endswith(caps[-1]) and caps[-1].lower() not in _NOT_ANCHORS
                and caps[-1].lower() not in _PRONOUNS):
            name = caps[-1]  # "SANA put", "Rami Abdel Rahman said"
            lead = re.findall(r"[A-Za-z][\w\-']*", before[: len(before) - len(name)])[-2:]
            if len(lead) == 2 and lead[1].lower() in ("of", "in", "from", "for") and lead[0].lower() in _SOURCE_NOUNS:
                name = f"{lead[0]} {lead[1]} {name}"  # "the governor of Homs said", "activists in Aleppo said"
            sources.append((m.start(), name))
        else:
            phrase = _source_phrase(re.split(r"[,;:\"()\u2014\u2013]|\s--\s", before)[-1])
            if phrase:
                sources.append((m.start(), phrase))
    for m in _SOURCE_AFTER.finditer(sentence):
        words = m.group(1).split()[:5]
        while words and words[0].lower() in ("a", "an", "the"):
            words = words[1:]
        caps = _CAPS.findall(" ".join(words))
        if words and words[-1].lower().strip("'") in _SOURCE_NOUNS:
            sources.append((m.start(), " ".join(words)))  # "backed by Russian officials", "according to residents"
        elif caps:
            sources.append((m.start(), max(caps, key=len)))  # "according to the Syrian Observatory for Human Rights"
    # a name less the article and a capital that only starts the sentence ("While Egypt estimated ...")
    return [(at, re.sub(r"^(?:the|a|an)\s+", "", _STARTER.sub("", name.strip()), flags=re.I)) for at, name in sources
            if name.strip()]


_STARTER = re.compile(rf"^(?:{'|'.join(sorted(w.capitalize() for w in STOP if w.isalpha()))})\s+(?=[A-Z])")


def _source_phrase(before: str) -> str | None:
    """The noun phrase that ends ``before`` (the words up to a speech verb) when it names a source: "chinese
    officials", "the governor of homs", "the tibetan government in exile", "cnn"; None for "he", "the attack"."""
    words = re.findall(r"[A-Za-z][\w\-'.]*", before)
    if not words:
        return None
    low = [w.lower().rstrip(".") for w in words]
    if low[-1] in _SOURCE_NOUNS or low[-1] in _OUTLETS:
        head = len(words) - 1
    elif len(words) >= 3 and low[-2] in ("of", "in", "from", "for") and low[-3] in _SOURCE_NOUNS:
        head = len(words) - 3  # "the governor of homs", "the government in exile"
    else:
        return None
    start = head
    while start > 0 and head - start < 2 and low[start - 1] not in STOP and not low[start - 1].isdigit():
        start -= 1  # its modifiers: "chinese officials", "local coordination committees"
    while start > 0 and words[start][0].isupper():  # the rest of a name: "Syrian Observatory for Human Rights monitor"
        if words[start - 1][0].isupper() and low[start - 1] not in STOP:
            start -= 1
        elif start > 1 and low[start - 1] in ("of", "for") and words[start - 2][0].isupper():
            start -= 2
        else:
            break
    return " ".join(words[start:])
