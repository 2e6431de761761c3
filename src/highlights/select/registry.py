"""The summarizers by name: a plain dict from name to a factory taking the settings, and the one check of a name."""
from __future__ import annotations

from collections.abc import Callable, Iterable

from ..errors import SettingsError
from ..settings import Settings
from .base import Summarizer


def _lead(settings: Settings) -> Summarizer:
    from .lead import Lead

    return Lead()


def _centrality(settings: Settings) -> Summarizer:
    from .centrality import Centrality

    return Centrality()


def _ranker(settings: Settings) -> Summarizer:
    from .ranker import Ranker

    return Ranker().load()  # read its model files now, once


# each factory imports its summarizer's module when it is first asked for (naming them costs no import)
SUMMARIZERS: dict[str, Callable[[Settings], Summarizer]] = {"lead": _lead, "centrality": _centrality, "ranker": _ranker}
DESCRIPTIONS = {
    "lead": "the first n sentences (the classic news baseline)",
    "centrality": "unsupervised LexRank-style graph ranking of TF-IDF sentence vectors",
    "ranker": ("learned selector: tree models over lexical features and static MiniLM sentence vectors, trained on "
               "CNN/DailyMail, pick the best 2-4 sentences (the default)"),
}

_cache: dict[tuple[str, Settings], Summarizer] = {}


def check_method(name: str, choices: Iterable[str] = SUMMARIZERS, *, suffixes: tuple[str, ...] = ()) -> str:
    """``name`` when it names one of ``choices`` (the summarizers, unless a caller has others), else the error.

    The one check of a method's name, so that the library, the CLI and the service refuse one the same way,
    listing the names they accept. ``suffixes`` are endings a name may have, each at most once, in that order
    (an evaluation's ``lead+compress``).
    """
    names = list(choices)
    base = name
    for suffix in suffixes:
        base = base.removesuffix(suffix)
    if base not in names:
        endings = f" (each may end in {' or '.join(suffixes)})" if suffixes else ""
        raise SettingsError(f"unknown method {name!r}; choose one of {', '.join(names) or 'none'}{endings}")
    return name


def get(name: str, settings: Settings = Settings()) -> Summarizer:
    """The summarizer called ``name``, built once per settings (models load lazily, once)."""
    key = (check_method(name), settings)
    if key not in _cache:
        _cache[key] = SUMMARIZERS[name](settings)
    return _cache[key]
