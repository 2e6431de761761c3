"""Every code the service answers with and its HTTP status (``STATUS``), and ``ApiError``, an answer other than
200. Kept apart from the handlers (``errors``) so the worker processes can answer with them without
importing FastAPI."""
from __future__ import annotations

from ..errors import HighlightsError

# code → HTTP status, for every code the service answers with. Clients branch on the codes: add, never rename.
STATUS: dict[str, int] = {
    # the library's errors (``HighlightsError.code`` and its subclasses')
    "invalid_input": 422,  # the story cannot be read (and any library error without a finer code)
    "empty_input": 422,
    "too_long": 422,  # more sentences than HIGHLIGHTS_MAX_SENTENCES
    "unsupported_language": 422,
    "fetch_failed": 422,  # a request's url could not be fetched, or was refused (a private address, robots.txt)
    "invalid_settings": 422,
    "invalid_output": 500,  # the server's output folder; never the client's doing
    "engine_failed": 503,
    "store_unavailable": 503,  # the stories database (HIGHLIGHTS_DB)
    "model_unavailable": 503,  # the installation's models; as a method that failed to load
    "writer_unavailable": 503,  # the language model (--writer llm) could not be reached or answered badly
    # the service's own
    "bad_request": 400,  # a body that is not JSON
    "unauthorized": 401,
    "forbidden": 403,
    "not_found": 404,
    "method_not_allowed": 405,
    "body_timeout": 408,
    "too_large": 413,
    "unsupported_media_type": 415,
    "host_not_allowed": 421,  # Misdirected Request: a Host the service does not answer for (HIGHLIGHTS_ALLOWED_HOSTS)
    "invalid_request": 422,  # a field the spec rules out
    "internal": 500,  # the pipeline failed in a worker
    "internal_error": 500,  # a bug in the server
    "unavailable": 503,
    "timeout": 503,
    "overloaded": 503,
    "worker_died": 503,
    "method_unavailable": 503,
}

# Starlette's own HTTP errors carry a status only: the code each is answered with.
CODES = {STATUS[code]: code for code in ("bad_request", "unauthorized", "forbidden", "not_found", "method_not_allowed",
                                         "body_timeout", "too_large", "unsupported_media_type", "invalid_request",
                                         "unavailable")}


class ApiError(Exception):
    """An answer other than 200: short code, one readable line, the field at fault, and the HTTP status
    ``STATUS`` gives the code (never one given by hand, so a code has one status wherever it is raised).

    Made by ``ApiError.of(code, ...)``, or ``ApiError.from_error(exc)`` for a library error.
    """

    def __init__(self, error: str, message: str, *, field: str | None = None,
                 headers: dict[str, str] | None = None):
        super().__init__(message)
        self.status = STATUS[error]  # a code the table lacks is a bug: it fails here, in the tests
        self.error, self.message, self.field, self.headers = error, message, field, headers

    @classmethod
    def of(cls, error: str, message: str, *, field: str | None = None,
           headers: dict[str, str] | None = None) -> ApiError:
        """The answer with code ``error``, at the status the table gives it."""
        return cls(error, message, field=field, headers=headers)

    @classmethod
    def from_error(cls, exc: HighlightsError, *, field: str | None = None) -> ApiError:
        """The answer to a library error: its class's code, and its message, naming ``field`` when it names
        no input of its own."""
        message = str(exc) if exc.source or not field else f"{field}: {exc}"
        return cls.of(exc.code, message, field=field)

    @classmethod
    def store_unavailable(cls, exc: HighlightsError) -> ApiError:
        """The answer when the stories database cannot be opened or used, whatever the library called it (a bad
        HIGHLIGHTS_DB is the server's setting, never the request's fault): 503, to try again later."""
        return cls.of("store_unavailable", f"{exc} (HIGHLIGHTS_DB)", headers={"Retry-After": "30"})
