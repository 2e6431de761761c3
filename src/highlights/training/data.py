"""Where the training data are, and how trainers read them."""
from __future__ import annotations

import gzip
import json
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from ..errors import HighlightsError
from ..models import sha256

__all__ = ["shared_data", "read_rows", "sha256", "run"]


def shared_data() -> Path:
    """The shared data folder: ``$HIGHLIGHTS_SHARED_DATA``, else ``../shared/data`` from the working directory.

    The one place that knows where it is (``make train`` and ``bench/`` run from the repository root).
    """
    env = os.environ.get("HIGHLIGHTS_SHARED_DATA")
    return Path(env) if env else Path.cwd().parent / "shared" / "data"


def read_rows(path: str | Path, reference_field: str = "highlights_tok_lower", *,
              limit: int | None = None) -> list[tuple[str, list[str]]]:
    """(article text, reference bullets) of every row that has both (the first ``limit`` of them)."""
    rows: list[tuple[str, list[str]]] = []
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        for line in fh:
            if limit is not None and len(rows) >= limit:
                break
            row = json.loads(line)
            ref = row.get(reference_field)
            if isinstance(ref, str):
                ref = ref.split("\n")
            if isinstance(row.get("article"), str) and row["article"].strip() and ref:
                rows.append((row["article"], [r for r in ref if r.strip()]))
    return rows


def run(main: Callable[[Sequence[str] | None], int], name: str, argv: Sequence[str] | None = None) -> int:
    """A trainer's ``main``, with a model or input problem as one line on stderr and exit status 2, not a
    traceback."""
    try:
        return main(argv)
    except HighlightsError as exc:
        print(f"{name}: {exc}", file=sys.stderr)
        return 2
