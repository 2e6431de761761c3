"""Reading feeds: RSS and Atom (through feedparser, which also reads the broken XML real sites serve) and OPML lists
of feeds. Parsing only: ``fetch`` gets the bytes, ``stories.follow`` decides what to do with each item.

An item is known by its ``key``: the feed's own id (RSS ``guid``, Atom ``id``), else its link, else a hash of its
title and text, so the same item seen in two rounds (or twice in one feed) is read once.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import re
import xml.etree.ElementTree as ET  # noqa: N817 - the usual name
from dataclasses import dataclass
from html import unescape

from ..errors import FetchError

_TAG = re.compile(r"<[^>]+>")
_BLOCK = re.compile(r"</?(?:p|div|br|li|h[1-6]|blockquote|tr|section|article)\b[^>]*>", re.IGNORECASE)
_DROP = re.compile(r"<(script|style)\b.*?</\1\s*>", re.IGNORECASE | re.DOTALL)


@dataclass(frozen=True)
class FeedItem:
    """One entry of a feed: where its page is and what the feed itself says of it."""

    key: str  # the feed's id for it, else its link, else a hash of its title and text
    link: str | None
    title: str | None
    published: dt.date | None
    text: str  # the feed's text for it (its full content when the feed carries it, else its summary), as plain text


@dataclass(frozen=True)
class Feed:
    """A parsed feed (``items``, newest first as the feed lists them) or an OPML list (``feeds``: their URLs)."""

    kind: str  # "rss", "atom" or "opml"
    title: str | None
    items: tuple[FeedItem, ...] = ()
    feeds: tuple[str, ...] = ()


def parse(data: bytes | str, *, url: str) -> Feed:
    """The feed or OPML list in ``data`` (fetched from ``url``, which resolves relative links); a ``FetchError``
    with reason ``malformed`` when it is neither."""
    raw = data.encode("utf-8") if isinstance(data, str) else data
    if is_opml(raw):
        return Feed("opml", _opml_title(raw), feeds=tuple(opml(raw, url=url)))
    import feedparser  # imported here: only ``follow`` reads feeds

    parsed = feedparser.parse(raw, response_headers={"content-location": url}, sanitize_html=False,
                              resolve_relative_uris=False)
    version = str(parsed.get("version") or "")
    if not version and not parsed.entries:
        why = getattr(parsed.get("bozo_exception"), "getMessage", lambda: "")() or str(parsed.get("bozo_exception") or "")
        detail = f" ({' '.join(why.split())})" if why else ""
        raise FetchError(f"not an RSS or Atom feed{detail}; give the address of a feed (or an OPML list of feeds)",
                         source=url, reason="malformed")
    items: dict[str, FeedItem] = {}
    for entry in parsed.entries:
        item = _item(entry, url)
        items.setdefault(item.key, item)  # an item listed twice is read once
    title = parsed.feed.get("title")
    return Feed("atom" if version.startswith("atom") else "rss", title.strip() if title else None,
                items=tuple(items.values()))


def is_opml(data: bytes) -> bool:
    """Whether ``data`` is an OPML document (its root element is ``<opml>``)."""
    head = data[:2048].lstrip(b"\xef\xbb\xbf \t\r\n")
    head = re.sub(rb"^(?:<\?xml[^>]*\?>|<!--.*?-->|\s)*", b"", head, flags=re.DOTALL)
    return head[:5].lower() == b"<opml"


def opml(data: bytes, *, url: str) -> list[str]:
    """The feed URLs an OPML list names (every outline's ``xmlUrl``, nested ones too), in order, each once."""
    try:
        root = ET.fromstring(data)  # expat refuses entity expansion past its limits (no "billion laughs")
    except ET.ParseError as exc:
        raise FetchError(f"not a readable OPML list ({exc}); check the file", source=url, reason="malformed") from None
    from urllib.parse import urljoin

    found = [urljoin(url, o.attrib["xmlUrl"].strip()) for o in root.iter("outline") if o.attrib.get("xmlUrl", "").strip()]
    if not found:
        raise FetchError("the OPML list names no feed (no outline with an xmlUrl)", source=url, reason="malformed")
    return list(dict.fromkeys(found))


def _opml_title(data: bytes) -> str | None:
    m = re.search(rb"<title>(.*?)</title>", data[:8192], re.DOTALL | re.IGNORECASE)
    return unescape(m.group(1).decode("utf-8", "replace")).strip() or None if m else None


def _item(entry: dict, url: str) -> FeedItem:
    from urllib.parse import urljoin

    link = (entry.get("link") or "").strip() or None
    if link:
        link = urljoin(url, link)
    contents = [c.get("value", "") for c in entry.get("content") or []]
    body = max([*contents, entry.get("summary") or ""], key=len)
    text = plain(body)
    title = " ".join(plain(entry.get("title") or "").split()) or None
    key = (entry.get("id") or "").strip() or link or "sha256:" + hashlib.sha256(
        f"{title}\n{text}".encode()).hexdigest()
    return FeedItem(key=key[:2000], link=link, title=title, published=_date(entry), text=text)


def _date(entry: dict) -> dt.date | None:
    for name in ("published_parsed", "updated_parsed", "created_parsed"):
        value = entry.get(name)
        if value:
            try:
                return dt.date(value.tm_year, value.tm_mon, value.tm_mday)
            except (ValueError, AttributeError):
                continue
    return None


def plain(html: str) -> str:
    """A feed's HTML fragment as plain text: blocks on their own lines, tags dropped, entities read."""
    text = _DROP.sub(" ", html)
    text = _BLOCK.sub("\n", text)
    text = unescape(_TAG.sub("", text))
    lines = (" ".join(line.split()) for line in text.splitlines())
    return "\n\n".join(line for line in lines if line)
