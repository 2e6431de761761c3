"""The seed form: a line ``date YYYY-MM-DD Story highlights``, ``- `` bullets, then the body.

This is both an input format and the ``cnn`` output format, so what the writer prints
reads back here with the same bullets.
"""
from __future__ import annotations

import datetime as dt
import re

from ..document import Article, date_problem, given_date
from ..errors import FormatError
from ..sentences import dateline
from .source import require_text

HEADER = re.compile(r"^\s*(?:date\s+(?P<date>\S+)\s+)?Story highlights\s*$", re.IGNORECASE)


def looks_like(text: str) -> bool:
    first = next((line for line in text.split("\n") if line.strip()), "")
    return bool(HEADER.match(first))


def parse(text: str, *, id: str, source: str) -> Article:
    lines = text.split("\n")
    i = 0
    while i < len(lines) and not lines[i].strip():
        i += 1
    m = HEADER.match(lines[i]) if i < len(lines) else None
    if not m:
        raise FormatError(
            "line 1: expected 'date YYYY-MM-DD Story highlights' (the seed form); "
            "use --input-format text for plain text",
            source=source,
        )
    date = None
    notes: tuple[str, ...] = ()
    if m.group("date") and m.group("date").lower() not in ("unknown", "none"):
        try:
            # a date outside the range (``document.checked_date``) is missing, as "unknown" is, and noted
            date, notes = given_date(dt.date.fromisoformat(m.group("date")))
        except ValueError as exc:
            raise FormatError(
                f"line {i + 1}: date {m.group('date')!r} {date_problem(m.group('date'), exc)}", source=source
            ) from None
    bullets = []
    i += 1
    while i < len(lines) and (lines[i].startswith("- ") or lines[i].startswith("* ") or not lines[i].strip()):
        if lines[i].strip():
            bullets.append(lines[i][2:].strip())
        i += 1
    body = "\n".join(lines[i:]).strip("\n")
    if not bullets:
        require_text(body, source=source)  # highlights alone (our own cnn output) read back fine
    tag, _ = dateline(body)
    return Article(id=id, text=body, date=date, dateline=tag, references=tuple(bullets), source=source,
                   notes=notes)
