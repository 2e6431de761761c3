"""The one hierarchy of exceptions Highlights raises; each class carries a short, stable ``code``.

    HighlightsError         invalid_input
    ├── InputError          invalid_input         an input cannot be read        → fix the file, the text, the field
    │   ├── EmptyInputError     empty_input           nothing to summarize
    │   ├── FormatError         invalid_input         readable, but not the expected format
    │   ├── TooLongError        too_long              more sentences than the ``max_sentences`` limit
    │   ├── LanguageError       unsupported_language  not English (the only language supported)
    │   └── FetchError          fetch_failed          a URL could not be fetched (timeout, too big, blocked, 404, ...)
    ├── SettingsError       invalid_settings      an option or setting is wrong   → fix the option
    │   └── OutputError         invalid_output        the output folder cannot be written or holds another run's output
    ├── EngineError         engine_failed         a batch run's workers or cluster failed → rerun the same command to continue
    ├── StoreError          store_unavailable     the stories database cannot be opened, read or written → check --db, the server
    │   └── FollowerBusyError   store_unavailable     another follower is reading the database's feeds → wait for it
    └── ModelError          model_unavailable     a model file or package is missing, corrupt or out of date
                                                                      → reinstall, or `make train`

Every message names the input (and line or field, when there is one), says what was wrong and what
was expected, so the CLI can print it as one line.

The code is what the service answers with (``{"error": code, ...}``), and its one table
(``highlights.service.errors.STATUS``) gives each code its HTTP status; clients branch on codes, so a
code never changes once published. A class whose situation a client has no need to tell from its
parent's shares the parent's code: a malformed seed file is ``invalid_input``, as the service has
always answered it. Subclasses elsewhere inherit the code of the class they extend, unless a client
must tell them apart: the language-model writer's ``WriterError`` (its endpoint down or answering
badly) is ``writer_unavailable``, the server's fault, not the input's.
"""
from __future__ import annotations


class HighlightsError(ValueError):
    """Base class: anything a user can fix by changing the input or the settings."""

    code: str = "invalid_input"  # what the service answers a library error with when no subclass says more

    def __init__(self, message: str, *, source: str | None = None):
        self.source = source
        super().__init__(f"{source}: {message}" if source else message)


class InputError(HighlightsError):
    """An input could not be read: missing, unreadable, binary, bad encoding, too large."""

    code = "invalid_input"


class EmptyInputError(InputError):
    """The input holds no text to summarize."""

    code = "empty_input"


class FormatError(InputError):
    """The input was readable but not in the expected format (e.g. a malformed JSONL line)."""

    code = "invalid_input"


class TooLongError(InputError):
    """The article has more sentences than the pipeline's ``max_sentences`` limit allows."""

    code = "too_long"


class LanguageError(InputError):
    """The text is not in English, the only language the models, splitter and verifier know."""

    code = "unsupported_language"


class FetchError(InputError):
    """A URL given as an input could not be fetched: ``reason`` says which check failed, in one stable word
    (``timeout``, ``too_large``, ``too_many_redirects``, ``blocked_address``, ``content_type``, ``http_status``,
    ``robots``, ``scheme``, ``unreachable``, ``malformed``: a feed that cannot be parsed), for callers that branch on it."""

    code = "fetch_failed"

    def __init__(self, message: str, *, source: str | None = None, reason: str = "unreachable",
                 received: int = 0, status: int | None = None, retry_after: float | None = None):
        self.reason = reason
        self.received = received  # body bytes read before giving up (the size cap's check)
        self.status = status  # the HTTP status that failed it (reason "http_status")
        self.retry_after = retry_after  # seconds the server asked to wait (a 429 or 503's Retry-After)
        super().__init__(message, source=source)

    @property
    def transient(self) -> bool:
        """Whether trying again later may work: a timeout, a refused connection, 429 or a server's 5xx."""
        return self.reason in ("timeout", "unreachable") or self.status == 429 or (self.status or 0) >= 500


class SettingsError(HighlightsError):
    """A setting or option is out of range or unknown (e.g. an unknown method)."""

    code = "invalid_settings"


class OutputError(SettingsError):
    """The output folder cannot be created or written, or holds the output of a run with other arguments."""

    code = "invalid_output"


class EngineError(HighlightsError):
    """A batch run stopped because a worker process or the Ray cluster failed; what was finished is kept."""

    code = "engine_failed"


class StoreError(HighlightsError):
    """The stories database cannot be opened, read or written (a wrong path, a server down, not a database)."""

    code = "store_unavailable"


class FollowerBusyError(StoreError):
    """Another process holds the lease of the database's feeds (``highlights follow``, the service's poller)."""

    code = "store_unavailable"


class ModelError(HighlightsError):
    """A model is missing, corrupt, or was built for other code, word lists or models than these.

    Not the user's input or settings: the installation is at fault (reinstall the package, or
    rebuild the models with ``make train``).
    """

    code = "model_unavailable"
