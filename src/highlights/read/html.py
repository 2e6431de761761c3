"""HTML pages: the main text, title and date, extracted by trafilatura."""
from __future__ import annotations

import datetime as dt
import re

from ..errors import EmptyInputError
from ..model import Article
from ..sentences import dateline

# A page may open with a byte-order mark, an XML prolog or comments ("<!-- saved from url=... -->", as
# browsers save pages) before its first tag, and a fragment may start with any common element.
SNIFF = re.compile(r"^[\ufeff\s]*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*"
                   r"(?:<!doctype\s+html|<(?:html|head|body|article|main|section|header|nav|meta|title|link|script|"
                   r"style|h[1-6]|p|div|table|ul|ol|span|a|img|br)[\s>/])", re.IGNORECASE | re.DOTALL)
# Elsewhere in the first characters: a document tag and several closing tags mean HTML, whatever precedes.
DOCUMENT_TAG = re.compile(r"<(?:html|body|head)[\s>]", re.IGNORECASE)
CLOSING_TAG = re.compile(r"</[a-z][a-z0-9]*\s*>", re.IGNORECASE)
SNIFF_CHARS = 4096


def looks_like(text: str) -> bool:
    """Whether ``text`` is an HTML page or fragment, however it starts.

    >>> [looks_like(t) for t in ("<!-- saved from url=(0014)about:internet -->\\n<html><p>x</p></html>",
    ...                          "\\ufeff<!DOCTYPE html><html>", "<meta charset=utf-8><title>x</title>",
    ...                          "Rain fell. The <b> tag is bold.")]
    [True, True, True, False]
    """
    if SNIFF.match(text):
        return True
    head = text[:SNIFF_CHARS]
    return bool(DOCUMENT_TAG.search(head)) and len(CLOSING_TAG.findall(head)) >= 3


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
