"""HTML pages: the main text, title and date, extracted by trafilatura."""
from __future__ import annotations

import datetime as dt
import html as html_lib
import re

from ..document import Article, checked_date
from ..errors import EmptyInputError
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


# A title's separators: " | " always parts the site's name from the headline; a dash only sometimes does.
_PIPE = re.compile(r"\s+[|•»·]\s+|\s*\|\s*")
_DASH = re.compile(r"\s+[-–—:]{1,2}\s+")
_TITLE_TAG = re.compile(r"<title[^>]*>(.*?)</title>|<meta\s+property=[\"']og:title[\"']\s+content=([\"'])(.*?)\2",
                        re.IGNORECASE | re.DOTALL)
_DATE_SEGMENT = re.compile(r"^(\d{1,2})[./](\d{1,2})[./](\d{4})$|^(\d{4})-(\d{2})-(\d{2})$")


def parse(text: str, *, id: str, source: str) -> Article:
    import trafilatura  # imported here: it is slow to import and only HTML needs it

    # no free-text date search: on news sites it finds a related story's date before the article's own
    doc = trafilatura.bare_extraction(text, with_metadata=True, include_comments=False, favor_precision=True,
                                      date_extraction_params={"extensive_search": False, "original_date": True})
    body = getattr(doc, "text", None) if doc is not None else None
    if not body or not body.strip():
        raise EmptyInputError("no article text found in this HTML page", source=source)
    date = title_date(text) or _date(getattr(doc, "date", None))
    site = [getattr(doc, "sitename", None), getattr(doc, "hostname", None)]
    title = clean_title(getattr(doc, "title", None) or "", [s for s in site if s])
    tag, _ = dateline(body)
    return Article(id=id, text=body.strip(), title=title or None, date=date, dateline=tag, source=source, page=True)


def _date(raw: object) -> dt.date | None:
    """The page's date as trafilatura found it, if it is one inside the range (``document.checked_date``)."""
    try:
        return checked_date(dt.date.fromisoformat(str(raw)[:10])) if raw else None
    except ValueError:
        return None


def title_date(page: str) -> dt.date | None:
    """The date a page's title gives as a part of its own ("... | DW | 19.01.2020"): the publisher's
    date for the article, which beats any date found in the page's body. A date outside the range of dates
    (``document.checked_date``) is none: "01.01.0001" is a placeholder, not the publisher's date.

    >>> title_date("<title>Berlin renames streets | DW | 19.01.2020</title>")
    datetime.date(2020, 1, 19)
    """
    for m in _TITLE_TAG.finditer(page[:200_000]):
        for part in _PIPE.split(html_lib.unescape(m.group(1) or m.group(3) or "").strip()):
            d = _DATE_SEGMENT.match(part.strip())
            if d:
                day, month, year = (d.group(1), d.group(2), d.group(3)) if d.group(1) else (d.group(6), d.group(5),
                                                                                            d.group(4))
                try:
                    found = checked_date(dt.date(int(year), int(month), int(day)))
                except ValueError:
                    continue
                if found is not None:
                    return found
    return None


def clean_title(title: str, site: list[str]) -> str:
    """The headline without the site's name and other suffixes or prefixes.

    Parts after " | " are the site's (the longest part is the headline); a part after a dash goes
    only when it names the site (its name or web address): "Lemon trees | Step-by-Step Guide" ->
    "Lemon trees", "Amazon liable, court rules - California Globe" -> "Amazon liable, court rules",
    but "Students criminalized for bad grades – Until Now" stays whole.

    >>> clean_title("Berlin renames streets | DW | 19.01.2020", ["DW.COM", "dw.com"])
    'Berlin renames streets'
    >>> clean_title("Party Like It's 1923 - The Village Voice", ["villagevoice.com"])
    "Party Like It's 1923"
    """
    title = " ".join(title.split())
    parts = [p for p in _PIPE.split(title) if p.strip()]
    if len(parts) > 1:
        title = max(parts, key=len)
    names = {_letters(s.removeprefix("www.").rsplit(".", 1)[0] if "." in s and " " not in s else s) for s in site}
    names.discard("")
    pieces = _DASH.split(title)
    for i in range(len(pieces) - 1, 0, -1):
        if _names_site(pieces[i], names):
            pieces = pieces[:i]
    while len(pieces) > 1 and _names_site(pieces[0], names):
        pieces = pieces[1:]
    kept = title
    if len(pieces) < len(_DASH.split(title)):
        first, last = pieces[0], pieces[-1]
        kept = title[title.index(first):title.index(last) + len(last)]
    return kept.strip()


def _letters(text: str) -> str:
    return "".join(ch for ch in text.lower() if ch.isalnum())


def _names_site(piece: str, names: set[str]) -> bool:
    p = _letters(piece).removeprefix("the")
    # the piece is the name, a part of it ("Pamela Anderson" of pamelaandersonfoundation.org), or the
    # name with a word or two ("WSVN 7News" of wsvn.com); never a headline that mentions the site
    return len(p) >= 3 and any(p in n or (n in p and len(p) <= len(n) + 10) for n in names if len(n) >= 3)
