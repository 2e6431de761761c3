"""Imported once by the worker pool's fork server, to load the models there before any worker exists.

Every worker is forked from that server, so it starts with the models in memory (shared, copy on write)
instead of loading them: a worker killed at a request's deadline is replaced in milliseconds, at no
cost in CPU. This is the one module whose import does heavy work; nothing else imports it.
"""
from __future__ import annotations

from .config import ServiceSettings
from .work import Work

# the same pipelines every worker builds: their models land in the process-wide caches the workers inherit.
# Not the language model (--writer llm): its runtime runs threads, which a fork does not copy, so each
# worker loads it (mapped from the same file, so the memory is shared) when it starts.
_service = ServiceSettings.from_env()  # every setting, read once (``ServiceSettings`` extends ``Settings``)
Work(_service.with_(writer="extract"), _service.max_sentences)
