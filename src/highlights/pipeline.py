"""The whole flow in one place: read → sentences → select → compress → verify → write.

``summarize`` is the library's front door; the CLI and the service call ``run``.
"""
from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from functools import lru_cache

from .compress import Compressor
from .errors import EmptyInputError, HighlightsError, SettingsError
from .model import Article, Highlight, Summary
from .read import expand, from_text, read
from .select import get
from .select.base import Summarizer
from .sentences import split
from .settings import MAX_COUNT, MIN_COUNT, Settings


def run(article: Article, *, summarizer: Summarizer, n: int, compressor: Compressor | None = None,
        verify: bool = False) -> Summary:
    """Highlights for one article: split it, let ``summarizer`` choose, shorten, check, keep the evidence."""
    check_count(n)
    if not article.text.strip():
        raise EmptyInputError("has no story text to summarize", source=article.source or article.id)
    sentences = split(article.text)
    extracted = summarizer(article, n=n, sentences=sentences)
    highlights = compressor(article, sentences, extracted) if compressor is not None else extracted
    if verify:
        highlights = checked(article, highlights, extracted)
    return Summary(article=article, sentences=sentences, highlights=tuple(highlights), method=summarizer.name,
                   compressed=compressor is not None)


def checked(article: Article, highlights: list[Highlight], extracted: list[Highlight]) -> list[Highlight]:
    """Each highlight with the verifier's verdict; a cut the verifier cannot support is undone,
    so the whole sentence it came from goes out instead."""
    out = []
    for short, whole in zip(highlights, extracted):
        verdict = verdict_on(article, short)
        if not verdict.supported and short.text != whole.text:
            short, verdict = whole, verdict_on(article, whole)
        out.append(replace(short, verified=verdict))
    return out


def verdict_on(article: Article, h: Highlight):
    """The verifier's verdict; a whole article sentence, word for word, is supported by construction."""
    from .verify import copied_verdict, verify

    ev = h.evidence
    if len(ev) == 1 and h.text == " ".join(article.text[ev[0].start:ev[0].end].split()):
        return copied_verdict()
    return verify(article, h.text)


def stages(settings: Settings) -> dict:
    """The keyword arguments of ``run`` after selection, as ``settings`` asks for them."""
    return {"compressor": compressor_for(settings.compress_threshold) if settings.compress else None,
            "verify": settings.verify}


@lru_cache(maxsize=4)
def compressor_for(threshold: float) -> Compressor:
    """One compressor per threshold, so its model loads once."""
    return Compressor(threshold=threshold)


def summarize(text_or_article: str | Article, *, method: str | None = None, n: int | None = None,
              settings: Settings | None = None) -> Summary:
    """Highlights for a story given as text (plain, seed form, .story or HTML) or as an ``Article``.

    >>> s = summarize("(CNN)Rain fell on Monday. Roads flooded. Schools closed. Power failed.", n=2,
    ...               method="lead")
    >>> [h.text for h in s.highlights]
    ['Rain fell on Monday.', 'Roads flooded.']
    """
    settings = settings or Settings()
    article = text_or_article if isinstance(text_or_article, Article) else from_text(text_or_article)
    return run(article, summarizer=get(method or settings.method, settings), n=settings.count if n is None else n,
               **stages(settings))


def check_count(n: int) -> None:
    if not isinstance(n, int) or not MIN_COUNT <= n <= MAX_COUNT:
        raise SettingsError(f"count must be between {MIN_COUNT} and {MAX_COUNT}, got {n!r}")


def run_paths(paths: list[str], *, method: str, n: int, input_format: str | None = None,
              settings: Settings = Settings()) -> Iterator[tuple[str, Summary | HighlightsError]]:
    """(input path, summary or error) for every article in every path; directories are walked.

    Errors are yielded, not raised, so one bad input never loses the others.
    """
    check_count(n)
    summarizer = get(method, settings)
    after = stages(settings)
    for path in expand(paths):
        if isinstance(path, HighlightsError):
            yield "", path
            continue
        for item in read(path, input_format=input_format, settings=settings):
            if isinstance(item, HighlightsError):
                yield path, item
                continue
            try:
                yield path, run(item, summarizer=summarizer, n=n, **after)
            except HighlightsError as exc:
                yield path, exc
