"""Plain text: the whole input is the body (cased PTB tokens restored to prose, ``ptb.restore``)."""
from __future__ import annotations

from ..document import Article
from ..sentences import dateline
from . import ptb
from .source import require_text


def parse(text: str, *, id: str, source: str) -> Article:
    body = ptb.restore(require_text(text.strip("\n"), source=source))
    tag, _ = dateline(body)
    return Article(id=id, text=body, dateline=tag, source=source)
