"""The JSON contract is written once (``Summary.to_dict``) and stated once (``contract``): the batch rows,
the Parquet schema and the service's OpenAPI models are checked against it field by field."""
from __future__ import annotations

import datetime as dt
import json

import pytest

from highlights import contract
from highlights.batch import rows
from highlights.contract import ListOf, Record
from highlights.document import (
    Article,
    Conflict,
    Evidence,
    Figure,
    Highlight,
    Judgement,
    Problem,
    Sentence,
    Summary,
    Verification,
)

TEXT = "About 4,000 residents fled on Saturday, police said. Officials put the number at 9,000."
VERDICT = Verification(False, 0.25, (Problem("number", 0, 11, "the article gives no 5,000", 6, 11),),
                       judge=Judgement(0.25, False))


def everything() -> Summary:
    """A summary with every optional field set: references, spans, a rewrite, a verdict with a problem that
    points into the article, and a conflict with its verdict."""
    article = Article(id="a1", text=TEXT, title="Flood", date=dt.date(2026, 3, 14), dateline="MILLBROOK",
                      references=("Thousands fled.",))
    h = Highlight("About 4,000 residents fled, police said.", 0.5, (Evidence(0, 0, 51),), VERDICT,
                  spans=((0, 26), (39, 51)), rewritten=True)
    figures = (Figure(4000.0, "About 4,000", 0, 11, "police"), Figure(9000.0, "9,000", 81, 86, "Officials"))
    conflict = Conflict("those who fled", "Estimates of those who fled differ: about 4,000 (police) vs 9,000 "
                        "(Officials)", figures, VERDICT)
    return Summary(article, (Sentence(0, 0, 51), Sentence(1, 52, 87)), (h,), "ranker", compressed=True, writer="llm",
                   notes=("a note",), conflicts=(conflict,))


def least() -> Summary:
    """A summary with no optional field set."""
    h = Highlight("About 4,000 residents fled on Saturday, police said.", 0.5, (Evidence(0, 0, 51),))
    return Summary(Article(id="a2", text=TEXT), (Sentence(0, 0, 51),), (h,), "lead")


def check(value, kind, where):
    """``value`` has the JSON type ``kind`` (recursively)."""
    if isinstance(kind, Record):
        assert isinstance(value, dict), where
        for f in kind.fields:
            if f.name in value:
                if value[f.name] is None:
                    assert f.null, f"{where}.{f.name} is null"
                else:
                    check(value[f.name], f.kind, f"{where}.{f.name}")
    elif isinstance(kind, ListOf):
        assert isinstance(value, list), where
        for i, item in enumerate(value):
            check(item, kind.item, f"{where}[{i}]")
    elif kind is float:
        assert isinstance(value, (int, float)) and not isinstance(value, bool), where
    else:
        assert type(value) is kind, f"{where}: {value!r} is not {kind.__name__}"


def keys(value, kind, where="summary"):
    """Every (path, key set) of ``value``'s objects, next to ``kind``'s: those always written and all."""
    out = []
    if isinstance(kind, Record):
        out.append((where, set(value), {f.name for f in kind.fields if f.always}, set(kind.names())))
        for f in kind.fields:
            if value.get(f.name) is not None:
                out += keys(value[f.name], f.kind, f"{where}.{f.name}")
    elif isinstance(kind, ListOf):
        for item in value:
            out += keys(item, kind.item, f"{where}[]")
    return out


def test_a_summary_with_everything_set_writes_every_field_of_the_contract_in_its_order():
    d = json.loads(json.dumps(everything().to_dict()))
    check(d, contract.SUMMARY, "summary")
    for where, got, _, every in keys(d, contract.SUMMARY):
        assert got == every, where
    assert tuple(d) == contract.SUMMARY.names()
    assert tuple(d["highlights"][0]) == contract.HIGHLIGHT.names()
    assert tuple(d["conflicts"][0]["values"][0]) == contract.FIGURE.names()


def test_a_summary_with_nothing_optional_writes_only_what_is_always_there():
    d = least().to_dict()
    check(d, contract.SUMMARY, "summary")
    for where, got, always, _ in keys(d, contract.SUMMARY):
        assert got == always, where


def test_a_batch_row_is_the_summary_plus_error_and_a_failed_row_has_the_same_fields():
    ok = rows.summary_row(least())
    failed = rows.error_row(ValueError("boom"), Article(id="x", text="t"), method="lead")
    assert list(ok) == list(failed) == [n for n in contract.ROW.names() if n != "references"]
    assert failed["error"] == "internal error (ValueError: boom)" and failed["highlights"] == []


def test_the_parquet_schema_is_the_contracts_and_takes_a_row_with_everything():
    pa = pytest.importorskip("pyarrow")
    schema = rows.schema()
    assert schema.names == list(contract.ROW.names())
    table = pa.Table.from_pylist([rows.summary_row(everything()), rows.summary_row(least())], schema=schema)
    back = table.to_pylist()[0]
    assert back["highlights"][0]["spans"] == [[0, 26], [39, 51]]
    assert back["conflicts"][0]["values"][1]["attribution"] == "Officials"
    assert back["highlights"][0]["verified"]["problems"][0]["source_start"] == 6


def test_the_service_documents_every_field_of_the_contract():
    schemas = pytest.importorskip("highlights.service.schemas")
    models = {contract.SUMMARY: schemas.SummaryOut, contract.HIGHLIGHT: schemas.HighlightOut,
              contract.EVIDENCE: schemas.EvidenceOut, contract.VERIFIED: schemas.VerifiedOut,
              contract.PROBLEM: schemas.ProblemOut, contract.CONFLICT: schemas.ConflictOut,
              contract.FIGURE: schemas.ConflictValueOut}
    for record, model in models.items():
        documented = set(model.model_fields)
        assert set(record.names()) <= documented, f"{model.__name__} lacks {set(record.names()) - documented}"
        for f in record.fields:
            if not f.always or f.null:
                assert not model.model_fields[f.name].is_required() or f.null, f"{model.__name__}.{f.name}"
    # the service answers with the contract: a summary validates against its model
    schemas.SummaryOut.model_validate(everything().to_dict())
    schemas.SummaryOut.model_validate(least().to_dict())
