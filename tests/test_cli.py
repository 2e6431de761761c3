import json
import subprocess
import sys

import pytest

from highlights.cli import main
from highlights.read import seed

from .conftest import DEV, SAMPLE, SEED, assert_evidence, needs_shared


def run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_sample_in_cnn_form(capsys):
    code, out, err = run(capsys, "summarize", str(SAMPLE))
    assert code == 0 and all(line.startswith("highlights: note: ") for line in err.splitlines())
    lines = out.splitlines()
    assert lines[0] == " date 2026-03-14 Story highlights"
    assert 3 <= len(lines) <= 4 and all(line.startswith("- ") for line in lines[1:])


@needs_shared
def test_seed_json_evidence_selects_whole_sentences(capsys):
    code, out, _ = run(capsys, "summarize", str(SEED), "--format", "json")
    d = json.loads(out)
    assert code == 0 and 2 <= len(d["highlights"]) <= 4
    assert_evidence(d)
    assert all(h["verified"]["supported"] is True for h in d["highlights"])


@needs_shared
def test_seed_cnn_output_reads_back_with_same_bullets(capsys):
    _, out, _ = run(capsys, "summarize", str(SEED), "--format", "cnn")
    _, js, _ = run(capsys, "summarize", str(SEED), "--format", "json")
    back = seed.parse(out, id="x", source="out")
    assert list(back.references) == [h["text"] for h in json.loads(js)["highlights"]]
    assert back.date.isoformat() == "2016-12-12"


def test_count_method_and_markdown(capsys):
    code, out, _ = run(capsys, "summarize", str(SAMPLE), "-n", "2", "-m", "centrality", "-f", "md")
    assert code == 0 and out.count("\n- ") == 2 and out.startswith("## flood")


def test_with_body_appends_story(capsys):
    _, out, _ = run(capsys, "summarize", str(SAMPLE), "--with-body")
    assert out.rstrip().endswith("for damage.")


@pytest.mark.parametrize("argv, words", [
    (["summarize", "-n", "0", "x"], "between 1 and 10"),
    (["summarize", "-m", "nope", "x"], "unknown method 'nope'; choose one of lead, centrality, ranker"),
    (["summarize", "--input-format", "pdf", "x"], "invalid choice"),
])
def test_bad_options_exit_2(capsys, argv, words):
    with pytest.raises(SystemExit) as exc:
        main(argv)
    assert exc.value.code == 2 and words in capsys.readouterr().err


def test_missing_file_exit_2_one_line(capsys, tmp_path):
    code, out, err = run(capsys, "summarize", str(tmp_path / "nope.txt"))
    assert code == 2 and out == ""
    assert err.count("\n") == 1 and "nope.txt: no such file" in err


def test_batch_reports_bad_inputs_writes_the_rest_and_exits_1(capsys, write):
    good = write("good.txt", "A fire broke out at the old mill on Friday. Crews put it out within an hour.")
    empty = write("empty.txt", "   ")
    binary = write("bin.txt", b"\x00\x01\x02")
    code, out, err = run(capsys, "summarize", str(empty), str(good), str(binary), "-f", "json")
    assert code == 1
    assert [json.loads(line)["id"] for line in out.splitlines()] == ["good"]
    assert "empty.txt" in err and "bin.txt" in err and "1 written" in err


FIRE = "A fire broke out at the old mill on Friday. Crews put it out within an hour."


def test_out_dir_writes_one_file_per_input_named_after_its_path(capsys, write, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    write("in/x/a.txt", FIRE)
    write("in/y/a.txt", FIRE.replace("Friday", "Monday"))  # same name, another folder: another output
    write("in/b.story", "Rain fell on the city all day long. More rain is expected on Sunday.\n\n@highlight\n\nRain\n")
    code, out, err = run(capsys, "summarize", "in", "--out", "out", "-f", "json")
    assert code == 0 and out == ""
    written = sorted(str(p.relative_to(tmp_path / "out")) for p in (tmp_path / "out").rglob("*") if p.is_file())
    assert written == [".highlights-done.jsonl", "b.story.json", "x/a.txt.json", "y/a.txt.json"]  # relative to in/
    assert json.loads((tmp_path / "out/b.story.json").read_text())["references"] == ["Rain"]
    assert "Monday" in json.loads((tmp_path / "out/y/a.txt.json").read_text())["text"]
    # the same run again with --resume does nothing; a changed input is done again
    code, out, err = run(capsys, "summarize", "in", "--out", "out", "-f", "json", "--resume")
    assert code == 0 and "3 input(s) already written" in err and "wrote" not in err
    write("in/x/a.txt", FIRE.replace("Friday", "Sunday"))
    code, out, err = run(capsys, "summarize", "in", "--out", "out", "-f", "json", "--resume")
    assert code == 0 and "2 input(s) already written" in err and err.count("wrote ") == 1
    assert "Sunday" in json.loads((tmp_path / "out/x/a.txt.json").read_text())["text"]


def test_resume_needs_an_output_folder(capsys, write):
    code, _, err = run(capsys, "summarize", str(write("a.txt", FIRE)), "--resume")
    assert code == 2 and "--resume needs --out" in err


def run_until_written(tmp_path, args, outputs):
    """Start ``args`` on 60 stories in ``tmp_path/in``; return (the process, the output folder) once
    ``outputs`` outputs are written (within a minute)."""
    import time

    stories = tmp_path / "in"
    stories.mkdir()
    for i in range(60):
        (stories / f"s{i:02d}.txt").write_text(FIRE.replace("Friday", f"day {i}"), encoding="utf-8")
    out = tmp_path / "out"
    proc = subprocess.Popen(args, cwd=tmp_path, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and len(list(out.rglob("*.json"))) < outputs:
        time.sleep(0.05)
    return proc, out


@pytest.mark.slow
def test_a_killed_run_resumed_writes_every_input_exactly_once(tmp_path):
    """SIGKILL part way through a folder of stories, then --resume: every output once, none partial."""
    import signal

    args = [sys.executable, "-m", "highlights", "summarize", "in", "--out", "out", "-f", "json", "--no-verify"]
    proc, out = run_until_written(tmp_path, args, 10)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    before = {p.name for p in out.rglob("*.json")}
    assert 10 <= len(before) < 60
    r = subprocess.run(args + ["--resume"], cwd=tmp_path, capture_output=True)
    assert r.returncode == 0, r.stderr
    outputs = sorted(out.rglob("*.json"))
    assert len(outputs) == 60 and not list(out.rglob("*.tmp"))
    for p in outputs:
        json.loads(p.read_text())  # every file whole
    done = [json.loads(line)["input"] for line in (out / ".highlights-done.jsonl").read_text().splitlines()]
    assert sorted(done) == sorted(set(done)) and len(done) == 60  # each input recorded exactly once
    assert f"{len(before)} input(s) already written" in r.stderr.decode()


def test_oversize_limit_is_configurable(capsys, write):
    path = write("big.txt", "word " * 50)
    code, _, err = run(capsys, "summarize", str(path), "--max-bytes", "10")
    assert code == 2 and "size limit of 10 bytes" in err


def test_methods_lists_registry(capsys):
    code, out, _ = run(capsys, "methods")
    assert code == 0 and "lead" in out and "centrality" in out


def cli(*argv, stdin=b""):
    return subprocess.run([sys.executable, "-m", "highlights", *argv], input=stdin, capture_output=True)


def test_binary_stdin_exits_2_with_one_line_and_no_traceback():
    r = cli("summarize", "-", stdin=b"\x00\xff")
    assert r.returncode == 2 and r.stdout == b""
    assert r.stderr.decode().count("\n") == 1 and b"binary" in r.stderr and b"Traceback" not in r.stderr


def test_plain_text_on_stdin():
    r = cli("summarize", "-n", "1", "--no-compress", stdin=b"Floods hit the town on Monday. Many fled.")
    assert r.returncode == 0
    assert r.stdout.decode().splitlines() == [" Story highlights", "- Floods hit the town on Monday."]


@pytest.mark.slow
@needs_shared
def test_whole_dev_set_with_lead(capsys):
    code, out, err = run(capsys, "summarize", str(DEV), "--method", "lead", "--format", "json")
    rows = [json.loads(line) for line in out.splitlines()]
    assert code == 0 and len(rows) == 1737
    assert all(len(r["highlights"]) == 3 or r["notes"] for r in rows)  # fewer only with the reason
    assert sum(len(r["highlights"]) == 3 for r in rows) > 1700


def test_fewer_highlights_than_asked_get_a_note_on_stderr(capsys):
    code, out, err = run(capsys, "summarize", str(SAMPLE), "-n", "6", "--no-compress")
    assert code == 0 and out.count("\n- ") <= 4
    assert "highlights: note: " in err and "writes at most 4" in err


def test_another_language_is_refused_with_exit_2(capsys, write):
    story = write("fr.txt", "Le conseil municipal a voté lundi la fermeture du vieux pont. Les ingénieurs ont trouvé "
                            "des fissures profondes dans deux de ses piles, et les réparations coûteraient environ "
                            "quatre millions selon le maire de la ville.")
    code, out, err = run(capsys, "summarize", str(story))
    assert code == 2 and out == ""
    assert "fr.txt: looks like French, not English" in err and "Traceback" not in err


@pytest.mark.slow
def test_sigterm_stops_a_run_at_once_and_leaves_no_partial_file(tmp_path):
    import signal
    import time

    args = [sys.executable, "-m", "highlights", "summarize", "in", "--out", "out", "-f", "json"]
    proc, out = run_until_written(tmp_path, args, 5)
    stopped = time.monotonic()
    proc.send_signal(signal.SIGTERM)
    _, err = proc.communicate(timeout=30)
    assert proc.returncode == 130 and time.monotonic() - stopped < 5
    assert "interrupted" in err.decode() and "--resume" in err.decode()
    assert not list(out.rglob("*.tmp")) and 5 <= len(list(out.rglob("*.json"))) < 60


def test_a_method_from_the_environment_is_checked_as_an_option(capsys, monkeypatch):
    monkeypatch.setenv("HIGHLIGHTS_METHOD", "nope")
    with pytest.raises(SystemExit) as exc:
        main(["summarize", str(SAMPLE)])
    assert exc.value.code == 2 and "unknown method 'nope'; choose one of lead, centrality, ranker" in capsys.readouterr().err


def test_summarize_over_a_parquet_file_with_a_damaged_row_group_writes_each_readable_article_and_reports_it_once(
        capsys, tmp_path):
    from .read.conftest import damage_row_group, parquet_file

    path = parquet_file(tmp_path / "corrupt.parquet", 6, group=2)
    damage_row_group(path, 1)
    code, out, err = run(capsys, "summarize", str(path), "-f", "json", "-m", "lead", "--no-compress", "--no-verify")
    assert code == 1
    assert [json.loads(line)["id"] for line in out.splitlines()] == ["r1", "r2", "r5", "r6"]
    errors = [line for line in err.splitlines() if line.startswith("highlights: error: ")]
    assert len(errors) == 1 and errors[0].startswith(
        f"highlights: error: {path}: rows 3-4 (row group 2 of 3) cannot be read, the file is damaged there (")
    assert "highlights: 1 input(s) failed, 4 written" in err


def test_summarize_reports_an_unreadable_folder_and_a_dangling_link_as_one_line_each_and_writes_the_rest(
        capsys, tmp_path, monkeypatch, write):
    from .read.conftest import unreadable

    monkeypatch.chdir(tmp_path)
    write("data/a.txt", FIRE)
    write("data/x/b.txt", FIRE)
    (tmp_path / "data" / "y.txt").symlink_to("gone.txt")
    unreadable(monkeypatch, tmp_path / "data" / "x")
    code, out, err = run(capsys, "summarize", "data", "-f", "json", "-m", "lead", "-n", "2", "--no-compress",
                         "--no-verify")
    assert code == 1
    assert [json.loads(line)["id"] for line in out.splitlines()] == ["a"]
    assert err.splitlines() == ["highlights: error: data/x: cannot read this folder (Permission denied)",
                                "highlights: error: data/y.txt: a link to nothing (dangling symlink to gone.txt)",
                                "highlights: 2 input(s) failed, 1 written"]
