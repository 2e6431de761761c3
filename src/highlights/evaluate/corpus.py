"""Evaluation corpora: articles with reference highlights, and published systems' outputs for them.

Both are JSON Lines, plain or gzipped, one object per line. A bad row never stops a run: it is
skipped and its reason (with ``file:line``) kept for the report; only a missing or unreadable file,
or one without a single usable row, is an error.
"""
from __future__ import annotations

import gzip
import json
import os
import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import TypeVar

from ..document import Article
from ..errors import FormatError, HighlightsError, InputError
from ..read.jsonl import json_reason
from ..sentences import dateline

REFERENCE_FIELDS = ("highlights_tok_lower", "highlights")  # tried in this order when none is named


# CNN's dateline, "(CNN)" or "Seoul (CNN) --" ("( cnn )" tokenized), or an older CNN story's place dateline
# ("paris , france -- "), within the opening words: Daily Mail stories have neither. On the cased
# originals, whose rows say their source, they find 334 of the 344 CNN stories and no Daily Mail one; in
# articles.train_extra (CNN's block first, then the Daily Mail's) 21,392 of the 22,361 CNN stories and 3
# of the 16,237 Daily Mail ones.
_CNN_DATELINE = re.compile(r"^[^()]{0,80}\(\s*cnn\s*\)|^[^.]{0,80}? -- ", re.I)
SOURCES = ("cnn", "dailymail")


def news_source(text: str) -> str:
    """"cnn" when the story opens with CNN's dateline, else "dailymail" (the CNN/DailyMail corpus's two)."""
    return "cnn" if _CNN_DATELINE.search(text[:120]) else "dailymail"


@dataclass(frozen=True, slots=True)
class Item:
    """One evaluation article with its reference bullets."""

    id: str
    article: Article
    reference: tuple[str, ...]


@dataclass(frozen=True)
class Dataset:
    """The usable rows of a corpus, in file order, and a message for each row that was skipped."""

    items: tuple[Item, ...]
    skipped: tuple[str, ...] = ()


def load(path: str, *, text_field: str = "article", reference_field: str | None = None,
         limit: int | None = None, every: int = 1) -> Dataset:
    """The first ``limit`` usable rows of a JSONL(.gz) corpus; bad rows are skipped with a reason.

    ``every=k`` keeps every k-th usable row (the 1st, the k+1th, ...): a quick sample that spans
    the file, where the first rows alone would be one part of it (the CNN/DM files hold CNN
    stories first, then Daily Mail ones).

    The reference is ``reference_field`` when given, else the first of ``REFERENCE_FIELDS`` the
    row has (the tokenized lowercase bullets of the CNN/DM files, else the cased ones).
    Raises ``InputError`` when the file is missing or holds no usable row.
    """
    seen: set[str] = set()
    usable = 0

    def parse(row: dict, where: str) -> Item | None:
        nonlocal usable
        item = _item(row, where=where, text_field=text_field, reference_field=reference_field)
        if item.id in seen:
            raise FormatError(f"id {item.id!r} appears twice; the later row is skipped", source=where)
        seen.add(item.id)
        usable += 1
        return item if (usable - 1) % every == 0 else None

    items, skipped = collect(path, parse, limit=limit)
    return Dataset(tuple(items), tuple(skipped))


T = TypeVar("T")


def collect(path: str, parse: Callable[[dict, str], T | None], *, limit: int | None = None
            ) -> tuple[list[T], list[str]]:
    """What ``parse(row, "file:line")`` makes of each JSON row of ``path``, up to ``limit`` of them,
    and a message for each row it skipped (bad JSON, or a ``HighlightsError`` from ``parse``).

    ``parse`` returns None for a good row the caller does not keep (a sample's other rows).
    Raises ``InputError`` when the file is missing, unreadable, or yields nothing.
    """
    kept: list[T] = []
    skipped: list[str] = []
    for where, row in _rows(path):
        if limit is not None and len(kept) >= limit:
            break
        if isinstance(row, HighlightsError):
            skipped.append(str(row))
            continue
        try:
            made = parse(row, where)
        except HighlightsError as exc:
            skipped.append(str(exc))
            continue
        if made is not None:
            kept.append(made)
    if not kept:
        first = f" (first problem: {skipped[0]})" if skipped else ""
        raise InputError(f"holds no usable row{first}", source=path)
    return kept, skipped


def _rows(path: str) -> Iterator[tuple[str, dict | HighlightsError]]:
    """(``path:line``, the parsed JSON object or the error that row raised) for each non-blank line."""
    if not os.path.exists(path):
        raise InputError("no such file; check the path", source=path)
    if os.path.isdir(path):
        raise InputError("is a directory; expected a JSONL(.gz) file", source=path)
    number = 0
    try:
        with open(path, "rb") as fh:
            gzipped = fh.read(2) == b"\x1f\x8b"
        with (gzip.open if gzipped else open)(path, "rb") as fh:
            for number, raw in enumerate(fh, 1):
                if not raw.strip():
                    continue
                where = f"{path}:{number}"
                try:
                    row = json.loads(raw)
                except (ValueError, UnicodeDecodeError) as exc:
                    reason = (f"at column {exc.colno} ({json_reason(exc.msg)})" if isinstance(exc, json.JSONDecodeError)
                              else f"({exc})")
                    yield where, FormatError(f"malformed JSON {reason}; expected one object per line", source=where)
                    continue
                if not isinstance(row, dict):
                    yield where, FormatError(f"expected a JSON object, got {type(row).__name__}", source=where)
                    continue
                yield where, row
    except (OSError, EOFError) as exc:
        raise InputError(f"cannot be read past line {number} ({exc})", source=path) from None


def _item(row: dict, *, where: str, text_field: str, reference_field: str | None) -> Item:
    text = row.get(text_field)
    if not isinstance(text, str) or not text.strip():
        raise FormatError(f"field {text_field!r} is missing or empty; choose the field with --text-field",
                          source=where)
    names = (reference_field,) if reference_field else REFERENCE_FIELDS
    name = next((f for f in names if row.get(f)), None)
    if name is None:
        raise FormatError(f"no reference highlights in {' or '.join(map(repr, names))}; "
                          "choose the field with --reference-field", source=where)
    reference = row[name]
    if isinstance(reference, str):
        reference = reference.split("\n")
    if not isinstance(reference, list) or not all(isinstance(r, str) for r in reference):
        raise FormatError(f"field {name!r} must be a string or a list of strings", source=where)
    reference = tuple(r for r in reference if r.strip())
    if not reference:
        raise FormatError(f"field {name!r} holds no reference text", source=where)
    ident = str(row.get("id", where))
    return Item(ident, Article(id=ident, text=text, dateline=dateline(text)[0], source=where), reference)


def load_systems(path: str, *, ids: Sequence[str]) -> tuple[dict[str, dict[str, str]], tuple[str, ...]]:
    """Published outputs for the articles ``ids``: system → article id → summary; and skipped rows.

    Rows need ``id``, ``system`` and a string ``summary``; rows for other articles are ignored.
    """
    wanted = set(ids)
    systems: dict[str, dict[str, str]] = {}
    skipped: list[str] = []
    for where, row in _rows(path):
        if isinstance(row, HighlightsError):
            skipped.append(str(row))
            continue
        ident, system, summary = row.get("id"), row.get("system"), row.get("summary")
        if not isinstance(system, str) or not isinstance(summary, str) or ident is None:
            skipped.append(f"{where}: expected fields 'id', 'system' and a string 'summary'")
            continue
        if str(ident) not in wanted:
            continue
        outputs = systems.setdefault(system, {})
        if outputs.setdefault(str(ident), summary) != summary:  # identical repeats are harmless
            skipped.append(f"{where}: a second, different summary of {ident!r} by {system!r}; the first is kept")
    return systems, tuple(skipped)
