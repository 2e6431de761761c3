"""A database for each test: a SQLite file, or a fresh database on a throwaway PostgreSQL server started
once per session (Debian's `postgresql` package, which `make test` installs)."""
from __future__ import annotations

import itertools
import os

import pytest

from highlights_testing import pgserver

_names = itertools.count()


@pytest.fixture(scope="session")
def postgres_server():
    """The URL of a throwaway PostgreSQL server (``highlights_testing.pgserver``) for this session."""
    if pgserver.binaries() is None:
        message = "PostgreSQL's server is not installed (apt-get install postgresql; `make test` does it)"
        if os.environ.get("HIGHLIGHTS_TEST_POSTGRES") == "required":
            pytest.fail(message)
        pytest.skip(message)
    with pgserver.throwaway() as url:
        yield url


@pytest.fixture(params=["sqlite", "postgresql"])
def db(request, tmp_path):
    """A fresh, empty database: a SQLite path, or a new database on the session's PostgreSQL server."""
    if request.param == "sqlite":
        yield str(tmp_path / "stories.db")
        return
    import sqlalchemy as sa

    server = request.getfixturevalue("postgres_server")
    name = f"test_{os.getpid()}_{next(_names)}"
    admin = sa.create_engine(server.replace("postgresql://", "postgresql+psycopg://"), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(sa.text(f'CREATE DATABASE "{name}"'))
    try:
        yield server.rsplit("/", 1)[0] + "/" + name
    finally:
        with admin.connect() as conn:
            conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()
