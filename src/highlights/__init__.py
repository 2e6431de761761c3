"""Highlights: CNN-style story highlights for news articles, each with its evidence.

    import highlights
    pipeline = highlights.Pipeline(highlights.Settings(method="ranker", count=3))
    summary = pipeline(open("story.txt").read())
    for h in summary.highlights:
        print(h.text, h.evidence, h.verified.supported)

The flow is read → sentences → select → compress → verify → rewrite → figures → render; ``Pipeline`` runs it,
``Settings`` says how, ``verify`` checks any highlight against an article on its own.
"""
from typing import TYPE_CHECKING, Any

from .version import __version__

if TYPE_CHECKING:
    from .document import Article, Evidence, Highlight, Sentence, Summary
    from .errors import (
        EmptyInputError,
        FormatError,
        HighlightsError,
        InputError,
        LanguageError,
        ModelError,
        SettingsError,
        TooLongError,
    )
    from .pipeline import Pipeline, summarize
    from .read import from_text, read
    from .settings import Settings
    from .verify import Problem, Verification, verify

# Where each public name lives. They are imported on first use (PEP 562), so that a command that never summarizes
# (``highlights --version``, ``stories``) does not start by importing the pipeline, its models' code and numpy.
_HOMES = {
    "Article": "document", "Evidence": "document", "Highlight": "document", "Sentence": "document",
    "Summary": "document", "EmptyInputError": "errors", "FormatError": "errors", "HighlightsError": "errors",
    "InputError": "errors", "LanguageError": "errors", "ModelError": "errors", "SettingsError": "errors",
    "TooLongError": "errors", "Pipeline": "pipeline", "summarize": "pipeline", "from_text": "read", "read": "read",
    "Settings": "settings", "Problem": "verify", "Verification": "verify", "verify": "verify",
}


def __getattr__(name: str) -> Any:
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module 'highlights' has no attribute {name!r}")
    from importlib import import_module

    value = getattr(import_module(f".{home}", __name__), name)
    globals()[name] = value  # found once; later lookups are plain attributes
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *_HOMES})


__all__ = [
    "__version__",
    "Pipeline", "Settings", "summarize", "verify", "Verification", "Problem",
    "Article", "Sentence", "Highlight", "Evidence", "Summary",
    "read", "from_text",
    "HighlightsError", "InputError", "EmptyInputError", "FormatError", "SettingsError", "ModelError", "TooLongError",
    "LanguageError",
]
