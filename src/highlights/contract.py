"""The JSON contract of a summary, field by field: written once, here.

``Summary.to_dict`` (``document``) writes it; everything else that states it is derived from ``SUMMARY``
or checked against it: the Arrow schema of batch Parquet parts (``arrow_schema``), the row of an article
that failed (``empty_row``), the service's OpenAPI models (``tests/test_contract.py`` checks
``service.schemas`` field by field) and what the stories store keeps (the summary's JSON as written).
Other tools rely on these names: add fields freely, never rename or drop one.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

Kind = Any  # a JSON type (str, int, float, bool), a ``Record`` or a ``ListOf``


@dataclass(frozen=True)
class ListOf:
    item: Kind


@dataclass(frozen=True)
class Field:
    """One key of an object: its JSON type, whether it may be null, and whether every object has it
    (``always=False``: written only when set, e.g. a highlight's ``spans``)."""

    name: str
    kind: Kind
    null: bool = False
    always: bool = True


@dataclass(frozen=True)
class Record:
    name: str
    fields: tuple[Field, ...]

    def names(self) -> tuple[str, ...]:
        return tuple(f.name for f in self.fields)


PROBLEM = Record("problem", (
    Field("type", str), Field("start", int), Field("end", int), Field("detail", str),
    Field("source_start", int, null=True, always=False), Field("source_end", int, null=True, always=False)))
JUDGE = Record("judge", (Field("score", float), Field("supported", bool)))
VERIFIED = Record("verified", (Field("supported", bool), Field("score", float), Field("how", str),
                               Field("problems", ListOf(PROBLEM)), Field("judge", JUDGE, always=False)))
EVIDENCE = Record("evidence", (Field("sentence", int), Field("start", int), Field("end", int)))
HIGHLIGHT = Record("highlight", (
    Field("text", str), Field("score", float), Field("evidence", ListOf(EVIDENCE)),
    Field("spans", ListOf(ListOf(int)), always=False), Field("rewritten", bool, always=False),
    Field("verified", VERIFIED, always=False)))
FIGURE = Record("figure", (
    Field("value", float), Field("text", str), Field("article", str, null=True), Field("start", int), Field("end", int),
    Field("attribution", str, null=True)))
CONFLICT = Record("conflict", (
    Field("what", str), Field("bullet", str), Field("values", ListOf(FIGURE)), Field("verified", VERIFIED)))
SUMMARY = Record("summary", (
    Field("id", str), Field("title", str, null=True), Field("date", str, null=True), Field("text", str),
    Field("method", str), Field("compressed", bool), Field("writer", str), Field("highlights", ListOf(HIGHLIGHT)),
    Field("notes", ListOf(str)), Field("conflicts", ListOf(CONFLICT)), Field("dateline", str, null=True),
    Field("sentences", ListOf(ListOf(int))), Field("references", ListOf(str), always=False)))
# a batch row: the summary's fields and the error of an article that failed (null when it did not)
ROW = Record("row", (*SUMMARY.fields, Field("error", str, null=True)))
# why no highlights were written for an article the stories store keeps all the same: the error's code (as the
# service answers it, ``errors``) and its message
REFUSED = Record("refused", (Field("error", str), Field("message", str)))
# a stored article's summary: the summary's fields and, when the summarizer declined the article, ``refused``
# (its ``highlights`` then empty)
STORED = Record("stored", (*SUMMARY.fields, Field("refused", REFUSED, always=False)))


def empty_row() -> dict[str, Any]:
    """Every field of ``ROW``, null (a list: empty): the row of an article that could not be summarized
    starts from this."""
    return {f.name: [] if isinstance(f.kind, ListOf) else None for f in ROW.fields}


def arrow_schema() -> Any:
    """The Arrow schema of ``ROW`` (pyarrow is imported only when Parquet is written)."""
    import pyarrow as pa

    scalars = {str: pa.string(), int: pa.int64(), float: pa.float64(), bool: pa.bool_()}

    def arrow(kind: Kind) -> Any:
        if isinstance(kind, Record):
            return pa.struct([(f.name, arrow(f.kind)) for f in kind.fields])
        if isinstance(kind, ListOf):
            return pa.list_(arrow(kind.item))
        return scalars[kind]

    return pa.schema([(f.name, arrow(f.kind)) for f in ROW.fields])
