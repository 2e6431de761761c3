"""CNN/DailyMail ``.story`` files: body paragraphs, then ``@highlight`` blocks (cased PTB tokens restored,
``ptb.restore``)."""
from __future__ import annotations

import re

from ..document import Article
from ..sentences import dateline
from . import ptb
from .source import require_text

MARK = re.compile(r"^@highlight\s*$", re.MULTILINE)


def looks_like(text: str) -> bool:
    return bool(MARK.search(text))


def parse(text: str, *, id: str, source: str) -> Article:
    parts = MARK.split(text)
    paragraphs = [p.strip() for p in re.split(r"\n\s*\n", parts[0]) if p.strip()]
    body = ptb.restore(require_text("\n".join(paragraphs), source=source))
    refs = tuple(" ".join(p.split()) for p in parts[1:] if p.strip())
    tag, _ = dateline(body)
    return Article(id=id, text=body, dateline=tag, references=refs, source=source)
