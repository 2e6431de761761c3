"""``summarize --out DIR``: the names of the outputs (relative to the PATH given), and --resume on folders
written by older versions or other PATHs."""
import io
import json
import sys
from pathlib import Path

import pytest

from highlights.cli import main
from highlights.errors import OutputError
from highlights.render.files import MANIFEST, fingerprint, output_name, output_names

FIRE = "A fire broke out at the old mill on Friday. Crews put it out within an hour."
RAIN = "Rain fell on the city all day long. More rain is expected on Sunday."


def run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def written(folder: Path) -> list[str]:
    return sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file())


@pytest.fixture
def stories(tmp_path, write, monkeypatch):
    """tmp/a/news/{a.txt, x/b.txt}, tmp/b/news/a.txt, tmp/b/sport/a.txt; the working directory is tmp/work."""
    write("a/news/a.txt", FIRE)
    write("a/news/x/b.txt", RAIN)
    write("b/news/a.txt", FIRE.replace("Friday", "Monday"))
    write("b/sport/a.txt", FIRE.replace("Friday", "Tuesday"))
    (tmp_path / "work").mkdir()
    monkeypatch.chdir(tmp_path / "work")
    return tmp_path


# -- the rule, by hand --------------------------------------------------------------------------------------

def test_names_are_relative_to_the_path_given():
    assert output_name("/data/news/x/a.txt", "json", "/data/news/") == Path("x/a.txt.json")
    assert output_name("/data/news/a.txt", "json", "/data/news/a.txt") == Path("a.txt.json")  # a file given
    assert output_name("../news/a.txt", "md", "../news") == Path("a.txt.md")
    assert output_name("a.txt", "cnn", ".") == Path("a.txt.txt")
    assert output_name("-", "json", "-") == Path("stdin.json")
    # several PATHs: a folder's outputs go under its name, files given directly and stdin stay at the top
    assert output_name("/data/news/x/a.txt", "json", "/data/news/", several=True) == Path("news/x/a.txt.json")
    assert output_name("../news/a.txt", "json", "../news", several=True) == Path("news/a.txt.json")
    assert output_name("../c.txt", "json", "../c.txt", several=True) == Path("c.txt.json")
    assert output_name("-", "md", "-", several=True) == Path("stdin.md")
    # JSON Lines inputs keep their rule: .jsonl with -f json
    assert output_name("in/a.jsonl.gz", "json", "in") == Path("a.jsonl.gz.jsonl")
    assert output_name("in/a.jsonl", "cnn", "in") == Path("a.jsonl.txt")


def test_two_inputs_with_one_name_are_refused_naming_both():
    with pytest.raises(OutputError) as e:
        output_names([("a/x.txt", "a/x.txt"), ("b/x.txt", "b/x.txt")], "json", several=True, root="out")
    assert str(e.value).startswith("out: a/x.txt and b/x.txt would both be written as x.txt.json")
    with pytest.raises(OutputError, match="a/news/y.txt and b/news/y.txt would both be written as news/y.txt.json"):
        output_names([("a/news", "a/news/y.txt"), ("b/news", "b/news/y.txt")], "json", several=True)
    # one output's name is the folder of another's
    with pytest.raises(OutputError, match="q.txt and d/q.txt.json/a.txt would both be written as q.txt.json"):
        output_names([("q.txt", "q.txt"), ("d/q.txt.json", "d/q.txt.json/a.txt")], "json", several=True)


def test_an_input_met_twice_is_written_once(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    a = tmp_path / "news" / "a.txt"
    a.parent.mkdir()
    a.write_text(FIRE)
    names = output_names([("news", "news/a.txt"), ("news/a.txt", "news/a.txt"),  # the same path again
                          (str(tmp_path / "news"), str(a))], "json", several=True)  # the same file, the same name
    assert names == {"news/a.txt": Path("news/a.txt.json")}


# -- the command, end to end ---------------------------------------------------------------------------------

def test_a_folder_given_by_absolute_path(capsys, stories):
    code, _, err = run(capsys, "summarize", f"{stories}/a/news/", "--out", "out", "-f", "json")
    assert code == 0, err
    assert written(Path("out")) == [MANIFEST, "a.txt.json", "x/b.txt.json"]
    assert "Friday" in json.loads(Path("out/a.txt.json").read_text())["text"]
    record = json.loads(Path("out", MANIFEST).read_text().splitlines()[0])
    assert record["input"] == f"{stories}/a/news/a.txt" and record["output"] == "a.txt.json"


def test_a_single_file(capsys, stories):
    code, _, err = run(capsys, "summarize", f"{stories}/a/news/x/b.txt", "--out", "out", "-f", "md")
    assert code == 0, err
    assert written(Path("out")) == [MANIFEST, "b.txt.md"]


def test_two_folders_with_the_same_file_names(capsys, stories):
    code, _, err = run(capsys, "summarize", "../a/news", "../b/sport", "--out", "out", "-f", "json")
    assert code == 0, err
    assert written(Path("out")) == [MANIFEST, "news/a.txt.json", "news/x/b.txt.json", "sport/a.txt.json"]
    assert "Tuesday" in json.loads(Path("out/sport/a.txt.json").read_text())["text"]
    # two folders of one name: refused before anything is written
    code, _, err = run(capsys, "summarize", "../a/news", "../b/news", "--out", "out2", "-f", "json")
    assert code == 2
    assert "out2: ../a/news/a.txt and ../b/news/a.txt would both be written as news/a.txt.json" in err
    assert written(Path("out2")) == []


def test_parent_folder_paths(capsys, stories):
    code, _, err = run(capsys, "summarize", "../a/news/", "--out", "out", "-f", "json")
    assert code == 0, err
    assert written(Path("out")) == [MANIFEST, "a.txt.json", "x/b.txt.json"]  # (was out/<absolute path>/a.txt.json)
    code, _, err = run(capsys, "summarize", "../b/news/a.txt", "../a/news/x", "--out", "out2", "-f", "json")
    assert code == 0, err
    assert written(Path("out2")) == [MANIFEST, "a.txt.json", "x/b.txt.json"]


def test_stdin(capsys, stories, monkeypatch):
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(FIRE.encode())))
    code, _, err = run(capsys, "summarize", "-", "--out", "out", "-f", "json")
    assert code == 0, err
    assert written(Path("out")) == [MANIFEST, "stdin.json"]
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(RAIN.encode())))
    code, _, err = run(capsys, "summarize", "-", "../b/sport", "--out", "out2", "-f", "cnn")
    assert code == 0, err
    assert written(Path("out2")) == [MANIFEST, "sport/a.txt.txt", "stdin.txt"]


def old_record(path: str, output: str) -> str:
    """A manifest line as Highlights wrote it before names were relative to the PATH given (no "layout")."""
    run_settings = {"method": "centrality", "count": 3, "compress": True, "compress_rate": 0.7, "verify": True,
                    "with_body": False, "input_format": None}
    return json.dumps({"input": path, "output": output, "format": "json", "run": run_settings,
                       **(fingerprint(path) or {})}) + "\n"


def test_resume_refuses_a_folder_written_with_the_old_names(capsys, tmp_path, write, monkeypatch):
    monkeypatch.chdir(tmp_path)
    write("in/x/a.txt", FIRE)
    write("in/b.txt", RAIN)
    write("out/in/x/a.txt.json", '{"id": "a"}')  # the old layout: the input's path from the working directory
    write(f"out/{MANIFEST}", old_record("in/x/a.txt", "in/x/a.txt.json"))
    before = written(tmp_path / "out")
    code, _, err = run(capsys, "summarize", "in", "--out", "out", "-f", "json", "--resume")
    assert code == 2
    assert ("out: this folder was written by an older Highlights, which named outputs after the input's path from "
            "the working directory (in/x/a.txt → out/in/x/a.txt.json; now out/x/a.txt.json): --resume cannot "
            "continue it; rerun without --resume into a new folder") in err
    assert written(tmp_path / "out") == before  # nothing written
    # the advice works
    code, _, err = run(capsys, "summarize", "in", "--out", "new", "-f", "json")
    assert code == 0 and written(tmp_path / "new") == [MANIFEST, "b.txt.json", "x/a.txt.json"]


def test_resume_keeps_old_records_whose_names_have_not_changed(capsys, tmp_path, write, monkeypatch):
    """A file given from the working directory had the same name then: its old record still counts."""
    monkeypatch.chdir(tmp_path)
    write("a.txt", FIRE)
    code, _, err = run(capsys, "summarize", "a.txt", "--out", "out", "-f", "json")
    assert code == 0, err
    manifest = tmp_path / "out" / MANIFEST
    (record,) = [json.loads(line) for line in manifest.read_text().splitlines()]
    assert record.pop("layout") and record["output"] == "a.txt.json"
    manifest.write_text(json.dumps(record) + "\n")  # as the older Highlights wrote it
    code, _, err = run(capsys, "summarize", "a.txt", "--out", "out", "-f", "json", "--resume")
    assert code == 0 and "1 input(s) already written" in err and "wrote" not in err


def test_resume_with_other_paths_is_refused(capsys, stories):
    code, _, err = run(capsys, "summarize", "../a/news", "--out", "out", "-f", "json")
    assert code == 0, err
    code, _, err = run(capsys, "summarize", "../a/news", "../b/sport", "--out", "out", "-f", "json", "--resume")
    assert code == 2
    assert ("out: ../a/news/a.txt was written as out/a.txt.json by a run with other PATHs; this run names it "
            "out/news/a.txt.json: resume with the PATHs that run had, or rerun without --resume") in err
    code, _, err = run(capsys, "summarize", "../a/news", "--out", "out", "-f", "json", "--resume")
    assert code == 0 and "2 input(s) already written" in err
