"""``highlights serve``: run the app under uvicorn, with one or more worker processes."""
from __future__ import annotations

from ..errors import HighlightsError, SettingsError
from ..settings import Settings
from .config import ServiceSettings

APP = "highlights.service.app:create_app"


def serve(*, host: str = "127.0.0.1", port: int = 8000, workers: int = 1, log_level: str = "info",
          access_log: bool = True) -> int:
    """Serve until interrupted. Settings come from the ``HIGHLIGHTS_*`` environment variables, so that
    every worker process (each loads the models once, at its start) builds the same app."""
    if not 0 <= port <= 65535:
        raise SettingsError(f"port must be between 0 and 65535, got {port}")
    if workers < 1:
        raise SettingsError(f"workers must be at least 1, got {workers}")
    Settings.from_env()  # bad HIGHLIGHTS_* values are reported here, as one line, before anything starts
    ServiceSettings.from_env()
    try:
        import fastapi  # noqa: F401
        import uvicorn
    except ImportError as exc:
        raise HighlightsError(f"the service needs FastAPI and uvicorn ({exc.name} is missing); install them "
                              "with: pip install 'highlights[service]'") from None
    uvicorn.run(APP, factory=True, host=host, port=port, workers=workers, log_level=log_level,
                access_log=access_log, log_config=log_config(uvicorn, access_log))
    return 0


def log_config(uvicorn, access_log: bool) -> dict:
    """uvicorn's logging, plus the service's own: one JSON line a request on stdout (``highlights.access``,
    which replaces uvicorn's access line) and warnings of ``highlights`` on stderr."""
    import copy

    config = copy.deepcopy(uvicorn.config.LOGGING_CONFIG)
    config["formatters"]["json"] = {"format": "%(message)s"}
    config["handlers"]["json"] = {"class": "logging.StreamHandler", "formatter": "json", "stream": "ext://sys.stdout"}
    config["loggers"]["highlights"] = {"handlers": ["default"], "level": "WARNING", "propagate": False}
    config["loggers"]["highlights.access"] = {"handlers": ["json"] if access_log else [], "level": "INFO",
                                              "propagate": False}
    config["loggers"]["uvicorn.access"]["handlers"] = []  # the JSON line says more
    return config
