"""``summarize --out DIR``: one output file per input, written as it is produced, each appearing whole.

- **Names** depend on the input's path only, so they are stable from run to run and unique: the input's
  path (relative to the working directory, or absolute without its leading ``/``) under ``DIR``, with
  the format's suffix added: ``coll/x/a.txt`` → ``DIR/coll/x/a.txt.json``; ``-`` → ``DIR/stdin.json``;
  JSON Lines inputs give ``.jsonl``.
- **Atomic**: an input's articles go to a hidden temporary file beside the output as they come; when the
  input is done the file is renamed into place (``os.replace``), so an output is either whole or absent.
- **Resumable**: each finished output is recorded in ``DIR/.highlights-done.jsonl`` with its input's
  path, size, modification time and sha256 and the run's format and settings; ``resume`` skips an input
  whose record matches and whose output is there. A run killed at any moment (SIGKILL included) and
  rerun with ``--resume`` writes every input exactly once.
"""
from __future__ import annotations

import glob
import hashlib
import json
import os
from collections.abc import Iterator
from pathlib import Path
from typing import IO

from ..read.source import STDIN
from . import SEPARATOR, SUFFIX

MANIFEST = ".highlights-done.jsonl"


def output_name(path: str, fmt: str) -> Path:
    """Where the output of input ``path`` goes, relative to the output folder."""
    if path == STDIN:
        return Path("stdin" + SUFFIX[fmt])
    p = Path(os.path.normpath(path))
    if p.is_absolute() or ".." in p.parts:
        p = Path(os.path.abspath(path)).relative_to("/")
    many = fmt == "json" and p.name.lower().endswith((".jsonl", ".jsonl.gz"))
    return p.with_name(p.name + (".jsonl" if many else SUFFIX[fmt]))


def fingerprint(path: str) -> dict | None:
    """What identifies an input's content: size, modification time and sha256 (None for stdin)."""
    if path == STDIN:
        return None
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    st = os.stat(path)
    return {"size": st.st_size, "mtime_ns": st.st_mtime_ns, "sha256": digest.hexdigest()}


def manifest_records(path: str | Path) -> Iterator[dict]:
    """The records of an append-only JSON Lines manifest (none when it does not exist yet). A line cut
    short by a kill is passed over: what it recorded is simply done again."""
    try:
        with open(path, encoding="utf-8") as fh:
            for line in fh:
                try:
                    record = json.loads(line)
                except ValueError:
                    continue
                if isinstance(record, dict):
                    yield record
    except FileNotFoundError:
        return


class OutputDir:
    """The output folder of one run: ``begin(path)``, ``write(text)`` per article, ``finish()``."""

    def __init__(self, root: str | Path, fmt: str, *, run: dict):
        self.root, self.fmt, self.run = Path(root), fmt, run  # ``run``: the settings that shape the output
        self.root.mkdir(parents=True, exist_ok=True)
        self._path: str | None = None
        self._tmp: Path | None = None
        self._fh: IO[str] | None = None
        self._first = True

    def finished(self) -> dict[str, dict]:
        """Input path → its record, for the outputs earlier runs finished."""
        return {r["input"]: r for r in manifest_records(self.root / MANIFEST) if isinstance(r.get("input"), str)}

    def is_done(self, path: str, records: dict[str, dict]) -> bool:
        r = records.get(path)
        if r is None or path == STDIN or r.get("format") != self.fmt or r.get("run") != self.run:
            return False
        if not (self.root / r.get("output", "")).is_file():
            return False
        try:
            st = os.stat(path)
        except OSError:
            return False
        same = r.get("size") == st.st_size and r.get("mtime_ns") == st.st_mtime_ns
        return same or r.get("sha256") == (fingerprint(path) or {}).get("sha256")

    def begin(self, path: str) -> None:
        self.abort()
        target = self.root / output_name(path, self.fmt)
        target.parent.mkdir(parents=True, exist_ok=True)
        self._path, self._first = path, True
        for stale in target.parent.glob(f".{glob.escape(target.name)}.*.tmp"):
            stale.unlink(missing_ok=True)  # left by a run that was killed while writing this output
        self._tmp = target.with_name(f".{target.name}.{os.getpid()}.tmp")
        self._fh = open(self._tmp, "w", encoding="utf-8")

    def write(self, text: str) -> None:
        assert self._fh is not None
        self._fh.write(text if self._first else SEPARATOR[self.fmt] + text)
        self._first = False

    def finish(self) -> Path | None:
        """Move the current input's output into place and record it; None when it had no article."""
        if self._fh is None or self._tmp is None or self._path is None:
            return None
        path, tmp = self._path, self._tmp
        self._fh.flush()
        os.fsync(self._fh.fileno())
        self._fh.close()
        self._fh = None
        if self._first:  # nothing was written: no output for this input
            tmp.unlink(missing_ok=True)
            return None
        target = self.root / output_name(path, self.fmt)
        os.replace(tmp, target)
        record = {"input": path, "output": str(output_name(path, self.fmt)), "format": self.fmt, "run": self.run,
                  **(fingerprint(path) or {})}
        with open(self.root / MANIFEST, "a", encoding="utf-8") as fh:
            fh.write(json.dumps(record) + "\n")
            fh.flush()
            os.fsync(fh.fileno())
        self._path = self._tmp = None
        return target

    def abort(self) -> None:
        """Drop the output being written (an interrupted run leaves no partial file)."""
        if self._fh is not None:
            self._fh.close()
            self._fh = None
        if self._tmp is not None:
            self._tmp.unlink(missing_ok=True)
        self._path = self._tmp = None
