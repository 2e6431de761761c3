import pytest

from highlights.document import Article
from highlights.errors import SettingsError
from highlights.select import SUMMARIZERS, get
from highlights.sentences import split

STORY = Article(
    id="quake",
    text=(
        "(CNN)A strong earthquake struck the coast of Chile on Monday, killing at least 12 people. "
        "The earthquake had a magnitude of 7.8, the U.S. Geological Survey said. "
        "Rescue teams searched collapsed buildings for survivors of the earthquake. "
        "The weather was mild. "
        "Officials said the earthquake damaged roads and buildings along the coast. "
        "A football match was postponed."
    ),
)


@pytest.mark.parametrize("name", sorted(SUMMARIZERS))
def test_every_summarizer_returns_n_highlights_in_document_order_with_whole_sentence_evidence(name):
    hs = get(name)(STORY, n=3)
    assert len(hs) == 3
    firsts = [h.evidence[0].sentence for h in hs]
    assert firsts == sorted(firsts)
    for h in hs:
        (ev,) = h.evidence
        s = split(STORY.text)[ev.sentence]
        assert (ev.start, ev.end) == (s.start, s.end)
        assert h.text == " ".join(STORY.text[ev.start:ev.end].split())
        assert isinstance(h.score, float)


@pytest.mark.parametrize("name", sorted(SUMMARIZERS))
def test_short_article_gives_what_it_has(name):
    a = Article(id="one", text="Only one sentence here.")
    assert [h.text for h in get(name)(a, n=3)] == ["Only one sentence here."]


@pytest.mark.parametrize("name", sorted(SUMMARIZERS))
def test_article_without_sentences_gives_nothing(name):
    assert get(name)(Article(id="x", text="(CNN)"), n=3) == []


def test_lead_takes_the_first_sentences_without_the_dateline():
    hs = get("lead")(STORY, n=2)
    assert [h.text for h in hs] == [
        "A strong earthquake struck the coast of Chile on Monday, killing at least 12 people.",
        "The earthquake had a magnitude of 7.8, the U.S. Geological Survey said.",
    ]
    assert hs[0].score > hs[1].score


def test_centrality_prefers_on_topic_sentences_over_asides():
    chosen = {h.text for h in get("centrality")(STORY, n=3)}
    assert "The weather was mild." not in chosen
    assert "A football match was postponed." not in chosen


def test_centrality_skips_near_duplicates():
    a = Article(id="dup", text="The dam burst on Friday. The dam burst on Friday. Farms were flooded downstream.")
    texts = [h.text for h in get("centrality")(a, n=2)]
    assert texts.count("The dam burst on Friday.") == 1


def test_unknown_method_lists_the_known_ones():
    with pytest.raises(SettingsError, match="unknown method 'nope'; choose one of lead"):
        get("nope")


def test_summarizers_are_built_once():
    assert get("centrality") is get("centrality")
