"""Reports: the Markdown table, the JSON file, and the PNG plots."""
from __future__ import annotations

import json

import pytest

from highlights.evaluate.harness import evaluate
from highlights.evaluate.report import markdown, write_json, write_report

PNG = b"\x89PNG\r\n\x1a\n"


@pytest.fixture
def ev(corpus, jsonl):
    systems = jsonl([{"id": i, "system": "published", "summary": "the cat sat ."} for i in "abc"], name="s.jsonl")
    return evaluate(str(corpus), methods="lead,centrality,oracle", systems=str(systems), samples=50)


def test_markdown_table_has_a_row_per_method_and_system(ev):
    table = markdown(ev)
    lines = table.splitlines()
    assert lines[0].startswith("| method | ROUGE-1 | ROUGE-2 | ROUGE-Lsum | Δ R-1 vs lead (p) |")
    rows = lines[2:lines.index("")]  # the first table; a second gives the scores by source
    assert [r.split(" | ")[0] for r in rows] == ["| lead", "| centrality", "| oracle", "| published (published)"]
    assert "| — |" in rows[0]  # no comparison for the first method, no speed for published outputs
    assert rows[3].split(" | ")[5] == "—"
    assert "3 articles" in table


def test_json_file_round_trips(ev, tmp_path):
    path = write_json(ev, tmp_path / "deep" / "r.json")
    data = json.loads(path.read_text())
    assert data["n"] == 3 and [r["method"] for r in data["results"]] == ["lead", "centrality", "oracle", "published"]


def test_report_directory_holds_markdown_and_two_pngs(ev, tmp_path):
    paths = write_report(ev, tmp_path / "report")
    assert [p.name for p in paths] == ["report.md", "rouge.png", "speed.png"]
    assert "![ROUGE per method](rouge.png)" in paths[0].read_text()
    for png in paths[1:]:
        data = png.read_bytes()
        assert data.startswith(PNG) and len(data) > 10_000


def test_markdown_gives_cnn_and_daily_mail_apart_when_the_articles_hold_both(ev, jsonl):
    # the corpus: "a" opens with CNN's dateline, "b" and "c" do not
    table = markdown(ev)
    assert "| method | CNN (1) R-1 / R-2 / R-Lsum | Daily Mail (2) R-1 / R-2 / R-Lsum |" in table
    lead = next(line for line in table.splitlines()[table.splitlines().index(""):] if line.startswith("| lead |"))
    cnn = ev.results[0].by_source["cnn"][1]
    assert lead.split(" | ")[1] == f"{cnn.rouge1:.2f} / {cnn.rouge2:.2f} / {cnn.rougeLsum:.2f}"
    one_source = jsonl([{"id": "x", "article": "rain fell . roads shut .", "highlights_tok_lower": ["rain fell ."]}])
    assert "Daily Mail (" not in markdown(evaluate(str(one_source), methods="lead", samples=10))
