"""The seed form: ' date YYYY-MM-DD Story highlights', '- ' bullets, optionally the body.

The header line starts with a space exactly as in the seed story; when the date is unknown
it degrades to ' Story highlights'. The seed reader reads this output back with the same bullets.
"""
from __future__ import annotations

from ..document import Summary


def header(summary: Summary) -> str:
    date = summary.article.date
    return f" date {date.isoformat()} Story highlights" if date else " Story highlights"


def render(summary: Summary, *, with_body: bool = False) -> str:
    lines = [header(summary)]
    lines += ["- " + " ".join(h.text.split()) for h in summary.highlights]
    if with_body:
        lines.append(summary.article.text.strip("\n"))
    return "\n".join(lines) + "\n"
