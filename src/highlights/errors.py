"""The exceptions Highlights raises on bad input or bad settings.

Every message names the input (and line or field, when there is one), says what
was wrong and what was expected, so the CLI can print it as one line.
"""
from __future__ import annotations


class HighlightsError(ValueError):
    """Base class: anything a user can fix by changing the input or the settings."""

    def __init__(self, message: str, *, source: str | None = None):
        self.source = source
        super().__init__(f"{source}: {message}" if source else message)


class InputError(HighlightsError):
    """An input could not be read: missing, unreadable, binary, bad encoding, too large."""


class EmptyInputError(InputError):
    """The input holds no text to summarize."""


class FormatError(InputError):
    """The input was readable but not in the expected format (e.g. a malformed JSONL line)."""


class SettingsError(HighlightsError):
    """A setting or option is out of range or unknown (e.g. an unknown method)."""
