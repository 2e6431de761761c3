"""The readers and `highlights summarize` fuzzed (slow tier): whatever a file holds, reading it gives articles
or errors that name the input (``HighlightsError``), never another exception, and the command answers with
an exit code (0, 1 or 2), never a traceback."""
from __future__ import annotations

import gzip
import io
import json
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from highlights.cli import main
from highlights.document import Article
from highlights.errors import HighlightsError
from highlights.read import read
from highlights.settings import DATE_MAX, DATE_MIN

pytestmark = pytest.mark.slow

SUFFIXES = (".txt", ".story", ".html", ".jsonl", ".jsonl.gz", ".parquet")
FUZZ = settings(max_examples=150, deadline=None, derandomize=True, suppress_health_check=list(HealthCheck))

# JSON values of any kind, for the fields of a record: a date may be "0001-01-01", 3, [], {"a": null}, ...
values = st.recursive(st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=40),
                      lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3),
                      max_leaves=6)
STORY = ("(CNN)About 4,000 residents fled their homes on Saturday after the river rose, police said. Officials "
         "put the number who fled at 9,000 on Sunday. The river crested on Sunday evening, the mayor said.")
records = st.fixed_dictionaries({}, optional={"id": values, "article": st.one_of(st.just(STORY), values),
                                              "date": st.one_of(st.dates().map(str), values),
                                              "title": values, "highlights": values})


def written(data: bytes, suffix: str) -> Path:
    folder = Path(tempfile.mkdtemp(prefix="highlights-fuzz-"))
    path = folder / f"input{suffix}"
    path.write_bytes(gzip.compress(data) if suffix == ".jsonl.gz" else data)
    return path


def read_everything(path: Path) -> list[Article | HighlightsError]:
    items = list(read(str(path)))
    for item in items:
        assert isinstance(item, (Article, HighlightsError)), type(item)
        if isinstance(item, Article):
            assert item.date is None or DATE_MIN <= item.date <= DATE_MAX  # the one range of dates
    return items


@FUZZ
@given(data=st.binary(max_size=3000), suffix=st.sampled_from(SUFFIXES))
def test_any_bytes_in_any_input_form_read_as_articles_or_errors(data, suffix):
    read_everything(written(data, suffix))


@FUZZ
@given(lines=st.lists(records, min_size=1, max_size=4))
def test_json_lines_records_of_any_shape_read_as_articles_or_errors(lines):
    data = "\n".join(json.dumps(r) for r in lines).encode()
    items = read_everything(written(data, ".jsonl"))
    assert len(items) == len(lines)  # one answer a record: none lost, none invented


@FUZZ
@given(lines=st.lists(records, min_size=1, max_size=3), fmt=st.sampled_from(("cnn", "json", "md")))
def test_summarize_answers_every_record_with_an_exit_code(lines, fmt):
    path = written("\n".join(json.dumps(r) for r in lines).encode(), ".jsonl")
    out, err = io.StringIO(), io.StringIO()
    from contextlib import redirect_stderr, redirect_stdout

    with redirect_stdout(out), redirect_stderr(err):
        code = main(["summarize", str(path), "--method", "lead", "--format", fmt, "--no-progress"])
    assert code in (0, 1, 2)
    assert "Traceback" not in err.getvalue() + out.getvalue()


@FUZZ
@given(rows=st.lists(records, min_size=1, max_size=4))
def test_parquet_tables_of_any_record_shape_read_as_articles_or_errors(rows):
    pa = pytest.importorskip("pyarrow")
    pq = pytest.importorskip("pyarrow.parquet")
    # Parquet columns have one type: each field as its JSON text (a story's text stays a string)
    table = pa.table({name: [None if name not in r else r[name] if isinstance(r[name], str) else json.dumps(r[name])
                             for r in rows] for name in ("id", "article", "date", "title", "highlights")})
    buffer = io.BytesIO()
    pq.write_table(table, buffer)
    items = read_everything(written(buffer.getvalue(), ".parquet"))
    assert len(items) == len(rows)
