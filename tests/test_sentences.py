import json
from pathlib import Path

import pytest

from highlights.sentences import dateline, is_tokenized, split

GOLD = [json.loads(line) for line in (Path(__file__).parent / "data" / "sentences_gold.jsonl").open()]


def texts(text):
    return [text[s.start:s.end] for s in split(text)]


@pytest.mark.parametrize("case", GOLD, ids=[c["name"] for c in GOLD])
def test_hand_labelled_case(case):
    assert texts(case["text"]) == case["sentences"]


def test_hand_labelled_set_is_large_enough_to_mean_something():
    assert len(GOLD) >= 25
    assert sum(is_tokenized(c["text"]) for c in GOLD) >= 8


def test_offsets_are_consecutive_indices_and_point_into_the_text():
    text = "(CNN)One fact. Two facts.\nA heading\nThree facts."
    sents = split(text)
    assert [s.index for s in sents] == [0, 1, 2, 3]
    assert all(0 <= s.start < s.end <= len(text) for s in sents)
    assert all(a.end <= b.start for a, b in zip(sents, sents[1:]))


def test_dateline_is_named_and_excluded_from_first_sentence():
    tag, start = dateline("LONDON, England (CNN) -- The queen spoke.")
    assert tag == "LONDON, England (CNN)"
    assert texts("LONDON, England (CNN) -- The queen spoke.") == ["The queen spoke."]


def test_no_dateline_means_story_starts_at_zero():
    assert dateline("The queen spoke. Crowds cheered.") == (None, 0)


def test_empty_and_punctuation_only_text_has_no_sentences():
    assert split("") == ()
    assert split("   \n\n ") == ()
    assert split("... !!! ???") == ()


def test_hostile_text_does_not_hang_or_crash():
    text = "." * 5000 + " a" * 5000 + "\n" * 100 + "(" * 1000
    assert isinstance(split(text), tuple)
