"""The summarizers by name: a plain dict from name to a factory taking the settings."""
from __future__ import annotations

from collections.abc import Callable

from ..errors import SettingsError
from ..settings import Settings
from .base import Summarizer
from .centrality import Centrality
from .lead import Lead
from .ranker import Ranker

SUMMARIZERS: dict[str, Callable[[Settings], Summarizer]] = {
    "lead": lambda settings: Lead(),
    "centrality": lambda settings: Centrality(),
    "ranker": lambda settings: Ranker().load(),  # read its model files now, once
}
DESCRIPTIONS = {
    "lead": "the first n sentences (the classic news baseline)",
    "centrality": "unsupervised LexRank-style graph ranking of TF-IDF sentence vectors",
    "ranker": ("learned selector: tree models over lexical features and static MiniLM sentence vectors, trained on "
               "CNN/DailyMail, pick the best 2-4 sentences (the default)"),
}

_cache: dict[tuple[str, Settings], Summarizer] = {}


def get(name: str, settings: Settings = Settings()) -> Summarizer:
    """The summarizer called ``name``, built once per settings (models load lazily, once)."""
    if name not in SUMMARIZERS:
        raise SettingsError(f"unknown method {name!r}; choose one of {', '.join(SUMMARIZERS)}")
    key = (name, settings)
    if key not in _cache:
        _cache[key] = SUMMARIZERS[name](settings)
    return _cache[key]
