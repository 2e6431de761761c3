"""``highlights serve``: run the app under uvicorn, with one or more worker processes.

uvicorn starts each worker process afresh, and all a worker gets from us is the import string of the
app's factory. So the options of the command line travel inside that string (``app_path``): they name
an attribute of ``apps`` below, which decodes them and gives the factory. Everything else each worker
reads from the environment it inherits, as the command did; ``os.environ`` is never written.
"""
from __future__ import annotations

import base64
import binascii
import functools
import json
from collections.abc import Callable, Mapping
from typing import Any

from ..errors import HighlightsError, SettingsError
from ..select.registry import check_method
from .config import ServiceSettings

APP = "highlights.service.app:create_app"  # the app of the environment's settings alone


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
    check_method(ServiceSettings.from_env(**options).method)
    try:
        import fastapi  # noqa: F401
        import uvicorn
    except ImportError as exc:
        raise HighlightsError(f"the service needs FastAPI and uvicorn ({exc.name} is missing); install them "
                              "with: pip install 'highlights[service]'") from None
    uvicorn.run(app_path(options), factory=True, host=host, port=port, workers=workers, log_level=log_level,
                access_log=access_log, log_config=log_config(uvicorn, access_log))
    return 0


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
    which replaces uvicorn's access line) and warnings of ``highlights`` on stderr."""
    import copy

    config: dict[str, Any] = copy.deepcopy(uvicorn.config.LOGGING_CONFIG)
    config["formatters"]["json"] = {"format": "%(message)s"}
    config["handlers"]["json"] = {"class": "logging.StreamHandler", "formatter": "json", "stream": "ext://sys.stdout"}
    config["loggers"]["highlights"] = {"handlers": ["default"], "level": "WARNING", "propagate": False}
    config["loggers"]["highlights.access"] = {"handlers": ["json"] if access_log else [], "level": "INFO",
                                              "propagate": False}
    config["loggers"]["uvicorn.access"]["handlers"] = []  # the JSON line says more
    return config
