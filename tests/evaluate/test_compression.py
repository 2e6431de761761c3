"""``highlights eval compression``: the compressor's deletions against human ones, on hand-checkable rows."""
import json

import pytest

from highlights.cli import main
from highlights.errors import FormatError
from highlights.evaluate import compression

ROWS = [
    {"id": "a", "split_kamigaito": "dev", "tokens": ["Police", "said", "on", "Monday", "the", "road", "was", "closed", "."],
     "keep_labels": [1, 1, 0, 0, 1, 1, 1, 1, 1]},
    {"id": "b", "split_kamigaito": "train", "tokens": ["Rain", "fell", "."], "keep_labels": [1, 1, 1]},
    {"id": "c", "tokens": ["The", "mayor", ",", "who", "was", "re-elected", ",", "spoke", "."],
     "keep_labels": [[1, 1, 0, 0, 0, 0, 0, 1, 1], [1, 1, 1, 1, 1, 1, 1, 1, 1]]},
]


def test_token_f1_by_hand():
    assert compression.token_f1([1, 1, 1, 1], [1, 1, 0, 0]) == pytest.approx(2 / 3)  # P 1/2, R 1
    assert compression.token_f1([0, 0], [0, 0]) == 1.0 and compression.token_f1([1, 0], [0, 1]) == 0.0


def test_a_gold_or_predicted_compression_as_text_is_aligned_to_the_tokens():
    assert compression.align("a b c b .".split(), "a b .".split()) == [1, 1, 0, 0, 1]
    row = compression.parse_row({"tokens": "['Rain', 'fell', 'hard', '.']", "gold": "Rain fell .",
                                 "prediction": "Rain hard .", "prediction_meaning_change": True,
                                 "grammar_errors": {"flag": 1, "types": ["stitch"]}}, "f:1")
    assert row is not None and row.gold == ((1, 1, 0, 1),) and row.prediction == (1, 0, 1, 1)
    assert row.meaning_change is True and row.grammar_error is True


def test_rows_split_and_several_annotators():
    assert compression.parse_row(ROWS[1], "f:2", split="dev") is None
    row = compression.parse_row(ROWS[2], "f:3")
    assert row is not None and len(row.gold) == 2 and row.tokens[1] == "mayor"


@pytest.mark.parametrize("bad, words", [
    ({"tokens": [], "keep_labels": []}, "non-empty list"),
    ({"tokens": ["a", "b"], "keep_labels": [1]}, "2 labels of 0 or 1"),
    ({"tokens": ["a"], "keep_labels": [2]}, "labels of 0 or 1"),
    ({"tokens": "a b", "keep_labels": [1, 1]}, "non-empty list"),
    ({"tokens": ["a"]}, "needs 'keep_labels'"),
    ({"tokens": ["a"], "prediction": ["a"]}, "'prediction' must be"),
])
def test_malformed_rows_are_refused_with_their_place(bad, words):
    with pytest.raises(FormatError, match=f"f:7: .*{words}"):
        compression.parse_row(bad, "f:7")


def test_a_compressor_that_keeps_everything_scores_the_gold_ratio_as_precision(tmp_path):
    path = tmp_path / "rows.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in ROWS[:2]))
    ev = compression.evaluate(str(path), threshold=0.0)  # no keep probability is under 0
    assert ev.n == 2 and ev.compression_ratio == 1.0 and ev.compression_ratio_chars == 1.0
    # row a: keep all 9 against 7 gold -> P 7/9, R 1; row b: 1.0
    assert ev.f1 == pytest.approx(((2 * 7 / 9) / (7 / 9 + 1) + 1.0) / 2)
    assert ev.gold_compression_ratio == pytest.approx((7 / 9 + 1) / 2)


def test_cli_writes_the_contract_and_reports_bad_rows(tmp_path, capsys):
    path = tmp_path / "rows.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in ROWS) + '{"tokens": ["x"], "keep_labels": [1, 0]}\n')
    out = tmp_path / "report" / "c.json"
    code = main(["eval", "compression", "--data", str(path), "--out", str(out)])
    captured = capsys.readouterr()
    assert code == 1 and "rows.jsonl:4" in captured.err and "kept-token F1" in captured.out
    d = json.loads(out.read_text())
    assert {"n", "f1", "compression_ratio", "compression_ratio_chars", "meaning_change_recall",
            "meaning_change_precision"} <= d.keys()
    assert d["n"] == 3 and 0.0 <= d["f1"] <= 1.0 and 0.0 < d["compression_ratio"] <= 1.0
    assert d["meaning_change_recall"] is None and d["meaning_change_precision"] is None
    assert d["check"] is False and d["rate"] == pytest.approx(d["gold_compression_ratio"])
    assert main(["eval", "compression", "--data", str(path), "--split", "dev"]) == 0  # the bad row is not of dev
    assert "| dev | 1 |" in capsys.readouterr().out


def test_a_missing_file_is_one_line_and_exit_2(tmp_path, capsys):
    assert main(["eval", "compression", "--data", str(tmp_path / "nope.jsonl")]) == 2
    assert "nope.jsonl" in capsys.readouterr().err


def test_the_deletion_check_is_measured_on_judged_predictions(tmp_path):
    rows = [  # a figure dropped (a meaning change), a harmless cut, a torn sentence (a grammar error)
        {"id": "m", "tokens": "Sales rose by 20 percent in May .".split(), "gold": "Sales rose by 20 percent .",
         "prediction": "Sales rose in May .", "prediction_meaning_change": True, "grammar_errors": {"flag": 0}},
        {"id": "h", "tokens": "Police closed the road on Monday .".split(), "gold": "Police closed the road .",
         "prediction": "Police closed the road .", "prediction_meaning_change": False, "grammar_errors": {"flag": 0}},
        {"id": "g", "tokens": "The mayor did not sign the treaty .".split(), "gold": "The mayor did not sign the treaty .",
         "prediction": "The mayor did not the treaty .", "prediction_meaning_change": False,
         "grammar_errors": {"flag": 1}},
    ]
    path = tmp_path / "judged.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in rows))
    d = compression.evaluate(str(path)).to_dict()
    assert d["judged_predictions"] == 3 and d["meaning_changes"]["labelled"] == 1
    assert d["meaning_change_recall"] == 1.0 and d["grammar_error_recall"] == 1.0
    assert d["meaning_changes"]["flagged"] == 1  # the harmless cut and the torn sentence are not meaning changes
