"""The HTTP service and web page (``highlights serve``); needs the ``service`` extra.

``create_app(settings, service)`` makes the FastAPI app; ``serve(...)`` runs it under uvicorn.
"""
from .config import ServiceSettings

__all__ = ["ServiceSettings", "create_app", "serve"]


def __getattr__(name):
    # FastAPI is imported only when the app is asked for, so ``ServiceSettings`` works without it.
    if name == "create_app":
        from .app import create_app
        return create_app
    if name == "serve":
        from .server import serve
        return serve
    raise AttributeError(name)
