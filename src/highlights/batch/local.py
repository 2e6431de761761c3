"""The local engine: ``workers`` processes on this machine, each with its own ``PartRunner``.

The processes come from ``highlights.processes`` (a fork server: no threads or locks copied from the
parent; each exits with its parent) and load the models once, in the pool's initializer. At most two
parts per worker are in flight, so memory stays flat however many parts there are.
"""
from __future__ import annotations

from collections.abc import Iterator, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, wait
from concurrent.futures.process import BrokenProcessPool
from typing import Any

from .. import processes
from ..errors import EngineError, HighlightsError
from .plan import Part
from .runner import Job, PartRunner

_runner: PartRunner | HighlightsError | None = None  # the worker process's own, or why it could not be built


def _start(job: Job) -> None:
    global _runner
    try:
        _runner = PartRunner(job)
    except HighlightsError as exc:  # e.g. a damaged model file: reported with the first part, not as a traceback
        _runner = exc


def _run(part: Part) -> dict[str, Any]:
    if isinstance(_runner, HighlightsError):
        raise _runner
    assert _runner is not None, "the worker's initializer did not run"
    return _runner(part)


def run_local(job: Job, parts: Sequence[Part], *, workers: int, address: str | None = None) -> Iterator[dict[str, Any]]:
    """The manifest record of each part as it finishes (in any order). Interrupted or failed, the parts
    in progress stop now, not after they finish (``processes.pool`` kills the workers)."""
    if address is not None:
        raise EngineError("--address is for --engine ray; the local engine runs on this machine")
    with processes.pool(workers, _start, job) as pool:
        todo = iter(parts)
        running: dict[Future[dict[str, Any]], Part] = {}
        for part in todo:
            running[pool.submit(_run, part)] = part
            if len(running) >= 2 * workers:
                break
        while running:
            done, _ = wait(running, return_when=FIRST_COMPLETED)
            for future in done:
                part = running.pop(future)
                try:  # (a part that cannot be written comes as the runner's OutputError and ends the run as is)
                    yield future.result()
                except BrokenProcessPool:
                    raise EngineError(f"a worker process died while on {part.name} ({part.source}), perhaps killed "
                                      "for lack of memory; what was finished is kept: rerun the same command to "
                                      "continue (fewer --workers use less memory)") from None
                nxt = next(todo, None)
                if nxt is not None:
                    running[pool.submit(_run, nxt)] = nxt
