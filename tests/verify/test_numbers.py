"""Numbers in digits, words, fractions and currencies: what counts as the same number."""
from __future__ import annotations

import pytest

from highlights.verify import numbers
from highlights.verify.index import index_article, repair, to_source


def values_of(text: str) -> set[float]:
    return numbers.values(numbers.extract(text))


@pytest.mark.parametrize("text", ["10,000", "10000", "ten thousand", "Ten thousand", "10k", "10 thousand"])
def test_ten_thousand_in_every_form(text):
    assert 10000.0 in values_of(f"about {text} people")


def test_three_quarters_matches_75_percent():
    assert numbers.extract("three quarters of voters")[0].value == 0.75
    assert 0.75 in values_of("75% of voters") and 0.75 in values_of("75 per cent of voters")
    assert 75.0 in values_of("three quarters")  # and back: a fraction is also read as a percentage


@pytest.mark.parametrize("text, value", [("a dozen", 12), ("twenty-five", 25), ("two million", 2e6),
                                         ("half", 0.5), ("one hundred and five", 105), ("2.5bn", 2.5e9)])
def test_word_numbers(text, value):
    assert numbers.extract(text)[0].value == value


def test_currency_units_and_scales():
    found = numbers.extract("It cost $5m, then \u00a35 million, then \u20ac5")
    assert [(n.value, n.unit) for n in found] == [(5e6, "$"), (5e6, "\u00a3"), (5.0, "\u20ac")]
    assert 5.0 in values_of("$5m")  # "5 million" without its scale


def test_spans_cover_the_number_only():
    text = "About 12,000 people and ten thousand more, at $5m each."
    assert [text[n.start:n.end] for n in numbers.extract(text)] == ["12,000", "ten thousand", "$5m"]


def test_a_lone_one_is_not_a_number():
    assert numbers.extract("one of the men said a man") == []


def test_split_numbers_are_joined_and_offsets_map_back():
    article = "It cost \u00a32. 4m, or 235, 000 each."
    text, breaks = repair(article)
    assert text == "It cost \u00a32.4m, or 235,000 each."
    assert article[to_source(breaks, text.index("000")):].startswith("000 each")
    index = index_article(article)
    assert 235000.0 in index.numbers and 2.4e6 in index.numbers
    start, end = index.number_spans[235000.0]
    assert article[start:end] == "235, 000"
