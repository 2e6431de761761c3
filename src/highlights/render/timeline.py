"""A timeline (as ``stories.timeline.as_dict`` gives it) as text: the seed-like ``cnn`` form (a date line, then
its bullets), ``json``, or ``md``.

The JSON: ``{"story", "title", "method", "articles", "dates": [{"date", "date_source", "bullets": [{"text",
"evidence": [{"article", "start", "end"}]}]}]}``; ``date_source`` is ``published`` (the day articles came out)
or ``text`` (a day only the text names), and ``start``/``end`` point into that article's text.
"""
from __future__ import annotations

import json
from typing import Any

from .markdown import _escape


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
