"""``highlights ingest``, ``stories``, ``story`` and ``eval clustering`` as a user runs them."""
from __future__ import annotations

import json

import pytest

from highlights.cli import main

from .test_cluster import ELECTION, QUAKE

FAST = ["-m", "lead", "--no-compress", "--no-verify"]


def corpus(write):
    rows = [{"id": f"q{i}", "article": QUAKE[i % 2].format(n=38 + i), "date": f"2016-08-2{4 + i}",
             "title": "Earthquake in Italy"} for i in range(3)]
    rows += [{"id": f"e{i}", "article": ELECTION[i % 2].format(n=31 + i), "date": "2016-08-26"} for i in range(2)]
    lines = [json.dumps(r) for r in rows]
    lines.insert(2, "{broken")
    return write("stream.jsonl", "\n".join(lines) + "\n")


def test_ingest_then_list_and_show_stories(write, tmp_path, capsys):
    db = str(tmp_path / "s.db")
    path = corpus(write)
    assert main(["ingest", str(path), "--db", db, *FAST]) == 1  # the broken line is reported, the rest stored
    err = capsys.readouterr().err
    assert "stream.jsonl:3: malformed JSON" in err and "ingested 5 new article(s) (0 already stored)" in err
    assert "5 articles in 2 stories" in err
    assert main(["ingest", str(path), "--db", db, *FAST]) == 1
    assert "ingested 0 new article(s) (5 already stored)" in capsys.readouterr().err

    assert main(["stories", "--db", db, "--format", "json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert [(r["title"], r["articles"], r["first"], r["last"]) for r in rows] == [
        ("Earthquake in Italy", 3, "2016-08-24", "2016-08-26"),
        (rows[1]["title"], 2, "2016-08-26", "2016-08-26")]
    # a story without a headline is titled by its first-ranked bullet (not its first words), shown once
    # (the later article's, cut at its clause boundary), not its first words; cut, the bullet stays a highlight
    assert rows[1]["title"] == "Portugal's Socialists won the most seats in the parliamentary election"
    assert all(r["highlights"] for r in rows) and rows[1]["highlights"][0].startswith(rows[1]["title"] + ",")

    assert main(["story", str(rows[0]["id"]), "--db", db, "--since", "2016-08-26"]) == 0
    assert "Nothing new since 2016-08-26." in capsys.readouterr().out
    with pytest.raises(SystemExit) as exc:  # argparse's own exit: a usage error
        main(["story", str(rows[0]["id"]), "--db", db, "--since", "yesterday"])
    assert exc.value.code == 2 and "expected a date as YYYY-MM-DD" in capsys.readouterr().err
    assert main(["story", str(rows[0]["id"]), "--db", db]) == 0
    out = capsys.readouterr().out
    assert out.startswith(f"Story {rows[0]['id']}: Earthquake in Italy") and "3 article(s), 2016-08-24" in out
    assert main(["story", str(rows[0]["id"]), "--db", db, "-f", "json"]) == 0
    story = json.loads(capsys.readouterr().out)
    assert [a["external_id"] for a in story["articles"]] == ["q0", "q1", "q2"]
    assert all(e["article"] in {a["id"] for a in story["articles"]} for h in story["highlights"] for e in h["evidence"])

    assert main(["story", "999", "--db", db]) == 2
    assert "no story 999 in the database" in capsys.readouterr().err


def test_eval_clustering_writes_the_contract(write, tmp_path, capsys):
    rows = [{"text": QUAKE[i % 2].format(n=i), "event": "quake"} for i in range(3)]
    rows += [{"sentences": ELECTION[i % 2].format(n=i).split(". "), "event": "vote"} for i in range(2)]
    path = write("labelled.jsonl", "\n".join(json.dumps(r) for r in rows))
    out = tmp_path / "r.json"
    assert main(["eval", "clustering", "--data", str(path), "--label-field", "event", "--out", str(out)]) == 0
    result = json.loads(out.read_text())
    assert {"n", "clusters", "bcubed_precision", "bcubed_recall", "bcubed_f1", "pairwise_f1",
            "articles_per_second"} <= set(result)
    assert (result["n"], result["clusters"], result["bcubed_f1"], result["level"]) == (5, 2, 1.0, "story")
    assert main(["eval", "clustering", "--data", str(path), "--label-field", "topic"]) == 2  # no row has one
    assert "has no label field 'topic'" in capsys.readouterr().err
    # a bad row is named and left out; the others are scored, and the exit status says so
    broken = write("broken.jsonl", "\n".join([json.dumps(rows[0]), "{oops", json.dumps({"event": "x"}),
                                               *map(json.dumps, rows[1:])]))
    assert main(["eval", "clustering", "--data", str(broken), "--label-field", "event", "--out", str(out)]) == 1
    err = capsys.readouterr().err
    assert "broken.jsonl:2" in err and "broken.jsonl:3: needs a 'text' string" in err
    assert (json.loads(out.read_text())["n"], json.loads(out.read_text())["skipped"]) == (5, 2)


def test_a_database_that_cannot_be_opened_is_one_line_and_exit_2(tmp_path, capsys):
    (tmp_path / "notes.txt").write_text("not a database")
    for db in (str(tmp_path / "notes.txt"), str(tmp_path), "postgresql://nobody@127.0.0.1:1/news"):
        assert main(["stories", "--db", db]) == 2
        err = capsys.readouterr().err
        said = "no stories database here" if db == str(tmp_path) else "the stories database cannot be used"
        assert err.startswith("highlights: error: ") and said in err
        assert "Traceback" not in err and len(err.splitlines()) == 1


def test_a_storys_figures_that_disagree_are_printed_as_editors_bullets(write, tmp_path, capsys):
    bomb = ("A car bomb tore through a crowded market in the Zahra district of Homs on Monday , {who} . "
            "The blast in Homs destroyed shops and cars along the market street .")
    rows = [{"id": "a", "article": bomb.format(who="killing 36 people , the governor of Homs said"), "date": "2016-02-22"},
            {"id": "b", "article": bomb.format(who="and the Observatory said the Homs car bomb killed 45 people"),
             "date": "2016-02-22"}]
    db = str(tmp_path / "s.db")
    assert main(["ingest", str(write("bomb.jsonl", "".join(json.dumps(r) + "\n" for r in rows))), "--db", db, *FAST]) == 0
    capsys.readouterr()
    assert main(["story", "1", "--db", db]) == 0
    out = capsys.readouterr().out
    assert ("Figures that disagree:\n- Estimates of the dead differ: 36 (governor of Homs) vs 45 (Observatory)  "
            "[articles 1, 2]") in out
    assert main(["story", "1", "--db", db, "-f", "json"]) == 0
    (conflict,) = json.loads(capsys.readouterr().out)["conflicts"]
    assert conflict["verified"]["supported"] and conflict["bullet"].startswith("Estimates of the dead differ")


@pytest.mark.parametrize("command", [["stories"], ["story", "1"], ["timeline", "--story", "1"]])
def test_a_reading_command_on_a_missing_database_says_so_and_creates_none(tmp_path, capsys, command):
    typo = tmp_path / "typo.db"
    assert main([*command, "--db", str(typo)]) == 2
    assert not typo.exists()
    assert "no stories database here" in capsys.readouterr().err


def test_stories_by_topic_lists_the_threads_largest_first_with_one_article_stories_counted(tmp_path, capsys):
    from .test_topics import filled

    db = str(tmp_path / "s.db")
    filled(db)
    assert main(["stories", "--by", "topic", "--db", db, "--stories", "3", "--min-articles", "2"]) == 0
    assert capsys.readouterr().out.splitlines() == [
        "topic     1    11 article(s) in 5 stories  2016-08-24 – 2016-09-10  story 1",
        "       1     5 article(s)  2016-08-24 – 2016-09-02  story 1",
        "       3     2 article(s)  2016-09-05  story 3",
        "       2     2 article(s)  2016-08-30 – 2016-08-31  story 2",
        "          … and 2 single-article stories (all: --topic 1)",
        "topic     2     4 article(s) in 2 stories  2016-10-01 – 2016-10-20  story 6",
        "       6     3 article(s)  2016-10-01 – 2016-10-04  story 6",
        "          … and 1 single-article story (all: --topic 2)"]
    assert main(["stories", "--by", "topic", "--db", db, "--order", "recent", "--since", "2016-09-01", "-f", "json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert [(t["id"], t["articles"], t["single_stories"]) for t in rows] == [(2, 4, 1), (1, 11, 2)]
    assert main(["stories", "--db", db, "--topic", "1", "--order", "size", "-n", "1"]) == 0  # all of a topic's stories
    assert [line.split()[0] for line in capsys.readouterr().out.splitlines()] == ["1", "3", "2", "4", "5"]


def test_stories_default_output_is_unchanged_and_topic_options_need_by_topic(tmp_path, capsys):
    from .test_topics import filled

    db = str(tmp_path / "s.db")
    filled(db)
    assert main(["stories", "--db", db, "--limit", "2", "--min-size", "2"]) == 0
    assert capsys.readouterr().out.splitlines() == ["     6     3 article(s)  2016-10-01 – 2016-10-04  story 6",
                                                    "     3     2 article(s)  2016-09-05  story 3"]
    assert main(["stories", "--db", db, "--since", "2016-09-01"]) == 2
    assert "add --by topic" in capsys.readouterr().err
    assert main(["stories", "--by", "topic", "--db", db, "--since", "2016-09-01", "--until", "2016-08-01"]) == 2
    assert "--until 2016-08-01 is before --since 2016-09-01" in capsys.readouterr().err
    for bad in (["--order", "biggest"], ["--min-articles", "0"], ["--by", "article"], ["--since", "2016-02-30"]):
        with pytest.raises(SystemExit) as exc:
            main(["stories", "--by", "topic", "--db", db, *bad])
        assert exc.value.code == 2 and bad[0] in capsys.readouterr().err


def test_ingest_stores_articles_without_highlights_names_them_and_exits_0(write, db, capsys):
    from .test_store import CAPTIONS, FRENCH

    rows = [{"id": f"q{i}", "article": QUAKE[i % 2].format(n=38 + i), "date": f"2016-08-2{4 + i}"} for i in range(2)]
    rows += [{"id": "captions", "article": CAPTIONS, "date": "2016-08-25"},
             {"id": "pont", "article": FRENCH, "date": "2016-08-25"}]
    path = write("stream.jsonl", "\n".join(json.dumps(r) for r in rows) + "\n")
    # nothing was lost: exit 0; each one named with its line and reason, and counted in the last line
    assert main(["ingest", str(path), "--db", db, "-w", "0", *FAST]) == 0
    err = capsys.readouterr().err
    assert "highlights: stored without highlights: " + str(path) + ":3: has no sentence that can stand alone" in err
    assert "stream.jsonl:4: looks like French, not English" in err
    assert ("ingested 4 new article(s) (0 already stored); stored 2 without highlights (no sentence can stand "
            "alone: 1, not English: 1); the database holds 4 articles") in err
    assert "error" not in err
    assert main(["ingest", str(path), "--db", db, "-w", "0", *FAST]) == 0  # a rerun ingests nothing twice
    err = capsys.readouterr().err
    assert "ingested 0 new article(s) (4 already stored); the database holds 4 articles" in err

    assert main(["stories", "--db", db, "--format", "json"]) == 0
    stories = {r["articles"]: r for r in json.loads(capsys.readouterr().out)}
    assert set(stories) == {3, 1} and stories[1]["title"].startswith("Le conseil municipal")
    assert main(["story", str(stories[3]["id"]), "--db", db, "-f", "json"]) == 0
    story = json.loads(capsys.readouterr().out)
    refused = {a["external_id"]: a["refused"] for a in story["articles"]}
    assert refused["q0"] is None and refused["captions"]["error"] == "empty_input" and story["highlights"]
    assert main(["story", str(stories[1]["id"]), "--db", db]) == 0
    out = capsys.readouterr().out
    assert "(no highlights: looks like French, not English" in out
