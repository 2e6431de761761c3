"""Plain text: the whole input is the body."""
from __future__ import annotations

from ..document import Article
from ..sentences import dateline
from .source import require_text


def parse(text: str, *, id: str, source: str) -> Article:
    body = require_text(text.strip("\n"), source=source)
    tag, _ = dateline(body)
    return Article(id=id, text=body, dateline=tag, source=source)
