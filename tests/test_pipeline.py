import pytest

import highlights
from highlights.errors import EmptyInputError, SettingsError
from highlights.model import Article

from .conftest import SAMPLE


def test_summarize_text_returns_dataclasses_with_evidence():
    s = highlights.summarize(SAMPLE.read_text(), method="lead", n=3, settings=highlights.Settings(compress=False))
    assert isinstance(s, highlights.Summary) and s.method == "lead"
    assert len(s.highlights) == 3
    for h in s.highlights:
        ev = h.evidence[0]
        assert " ".join(s.article.text[ev.start:ev.end].split()) == h.text
    assert s.article.references[0].startswith("Floodwater forces 4,000")


BRIDGE = ("The council voted on Monday to close the old bridge. Engineers found deep cracks in two of its piers. "
          "Repairs would cost about $4 million, the mayor said.")


def test_summarize_accepts_an_article():
    a = Article(id="x", text=BRIDGE)
    first = "The council voted on Monday to close the old bridge."
    assert [h.text for h in highlights.summarize(a, method="lead", n=1).highlights] == [first]
    (h,) = highlights.summarize(a, n=1).highlights  # the default method: one of the article's sentences
    assert h.text in {first, "Engineers found deep cracks in two of its piers.",
                      "Repairs would cost about $4 million, the mayor said."}


@pytest.mark.parametrize("n", [0, 11, -1])
def test_count_out_of_range_is_refused(n):
    with pytest.raises(SettingsError, match="between 1 and 10"):
        highlights.summarize("Some text here.", n=n)


def test_empty_text_is_refused():
    with pytest.raises(EmptyInputError):
        highlights.summarize(" \n ")


def test_summary_is_immutable():
    s = highlights.summarize(BRIDGE)
    with pytest.raises(AttributeError):
        s.method = "other"


# Parentheticals always go, whatever the deletion model thinks of the rest: a pipeline check that
# does not depend on the trained model's taste.
STORM = (
    "A powerful storm (the third to hit the region this month) flooded the coastal town of Dunmore on Monday, "
    "officials said. "
    "About 2,000 residents (most of them in the old harbor district) spent the night in schools and churches. "
    "The mayor (who took office in May) asked the state for help with the cleanup. "
    "Forecasters expect more rain on Thursday."
)


def test_compressed_highlights_are_shorter_verified_and_point_into_their_sentence():
    whole = highlights.summarize(STORM, method="lead", settings=highlights.Settings(compress=False))
    short = highlights.summarize(STORM, method="lead")
    assert short.compressed and not whole.compressed
    for w, s in zip(whole.highlights, short.highlights):
        assert len(s.text.split()) <= len(w.text.split())
        assert s.evidence[-1] == w.evidence[0]
        assert s.verified is not None and s.verified.supported
    assert sum(len(h.text.split()) for h in short.highlights) < sum(len(h.text.split()) for h in whole.highlights)


def test_verification_can_be_turned_off():
    s = highlights.summarize(BRIDGE, settings=highlights.Settings(verify=False, compress=False))
    assert all(h.verified is None for h in s.highlights)


# ------------------------------------------------------------------------------------ Pipeline

def test_the_package_exports_the_pipeline_and_its_vocabulary():
    for name in ("Pipeline", "Settings", "verify", "Verification", "Article", "Sentence", "Highlight", "Evidence",
                 "Summary", "ModelError"):
        assert name in highlights.__all__ and hasattr(highlights, name)
    assert "Settings" in (highlights.Pipeline.__doc__ or "")


def test_a_pipeline_runs_the_stages_its_settings_ask_for():
    plain = highlights.Pipeline(highlights.Settings(method="lead", compress=False, verify=False))
    assert (plain.method, plain.compressor, plain.verify) == ("lead", None, False)
    s = plain(STORM)
    assert s.method == "lead" and not s.compressed and len(s.highlights) == 3
    assert all(h.verified is None and not h.spans for h in s.highlights)
    full = highlights.Pipeline(highlights.Settings(method="lead"))
    t = full(STORM, n=2)
    assert t.compressed and len(t.highlights) == 2 and all(h.verified is not None for h in t.highlights)
    assert repr(full) == "Pipeline(method='lead', compress=True, verify=True)"


def test_the_library_and_the_pipeline_give_the_same_summary():
    settings = highlights.Settings(method="lead", count=2)
    assert highlights.summarize(STORM, settings=settings) == highlights.Pipeline(settings)(STORM)


def test_a_pipeline_refuses_articles_over_its_sentence_limit():
    pipeline = highlights.Pipeline(highlights.Settings(method="lead", max_sentences=3))
    with pytest.raises(highlights.TooLongError, match=r"has 4 sentences; at most 3"):
        pipeline(STORM)
    with pytest.raises(SettingsError, match="max_sentences"):
        highlights.Settings(max_sentences=0)


def test_a_pipeline_takes_a_summarizer_from_outside_the_registry():
    class Last:
        name = "last"

        def __call__(self, article, *, n, sentences=None):
            from highlights.select.base import extract
            return extract(article, sentences, {len(sentences) - 1: 1.0})

    s = highlights.Pipeline(highlights.Settings(compress=False), summarizer=Last())(STORM)
    assert s.method == "last" and [h.text for h in s.highlights] == ["Forecasters expect more rain on Thursday."]


def test_run_paths_reports_bad_inputs_and_keeps_the_good_ones(tmp_path):
    (tmp_path / "good.txt").write_text(STORM)
    (tmp_path / "empty.txt").write_text("  \n")
    pipeline = highlights.Pipeline(highlights.Settings(method="lead", compress=False))
    results = list(pipeline.run_paths([str(tmp_path)]))
    assert [(p.rsplit("/", 1)[-1], type(r).__name__) for p, r in results] == [
        ("empty.txt", "EmptyInputError"), ("good.txt", "Summary")]
