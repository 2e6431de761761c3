"""The online clusterer on hand-made articles: who joins whom, merges, dates, determinism."""
from __future__ import annotations

import copy
import datetime as dt

from highlights.document import Article
from highlights.evaluate.clustering import bcubed, pairwise_f1
from highlights.stories.cluster import Clusterer, ClusterSettings
from highlights.stories.features import featurize

QUAKE = ["A strong earthquake struck central Italy near the town of Amatrice on Wednesday, killing at least {n} "
         "people and flattening buildings. Rescuers searched the rubble of Amatrice through the night.",
         "Rescue teams in Amatrice pulled survivors from collapsed homes as the death toll from the Italian "
         "earthquake rose to {n}. Aftershocks shook the mountain towns of central Italy."]
ELECTION = ["Voters in Portugal went to the polls on Sunday in a snap parliamentary election called after the "
            "prime minister resigned. Turnout in Lisbon was {n} percent by noon.",
            "Portugal's Socialists won the most seats in the parliamentary election, falling short of a majority "
            "with {n} seats, the electoral commission in Lisbon said."]


def article(text: str, i: int, date: str | None = None) -> Article:
    return Article(id=str(i), text=text, date=dt.date.fromisoformat(date) if date else None)


def run(texts, settings=None, dates=None):
    c = Clusterer(settings)
    return c, [c.add(featurize(article(t, i, dates[i] if dates else None))) for i, t in enumerate(texts)]


def test_articles_on_one_event_share_a_story_and_another_event_starts_its_own():
    texts = [QUAKE[0].format(n=38), ELECTION[0].format(n=31), QUAKE[1].format(n=120), ELECTION[1].format(n=106)]
    c, placed = run(texts)
    stories = [p.story for p in placed]
    assert stories[0] == stories[2] and stories[1] == stories[3] and stories[0] != stories[1]
    assert [p.new_story for p in placed] == [True, True, False, False]
    assert placed[2].score >= c.settings.story_threshold > 0


def test_the_same_input_in_the_same_order_gives_the_same_ids():
    texts = [QUAKE[0].format(n=38), ELECTION[0].format(n=31), QUAKE[1].format(n=120), ELECTION[1].format(n=106)] * 2
    first = [(p.story, p.topic, round(p.score, 9)) for p in run(texts)[1]]
    assert first == [(p.story, p.topic, round(p.score, 9)) for p in run(texts)[1]]


def test_time_apart_weakens_the_tie_and_beyond_the_window_nothing_joins():
    texts = [QUAKE[0].format(n=38), QUAKE[1].format(n=120)]
    _, near = run(texts, dates=["2016-08-24", "2016-08-25"])
    _, far = run(texts, ClusterSettings(window_days=30), dates=["2016-08-24", "2017-08-25"])
    assert not near[1].new_story and far[1].new_story


def test_an_unrelated_article_below_every_threshold_starts_a_story_and_a_topic():
    _, placed = run([QUAKE[0].format(n=38), "Chocolate chip cookies need butter, sugar, flour and two eggs."])
    assert placed[1].new_story and placed[1].topic != placed[0].topic


def test_bcubed_and_pairwise_by_hand():
    # one cluster of everything: precision = mean share of each article's cluster with its label
    p, r, f = bcubed([1, 1, 1, 1], ["a", "a", "b", "b"])
    assert (p, r) == (0.5, 1.0) and round(f, 4) == 0.6667
    assert bcubed([1, 2, 3], ["a", "b", "c"])[2] == 1.0
    assert pairwise_f1([1, 2, 3], ["a", "b", "c"]) == 1.0  # no pairs on either side: nothing wrong


def test_a_restored_clusterer_places_the_next_article_as_the_one_it_was_restored_from():
    first = [QUAKE[0].format(n=38), ELECTION[0].format(n=31)]
    c, _ = run(first)
    kept = copy.deepcopy(c)  # as a store keeps the groups: apart from the running clusterer's
    restored = Clusterer.restore(c.settings, topics=list(kept.topics.groups.values()),
                                 stories=[(g, kept.topic_of[g.id]) for g in kept.stories.groups.values()],
                                 next_topic=c.topics.next_id, next_story=c.stories.next_id)
    assert restored.seen == c.seen == 2 and restored.topic_of == c.topic_of
    later = [QUAKE[1].format(n=120), "A new museum of modern art opened in Oslo on Friday with works by local painters."]
    for i, text in enumerate(later, start=2):
        f = featurize(article(text, i))
        assert restored.add(f) == c.add(f)
