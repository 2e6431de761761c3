"""The one loader for every trained model that ships with Highlights.

Each model is a folder under ``highlights/models/`` (``idf``, ``ranker``, ``compress``, ``verifier``, ``judge``)
with a ``manifest.json``:

``schema``      the manifest format (``SCHEMA``); another one is refused
``name``        the model's name, the folder's
``files``       every file of the model and its sha256: a missing or corrupt file is refused
``words``       the sha256 of each word list (``highlights.words``) the model's features read: a model
                trained on other lists than the installed ones is refused
``built_from``  the digest of each model it was built with (the ranker reads the IDF table; the
                compressor learned on the ranker's highlights): a model whose parents changed is refused
``data``        the sha256 of each training file
``features``    the feature names, checked by the code that builds the rows
``versions``    the libraries it was trained with; ``training`` the parameters and figures

``load(name)`` checks all of that once per process and raises ``ModelError`` with the fix
(``make train``, or reinstall) when anything is off. Nothing is read at import time.
"""
from __future__ import annotations

import hashlib
import json
import os
import threading
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

from ..errors import ModelError
from ..words import fingerprint

SCHEMA = 1
MANIFEST = "manifest.json"
NAMES = ("idf", "ranker", "compress", "verifier", "judge")
REBUILD = "run `make train` to rebuild the models, or reinstall highlights"


def default_root() -> Path:
    """The folder of the models shipped inside the package."""
    return Path(str(resources.files(__name__)))


def cache_root() -> Path:
    """Where files derived once per machine are kept (the MiniLM vectors, the joined language models):
    ``$HIGHLIGHTS_CACHE``, default ``~/.cache/highlights``."""
    return Path(os.environ.get("HIGHLIGHTS_CACHE", Path.home() / ".cache" / "highlights"))


def sha256(path: str | Path) -> str:
    """The sha256 of a file, read in blocks."""
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def digest(files: dict[str, str]) -> str:
    """A model's identity: the sha256 of its files' names and hashes, so any changed file changes it."""
    return hashlib.sha256(json.dumps(files, sort_keys=True).encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class Model:
    """A checked model folder: its manifest and where its files are."""

    name: str
    directory: Path
    manifest: dict[str, Any]

    @property
    def digest(self) -> str:
        return digest(self.manifest["files"])

    def path(self, file: str) -> Path:
        if file not in self.manifest["files"]:
            raise ModelError(f"the {self.name} model in {self.directory} has no file {file!r}; {REBUILD}")
        return self.directory / file

    def text(self, file: str) -> str:
        return self.path(file).read_text(encoding="utf-8")


_cache: dict[tuple[str, str], Model] = {}
_lock = threading.RLock()


def load(name: str, root: str | Path | None = None) -> Model:
    """The model ``name`` from ``root`` (default: the shipped models), checked; cached per process."""
    folder = Path(root) if root is not None else default_root()
    key = (name, str(folder.resolve()))
    with _lock:
        if key not in _cache:
            _cache[key] = _check(name, folder)
        return _cache[key]


def forget(root: str | Path | None = None) -> None:
    """Drop cached models (of ``root`` only, when given): for trainers that rewrite a folder."""
    with _lock:
        for key in list(_cache):
            if root is None or key[1] == str(Path(root).resolve()):
                del _cache[key]


def _check(name: str, root: Path) -> Model:
    directory = root / name
    path = directory / MANIFEST
    try:
        manifest = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ModelError(f"{path}: the {name} model is missing; {REBUILD}") from None
    except (OSError, ValueError) as exc:
        raise ModelError(f"{path}: unreadable manifest ({exc}); {REBUILD}") from None
    if not isinstance(manifest, dict) or manifest.get("schema") != SCHEMA or manifest.get("name") != name:
        raise ModelError(f"{path}: not a schema-{SCHEMA} manifest of the {name} model; {REBUILD}")
    files = manifest.get("files")
    if not isinstance(files, dict) or not files:
        raise ModelError(f"{path}: lists no files; {REBUILD}")
    for file, expected in files.items():
        try:
            actual = sha256(directory / file)
        except OSError:
            raise ModelError(f"{directory / file}: missing from the {name} model; {REBUILD}") from None
        if actual != expected:
            raise ModelError(f"{directory / file}: corrupt or changed (its sha256 is not the manifest's); {REBUILD}")
    recorded = manifest.get("words", {})
    current = fingerprint(*recorded)
    changed = sorted(k for k in recorded if recorded[k] != current[k])
    if changed:
        raise ModelError(f"the {name} model was trained with other word lists than the installed ones "
                         f"({', '.join(f'words/{c}.txt' for c in changed)} changed); {REBUILD}")
    for parent, expected in manifest.get("built_from", {}).items():
        if _check_parent(parent, root) != expected:
            raise ModelError(f"the {name} model was built from another {parent} model than the one in "
                             f"{root / parent}; {REBUILD}")
    return Model(name, directory, manifest)


def _check_parent(parent: str, root: Path) -> str:
    """The digest the parent's manifest declares: its files are checked when it is itself loaded, so
    checking a child never reads a parent's (possibly large) files."""
    try:
        declared = json.loads((root / parent / MANIFEST).read_text(encoding="utf-8"))["files"]
    except (OSError, ValueError, KeyError, TypeError):
        raise ModelError(f"{root / parent / MANIFEST}: the {parent} model is missing or unreadable; {REBUILD}") from None
    return digest(declared)


def write(directory: str | Path, name: str, *, files: list[str], words: list[str],
          built_from: dict[str, Model] | None = None, data: dict[str, str] | None = None,
          features: Any = None, training: dict[str, Any] | None = None,
          versions: dict[str, str] | None = None, about: str = "", extra: dict[str, Any] | None = None
          ) -> dict[str, Any]:
    """Write ``manifest.json`` for the model files already in ``directory``; returns the manifest.

    The manifest holds nothing that changes from run to run (no time stamps), so retraining on the
    same data gives a byte-identical folder.
    """
    directory = Path(directory)
    manifest = {
        "schema": SCHEMA,
        "name": name,
        "about": about,
        "files": {f: sha256(directory / f) for f in sorted(files)},
        "words": fingerprint(*words),
        "built_from": {k: m.digest for k, m in sorted((built_from or {}).items())},
        "data": dict(sorted((data or {}).items())),
        "features": features,
        "training": training or {},
        "versions": versions or {},
        **(extra or {}),
    }
    (directory / MANIFEST).write_text(json.dumps(manifest, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    forget(directory.parent)
    return manifest


__all__ = ["SCHEMA", "NAMES", "Model", "load", "forget", "write", "default_root", "sha256", "digest"]
