"""The whole flow in one place: read → sentences → select → write.

``summarize`` is the library's front door; the CLI and the service call ``run``.
"""
from __future__ import annotations

from collections.abc import Iterator

from .errors import EmptyInputError, HighlightsError, SettingsError
from .model import Article, Summary
from .read import expand, from_text, read
from .select import get
from .select.base import Summarizer
from .sentences import split
from .settings import MAX_COUNT, MIN_COUNT, Settings


def run(article: Article, *, summarizer: Summarizer, n: int) -> Summary:
    """Highlights for one article: split it, let ``summarizer`` choose, keep the evidence."""
    check_count(n)
    if not article.text.strip():
        raise EmptyInputError("has no story text to summarize", source=article.source or article.id)
    sentences = split(article.text)
    highlights = summarizer(article, n=n, sentences=sentences)
    return Summary(article=article, sentences=sentences, highlights=tuple(highlights), method=summarizer.name)


def summarize(text_or_article: str | Article, *, method: str | None = None, n: int | None = None,
              settings: Settings | None = None) -> Summary:
    """Highlights for a story given as text (plain, seed form, .story or HTML) or as an ``Article``.

    >>> s = summarize("(CNN)Rain fell on Monday. Roads flooded. Schools closed. Power failed.", n=2)
    >>> [h.text for h in s.highlights]
    ['Rain fell on Monday.', 'Roads flooded.']
    """
    settings = settings or Settings()
    article = text_or_article if isinstance(text_or_article, Article) else from_text(text_or_article)
    return run(article, summarizer=get(method or settings.method, settings), n=settings.count if n is None else n)


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
    for path in expand(paths):
        if isinstance(path, HighlightsError):
            yield "", path
            continue
        for item in read(path, input_format=input_format, settings=settings):
            if isinstance(item, HighlightsError):
                yield path, item
                continue
            try:
                yield path, run(item, summarizer=summarizer, n=n)
            except HighlightsError as exc:
                yield path, exc
