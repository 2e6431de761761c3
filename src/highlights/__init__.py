"""Highlights: CNN-style story highlights for news articles, each with its evidence.

    import highlights
    summary = highlights.summarize(open("story.txt").read(), method="lead", n=3)
    for h in summary.highlights:
        print(h.text, h.evidence)
"""
from .errors import EmptyInputError, FormatError, HighlightsError, InputError, SettingsError
from .model import Article, Evidence, Highlight, Sentence, Summary
from .pipeline import run, summarize
from .read import from_text, read
from .settings import Settings

__version__ = "0.1.0"
__all__ = [
    "Article", "Evidence", "Highlight", "Sentence", "Summary", "Settings",
    "summarize", "run", "read", "from_text",
    "HighlightsError", "InputError", "EmptyInputError", "FormatError", "SettingsError",
]
