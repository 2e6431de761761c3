"""Mining the writer's examples: a reference bullet is paired with the one sentence that holds it."""
from __future__ import annotations

from highlights.training.examples import best_sentence

SENTENCES = [
    "Officials in Leeds said on Monday that more than 2,000 homes were flooded after the River Aire burst its banks.",
    "The council may close three schools until the water recedes, a spokeswoman said on Tuesday morning.",
]


def test_a_bullet_that_one_sentence_holds_is_paired_with_it():
    pair = best_sentence("More than 2,000 homes flooded in Leeds, officials say", SENTENCES)
    assert pair == (SENTENCES[0], "More than 2,000 homes flooded in Leeds, officials say")


def test_a_bullet_no_one_sentence_holds_is_not_an_example():
    assert best_sentence("Leeds schools close as 2,000 homes flood and rescuers search for survivors", SENTENCES) is None


def test_a_bullet_of_no_headline_length_or_no_shorter_is_not_an_example():
    assert best_sentence("Homes flooded", SENTENCES) is None
    assert best_sentence(SENTENCES[1].rstrip("."), SENTENCES) is None  # the sentence itself
    assert best_sentence("Council may close three schools", []) is None
