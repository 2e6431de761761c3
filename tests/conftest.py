"""Shared builders and paths for the tests."""
from __future__ import annotations

import gzip
import json
import os
from pathlib import Path

import pytest

from highlights.training.data import shared_data

os.environ.setdefault("HF_HUB_OFFLINE", "1")

try:  # the service's apps answer only for their hosts (HIGHLIGHTS_ALLOWED_HOSTS): as Django's test runner does with
    # ALLOWED_HOSTS, every app the tests build also answers for the host the test clients send (Starlette's
    # TestClient and schemathesis send "testserver"), whichever module builds it and when
    from highlights.service import config as _service_config

    _service_config.LOCAL_HOSTS = (*_service_config.LOCAL_HOSTS, "testserver")
except ImportError:  # the service extra is not installed: its tests are skipped
    pass

ROOT = Path(__file__).resolve().parents[1]
SHARED = shared_data()
SEED = SHARED / "seed" / "000_05a49977c339561e.txt"
DEV = SHARED / "cnndm" / "articles.dev.jsonl.gz"
SAMPLE = ROOT / "samples" / "flood.txt"

needs_shared = pytest.mark.skipif(not SHARED.exists(), reason="../shared/data is not present")


@pytest.fixture
def write(tmp_path):
    """write(name, content) -> path of a file in a temporary folder (bytes or text)."""

    def _write(name: str, content: str | bytes) -> Path:
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
        return path

    return _write


def assert_evidence(d: dict) -> None:
    """Every highlight of a JSON result points at whole sentences of its text, and its words come
    from them: the whole sentence, or (compressed) the pieces listed in ``spans``."""
    import re

    sentences = {tuple(s) for s in d["sentences"]}
    for h in d["highlights"]:
        for ev in h["evidence"]:
            assert (ev["start"], ev["end"]) in sentences
        if "spans" in h:
            pieces = " ".join(d["text"][a:b] for a, b in h["spans"])
            assert re.findall(r"\w+", pieces) == re.findall(r"\w+", h["text"])
            assert all(any(e["start"] <= a < b <= e["end"] for e in h["evidence"]) for a, b in h["spans"])
        else:
            (ev,) = h["evidence"]
            assert " ".join(d["text"][ev["start"]:ev["end"]].split()) == h["text"]


@pytest.fixture(scope="session")
def dev() -> Path:
    if not DEV.exists():
        pytest.skip(f"dev data not found at {DEV}")
    return DEV


@pytest.fixture(scope="session")
def dev_sample(dev) -> list[dict]:
    """The first 200 dev rows, a mix of short and long CNN stories."""
    with gzip.open(dev, "rt", encoding="utf-8") as fh:
        return [json.loads(line) for _, line in zip(range(200), fh)]


@pytest.fixture
def site():
    """A web server on 127.0.0.1 (``tests.web.Site``) for the tests that fetch pages and feeds, shut down after."""
    from tests.web import Site

    s = Site()
    yield s
    s.close()
