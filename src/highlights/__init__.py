"""Highlights: CNN-style story highlights for news articles, each with its evidence.

    import highlights
    pipeline = highlights.Pipeline(highlights.Settings(method="ranker", count=3))
    summary = pipeline(open("story.txt").read())
    for h in summary.highlights:
        print(h.text, h.evidence, h.verified.supported)

The flow is read → sentences → select → compress → verify → rewrite → figures → render; ``Pipeline`` runs it,
``Settings`` says how, ``verify`` checks any highlight against an article on its own.
"""
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
from .version import __version__

__all__ = [
    "__version__",
    "Pipeline", "Settings", "summarize", "verify", "Verification", "Problem",
    "Article", "Sentence", "Highlight", "Evidence", "Summary",
    "read", "from_text",
    "HighlightsError", "InputError", "EmptyInputError", "FormatError", "SettingsError", "ModelError", "TooLongError",
    "LanguageError",
]
