"""The one owner of Highlights' worker processes: how they start, how they end with their parent, how they are killed.

Four parts of Highlights run work in other processes: the local batch engine, ingest's and summarize's
summarizing (a pool each, ``pool``; ``in_order`` hands results back in input order) and the HTTP service
(one process per worker, ``start``, killed at a request's deadline with ``kill``). They share what is decided
here:

* Every worker is forked from multiprocessing's fork server, never from the parent itself: the parent
  runs threads (an event loop's executor, a pool's manager) whose locks a plain fork would copy held.
  The fork server is one per parent process; modules named with ``preload`` are imported in it once, so
  every worker forked from it starts with what they load (the models) instead of loading them again.
* Every worker is guarded: it ignores Ctrl-C, which the terminal sends to the whole process group (the
  parent decides what an interruption stops, and stops the workers itself), and it exits as soon as its
  parent dies. A parent killed by SIGKILL or the OOM killer cannot stop its workers, which would
  otherwise go on holding their models' memory, or computing, with no one to answer.
* A worker is killed with SIGKILL, which it can neither catch nor ignore: one that ran past its time may
  be stuck anywhere, in C code included.
"""
from __future__ import annotations

import multiprocessing
import multiprocessing.connection
import os
import signal
import threading
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from contextlib import contextmanager
from multiprocessing.context import ForkServerContext, ForkServerProcess
from multiprocessing.process import BaseProcess
from typing import Any, TypeVar, TypeVarTuple

_Ts = TypeVarTuple("_Ts")
_T = TypeVar("_T")
_R = TypeVar("_R")

_preloaded: list[str] = []  # what every preload() so far asked the fork server for


def preload(modules: Iterable[str]) -> None:
    """Have the fork server import ``modules`` when it starts, so that workers forked from it begin with
    what those modules load. Only before the server starts (with this process's first worker): it then
    serves every later worker as it is. Modules asked for earlier are kept, not replaced."""
    _preloaded.extend(m for m in modules if m not in _preloaded)
    multiprocessing.get_context("forkserver").set_forkserver_preload(list(_preloaded))


def start(target: Callable[[*_Ts], object], *args: *_Ts, name: str) -> BaseProcess:
    """A guarded worker process (see the module's notes), started, running ``target(*args)``. It is a
    daemon: if it still runs when this process exits normally, it is ended then."""
    process = multiprocessing.get_context("forkserver").Process(target=_guarded, args=(target, *args), name=name,
                                                                 daemon=True)
    process.start()
    return process


def kill(process: BaseProcess, *, wait: float) -> None:
    """End ``process`` now with SIGKILL, if it still runs, and reap it, waiting at most ``wait`` seconds."""
    if process.is_alive():
        process.kill()
    process.join(timeout=wait)


@contextmanager
def pool(workers: int, initializer: Callable[[*_Ts], object], *initargs: *_Ts) -> Iterator[ProcessPoolExecutor]:
    """A ``ProcessPoolExecutor`` of at most ``workers`` guarded processes, each running
    ``initializer(*initargs)`` first (to load its models once). Leaving the block shuts the pool down:
    work not yet started is cancelled, work in progress waited for. Left by an exception (an error,
    Ctrl-C, a generator closed early), it kills the workers first, so that the work in progress stops
    now instead of when it finishes. A worker that dies breaks the pool: its futures raise
    ``BrokenProcessPool``."""
    context = _Recording()
    executor = ProcessPoolExecutor(max_workers=workers, mp_context=context, initializer=_guarded,
                                   initargs=(initializer, *initargs))
    try:
        yield executor
    except BaseException:
        for process in context.made:
            if process.pid is not None:  # started (the executor starts them as work arrives)
                process.kill()
        raise
    finally:
        executor.shutdown(wait=True, cancel_futures=True)


def batches(items: Iterable[_T], size: int) -> Iterator[list[_T]]:
    """``items`` in lists of ``size`` (the last one shorter): the unit a worker is handed."""
    batch: list[_T] = []
    for item in items:
        batch.append(item)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def in_order(executor: ProcessPoolExecutor, batches: Iterable[list[_T]], work: Callable[[list[_T]], list[_R]], *,
             ahead: int) -> Iterator[_R]:
    """``work(batch)`` of each batch in ``executor``'s processes, the results in input order, at most ``ahead``
    batches submitted ahead of the one being read (memory stays flat however long ``batches`` is). A worker that
    dies raises ``BrokenProcessPool`` here."""
    pending: deque[Future[list[_R]]] = deque()
    batches = iter(batches)
    for batch in batches:
        pending.append(executor.submit(work, batch))
        if len(pending) >= ahead:
            break
    while pending:
        done = pending.popleft().result()
        following = next(batches, None)
        if following is not None:
            pending.append(executor.submit(work, following))
        yield from done


class _Recording(ForkServerContext):
    """The fork server context, recording each process it makes: a pool's workers are known here without
    reading the executor's private state."""

    def __init__(self) -> None:
        self.made: list[BaseProcess] = []

    # typeshed declares ``Process`` a class; the executor only calls it, with the Process arguments
    def Process(self, *args: Any, **kwargs: Any) -> ForkServerProcess:  # type: ignore[override]
        process = ForkServerProcess(*args, **kwargs)
        self.made.append(process)
        return process


def _guarded(target: Callable[[*_Ts], object], *args: *_Ts) -> None:
    """In the worker: guard it, then run ``target(*args)``."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    parent = multiprocessing.parent_process()
    if parent is not None:
        threading.Thread(target=_exit_with, args=(parent.sentinel,), name="exit-with-parent", daemon=True).start()
    target(*args)


def _exit_with(parent_sentinel: int) -> None:
    """Exit as soon as the parent's sentinel closes, i.e. the parent has died (os._exit: nothing left
    to clean up for anyone, and no other thread, busy or not, may hold the exit up)."""
    multiprocessing.connection.wait([parent_sentinel])
    os._exit(1)
