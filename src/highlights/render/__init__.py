"""Writing: a Summary → text in one of the output formats (``cnn``, ``json``, ``md``)."""
from __future__ import annotations

from collections.abc import Callable

from ..document import Summary
from . import cnn, jsonfmt, markdown

FORMATS: dict[str, Callable[..., str]] = {"cnn": cnn.render, "json": jsonfmt.render, "md": markdown.render}
SUFFIX = {"cnn": ".txt", "json": ".json", "md": ".md"}
# What separates several articles written to one stream.
SEPARATOR = {"cnn": "\n", "json": "", "md": "\n"}


def render(summary: Summary, fmt: str = "cnn", *, with_body: bool = False) -> str:
    return FORMATS[fmt](summary, with_body=with_body)
