"""Timeline metrics: hand-checkable cases, and the same figures as the tilse package on the Timeline17 timelines;
the leave-one-topic-out protocol."""
from __future__ import annotations

import datetime as dt
import gzip
import itertools
import json
import os
from dataclasses import dataclass

import pytest

from highlights.document import Article
from highlights.evaluate.timeline import Gold, TimelineRouge, date_scores, evaluate, loto, smart_stop_words
from highlights.stories.timeline import GRIDS, METHODS, Bullet, Entry

from ..conftest import SHARED, needs_shared

D = dt.date


def test_dates_are_scored_against_every_reference_date():
    pred = {D(2011, 1, 25): ["a"], D(2011, 1, 26): ["b"], D(2011, 2, 1): ["c"]}
    refs = [{D(2011, 1, 25): ["x"], D(2011, 1, 28): ["y"]}, {D(2011, 1, 26): ["z"]}]
    s = date_scores(pred, refs)
    assert (s.precision, s.recall) == (2 / 3, 2 / 3) and s.f1 == pytest.approx(2 / 3)


def test_rouge_variants_by_hand():
    r = TimelineRouge()
    # stop words ("the", "in") and punctuation go; "protesters"/"protester" stem alike
    assert r.tokens(["The protesters marched in Cairo ."]) == r.tokens(["protester marched cairo"])
    pred = {D(2011, 1, 25): ["protesters marched in Cairo"], D(2011, 1, 27): ["police fired tear gas"]}
    ref = {D(2011, 1, 25): ["protesters marched"], D(2011, 1, 26): ["police fired tear gas"]}
    # concat: 6 of the prediction's 7 unigrams are in the reference's 6
    c = r.concat(pred, [ref], 1)
    assert (c.precision, c.recall) == (6 / 7, 1.0)
    # agreement: only 2011-01-25 is on both sides: 2 matches; all 7 predicted, all 6 reference unigrams count
    a = r.agreement(pred, [ref], 1)
    assert (a.precision, a.recall) == (2 / 7, 2 / 6)
    # align+ m:1: 01-27 aligns to 01-26 (one day apart: its 4 matches weigh 1/2), 01-25 to itself
    m = r.align_m1(pred, [ref], 1)
    assert (m.precision, m.recall) == ((2 + 4 / 2) / 7, (2 + 4 / 2) / 6)
    assert r.align_m1({}, [ref], 1).f1 == 0.0


@dataclass(frozen=True)
class Shift:
    days: int  # the fake method's one setting: how far its dates lie from its articles'


def shifted(articles, *, dates, per_date, tuning=Shift(0)):
    """A fake timeline method: each article's date moved by the setting, its text the summary."""
    return [Entry(a.date + dt.timedelta(days=tuning.days), (Bullet(a.text, a.id, 0, len(a.text)),))
            for a in articles]


def test_leave_one_topic_out_chooses_each_topics_setting_on_the_other_topics(monkeypatch):
    monkeypatch.setitem(METHODS, "shifted", shifted)
    monkeypatch.setitem(GRIDS, "shifted", (Shift(0), Shift(1)))
    day = D(2011, 1, 25)
    articles = {t: [Article(id=t, text="protesters marched in Cairo", date=day)] for t in ("a", "b", "c")}
    # the journalists dated a's and b's day as the articles did, c's a day later
    golds = [Gold(t, t, {day + dt.timedelta(days=k): ["protesters marched in Cairo"]})
             for t, k in (("a", 0), ("b", 0), ("c", 1))]
    r = loto(articles, golds, "shifted")
    # a: b prefers no shift, c a shift of 1: a tie, and the first setting wins it; b likewise; c: a and b both
    # prefer no shift, which misses c's date
    assert r["settings"] == {"a": {"days": 0}, "b": {"days": 0}, "c": {"days": 0}}
    assert [r["per_topic"][t]["date_f1"] for t in "abc"] == [1.0, 1.0, 0.0]
    assert r["date_f1"] == r["topic_mean"]["date_f1"] == 0.6667  # means, to 4 places
    # a day off: align+ m:1 counts the words at half weight
    assert r["per_topic"]["c"]["align_rouge1"] == pytest.approx(0.5)
    assert [g["setting"] for g in r["grid"]] == [{"days": 0}, {"days": 1}]
    assert [g["per_topic"]["c"]["date_f1"] for g in r["grid"]] == [0.0, 1.0]
    # without leaving out: every topic with the method's own setting
    assert evaluate(articles, golds, "shifted")["date_f1"] == 0.6667


def test_smart_stop_words_are_rouge_155s_list():
    words = smart_stop_words()
    assert len(words) == 596 and {"the", "a", "about", "yourselves"} <= words and "cairo" not in words


def _timelines():
    with gzip.open(SHARED / "stories" / "t17.timelines.jsonl.gz", "rt", encoding="utf-8") as fh:
        rows = [json.loads(line) for line in fh]
    return [(row["topic"], {D.fromisoformat(e["date"]): e["text"] for e in row["entries"]}) for row in rows]


@needs_shared
def test_the_same_figures_as_tilse_on_the_timeline17_timelines():
    try:
        import tilse.evaluation.rouge as tilse_rouge
    except ImportError:
        if os.environ.get("CI"):
            pytest.fail("tilse is not installed; `make test` installs it")
        pytest.skip("tilse is not installed; `make test` installs it")
    from tilse.data.timelines import GroundTruth
    from tilse.data.timelines import Timeline as TilseTimeline
    from tilse.evaluation.dates import evaluate_dates

    # tilse's ROUGE re-implementation reads the stop words from a pyrouge folder that pip does not install:
    # give it the same list
    rouge = tilse_rouge.RougeReimplementation(stem=True, ignore_stopwords=False)
    rouge.stopwords = set(smart_stop_words())
    evaluator = object.__new__(tilse_rouge.TimelineRougeEvaluator)
    evaluator.measures, evaluator.rouge, evaluator.beta = {"rouge_1", "rouge_2"}, rouge, 1
    ours = TimelineRouge()

    timelines = _timelines()
    pairs = [(a, b) for (ta, a), (tb, b) in itertools.permutations(timelines, 2) if ta == tb]  # same topic
    # and shifted copies: predictions whose dates are near the reference's, not on them
    pairs += [({d + dt.timedelta(days=k % 3): s for k, (d, s) in enumerate(t.items())}, t) for _, t in timelines]
    assert len(pairs) > 10
    for predicted, reference in pairs:
        theirs = GroundTruth([TilseTimeline(reference)])
        pred = TilseTimeline(predicted)
        assert date_scores(predicted, [reference]).f1 == pytest.approx(evaluate_dates(pred, theirs)["f_score"])
        for name, mine in (("concat", ours.concat), ("agreement", ours.agreement), ("m1", ours.align_m1)):
            got = {"concat": evaluator.evaluate_concat, "agreement": evaluator.evaluate_agreement,
                   "m1": evaluator.evaluate_align_date_content_costs_many_to_one}[name](pred, theirs)
            for n in (1, 2):
                want = got[f"rouge_{n}"]
                score = mine(predicted, [reference], n)
                assert (score.precision, score.recall, score.f1) == pytest.approx(
                    (want["precision"], want["recall"], want["f_score"]), abs=1e-12), (name, n)
