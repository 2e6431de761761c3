"""Are the bullets clean? (``highlights eval clean``)

Every article of a stream goes through the pipeline as a user's file would (read, then the default
summarizer unless told), and each bullet is checked for what must never reach a reader:

- **ptb**: tokenizer leftovers: "-LRB-", "``", "''", " n't", " 's", "\\/", a space before a comma or
  full stop, "$ 5";
- **furniture**: the page around the story: a dateline ("CAIRO (Reuters) -", "(CNN) --"), "Last updated at
  ... GMT", "Help", photo credits ("Photograph: ...", ".../Getty Images", "(AP Photo/...)"), "Editor's
  note:", "Report abuse", a transcript's "Aired ... ET", bylines ("By the CNN Wire Staff");
- **glued**: a site's own highlight list, or sentences, run into one: "Story highlights", a "NEW:" item,
  "*" marks, or a sentence opener after a lowercase word with no full stop between ("... swine flu cases
  The widow of ...");
- **long** (reported, not a fault in itself): more than ``MAX_WORDS`` words, where a CNN bullet has about
  15; the place where glued lists without any mark show up.

These patterns look at the output and are written apart from the rules that keep such sentences out
(``sentences``, ``select.standalone``), so that the counts measure those rules instead of restating them.
"""
from __future__ import annotations

import json
import re
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from typing import Any

from ..errors import HighlightsError, InputError

MAX_WORDS = 50
EXAMPLES = 5
KINDS = ("ptb", "furniture", "glued", "long")
FAULTS = KINDS[:3]  # what must never reach a reader; "long" is reported beside them

_PTB = re.compile(r"-?\b[LR][RSC]B-|``|''|(?<=\w) (?:n't|'(?:s|re|ve|m|ll|d))\b|(?<=\w) (?:[,;:?!%]|\.(?!\.))(?=\s|$)"
                  r"|\\[/*]|(?<![\w$])\$ \d", re.IGNORECASE)
_FURNITURE = re.compile(
    r"^[^()]{0,60}\((?:CNN|Reuters|AP|AFP)\)\s*(?:--|-|—|–)"  # a dateline's tag
    r"|(?-i:^[A-Z][A-Z .'-]{2,30}(?:,\s*[A-Z][A-Za-z.]{2,9}\s+\d{1,2})?\s+(?:--|—)\s)"  # "NEW YORK, Sept. 24 --"
    r"|\bLast\s+updated\b|\bGMT\s+Help\b|(?-i:^Help(?:\s+[A-Z]|$))"
    r"|\b(?:Photograph|Photo|Picture)s?\s*:|/\s*(?:Getty\s+Images|AP|AFP|Reuters)\b|\(AP\s+Photo\b"
    r"|\beditor'?s'?\s+note\b|\bReport\s+abuse\b|\bRUSH\s+TRANSCRIPT\b|\bAired\s+[A-Z][a-z]+\s+\d{1,2},\s+\d{4}"
    r"|\bBy\s+the\s+CNN\s+Wire\s+Staff\b|\bSpecial\s+to\s+CNN\b|\b\d{1,2}:\d{2}\s*[ap]m\s*\|"
    r"|\bdownload\s+the\s+podcast\b|\bclick\s+here\b|\bread\s+more\s*:",
    re.IGNORECASE,
)
_GLUED = re.compile(r"(?i:story\s+highlights)|\bNEW\s*:|\s\*\s+(?=[A-Z])|(?<=[a-z]{3})\s(?:The|He|She|They|We|There)\s[a-z]")


def problems(text: str) -> dict[str, str]:
    """What is wrong with one bullet: kind (``KINDS``) -> the text that shows it.

    >>> problems("Egypt 's army -LRB- pictured -RRB- moved in .")
    {'ptb': " 's"}
    >>> problems("CAIRO (Reuters) - The army moved in on Monday."), problems("The army moved in on Monday.")
    ({'furniture': 'CAIRO (Reuters) -'}, {})
    """
    out = {}
    for kind, pattern in (("ptb", _PTB), ("furniture", _FURNITURE), ("glued", _GLUED)):
        found = pattern.search(text)
        if found:
            out[kind] = found.group()
    if len(text.split()) > MAX_WORDS:
        out["long"] = f"{len(text.split())} words"
    return out


@dataclass(frozen=True)
class CleanEvaluation:
    """How many bullets of a stream show each kind of problem, with a few examples of each."""

    data: str
    articles: int
    refused: int
    bullets: int
    counts: dict[str, int]
    examples: dict[str, list[dict[str, str]]]
    skipped: tuple[str, ...] = field(default=())

    def to_dict(self) -> dict[str, Any]:
        """The contract of ``--out``: counts of bullets per kind (a bullet may count under several), the
        bullets with any fault (``unclean``: ptb, furniture or glued), and up to ``EXAMPLES`` examples of each kind."""
        return {"data": self.data, "articles": self.articles, "refused": self.refused, "bullets": self.bullets,
                **{kind: self.counts.get(kind, 0) for kind in KINDS}, "unclean": self.counts.get("any", 0),
                "skipped_rows": len(self.skipped), "examples": self.examples}

    def write_json(self, path: str) -> str:
        from .report import write_file

        return str(write_file(path, json.dumps(self.to_dict(), indent=2, ensure_ascii=False) + "\n"))

    def to_markdown(self) -> str:
        d = self.to_dict()
        lines = ["| articles | refused | bullets | ptb | furniture | glued | unclean | long |",
                 "|---:|---:|---:|---:|---:|---:|---:|---:|",
                 f"| {d['articles']} | {d['refused']} | {d['bullets']} | {d['ptb']} | {d['furniture']} | {d['glued']} | "
                 f"{d['unclean']} | {d['long']} |"]
        for kind in KINDS:
            for ex in self.examples.get(kind, []):
                lines.append(f"- {kind} ({ex['match']!r}) in {ex['id']}: {ex['bullet']}")
        return "\n".join(lines) + "\n"


def check(data: str, bullets: Iterable[tuple[str, list[str] | HighlightsError]], *, examples: int = EXAMPLES
          ) -> CleanEvaluation:
    """Count the problems of each article's bullets; ``bullets`` yields (article id, its bullets or the
    error that refused it)."""
    counts = {kind: 0 for kind in (*KINDS, "any")}
    shown: dict[str, list[dict[str, str]]] = {kind: [] for kind in KINDS}
    articles = refused = total = 0
    for ident, texts in bullets:
        articles += 1
        if isinstance(texts, HighlightsError):
            refused += 1
            continue
        for text in texts:
            total += 1
            found = problems(text)
            counts["any"] += any(kind in found for kind in FAULTS)
            for kind, match in found.items():
                counts[kind] += 1
                if len(shown[kind]) < examples:
                    shown[kind].append({"id": ident, "match": match, "bullet": text})
    return CleanEvaluation(data, articles, refused, total, counts, shown)


def evaluate_clean(path: str, *, settings: Any = None, limit: int | None = None, examples: int = EXAMPLES
                   ) -> CleanEvaluation:
    """Summarize every article of ``path`` (any input ``highlights summarize`` reads) and check its bullets.
    A record that cannot be read is skipped and reported; an article the pipeline refuses counts as refused.
    Raises ``InputError`` when not one article could be read (a missing file, an empty one)."""
    from ..pipeline import Pipeline
    from ..read import read

    pipeline = Pipeline(settings)
    skipped: list[HighlightsError] = []

    def summaries() -> Iterable[tuple[str, list[str] | HighlightsError]]:
        done = 0
        for item in read(path, settings=pipeline.settings):
            if limit is not None and done >= limit:
                return
            if isinstance(item, HighlightsError):
                skipped.append(item)
                continue
            done += 1
            try:
                yield item.source or item.id, [h.text for h in pipeline(item).highlights]
            except HighlightsError as exc:
                yield item.source or item.id, exc

    result = check(path, summaries(), examples=examples)
    if not result.articles:  # a missing or empty file, or not one good record: its first error says why
        raise skipped[0] if skipped else InputError("holds no article", source=path)
    return replace(result, skipped=tuple(str(e) for e in skipped))
