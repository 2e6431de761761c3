"""The work behind the API: one request article → the JSON contract, or the refusal.

It runs inside a worker process (``workers``): one ``Pipeline`` per method, built and warmed up when
the worker starts; a method that fails to load is reported as unavailable instead of stopping the
service. Answers cross the process boundary as plain tuples: ``("ok", summary_dict)`` or
``("error", status, code, message, field)``. A library error is refused as the service's one table
says (``errors.ApiError.from_error``): its class's code, at that code's status.
"""
from __future__ import annotations

import dataclasses
import logging
from typing import Any

from ..document import Article
from ..errors import HighlightsError
from ..pipeline import Pipeline
from ..read import detect, from_text
from ..select import SUMMARIZERS
from ..settings import Settings
from .codes import ApiError  # the one table of codes (without FastAPI: the workers need none of it)

log = logging.getLogger("highlights.service")


class Work:
    """The pipelines of one worker process, and the one job it does: ``summarize``."""

    def __init__(self, settings: Settings, max_sentences: int):
        self.settings = settings
        logging.getLogger("trafilatura").setLevel(logging.CRITICAL)  # unreadable pages get a 422 instead
        self.pipelines: dict[str, Pipeline] = {}
        self.methods: list[str] = list(SUMMARIZERS)
        self.unavailable: dict[str, str] = {}
        for name in SUMMARIZERS:
            try:  # one pipeline per method, its models loaded now rather than on the first request
                self.pipelines[name] = Pipeline(settings.with_(method=name, max_sentences=max_sentences)).warm_up()
            except Exception as exc:  # noqa: BLE001 - a broken method must not stop the others
                log.warning("method %s is unavailable: %s: %s", name, type(exc).__name__, exc)
                self.unavailable[name] = f"it failed to load ({type(exc).__name__}: {exc})"
        try:  # HTML reading imports trafilatura, which is slow to import: do it before the first request
            from_text("<html><body><p>Warm-up.</p></body></html>", input_format="html")
        except HighlightsError:
            pass

    def run(self, name: str, *args: Any, **kwargs: Any) -> tuple:
        if name != "summarize":
            return ("error", 500, "internal", f"unknown job {name!r}", None)
        try:
            return ("ok", *self.summarize(*args, **kwargs))
        except Refusal as exc:
            return ("error", *exc.args)
        except Exception as exc:  # noqa: BLE001 - a bug must not take the worker down; the caller answers 500
            log.exception("the pipeline failed")
            return ("error", 500, "internal", f"the pipeline failed ({type(exc).__name__}); please report it", None)

    def summarize(self, item: dict, *, field: str, method: str, count: int) -> tuple[dict, dict]:
        """The JSON contract for one article, and what the log line says of it: ``item`` holds ``text``
        or ``html`` (``field`` names which, with its place in a batch), and ``id``, ``title``, ``date``."""
        pipeline = self.pipelines[method]
        try:
            article = self.article(item, field=field)
            summary = pipeline(article, n=count)
            return summary.to_dict(), {"method": method, "chars": len(article.text),
                                       "sentences": len(summary.sentences), "stages": dict(summary.timings)}
        except HighlightsError as exc:
            answer = ApiError.from_error(exc, field=field)
            raise Refusal(answer.status, answer.error, answer.message, answer.field) from None

    @staticmethod
    def article(item: dict, *, field: str) -> Article:
        if item.get("html") is not None:
            article = from_text(item["html"], id=item["id"], input_format="html", source=field)
        else:
            # HTML pasted into ``text`` is read as the page it is (``detect`` knows how pages start); a
            # story is never JSON Lines, whatever its first line looks like.
            text = item.get("text") or ""
            fmt = detect.by_content(text)
            article = from_text(text, id=item["id"], source=field, input_format="text" if fmt == "jsonl" else fmt)
        changes = {k: item[k] for k in ("title", "date") if item.get(k) is not None}
        return dataclasses.replace(article, **changes) if changes else article


class Refusal(Exception):
    """(status, code, message, field): an answer other than 200, made in the worker."""
