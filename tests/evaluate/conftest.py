"""Shared fixtures for the evaluation tests: tiny hand-made corpora and the real dev data when present."""
from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest

from highlights.training.data import shared_data

ROOT = Path(__file__).resolve().parents[2]
DATA_DIR = shared_data()
DEV = DATA_DIR / "cnndm" / "articles.dev.jsonl.gz"
SYSTEMS = DATA_DIR / "cnndm" / "systems.dev.jsonl.gz"

# Three tokenized stories whose references are easy to check by hand.
ROWS = [
    {"id": "a", "article": "( cnn ) the cat sat on the mat . dogs bark loudly at night . rain fell on monday . "
                           "the mat was red .",
     "highlights": ["The cat sat on the mat."], "highlights_tok_lower": ["the cat sat on the mat ."]},
    {"id": "b", "article": "police closed the road . a storm hit the coast . trees fell on cars . nobody was hurt .",
     "highlights": ["A storm hit the coast.", "Nobody was hurt."],
     "highlights_tok_lower": ["a storm hit the coast .", "nobody was hurt ."]},
    {"id": "c", "article": "the team won the cup . fans sang and danced all night long . "
                           "the coach thanked the loyal fans warmly .",
     "highlights": ["The team won the cup."]},
]


def write_jsonl(path: Path, rows: list, *, gz: bool = False) -> Path:
    lines = "".join((r if isinstance(r, str) else json.dumps(r)) + "\n" for r in rows)
    if gz:
        with gzip.open(path, "wt", encoding="utf-8") as fh:
            fh.write(lines)
    else:
        path.write_text(lines, encoding="utf-8")
    return path


@pytest.fixture
def rows() -> list[dict]:
    return json.loads(json.dumps(ROWS))


@pytest.fixture
def jsonl(tmp_path):
    """``jsonl(rows, name="x.jsonl", gz=False)`` writes rows (dicts, or raw strings) and returns the path."""
    def make(rows: list, name: str = "corpus.jsonl", gz: bool = False) -> Path:
        return write_jsonl(tmp_path / name, rows, gz=gz)
    return make


@pytest.fixture
def corpus(tmp_path) -> Path:
    return write_jsonl(tmp_path / "corpus.jsonl.gz", ROWS, gz=True)


@pytest.fixture(scope="session")
def dev_systems() -> Path:
    if not SYSTEMS.exists():
        pytest.skip(f"system outputs not found at {SYSTEMS}")
    return SYSTEMS
