"""``summarize --out DIR``: one output file per input, written as it is produced, each appearing whole.

- **Names** come from the PATHs given on the command line, so they are stable from run to run of the
  same command:

  - an input found in a folder PATH is named by its path within that folder: ``summarize /data/news/
    --out DIR`` writes ``/data/news/x/a.txt`` as ``DIR/x/a.txt.json``;
  - a file PATH is named by its file name: ``summarize ../news/a.txt --out DIR`` → ``DIR/a.txt.json``;
  - with several (different) PATHs, each folder's outputs go under the folder's own name, and files
    given directly stay at the top: ``summarize a/news/ b/sport/ c.txt --out DIR`` →
    ``DIR/news/x/a.txt.json``, ``DIR/sport/x/a.txt.json``, ``DIR/c.txt.json``;
  - ``-`` (stdin) → ``DIR/stdin.json``;

  with the format's suffix added (``.txt``, ``.json``, ``.md``; JSON Lines inputs with ``-f json``
  give ``.jsonl``: ``a.jsonl.gz`` → ``a.jsonl.gz.jsonl``). An input met twice (the same path, or the
  same file by two paths under one name) is written once. Two different inputs that would get the same
  name (``a/news/`` and ``b/news/``, or ``a/x.txt`` and ``b/x.txt``) are refused before anything is
  written, with an error naming both: nothing is ever overwritten by another input's output.
- **Atomic**: an input's articles go to a hidden temporary file beside the output as they come; when the
  input is done the file is renamed into place (``os.replace``), so an output is either whole or absent.
- **Resumable**: each finished output is recorded in ``DIR/.highlights-done.jsonl`` with its input's
  path, its output's name, size, modification time and sha256 and the run's format and settings;
  ``resume`` skips an input whose record matches and whose output is there. A run killed at any moment
  (SIGKILL included) and rerun with ``--resume`` writes every input exactly once. Because names depend
  on the PATHs given, ``--resume`` refuses (before writing anything) a folder where one of this run's
  inputs was recorded under another name than this run gives it, rather than leave two layouts mixed:
  a run with other PATHs wrote it (rerun with the same PATHs), or an older Highlights did, which named
  outputs after the input's path from the working directory (``summarize in/ --out DIR`` wrote
  ``DIR/in/x/a.txt.json``; rerun without ``--resume`` into a new folder). Older records whose names
  this rule gives too (a file given from the working directory: ``a.txt`` → ``a.txt.json``) still count.
"""
from __future__ import annotations

import glob
import hashlib
import json
import os
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import IO

from ..errors import OutputError
from ..read.fetch import is_url
from ..read.source import STDIN
from . import SEPARATOR, SUFFIX

MANIFEST = ".highlights-done.jsonl"
# Marks the manifest records of outputs named by the PATHs given (older records, named after the path from
# the working directory, have no "layout").
LAYOUT = "relative-to-path"


def output_name(path: str, fmt: str, given: str | None = None, *, several: bool = False) -> Path:
    """Where the output of input ``path`` goes, relative to the output folder: ``given`` is the PATH of the
    command line it was found in (None or ``path`` itself: it was given directly); ``several``: the
    command line had more than one PATH."""
    if path == STDIN:
        return Path("stdin" + SUFFIX[fmt])
    if given is None or given == path:
        name = Path(Path(path).name)
    else:
        name = Path(path).relative_to(given)
        if several:
            name = Path(os.path.abspath(given)).name / name  # (no name for /: its files stay at the top)
    many = fmt == "json" and name.name.lower().endswith((".jsonl", ".jsonl.gz"))
    return name.with_name(name.name + (".jsonl" if many else SUFFIX[fmt]))


def output_names(inputs: Iterable[tuple[str, str]], fmt: str, *, several: bool,
                 root: str | Path | None = None) -> dict[str, Path]:
    """Input path → its output's name, for the (PATH given, input found in it) pairs, in their order.

    An input met again keeps its first name (it is written once); so does a file met by another path
    under the same name. Two different inputs with one name (or one's name a folder of the other's)
    raise ``OutputError`` naming both (and ``root``, the output folder, when given)."""
    names: dict[str, Path] = {}
    taken: dict[Path, str] = {}  # output name → its input
    folders: dict[Path, str] = {}  # folder of an output name → the first input that needs it
    for given, path in inputs:
        if path in names:
            continue
        name = output_name(path, fmt, given, several=several)
        if name in taken and _same_file(taken[name], path):
            continue
        other = taken.get(name) or folders.get(name) or next((taken[d] for d in name.parents if d in taken), None)
        if other is not None:
            raise OutputError(f"{other} and {path} would both be written as {name}; summarize them into "
                              "separate --out folders",
                              source=None if root is None else str(root))
        names[path], taken[name] = name, path
        for folder in name.parents:
            folders.setdefault(folder, path)
    return names


def _same_file(a: str, b: str) -> bool:
    try:
        return a != STDIN and b != STDIN and os.path.samefile(a, b)
    except OSError:
        return False


def fingerprint(path: str) -> dict | None:
    """What identifies an input's content: size, modification time and sha256 (None for stdin and a URL: fetched
    again on --resume)."""
    if path == STDIN or is_url(path):
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
        self.names: dict[str, Path] = {}

    def name(self, path: str) -> Path:
        """The output's name (relative to the folder) of input ``path``."""
        return self.names.get(path) or output_name(path, self.fmt)

    def plan(self, inputs: Iterable[tuple[str, str]], *, several: bool) -> list[str]:
        """Name the inputs, (PATH given, input found in it) pairs (see ``output_names``); the inputs to
        write, each once, in order. Raises ``OutputError`` when two inputs would get one name."""
        self.names = output_names(inputs, self.fmt, several=several, root=self.root)
        return list(self.names)

    def finished(self) -> dict[str, dict]:
        """Input path → its latest record in this run's format, for the outputs earlier runs finished."""
        return {r["input"]: r for r in manifest_records(self.root / MANIFEST)
                if isinstance(r.get("input"), str) and r.get("format") == self.fmt}

    def check_resume(self, paths: Iterable[str], records: dict[str, dict]) -> None:
        """Raise ``OutputError`` when one of ``paths`` was recorded under another name than this run gives
        it: resuming would leave two layouts in one folder (and the old outputs beside the new)."""
        for path in paths:
            r = records.get(path)
            if r is None or path == STDIN or r.get("output") == str(self.name(path)):
                continue
            before, now = self.root / str(r.get("output")), self.root / self.name(path)
            if r.get("layout") != LAYOUT:
                raise OutputError(
                    "this folder was written by an older Highlights, which named outputs after the input's path "
                    f"from the working directory ({path} → {before}; now {now}): --resume cannot continue it; "
                    "rerun without --resume into a new folder", source=str(self.root))
            raise OutputError(
                f"{path} was written as {before} by a run with other PATHs; this run names it {now}: resume with "
                "the PATHs that run had, or rerun without --resume into a new folder", source=str(self.root))

    def is_done(self, path: str, records: dict[str, dict]) -> bool:
        r = records.get(path)
        if r is None or path == STDIN or r.get("format") != self.fmt or r.get("run") != self.run:
            return False
        if r.get("output") != str(self.name(path)):
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
        target = self.root / self.name(path)
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
        target = self.root / self.name(path)
        os.replace(tmp, target)
        record = {"input": path, "output": str(self.name(path)), "layout": LAYOUT, "format": self.fmt,
                  "run": self.run, **(fingerprint(path) or {})}
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
