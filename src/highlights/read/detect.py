"""Pick the reader for an input from its name, then from its content."""
from __future__ import annotations

from . import html, jsonl, seed, story

FORMATS = ("seed", "story", "text", "html", "jsonl", "parquet")
BY_SUFFIX = {".story": "story", ".html": "html", ".htm": "html", ".jsonl": "jsonl", ".ndjson": "jsonl",
             ".jsonl.gz": "jsonl", ".ndjson.gz": "jsonl", ".parquet": "parquet"}
# The suffixes a directory walk picks up.
SUFFIXES = tuple(BY_SUFFIX) + (".txt",)


def by_name(name: str) -> str | None:
    lower = name.lower()
    for suffix, fmt in sorted(BY_SUFFIX.items(), key=lambda kv: -len(kv[0])):
        if lower.endswith(suffix):
            return fmt
    return None


def by_content(text: str) -> str:
    if seed.looks_like(text):
        return "seed"
    if story.looks_like(text):
        return "story"
    if html.looks_like(text):
        return "html"
    if jsonl.looks_like(text):
        return "jsonl"
    return "text"
