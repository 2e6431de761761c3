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
from .read import from_text, read
from .settings import Settings
from .verify import Problem, Verification, verify
from .version import __version__

if TYPE_CHECKING:
    from .pipeline import Pipeline, summarize


def __getattr__(name: str) -> Any:
    """``Pipeline`` and ``summarize``, imported on first use (PEP 562): the pipeline brings the summarizers, the
    compressor and numpy, which a command that never summarizes (``highlights --version``) does not need.
    (``read`` and ``verify`` are imported above: each is also a subpackage's name, which an import of the
    subpackage would otherwise bind here.)"""
    if name in ("Pipeline", "summarize"):
        from . import pipeline

        value = getattr(pipeline, name)
        globals()[name] = value  # found once; later lookups are plain attributes
        return value
    raise AttributeError(f"module 'highlights' has no attribute {name!r}")


__all__ = [
    "__version__",
    "Pipeline", "Settings", "summarize", "verify", "Verification", "Problem",
    "Article", "Sentence", "Highlight", "Evidence", "Summary",
    "read", "from_text",
    "HighlightsError", "InputError", "EmptyInputError", "FormatError", "SettingsError", "ModelError", "TooLongError",
    "LanguageError",
]
