"""Which sentences can stand alone as a bullet: hand-checkable cases from real pages (issue #13)."""
from collections import Counter

import pytest

import highlights
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


def test_a_form_finite_after_its_kind_of_word_spares_the_parse():
    # "killed" after a pronoun is finite; after a noun it may be a participle ("people killed in ..."), so parse
    assert ("pron", "killed") in standalone.FINITE_AFTER and ("aux", "killed") not in standalone.FINITE_AFTER
    assert standalone.surely_complete("They killed two soldiers near the border on Monday.")
    assert not standalone.surely_complete("Rebels killed two soldiers near the border on Monday.")


def test_verb_contexts_name_the_kind_of_word_before_each_word():
    found = [(kind, form) for kind, form, _, _ in standalone.verb_contexts("Police said 12 were hurt. He's fine, they couldn't.")]
    assert found == [("^", "police"), ("word", "said"), ("number", "were"), ("aux", "hurt"), ("^", "he's"),
                     ("word", "fine"), ("punct", "they"), ("pron", "couldn't")]


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


# ------------------------------------------------------------------ bullet hygiene (issue #32)

@pytest.mark.parametrize("text", [
    "And the council voted to close the old bridge on Monday.",
    "But the court threw the case out on Tuesday afternoon.",
    "However, the plan stalled when the money ran out.",
    "Also, three schools will stay closed until Friday.",
    "Yet the mayor refused to say when the bridge would reopen.",
    "So the council will vote again next month on the plan.",
    "Still, engineers say the old piers cannot be saved.",
    "Meanwhile, the river kept rising through the night.",
    "In addition, the ministry will send a vaccination bus.",
])
def test_a_sentence_that_opens_with_a_connective_leans_on_the_one_before(text):
    assert standalone.flaw(text) == "opener"
    assert standalone.fault(text, None) is None  # picked, it loses the connective (``trim``) and stands
    rest = text[standalone.connective_end(text):]
    assert not standalone.opens_with_connective(standalone.words(rest)) and rest[:1].isalpha()


def test_a_quote_that_opens_with_a_connective_is_set_aside_not_cut():
    text = "“But the old bridge will be rebuilt,” the mayor told reporters."
    assert standalone.flaw(text) == "opener" and standalone.fault(text, None) == "opener"
    assert standalone.connective_end(text) == 0


def test_a_connective_followed_by_a_pronoun_is_set_aside():
    assert standalone.fault("But he said the bridge would reopen next month.", None, resolved=True) == "opener"
    assert standalone.fault("However, it was too late to save the old bridge.", None) == "opener"


@pytest.mark.parametrize("text", [
    "So far, 12 people have died in the floods across the region.",         # a count to date
    "So-called experts disagreed about the cost of the repairs.",
    "Instead of paying the fine, the company fled the country.",
    "In addition to the fine, the firm must repay its customers.",
    "Butter prices rose sharply across Europe over the summer.",            # "But" is only the word's start
    "Andrew Marsh was elected mayor of the town on Tuesday.",
])
def test_words_that_only_look_like_connectives_are_kept(text):
    assert standalone.flaw(text) is None


def test_a_connective_in_tokenized_lowercase_text_leans_too():
    assert standalone.flaw("but the court threw the case out on tuesday .", tokenized=True) == "opener"
    assert standalone.flaw("so far , 12 people have died in the floods .", tokenized=True) is None


def test_a_connective_opener_picked_loses_the_connective_and_its_span_starts_after_it():
    text = ("The council voted on Monday to close the old bridge over the river. "
            "But engineers said the cracks in its piers could still be repaired. "
            "Repairs would cost about $4 million, the mayor said on Tuesday.")
    kept, why = standalone.screen(Article(id="x", text=text), split(text))
    assert len(kept) == 3 and not why  # left in the summarizer's choice, so other picks do not move ...
    for compress in (False, True):
        lead = highlights.Pipeline(highlights.Settings(method="lead", compress=compress))
        s = lead(text, n=2)
        second = s.highlights[1]  # ... and trimmed when picked, as an editor would
        assert second.text == "Engineers said the cracks in its piers could still be repaired.", compress
        start = text.index("engineers")
        assert second.spans[0][0] == start and second.verified.supported


def test_trim_leaves_other_picks_alone():
    text = "So far, 12 people have died in the floods across the region."
    article = Article(id="x", text=text)
    h = highlights.document.Highlight(text=text, score=1.0,
                                      evidence=(highlights.document.Evidence(0, 0, len(text)),))
    assert standalone.trim(article, h) is h
    assert standalone.connective_end("But") == 0 or standalone.connective_end("But") == 3


@pytest.mark.parametrize("text, reason", [
    ("His sentencing is scheduled for March 3.", "opener"),           # a month names no owner: the cheap rule
    ("His sentencing is scheduled for March 3 in federal court in Boston.", "opener"),   # a place in a phrase
    ("His sentencing is scheduled for March 3 before Judge Amy Berman Jackson.", "opener"),  # someone else
    ("Their release came after Qatar mediated talks between the two sides.", "opener"),  # a side clause
    ("His lawyer, John Smith, said the verdict would be appealed at once.", "opener"),  # the lawyer's name
    ("Her family said she had been ill for several months.", "opener"),
    ("His rapid rise in the polls has brought Bloomberg a spot on stage.", None),   # the owner, an object
    ("Its profits rose sharply last quarter, Apple said on Tuesday.", None),        # the owner, the subject
    ("Their victory gave the Democrats control of the House for the first time.", None),
])
def test_a_possessive_opener_stands_alone_only_when_the_sentence_names_its_owner(text, reason):
    (doc,) = parse([text])
    assert standalone.fault(text, doc) == reason


def test_a_possessive_opener_with_only_a_date_after_it_is_screened_without_a_parse():
    assert standalone.flaw("Her appointment was announced in December 2019.") == "opener"
    assert standalone.flaw("His rapid rise in the polls has brought Bloomberg a spot on stage.") is None  # a parse decides


def test_an_unresolved_possessive_pick_is_replaced():
    text = ("A former state senator was convicted of fraud by a jury in Boston on Friday. "
            "His sentencing is scheduled for March 3 in federal court in Boston. "
            "Prosecutors said the scheme cost taxpayers about $2 million over six years.")
    s = highlights.summarize(text, method="lead", n=2, settings=highlights.Settings(compress=False))
    assert [h.text for h in s.highlights] == [
        "A former state senator was convicted of fraud by a jury in Boston on Friday.",
        "Prosecutors said the scheme cost taxpayers about $2 million over six years."]


@pytest.mark.parametrize("text", [
    "To order presentation-ready copies of Toronto Star content for distribution to colleagues, clients or "
    "customers, or inquire about permissions/licensing, please go to: www.TorontoStarReprints.com",
    "To order presentation-ready copies of Toronto Star content for distribution to colleagues, clients or "
    "customers, visit www.TorontoStarReprints.com.",
    "To order reprints of this article for your team, visit our licensing desk online.",
    "Get The Weekly Herald delivered through your letterbox every Saturday morning.",
    "Get our best stories delivered straight to your inbox every morning.",
    "Sign up for our daily briefing and never miss a story.",
    "Subscribe today and save half on your first year of the paper.",
    "You can unsubscribe from these emails at any time you like.",
    "If you are already a subscriber, log in to read the rest of this story.",
    "Reprinted by permission of the publisher, all rights to the author.",
    "For the latest stories and breaking news, download our free app for your phone.",
    "Become a member today and support our reporting in the city.",
])
def test_subscription_and_reprint_lines_are_page_furniture(text):
    assert standalone.flaw(text) == "boilerplate"


@pytest.mark.parametrize("text", [
    "The newspaper refused to reprint the cartoons after the attack in Paris.",
    "Fans lined up overnight to buy copies of the new novel in London.",
    "The parcels were delivered to the wrong address three times last week.",
    "Netflix raised the price of its monthly subscription to $15.49 on Thursday.",
])
def test_news_about_subscriptions_and_copies_is_not_furniture(text):
    assert standalone.flaw(text) is None


@pytest.mark.parametrize("text, reason", [
    ("Arsenal 12 8 2 2 25 10 26", "table"),
    ("Arsenal 12 8 2 2 25 10 26 Chelsea 12 7 3 2 20 9 24 Liverpool 12 6 4 2 18 12 22.", "table"),
    ("Home team (4-3-3): Smith 6; Jones 6.5, Brown 7 (Green 75, 6), White 5.5; Black 7.", "table"),
    ("Contact: 555-0101; 555-0102; 555-0103 or 555-0104.", "table"),
    ("The Dow fell 1.2% to 33,120, the S&P 500 lost 0.8% to 4,200 and the Nasdaq dropped 1.5%.", None),
    ("Arsenal beat Chelsea 3-1 on Sunday to go top of the league with 26 points.", None),
    ("Between 2010 and 2020, the town grew from 4,000 to 12,000 people.", None),
])
def test_rows_of_tables_and_statistics_are_not_bullets(text, reason):
    assert standalone.flaw(text) == reason


def test_the_notes_name_the_new_reasons():
    why = Counter({"table": 2, "opener": 1})
    assert standalone.describe(why) == "2 rows of tables or statistics, 1 sentences that lean on an earlier one (It, This, But, " \
                                       "However ...)"


@pytest.mark.parametrize("text", ["", "   ", "\n\n", "…", "1 2 3 4", "But", "His", "Arsenal", "😀 😀 😀 😀 😀 😀"])
def test_hostile_and_empty_text_gets_a_reason_not_an_error(text):
    assert standalone.flaw(text) is not None
    assert standalone.opens_with_connective(standalone.words(text)) in (True, False)
    assert standalone.fault(text, None) in (None, "opener")


def test_no_words_open_nothing():
    assert not standalone.opens_with_connective([])
    assert not standalone.dangling([])
    assert not standalone.table_row("")


@pytest.mark.parametrize("scenario, text, reason", [
    ("an editor's note", "EDITOR'S NOTE: Tarek Osman is an Egyptian writer and the author of a book.", "boilerplate"),
    ("an editor's note after a list", "Osman says the regime is divided Editor's note: Tarek Osman is a writer.",
     "boilerplate"),
    ("a photo's credit", "Photograph: Susana Gonzalez/Reuters Pageant officials called it a misunderstanding.",
     "boilerplate"),
    ("a transcript's header", "Egypt Standoff Continues; Hosni Mubarak's Fortune Aired February 7, 2011 - 18:00 ET "
     "THIS IS A RUSH TRANSCRIPT.", "boilerplate"),
    ("a comment's stamp", "January 27, 2011 at 7:59 pm | Report abuse | I don't believe the social media did it.",
     "boilerplate"),
    ("a blog's stamps", "Posted by Jon Meacham on March 3, 2009 5:27 AM and by others since that morning.",
     "boilerplate"),
    ("a player's link", "Watch the advert Link to video: Department of Health shows how to prevent swine flu.",
     "boilerplate"),
    ("a podcast's link", "Download the podcast Labor is to set up its own review of policing.", "boilerplate"),
    ("CNN's live items", "Join the protests NEW: Solidarity demonstrations are held in cities large and small.",
     "glued"),
    ("an agency's list", "UN agency criticises Egypt order * Says flu virus is human, not swine, officials said.",
     "glued"),
    ("a tokenizer's bullet signs", "cents Advice will be reviewed if virus continues cents Over-50s may be immune.",
     "glued"),
    ("CNN's own highlights named", "Story highlights: Egypt's army says it will not fire on the protesters.", "glued"),
    ("a price in cents is news", "A taco costs 89 cents at the stand, and prices rose again on Monday.", None),
    ("a note that is news", "The central bank said the new note would enter circulation in May.", None),
    ("an hour that is news", "The vote closed at 8:00 pm on Tuesday, officials said after the count.", None),
])
def test_page_furniture_and_glued_highlights_are_no_bullets(scenario, text, reason):
    assert standalone.flaw(text) == reason


def test_furniture_rules_leave_the_benchmark_form_alone():
    assert standalone.flaw("the new rules take effect on monday , officials said .", tokenized=True) is None
    assert standalone.flaw("shoppers paid a few cents more for bread this year , she said .", tokenized=True) is None
