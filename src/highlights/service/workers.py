"""Work that can be stopped: each request's article runs in a worker process, killed at its deadline.

A thread cannot be stopped, so a request that ran past its time limit used to go on computing for
minutes while new requests waited. Here every piece of work (one article) runs in one of
``concurrency`` worker processes, one article at a time each. When the deadline passes the worker is
killed and a new one takes its place, so a request costs at most its deadline. The new worker is
forked from a server process that already holds the models (``highlights.processes``: the fork server,
with ``preload``), so it is ready in milliseconds, without loading anything.

Requests that find every worker busy wait in a bounded queue (``queue`` places); when it is full they
are refused at once (503 with ``Retry-After``) instead of waiting for a time-out. Nothing else is
shared: no lock held by one request makes an unrelated one wait.
"""
from __future__ import annotations

import asyncio
import collections
import contextlib
import importlib
import multiprocessing
import os
import threading
import time
from dataclasses import dataclass
from multiprocessing.connection import Connection
from multiprocessing.process import BaseProcess
from typing import Any

from .. import processes
from ..settings import Settings

# The fork server imports this module once, which loads the models; every worker is forked from it.
PRELOAD = ["highlights.service.preload"]
WORK = "highlights.service.work:Work"


class Overloaded(Exception):
    """Every worker is busy and the queue is full."""


class TimedOut(Exception):
    """The work ran past its deadline; its worker was killed and replaced."""


class WorkerDied(Exception):
    """The worker process ended without an answer (out of memory, a crash)."""


@dataclass(frozen=True)
class _Worker:
    process: BaseProcess
    conn: Connection


def _serve(settings: Settings, max_sentences: int, work_class: str, lane: str, conn: Connection) -> None:
    """A worker's life: answer jobs, one at a time, until the connection closes. Ctrl-C is the server's
    to handle (it ends us); ``processes.start`` has the worker ignore it."""
    module, _, name = work_class.partition(":")
    work = getattr(importlib.import_module(module), name)(settings, max_sentences, lane=lane)
    conn.send(("ready", work.unavailable, work.methods))
    while True:
        try:
            name, args, kwargs = conn.recv()
        except (EOFError, OSError):
            return
        conn.send(work.run(name, *args, **kwargs))


class WorkerPool:
    """``concurrency`` worker processes behind a bounded queue; ``run`` is called from the event loop."""

    def __init__(self, settings: Settings, *, concurrency: int, queue: int, max_sentences: int,
                 work: str = WORK, lane: str = "summarize"):
        self.settings, self.concurrency, self.queue_size, self.max_sentences = (settings, concurrency, queue,
                                                                                 max_sentences)
        self.work = work  # "module:Class" of what a worker runs (tests give one with slow methods)
        self.lane = lane  # the jobs its workers take: "summarize" (articles) or "reads" (the stories database)
        processes.preload(PRELOAD)
        self.unavailable: dict[str, str] = {}
        self.methods: list[str] = []  # the workers' methods, available or not (known once they started)
        self.idle: list[_Worker] = []
        self.waiters: collections.deque[asyncio.Future[_Worker]] = collections.deque()
        self.waiting = 0
        self.busy = 0
        self.started = False
        self.restarts = 0
        self._all: list[_Worker] = []
        self._lock = threading.Lock()

    # -- life cycle ----------------------------------------------------------------------------

    def _spawn(self) -> _Worker:
        parent, child = multiprocessing.Pipe()
        process = processes.start(_serve, self.settings, self.max_sentences, self.work, self.lane, child,
                                  name=f"highlights-{self.lane}")
        child.close()
        worker = _Worker(process, parent)
        self._all.append(worker)
        return worker

    def _ready(self, worker: _Worker) -> None:
        """Wait for a new worker's hello (its pipelines built), and learn which methods it lacks."""
        try:
            kind, unavailable, methods = worker.conn.recv()
        except (EOFError, OSError):
            raise WorkerDied("a worker ended while starting") from None
        if kind != "ready":
            raise WorkerDied(f"a worker said {kind!r} instead of hello")
        self.unavailable, self.methods = unavailable, methods

    def start(self) -> None:
        """Start the workers and wait until each is ready (blocking)."""
        with self._lock:
            if self.started:
                return
            fresh = [self._spawn() for _ in range(self.concurrency)]
            for w in fresh:
                self._ready(w)
            self.idle = fresh
            self.started = True

    async def ensure_started(self) -> None:
        """Start the workers, off the event loop, if nothing has yet (the app's start-up does)."""
        if not self.started:
            await asyncio.get_running_loop().run_in_executor(None, self.start)

    def close(self) -> None:
        for w in self._all:
            with contextlib.suppress(Exception):
                w.conn.close()
            processes.kill(w.process, wait=2)
        self._all.clear()
        self.idle = []
        self.started = False

    def _replace(self, worker: _Worker) -> _Worker:
        """Kill ``worker`` and start another in its place (forked from the preloaded server: fast)."""
        with contextlib.suppress(Exception):
            worker.conn.close()
        processes.kill(worker.process, wait=5)
        if worker in self._all:
            self._all.remove(worker)
        self.restarts += 1
        fresh = self._spawn()
        self._ready(fresh)
        return fresh

    # -- work ----------------------------------------------------------------------------------

    @property
    def full(self) -> bool:
        """Whether a new request would be refused now."""
        return self.started and not self.idle and self.waiting >= self.queue_size

    async def run(self, name: str, *args: Any, deadline: float, wait: bool = False, **kwargs: Any) -> Any:
        """``Work.run(name, *args, **kwargs)`` in a worker, or ``Overloaded`` at once (unless ``wait``),
        or ``TimedOut`` at ``deadline`` (a ``time.monotonic()`` instant), the worker killed and replaced."""
        await self.ensure_started()
        if not wait and not self.idle and self.waiting >= self.queue_size:
            raise Overloaded()
        worker = await self._acquire(deadline)
        self.busy += 1
        loop = asyncio.get_running_loop()
        try:
            # uvloop leaves a watched descriptor non-blocking; a large job must be sent whole
            os.set_blocking(worker.conn.fileno(), True)
            worker.conn.send((name, args, kwargs))
            return await asyncio.wait_for(_receive(loop, worker.conn), max(0.0, deadline - time.monotonic()))
        except TimeoutError:
            worker = await loop.run_in_executor(None, self._replace, worker)
            raise TimedOut() from None
        except (EOFError, OSError):
            worker = await loop.run_in_executor(None, self._replace, worker)
            raise WorkerDied("the worker ended without an answer") from None
        finally:
            self.busy -= 1
            self._release(worker)

    async def _acquire(self, deadline: float) -> _Worker:
        """An idle worker, waiting in line for one until ``deadline``."""
        if self.idle:
            return self.idle.pop()
        future: asyncio.Future[_Worker] = asyncio.get_running_loop().create_future()
        self.waiters.append(future)
        self.waiting += 1
        try:
            return await asyncio.wait_for(asyncio.shield(future), max(0.0, deadline - time.monotonic()))
        except TimeoutError:
            if future.done() and not future.cancelled():
                self._release(future.result())  # handed over just as the time ran out: pass it on
            else:
                future.cancel()
            raise TimedOut() from None
        finally:
            self.waiting -= 1
            with contextlib.suppress(ValueError):
                self.waiters.remove(future)

    def _release(self, worker: _Worker) -> None:
        """Hand ``worker`` to the first request still waiting, or put it back among the idle."""
        while self.waiters:
            future = self.waiters.popleft()
            if not future.done():
                future.set_result(worker)
                return
        self.idle.append(worker)


def _receive(loop: asyncio.AbstractEventLoop, conn: Connection) -> asyncio.Future:
    """The next message on ``conn``, without a thread: the event loop watches its file descriptor."""
    future: asyncio.Future = loop.create_future()

    def readable() -> None:
        loop.remove_reader(conn.fileno())
        if future.done():
            return
        try:
            os.set_blocking(conn.fileno(), True)  # the rest of a large answer is read whole
            future.set_result(conn.recv())
        except Exception as exc:  # noqa: BLE001 - EOF and broken pipes go to the caller
            future.set_exception(exc)

    loop.add_reader(conn.fileno(), readable)

    def cancelled(f: asyncio.Future) -> None:
        if f.cancelled():
            with contextlib.suppress(Exception):
                loop.remove_reader(conn.fileno())

    future.add_done_callback(cancelled)
    return future

