"""Online story clustering: each article, as it arrives, joins the most similar live story or starts one.

Two levels. A **story** is one developing event (an earthquake, a trial); a **topic** groups the stories
that continue each other or are of one kind (the Haiti quake and its aftermath; two celebrities' rehab
stays). An article joins the best story above ``story_threshold`` (``dated_story_threshold`` when the
article and the story are dated); otherwise it starts a story, which
joins the best topic above ``topic_threshold`` or starts a topic. A story that comes to resemble another
as it grows absorbs it (a merge).

Similarity to a group (its centroid): a weighted sum of the cosine of TF-IDF terms, the cosine of the
static vectors and the share of the article's names that are frequent in the group, scaled down by
the time since the group's nearest article when both have dates (``half_life_days``).

Cost per article does not grow with the number of groups kept: candidates come from an inverted index
of each group's top terms and names (each key keeps its ``postings`` most recent groups), only the
``candidates`` groups sharing most keys are scored, and groups older than ``window_days`` are skipped.
Deterministic: the same articles in the same order give the same groups and ids.
"""
from __future__ import annotations

import datetime as dt
import itertools
import math
import operator
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

import numpy as np

from .features import TERMS, Features

MAX_TERMS = 200  # terms a group keeps (the heaviest), pruned when it holds twice as many
_WEIGHT = operator.itemgetter(1)


@dataclass(frozen=True)
class ClusterSettings:
    """The clusterer's knobs; the defaults are one configuration for every evaluation set (tuned on the
    WikiRef220, ECB+ 1-35 and Timeline17 parts we have; BENCHMARKS.md § Stories)."""

    story_threshold: float = 0.5  # an article joins the best story at least this similar (0-1)
    # ... or this similar when both are dated: in a dated stream the story's own weeks narrow what else an
    # article that close in wording could be about (T17 dev: the best story at 0.35-0.5 was the article's own
    # 586 times of 587; undated ECB+: 49 of 65)
    dated_story_threshold: float = 0.35
    topic_threshold: float = 0.3  # a new story joins the best topic at least this similar
    story_merge: float = 0.5  # a story grown by an article absorbs a story of its topic this similar
    topic_merge: float = 0.45  # a topic grown by an article absorbs a topic this similar
    term_weight: float = 0.5  # the mix of the similarity: TF-IDF cosine, vector cosine, shared names
    vector_weight: float = 0.5
    name_weight: float = 0.3
    half_life_days: float = 365.0  # similarity halves for each this many days between article and group
    window_days: int = 365  # a group whose nearest article is further away than this is not considered
    keys: int = 20  # top terms (and all frequent names) of a group in the index
    candidates: int = 25  # groups sharing most index keys with an article, per level
    scored: int = 8  # of those, the ones nearest by vector that get the full score
    postings: int = 50  # groups kept per index key, the most recent


@dataclass
class Group:
    """A story or a topic: the sums of its members' features, its size and dates."""

    id: int
    terms: dict[str, float] = field(default_factory=dict)
    vector: np.ndarray | None = None
    names: Counter[str] = field(default_factory=Counter)
    size: int = 0
    first: dt.date | None = None
    last: dt.date | None = None
    seen: int = 0  # the arrival number of its latest article (recency without dates)
    norm2: float = 0.0  # squared length of ``terms``, kept as terms are added
    # derived from the fields above, computed when first asked for and forgotten when they change
    _frequent: frozenset[str] | None = field(default=None, repr=False, compare=False)
    _vnorm: float | None = field(default=None, repr=False, compare=False)

    def _add_terms(self, terms: dict[str, float]) -> None:
        for t, w in terms.items():
            old = self.terms.get(t, 0.0)
            self.terms[t] = old + w
            self.norm2 += (old + w) ** 2 - old * old
        if len(self.terms) > 2 * MAX_TERMS:  # keep the heaviest: memory and cost stay bounded in long stories
            kept = self.heaviest(MAX_TERMS)
            self.terms = dict(kept)
            self.norm2 = sum(w * w for _, w in kept)

    def add(self, f: Features, seen: int) -> None:
        self._frequent = self._vnorm = None
        self._add_terms(f.terms)
        self.vector = f.vector.astype(np.float64) if self.vector is None else self.vector + f.vector
        self.names.update(f.names)
        self.size += 1
        self.seen = seen
        if f.date is not None:
            self.first = f.date if self.first is None else min(self.first, f.date)
            self.last = f.date if self.last is None else max(self.last, f.date)

    def absorb(self, other: Group) -> None:
        self._frequent = self._vnorm = None
        self._add_terms(other.terms)
        if other.vector is not None:
            self.vector = other.vector.copy() if self.vector is None else self.vector + other.vector
        self.names.update(other.names)
        self.size += other.size
        self.seen = max(self.seen, other.seen)
        for d in (other.first, other.last):
            if d is not None:
                self.first = d if self.first is None else min(self.first, d)
                self.last = d if self.last is None else max(self.last, d)

    def frequent_names(self) -> frozenset[str]:
        if self._frequent is None:
            floor = max(1.0, 0.2 * self.size)
            self._frequent = frozenset(n for n, c in self.names.items() if c >= floor)
        return self._frequent

    def vector_norm(self) -> float:
        if self._vnorm is None:
            self._vnorm = max(float(np.linalg.norm(self.vector)), 1e-9) if self.vector is not None else 1e-9
        return self._vnorm

    def heaviest(self, k: int) -> list[tuple[str, float]]:
        """The ``k`` heaviest terms; among equal weights the earlier added (an article's terms come in
        alphabetical order), so the choice is deterministic."""
        return sorted(self.terms.items(), key=_WEIGHT, reverse=True)[:k]  # stable: ties keep their order

    def keys(self, k: int) -> list[str]:
        return [t for t, _ in self.heaviest(k)] + ["@" + n for n in sorted(self.frequent_names())]

    def as_features(self, terms: int = TERMS) -> Features:
        """The group's centroid as if it were one article (its ``terms`` heaviest terms), to compare groups."""
        top = self.heaviest(terms)
        norm = math.sqrt(sum(w * w for _, w in top)) or 1.0
        vec = self.vector if self.vector is not None else np.zeros(1)
        return Features(terms={t: w / norm for t, w in top},
                        vector=(vec / max(float(np.linalg.norm(vec)), 1e-9)).astype(np.float32),
                        names=frozenset(self.frequent_names()), date=self.last)

    def gap(self, date: dt.date | None) -> int | None:
        """Days from ``date`` to the group's nearest article; None without dates."""
        if date is None or self.first is None or self.last is None:
            return None
        if date < self.first:
            return (self.first - date).days
        return max(0, (date - self.last).days)


def similarity(f: Features, g: Group, s: ClusterSettings) -> float:
    """How well ``f`` fits group ``g``: in [0, 1], scaled down by the days between them."""
    norm = math.sqrt(g.norm2) or 1.0
    # the dot product of the article's terms with the group's, over the article's (few) terms
    terms = float(sum(map(operator.mul, f.terms.values(), map(g.terms.get, f.terms, itertools.repeat(0.0))))) / norm
    vector = 0.0
    if g.vector is not None:
        vector = float(f.vector @ g.vector) / g.vector_norm()
    frequent = g.frequent_names()
    names = len(f.names & frequent) / len(f.names) if f.names else 0.0
    total = s.term_weight + s.vector_weight + s.name_weight
    score = (s.term_weight * terms + s.vector_weight * vector + s.name_weight * names) / total
    gap = g.gap(f.date)
    if gap:
        score *= 0.5 ** (gap / s.half_life_days)
    return score


_BY_COUNT_THEN_ID = operator.itemgetter(1, 0)


def _floor(shared: Counter[int], n: int) -> int:
    """The number of keys in common that the ``n``-th best of ``shared`` has (1 when there are fewer)."""
    if len(shared) <= n:
        return 1
    histogram = Counter(shared.values())
    for count in sorted(histogram, reverse=True):
        n -= histogram[count]
        if n <= 0:
            return count
    return 1


def keys_of(f: Features, k: int) -> list[str]:
    top = sorted(f.terms.items(), key=_WEIGHT, reverse=True)[:k]  # terms are alphabetical: ties stay so
    return [t for t, _ in top] + ["@" + n for n in sorted(f.names)]


class Level:
    """The groups of one level and their index."""

    def __init__(self, settings: ClusterSettings):
        self.settings = settings
        self.groups: dict[int, Group] = {}
        self.index: dict[str, list[int]] = {}
        self.next_id = 1

    def restore(self, groups: Iterable[Group], *, next_id: int) -> None:
        """Hold ``groups`` again (as a store kept them) and number new groups from ``next_id`` on at least."""
        for g in groups:
            self.groups[g.id] = g
            self.reindex(g)
        self.next_id = max(self.next_id, next_id)

    def new(self, f: Features, seen: int) -> Group:
        g = Group(self.next_id)
        self.next_id += 1
        self.groups[g.id] = g
        g.add(f, seen)
        self.reindex(g)
        return g

    def reindex(self, g: Group) -> None:
        for key in g.keys(self.settings.keys):
            posting = self.index.setdefault(key, [])
            if posting and posting[-1] == g.id:
                continue
            if g.id in posting[-self.settings.postings:]:
                posting.remove(g.id)
            posting.append(g.id)
            if len(posting) > self.settings.postings:
                del posting[: len(posting) - self.settings.postings]

    def candidates(self, f: Features) -> list[Group]:
        """The groups sharing most index keys with ``f`` that are within the time window."""
        index = self.index
        shared = Counter(itertools.chain.from_iterable(index.get(key, ()) for key in keys_of(f, self.settings.keys)))
        want = self.settings.candidates
        # Sorting every group that shares a key costs more than all the rest once the index is full: sort
        # only those with as many keys in common as the 4 * ``want``-th best has (C-level filtering), and
        # all of them only if skipped groups leave fewer than ``want``. The order is the same either way.
        floor = _floor(shared, 4 * want)
        if floor > 1:
            top = itertools.compress(shared.items(), map(floor.__le__, shared.values()))
            out = self._pick(f, sorted(top, key=_BY_COUNT_THEN_ID, reverse=True), want)
            if len(out) >= want:
                return out
        return self._pick(f, sorted(shared.items(), key=_BY_COUNT_THEN_ID, reverse=True), want)

    def _pick(self, f: Features, ranked: list[tuple[int, int]], want: int) -> list[Group]:
        """The first ``want`` of ``ranked`` (most keys in common first, the newer group first among equals)
        that still exist and are within the time window."""
        out = []
        for gid, _ in ranked:
            g = self.groups.get(gid)
            if g is None:
                continue  # merged away
            gap = g.gap(f.date)
            if gap is not None and gap > self.settings.window_days:
                continue
            out.append(g)
            if len(out) >= want:
                break
        return out

    def best(self, f: Features) -> tuple[Group | None, float, list[tuple[Group, float]]]:
        """The most similar candidate, its score, and the scored candidates. The vectors' cosines (one
        matrix product) pick the ``scored`` most promising candidates; only they get the full score."""
        found = [g for g in self.candidates(f) if g.vector is not None]  # every group has one once it has an article
        if len(found) > self.settings.scored:
            matrix = np.stack([g.vector for g in found])  # type: ignore[misc]
            cosines = (matrix @ f.vector) / np.array([g.vector_norm() for g in found])
            order = sorted(range(len(found)), key=lambda i: (-cosines[i], found[i].id))[: self.settings.scored]
            found = [found[i] for i in sorted(order)]
        scored = [(g, similarity(f, g, self.settings)) for g in found]
        if not scored:
            return None, 0.0, []
        g, score = max(scored, key=lambda gs: (gs[1], -gs[0].id))
        return g, score, scored


@dataclass(frozen=True)
class Assignment:
    story: int
    topic: int
    new_story: bool
    score: float  # similarity to the story joined (0 for a new one)
    merged: tuple[int, ...] = ()  # stories absorbed into ``story`` by this article
    merged_topics: tuple[int, ...] = ()  # topics absorbed into ``topic`` by this article
    new_topic: bool = False


class Clusterer:
    """``add(features)`` for each article in arrival order; ``story_of``/``topic_of`` follow merges."""

    def __init__(self, settings: ClusterSettings | None = None):
        self.settings = settings or ClusterSettings()
        self.stories = Level(self.settings)
        self.topics = Level(self.settings)
        self.topic_of: dict[int, int] = {}  # story id -> topic id
        self.merged_into: dict[int, int] = {}  # absorbed story id -> the story that absorbed it
        self.topic_merged_into: dict[int, int] = {}  # absorbed topic id -> the topic that absorbed it
        self.seen = 0

    @classmethod
    def restore(cls, settings: ClusterSettings, *, topics: Sequence[Group], stories: Sequence[tuple[Group, int]],
                next_topic: int, next_story: int) -> Clusterer:
        """A clusterer holding what a store kept: its live ``topics`` and ``stories`` (each with its topic's id),
        new ids from ``next_topic`` / ``next_story`` on, and its count of articles seen where the groups leave it."""
        c = cls(settings)
        c.topics.restore(topics, next_id=next_topic)
        c.stories.restore((g for g, _ in stories), next_id=next_story)
        c.topic_of.update((g.id, topic) for g, topic in stories)
        c.seen = max((g.seen for g in (*topics, *(g for g, _ in stories))), default=0)
        return c

    def add(self, f: Features) -> Assignment:
        self.seen += 1
        s = self.settings
        story, score, scored = self.stories.best(f)
        if story is not None and score >= self._joins(f, story):
            story.add(f, self.seen)
            topic = self.topics.groups[self.topic(story.id)]
            topic.add(f, self.seen)
            merged = self._merge(story, [g for g, _ in scored if g.id != story.id])
            self.stories.reindex(story)
            merged_topics = self._merge_topics(topic)
            self.topics.reindex(topic)
            return Assignment(story.id, topic.id, False, score, merged, merged_topics)
        story = self.stories.new(f, self.seen)
        near, tscore, _ = self.topics.best(f)
        joins = near is not None and tscore >= s.topic_threshold
        if near is not None and joins:
            near.add(f, self.seen)
            merged_topics = self._merge_topics(near)
            self.topics.reindex(near)
            topic = near
        else:
            topic, merged_topics = self.topics.new(f, self.seen), ()
        self.topic_of[story.id] = topic.id
        return Assignment(story.id, topic.id, True, 0.0, (), merged_topics, new_topic=not joins)

    def _joins(self, f: Features, story: Group) -> float:
        """The similarity at which ``f`` joins (or, as a story's centroid, absorbs) ``story``."""
        dated = f.date is not None and story.last is not None
        return self.settings.dated_story_threshold if dated else self.settings.story_threshold

    def topic(self, story: int) -> int:
        """The topic of a story now (following story and topic merges)."""
        story = self.story_of(story)
        t = self.topic_of[story]
        while t in self.topic_merged_into:
            t = self.topic_merged_into[t]
        self.topic_of[story] = t  # shortcut the chain of merges for the next time
        return t

    def _merge_topics(self, topic: Group) -> tuple[int, ...]:
        """Absorb the topics that ``topic``, grown by an article, now resembles above ``topic_merge``."""
        if self.settings.topic_merge >= 1.0:
            return ()
        # A big topic moves little with one more article: past 10 articles, look again each time it has grown
        # by a tenth, which keeps the cost per article flat as topics grow to hundreds of articles. (Its size
        # alone decides, so a run resumed from the database looks when an unbroken run would.)
        if topic.size > 10 and int(math.log(topic.size, 1.1)) == int(math.log(topic.size - 1, 1.1)):
            return ()
        merged = []
        _, _, scored = self.topics.best(topic.as_features())
        for other, score in scored:
            if other.id == topic.id:
                continue
            if score >= self.settings.topic_merge:
                topic.absorb(other)
                del self.topics.groups[other.id]
                self.topic_merged_into[other.id] = topic.id
                merged.append(other.id)
        return tuple(merged)

    def _merge(self, story: Group, others: list[Group]) -> tuple[int, ...]:
        """Absorb the candidate stories of the same topic that now resemble ``story`` above the threshold."""
        merged = []
        mine = story.as_features()
        for other in others:
            if self.topic(other.id) != self.topic(story.id):
                continue
            need = self.settings.story_merge - self.settings.story_threshold + self._joins(mine, other)
            if similarity(mine, other, self.settings) >= need:
                story.absorb(other)
                del self.stories.groups[other.id]
                self.merged_into[other.id] = story.id
                merged.append(other.id)
        return tuple(merged)

    def story_of(self, story: int) -> int:
        """The story that a (possibly absorbed) story is part of now."""
        first = story
        while story in self.merged_into:
            story = self.merged_into[story]
        if first != story:
            self.merged_into[first] = story  # shortcut the chain
        return story
