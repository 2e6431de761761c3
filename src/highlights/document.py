"""The read-only document model shared by every stage of the pipeline.

Spans (``Sentence``, ``Evidence``) hold character offsets into ``Article.text``
instead of copies of it, the way spaCy's spans point into their ``Doc``.
"""
from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .verify import Problem, Verification


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

    def to_dict(self) -> dict:
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

    def to_dict(self) -> dict:
        out = {
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

    def span(self, start: int, end: int) -> str:
        return self.text[start:end]


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
    # figures in the article that disagree: {"what", "values": [{"value", "text", "article", "start", "end",
    # "attribution"}]} (``stories.conflicts``)
    conflicts: tuple[dict[str, Any], ...] = ()
    # seconds in each stage (split, select, compress, verify): not part of what the summary says
    timings: tuple[tuple[str, float], ...] = field(default=(), compare=False)

    def to_dict(self) -> dict:
        """The JSON contract shared by the CLI and the service."""
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
            "conflicts": list(self.conflicts),
            "dateline": a.dateline,
            "sentences": [[s.start, s.end] for s in self.sentences],
        }
        if a.references:
            out["references"] = list(a.references)
        return out
