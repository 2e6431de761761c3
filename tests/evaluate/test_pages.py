"""``highlights eval pages``: bullets of real pages judged on hand-checkable cases."""
import json

import pytest

from highlights.cli import main
from highlights.errors import FormatError
from highlights.evaluate import pages

STORY = ("<html><head><title>Flood | Example News</title></head><body><nav>Read more: Ten best recipes for soup "
         "tonight</nav><article><h1>River floods town</h1>"
         "<p>About 4,000 residents of the river town of Millbrook were ordered from their homes on Saturday, "
         "county officials said.</p><p>The river crested at 9.2 meters shortly after 2 a.m., the highest level "
         "recorded since the flood of 1987.</p><p>Gov. Helen Marsh declared a state of emergency for Lane and "
         "Calder counties and said National Guard units would help.</p><p>Schools across both counties will stay "
         "closed until Wednesday, the education office said.</p></article></body></html>")


@pytest.mark.parametrize("text, fragment, opener", [
    ("Gov. Helen Marsh declared a state of emergency on Saturday.", False, False),
    ("Eye in the sky", True, False),                                   # a subhead: short, no verb
    ("Leave the file blank and run the installer again.", False, False),  # an imperative is a sentence
    ("It calls on the Office for Students to act now.", False, True),
    ("His rapid rise in the polls has brought Bloomberg a spot on the stage.", False, False),  # named after
    ("Their shares fell by a third in a single day of trading.", False, True),
    ("But the court threw the case out on Tuesday afternoon.", False, True),          # a connective (issue #32)
    ("His sentencing is scheduled for March 3 in federal court in Boston.", False, True),  # a name, not the owner
])
def test_fragments_and_openers(text, fragment, opener):
    (b,) = pages.judge_bullets([text], [text], [])
    assert (b.fragment, b.opener) == (fragment, opener)


def test_a_bullet_from_a_banned_snippet_is_boilerplate():
    banned = ["Read more: Ten best recipes", "Photo: AP"]
    (b, c) = pages.judge_bullets(["Read more: Ten best recipes for soup tonight.", "Rain fell on the town all day."],
                                 ["Read more: Ten best recipes for soup tonight.", "Rain fell on the town all day."],
                                 banned)
    assert b.boilerplate and not c.boilerplate


def test_rows_are_checked_with_their_place():
    with pytest.raises(FormatError, match="f:3: .*'html'"):
        pages._page({"url": "u"}, "f:3")
    with pytest.raises(FormatError, match="must_contain"):
        pages._page({"html": "<p>x</p>", "must_contain": "x"}, "f:4")


def test_cli_writes_the_contract_for_a_file_and_a_folder(tmp_path, capsys):
    rows = [{"url": "https://example.com/flood", "html": STORY,
             "must_contain": ["ordered from their homes", "crested at 9.2 meters"],
             "must_not_contain": ["Read more: Ten best recipes"]},
            {"url": "https://example.com/empty", "html": "<html><body><script>var x = 1;</script></body></html>"}]
    data = tmp_path / "pages.jsonl"
    data.write_text("".join(json.dumps(r) + "\n" for r in rows))
    out = tmp_path / "r.json"
    assert main(["eval", "pages", "--data", str(data), "--out", str(out)]) == 0
    assert "boilerplate" in capsys.readouterr().out
    d = json.loads(out.read_text())
    assert {"pages", "bullets", "boilerplate_rate", "fragment_rate", "opener_rate", "words_per_bullet",
            "refused"} <= d.keys()
    assert d["pages"] == 2 and d["refused"] == 1 and d["bullets"] >= 2  # a page without text is refused with a reason
    assert d["boilerplate_rate"] == 0.0 and d["extraction_recall"] == 1.0 and d["off_main_rate"] == 0.0
    folder = tmp_path / "html"
    folder.mkdir()
    (folder / "flood.html").write_text(STORY)
    assert main(["eval", "pages", "--data", str(folder)]) == 0
    assert "| 1 |" in capsys.readouterr().out


def test_snippets_match_with_case_and_across_sentence_seams():
    assert pages.overlaps("Rail Replacement Services Travel Advice", ["Rail Replacement"])  # the menu
    assert not pages.overlaps("Alcohol is not allowed on the rail replacement bus.", ["Rail Replacement"])
    # a snippet that runs from one sentence into the next overlaps both
    assert pages.overlaps("Get the app on your phone with the VI Consortium app.", ["VI Consortium app. By staff"])
    assert pages.overlaps("By staff reporters.", ["the VI Consortium app. By staff reporters"])
    assert not pages.overlaps("Agents found 475 pounds of cocaine on Sunday.", ["AMO found Sunday 475 pounds"])
