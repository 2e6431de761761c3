"""The service's settings: the library's ``Settings`` and the limits of serving them over HTTP.

``ServiceSettings`` extends ``highlights.Settings``: the summarizer's settings (method, count, writer, ...)
are defined once, there, and every field of both is read from the environment by the one reader,
``Settings.from_env`` (``HIGHLIGHTS_<FIELD>``), so a deployment (or each ``--workers`` process)
configures the service without code. Where the service wants another default than the library, it
says so here, and only here: ``max_sentences`` (a limit, not none) and, with the language-model writer,
``timeout`` (``LLM_TIMEOUT``).
"""
from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Self

from ..errors import SettingsError
from ..settings import Settings

# Seconds a request may take with ``writer="llm"`` unless HIGHLIGHTS_TIMEOUT says otherwise: a 1.5B model on
# 2 cores takes 5-10 s an article, so the 10 s default would cut many requests short.
LLM_TIMEOUT = 60.0


@dataclass(frozen=True, kw_only=True)
class ServiceSettings(Settings):
    """The library's settings (the defaults of each request) and the limits of the HTTP service.

    ``max_sentences``: longer articles get 422. Unlike the library's (no limit), the service's default is
    5,000: it bounds the work (and the memory of the graph-based methods) one request can ask for. News
    stories have tens of sentences.
    ``max_body_bytes``: larger request bodies get 413 (5 MB, as the CLI's ``--max-bytes``).
    ``max_batch``: articles per ``/v1/highlights/batch`` request.
    ``timeout``: seconds a request may take, waiting included, before it gets 503; its work is then
    stopped (the worker process is killed and replaced). ``from_env`` makes it ``LLM_TIMEOUT`` with the
    language-model writer, unless it is set.
    ``threads``: articles summarized at the same time by one server process, each in its own worker
    process (``HIGHLIGHTS_THREADS``, the name it has always had).
    ``queue``: requests that may wait for a worker; more get 503 with ``Retry-After`` at once.
    ``body_timeout``: seconds the whole request body may take to arrive, else 408.
    ``api_key``: when set, ``/v1/*`` needs it in ``X-API-Key`` or ``Authorization: Bearer``; it is
    checked before the body is read (and kept out of ``repr``, so it is never logged).
    ``db``: the stories database of ``/v1/articles`` and ``/v1/stories`` (a SQLite path or a
    ``postgresql://`` URL, as ``--db``); unset, the CLI's default file in the user's data dir.
    """

    max_sentences: int = 5_000  # the library's field, with the service's default (see above)
    max_body_bytes: int = 5_000_000
    max_batch: int = 32
    timeout: float = 10.0
    threads: int = 2
    queue: int = 16
    body_timeout: float = 10.0
    api_key: str | None = dataclasses.field(default=None, repr=False)
    db: str | None = None

    def __post_init__(self) -> None:
        super().__post_init__()
        if self.body_timeout <= 0:
            raise SettingsError(f"body_timeout must be a positive number of seconds, got {self.body_timeout}")
        for name in ("max_body_bytes", "max_batch", "threads", "queue"):
            if getattr(self, name) <= 0:
                raise SettingsError(f"{name} must be positive, got {getattr(self, name)}")
        if not self.timeout > 0:
            raise SettingsError(f"timeout must be a positive number of seconds, got {self.timeout}")
        if self.api_key is not None and not self.api_key.strip():
            raise SettingsError("the API key must not be empty; unset HIGHLIGHTS_API_KEY to turn keys off")

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None, **changes: Any) -> Self:
        """As ``Settings.from_env``; with ``writer="llm"``, ``timeout`` is ``LLM_TIMEOUT`` unless set."""
        given = {**cls.read_env(environ), **changes}
        if given.get("writer") == "llm":
            given.setdefault("timeout", LLM_TIMEOUT)
        return cls(**given)
