"""Corpora for the batch tests, and one Ray instance (2 CPUs) for the whole session."""
from __future__ import annotations

import gzip
import itertools
import json
import os
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from ..conftest import DEV

RAY = shutil.which("ray", path=str(Path(sys.executable).parent))


def dev_rows(n: int) -> list[dict]:
    """The first ``n`` articles of the CNN/DailyMail dev part, as JSON objects."""
    if not DEV.exists():
        pytest.skip("../shared/data is not present")
    with gzip.open(DEV, "rt", encoding="utf-8") as fh:
        return [json.loads(line) for line in itertools.islice(fh, n)]


def write_corpus(path: Path, n: int, *, bad: bool = True) -> list[str]:
    """A JSONL file of ``n`` dev articles with, when ``bad``, a malformed line, a blank line and an empty
    article among them; its ids in order (None for the malformed line, which has none)."""
    rows = dev_rows(n)
    lines = [json.dumps(r) for r in rows]
    ids: list[str | None] = [r["id"] for r in rows]
    if bad:
        lines.insert(3, '{"id": "broken", "article": "no closing quote}')
        ids.insert(3, None)
        lines.insert(5, "")
        lines.insert(8, json.dumps({"id": "empty", "article": "   "}))
        ids.insert(7, None)  # an empty article is a format error: unread, like the malformed line
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return ids


def read_rows(folder: Path) -> list[dict]:
    """Every row of a batch output folder (Parquet or JSONL parts), in part order."""
    parts = sorted(folder.glob("part-*"))
    if parts and parts[0].suffix == ".parquet":
        import pyarrow.parquet as pq

        return [r for p in parts for r in pq.read_table(p).to_pylist()]
    return [json.loads(line) for p in parts for line in p.read_text(encoding="utf-8").splitlines()]


def without_nulls(value):
    """A row with null fields dropped at every level: Parquet has every column, JSON leaves some out."""
    if isinstance(value, dict):
        return {k: without_nulls(v) for k, v in value.items() if v is not None}
    if isinstance(value, list):
        return [without_nulls(v) for v in value]
    return value


def highlights_cli(*args: str, cwd: Path, **kw) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "highlights", *args], cwd=cwd, capture_output=True, text=True,
                          env={**os.environ, "HF_HUB_OFFLINE": "1"}, **kw)


@pytest.fixture(scope="session")
def ray_address(tmp_path_factory):
    """A Ray head node with 2 CPUs, started once (its start-up takes seconds) and stopped at the end;
    tests and the CLI processes they start join it with ``--address``."""
    if RAY is None:
        pytest.skip("Ray is not installed (pip install 'highlights[ray]')")
    # A throwaway instance on loopback: no token to hand to every client process the tests start.
    os.environ["RAY_AUTH_MODE"] = "disabled"
    env = {**os.environ, "RAY_USAGE_STATS_ENABLED": "0"}
    for attempt in range(2):  # a port found free can be taken again before Ray binds it: one more try, elsewhere
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            port = s.getsockname()[1]
        temp = tmp_path_factory.mktemp("ray")
        started = subprocess.run([RAY, "start", "--head", f"--port={port}", "--num-cpus=2", "--include-dashboard=false",
                                  "--disable-usage-stats", f"--temp-dir={temp}", "--object-store-memory=200000000"],
                                 capture_output=True, text=True, env=env, timeout=120)
        if started.returncode == 0:
            break
        subprocess.run([RAY, "stop", "--force"], capture_output=True, env=env, timeout=120)
        if attempt:
            pytest.fail(f"ray start failed twice; its last words:\n{started.stdout[-2000:]}\n{started.stderr[-2000:]}")
    address = f"127.0.0.1:{port}"
    try:
        yield address
    finally:
        subprocess.run([RAY, "stop", "--force"], capture_output=True, env=env, timeout=120)
        time.sleep(0.5)
