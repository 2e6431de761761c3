"""A hand-written story whose facts the verifier tests can check by eye."""
from __future__ import annotations

import pytest

# Each sentence carries one kind of fact: a number, a person, a negation, a fraction and a currency,
# two countries, an attributed claim, a copied-sentence candidate.
STORY = (
    "PARIS (CNN) Police said 10,000 people attended the rally in Paris on Friday. "
    "The mayor, Anne Hidalgo, praised the organisers. "
    "Officials did not confirm the cause of the fire at the factory. "
    "About three quarters of voters backed the plan, which will cost $5 million, the council said. "
    "The United States and the United Kingdom signed the deal in Geneva. "
    "The minister was responsible for the failure, according to a leaked report. "
    "The company reported record profits for the third year running."
)


@pytest.fixture
def story() -> str:
    return STORY
