"""Shared builders and paths for the tests."""
from __future__ import annotations

import os
from pathlib import Path

import pytest

os.environ.setdefault("HF_HUB_OFFLINE", "1")

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared" / "data"
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
