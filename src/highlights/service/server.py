"""``highlights serve``: run the app under uvicorn, with one or more worker processes.

uvicorn starts each worker process afresh, and all a worker gets from us is the import string of the
app's factory. So the options of the command line travel inside that string (``app_path``): they name
an attribute of ``apps`` below, which decodes them and gives the factory. Everything else each worker
reads from the environment it inherits, as the command did; ``os.environ`` is never written.

Listening on an address other than loopback while answering only the local hosts (no API key, no
``HIGHLIGHTS_ALLOWED_HOSTS``) would refuse every client that reaches the service by that address, so
``serve`` says, in one line at start-up, to set the hosts.
"""
from __future__ import annotations

import base64
import binascii
import functools
import ipaddress
import json
import logging
from collections.abc import Callable, Mapping
from typing import Any

from ..errors import HighlightsError, SettingsError
from ..select.registry import check_method
from .config import ServiceSettings

APP = "highlights.service.app:create_app"  # the app of the environment's settings alone

log = logging.getLogger("highlights.service")


def serve(options: Mapping[str, Any] | None = None, *, host: str = "127.0.0.1", port: int = 8000, workers: int = 1,
          log_level: str = "info", access_log: bool = True) -> int:
    """Serve until interrupted. Settings come from the ``HIGHLIGHTS_*`` environment variables, with ``options``
    (``ServiceSettings`` fields; the command line's) on top, in every worker process (each loads the models
    once, at its start)."""
    if not 0 <= port <= 65535:
        raise SettingsError(f"port must be between 0 and 65535, got {port}")
    if workers < 1:
        raise SettingsError(f"workers must be at least 1, got {workers}")
    options = dict(options or {})
    # bad settings are reported here, as one line, before anything starts
    service = ServiceSettings.from_env(**options)
    check_method(service.method)
    if not _loopback(host) and service.allowed_hosts is None and service.hosts is not None:
        log.warning(f"listening on {host}, but with no API key the service answers only requests for "
                    f"{', '.join(service.hosts)}: set HIGHLIGHTS_ALLOWED_HOSTS to the names clients use to reach "
                    "it (comma-separated; * for any), or HIGHLIGHTS_API_KEY to require a key")
    try:
        import fastapi  # noqa: F401
        import uvicorn
    except ImportError as exc:
        raise HighlightsError(f"the service needs FastAPI and uvicorn ({exc.name} is missing); install them "
                              "with: pip install 'highlights[service]'") from None
    uvicorn.run(app_path(options), factory=True, host=host, port=port, workers=workers, log_level=log_level,
                access_log=access_log, log_config=log_config(uvicorn, access_log))
    return 0


def _loopback(host: str) -> bool:
    """Whether listening on ``host`` reaches only this machine."""
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return host.lower() == "localhost"


def app_path(options: Mapping[str, Any]) -> str:
    """The import string of the factory of the app with ``options``: ``highlights.service.server:apps.<options>``,
    the options as JSON in unpadded URL-safe base64, which has neither the dots nor the colon uvicorn splits on."""
    if not options:
        return APP
    encoded = base64.urlsafe_b64encode(json.dumps(dict(options), sort_keys=True).encode("utf-8")).decode("ascii")
    return f"{__name__}:apps.{encoded.rstrip('=')}"


class _Apps:
    """``apps.<options>`` is the factory of the app with those options, for uvicorn to call in each worker."""

    def __getattr__(self, encoded: str) -> Callable[[], Any]:
        if encoded.startswith("_"):  # Python's own probes (``__wrapped__``, ...) are not options
            raise AttributeError(encoded)
        try:
            options = json.loads(base64.urlsafe_b64decode(encoded + "=" * (-len(encoded) % 4)))
        except (binascii.Error, ValueError):
            raise AttributeError(f"apps.{encoded}: not options encoded by app_path") from None
        return functools.partial(_create_app, options)


apps = _Apps()


def _create_app(options: dict[str, Any]) -> Any:
    """The app of the environment's settings with ``options`` on top (FastAPI is imported only here)."""
    from .app import create_app

    return create_app(service=ServiceSettings.from_env(**options))


def log_config(uvicorn: Any, access_log: bool) -> dict[str, Any]:
    """uvicorn's logging, plus the service's own: one JSON line a request on stdout (``highlights.access``,
    which replaces uvicorn's access line), a bug's traceback as one JSON line on stderr (``highlights.crash``)
    and warnings of ``highlights`` on stderr."""
    import copy

    config: dict[str, Any] = copy.deepcopy(uvicorn.config.LOGGING_CONFIG)
    config["formatters"]["json"] = {"format": "%(message)s"}
    config["handlers"]["json"] = {"class": "logging.StreamHandler", "formatter": "json", "stream": "ext://sys.stdout"}
    config["handlers"]["json_errors"] = {"class": "logging.StreamHandler", "formatter": "json",
                                         "stream": "ext://sys.stderr"}
    config["loggers"]["highlights"] = {"handlers": ["default"], "level": "WARNING", "propagate": False}
    config["loggers"]["highlights.access"] = {"handlers": ["json"] if access_log else [], "level": "INFO",
                                              "propagate": False}
    config["loggers"]["highlights.crash"] = {"handlers": ["json_errors"], "level": "ERROR", "propagate": False}
    config["loggers"]["uvicorn.access"]["handlers"] = []  # the JSON line says more
    return config
