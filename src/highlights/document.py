"""The read-only document model shared by every stage of the pipeline.

Spans (``Sentence``, ``Evidence``) hold character offsets into ``Article.text``
instead of copies of it, the way spaCy's spans point into their ``Doc``. Every stage takes and
returns these types; they become JSON only at the edge (``to_dict``, the one writer of the JSON
contract, which the batch rows' Arrow schema and the service's schemas are checked against).
"""
from __future__ import annotations

import datetime as _dt
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from .settings import DATE_MAX, DATE_MIN

# Problem kinds. The hard ones veto "supported" whatever the score; the soft ones are reported only
# (on FRANK they flag faithful summaries about as often as unfaithful ones).
# "deletion": a compressed bullet whose cut the deletion check (``compress.safety``) finds changing the claim.
# "claim": a part of a conflict bullet ("about 20,000 (SANA)") that no figure of the article backs as written:
# another count, hedge or source (``verify.conflict``).
# "judge": the learned judge (``verify.judge``, when asked) finds the highlight unsupported by its evidence.
HARD = frozenset({"number", "number_unit", "date", "entity", "negation", "deletion", "claim", "judge"})
# "rewrite": the language model's rewrite of the bullet was not used (``rewrite``), the detail says why.
SOFT = frozenset({"attribution", "relation", "rewrite"})
KINDS = HARD | SOFT
# How a verdict was reached (``Verification.how``): "verbatim", a whole article sentence word for word (nothing to
# doubt but attribution); "deletion", words cut from one sentence, judged by the deletion check; "rules", the
# verifier's checks of numbers, dates, names, negation and attribution against the closest sentences; "guard", a
# language model's rewrite passed by its guard; "parts", a conflict bullet checked part by part.
HOW = ("verbatim", "deletion", "rules", "guard", "parts")


@dataclass(frozen=True, slots=True)
class Problem:
    """Something in the highlight the article does not back.

    ``start``/``end`` are character offsets into the highlight text; ``source_start``/``source_end``,
    when set, are offsets into the article of the passage it was compared with (for ``negation``
    and ``attribution`` the closest article sentence; for ``number_unit`` the number in the article).
    """

    kind: str
    start: int
    end: int
    detail: str
    source_start: int | None = None
    source_end: int | None = None

    @property
    def hard(self) -> bool:
        return self.kind in HARD

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"type": self.kind, "start": self.start, "end": self.end, "detail": self.detail}
        if self.source_start is not None:
            out["source_start"], out["source_end"] = self.source_start, self.source_end
        return out


@dataclass(frozen=True, slots=True)
class Judgement:
    """The learned judge's opinion of a highlight (``verify.judge``): P(supported by its evidence sentences),
    of its least supported sentence, and whether that reaches the judge's threshold."""

    score: float
    supported: bool

    def to_dict(self) -> dict[str, Any]:
        return {"score": round(float(self.score), 4), "supported": self.supported}


@dataclass(frozen=True, slots=True)
class Verification:
    """The verifier's verdict on one highlight (``highlights.verify``).

    ``supported`` is True when ``score`` reaches the threshold and no hard problem was found; ``how`` says
    how the verdict was reached (``HOW``). ``features`` are the measurements behind the score (for analysis;
    not in ``to_dict``).
    """

    supported: bool
    score: float
    problems: tuple[Problem, ...] = ()
    features: Mapping[str, float] = field(default_factory=dict, compare=False, repr=False)
    how: str = "rules"
    judge: Judgement | None = None  # the learned judge's opinion, when it was asked

    def to_dict(self) -> dict[str, Any]:
        out = {"supported": self.supported, "score": round(float(self.score), 4), "how": self.how,
               "problems": [p.to_dict() for p in self.problems]}
        if self.judge is not None:
            out["judge"] = self.judge.to_dict()
        return out


@dataclass(frozen=True, slots=True)
class Sentence:
    """One sentence of an article: ``article.text[start:end]``."""

    index: int
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class Evidence:
    """The source span behind a highlight: sentence ``sentence`` or a part of it."""

    sentence: int
    start: int
    end: int

    def to_dict(self) -> dict[str, Any]:
        return {"sentence": self.sentence, "start": self.start, "end": self.end}


@dataclass(frozen=True, slots=True)
class Highlight:
    """One bullet, its selection score, the source spans it comes from and the verifier's verdict.

    ``evidence`` holds the whole source sentences behind it (for a compressed bullet whose
    pronoun was replaced, also the sentence that names the person). ``spans`` is set when the
    text is not a whole sentence: the (start, end) pieces of the article it was built from.
    """

    text: str
    score: float
    evidence: tuple[Evidence, ...]
    verified: Verification | None = None
    spans: tuple[tuple[int, int], ...] = ()
    deletion: tuple[Problem, ...] | None = None  # a compressed bullet: what the deletion check found (() = none)
    rewritten: bool = False  # written by the language model (``rewrite``) from its evidence, and passed by its guard

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "text": self.text,
            "score": round(float(self.score), 6),
            "evidence": [e.to_dict() for e in self.evidence],
        }
        if self.spans:
            out["spans"] = [list(span) for span in self.spans]
        if self.rewritten:
            out["rewritten"] = True
        if self.verified is not None:
            out["verified"] = self.verified.to_dict()
        return out


@dataclass(frozen=True, slots=True)
class Article:
    """A news story as read from any input format.

    ``text`` is the body exactly as read (the dateline, if any, stays in it;
    ``dateline`` names it). ``references`` are the reference highlights that
    came with the input (seed bullets, ``@highlight`` blocks, a JSONL field).
    """

    id: str
    text: str
    title: str | None = None
    date: _dt.date | None = None
    dateline: str | None = None
    references: tuple[str, ...] = ()
    source: str | None = None  # where it was read from: a path, "<stdin>", "file.jsonl.gz:12"
    page: bool = False  # the text was extracted from an HTML page (and may have missed the article)
    notes: tuple[str, ...] = ()  # what the reader doubted or left out (a date out of range); the summary's notes

    def span(self, start: int, end: int) -> str:
        return self.text[start:end]


def checked_date(value: _dt.date | None) -> _dt.date | None:
    """``value`` when it lies in ``DATE_MIN`` .. ``DATE_MAX`` (settings), else None: the one check of every
    date Highlights reads or computes. An export's "no date" (0001-01-01, 9999-12-31) is then missing, as
    null is, instead of a day that date arithmetic falls off the calendar from or a story sorts first by.

    >>> checked_date(_dt.date(2016, 8, 24)), checked_date(_dt.date(1, 1, 1)), checked_date(None)
    (datetime.date(2016, 8, 24), None, None)
    """
    if value is None:
        return None
    day = value.date() if isinstance(value, _dt.datetime) else value  # a datetime cannot be compared to a date
    return value if DATE_MIN <= day <= DATE_MAX else None


def date_note(value: _dt.date) -> str:
    """What a summary's notes say of a date ``checked_date`` left out."""
    return f"the date {value.isoformat()} is outside {DATE_MIN.isoformat()}..{DATE_MAX.isoformat()} and was left out"


_ISO_SHAPE = re.compile(r"\d{4}-\d{2}-\d{2}")


def date_problem(raw: str, exc: ValueError) -> str:
    """What is wrong with a date that ``date.fromisoformat`` refused: its form, or the day it names.

    >>> date_problem("2024-02-30", ValueError("day is out of range for month")), date_problem("30/02/2024", ValueError())
    ('is not a real date (day is out of range for month)', 'is not YYYY-MM-DD')
    """
    return f"is not a real date ({exc})" if _ISO_SHAPE.fullmatch(raw) else "is not YYYY-MM-DD"


def given_date(value: _dt.date | None) -> tuple[_dt.date | None, tuple[str, ...]]:
    """A date an input gives, as the readers take it: itself when ``checked_date`` keeps it; else missing, with
    the note (``date_note``) that says it was left out.

    >>> given_date(_dt.date(2016, 8, 24)), given_date(None)
    ((datetime.date(2016, 8, 24), ()), (None, ()))
    >>> given_date(_dt.date(1, 1, 1))[1]
    ('the date 0001-01-01 is outside 1900-01-01..2100-12-31 and was left out',)
    """
    if value is None or checked_date(value) is not None:
        return value, ()
    return None, (date_note(value),)


@dataclass(frozen=True, slots=True)
class Figure:
    """One side of figures that disagree: a number as an article gives it, with its span in that article."""

    value: float
    text: str  # as written, hedge included: "an estimated 10,000"
    start: int
    end: int
    attribution: str | None = None  # who the article says gives it
    article: str | None = None  # the article's id when the figures come from several articles (a story's)

    def to_dict(self) -> dict[str, Any]:
        return {"value": int(self.value) if float(self.value).is_integer() else self.value, "text": self.text,
                "article": self.article, "start": self.start, "end": self.end, "attribution": self.attribution}


@dataclass(frozen=True, slots=True)
class Conflict:
    """Figures for one count on one day that cannot all be right (``highlights.figures``), with an editor's
    bullet that puts them side by side and the verifier's verdict on that bullet."""

    what: str  # what they count: "those who fled"
    bullet: str  # "Estimates of those who fled differ: about 10,000 (civilians) vs about 20,000 (SANA)"
    values: tuple[Figure, ...]
    verified: Verification

    def to_dict(self) -> dict[str, Any]:
        return {"what": self.what, "bullet": self.bullet, "values": [v.to_dict() for v in self.values],
                "verified": self.verified.to_dict()}


@dataclass(frozen=True, slots=True)
class Summary:
    """The result of the pipeline for one article."""

    article: Article
    sentences: tuple[Sentence, ...]
    highlights: tuple[Highlight, ...]
    method: str
    compressed: bool = False
    writer: str = "extract"  # who wrote the bullets: "extract" (the article's words) or "llm" (``rewrite``)
    notes: tuple[str, ...] = ()  # why fewer highlights than asked came out, or what to doubt in the input
    conflicts: tuple[Conflict, ...] = ()  # figures in the article that disagree (``highlights.figures``)
    # seconds in each stage (split, select, compress, verify): not part of what the summary says
    timings: tuple[tuple[str, float], ...] = field(default=(), compare=False)

    def to_dict(self) -> dict[str, Any]:
        """The JSON contract shared by the CLI, batch, the service and the stories store."""
        a = self.article
        out: dict[str, Any] = {
            "id": a.id,
            "title": a.title,
            "date": a.date.isoformat() if a.date else None,
            "text": a.text,
            "method": self.method,
            "compressed": self.compressed,
            "writer": self.writer,
            "highlights": [h.to_dict() for h in self.highlights],
            "notes": list(self.notes),
            "conflicts": [c.to_dict() for c in self.conflicts],
            "dateline": a.dateline,
            "sentences": [[s.start, s.end] for s in self.sentences],
        }
        if a.references:
            out["references"] = list(a.references)
        return out
