"""Would an editor publish our bullets of real web pages? (``highlights eval pages``)

Pages come as JSON Lines (plain or gzipped) in the form of ``../shared/data/pages/pages.jsonl.gz``
(``url``, ``html``, and snippets the page's main text ``must_contain`` / ``must_not_contain``), or as a
folder of ``.html`` files (then without the snippet checks). Each page goes through the pipeline as a
user's file would (default settings unless given). Each bullet is judged:

- **boilerplate**: its source sentence holds a ``must_not_contain`` snippet (menus, teasers,
  captions, "read more", bylines), lies inside one, or one runs across its start or end; case
  counts, as in the snippet sets;
- **fragment**: fewer than ``MIN_WORDS`` (6) words, or no finite verb (spaCy's tags: a past or
  present tense verb or a modal; an imperative's opening base-form verb counts);
- **opener**: it opens with a pronoun or demonstrative ("It", "They", "This", "That", ...) whose
  referent is outside the bullet, or with a connective ("But", "However", ...); a possessive ("His
  rise brought Bloomberg …") counts only when the bullet does not name its owner as the subject or an
  object of its verb, a demonstrative of time ("This week …") never.

The fragment and opener definitions are the selector's own (``select.standalone``): the pipeline
sets aside what this judge would count, so these two rates check that it does so on every page.

A bullet is **off the main text** when its page's extraction kept none of the page's ``must_contain``
snippets (the snippets mark only a few places of the main text, so a bullet is not checked alone).
A page the pipeline refuses with a reason (an input error) counts as ``refused``, not as a failure.
Also reported: words per bullet, how many pages have 2-4 bullets, and how much of the
``must_contain`` text the extraction kept (``extraction_recall``: the share of those snippets found in
the article text, whitespace-normalised).
"""
from __future__ import annotations

import json
import os
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from ..errors import FormatError, HighlightsError, InputError
from ..select.standalone import complete, dangling
from ..words import word_count

SEAM_WORDS = 3  # a snippet that crosses a sentence boundary shares at least this many words with it


@dataclass(frozen=True)
class Page:
    """One page: where it came from, its HTML and the snippets its main text must (not) contain."""

    id: str
    html: str
    must_contain: tuple[str, ...] = ()
    must_not_contain: tuple[str, ...] = ()


@dataclass(frozen=True)
class Bullet:
    text: str
    words: int
    boilerplate: bool
    fragment: bool
    opener: bool


@dataclass(frozen=True)
class PageResult:
    id: str
    bullets: tuple[Bullet, ...] = ()
    refused: str | None = None  # the reason given instead of bullets
    extraction_recall: float | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "refused": self.refused, "extraction_recall": self.extraction_recall,
                "bullets": [{"text": b.text, "words": b.words, "boilerplate": b.boilerplate, "fragment": b.fragment,
                             "opener": b.opener} for b in self.bullets]}


@dataclass(frozen=True)
class PagesEvaluation:
    data: str
    pages: tuple[PageResult, ...]
    skipped: tuple[str, ...] = field(default=())

    def to_dict(self) -> dict[str, Any]:
        """The contract of ``--out``: pages, bullets, the three rates (0-1), words per bullet, refused;
        then the per-page detail."""
        bullets = [b for p in self.pages for b in p.bullets]
        n = len(bullets)

        def rate(flag: str) -> float | None:
            return round(sum(getattr(b, flag) for b in bullets) / n, 4) if n else None

        recalls = [p.extraction_recall for p in self.pages if p.extraction_recall is not None]
        answered = [p for p in self.pages if p.refused is None]
        # a page whose extraction kept none of its must_contain text: its bullets are not from the main text
        off_main = sum(len(p.bullets) for p in self.pages if p.extraction_recall == 0)
        return {"pages": len(self.pages), "bullets": n, "boilerplate_rate": rate("boilerplate"),
                "off_main_rate": round(off_main / n, 4) if n else None,
                "fragment_rate": rate("fragment"), "opener_rate": rate("opener"),
                "words_per_bullet": round(sum(b.words for b in bullets) / n, 2) if n else None,
                "refused": sum(p.refused is not None for p in self.pages),
                "pages_with_2_to_4_bullets": sum(2 <= len(p.bullets) <= 4 for p in answered),
                "extraction_recall": round(sum(recalls) / len(recalls), 4) if recalls else None,
                "data": self.data, "skipped_rows": len(self.skipped),
                "per_page": [p.to_dict() for p in self.pages]}

    def write_json(self, path: str) -> str:
        from .report import write_file

        return str(write_file(path, json.dumps(self.to_dict(), indent=2, ensure_ascii=False) + "\n"))

    def to_markdown(self) -> str:
        d = self.to_dict()

        def cell(x: object) -> str:
            return "–" if x is None else f"{x:.1%}" if isinstance(x, float) else str(x)

        return ("| pages | bullets | boilerplate | off main text | fragments | openers | words/bullet | refused |"
                " pages with 2–4 | extraction recall |\n|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n"
                f"| {d['pages']} | {d['bullets']} | {cell(d['boilerplate_rate'])} | {cell(d['off_main_rate'])} | "
                f"{cell(d['fragment_rate'])} | "
                f"{cell(d['opener_rate'])} | {d['words_per_bullet']} | {d['refused']} | "
                f"{d['pages_with_2_to_4_bullets']} | {cell(d['extraction_recall'])} |\n")


def load(path: str) -> tuple[list[Page], list[str]]:
    """The pages of a JSONL(.gz) file or a folder of ``.html`` files, and a message per skipped row."""
    if os.path.isdir(path):
        names = sorted(n for n in os.listdir(path) if n.lower().endswith((".html", ".htm")))
        if not names:
            raise InputError("holds no .html files", source=path)
        pages = []
        for name in names:
            with open(os.path.join(path, name), encoding="utf-8", errors="replace") as fh:
                pages.append(Page(name, fh.read()))
        return pages, []
    from .corpus import collect

    return collect(path, _page)


def _page(row: dict[str, Any], where: str) -> Page:
    html = row.get("html")
    if not isinstance(html, str) or not html.strip():
        raise FormatError("field 'html' must hold the page's HTML", source=where)
    snippets = []
    for name in ("must_contain", "must_not_contain"):
        value = row.get(name, [])
        if not isinstance(value, list) or not all(isinstance(s, str) for s in value):
            raise FormatError(f"field {name!r} must be a list of text snippets", source=where)
        snippets.append(tuple(s for s in value if s.strip()))
    return Page(str(row.get("url") or row.get("file") or where), html, snippets[0], snippets[1])


def _squash(text: str) -> str:
    return " ".join(text.split()).lower()


def _normal(text: str) -> str:
    return " ".join(text.split())


def overlaps(sentence: str, snippets: Sequence[str]) -> bool:
    """Whether a sentence holds a snippet, or lies inside one, or a snippet runs across its start or end
    (at least ``SEAM_WORDS`` words on the sentence's side). Case counts, as in the snippet sets: "Rail
    Replacement" is a menu, "rail replacement services" the story."""
    s = _normal(sentence)
    for snippet in snippets:
        t = _normal(snippet)
        if not t:
            continue
        if t in s or s in t:
            return True
        words = t.split()
        for k in range(SEAM_WORDS, len(words)):
            if s.endswith(" ".join(words[:k])) or s.startswith(" ".join(words[-k:])):
                return True
    return False


def judge_bullets(texts: Sequence[str], sources: Sequence[str], banned: Sequence[str]) -> list[Bullet]:
    """Each bullet judged: ``sources`` are the article sentences it came from (all its evidence)."""
    from ..nlp import tagged as parse

    out = []
    for text, source, doc in zip(texts, sources, parse(texts)):
        found = [t.text for t in doc if not t.is_punct and not t.is_space]
        out.append(Bullet(text, word_count(text), overlaps(source, banned), not complete(doc),
                          dangling(found, doc)))
    return out


def evaluate_pages(path: str, *, settings: Any = None) -> PagesEvaluation:
    """Run the pipeline on every page of ``path`` and judge its bullets."""
    from ..pipeline import Pipeline
    from ..read import from_text

    pages, skipped = load(path)
    pipeline = Pipeline(settings)
    results = []
    for page in pages:
        try:
            article = from_text(page.html, id=page.id, input_format="html", source=page.id)
            summary = pipeline(article)
        except HighlightsError as exc:
            results.append(PageResult(page.id, refused=str(exc)))
            continue
        text = _squash(article.text)
        recall = (sum(_squash(s) in text for s in page.must_contain) / len(page.must_contain)
                  if page.must_contain else None)
        sources = [" ".join(article.text[e.start:e.end] for e in h.evidence) for h in summary.highlights]
        bullets = judge_bullets([h.text for h in summary.highlights], sources, page.must_not_contain)
        results.append(PageResult(page.id, tuple(bullets), None, recall))
    return PagesEvaluation(path, tuple(results), tuple(skipped))

