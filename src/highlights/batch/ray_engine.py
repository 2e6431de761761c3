"""The Ray engine: the same parts as a Ray Data job, for a cluster (``address``) or a local Ray instance.

The plan becomes a dataset of parts (one block each) and ``map_batches`` runs them on a pool of
``workers`` actors, each holding one ``PartRunner`` (models loaded once per actor); a batch is one part,
i.e. ``--batch-size`` articles. The actors write the part files themselves, so the output folder must
be storage every node sees (NFS, a mounted bucket); the driver only appends each returned record to the
manifest. Ray Data's own writers are not used: they name files per execution and keep no record of what
finished, so a rerun would write some articles twice.
"""
from __future__ import annotations

import json
import logging
import os
import socket
from collections.abc import Iterator, Sequence
from typing import Any

from ..errors import EngineError, HighlightsError
from .plan import Part
from .runner import Job, PartRunner


class _Actor:
    """One Ray actor: a ``PartRunner``; a failure to build it is reported with the first part."""

    def __init__(self, job: Job):
        self.runner: PartRunner | None = None
        self.failure: str | None = None
        try:
            self.runner = PartRunner(job)
        except HighlightsError as exc:
            self.failure = str(exc)

    def __call__(self, batch: dict[str, Any]) -> dict[str, list[str]]:
        if self.runner is None:
            return {"record": [json.dumps({"fatal": self.failure}) for _ in batch["part"]]}
        return {"record": [json.dumps(self.runner(Part.from_json(str(raw)))) for raw in batch["part"]]}


def _reachable(address: str, timeout: float = 10.0) -> None:
    """Fail fast on a wrong ``host:port`` (``ray.init`` retries an unreachable one for a long time)."""
    host, _, port = address.removeprefix("ray://").rpartition(":")
    if not host or not port.isdigit():
        return  # "auto", or a form Ray resolves itself
    try:
        socket.create_connection((host, int(port)), timeout=timeout).close()
    except OSError as exc:
        raise EngineError(f"cannot reach the Ray cluster at {address} ({exc.strerror or exc}); check --address "
                          "(the head node's address, as `ray status` on it prints)") from None


def run_ray(job: Job, parts: Sequence[Part], *, workers: int | None, address: str | None = None
            ) -> Iterator[dict[str, Any]]:
    """The manifest record of each part as it finishes (in any order)."""
    # Ray Data logs each execution's plan and the C++ core worker its own notices to stderr, which would
    # bury the progress bar; failures still reach us as exceptions. Set these variables to see them.
    os.environ.setdefault("RAY_DATA_LOG_LEVEL", "ERROR")
    os.environ.setdefault("RAY_BACKEND_LOG_LEVEL", "fatal")
    try:
        import ray
    except ImportError:
        raise EngineError("--engine ray needs Ray: pip install 'highlights[ray]'") from None
    started_here = not ray.is_initialized()
    if started_here:
        if address:
            _reachable(address)
        try:
            ray.init(address=address, num_cpus=None if address else workers, include_dashboard=False,
                     logging_level=logging.ERROR, log_to_driver=False)
        except (ConnectionError, RuntimeError, ValueError) as exc:
            where = f"the Ray cluster at {address}" if address else "a local Ray instance"
            raise EngineError(f"cannot start or reach {where} ({exc}); check --address and `ray status`") from None
    try:
        if not parts:
            return
        ray.data.DataContext.get_current().enable_progress_bars = False
        actors = workers or max(1, int(ray.cluster_resources().get("CPU", 1)))  # type: ignore[no-untyped-call]
        items = ray.data.from_items([{"part": p.to_json()} for p in parts], override_num_blocks=len(parts))
        dataset = items.map_batches(_Actor, fn_constructor_kwargs={"job": job}, batch_size=1, num_cpus=1,
                                      compute=ray.data.ActorPoolStrategy(size=actors))
        try:
            for row in dataset.iter_rows():
                record = json.loads(row["record"])
                if "fatal" in record:
                    raise EngineError(f"a Ray actor could not start: {record['fatal']}")
                yield record
        except ray.exceptions.RayError as exc:
            raise EngineError(f"the Ray job failed ({type(exc).__name__}: {str(exc).splitlines()[0]}); what was "
                              "finished is kept: rerun the same command to continue") from None
    finally:
        if started_here:
            ray.shutdown()
