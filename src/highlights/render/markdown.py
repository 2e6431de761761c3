"""Markdown: a heading, the date, the highlights as a list, the figures that disagree (if any), optionally
the body."""
from __future__ import annotations

from ..document import Summary


def _escape(text: str) -> str:
    return "".join("\\" + ch if ch in "\\`*_[]<>#|" else ch for ch in text)


def render(summary: Summary, *, with_body: bool = False) -> str:
    a = summary.article
    parts = [f"## {_escape(a.title or a.id)}", ""]
    if a.date:
        parts += [f"*{a.date.isoformat()}*", ""]
    parts += [f"- {_escape(' '.join(h.text.split()))}" for h in summary.highlights]
    if summary.conflicts:
        parts += ["", "**Figures that disagree**", ""]
        parts += [f"- {_escape(c.bullet)}" for c in summary.conflicts]
    if with_body:
        parts += ["", *(_escape(p) for p in a.text.split("\n") if p.strip())]
    return "\n".join(parts) + "\n"
