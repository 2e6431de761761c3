"""The service's settings: the library's ``Settings`` and the limits of serving them over HTTP.

``ServiceSettings`` extends ``highlights.Settings``: the summarizer's settings (method, count, writer, ...)
are defined once, there, and every field of both is read from the environment by the one reader,
``Settings.from_env`` (``HIGHLIGHTS_<FIELD>``), so a deployment (or each ``--workers`` process)
configures the service without code. Where the service wants another default than the library, it
says so here, and only here: ``max_sentences`` (a limit, not none) and, with the language-model writer,
``timeout`` (``LLM_TIMEOUT``). ``host_name`` reads a host the way the service compares them, for the
settings here and for each request's ``Host`` (``middleware.HostGate``).
"""
from __future__ import annotations

import dataclasses
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Self

from ..errors import SettingsError
from ..settings import Settings

# Seconds a request may take with ``writer="llm"`` unless HIGHLIGHTS_TIMEOUT says otherwise: a 1.5B model on
# 2 cores takes 5-10 s an article, so the 10 s default would cut many requests short.
LLM_TIMEOUT = 60.0

# The hosts a service without an API key answers for unless HIGHLIGHTS_ALLOWED_HOSTS says otherwise. A page on
# another site can point its own name at 127.0.0.1 (DNS rebinding) and so reach a service on this machine, but the
# browser then sends that name in ``Host``, never one of these.
LOCAL_HOSTS: tuple[str, ...] = ("localhost", "127.0.0.1", "::1")

# An entry of HIGHLIGHTS_ALLOWED_HOSTS: "*", or a name or IPv4 address (``*.`` before it for its subdomains) or an
# IPv6 address in brackets, each with an optional port, or a bare IPv6 address.
_ENTRY = re.compile(r"\*|((\*\.)?[a-z0-9_-]+(\.[a-z0-9_-]+)*\.?|\[[0-9a-f:.]+\])(:[0-9]+)?|[0-9a-f:.]+", re.I)


@dataclass(frozen=True, kw_only=True)
class ServiceSettings(Settings):
    """The library's settings (the defaults of each request) and the limits of the HTTP service.

    ``max_sentences``: longer articles get 422. Unlike the library's (no limit), the service's default is
    5,000: it bounds the work (and the memory of the graph-based methods) one request can ask for. News
    stories have tens of sentences.
    ``max_body_bytes``: larger request bodies get 413 (5 MB, as the CLI's ``--max-bytes``).
    ``max_batch``: articles per ``/v1/highlights/batch`` request.
    ``timeout``: seconds a request may take, waiting included, before it gets 503; its work is then
    stopped (the worker process is killed and replaced). ``from_env`` makes it ``LLM_TIMEOUT`` with the
    language-model writer, unless it is set.
    ``threads``: articles summarized at the same time by one server process, each in its own worker
    process (``HIGHLIGHTS_THREADS``, the name it has always had).
    ``queue``: requests that may wait for a worker; more get 503 with ``Retry-After`` at once.
    ``body_timeout``: seconds the whole request body may take to arrive, else 408.
    ``api_key``: when set, ``/v1/*`` needs it in ``X-API-Key`` or ``Authorization: Bearer``; it is
    checked before the body is read (and kept out of ``repr``, so it is never logged).
    A key is sent in an HTTP header, which carries ASCII and loses spaces at its ends, so a key with other
    characters, or with spaces at its ends, is refused here: no client could ever send it.
    ``db``: the stories database of ``/v1/articles`` and ``/v1/stories`` (a SQLite path or a
    ``postgresql://`` URL, as ``--db``); unset, the CLI's default file in the user's data dir.
    ``allowed_hosts``: the hosts the service answers for, checked against each request's ``Host`` (with any
    port); others get 421 ``host_not_allowed``. Comma-separated names or addresses (``news.example.com,
    10.0.0.5``), ``*.example.com`` for the subdomains of a name, ``*`` for any host; a port given is ignored.
    Unset: ``LOCAL_HOSTS`` without an API key, so that a page elsewhere cannot reach an open service on this
    machine through DNS rebinding; any host with a key. ``hosts`` is the list in effect.
    ``fetch_private``: a request's ``url`` may point at a loopback, private or link-local address (a page on the
    server's own network). Off (the default), such a page is refused, checked on every address its host resolves
    to and on every redirect, so that a client cannot make the server read its own network or cloud metadata.
    The same rule holds for the feeds it follows and their pages.
    ``follow_every``: seconds between two rounds over the feeds subscribed through ``/v1/feeds`` (as
    ``highlights follow --every``), run in the background by one server process at a time; 0 turns the rounds off.
    ``follow_delay``: seconds between two requests to one site in a round.
    """

    max_sentences: int = 5_000  # the library's field, with the service's default (see above)
    max_body_bytes: int = 5_000_000
    max_batch: int = 32
    timeout: float = 10.0
    threads: int = 2
    queue: int = 16
    body_timeout: float = 10.0
    api_key: str | None = dataclasses.field(default=None, repr=False)
    db: str | None = None
    allowed_hosts: str | None = None
    fetch_private: bool = False  # a request's `url` may name a loopback or private address (HIGHLIGHTS_FETCH_PRIVATE)
    follow_every: float = 600.0  # seconds between two rounds over the feeds of /v1/feeds; 0: no rounds
    follow_delay: float = 1.0  # seconds between two requests to one site in a round

    def __post_init__(self) -> None:
        super().__post_init__()
        if self.body_timeout <= 0:
            raise SettingsError(f"body_timeout must be a positive number of seconds, got {self.body_timeout}")
        for name in ("max_body_bytes", "max_batch", "threads", "queue"):
            if getattr(self, name) <= 0:
                raise SettingsError(f"{name} must be positive, got {getattr(self, name)}")
        if not (self.follow_every >= 0 and self.follow_delay >= 0):
            raise SettingsError(f"follow_every and follow_delay must be 0 or more seconds, got {self.follow_every} and "
                                f"{self.follow_delay}")
        if not self.timeout > 0:
            raise SettingsError(f"timeout must be a positive number of seconds, got {self.timeout}")
        if self.api_key is not None:
            _check_key(self.api_key)
        if self.allowed_hosts is not None:
            _check_hosts(self.allowed_hosts)

    @property
    def hosts(self) -> tuple[str, ...] | None:
        """The hosts requests may name in ``Host``, as ``host_name`` gives them; None: any host."""
        if self.allowed_hosts is None:
            return None if self.api_key else LOCAL_HOSTS
        names = tuple(host_name(entry) for entry in self.allowed_hosts.split(",") if entry.strip())
        return None if "*" in names else names

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None, **changes: Any) -> Self:
        """As ``Settings.from_env``; with ``writer="llm"``, ``timeout`` is ``LLM_TIMEOUT`` unless set."""
        given = {**cls.read_env(environ), **changes}
        if given.get("writer") == "llm":
            given.setdefault("timeout", LLM_TIMEOUT)
        return cls(**given)


def host_name(value: str) -> str:
    """The host of a ``Host`` header or of an entry of ``allowed_hosts``, as they are compared: lower case, without
    port, IPv6 brackets or the final dot of a fully qualified name (``[::1]:8000`` → ``::1``, ``Example.com.``
    → ``example.com``)."""
    value = value.strip().lower()
    if value.startswith("["):  # an IPv6 address, with or without a port
        value = value[1:].partition("]")[0]
    elif value.count(":") == 1:  # name:port; a bare IPv6 address has more colons
        value = value.partition(":")[0]
    return value.removesuffix(".")


def host_allowed(host: str, hosts: tuple[str, ...]) -> bool:
    """Whether ``host`` (as ``host_name`` gives it) is one of ``hosts``, or a subdomain of a ``*.name`` in it."""
    return any(host == entry or (entry.startswith("*.") and host.endswith(entry[1:])) for entry in hosts)


def _check_key(key: str) -> None:
    """Refuse an API key that no client could send, saying why without showing the key."""
    if not key.strip():
        raise SettingsError("the API key must not be empty; unset HIGHLIGHTS_API_KEY to turn keys off")
    odd = next((i for i, c in enumerate(key) if not " " <= c <= "~"), None)
    if odd is not None:
        raise SettingsError(f"HIGHLIGHTS_API_KEY has a character that is not printable ASCII (at position {odd + 1}): "
                            "HTTP headers carry ASCII, so no client could send this key; use letters, digits and "
                            "punctuation")
    if key != key.strip():
        raise SettingsError("HIGHLIGHTS_API_KEY begins or ends with a space, which HTTP drops from a header, so no "
                            "client could send this key; remove the space")


def _check_hosts(allowed: str) -> None:
    """Refuse an ``allowed_hosts`` that names no host or names something else (a URL, a path, ...)."""
    entries = [entry.strip() for entry in allowed.split(",") if entry.strip()]
    if not entries:
        raise SettingsError("HIGHLIGHTS_ALLOWED_HOSTS names no host: list the names clients use to reach the service, "
                            "comma-separated (* for any), or unset it for the default")
    for entry in entries:
        if not _ENTRY.fullmatch(entry):
            raise SettingsError(f"HIGHLIGHTS_ALLOWED_HOSTS: {entry!r} is not a host; list names or addresses such as "
                                "news.example.com or 10.0.0.5, comma-separated (* for any)")
