"""One output row per article: the JSON contract (``Summary.to_dict``, ``contract.ROW``) plus ``error``.

An article that failed keeps its row: what was read of it (id, title, date, text, dateline), empty
highlights and the error message, so nothing is dropped silently. Parquet parts have every column of
``schema()``; a field the JSON contract leaves out (``references``, a highlight's ``spans`` or ``rewritten``)
is null there.
"""
from __future__ import annotations

from typing import Any

from .. import contract
from ..document import Article, Summary
from ..errors import HighlightsError


def summary_row(summary: Summary) -> dict[str, Any]:
    """Exactly what ``summarize --format json`` prints for the article, plus ``"error": null``."""
    return {**summary.to_dict(), "error": None}


def error_row(error: Exception, article: Article | None, *, method: str) -> dict[str, Any]:
    """The row of an article that could not be summarized (``article`` None: not even read)."""
    message = str(error) if isinstance(error, HighlightsError) else f"internal error ({type(error).__name__}: {error})"
    a = article
    row = contract.empty_row()
    row.pop("references")  # as ``Summary.to_dict``, which writes them only when the input had some
    row.update({"id": a.id if a else None, "title": a.title if a else None,
                "date": a.date.isoformat() if a and a.date else None, "text": a.text if a else None,
                "method": method, "dateline": a.dateline if a else None, "error": message})
    return row


def schema() -> Any:
    """The Arrow schema of a Parquet part: ``contract.ROW``'s."""
    return contract.arrow_schema()
