"""Which sentences can stand alone as a bullet: hand-checkable cases from real pages (issue #13)."""
from collections import Counter

import pytest

from highlights.document import Article
from highlights.nlp import tagged as parse
from highlights.select import standalone
from highlights.sentences import split


@pytest.mark.parametrize("text, reason", [
    ("Rebels fled the city after a week of heavy shelling.", None),
    ("Eye in the sky", "heading"),                                            # a subhead
    ("Alameda County DA", "heading"),
    ("Photo: AP", "boilerplate"),
    ("Read more: Recognizing Germany's colonial crimes.", "boilerplate"),
    ("Check out the reveal trailer for the new game below.", "boilerplate"),
    ("If you're on the ABC7 News app, click here to watch live.", "boilerplate"),
    ("Image credit: www.apple.com/in/", "boilerplate"),
    ("- 2 tablespoons vegetable oil", "list item"),
    ("1. Preheat the oven to 200C and grease the tin.", "list item"),
    ("Choir!", "short"),
    ("New research investigates.", "short"),
    ("It calls on the Office for Students to act at once.", "opener"),
    ("That's been driving prices up across the whole region.", "opener"),
    ("This is an excellent idea for the town, he said.", "opener"),
    ("“This means you will need to self-isolate for ten days.”", "opener"),    # quotes do not hide it
    ("This week the council voted to close the old bridge.", None),           # a demonstrative of time
    ("His rapid rise in the polls has brought Bloomberg a spot on stage.", None),  # a name follows
    ("Published estimates put this share as high as 40 percent.", None),      # not a "Published:" line
    ("Sources close to the deal said talks would resume on Monday.", None),   # not a "Source:" credit
])
def test_cheap_rules(text, reason):
    assert standalone.flaw(text) == reason


def test_the_title_again_is_not_a_bullet():
    title = "Scientists confirm 2023 as the hottest year on record"
    assert standalone.flaw("Scientists confirm 2023 as the hottest year on record.", title) == "title"
    assert standalone.flaw("Scientists said 2023 was the hottest year since records began.", title) is None


@pytest.mark.parametrize("text, complete", [
    ("Roads across the city flooded by noon on Monday.", True),   # often tagged as a participle
    ("Leave the file blank and run the installer again.", True),  # an imperative
    ("The real state epidemiologist Anders Tegnell at one of the agency's daily briefings.", False),  # a caption
    ("Oven-baked olive and herb focaccia bread filled with fantastic flavours of garlic.", False),
    ("Firefighters battle the blaze in Paradise, California, on Thursday.", True),
    ("Kolomoisky's PrivatBank stood.", False),                     # too short
])
def test_a_finite_verb_makes_a_sentence(text, complete):
    (doc,) = parse([text])
    assert standalone.complete(doc) is complete
    assert standalone.fault(text, doc) == (None if complete else "no verb")


def test_frequent_finite_verbs_spare_the_parse():
    assert standalone.surely_complete("The mayor said the bridge would stay closed until May.")
    assert not standalone.surely_complete("Oven-baked olive and herb focaccia bread filled with garlic.")


def test_he_or_she_opens_a_bullet_only_when_resolved():
    text = "He said the bridge would stay closed until next spring."
    assert standalone.flaw(text) == "opener"  # the cheap rule names it ...
    assert standalone.fault(text, None, resolved=False) == "opener"
    assert standalone.fault(text, None, resolved=True) is None  # ... the compressor writes the name


def test_screen_keeps_the_story_and_counts_the_rest():
    text = ("Eye in the sky\nA police drone flew over the march on Saturday, officials said.\nPhoto: AP\n"
            "It was the first time the city had used one.\n- Drones cost about $4,000 each")
    article = Article(id="x", text=text)
    kept, why = standalone.screen(article, split(text))
    assert [text[s.start:s.end] for s in kept] == ["A police drone flew over the march on Saturday, officials said."]
    assert why == Counter({"heading": 1, "boilerplate": 1, "opener": 1, "list item": 1})
    assert standalone.note(1, why).startswith("only 1 sentence could stand alone as a highlight; set aside: ")
    assert "1 list items" in standalone.describe(why)


@pytest.mark.parametrize("text, reason", [
    ("3.Charlotte Jones is a rockstar businesswoman, speaker and sports fan.", "list item"),
    ("3.5 million people voted in the election on Sunday.", None),
    ("Where the molar designates structures that are based on rigid stratifications or… …", "truncated"),
    ("an RCS subdirectory if one did not exist.", "fragment"),            # the tail of a bad split
    ("advice.el shipped as part of Emacs 19.23 in the spring.", None),     # lowercase, but a name
])
def test_cheap_rules_for_broken_text(text, reason):
    assert standalone.flaw(text) == reason


def test_a_bare_the_noun_that_takes_up_the_sentence_before_leans_on_it():
    before = "Syrian forces captured the neighborhood of al-Sheikh Saeed in southeastern Aleppo on Sunday."
    text = "The neighborhood was taken from rebel forces with the help of allied groups."
    assert standalone.flaw(text, previous=before) == "opener"
    assert standalone.flaw(text, previous="Rain fell across the north of the country on Sunday.") is None


def test_a_title_case_question_is_a_heading():
    assert standalone.flaw("How Do You Care For And Grow Bougainvillea Plants?") == "heading"
    assert standalone.flaw("Governor Gavin Newsom of California announced a plan to rebuild the harbor.") is None
