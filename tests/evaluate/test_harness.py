"""The harness: reading corpora and system outputs, running methods side by side, the statistics it reports."""
from __future__ import annotations

import pytest

from highlights.errors import FormatError, InputError, SettingsError
from highlights.evaluate.corpus import REFERENCE_FIELDS, collect, load, load_systems, news_source
from highlights.evaluate.harness import evaluate, method_names, parse_methods, run_methods
from highlights.metrics.rouge import Rouge


def test_reference_is_tokenized_when_present_else_cased(corpus):
    items = load(str(corpus)).items
    assert REFERENCE_FIELDS == ("highlights_tok_lower", "highlights")
    assert items[0].reference == ("the cat sat on the mat .",)
    assert items[2].reference == ("The team won the cup.",)
    assert items[0].article.dateline == "( cnn )"


def test_reference_field_and_text_field_can_be_chosen(jsonl):
    path = jsonl([{"id": "x", "body": "rain fell .", "gold": "rain fell .\nroads flooded ."}])
    item = load(str(path), text_field="body", reference_field="gold").items[0]
    assert item.article.text == "rain fell ."
    assert item.reference == ("rain fell .", "roads flooded .")


def test_limit_and_every(corpus):
    assert [i.id for i in load(str(corpus), limit=2).items] == ["a", "b"]
    assert [i.id for i in load(str(corpus), every=2).items] == ["a", "c"]
    assert [i.id for i in load(str(corpus), every=2, limit=1).items] == ["a"]


def test_bad_rows_are_skipped_with_their_line_numbers(jsonl, rows):
    path = jsonl([rows[0], "{not json", "[1, 2]", {"id": "n", "highlights": ["x"]},
                  {"id": "r", "article": "some text ."}, rows[0], "", rows[1]])
    dataset = load(str(path))
    assert [i.id for i in dataset.items] == ["a", "b"]
    messages = "\n".join(dataset.skipped)
    assert len(dataset.skipped) == 5
    for expected in (":2: malformed JSON", ":3: expected a JSON object", ":4: field 'article' is missing",
                     ":5: no reference highlights in 'highlights_tok_lower' or 'highlights'", ":6: id 'a' appears twice"):
        assert expected in messages


def test_collect_keeps_what_parse_returns_and_reports_what_it_refuses(jsonl):
    path = jsonl([{"n": 1}, {"n": 2}, "{oops", {"n": 3}, {"n": 4}])

    def parse(row, where):
        if row["n"] == 3:
            raise FormatError("three is refused", source=where)
        return None if row["n"] == 2 else row["n"] * 10  # None: a good row that is not kept

    kept, skipped = collect(str(path), parse)
    assert kept == [10, 40]
    assert [m.split(": ", 1)[1] for m in skipped] == [
        "malformed JSON at column 2 (Expecting property name enclosed in double quotes); expected one object per line",
        "three is refused"]
    assert skipped[1].endswith(":4: three is refused")
    assert collect(str(path), parse, limit=1) == ([10], [])
    with pytest.raises(InputError, match="holds no usable row"):
        collect(str(path), lambda row, where: None)


@pytest.mark.parametrize("make, message", [
    (lambda tmp: tmp / "missing.jsonl", "no such file"),
    (lambda tmp: tmp, "is a directory"),
])
def test_unreadable_input_is_an_input_error(tmp_path, make, message):
    with pytest.raises(InputError, match=message):
        load(str(make(tmp_path)))


def test_no_usable_row_is_an_input_error_naming_the_first_problem(jsonl):
    path = jsonl([{"id": "r", "article": "some text ."}])
    with pytest.raises(InputError, match="holds no usable row.*no reference highlights"):
        load(str(path))


def test_truncated_gzip_is_an_input_error(tmp_path, corpus):
    cut = tmp_path / "cut.jsonl.gz"
    cut.write_bytes(corpus.read_bytes()[:40])
    with pytest.raises(InputError, match="cannot be read"):
        load(str(cut))


def test_parse_methods():
    assert parse_methods("lead, oracle,lead") == ("lead", "oracle")
    assert {"lead", "centrality", "oracle", "sumy-lexrank", "sumy-textrank"} <= set(method_names())
    with pytest.raises(SettingsError, match="unknown method 'nope'; choose one of lead"):
        parse_methods("lead,nope")
    assert parse_methods("lead+compress,oracle+llm") == ("lead+compress", "oracle+llm")
    with pytest.raises(SettingsError, match=r"'nope\+compress'; choose one of lead.*\(each may end in \+compress or \+llm\)"):
        parse_methods("nope+compress")
    with pytest.raises(SettingsError, match="no method"):
        parse_methods(" , ")


def test_methods_run_on_the_same_articles(corpus):
    items = load(str(corpus)).items
    lead, oracle = run_methods(items, ["lead", "oracle"], n=1)
    assert lead.highlights == (("the cat sat on the mat .",), ("police closed the road .",),
                               ("the team won the cup .",))
    assert oracle.highlights[1] == ("a storm hit the coast .", "nobody was hurt .")
    assert lead.seconds > 0 and lead.kind == "method"


def test_two_workers_give_the_same_highlights(corpus):
    items = load(str(corpus)).items
    one = run_methods(items, ["lead", "centrality", "oracle"], n=2)
    two = run_methods(items, ["lead", "centrality", "oracle"], n=2, workers=2)
    assert [o.highlights for o in one] == [o.highlights for o in two]


def test_evaluate_scores_by_hand(corpus):
    ev = evaluate(str(corpus), methods="lead,oracle", n=1, samples=200)
    assert ev.n == 3
    lead, oracle = ev.results
    # Lead-1 reproduces the references of "a" and "c" exactly; "b" scores what the scorer says.
    b = Rouge().score(reference="a storm hit the coast .\nnobody was hurt .", prediction="police closed the road .")
    assert lead.mean.rouge1 == pytest.approx((100 + b.rouge1 + 100) / 3)
    assert lead.mean.rouge2 == pytest.approx((100 + b.rouge2 + 100) / 3)
    assert oracle.mean.as_tuple() == pytest.approx((100.0, 100.0, 100.0))
    assert lead.mean_highlights == 1.0
    assert oracle.mean_highlights == pytest.approx(4 / 3)
    assert lead.mean_words_per_highlight == pytest.approx((6 + 4 + 5) / 3)
    assert lead.comparison is None
    assert oracle.comparison.against == "lead"
    assert oracle.comparison.mean_difference.rouge1 == pytest.approx(100 - lead.mean.rouge1)
    assert lead.low.rouge1 <= lead.mean.rouge1 <= lead.high.rouge1
    assert lead.articles_per_second > 0


def test_evaluate_is_reproducible(corpus):
    a = evaluate(str(corpus), methods="lead,centrality", samples=100, seed=3).to_dict()
    b = evaluate(str(corpus), methods="lead,centrality", samples=100, seed=3).to_dict()
    for r in a["results"] + b["results"]:
        r.pop("articles_per_second")
    assert a == b


def test_json_contract(corpus):
    d = evaluate(str(corpus), methods="lead,oracle", samples=50).to_dict()
    assert d["n"] == 3
    for r in d["results"]:
        assert {"method", "rouge1", "rouge2", "rougeLsum", "ci95", "articles_per_second", "mean_highlights",
                "mean_words_per_highlight"} <= set(r)
        assert set(r["ci95"]) == {"rouge1", "rouge2", "rougeLsum"}
        lo, hi = r["ci95"]["rouge1"]
        assert lo <= r["rouge1"] <= hi
        assert isinstance(r["articles_per_second"], float)


def test_published_systems_are_scored_on_the_same_articles(corpus, jsonl):
    systems = jsonl([
        {"id": "a", "system": "full", "summary": "the cat sat on the mat ."},
        {"id": "b", "system": "full", "summary": "a storm hit the coast . nobody was hurt ."},  # one line, split
        {"id": "c", "system": "full", "summary": "the team won the cup ."},
        {"id": "a", "system": "partial", "summary": "the cat sat ."},
        {"id": "zzz", "system": "full", "summary": "another article, ignored"},
        {"id": "a", "system": "broken"},
    ], name="systems.jsonl")
    ev = evaluate(str(corpus), methods="lead", systems=str(systems), samples=50)
    full = ev.results[1]
    assert (full.method, full.kind, full.articles_per_second) == ("full", "system", None)
    assert full.mean.as_tuple() == pytest.approx((100.0, 100.0, 100.0))
    assert full.mean_highlights == pytest.approx(4 / 3)
    assert ev.incomplete_systems == {"partial": 1}
    assert any("expected fields 'id', 'system'" in s for s in ev.skipped_rows)
    assert ev.to_dict()["results"][1]["articles_per_second"] is None


def test_system_outputs_keep_the_first_of_two_different_summaries(jsonl):
    path = jsonl([{"id": "a", "system": "s", "summary": "one ."}, {"id": "a", "system": "s", "summary": "one ."},
                  {"id": "a", "system": "s", "summary": "two ."}])
    systems, skipped = load_systems(str(path), ids=["a"])
    assert systems == {"s": {"a": "one ."}}
    assert len(skipped) == 1 and "second, different summary" in skipped[0]


@pytest.mark.parametrize("kwargs, message", [
    ({"methods": "nope"}, "unknown method"),
    ({"n": 0}, "count must be between"),
    ({"limit": 0}, "limit must be positive"),
    ({"every": 0}, "every must be positive"),
    ({"workers": 0}, "workers must be at least 1"),
])
def test_bad_settings_are_settings_errors(corpus, kwargs, message):
    with pytest.raises(SettingsError, match=message):
        evaluate(str(corpus), **kwargs)


@pytest.mark.parametrize(("opening", "source"), [
    ("( cnn ) -- rain fell .", "cnn"), ("Seoul (CNN) South Korea's prime minister resigned.", "cnn"),
    ("washington ( cnn ) -- the senate voted .", "cnn"),
    ("By . Daily Mail Reporter . A storm hit the coast .", "dailymail"),
    ("The storm hit the coast, CNN reported (later).", "dailymail"),  # CNN named, but no dateline
    ("paris , france -- the talks ended .", "cnn"),  # an older CNN story's place dateline
    ("the talks ended . critics said -- again -- no .", "dailymail"),  # a dash after the first sentence
])
def test_news_source_reads_cnns_dateline(opening, source):
    assert news_source(opening) == source


def test_scores_by_source_are_the_means_of_each_sources_articles(jsonl):
    rows = [{"id": "c", "article": "( cnn ) -- a storm hit the coast . nobody was hurt .",
             "highlights_tok_lower": ["a storm hit the coast ."]},
            {"id": "d1", "article": "police closed the road . the storm passed .",
             "highlights_tok_lower": ["police closed the road ."]},
            {"id": "d2", "article": "the storm passed . police closed the road .",
             "highlights_tok_lower": ["police closed the road ."]}]
    ev = evaluate(str(jsonl(rows)), methods="lead", n=1, samples=20)
    (lead,) = ev.results
    scores = lead.per_article
    cnn_n, cnn = lead.by_source["cnn"]
    dm_n, dm = lead.by_source["dailymail"]
    assert (cnn_n, dm_n) == (1, 2)
    assert cnn.rouge1 == pytest.approx(scores[0][0])
    assert dm.rouge1 == pytest.approx((scores[1][0] + scores[2][0]) / 2)
    assert ev.to_dict()["results"][0]["by_source"]["dailymail"]["n"] == 2
