"""Batch runs over whole archives: resumable, exactly once, on this machine or on a Ray cluster.

    run = BatchRun(["archive.jsonl.gz"], "out/", settings=Settings(), engine="local", workers=4)
    for record in run:          # one manifest record per part, as parts finish
        ...

The inputs are cut into parts (``plan``); parts an earlier run finished are skipped (``output``); an
engine (``local``: a process pool; ``ray``: a Ray Data job) runs a ``PartRunner`` per worker over the
rest (``runner``: read → the one ``Pipeline`` → one row per article, ``rows``), each part written
atomically and then committed to the manifest by this process alone. Same arguments, same parts, same
rows: a killed run rerun with the same arguments writes every article exactly once, whatever the engine.
"""
from __future__ import annotations

import dataclasses
import os
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import Any

from ..errors import HighlightsError, SettingsError
from ..pipeline import check_count
from ..select.registry import check_method
from ..settings import Settings
from .local import run_local
from .output import BatchDir
from .plan import Part, plan
from .ray_engine import run_ray
from .runner import Job

__all__ = ["BatchRun", "ENGINES", "FORMATS", "DEFAULT_BATCH_SIZE"]

Engine = Callable[..., Iterator[dict[str, Any]]]
ENGINES: dict[str, Engine] = {"local": run_local, "ray": run_ray}
FORMATS = ("parquet", "jsonl")
DEFAULT_BATCH_SIZE = 500  # articles per part: a few MB of Parquet, a few seconds to a minute of work


class BatchRun:
    """One run over ``paths`` into the folder ``out``: planned and checked at construction (bad
    arguments, a folder holding another run's output and unreadable inputs show up before any work),
    run by iterating it."""

    def __init__(self, paths: Iterable[str], out: str, *, settings: Settings = Settings(), fmt: str = "parquet",
                 engine: str = "local", workers: int | None = None, batch_size: int = DEFAULT_BATCH_SIZE,
                 address: str | None = None, input_format: str | None = None):
        if fmt not in FORMATS:
            raise SettingsError(f"unknown batch format {fmt!r}; choose one of {', '.join(FORMATS)}")
        if engine not in ENGINES:
            raise SettingsError(f"unknown engine {engine!r}; choose one of {', '.join(ENGINES)}")
        check_method(settings.method)
        check_count(settings.count)
        for name, value in (("workers", workers), ("batch size", batch_size)):
            if value is not None and value <= 0:
                raise SettingsError(f"{name} must be positive, got {value}")
        self.engine, self.address = engine, address
        self.plan = plan(paths, batch_size=batch_size, input_format=input_format)
        self.dir = BatchDir(out, fmt)
        done: dict[str, dict[str, Any]] = {}
        if self.plan.parts:  # nothing readable: leave the folder unmarked for the run that will have inputs
            self.dir.begin({"version": 1, "format": fmt, "batch_size": batch_size, "input_format": input_format,
                            "settings": dataclasses.asdict(settings), "plan": self.plan.fingerprint,
                            "parts": len(self.plan.parts)})
            done = self.dir.finished()
        self.todo: Sequence[Part] = [p for p in self.plan.parts if p.name not in done]
        self.done_articles = sum(int(r.get("articles", 0)) for r in done.values())
        if workers is None and engine == "local":
            workers = os.cpu_count() or 1
        self.workers = min(workers, len(self.todo)) if workers is not None else None
        self.job = Job(settings=settings, out=str(self.dir.root.resolve()), fmt=fmt, input_format=input_format)

    @property
    def input_errors(self) -> list[HighlightsError]:
        """Inputs that could not be planned (missing, unreadable, stdin): reported, the others run."""
        return self.plan.errors

    @property
    def skipped(self) -> int:
        """Parts an earlier run of the same arguments finished."""
        return len(self.plan.parts) - len(self.todo)

    def __iter__(self) -> Iterator[dict[str, Any]]:
        if not self.todo:
            return
        engine = ENGINES[self.engine]
        try:
            for record in engine(self.job, self.todo, workers=self.workers, address=self.address):
                self.dir.record(record)
                yield record
        finally:
            self.dir.drop_partial()  # the engine has stopped its workers: a part one was writing is not whole
