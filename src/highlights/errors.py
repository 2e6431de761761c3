"""The one hierarchy of exceptions Highlights raises.

    HighlightsError
    ├── InputError          an input cannot be read        → fix the file, the text, the field
    │   ├── EmptyInputError     nothing to summarize
    │   ├── FormatError         readable, but not the expected format
    │   ├── TooLongError        more sentences than the ``max_sentences`` limit
    │   └── LanguageError       not English (the only language supported)
    ├── SettingsError       an option or setting is wrong   → fix the option
    │   └── OutputError         the output folder cannot be written or holds another run's output
    ├── EngineError         a batch run's workers or cluster failed → rerun the same command to continue
    ├── StoreError          the stories database cannot be opened, read or written → check --db, the server
    └── ModelError          a model file or package is missing, corrupt or out of date
                                                            → reinstall, or `make train`

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


class TooLongError(InputError):
    """The article has more sentences than the pipeline's ``max_sentences`` limit allows."""


class LanguageError(InputError):
    """The text is not in English, the only language the models, splitter and verifier know."""


class SettingsError(HighlightsError):
    """A setting or option is out of range or unknown (e.g. an unknown method)."""


class OutputError(SettingsError):
    """The output folder cannot be created or written, or holds the output of a run with other arguments."""


class EngineError(HighlightsError):
    """A batch run stopped because a worker process or the Ray cluster failed; what was finished is kept."""


class StoreError(HighlightsError):
    """The stories database cannot be opened, read or written (a wrong path, a server down, not a database)."""


class ModelError(HighlightsError):
    """A model is missing, corrupt, or was built for other code, word lists or models than these.

    Not the user's input or settings: the installation is at fault (reinstall the package, or
    rebuild the models with ``make train``).
    """
