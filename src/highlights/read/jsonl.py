"""JSON Lines corpora (plain or gzipped), one article per line, such as the CNN/DailyMail files."""
from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable, Iterator
from dataclasses import replace

from ..document import Article, date_problem, given_date
from ..errors import EmptyInputError, FormatError, HighlightsError
from ..sentences import dateline
from ..settings import Settings
from . import html, ptb


def looks_like(text: str) -> bool:
    first = next((line for line in text.split("\n") if line.strip()), "")
    if not first.lstrip().startswith("{"):
        return False
    try:
        return isinstance(json.loads(first), dict)
    except ValueError:
        return False


def parse_lines(
    lines: Iterable[tuple[int, str | HighlightsError]], *, source: str, text_field: str, reference_field: str,
    max_bytes: int,
) -> Iterator[Article | HighlightsError]:
    """One Article per numbered line; a bad line yields its error (with the line number) and reading goes on.
    A file with no record at all (empty, or blank lines only) yields the empty-input error."""
    records = 0
    for number, line in lines:
        if isinstance(line, HighlightsError):
            records += 1
            yield line
            continue
        if not line.strip():
            continue
        records += 1
        where = f"{source}:{number}"
        try:
            yield parse_row(line, where=where, number=number, text_field=text_field,
                            reference_field=reference_field, max_bytes=max_bytes)
        except HighlightsError as exc:
            yield exc
    if not records:
        yield EmptyInputError("holds no records (the JSON Lines file is empty); expected one JSON object per line",
                              source=source)


def json_reason(message: str) -> str:
    """The JSON parser's reason, read after "at column N": its "Unterminated string starting at" ends there.

    >>> json_reason("Unterminated string starting at"), json_reason("Expecting value")
    ('Unterminated string starting there', 'Expecting value')
    """
    return message[:-3] + " there" if message.endswith(" at") else message


def parse_row(line: str, *, where: str, number: int, text_field: str, reference_field: str,
              max_bytes: int) -> Article:
    """One JSON line → an Article (``number`` is its id when the record has none)."""
    if len(line) > max_bytes:
        raise FormatError(f"record is larger than the size limit of {max_bytes:,} bytes", source=where)
    try:
        row = json.loads(line)
    except json.JSONDecodeError as exc:
        raise FormatError(f"malformed JSON at column {exc.colno} ({json_reason(exc.msg)}); expected one object "
                          "per line", source=where) from None
    if not isinstance(row, dict):
        raise FormatError(f"expected a JSON object, got {type(row).__name__}", source=where)
    return parse_record(row, where=where, number=number, text_field=text_field, reference_field=reference_field)


def parse_record(row: dict, *, where: str, number: int, text_field: str, reference_field: str) -> Article:
    """One record (a JSON object, a Parquet row) → an Article: the story in ``text_field``, optional
    ``id``, ``title``, ``date`` (YYYY-MM-DD; one outside the range of dates, ``document.checked_date``, is
    missing) and reference highlights (a string or a list of strings).
    A story field holding a whole HTML page (a crawl's records) is read as the page's main text.
    Without the default field (``article``, as CNN/DailyMail's), a record's ``text`` field is the story.
    Cased PTB-tokenized text is restored to prose (``ptb.restore``)."""
    text = row.get(text_field)
    if text is None and text_field == Settings.text_field and isinstance(row.get("text"), str):
        text_field, text = "text", row["text"]
    if not isinstance(text, str):
        found = ", ".join(sorted(row)[:8]) or "none"
        raise FormatError(f"field {text_field!r} is missing or not a string (fields: {found}); "
                          "choose the field with --text-field", source=where)
    if not text.strip():
        raise FormatError(f"field {text_field!r} is empty; nothing to summarize", source=where)
    refs = row.get(reference_field) or ()
    if isinstance(refs, str):
        refs = [r for r in refs.split("\n") if r.strip()]
    if not isinstance(refs, (list, tuple)) or not all(isinstance(r, str) for r in refs):
        raise FormatError(f"field {reference_field!r} must be a string or a list of strings", source=where)
    date = None
    raw_date = row.get("date")
    if isinstance(raw_date, dt.date):  # a Parquet date or timestamp column
        date = raw_date.date() if isinstance(raw_date, dt.datetime) else raw_date
    elif isinstance(raw_date, str) and raw_date.strip():  # "" is a missing date, as null is
        try:
            date = dt.date.fromisoformat(raw_date[:10])
        except ValueError as exc:
            raise FormatError(f"field 'date' {raw_date!r} {date_problem(raw_date[:10], exc)}", source=where) from None
    date, notes = given_date(date)  # an export's "no date" (0001-01-01, 9999-12-31) is missing, as null is
    title = row.get("title") if isinstance(row.get("title"), str) else None
    ident = str(number if row.get("id") is None else row["id"])
    if html.looks_like(text):
        page = html.parse(text, id=ident, source=where)  # the record's own title and date win over the page's
        return replace(page, title=title or page.title, date=date or page.date, references=tuple(refs),
                       notes=page.notes + notes)
    text = ptb.restore(text)  # cased PTB tokens (Timeline17's) back to prose; the benchmark's lowercase stays
    tag, _ = dateline(text)
    return Article(id=ident, text=text, title=title, date=date, dateline=tag, references=tuple(refs), source=where,
                   notes=notes)
