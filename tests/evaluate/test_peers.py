"""sumy's LexRank and TextRank behind our interface, fed our own sentences (no Punkt download)."""
from __future__ import annotations

import sys

import pytest

from highlights.document import Article
from highlights.errors import SettingsError
from highlights.evaluate.harness import evaluate
from highlights.evaluate.peers import SumyPeer

pytest.importorskip("sumy")

TEXT = ("( cnn ) a storm hit the coast on monday . the storm knocked down trees across the coast . "
        "fans sang at the stadium . the storm left the coast without power . a cat slept .")


@pytest.mark.parametrize("name", ["sumy-lexrank", "sumy-textrank"])
def test_peer_picks_n_of_our_sentences_in_document_order(name):
    article = Article(id="x", text=TEXT)
    highlights = SumyPeer(name)(article, n=2)
    assert len(highlights) == 2
    starts = [h.evidence[0].start for h in highlights]
    assert starts == sorted(starts)
    for h in highlights:
        assert article.text[h.evidence[0].start:h.evidence[0].end] == h.text
        assert "storm" in h.text  # the storm sentences are the central ones


def test_peer_handles_a_story_with_no_sentence():
    assert SumyPeer("sumy-lexrank")(Article(id="x", text="..."), n=3) == []


def test_peer_needs_no_punkt_download(monkeypatch):
    import nltk
    monkeypatch.setattr(nltk.data, "path", [])  # no NLTK data anywhere: must still work
    assert len(SumyPeer("sumy-textrank")(Article(id="x", text=TEXT), n=1)) == 1


def test_peers_run_through_the_harness(corpus):
    ev = evaluate(str(corpus), methods="lead,sumy-lexrank,sumy-textrank", n=1, samples=20)
    assert [r.method for r in ev.results] == ["lead", "sumy-lexrank", "sumy-textrank"]
    assert all(r.mean_highlights == 1.0 for r in ev.results)


def test_missing_sumy_says_how_to_install_it(monkeypatch, corpus):
    monkeypatch.setitem(sys.modules, "sumy", None)
    for module in [m for m in sys.modules if m.startswith("sumy.")]:
        monkeypatch.setitem(sys.modules, module, None)
    with pytest.raises(SettingsError, match=r"needs sumy: pip install 'highlights\[bench\]'"):
        evaluate(str(corpus), methods="lead,sumy-lexrank")


def test_unknown_peer():
    with pytest.raises(SettingsError, match="unknown peer"):
        SumyPeer("sumy-luhn")
