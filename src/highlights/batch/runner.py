"""The work on one part, the same in every engine: read its articles, run the ``Pipeline`` on each,
write the part file, return the manifest record. A ``PartRunner`` lives in each worker process or Ray
actor and builds its pipeline (loading the models) once.

A bad input costs its own rows, never the run: what cannot be read becomes an error row naming the
input, and only a part that cannot be written (the output folder's fault) stops the run."""
from __future__ import annotations

import logging
import os
import resource
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from ..document import Article
from ..errors import HighlightsError, InputError, OutputError
from ..pipeline import WORKER_BATCH, Pipeline
from ..processes import batches
from ..read import parquet, read, read_lines
from ..read.source import reason
from ..settings import Settings
from .output import write_part
from .plan import Part
from .rows import error_row, summary_row

log = logging.getLogger("highlights.batch")


@dataclass(frozen=True)
class Job:
    """What every worker needs to know: the pipeline's settings and where and how to write."""

    settings: Settings
    out: str
    fmt: str = "parquet"
    input_format: str | None = None


class PartRunner:
    def __init__(self, job: Job):
        started = time.perf_counter()
        self.job = job
        self.pipeline = Pipeline(job.settings).warm_up()
        self.startup = time.perf_counter() - started  # seconds to build the pipeline and load its models

    def articles(self, part: Part) -> Iterator[Article | HighlightsError]:
        s = self.job.settings
        if part.kind == "jsonl":
            yield from _guarded(part.source, read_lines(part.source, first=part.first, count=part.count,
                                                        offset=part.offset, settings=s))
        elif part.kind == "parquet":
            yield from _guarded(part.source, parquet.rows(part.source, first=part.first, count=part.count,
                                                          settings=s))
        else:
            for path in part.files:
                yield from _guarded(path, read(path, input_format=self.job.input_format, settings=s))

    def rows(self, items: list[Article | HighlightsError]) -> list[dict[str, Any]]:
        """Each item's row, ``WORKER_BATCH`` articles at a time (``Pipeline.many``: one parse for a batch)."""
        method = self.pipeline.method
        try:
            results = self.pipeline.many(items)
        except Exception:  # a bug in one article: each alone, so that it costs that one article only
            return [self.row(item) for item in items]
        return [error_row(r, item if isinstance(item, Article) else None, method=method)
                if isinstance(r, HighlightsError) else summary_row(r) for item, r in zip(items, results)]

    def row(self, item: Article | HighlightsError) -> dict[str, Any]:
        method = self.pipeline.method
        if isinstance(item, HighlightsError):
            return error_row(item, None, method=method)
        try:
            return summary_row(self.pipeline(item))
        except HighlightsError as exc:
            return error_row(exc, item, method=method)
        except Exception as exc:  # a bug must cost one article, not the other millions: record it and go on
            log.exception("internal error on %s", item.source or item.id)
            return error_row(exc, item, method=method)

    def __call__(self, part: Part) -> dict[str, Any]:
        started = time.perf_counter()
        rows = [row for batch in batches(self.articles(part), WORKER_BATCH) for row in self.rows(batch)]
        try:
            file = write_part(self.job.out, part.name, self.job.fmt, rows)
        except OSError as exc:
            raise OutputError(f"cannot write {part.name} ({reason(exc)}); what was finished is kept: free space or "
                              "fix permissions, then rerun the same command", source=self.job.out) from None
        return {"part": part.name, "file": file, "source": part.source, "kind": part.kind, "first": part.first,
                "count": part.count, "articles": len(rows), "failed": sum(r["error"] is not None for r in rows),
                "ids": [r["id"] for r in rows], "seconds": round(time.perf_counter() - started, 3),
                "finished_at": round(time.time(), 3),
                "worker": os.getpid(), "startup_seconds": round(self.startup, 3),
                "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)}


def _guarded(source: str, items: Iterable[Article | HighlightsError]) -> Iterator[Article | HighlightsError]:
    """``items``, a reader's articles and errors; should the reader raise instead (a bug, a failure it does
    not expect), that ends ``source``'s rows in this part with one more error naming it, as a bug in the
    pipeline costs one row: an engine must not take it for the output folder's fault, nor stop the run."""
    try:
        yield from items
    except Exception as exc:
        log.exception("reading %s failed", source)
        yield InputError(f"cannot be read ({type(exc).__name__}: {reason(exc)}); the rest of it in this part is "
                         "not summarized", source=source)
