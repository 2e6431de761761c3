"""The output folder of a batch run: part files, the run's arguments, and the manifest of finished parts.

    DIR/part-000000.parquet     one file per part, appearing whole (written beside, fsynced, renamed)
    DIR/_run.json               the arguments that shape the output, and the plan's fingerprint
    DIR/_manifest.jsonl         one line per finished part: its file, ids, counts, time and worker

Readers of Parquet folders (Arrow, Spark, DuckDB, Ray) skip names starting with ``_`` or ``.``, so the
folder reads as one table. The manifest is the commit log: a part is done when its line is there and its
file exists. A part file without a line (a run killed between the two) is written again, under the same
name and with the same rows, so every article appears exactly once whatever moment the run was killed.
"""
from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

from ..errors import OutputError
from ..render.files import manifest_records
from .rows import schema

RUN_FILE = "_run.json"
MANIFEST = "_manifest.jsonl"
SUFFIX = {"parquet": ".parquet", "jsonl": ".jsonl"}


def part_file(name: str, fmt: str) -> str:
    return name + SUFFIX[fmt]


def write_part(root: str | Path, name: str, fmt: str, rows: list[dict[str, Any]]) -> str:
    """Write one part's rows atomically; the file's name (relative to ``root``)."""
    final = Path(root) / part_file(name, fmt)
    tmp = final.with_name(f".{final.name}.{os.getpid()}.tmp")
    try:
        if fmt == "parquet":
            import pyarrow as pa
            import pyarrow.parquet as pq

            pq.write_table(pa.Table.from_pylist(rows, schema=schema()), tmp, compression="zstd")
        else:
            with open(tmp, "w", encoding="utf-8") as fh:
                fh.writelines(json.dumps(r, ensure_ascii=False) + "\n" for r in rows)
        _fsync(tmp)
        os.replace(tmp, final)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return final.name


def _fsync(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


class BatchDir:
    """``begin(config)`` checks or records the run's arguments; ``finished()`` and ``record()`` keep the manifest."""

    def __init__(self, root: str | Path, fmt: str):
        self.root, self.fmt = Path(root), fmt
        try:
            self.root.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise OutputError(f"cannot create the output folder ({exc.strerror or exc})", source=str(root)) from None

    def begin(self, config: dict[str, Any]) -> None:
        """Record ``config``, or check it against the run that wrote this folder before: a rerun must have
        the same arguments and inputs (it continues that run)."""
        path = self.root / RUN_FILE
        try:
            before = json.loads(path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            before = None
        except (OSError, ValueError) as exc:
            raise OutputError(f"{RUN_FILE} cannot be read ({exc}); choose a new --out folder",
                              source=str(self.root)) from None
        if before is None:
            if any(self.root.glob("part-*")):
                raise OutputError("holds part files but no record of the run that wrote them; choose a new --out "
                                  "folder", source=str(self.root))
            tmp = path.with_name(f".{RUN_FILE}.{os.getpid()}.tmp")
            tmp.write_text(json.dumps(config, indent=1, sort_keys=True) + "\n", encoding="utf-8")
            os.replace(tmp, path)
            return
        changed = sorted(k for k in set(before) | set(config) if before.get(k) != config.get(k))
        if changed:
            what = "the inputs (or their contents)" if changed == ["plan"] else ", ".join(c for c in changed)
            raise OutputError(f"holds a batch run with other arguments (they differ in: {what}); rerun it with "
                              "the same arguments to continue it, or choose a new --out folder", source=str(self.root))
        self.drop_partial()  # left by a run killed while writing a part

    def drop_partial(self) -> None:
        """Remove the part files a worker was writing when it was stopped (never renamed into place)."""
        for stale in self.root.glob(".part-*.tmp"):
            stale.unlink(missing_ok=True)

    def finished(self) -> dict[str, dict[str, Any]]:
        """Part name → its manifest record, for the parts that are done (recorded and their file present)."""
        return {r["part"]: r for r in manifest_records(self.root / MANIFEST)
                if isinstance(r.get("part"), str) and (self.root / str(r.get("file", ""))).is_file()}

    def record(self, record: dict[str, Any]) -> None:
        """Commit a finished part (its file is already in place)."""
        with open(self.root / MANIFEST, "a", encoding="utf-8") as fh:
            fh.write(json.dumps(record) + "\n")
            fh.flush()
            os.fsync(fh.fileno())
