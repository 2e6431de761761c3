"""Damaged and unreadable inputs in a batch run: each costs its own rows (an error row) or is reported as one
line, never the run; the rest is written, and a rerun does not stumble on them again."""
from __future__ import annotations

import json

import pytest

from highlights.batch.plan import plan
from highlights.batch.runner import Job, PartRunner
from highlights.cli import main
from highlights.errors import OutputError
from highlights.settings import Settings

from ..read.conftest import STORY, damage_row_group, parquet_file, unreadable
from .conftest import read_rows

FAST = ["-m", "lead", "--no-compress", "--no-verify"]


def test_a_damaged_row_group_is_one_error_row_and_every_other_part_and_input_is_written(tmp_path, capsys):
    """The issue's case: good.parquet, corrupt.parquet (rows 3-4, its row group 2 of 3, overwritten on disk)
    and garbage.jsonl (a good line, then a malformed one), in parts of 2 rows."""
    good = parquet_file(tmp_path / "good.parquet", 6, group=2)
    corrupt = parquet_file(tmp_path / "corrupt.parquet", 6, group=2)
    damage_row_group(corrupt, 1)
    garbage = tmp_path / "garbage.jsonl"
    garbage.write_text(json.dumps({"id": "g1", "article": STORY}) + "\nnot json\n", encoding="utf-8")
    out = tmp_path / "o"
    args = ["batch", str(good), str(corrupt), str(garbage), "--out", str(out), "-f", "jsonl", "-b", "2", "-w", "2",
            *FAST]
    assert main(args) == 1
    err = capsys.readouterr().err
    assert "cannot write" not in err and "free space" not in err  # the output folder is not to blame
    assert "wrote 7 part(s), 13 article(s)" in err and "2 failed (their rows carry the error)" in err
    rows = read_rows(out)
    assert [r["id"] for r in rows] == ["r1", "r2", "r3", "r4", "r5", "r6", "r1", "r2", None, "r5", "r6", "g1", None]
    assert rows[8]["error"].startswith(f"{corrupt}: rows 3-4 (row group 2 of 3) cannot be read, the file is "
                                       "damaged there (")
    assert rows[12]["error"].startswith(f"{garbage}:2: malformed JSON")
    records = {r["part"]: r for r in map(json.loads, (out / "_manifest.jsonl").read_text().splitlines())}
    assert (records["part-000004"]["failed"], records["part-000004"]["ids"]) == (1, [None])
    # the same command again: every part is done (the damaged one with its error row), nothing is redone
    assert main(args) == 0
    err = capsys.readouterr().err
    assert "resuming: 7 of 7 part(s) (13 articles) already in" in err and "wrote 0 part(s)" in err
    assert len(read_rows(out)) == 13


def test_an_unreadable_folder_and_a_dangling_link_are_one_line_each_and_the_rest_is_written(tmp_path, capsys,
                                                                                          monkeypatch):
    stories = tmp_path / "stories"
    (stories / "locked").mkdir(parents=True)
    (stories / "a.txt").write_text(STORY, encoding="utf-8")
    (stories / "gone.txt").symlink_to(tmp_path / "nowhere.txt")
    unreadable(monkeypatch, stories / "locked")
    assert main(["batch", str(stories), "--out", str(tmp_path / "o"), "-f", "jsonl", "-w", "1", *FAST]) == 1
    err = capsys.readouterr().err.splitlines()
    assert f"highlights: error: {stories}/gone.txt: a link to nothing (dangling symlink to {tmp_path}/nowhere.txt)" in err
    assert f"highlights: error: {stories}/locked: cannot read this folder (Permission denied)" in err
    assert [r["id"] for r in read_rows(tmp_path / "o")] == ["a"]


@pytest.fixture
def runner(tmp_path):
    return PartRunner(Job(settings=Settings(method="lead", compress=False, verify=False), out=str(tmp_path / "o"),
                          fmt="jsonl"))


def test_a_reader_failing_in_a_way_it_does_not_report_costs_the_rest_of_its_part_not_the_run(tmp_path, runner,
                                                                                           monkeypatch):
    """A safety net under the readers: an exception escaping one (a bug, an I/O error it did not expect) ends
    that input's rows in the part with an error row naming the input, as a bug in the pipeline costs one row."""
    from highlights.batch import runner as module

    real = module.parquet.rows

    def rows(path, **kw):
        yield from real(path, **kw)
        raise OSError(5, "Input/output error")

    monkeypatch.setattr(module.parquet, "rows", rows)
    (tmp_path / "o").mkdir()
    path = parquet_file(tmp_path / "t.parquet", 2, group=2)
    (part,) = plan([str(path)], batch_size=2).parts
    record = runner(part)
    assert (record["articles"], record["failed"], record["ids"]) == (3, 1, ["r1", "r2", None])
    error = read_rows(tmp_path / "o")[2]["error"]
    assert error == f"{path}: cannot be read (OSError: Input/output error); the rest of it in this part " \
                    "is not summarized"


def test_a_bug_on_one_article_costs_that_article_only(tmp_path, runner, monkeypatch):
    """Articles are summarized a batch at a time (``Pipeline.many``); an exception that is not the pipeline's
    own error, raised by one article, sends the batch back one article at a time, so only that one fails."""
    real = type(runner.pipeline).__call__

    def buggy(self, article, **kw):
        if article.id == "r2":
            raise ZeroDivisionError("a bug")
        return real(self, article, **kw)

    monkeypatch.setattr(type(runner.pipeline), "__call__", buggy)
    monkeypatch.setattr(runner.pipeline, "many", lambda items, **kw: [buggy(runner.pipeline, i) for i in items])
    (tmp_path / "o").mkdir()
    (part,) = plan([str(parquet_file(tmp_path / "t.parquet", 3, group=3))], batch_size=3).parts
    record = runner(part)
    assert (record["articles"], record["failed"], record["ids"]) == (3, 1, ["r1", "r2", "r3"])
    assert "ZeroDivisionError" in read_rows(tmp_path / "o")[1]["error"]


def test_a_part_that_cannot_be_written_blames_the_output_folder(tmp_path, runner, monkeypatch):
    from highlights.batch import runner as module

    def write_part(*args, **kw):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(module, "write_part", write_part)
    path = parquet_file(tmp_path / "t.parquet", 2, group=2)
    (part,) = plan([str(path)], batch_size=2).parts
    with pytest.raises(OutputError) as caught:
        runner(part)
    assert str(caught.value) == (f"{tmp_path / 'o'}: cannot write part-000000 (No space left on device); what was "
                                 "finished is kept: free space or fix permissions, then rerun the same command")
