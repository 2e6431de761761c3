"""One output row per article: the JSON contract (``Summary.to_dict``) plus ``error``.

An article that failed keeps its row: what was read of it (id, title, date, text, dateline), empty
highlights and the error message, so nothing is dropped silently. Parquet parts have every column of
``schema()``; a field the JSON contract leaves out (``references``, a highlight's ``spans`` or ``rewritten``)
is null there.
"""
from __future__ import annotations

from typing import Any

from ..document import Article, Summary
from ..errors import HighlightsError


def summary_row(summary: Summary) -> dict[str, Any]:
    """Exactly what ``summarize --format json`` prints for the article, plus ``"error": null``."""
    return {**summary.to_dict(), "error": None}


def error_row(error: Exception, article: Article | None, *, method: str) -> dict[str, Any]:
    """The row of an article that could not be summarized (``article`` None: not even read)."""
    message = str(error) if isinstance(error, HighlightsError) else f"internal error ({type(error).__name__}: {error})"
    a = article
    return {"id": a.id if a else None, "title": a.title if a else None,
            "date": a.date.isoformat() if a and a.date else None, "text": a.text if a else None,
            "method": method, "compressed": None, "writer": None, "highlights": [], "notes": [], "conflicts": [],
            "dateline": a.dateline if a else None, "sentences": [], "error": message}


def schema() -> Any:
    """The Arrow schema of a Parquet part (pyarrow is imported only when Parquet is written)."""
    import pyarrow as pa

    string, whole, real = pa.string(), pa.int64(), pa.float64()
    problem = pa.struct([("type", string), ("start", whole), ("end", whole), ("detail", string),
                         ("source_start", whole), ("source_end", whole)])
    verified = pa.struct([("supported", pa.bool_()), ("score", real), ("problems", pa.list_(problem))])
    evidence = pa.struct([("sentence", whole), ("start", whole), ("end", whole)])
    highlight = pa.struct([("text", string), ("score", real), ("evidence", pa.list_(evidence)),
                           ("spans", pa.list_(pa.list_(whole))), ("rewritten", pa.bool_()), ("verified", verified)])
    value = pa.struct([("value", real), ("text", string), ("article", string), ("start", whole), ("end", whole),
                       ("attribution", string)])
    conflict = pa.struct([("what", string), ("bullet", string), ("values", pa.list_(value)), ("verified", verified)])
    return pa.schema([("id", string), ("title", string), ("date", string), ("text", string), ("method", string),
                      ("compressed", pa.bool_()), ("writer", string), ("highlights", pa.list_(highlight)),
                      ("notes", pa.list_(string)),
                      ("conflicts", pa.list_(conflict)), ("dateline", string), ("sentences", pa.list_(pa.list_(whole))),
                      ("references", pa.list_(string)), ("error", string)])
