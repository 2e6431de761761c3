"""Cutting inputs into parts: hand-checkable ranges for each kind of input."""
from __future__ import annotations

import gzip
import os

import pytest

from highlights.batch.plan import Part, plan
from highlights.read import read_lines

from ..read.conftest import gzip_broken_after


def story(i: int) -> str:
    return f'{{"id": "s{i}", "article": "Rain fell on day {i} in Leeds. Roads flooded by noon."}}\n'


def test_jsonl_lines_are_cut_every_batch_size_records_with_blank_lines_inside_a_part(tmp_path):
    path = tmp_path / "a.jsonl"
    path.write_text(story(1) + "\n" + story(2) + story(3) + story(4) + story(5), encoding="utf-8")
    parts = plan([str(path)], batch_size=2).parts
    assert [(p.name, p.first, p.count, p.articles) for p in parts] == [
        ("part-000000", 1, 3, 2), ("part-000001", 4, 2, 2), ("part-000002", 6, 1, 1)]
    # the byte offset lets a worker seek straight to its first line, numbered as a whole-file read numbers it
    got = [a.id for p in parts for a in read_lines(str(path), first=p.first, count=p.count, offset=p.offset)]
    assert got == ["s1", "s2", "s3", "s4", "s5"]
    assert [a.source for a in read_lines(str(path), first=4, count=2, offset=parts[1].offset)] == [
        f"{path}:4", f"{path}:5"]


def test_a_gzipped_file_has_the_same_parts_without_offsets(tmp_path):
    plain, packed = tmp_path / "a.jsonl", tmp_path / "b.jsonl.gz"
    text = "".join(story(i) for i in range(7))
    plain.write_text(text, encoding="utf-8")
    packed.write_bytes(gzip.compress(text.encode()))
    a, b = plan([str(plain)], batch_size=3).parts, plan([str(packed)], batch_size=3).parts
    assert [(p.first, p.count) for p in a] == [(p.first, p.count) for p in b] == [(1, 3), (4, 3), (7, 1)]
    assert all(p.offset is None for p in b) and a[1].offset == len(story(0) + story(1) + story(2))
    assert [x.id for x in read_lines(str(packed), first=4, count=3)] == ["s3", "s4", "s5"]


def test_a_truncated_gzip_file_keeps_the_parts_before_the_damage_and_reports_it(tmp_path):
    path = tmp_path / "cut.jsonl.gz"
    path.write_bytes(gzip.compress("".join(story(i) for i in range(400)).encode())[:-30])
    p = plan([str(path)], batch_size=100)
    assert [x.articles for x in p.parts][:3] == [100, 100, 100]
    (error,) = p.errors
    assert "is the gzip file complete?" in str(error) and str(path) in str(error)


def test_a_gzip_stream_that_turns_invalid_keeps_the_parts_before_the_damage_and_reports_it(tmp_path):
    """zlib's own error (an invalid deflate block), not only a cut file's EOFError or a bad CRC's OSError."""
    path = tmp_path / "broken.jsonl.gz"
    path.write_bytes(gzip_broken_after("".join(story(i) for i in range(5))))
    p = plan([str(path)], batch_size=2)
    assert [(x.first, x.count) for x in p.parts] == [(1, 2), (3, 2), (5, 1)]
    (error,) = p.errors
    assert str(error).startswith(f"{path}: cannot be read past line 5 (Error -3 while decompressing data: invalid "
                                 "block type); is the gzip file complete?")


def test_parquet_rows_and_one_story_files_are_cut_too(tmp_path):
    import pyarrow as pa
    import pyarrow.parquet as pq

    pq.write_table(pa.table({"article": ["Rain fell in Leeds. Roads flooded."] * 5}), tmp_path / "t.parquet")
    folder = tmp_path / "stories"
    folder.mkdir()
    for i in range(3):
        (folder / f"{i}.txt").write_text("Rain fell in Leeds. Roads flooded.", encoding="utf-8")
    parts = plan([str(tmp_path / "t.parquet"), str(folder)], batch_size=2).parts
    assert [(p.kind, p.first, p.count) for p in parts] == [("parquet", 0, 2), ("parquet", 2, 2), ("parquet", 4, 1),
                                                            ("files", 0, 2), ("files", 0, 1)]
    assert [os.path.basename(f) for f in parts[3].files + parts[4].files] == ["0.txt", "1.txt", "2.txt"]
    assert Part.from_json(parts[3].to_json()) == parts[3]  # parts travel to Ray actors as JSON


def test_stdin_and_missing_inputs_are_reported_and_the_rest_planned(tmp_path):
    good = tmp_path / "a.jsonl"
    good.write_text(story(1), encoding="utf-8")
    p = plan(["-", str(tmp_path / "missing.jsonl"), str(good)], batch_size=10)
    assert len(p.parts) == 1
    messages = [str(e) for e in p.errors]
    assert "reads files, not stdin" in messages[0] and "missing.jsonl" in messages[1]


@pytest.mark.parametrize("change", ["content", "batch size"])
def test_the_fingerprint_changes_with_the_inputs_or_the_cut(tmp_path, change):
    path = tmp_path / "a.jsonl"
    path.write_text(story(1), encoding="utf-8")
    before = plan([str(path)], batch_size=10).fingerprint
    assert plan([str(path)], batch_size=10).fingerprint == before
    if change == "content":
        path.write_text(story(1) + story(2), encoding="utf-8")
        assert plan([str(path)], batch_size=10).fingerprint != before
    else:
        assert plan([str(path)], batch_size=5).fingerprint != before
