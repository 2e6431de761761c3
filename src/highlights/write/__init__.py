"""Writing: a Summary → text in one of the output formats (``cnn``, ``json``, ``md``)."""
from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from pathlib import Path

from ..model import Summary
from ..read import stem
from . import cnn, jsonfmt, markdown

WRITERS: dict[str, Callable[..., str]] = {"cnn": cnn.render, "json": jsonfmt.render, "md": markdown.render}
SUFFIX = {"cnn": ".txt", "json": ".json", "md": ".md"}
# What separates several articles written to one stream.
SEPARATOR = {"cnn": "\n", "json": "", "md": "\n"}


def render(summary: Summary, fmt: str = "cnn", *, with_body: bool = False) -> str:
    return WRITERS[fmt](summary, with_body=with_body)


def write_outputs(out_dir: str | Path, per_input: Mapping[str, Sequence[str]], fmt: str) -> list[Path]:
    """Write each input's rendered articles (``per_input``: input path → texts) to one file in ``out_dir``.

    A file is named after its input (its stem, ``stdin`` for ``-``) with the format's suffix, ``.jsonl``
    for several JSON articles; when inputs share a name (``a/story.txt``, ``b/story.txt``) the later ones
    get ``-2``, ``-3``, ... so that no output overwrites another. Returns the paths written, in order.
    """
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    used: set[str] = set()
    for path, texts in per_input.items():
        name_stem = stem(path)
        suffix = ".jsonl" if fmt == "json" and len(texts) > 1 else SUFFIX[fmt]
        name, k = name_stem + suffix, 2
        while name in used:
            name, k = f"{name_stem}-{k}{suffix}", k + 1
        used.add(name)
        target = out_dir / name
        target.write_text(SEPARATOR[fmt].join(texts), encoding="utf-8")
        written.append(target)
    return written
