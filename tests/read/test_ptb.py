"""PTB tokens restored on reading (issue #33): Timeline17-like cased tokenized text comes back as prose, the
benchmark's lowercase tokenized form stays as it is, and spans point into the restored text."""
from __future__ import annotations

import json

import pytest

from highlights.read import from_text, read
from highlights.read.ptb import detokenize, restore, tokenized

# Written for these tests in the form of Timeline17's articles: one sentence a line, cased PTB tokens.
T17_LIKE = (
    "CAIRO , Egypt -LRB- CNN -RRB- -- Protesters filled Tahrir Square on Tuesday , officials said .\n"
    "`` We do n't want a president who 's ruled for 30 years , '' said one student .\n"
    "The army 's chief said it wo n't fire on the crowds -LSB- sic -RSB- .\n"
    "Food prices rose 10 % this year , and a bag of rice costs $ 5 in Washington , D.C. .\n"
)


@pytest.mark.parametrize("line, prose", [
    ("Egypt 's army does n't fire .", "Egypt's army doesn't fire."),                      # possessive, contraction
    ("He ca n't go , and she wo n't stay ; they 're gone !", "He can't go, and she won't stay; they're gone!"),
    ("`` Go home , '' he said : `` now . ''", '"Go home," he said: "now."'),               # double quotes
    ("The banks ' loans -LRB- and bonds -RRB- fell .", "The banks' loans (and bonds) fell."),  # plural possessive
    ("She said it was ' a lot of fun ' .", "She said it was 'a lot of fun'."),             # a quote after "was"
    ("Follow it on '' This Just In '' and on Twitter .", 'Follow it on "This Just In" and on Twitter.'),  # '' opens
    ("It is over , '' he said .", 'It is over," he said.'),                               # '' closes a line before
    ("He said ` no ' twice .", "He said 'no' twice."),
    ("It costs $ 5 , or 5 % more .", "It costs $5, or 5% more."),
    ("Aid reached # 20m and # 1.3 bn ; Egypt is # 2 .", "Aid reached £20m and £1.3bn; Egypt is #2."),
    ("The 1\\/26\\/11 show \\* ends .", "The 1/26/11 show * ends."),                           # PTB's escapes
    ("They met in Washington , D.C. .", "They met in Washington, D.C."),                  # PTB's second full stop
    ("`` Protectionism in the U.S. '' .", '"Protectionism in the U.S."'),                  # ... after a quote
    ("I 'm gon na say it ...", "I'm gonna say it..."),
    ("The '90s were good .", "The '90s were good."),                                      # not a clitic
])
def test_detokenize_restores_each_ptb_habit(line, prose):
    assert detokenize(line) == prose


def test_t17_like_article_is_restored_line_by_line():
    restored = restore(T17_LIKE)
    assert restored.split("\n") == [
        "CAIRO, Egypt (CNN) -- Protesters filled Tahrir Square on Tuesday, officials said.",
        "\"We don't want a president who's ruled for 30 years,\" said one student.",
        "The army's chief said it won't fire on the crowds [sic].",
        "Food prices rose 10% this year, and a bag of rice costs $5 in Washington, D.C.",
        "",
    ]


@pytest.mark.parametrize("scenario, text", [
    ("the benchmark's lowercase form", "( cnn ) -- egypt 's army does n't fire , officials said .\nit left ."),
    ("prose", "Egypt's army doesn't fire, officials said. \"We left,\" he said."),
    ("prose with one stray spaced comma among many glued ones", "Rain fell , then hail. Roads, bridges, and "
                                                               "schools closed, officials said, and stayed shut."),
    ("prose with one caption's stray full stop", "Blackpool are in talks to sign defender Thomas Piermayr (left), "
                                                 "pictured playing for Colorado Rapids .\nHe has never played in England "
                                                 "but the club could give him his first chance in the third tier of the "
                                                 "game next season after a long spell abroad in the United States "
                                                 "and a short one in Scotland"),
    ("empty", ""),
    ("blank lines", "\n  \n"),
    ("punctuation only", ", . ; : ! ?"),
    ("digits only", "1 , 2 , 3 ."),
])
def test_what_is_not_cased_ptb_text_stays_as_it_is(scenario, text):
    assert restore(text) == text


def test_detection_weighs_ptb_marks_against_prose_marks():
    assert tokenized(T17_LIKE)
    assert tokenized("GRAPHIC : Mary Kate Cannistra - The Washington Post")  # a one-line caption of tokens
    assert not tokenized(T17_LIKE.lower())
    assert not tokenized("Egypt's army, it said, won't fire; it doesn't need to.")


def test_hostile_input_neither_hangs_nor_crashes():
    text = "-LRB- " * 5000 + "'' `` ' ` " * 2000 + "$ # % \\/ " * 2000 + "\n" * 500 + "A n't 's ."
    out = restore(text)
    assert isinstance(out, str) and out.count("\n") == text.count("\n")
    assert detokenize("") == "" and detokenize("   ") == ""
    assert detokenize("' ' ' '") == "'' ''"  # quotes open and close in turn


def test_a_jsonl_record_is_read_restored_and_spans_point_into_the_restored_text(tmp_path):
    path = tmp_path / "t17.jsonl"
    path.write_text(json.dumps({"topic": "egypt", "date": "2011-01-25", "text": T17_LIKE}) + "\n", encoding="utf-8")
    (article,) = list(read(str(path)))
    assert article.text.startswith("CAIRO, Egypt (CNN) -- Protesters filled Tahrir Square")
    assert article.dateline == "CAIRO, Egypt (CNN)"
    assert "-LRB-" not in article.text and " n't" not in article.text and " ," not in article.text

    from highlights.pipeline import Pipeline
    summary = Pipeline()(article)
    assert summary.highlights
    for h in summary.highlights:
        for e in h.evidence:  # each evidence span is a sentence of the restored text
            assert article.text[e.start:e.end] and "``" not in article.text[e.start:e.end]


def test_plain_text_and_story_files_are_restored_too():
    assert from_text("The army 's chief said it wo n't fire , officials said .", input_format="text").text == \
        "The army's chief said it won't fire, officials said."
    story = from_text("The army 's chief said it wo n't fire , officials said .\n\n@highlight\n\nArmy wo n't fire")
    assert story.text == "The army's chief said it won't fire, officials said."
    assert story.references == ("Army wo n't fire",)  # references are the input's, as given


def test_the_benchmark_form_read_from_jsonl_stays_tokenized(tmp_path):
    text = "( cnn ) -- egypt 's army does n't fire , officials said ."
    path = tmp_path / "cnndm.jsonl"
    path.write_text(json.dumps({"id": "x", "article": text, "highlights_tok_lower": ["army wo n't fire ."]}) + "\n",
                    encoding="utf-8")
    (article,) = list(read(str(path)))
    assert article.text == text
