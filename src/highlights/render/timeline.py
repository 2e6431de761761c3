"""A timeline as text: the seed-like ``cnn`` form (a date line, then its bullets), ``json``, or ``md``.

The JSON: ``{"story", "title", "method", "articles", "dates": [{"date", "date_source", "bullets": [{"text",
"evidence": [{"article", "start", "end"}]}]}]}``; ``date_source`` is ``published`` (the day articles came out)
or ``text`` (a day only the text names), and ``start``/``end`` point into that article's text.
"""
from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from ..stories.timeline import Entry
from .markdown import _escape


def as_dict(entries: Sequence[Entry], *, story: int | None, title: str | None, method: str,
            articles: int) -> dict[str, Any]:
    return {"story": story, "title": title, "method": method, "articles": articles,
            "dates": [e.to_dict() for e in entries]}


def render(timeline: dict[str, Any], fmt: str) -> str:
    if fmt == "json":
        return json.dumps(timeline, ensure_ascii=False) + "\n"
    lines: list[str] = []
    if fmt == "md":
        lines += [f"## {_escape(timeline['title'] or 'Timeline')}", ""]
        for entry in timeline["dates"]:
            lines += [f"### {entry['date']}" + (" *(named in the text)*" if entry["date_source"] == "text" else ""), ""]
            lines += [f"- {_escape(b['text'])}" for b in entry["bullets"]] + [""]
        return "\n".join(lines)
    for entry in timeline["dates"]:  # cnn: the seed's bullets under each date
        lines.append(f" date {entry['date']} Timeline")
        lines += ["- " + " ".join(b["text"].split()) for b in entry["bullets"]]
    return "\n".join(lines) + "\n"
