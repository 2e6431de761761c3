"""`highlights eval clean` (issue #33): bullets with tokenizer leftovers, page furniture or glued highlight
lists are counted, with examples; a stream of Timeline17-like articles comes out clean."""
from __future__ import annotations

import json

import pytest

from highlights.cli import main
from highlights.errors import HighlightsError, InputError
from highlights.evaluate.clean import check, evaluate_clean, problems


@pytest.mark.parametrize("scenario, bullet, kinds", [
    ("clean", "Protesters filled Tahrir Square on Tuesday, officials said.", {}),
    ("a bracket token", "Protesters -LRB- thousands -RRB- filled the square.", {"ptb": "-LRB-"}),
    ("a cut bracket token", "LRB- Update 8:53 p.m. -RRB- Google's Wael Ghonim was released.", {"ptb": "LRB-"}),
    ("PTB quotes", "`` We will stay , '' a student said.", {"ptb": "``"}),
    ("a split contraction", "The army does n't fire on crowds.", {"ptb": " n't"}),
    ("a space before a comma", "Protesters filled the square , officials said.", {"ptb": " ,"}),
    ("a dollar sign apart", "A bag of rice costs $ 5 in Cairo now.", {"ptb": "$ 5"}),
    ("a dateline", "CAIRO (Reuters) - The army moved in on Monday.", {"furniture": "CAIRO (Reuters) -"}),
    ("a place and a day", "NEW YORK, Sept. 24 -- John McCain is a gambler.", {"furniture": "NEW YORK, Sept. 24 -- "}),
    ("a BBC stamp", "24 June 2010 Last updated at 14:59 GMT Help A year on, fans mourn.",
     {"furniture": "Last updated"}),
    ("a photo credit", "Photograph: Dario Lopez-Mills/AP A killer virus spread.", {"furniture": "Photograph:"}),
    ("an AP credit", "Crowds gathered in Cairo (AP Photo/Ben Curtis).", {"furniture": "(AP Photo"}),
    ("an editor's note", "EDITOR'S NOTE: This story is updated as news comes in.", {"furniture": "EDITOR'S NOTE"}),
    ("a comment stamp", "January 27, 2011 at 7:59 pm | I disagree.", {"furniture": "7:59 pm |"}),
    ("CNN's live items", "Join the protests NEW: Demonstrations are held in cities.", {"glued": "NEW:"}),
    ("a headline run into its story", "Mexico to re-test swine flu cases The widow heard of it.", {"glued": " The w"}),
    ("help that is news", "Help has been slow to get through to survivors in Haiti.", {}),
    ("a long bullet", " ".join(["word"] * 51) + ".", {"long": "51 words"}),
])
def test_problems_name_each_kind_with_the_text_that_shows_it(scenario, bullet, kinds):
    assert problems(bullet) == kinds


def test_check_counts_bullets_refusals_and_keeps_a_few_examples():
    result = check("x", [("a", ["Rain fell , officials said.", "Roads flooded -LRB- again -RRB- ."]),
                         ("b", HighlightsError("has no sentence that can stand alone")),
                         ("c", ["Schools stayed shut on Monday.", "CAIRO (Reuters) - Rain fell , again."])],
                   examples=1)
    d = result.to_dict()
    assert (d["articles"], d["refused"], d["bullets"]) == (3, 1, 4)
    assert (d["ptb"], d["furniture"], d["glued"], d["long"], d["unclean"]) == (3, 1, 0, 0, 3)
    assert d["examples"]["ptb"] == [{"id": "a", "match": " ,", "bullet": "Rain fell , officials said."}]
    assert d["examples"]["furniture"][0]["id"] == "c"


def test_check_of_nothing_counts_nothing():
    d = check("x", []).to_dict()
    assert (d["articles"], d["bullets"], d["unclean"]) == (0, 0, 0)


T17_LIKE = [
    {"topic": "egypt", "date": "2011-01-25", "text":
        "Analyst : Tunisia `` a little bit unique '' Protesters believe demonstrations can help trigger change "
        "Cairo , Egypt -LRB- CNN -RRB- -- Thousands of people who filled the streets of Cairo on Tuesday hope their "
        "demonstrations will bring change , officials said .\n"
        "Police fired tear gas at the crowds , and at least three people were killed in Suez .\n"
        "`` We do n't want Mubarak any more , '' said Ahmed , a 23-year-old student who joined the march .\n"
        "Photograph : Khaled Desouki\\/AFP The government has blocked Twitter and warned it wo n't tolerate protests .\n"
        "The interior ministry 's statement said 860 people had been arrested since the protests began .\n"},
    {"topic": "mj", "date": "2010-06-24", "text":
        "24 June 2010 Last updated at 14:59 GMT Help A year on from the death of Michael Jackson , the singer 's fans "
        "are as passionate about their idol as ever .\n"
        "Many have traveled from around the world to be in Los Angeles for the anniversary of his death .\n"
        "EDITOR 'S NOTE : This story is updated as news comes in .\n"
        "Jackson died on June 25 , 2009 , of an overdose of the anesthetic propofol , the coroner said .\n"
        "His doctor , Conrad Murray , has pleaded not guilty to involuntary manslaughter .\n"},
]


def test_a_t17_like_stream_comes_out_clean(tmp_path):
    path = tmp_path / "t17.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in T17_LIKE), encoding="utf-8")
    d = evaluate_clean(str(path)).to_dict()
    assert d["articles"] == 2 and d["refused"] == 0 and d["bullets"] >= 4
    assert (d["ptb"], d["furniture"], d["glued"], d["unclean"]) == (0, 0, 0, 0), d["examples"]


def test_the_command_writes_json_and_reports_bad_rows(tmp_path, capsys):
    path = tmp_path / "t17.jsonl"
    path.write_text(json.dumps(T17_LIKE[1]) + "\nnot json\n", encoding="utf-8")
    code = main(["eval", "clean", "--data", str(path), "--out", str(tmp_path / "r.json"), "--examples", "2"])
    out, err = capsys.readouterr()
    assert code == 1  # a row was skipped
    assert "| articles | refused | bullets | ptb | furniture | glued | unclean | long |" in out
    assert "skipped: " in err and ":2: malformed JSON" in err
    data = json.loads((tmp_path / "r.json").read_text())
    assert data["articles"] == 1 and data["skipped_rows"] == 1 and data["unclean"] == 0


@pytest.mark.parametrize("scenario, content, message", [
    ("missing", None, "no such file"),
    ("empty", "", "holds no records"),
    ("bad rows only", "not json\n[1, 2]\n", "malformed JSON"),
])
def test_nothing_readable_is_one_clear_error(tmp_path, capsys, scenario, content, message):
    path = tmp_path / "x.jsonl"
    if content is not None:
        path.write_text(content, encoding="utf-8")
    with pytest.raises(InputError, match=message):
        evaluate_clean(str(path))
    code = main(["eval", "clean", "--data", str(path)])
    out, err = capsys.readouterr()
    assert code == 2 and out == "" and err.startswith("highlights: error: ") and message in err
    assert "Traceback" not in err
