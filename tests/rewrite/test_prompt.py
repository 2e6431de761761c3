"""What the model is shown and allowed to write: CNN's own examples chosen for the article, the grammar
that holds it to its sentence's words, and the bullet read out of its reply."""
from __future__ import annotations

import re

from highlights.rewrite import guard, prompt


def test_the_examples_most_like_the_article_are_chosen_the_same_way_every_time():
    sentences = ["Police said the gunman opened fire at a school in Texas, killing 19 children."]
    first = prompt.examples_for(sentences, k=4)
    assert len(first) == 4 and first == prompt.examples_for(sentences, k=4)
    words = {w.lower() for s, _ in first for w in re.findall(r"[A-Za-z]+", s)}
    assert words & {"police", "gunman", "school", "fire", "killing", "children", "shooting", "shot"}


def test_no_article_words_still_gives_examples():
    assert len(prompt.examples_for([], k=3)) == 3


def test_every_shipped_example_is_one_the_guard_would_show():
    pairs, _, _ = prompt.cnn_examples()
    assert len(pairs) >= 100
    for source, bullet in pairs[:40]:
        assert guard.check(bullet, source)[0] == (), bullet


def test_the_messages_end_with_the_sentence_after_the_examples():
    shown = (("Officials said 12 people died.", "12 dead, officials say"),)
    out = prompt.messages("  The river  rose overnight. ", shown)
    assert [m["role"] for m in out] == ["system", "user", "assistant", "user"]
    assert out[-1]["content"] == "The river rose overnight." and out[2]["content"] == "12 dead, officials say"


def test_inflections_cover_a_headlines_forms():
    assert {"flood", "floods", "flooded", "flooding"} <= prompt.inflections("flooded")
    assert {"carry", "carries", "carried"} <= prompt.inflections("carried")
    assert prompt.inflections("Leeds") == {"Leeds"}  # a name as written
    assert prompt.inflections("River's") == {"River's", "River"}


def test_the_grammar_lists_the_sentences_words_and_escapes_quotes():
    g = prompt.grammar('Mayor Anna Reyes called it "the worst flood" in 2,000 years.')
    assert g.startswith("root ::= ")
    for word in ('"Reyes"', '"2,000"', '"calls"', '"says"', '"Worst"'):
        assert word in g, word
    assert '"Obama"' not in g and '"storms"' not in g
    assert '"\\""?' in g  # a word may open or close a quote


def test_the_bullet_is_read_out_of_a_chatty_reply():
    assert prompt.bullet('- "Council may close three schools."\nNote: shortened.') == "Council may close three schools"
    assert prompt.bullet("\n\n") == ""


def test_a_second_try_is_asked_only_for_what_it_can_fix():
    from highlights.document import Problem
    long = Problem("length", 0, 9, "19 words; a highlight has 3 to 16")
    assert prompt.hint([long]) == prompt.SHORTER
    assert prompt.hint([Problem("copy", 0, 9, "the rewrite is the sentence nearly word for word")]) == prompt.SHORTER
    assert prompt.hint([long, Problem("hedge", 0, 9, "the bullet drops the hedge 'may'")]) is None
    assert prompt.hint([Problem("length", 0, 9, "1 words; a highlight has 3 to 16")]) is None
    assert prompt.hint([]) is None
    again = prompt.retry([{"role": "user", "content": "s"}], "a long bullet", prompt.SHORTER)
    assert [m["role"] for m in again] == ["user", "assistant", "user"] and again[-1]["content"] == prompt.SHORTER


def test_an_abbreviations_full_stop_is_part_of_the_word():
    g = prompt.grammar("The suspect, John T. Smith, was flown to the U.S. on Monday.")
    assert '"T."' in g and '"U.S."' in g and '"Monday."' not in g
    assert prompt.bullet("Suspect flown to the U.S.") == "Suspect flown to the U.S."
    assert prompt.bullet("Archie Brown Jr.") == "Archie Brown Jr."
