"""Fixtures for the service tests: the app, a TestClient, and a real uvicorn server on loopback."""
from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager

import pytest

pytest.importorskip("fastapi", reason="the service extra is not installed (pip install -e '.[service]')")

from fastapi.testclient import TestClient  # noqa: E402

from highlights import Settings  # noqa: E402
from highlights.service import ServiceSettings  # noqa: E402
from highlights.service.app import create_app  # noqa: E402


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="session")
def app(tmp_path_factory):
    # Explicit settings: the tests must not depend on HIGHLIGHTS_* variables of the machine, nor write
    # to the user's stories database.
    return create_app(Settings(), ServiceSettings(db=str(tmp_path_factory.mktemp("service") / "stories.db")))


@pytest.fixture(scope="session")
def client(app):
    with TestClient(app) as c:
        yield c


@pytest.fixture(scope="session")
def live_server(app):
    """The app under a real uvicorn server on 127.0.0.1 (a free port), in a thread; yields its URL."""
    with serving(app) as url:
        yield url


@contextmanager
def serving(app) -> Iterator[str]:
    """``app`` under a real uvicorn server on 127.0.0.1 (a free port), in a thread, while in the block: its URL."""
    import uvicorn

    port = free_port()
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning",
                                           access_log=False, lifespan="off"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("the test server did not start")
        time.sleep(0.02)
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(timeout=10)
