"""Verifying a whole summary: one verdict per bullet, read from lines, the seed form or a .story file.

``bullets(text)`` turns a summary as people write it into bullets: the seed form's ``- `` lines
(``date YYYY-MM-DD Story highlights`` first, the body after them is ignored), a ``.story`` file's
``@highlight`` blocks, or else one bullet per non-blank line with a leading ``- ``, ``* ``, ``•`` or
``1.`` removed. A bullet of several sentences is verified as one highlight.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from ..document import Article
from ..errors import EmptyInputError
from ..read import seed, story
from . import Verification, verify

_MARKER = re.compile(r"^\s*(?:[-*\u2022\u2013]|\d{1,2}[.)])\s+")


@dataclass(frozen=True, slots=True)
class Bullet:
    text: str
    line: int | None = None  # 1-based line in the summary input, when known


@dataclass(frozen=True)
class SummaryVerification:
    """The verdicts on every bullet of one summary."""

    article: Article
    bullets: tuple[Bullet, ...]
    verdicts: tuple[Verification, ...]

    @property
    def supported(self) -> bool:
        return all(v.supported for v in self.verdicts)

    def to_dict(self) -> dict:
        return {
            "id": self.article.id,
            "supported": self.supported,
            "n": len(self.verdicts),
            "unsupported": sum(not v.supported for v in self.verdicts),
            "highlights": [{"index": i, "line": b.line, "text": b.text, **v.to_dict()}
                           for i, (b, v) in enumerate(zip(self.bullets, self.verdicts))],
        }

    def to_text(self) -> str:
        """One line per bullet (verdict, score, text), its problems indented below, a total at the end."""
        lines = []
        for b, v in zip(self.bullets, self.verdicts):
            lines.append(f"{'supported' if v.supported else 'UNSUPPORTED':11s}  {v.score:.2f}  {b.text}")
            for p in v.problems:
                mark = "!" if p.hard else " "
                quoted = b.text[p.start:p.end]
                quoted = quoted if len(quoted) <= 40 else quoted[:37] + "..."
                lines.append(f"{'':13s}{mark} {p.kind} {quoted!r} [{p.start}:{p.end}]: {p.detail}")
        ok = sum(v.supported for v in self.verdicts)
        lines.append(f"{ok} of {len(self.verdicts)} highlight(s) supported ('!': a problem that vetoes support)")
        return "\n".join(lines) + "\n"


def bullets(text: str, *, source: str = "<summary>") -> tuple[Bullet, ...]:
    """The bullets of a summary (see the module docs); ``EmptyInputError`` when there are none.

    >>> [b.text for b in bullets("- Rain fell.\\n\\n* Roads flooded\\n2. Schools closed")]
    ['Rain fell.', 'Roads flooded', 'Schools closed']
    """
    found: list[Bullet] = []
    lines = text.split("\n")
    if seed.looks_like(text):
        start = next(i for i, line in enumerate(lines) if line.strip()) + 1
        for number in range(start, len(lines)):
            line = lines[number]
            if line.strip() and not (line.startswith("- ") or line.startswith("* ")):
                break  # the body
            if line.strip():
                found.append(Bullet(line[2:].strip(), number + 1))
    elif story.looks_like(text):
        found = [Bullet(" ".join(part.split())) for part in story.MARK.split(text)[1:] if part.strip()]
    else:
        for number, line in enumerate(lines, 1):
            cleaned = _MARKER.sub("", line, count=1).strip()
            if cleaned:
                found.append(Bullet(cleaned, number))
    if not found:
        raise EmptyInputError("holds no highlight to verify (expected one per line, or '- ' bullets)",
                              source=source)
    return tuple(found)


def verify_summary(article: Article, summary: tuple[Bullet, ...] | list[str], *, judge: bool = False
                   ) -> SummaryVerification:
    """``verify`` each bullet of ``summary`` against ``article`` (with the learned judge too, when ``judge``)."""
    items = tuple(b if isinstance(b, Bullet) else Bullet(b) for b in summary)
    return SummaryVerification(article, items, tuple(verify(article, b.text, judge=judge) for b in items))
