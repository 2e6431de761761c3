"""The model layer: one loader that refuses missing, corrupt or out-of-date models with a clear ModelError."""
import json
import shutil
import subprocess
import sys

import pytest

from highlights import models
from highlights.errors import HighlightsError, ModelError, SettingsError


@pytest.fixture
def root(tmp_path):
    """A models folder with a tiny 'idf' model and a 'ranker' built from it (files are not real models)."""
    (tmp_path / "idf").mkdir()
    (tmp_path / "idf" / "table.txt").write_text("storm 3.0\n")
    idf = models.write(tmp_path / "idf", "idf", files=["table.txt"], words=["stop"])
    assert idf["words"].keys() == {"stop"}
    (tmp_path / "ranker").mkdir()
    (tmp_path / "ranker" / "trees.txt").write_text("tree\n")
    models.write(tmp_path / "ranker", "ranker", files=["trees.txt"], words=["stop", "attribution"],
                 built_from={"idf": models.load("idf", tmp_path)}, data={"train.jsonl.gz": "0" * 64},
                 features=["a", "b"])
    models.forget()
    return tmp_path


def edit_manifest(path, **changes):
    m = json.loads(path.read_text())
    m.update(changes)
    path.write_text(json.dumps(m))
    models.forget()


def test_a_good_model_loads_once_and_names_its_files(root):
    m = models.load("ranker", root)
    assert m is models.load("ranker", root)
    assert m.text("trees.txt") == "tree\n" and m.manifest["features"] == ["a", "b"]
    with pytest.raises(ModelError, match="no file 'other.txt'"):
        m.path("other.txt")


def test_manifests_hold_no_time_so_retraining_gives_the_same_bytes(root):
    before = (root / "ranker" / "manifest.json").read_bytes()
    models.write(root / "ranker", "ranker", files=["trees.txt"], words=["stop", "attribution"],
                 built_from={"idf": models.load("idf", root)}, data={"train.jsonl.gz": "0" * 64}, features=["a", "b"])
    assert (root / "ranker" / "manifest.json").read_bytes() == before


def test_a_missing_model_says_how_to_rebuild_it(tmp_path):
    with pytest.raises(ModelError, match=r"the compress model is missing; run `make train`"):
        models.load("compress", tmp_path)


def test_a_corrupt_file_is_refused(root):
    (root / "ranker" / "trees.txt").write_text("tree, edited\n")
    with pytest.raises(ModelError, match="trees.txt: corrupt or changed"):
        models.load("ranker", root)


def test_a_missing_file_is_refused(root):
    (root / "ranker" / "trees.txt").unlink()
    with pytest.raises(ModelError, match="trees.txt: missing from the ranker model"):
        models.load("ranker", root)


def test_an_unreadable_or_foreign_manifest_is_refused(root):
    (root / "idf" / "manifest.json").write_text("{not json")
    with pytest.raises(ModelError, match="unreadable manifest"):
        models.load("idf", root)
    edit_manifest(root / "ranker" / "manifest.json", schema=0)
    with pytest.raises(ModelError, match="not a schema-1 manifest"):
        models.load("ranker", root)


def test_a_model_trained_on_other_word_lists_is_refused(root):
    m = json.loads((root / "ranker" / "manifest.json").read_text())
    edit_manifest(root / "ranker" / "manifest.json", words=dict(m["words"], attribution="0" * 64))
    with pytest.raises(ModelError, match=r"other word lists .*words/attribution.txt changed"):
        models.load("ranker", root)


def test_a_model_whose_parent_was_retrained_is_refused(root):
    (root / "idf" / "table.txt").write_text("storm 2.5\n")
    models.write(root / "idf", "idf", files=["table.txt"], words=["stop"])
    with pytest.raises(ModelError, match="built from another idf model"):
        models.load("ranker", root)


def test_model_errors_are_neither_input_nor_settings_errors():
    assert issubclass(ModelError, HighlightsError) and not issubclass(ModelError, SettingsError)


def test_every_shipped_model_loads_and_records_its_word_lists():
    for name in models.NAMES:
        m = models.load(name)
        assert m.manifest["schema"] == models.SCHEMA and m.manifest["words"] is not None
    assert models.load("compress").manifest["built_from"].keys() == {"idf", "ranker"}


def test_lead_with_compression_never_loads_the_ranker():
    code = ("import highlights, sys\n"
            "highlights.summarize('(CNN)Heavy rain fell across the whole region on Monday after a week of storms, "
            "officials said. Roads flooded. Schools closed.',"
            " method='lead')\n"
            "from highlights import models\n"
            "ranker = sys.modules.get('highlights.select.ranker')  # (its module is imported only when it is used)\n"
            "print(sorted(name for name, _ in models._cache), len(ranker._loaded) if ranker else 0)\n")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    loaded, rankers = out.rsplit(" ", 1)
    assert "ranker" not in loaded and "compress" in loaded and rankers.strip() == "0", out


def test_a_copy_of_the_shipped_models_loads_from_another_folder(tmp_path):
    for name in models.NAMES:
        shutil.copytree(models.default_root() / name, tmp_path / name)
    assert models.load("compress", tmp_path).digest == models.load("compress").digest


def test_editing_a_real_word_list_stops_exactly_the_models_that_read_it(monkeypatch, tmp_path):
    from highlights import words

    for name in models.NAMES:
        shutil.copytree(models.default_root() / name, tmp_path / name)
    real = words.fingerprint

    def edited(*names):  # as if a word had been added to words/hedge.txt
        return {k: ("0" * 64 if k == "hedge" else v) for k, v in real(*names).items()}

    monkeypatch.setattr(models, "fingerprint", edited)
    models.forget(tmp_path)
    with pytest.raises(ModelError, match=r"words/hedge.txt changed"):
        models.load("compress", tmp_path)  # its never-cut list
    for name in ("idf", "ranker", "verifier"):  # they do not read the hedges
        assert models.load(name, tmp_path).name == name
    models.forget(tmp_path)
