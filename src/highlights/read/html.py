"""HTML pages: the main text, title and date, extracted by trafilatura."""
from __future__ import annotations

import datetime as dt
import re

from ..errors import EmptyInputError
from ..model import Article
from ..sentences import dateline

SNIFF = re.compile(r"^\s*(?:<!doctype\s+html|<html|<head|<body|<article|<p[\s>]|<div[\s>])", re.IGNORECASE)


def looks_like(text: str) -> bool:
    return bool(SNIFF.match(text))


def parse(text: str, *, id: str, source: str) -> Article:
    import trafilatura  # imported here: it is slow to import and only HTML needs it

    doc = trafilatura.bare_extraction(text, with_metadata=True, include_comments=False, favor_precision=True)
    body = getattr(doc, "text", None) if doc is not None else None
    if not body or not body.strip():
        raise EmptyInputError("no article text found in this HTML page", source=source)
    date = None
    raw_date = getattr(doc, "date", None)
    if raw_date:
        try:
            date = dt.date.fromisoformat(str(raw_date)[:10])
        except ValueError:
            date = None
    title = getattr(doc, "title", None) or None
    tag, _ = dateline(body)
    return Article(id=id, text=body.strip(), title=title, date=date, dateline=tag, source=source)
