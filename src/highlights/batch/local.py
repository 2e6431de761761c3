"""The local engine: ``workers`` processes on this machine, each with its own ``PartRunner``.

Processes start from a fork server (no threads or locks copied from the parent) and load the models
once, in the pool's initializer. At most two parts per worker are in flight, so memory stays flat
however many parts there are.
"""
from __future__ import annotations

import multiprocessing
import multiprocessing.connection
import os
import signal
import threading
from collections.abc import Iterator, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from typing import Any

from ..errors import EngineError, HighlightsError, OutputError
from .plan import Part
from .runner import Job, PartRunner

_runner: PartRunner | HighlightsError | None = None  # the worker process's own, or why it could not be built


def guard_worker() -> None:
    """In a worker process: leave Ctrl-C to the parent (it reaches the whole group; the parent stops the
    workers), and exit when the parent dies."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    threading.Thread(target=_exit_with_parent, daemon=True).start()


def _start(job: Job) -> None:
    global _runner
    guard_worker()
    try:
        _runner = PartRunner(job)
    except HighlightsError as exc:  # e.g. a damaged model file: reported with the first part, not as a traceback
        _runner = exc


def _exit_with_parent() -> None:
    """A worker whose parent was killed (SIGKILL, OOM) would otherwise wait forever, holding its models'
    memory: exit as soon as the parent's sentinel closes."""
    parent = multiprocessing.parent_process()
    if parent is not None and parent.sentinel is not None:
        multiprocessing.connection.wait([parent.sentinel])
        os._exit(1)


def _run(part: Part) -> dict[str, Any]:
    if isinstance(_runner, HighlightsError):
        raise _runner
    assert _runner is not None, "the worker's initializer did not run"
    return _runner(part)


def run_local(job: Job, parts: Sequence[Part], *, workers: int, address: str | None = None) -> Iterator[dict[str, Any]]:
    """The manifest record of each part as it finishes (in any order)."""
    if address is not None:
        raise EngineError("--address is for --engine ray; the local engine runs on this machine")
    context = multiprocessing.get_context("forkserver")
    pool = ProcessPoolExecutor(max_workers=workers, mp_context=context, initializer=_start, initargs=(job,))
    todo = iter(parts)
    running: dict[Future[dict[str, Any]], Part] = {}
    complete = False
    try:
        for part in todo:
            running[pool.submit(_run, part)] = part
            if len(running) >= 2 * workers:
                break
        while running:
            done, _ = wait(running, return_when=FIRST_COMPLETED)
            for future in done:
                part = running.pop(future)
                try:
                    yield future.result()
                except BrokenProcessPool:
                    raise EngineError(f"a worker process died while on {part.name} ({part.source}), perhaps killed "
                                      "for lack of memory; what was finished is kept: rerun the same command to "
                                      "continue (fewer --workers use less memory)") from None
                except OSError as exc:
                    raise OutputError(f"cannot write {part.name} ({exc.strerror or exc}); what was finished is kept: "
                                      "free space or fix permissions, then rerun the same command", source=job.out
                                      ) from None
                nxt = next(todo, None)
                if nxt is not None:
                    running[pool.submit(_run, nxt)] = nxt
        complete = True
    finally:
        if not complete:  # interrupted or failed: stop the parts in progress now, not after they finish
            for future in running:
                future.cancel()
            for process in list((getattr(pool, "_processes", None) or {}).values()):
                process.terminate()
        pool.shutdown(wait=True, cancel_futures=True)
