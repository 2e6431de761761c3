"""`highlights eval rouge` and `highlights eval methods`: output, files, exit codes and one-line errors."""
from __future__ import annotations

import json

from highlights.cli import main


def run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_eval_rouge_prints_the_table_and_writes_json_and_report(capsys, corpus, tmp_path):
    code, out, err = run(capsys, "eval", "rouge", "--data", str(corpus), "--method", "lead,oracle", "-n", "1",
                         "--out", str(tmp_path / "r.json"), "--report", str(tmp_path / "rep"), "--samples", "50")
    assert code == 0, err
    assert "| lead |" in out and "| oracle | 100.00" in out
    data = json.loads((tmp_path / "r.json").read_text())
    assert data["n"] == 3 and [r["method"] for r in data["results"]] == ["lead", "oracle"]
    assert (tmp_path / "rep" / "rouge.png").exists() and (tmp_path / "rep" / "speed.png").exists()
    assert "wrote" in err


def test_eval_methods_lists_the_harness_methods(capsys):
    code, out, _ = run(capsys, "eval", "methods")
    assert code == 0
    assert [line.split()[0] for line in out.splitlines()][-3:] == ["oracle", "sumy-lexrank", "sumy-textrank"]


def _one_line_error(code, out, err, text):
    assert code == 2
    assert out == ""
    assert err.count("\n") == 1 and err.startswith("highlights: error: ") and text in err
    assert "Traceback" not in err


def test_missing_file(capsys, tmp_path):
    _one_line_error(*run(capsys, "eval", "rouge", "--data", str(tmp_path / "nope.jsonl")), "no such file")


def test_unknown_method(capsys, corpus):
    _one_line_error(*run(capsys, "eval", "rouge", "--data", str(corpus), "--method", "lead,magic"),
                    "unknown method 'magic'")


def test_missing_reference_in_every_row(capsys, jsonl):
    path = jsonl([{"id": "x", "article": "rain fell . roads flooded ."}])
    _one_line_error(*run(capsys, "eval", "rouge", "--data", str(path)), "no reference highlights")


def test_named_reference_field_missing(capsys, corpus):
    _one_line_error(*run(capsys, "eval", "rouge", "--data", str(corpus), "--reference-field", "gold"), "'gold'")


def test_bad_row_is_reported_and_skipped(capsys, jsonl, rows):
    path = jsonl([rows[0], "{oops", rows[1]])
    code, out, err = run(capsys, "eval", "rouge", "--data", str(path), "--samples", "20")
    assert code == 1  # results written, but not on every row
    assert "| lead |" in out and "2 articles" in out
    assert err.count("\n") == 1 and ":2: malformed JSON" in err


def test_many_bad_rows_are_summarised(capsys, jsonl, rows):
    path = jsonl([rows[0]] + ["{oops"] * 15)
    code, _, err = run(capsys, "eval", "rouge", "--data", str(path), "--samples", "20")
    assert code == 1
    assert err.count("skipped:") == 10 and "skipped 5 more bad rows" in err


def test_unwritable_out(capsys, corpus, tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    _one_line_error(*run(capsys, "eval", "rouge", "--data", str(corpus), "--samples", "20",
                         "--out", str(blocker / "r.json")), "cannot write the report")
