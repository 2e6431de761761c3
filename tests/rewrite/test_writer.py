"""The llm writer in the pipeline, through the endpoint backend (a scripted server on loopback): what is
shown, what falls back to the extracted bullet and why, what is sent, and the errors users see."""
from __future__ import annotations

import json
import sys
import types

import pytest

from highlights import Pipeline, Settings
from highlights.errors import ModelError, SettingsError
from highlights.rewrite import LLMWriter, WriterError, backend_for
from highlights.rewrite.backends import Embedded, Endpoint

from .conftest import STORY

LEAD = dict(method="lead", count=3, compress=False)


def extracted():
    return Pipeline(Settings(**LEAD))(STORY)


def test_a_faithful_rewrite_is_shown_with_its_source_sentence_as_evidence(fake_llm):
    llm, url = fake_llm
    llm.script["Floods forced"] = "Floods force 2,000 people from Leeds homes, officials say"
    summary = Pipeline(Settings(**LEAD, writer="llm", llm_url=url))(STORY)
    first = summary.highlights[0]
    assert first.text == "Floods force 2,000 people from Leeds homes, officials say"
    assert first.rewritten and first.verified.supported and first.verified.how == "guard" and first.spans == ()
    assert first.evidence == extracted().highlights[0].evidence
    out = summary.to_dict()
    assert out["writer"] == "llm" and out["highlights"][0]["rewritten"] is True
    assert "rewritten" not in extracted().to_dict()["highlights"][0] and extracted().to_dict()["writer"] == "extract"


def test_an_unfaithful_rewrite_gives_way_to_the_extracted_bullet_with_the_reason(fake_llm):
    llm, url = fake_llm
    llm.script["River Aire"] = "River Aire bursts its banks after three days of storms, killing 12"
    summary = Pipeline(Settings(**LEAD, writer="llm", llm_url=url))(STORY)
    second = summary.highlights[1]
    assert second.text == extracted().highlights[1].text and not second.rewritten
    assert second.verified.supported  # the extracted sentence stands, verified as usual
    notes = [p for p in second.verified.problems if p.kind == "rewrite"]
    assert len(notes) == 1 and "storms" in notes[0].detail and "'12'" in notes[0].detail
    assert notes[0].to_dict()["type"] == "rewrite"


def test_an_empty_answer_keeps_the_extracted_bullet(fake_llm):
    llm, url = fake_llm
    llm.script["council"] = "\n\n"
    summary = Pipeline(Settings(**LEAD, writer="llm", llm_url=url))(STORY)
    third = summary.highlights[2]
    assert not third.rewritten and "wrote nothing" in third.verified.problems[-1].detail


def test_a_rewrite_that_repeats_an_earlier_bullet_is_not_shown_twice(fake_llm):
    llm, url = fake_llm
    same = "Floods force 2,000 people from Leeds homes, officials say"
    llm.script["Floods forced"] = same
    llm.script["River Aire"] = same
    summary = Pipeline(Settings(**LEAD, writer="llm", llm_url=url))(STORY)
    assert [h.text for h in summary.highlights].count(same) == 1


def test_requests_are_greedy_seeded_and_name_the_model_and_key(fake_llm, monkeypatch):
    llm, url = fake_llm
    monkeypatch.setenv("HIGHLIGHTS_LLM_API_KEY", "k-123")
    Pipeline(Settings(**LEAD, writer="llm", llm_url=url + "/v1", llm_model="qwen2.5:1.5b"))(STORY)
    assert len(llm.requests) == 3  # one a bullet
    first = llm.requests[0]
    assert first["path"] == "/v1/chat/completions" and first["auth"] == "Bearer k-123"
    assert first["temperature"] == 0 and first["seed"] == 0 and first["model"] == "qwen2.5:1.5b"
    assert first["messages"][0]["role"] == "system" and "Floods forced 2,000" in first["messages"][-1]["content"]


def test_without_the_writer_no_request_is_made(fake_llm):
    llm, url = fake_llm
    Pipeline(Settings(**LEAD, llm_url=url))(STORY)
    assert llm.requests == []


@pytest.mark.parametrize("scenario, setup, message", [
    ("server error", lambda llm: setattr(llm, "status", 500), "answered HTTP 500"),
    ("not JSON", lambda llm: setattr(llm, "raw", b"<html>busy</html>"), "did not answer JSON"),
    ("no choices", lambda llm: setattr(llm, "raw", json.dumps({"error": "no model loaded"}).encode()),
     "no chat reply: no model loaded"),
])
def test_a_broken_endpoint_is_a_clear_error(fake_llm, scenario, setup, message):
    llm, url = fake_llm
    setup(llm)
    with pytest.raises(WriterError, match=message):
        Pipeline(Settings(**LEAD, writer="llm", llm_url=url))(STORY)


def test_an_endpoint_that_is_down_says_so():
    with pytest.raises(WriterError, match="could not be reached.*--llm-url"):
        Endpoint("http://127.0.0.1:9", model=None, timeout=5).chat([{"role": "user", "content": "x"}], max_tokens=5)
    with pytest.raises(WriterError, match="not an http"):
        Endpoint("localhost:8080", model=None, timeout=5)


def test_settings_name_the_writer_and_check_it(monkeypatch):
    with pytest.raises(SettingsError, match="writer must be one of extract, llm"):
        Settings(writer="gpt")
    with pytest.raises(SettingsError, match="llm_threads"):
        Settings(llm_threads=0)
    env = {"HIGHLIGHTS_WRITER": "llm", "HIGHLIGHTS_LLM_URL": "http://x:1", "HIGHLIGHTS_LLM_TIMEOUT": "5"}
    s = Settings.from_env(env)
    assert (s.writer, s.llm_url, s.llm_timeout) == ("llm", "http://x:1", 5.0)
    assert isinstance(backend_for(s), Endpoint)


def test_a_local_model_needs_the_runtime_and_a_gguf_file(tmp_path, monkeypatch):
    monkeypatch.setattr("highlights.rewrite.util.find_spec", lambda name: None)
    with pytest.raises(ModelError, match=r"llama.cpp runtime: pip install 'highlights\[llm\]'"):
        backend_for(Settings(writer="llm", llm_model=str(tmp_path / "m.gguf")))
    monkeypatch.undo()
    monkeypatch.setattr("highlights.rewrite.util.find_spec", lambda name: object())
    with pytest.raises(ModelError, match="neither a GGUF file nor a packaged model"):
        backend_for(Settings(writer="llm", llm_model=str(tmp_path / "missing.gguf")))
    fake = tmp_path / "notes.gguf"
    fake.write_text("not a model")
    monkeypatch.setitem(sys.modules, "xllamacpp", types.ModuleType("xllamacpp"))
    with pytest.raises(ModelError, match="not a GGUF model file"):
        Embedded(fake, threads=1).load()


def test_the_writer_judges_each_attempt_against_that_bullets_evidence(fake_llm):
    llm, url = fake_llm
    llm.script["No one was injured"] = "One injured, police say"
    summary = extracted()
    writer = LLMWriter(backend_for(Settings(writer="llm", llm_url=url)))
    injured = Pipeline(Settings(method="lead", count=4, compress=False))(STORY).highlights[3]
    attempt = writer.attempt(summary.article, injured)
    assert not attempt.accepted and {p.kind for p in attempt.problems} >= {"negation"}
    assert attempt.result(injured).text == injured.text


def test_the_settings_name_exactly_the_registered_writers():
    from highlights.rewrite import WRITERS
    from highlights.settings import WRITERS as NAMES

    assert tuple(WRITERS) == NAMES


def test_the_judge_gives_a_second_opinion_on_each_rewrite_the_guard_passed(fake_llm, monkeypatch):
    from highlights.document import Judgement
    from highlights.verify import judge

    llm, url = fake_llm
    llm.script["Floods forced"] = "Floods force 2,000 people from Leeds homes, officials say"
    asked = []

    def doubts(article, claim, evidence=()):
        asked.append((claim, evidence))
        return Judgement(0.08, False)

    monkeypatch.setattr(judge, "assess", doubts)
    first = Pipeline(Settings(**LEAD, writer="llm", llm_url=url))(STORY).highlights[0]
    assert not first.rewritten and first.text == extracted().highlights[0].text
    note = first.verified.problems[-1]
    assert note.kind == "rewrite" and "judge" in note.detail and "0.08" in note.detail
    assert asked[0][0] == "Floods force 2,000 people from Leeds homes, officials say"
    assert asked[0][1] == tuple(STORY[e.start:e.end] for e in first.evidence)

    monkeypatch.setattr(judge, "assess", lambda article, claim, evidence=(): Judgement(0.93, True))
    shown = Pipeline(Settings(**LEAD, writer="llm", llm_url=url))(STORY).highlights[0]
    assert shown.rewritten and shown.verified.how == "guard"
    assert shown.verified.judge == Judgement(0.93, True) and shown.verified.score == 0.93


def test_an_attribution_the_model_drops_is_added_back_as_the_evidence_gives_it(fake_llm):
    llm, url = fake_llm
    llm.script["Floods forced"] = "Floods force 2,000 people from Leeds homes"
    first = Pipeline(Settings(**LEAD, writer="llm", llm_url=url))(STORY).highlights[0]
    assert first.rewritten and first.text == "Floods force 2,000 people from Leeds homes, officials say"


def test_a_quotes_speaker_named_in_the_next_sentence_backs_the_bullet_and_joins_its_evidence(fake_llm):
    from highlights.document import Article, Evidence, Highlight
    from highlights.sentences import split
    llm, url = fake_llm
    story = Article(id="q", text=(
        "(CNN)Floods forced 2,000 people from their homes in Leeds on Monday, officials said. "
        '"We have never seen water like this in the city centre," she said on Tuesday. '
        "Mayor Anna Reyes asked residents to stay home until the river falls."))
    sentences = split(story.text)
    quote = sentences[1]
    h = Highlight(text=story.text[quote.start:quote.end], score=1.0, evidence=(Evidence(1, quote.start, quote.end),))
    writer = LLMWriter(backend_for(Settings(llm_url=url)))
    llm.script["never seen water"] = "Anna Reyes says city has never seen water like this"
    shown = writer.attempt(story, h, (), sentences).result(h)
    assert shown.rewritten and [e.sentence for e in shown.evidence] == [1, 2]
    llm.script["never seen water"] = "John Smith says city has never seen water like this"
    assert not writer.attempt(story, h, (), sentences).result(h).rewritten


def test_an_endpoint_is_sent_no_grammar_and_the_examples_are_cnns(fake_llm):
    llm, url = fake_llm
    Pipeline(Settings(**LEAD, writer="llm", llm_url=url))(STORY)
    body = llm.requests[0]
    assert "grammar" not in body
    assert body["messages"][1]["content"] not in {s for s, _ in __import__("highlights.rewrite.prompt",
                                                                            fromlist=["x"]).EXAMPLES}


def test_a_bullet_too_long_is_asked_for_again_shorter(fake_llm):
    llm, url = fake_llm
    long = ("Floods forced 2,000 people from their homes in Leeds on Monday and the River Aire burst its banks, "
            "officials said")
    llm.script["Floods forced"] = long
    llm.script["Too long"] = "Floods force 2,000 people from Leeds homes, officials say"
    first = Pipeline(Settings(**LEAD, writer="llm", llm_url=url))(STORY).highlights[0]
    assert first.rewritten and first.text == "Floods force 2,000 people from Leeds homes, officials say"
    asked = [r for r in llm.requests if r["messages"][-1]["content"].startswith("Too long")]
    assert len(asked) == 1 and asked[0]["messages"][-2]["content"] == long
