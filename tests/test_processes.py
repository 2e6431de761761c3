"""highlights.processes: workers that finish, are killed at their deadline, or outlive their parent (they must not)."""
from __future__ import annotations

import os
import select
import signal
import subprocess
import sys
import textwrap
import time
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path

import pytest

from highlights import processes

_loaded: list[str] = []  # in a pool's worker: what its initializer was given


def _load(name: str) -> None:
    _loaded.append(name)


def _loaded_then(value: int) -> tuple[list[str], int]:
    return _loaded, value


def _write(path: str, text: str) -> None:
    Path(path).write_text(text)


def _write_then_sleep(path: str) -> None:
    Path(path).write_text("guarded")  # the target runs once the guard is in place
    time.sleep(20)


def gone(pid: int, timeout: float = 5.0) -> bool:
    """Whether process ``pid`` ended within ``timeout`` seconds (a zombie no one reaps has ended too)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            status = Path(f"/proc/{pid}/status").read_text()
        except (FileNotFoundError, ProcessLookupError):  # reaped between the lookup and the read
            return True
        if "zombie" in status:
            return True
        time.sleep(0.05)
    return False


def test_a_worker_runs_its_target_and_ends(tmp_path):
    out = tmp_path / "out.txt"
    process = processes.start(_write, str(out), "done", name="highlights-test")
    process.join(timeout=10)
    assert process.exitcode == 0 and out.read_text() == "done"
    assert process.name == "highlights-test" and process.daemon


def test_a_worker_past_its_deadline_is_killed():
    process = processes.start(time.sleep, 20, name="highlights-test")
    process.join(timeout=0.3)  # its deadline
    assert process.is_alive()
    started = time.monotonic()
    processes.kill(process, wait=5)
    assert process.exitcode == -signal.SIGKILL and time.monotonic() - started < 1
    processes.kill(process, wait=5)  # killing an ended worker again does nothing


def test_ctrl_c_is_left_to_the_parent(tmp_path):
    started = tmp_path / "started"
    process = processes.start(_write_then_sleep, str(started), name="highlights-test")
    try:
        deadline = time.monotonic() + 10
        while not started.exists() and time.monotonic() < deadline:
            time.sleep(0.01)
        os.kill(process.pid, signal.SIGINT)
        process.join(timeout=0.5)
        assert process.is_alive()
    finally:
        processes.kill(process, wait=5)


def test_a_pools_workers_run_their_initializer_then_the_work():
    with processes.pool(2, _load, "models") as pool:
        assert [pool.submit(_loaded_then, n).result(timeout=20) for n in range(3)] == [(["models"], n)
                                                                                        for n in range(3)]


def test_a_pool_left_by_an_error_kills_its_workers_at_once():
    started = time.monotonic()
    with pytest.raises(RuntimeError, match="stop"), processes.pool(1, _load, "models") as pool:
        pid = pool.submit(os.getpid).result(timeout=20)
        pool.submit(time.sleep, 10)
        time.sleep(0.2)  # the sleep is in progress
        raise RuntimeError("stop")
    assert time.monotonic() - started < 5 and gone(pid)


def test_a_worker_that_dies_breaks_the_pool():
    with processes.pool(1, _load, "models") as pool:
        with pytest.raises(BrokenProcessPool):
            pool.submit(os._exit, 3).result(timeout=20)


PARENT = textwrap.dedent("""
    import os, time
    from highlights import processes

    single = processes.start(time.sleep, 20, name="highlights-test")
    with processes.pool(1, time.sleep, 0) as pool:
        print(single.pid, pool.submit(os.getpid).result(timeout=20), flush=True)
        time.sleep(20)
""")


def test_workers_exit_when_their_parent_is_killed():
    parent = subprocess.Popen([sys.executable, "-c", PARENT], stdout=subprocess.PIPE, text=True)
    try:
        assert select.select([parent.stdout], [], [], 30)[0], "the parent did not start its workers within 30 s"
        pids = [int(p) for p in parent.stdout.readline().split()]
    finally:
        parent.kill()
        parent.wait(timeout=10)
    assert len(pids) == 2
    assert all(gone(pid) for pid in pids), "a worker outlived its killed parent"
