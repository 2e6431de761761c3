"""The evaluation harness: every method and every published system on the same articles, one run.

``evaluate`` reads a JSONL(.gz) corpus (``corpus.py``), runs each method (our summarizers, the oracle, sumy's
peers) on the same articles, optionally reads published systems' outputs for those articles, and
scores everything with the protocol of ``rouge.py``. For each it reports the mean scores with
seeded 95% bootstrap intervals, a paired test against the first method, the throughput of the
method alone (sentence splitting and selection; reading and scoring excluded), and the mean
number and length of its highlights.

Methods run before anything is scored: the worker processes of ``workers > 1`` are forked then,
before the native scorer starts its thread pool. Each worker limits its BLAS to one thread
(with ``threadpoolctl``, when installed), so that N processes use N cores instead of fighting
over them.
"""
from __future__ import annotations

import multiprocessing
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

import numpy as np

from ..document import Article, Highlight, Sentence
from ..errors import EmptyInputError, SettingsError
from ..metrics.oracle import Oracle
from ..metrics.rouge import ROUGE_TYPES, Rouge, Scores, as_lines, summary_lines
from ..pipeline import Pipeline
from ..select import DESCRIPTIONS as SUMMARIZER_DESCRIPTIONS
from ..select import SUMMARIZERS, Summarizer
from ..select.registry import check_method
from ..settings import MAX_COUNT, MIN_COUNT, Settings
from ..words import word_count
from . import peers, stats
from .corpus import SOURCES, Item, load, load_systems, news_source

DESCRIPTIONS = {
    **SUMMARIZER_DESCRIPTIONS,
    "oracle": "greedy ROUGE-1+2 oracle over the article's sentences (reads the reference: an upper bound)",
    **peers.DESCRIPTIONS,
}


COMPRESSED = "+compress"
REWRITTEN = "+llm"
SUFFIXES = (COMPRESSED, REWRITTEN)  # in the order ``base_method`` takes them off


def method_names() -> list[str]:
    """Every name ``--method`` accepts: the summarizers, the oracle and the sumy peers.

    Any of them followed by ``+compress`` runs the compression stage on its highlights too; followed by
    ``+llm``, the whole pipeline with the guarded language-model writer (``rewrite``): compression,
    verification, then each bullet rewritten where the guard passes the rewrite.
    """
    return [*SUMMARIZERS, "oracle", *peers.PEERS]


def base_method(name: str) -> str:
    """The method without its ``+compress`` or ``+llm`` suffix."""
    return name.removesuffix(COMPRESSED).removesuffix(REWRITTEN)


# ------------------------------------------------------------------------------------- methods

Runner = Callable[[Item], list[Highlight]]


class _ReferenceOracle:
    """The oracle behind the summarizer interface: it reads the reference from ``article.references``."""

    name = "oracle"

    def __init__(self) -> None:
        self.oracle = Oracle()

    def __call__(self, article: Article, *, n: int, sentences: Sequence[Sentence] | None = None) -> list[Highlight]:
        return self.oracle(article, reference=article.references, sentences=sentences)


REFERENCE_POINTS = frozenset({"lead", "oracle"})


def make_runner(name: str, *, n: int, settings: Settings = Settings()) -> Runner:
    """A callable that runs method ``name`` on one item through the ``Pipeline``.

    A plain method is selection alone (whole sentences, nothing to verify); ``NAME+compress`` is
    the pipeline users get: selection, compression, and the verifier undoing unsupported cuts
    (unless ``settings.verify`` is off); ``NAME+llm`` adds the language-model writer (``settings.llm_*``
    say which model). Our selectors choose among the sentences that can stand
    alone as bullets, as users get them (``settings.standalone``); Lead-3, the oracle and the sumy
    peers choose among all sentences, as in the papers they are compared with.
    """
    base = base_method(check_method(name, method_names(), suffixes=SUFFIXES))
    rewritten = name.endswith(REWRITTEN)
    compressed = base != name
    chosen = settings.with_(compress=compressed, verify=compressed and settings.verify,
                            writer="llm" if rewritten else "extract")
    if base in REFERENCE_POINTS or base in peers.PEERS:
        chosen = chosen.with_(standalone=False)  # the classic baselines and the oracle, as published
    summarizer: Summarizer | None = None
    if base == "oracle":
        summarizer = _ReferenceOracle()
    elif base in peers.PEERS:
        summarizer = peers.SumyPeer(base)
    else:  # one of our summarizers: the check above let nothing else through
        chosen = chosen.with_(method=base)
    pipeline = Pipeline(chosen, summarizer=summarizer)
    if base == "oracle":
        return lambda item: list(pipeline(replace(item.article, references=item.reference), n=n).highlights)

    def run(item: Item) -> list[Highlight]:
        try:
            return list(pipeline(item.article, n=n).highlights)
        except EmptyInputError:
            return []  # no sentence could stand alone as a bullet: an empty summary, scored as such

    return run


def parse_methods(spec: str | Sequence[str]) -> tuple[str, ...]:
    """Method names from ``"a,b,c"`` (or a list), checked, duplicates dropped, order kept."""
    names = [m.strip() for m in (spec.split(",") if isinstance(spec, str) else spec) if m.strip()]
    if not names:
        raise SettingsError("no method given; pass e.g. --method lead,centrality,oracle")
    choices = method_names()
    for name in names:
        check_method(name, choices, suffixes=SUFFIXES)
    return tuple(dict.fromkeys(names))


@dataclass(frozen=True)
class Outputs:
    """What one method or system produced: highlight texts per article, and its time (None: published)."""

    name: str
    highlights: tuple[tuple[str, ...], ...]
    seconds: float | None
    kind: str = "method"


_WORKER: dict = {}


def _init_worker(items: Sequence[Item], names: Sequence[str], n: int, settings: Settings,
                 single_threaded: bool = False) -> None:
    if single_threaded:
        # N worker processes each running a BLAS with N threads would fight over the cores.
        try:
            from threadpoolctl import threadpool_limits
            _WORKER["limits"] = threadpool_limits(limits=1)
        except ImportError:
            pass
    _WORKER["items"] = items
    _WORKER["runners"] = {name: make_runner(name, n=n, settings=settings) for name in names}


def _work(task: tuple[str, int, int]) -> list[tuple[str, ...]]:
    name, start, stop = task
    run = _WORKER["runners"][name]
    return [tuple(h.text for h in run(item)) for item in _WORKER["items"][start:stop]]


def run_methods(items: Sequence[Item], methods: Sequence[str], *, n: int = 3, workers: int = 1,
                settings: Settings = Settings()) -> list[Outputs]:
    """Each method's highlights for every item, timed without building the method (models load once)."""
    if workers < 1:
        raise SettingsError(f"workers must be at least 1, got {workers}")
    parse_methods(methods)
    if workers == 1 or len(items) < 2:
        outputs = []
        try:
            _init_worker(items, methods, n, settings)
            for name in methods:
                start = time.perf_counter()
                texts = _work((name, 0, len(items)))
                outputs.append(Outputs(name, tuple(texts), time.perf_counter() - start))
        finally:
            _WORKER.clear()
        return outputs
    context = multiprocessing.get_context("fork" if "fork" in multiprocessing.get_all_start_methods() else None)
    size = max(1, min(64, -(-len(items) // (workers * 8))))  # ~8 chunks per worker balances the load
    outputs = []
    with context.Pool(workers, initializer=_init_worker, initargs=(items, methods, n, settings, True)) as pool:
        pool.map(_noop, range(workers))  # wait until every worker has built its methods
        for name in methods:
            tasks = [(name, s, min(s + size, len(items))) for s in range(0, len(items), size)]
            start = time.perf_counter()
            chunks = pool.map(_work, tasks, chunksize=1)
            seconds = time.perf_counter() - start
            outputs.append(Outputs(name, tuple(t for chunk in chunks for t in chunk), seconds))
    return outputs


def _noop(_: int) -> None:
    time.sleep(0.05)  # long enough that each worker takes one


# ------------------------------------------------------------------------------------- results

@dataclass(frozen=True)
class Comparison:
    """A paired comparison with the run's first method, on the same articles."""

    against: str
    mean_difference: Scores
    p_value: Scores

    def to_dict(self) -> dict:
        return {"against": self.against,
                "mean_difference": {t: round(v, 4) for t, v in zip(ROUGE_TYPES, self.mean_difference.as_tuple())},
                "p_value": {t: round(v, 6) for t, v in zip(ROUGE_TYPES, self.p_value.as_tuple())}}


@dataclass(frozen=True)
class Result:
    """One row of the evaluation: a method of ours or a published system."""

    method: str
    kind: str  # "method" or "system"
    n: int
    mean: Scores
    low: Scores
    high: Scores
    articles_per_second: float | None
    mean_highlights: float
    mean_words_per_highlight: float
    comparison: Comparison | None = None
    per_article: np.ndarray | None = field(default=None, repr=False, compare=False)
    by_source: dict[str, tuple[int, Scores]] = field(default_factory=dict)  # news_source -> (articles, means)

    def to_dict(self) -> dict:
        out: dict[str, Any] = {"method": self.method}
        out.update({t: round(v, 4) for t, v in zip(ROUGE_TYPES, self.mean.as_tuple())})
        out["ci95"] = {t: [round(lo, 4), round(hi, 4)]
                       for t, lo, hi in zip(ROUGE_TYPES, self.low.as_tuple(), self.high.as_tuple())}
        out["articles_per_second"] = None if self.articles_per_second is None else round(self.articles_per_second, 2)
        out["mean_highlights"] = round(self.mean_highlights, 4)
        out["mean_words_per_highlight"] = round(self.mean_words_per_highlight, 4)
        out["kind"] = self.kind
        out["n"] = self.n
        out["vs_first"] = self.comparison.to_dict() if self.comparison else None
        out["by_source"] = {source: {"n": n, **{t: round(v, 4) for t, v in zip(ROUGE_TYPES, mean.as_tuple())}}
                            for source, (n, mean) in self.by_source.items()}
        return out


@dataclass(frozen=True)
class Evaluation:
    """Everything one ``eval rouge`` run measured, and how (for the JSON report)."""

    n: int
    results: tuple[Result, ...]
    data: str
    systems: str | None = None
    count: int = 3
    workers: int = 1
    seed: int = 0
    samples: int = 1000
    skipped_rows: tuple[str, ...] = ()
    incomplete_systems: dict[str, int] = field(default_factory=dict)

    def to_dict(self) -> dict:
        return {
            "n": self.n,
            "results": [r.to_dict() for r in self.results],
            "protocol": "rouge-score tokenization with Porter stemmer; F1 x 100 of rouge1, rouge2, rougeLsum; "
                        "one sentence per line on both sides",
            "data": self.data,
            "systems_file": self.systems,
            "count": self.count,
            "workers": self.workers,
            "seed": self.seed,
            "bootstrap_samples": self.samples,
            "paired_test": "paired sign-flip permutation test against the first method, two-sided",
            "skipped_rows": len(self.skipped_rows),
            "incomplete_systems": dict(self.incomplete_systems),
        }


def evaluate(data: str, *, methods: str | Sequence[str] = ("lead",), limit: int | None = None,
             every: int = 1, systems: str | None = None, text_field: str = "article",
             reference_field: str | None = None,
             n: int = 3, workers: int = 1, seed: int = 0, samples: int = 1000,
             settings: Settings = Settings()) -> Evaluation:
    """Run and score ``methods`` (and the published ``systems``) on the same articles of ``data``.

    A published system is scored only when it has an output for every evaluated article, so that
    every row is a mean over the same articles; the others are listed in ``incomplete_systems``
    with the number of articles they cover.
    """
    names = parse_methods(methods)
    if not MIN_COUNT <= n <= MAX_COUNT:
        raise SettingsError(f"count must be between {MIN_COUNT} and {MAX_COUNT}, got {n}")
    if limit is not None and limit < 1:
        raise SettingsError(f"limit must be positive, got {limit}")
    if every < 1:
        raise SettingsError(f"every must be positive, got {every}")
    if samples < 1:
        raise SettingsError(f"bootstrap samples must be positive, got {samples}")
    rouge = Rouge()  # fails here, before any work, when rouge-score-rs is missing
    for name in names:
        make_runner(name, n=n, settings=settings)  # a missing optional dependency fails here too
    dataset = load(data, text_field=text_field, reference_field=reference_field, limit=limit, every=every)
    items = dataset.items
    skipped = list(dataset.skipped)
    published: dict[str, dict[str, str]] = {}
    if systems is not None:
        published, bad = load_systems(systems, ids=[i.id for i in items])
        skipped.extend(bad)

    outputs = run_methods(items, names, n=n, workers=workers, settings=settings)
    incomplete = {}
    for system, by_id in published.items():
        if len(by_id) < len(items):
            incomplete[system] = len(by_id)
            continue
        texts = tuple(tuple(summary_lines(by_id[i.id])) for i in items)
        outputs.append(Outputs(system, texts, None, kind="system"))

    references = [as_lines(i.reference) for i in items]
    sources = np.array([news_source(i.article.text) for i in items])
    results: list[Result] = []
    first_scores = None
    for out in outputs:
        per_article = np.array([s.as_tuple() for s in rouge.score_many(
            references=references, predictions=[as_lines(h) for h in out.highlights])])
        low, high = stats.bootstrap_interval(per_article, samples=samples, seed=seed)
        comparison = None
        if first_scores is None:
            first_scores = per_article
        else:
            diff, p = stats.paired_permutation(per_article, first_scores, samples=samples, seed=seed)
            comparison = Comparison(names[0], Scores(*map(float, diff)), Scores(*map(float, p)))
        count = sum(len(h) for h in out.highlights)
        n_words = sum(word_count(t) for h in out.highlights for t in h)
        results.append(Result(
            method=out.name, kind=out.kind, n=len(items),
            mean=Scores(*map(float, per_article.mean(axis=0))),
            low=Scores(*map(float, low)), high=Scores(*map(float, high)),
            articles_per_second=(len(items) / out.seconds if out.seconds else None),  # None: published
            mean_highlights=count / len(items),
            mean_words_per_highlight=n_words / count if count else 0.0,
            comparison=comparison, per_article=per_article,
            by_source={source: (int((sources == source).sum()),
                                Scores(*map(float, per_article[sources == source].mean(axis=0))))
                       for source in SOURCES if (sources == source).any()},
        ))
    return Evaluation(n=len(items), results=tuple(results), data=data, systems=systems, count=n,
                      workers=workers, seed=seed, samples=samples, skipped_rows=tuple(skipped),
                      incomplete_systems=incomplete)
