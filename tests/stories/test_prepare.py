"""Preparing articles in worker processes: the same features, summaries and placements as in one process."""
from __future__ import annotations

import numpy as np

from highlights.errors import FormatError
from highlights.settings import Settings
from highlights.stories.ingest import Stories
from highlights.stories.prepare import Prepared, prepare
from highlights.stories.store import Store

from .test_store import placements, stream

FAST = Settings(method="lead", compress=False, verify=False)


def test_workers_prepare_in_input_order_what_one_process_prepares():
    items = [*stream()[:2], FormatError("bad line", source="in.jsonl:3"), *stream()[2:]]
    here = list(prepare(items, settings=FAST, workers=0))
    there = list(prepare(items, settings=FAST, workers=2))
    assert [type(r) for r in there] == [Prepared, Prepared, FormatError, Prepared, Prepared, Prepared]
    assert str(there[2]) == "in.jsonl:3: bad line"
    for a, b in zip(here, there):
        if isinstance(a, Prepared):
            assert a.article == b.article and a.summary == b.summary and a.summary["highlights"]
            assert a.features.terms == b.features.terms and np.array_equal(a.features.vector, b.features.vector)


def test_prepared_articles_are_placed_as_plain_ones(tmp_path):
    plain, ready = str(tmp_path / "plain.db"), str(tmp_path / "ready.db")
    list(Stories(Store(plain), highlights=False).add_all(stream()))
    list(Stories(Store(ready), highlights=False).add_all(prepare(stream(), highlights=False, workers=1)))
    assert placements(plain) == placements(ready)
    without = Store(ready).story(1).articles[0].summary
    assert without is None  # --no-highlights stores none


def test_articles_stored_already_are_not_summarized_again(tmp_path):
    store = Store(str(tmp_path / "s.db"))
    first = list(Stories(store, highlights=False).add_all(prepare(stream()[:2], settings=FAST, stored=store.stored)))
    ready = list(prepare(stream(), settings=FAST, stored=store.stored))
    assert [r.summary is None and r.features is None for r in ready] == [True, True, False, False, False]
    again = list(Stories(store, highlights=False).add_all(ready))
    assert [r.article for r in again[:2]] == [r.article for r in first] and not any(r.new_article for r in again[:2])
    assert all(r.new_article for r in again[2:])


def test_an_article_the_summarizer_declines_is_prepared_with_the_reason_in_a_worker_too():
    from .test_store import declined_stream

    items = declined_stream()
    here = list(prepare(items, settings=FAST, workers=0))
    there = list(prepare(items, settings=FAST, workers=1))
    for ready in (here, there):
        assert [type(r).__name__ for r in ready] == ["Prepared"] * 4 + ["EmptyInputError"] + ["Prepared"] * 3
        captions, french = ready[2], ready[3]
        assert captions.features is not None and captions.summary["highlights"] == []
        assert (captions.refused.code, french.summary["refused"]["error"]) == ("empty_input", "unsupported_language")
    assert here[3].summary == there[3].summary and str(here[2].refused) == str(there[2].refused)


def test_an_article_over_the_sentence_limit_is_declined_and_an_empty_one_skipped():
    from highlights.document import Article
    from highlights.errors import EmptyInputError

    from .test_cluster import QUAKE

    # 3: the warm-up's own story has three sentences; this one has four
    limited = Settings(method="lead", compress=False, verify=False, max_sentences=3)
    long = Article(id="q", text=" ".join(QUAKE).format(n=38), source="in.jsonl:1")
    empty = Article(id="e", text="  \n ", source="in.jsonl:2")
    ready, skipped = prepare([long, empty], settings=limited)
    assert ready.summary["refused"] == {"error": "too_long", "message": ready.summary["refused"]["message"]}
    assert ready.summary["refused"]["message"].startswith("has 4 sentences; at most 3 are summarized")
    assert isinstance(skipped, EmptyInputError) and str(skipped).startswith("in.jsonl:2: has no story text")
