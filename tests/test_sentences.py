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


# Page furniture around a story's sentences (issue #33), in the forms Timeline17's pages show them.
@pytest.mark.parametrize("scenario, text, sentences", [
    ("an agency's dateline with one dash", "ROME, April 29 (Reuters) - Egypt ordered a cull on Wednesday.",
     ["Egypt ordered a cull on Wednesday."]),
    ("a place and a day", "NEW YORK, Sept. 24 -- John McCain is a gambler by nature.",
     ["John McCain is a gambler by nature."]),
    ("a place, a state and a day", "Rain fell.\nOXFORD, Miss., Sept. 26 -- Obama criticized McCain.",
     ["Rain fell.", "Obama criticized McCain."]),
    ("the BBC's stamp", "24 June 2010 Last updated at 14:59 GMT Help A year on, the fans are as passionate.",
     ["A year on, the fans are as passionate."]),
    ("the BBC's page stamp", "Rain fell.\nPage last updated at 23:19 GMT, Tuesday, 19 January 2010 Aid arrived.",
     ["Rain fell.", "Aid arrived."]),
    ("a photo's credit", "People wear masks.\nPhotograph: Miguel Tovar/AP Officials scrambled to contain it.",
     ["People wear masks.", "Officials scrambled to contain it."]),
    ("an agency's credit alone", "Rain fell.\nPhotograph: PA Two Britons have contracted swine flu.",
     ["Rain fell.", "Two Britons have contracted swine flu."]),
    ("a credit in brackets, then a dateline", "Rain fell.\n(By Eugene Hoshiko -- Associated Press) SHANGHAI -- "
     "Fan Dizhao declared it over.", ["Rain fell.", "Fan Dizhao declared it over."]),
    ("a CNN byline", "Rain fell.\nBy Elisa Massimino, Special to CNN Egypt has been repressive.",
     ["Rain fell.", "Egypt has been repressive."]),
    ("a site's highlights run into the story's dateline", "Analyst says Egypt is not ready Protesters believe "
     "change will come Cairo, Egypt (CNN) -- Thousands filled the streets.",
     ["Analyst says Egypt is not ready Protesters believe change will come Cairo, Egypt", "Thousands filled the streets."]),
    ("a headline and a stamp inside a line", "Rain fell.\nPrepare for a pandemic, WHO warns Tuesday 28 April 2009 "
     "17.37 BST The world should prepare.", ["Rain fell.", "Prepare for a pandemic, WHO warns", "The world should prepare."]),
    ("a headline run into its story", "Rain fell.\nMexico to re-test swine flu cases The widow heard of it on Monday.",
     ["Rain fell.", "Mexico to re-test swine flu cases", "The widow heard of it on Monday."]),
    ("an opener after a word that cannot end a sentence", "She starred in The Help and won.",
     ["She starred in The Help and won."]),
    ("a title before a closing quote", 'He praised "Henry M. Paulson Jr." Neil Irwin wrote it.',
     ['He praised "Henry M. Paulson Jr."', "Neil Irwin wrote it."]),
    ("a senators' title", "Sens. John McCain and Barack Obama met.", ["Sens. John McCain and Barack Obama met."]),
    ("a name before a capital is no byline", "By Friday, CNN had the story.", ["By Friday, CNN had the story."]),
])
def test_page_furniture_is_left_out_of_sentences(scenario, text, sentences):
    assert texts(text) == sentences


def test_furniture_patterns_leave_the_benchmark_form_alone():
    text = "( cnn ) -- the senate passed the bill . the house will vote on it next week ."
    assert texts(text) == ["the senate passed the bill .", "the house will vote on it next week ."]


@pytest.mark.parametrize("line, headline", [
    ("Boy raises thousands for Haiti A seven-year-old boy is raising at least £35,000 for victims of the Haiti "
     "earthquake with a sponsored bike ride.", "Boy raises thousands for Haiti"),
    ("Police raid Jackson doctor's home Drug police are searching the Las Vegas home of Michael Jackson's doctor "
     "as part of an investigation.", "Police raid Jackson doctor's home"),
    ("UK Disasters Emergency Committee launches Haiti appeal The UK's Disasters Emergency Committee has launched "
     "an appeal for Haiti.", "UK Disasters Emergency Committee launches Haiti appeal"),
])
def test_a_headline_run_into_the_lede_that_restates_it_is_a_sentence_of_its_own(line, headline):
    first, second = (line[s.start:s.end] for s in split(line))
    assert first == headline and line.endswith(second)


@pytest.mark.parametrize("line", [
    "The extinction was nicknamed The Great Dying by scientists who study the extinction of life on Earth.",
    "Officials from Save The Children said the children of Haiti need help now, the charity said.",
    "Leaders at the Davos World Economic Forum said the world economy and the forum's leaders faced a hard year.",
    "What sort of power do they have here, moving forward if Mubarak left, what sort of power would they have?",
    "India has stockpiles of a million Tamiflu doses and is taking steps to stockpile up to 10 million doses.",
])
def test_a_sentence_that_says_its_own_words_again_is_not_parted(line):
    assert [line[s.start:s.end] for s in split(line)] == [line]
