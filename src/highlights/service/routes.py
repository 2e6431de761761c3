"""The endpoints: the JSON API under ``/v1``, the liveness check and the two pages.

``add_routes(...)`` is called once by ``create_app``: the routes close over the app's ``Engine``, and
what they document (the batch size, the body limit, the time limit, the 401) comes from its settings.
They are added to the app itself, not through an ``APIRouter``, so ``app.routes`` lists them as before.
"""
from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from fastapi import FastAPI
from fastapi.params import Depends
from fastapi.responses import FileResponse

from .. import __version__
from .config import ServiceSettings
from .engine import Engine
from .responses import Json
from .schemas import ArticleIn, BatchIn, BatchOut, ErrorOut, HealthOut, MethodsOut, SummaryOut

STATIC = Path(__file__).parent / "static"


def add_routes(app: FastAPI, engine: Engine, service: ServiceSettings, *, auth: Sequence[Depends] = ()) -> None:
    """Add the routes to ``app``; ``auth`` holds the API-key dependency of ``/v1/*`` (empty without a key)."""
    errors: dict[int | str, dict[str, Any]] = {
        **({401: {"model": ErrorOut, "description": "no API key, or a wrong one"}} if auth else {}),
        400: {"model": ErrorOut, "description": "the body could not be read"},
        413: {"model": ErrorOut, "description": f"the body is larger than {service.max_body_bytes:,} bytes"},
        422: {"model": ErrorOut, "description": "bad JSON, a bad field, or an empty story; `fields` names it"},
        503: {"model": ErrorOut, "description": f"the time limit ({service.timeout:g} s) ran out, or the "
                                                "method is not available"},
    }

    @app.post("/v1/highlights", response_class=Json, response_model=None, dependencies=auth, tags=["highlights"],
              summary="Highlights for one story", responses={200: {"model": SummaryOut}, **errors})
    async def highlights(article: ArticleIn) -> Json:
        return Json(await engine.call(engine.summarize, article))

    @app.post("/v1/highlights/batch", response_class=Json, response_model=None, dependencies=auth,
              tags=["highlights"], summary=f"Highlights for up to {service.max_batch} stories",
              description="One result per article, in order. An article that cannot be summarized (empty, "
                          "unreadable, too long) gets an error object in its place and the others are still "
                          "answered; a bad request as a whole gets 422.",
              responses={200: {"model": BatchOut}, **errors})
    async def highlights_batch(batch: BatchIn) -> Json:
        return Json(await engine.call(engine.summarize_batch, batch))

    @app.get("/v1/methods", response_class=Json, response_model=None, dependencies=auth, tags=["highlights"],
             summary="The summarizers, the default and the limits",
             responses={200: {"model": MethodsOut}, **{k: v for k, v in errors.items() if k == 401}})
    async def methods() -> Json:
        return Json(engine.methods())

    @app.get("/healthz", response_class=Json, response_model=None, tags=["service"], summary="Liveness",
             responses={200: {"model": HealthOut}})
    async def healthz() -> Json:
        return Json({"status": "ok", "version": __version__})

    @app.get("/", include_in_schema=False)
    async def page() -> FileResponse:
        return FileResponse(STATIC / "index.html", media_type="text/html; charset=utf-8")

    @app.get("/docs", include_in_schema=False)
    async def docs() -> FileResponse:
        return FileResponse(STATIC / "docs.html", media_type="text/html; charset=utf-8")


def describe_limits(app: FastAPI, *, methods: list[str], max_batch: int) -> None:
    """Put what is known only at start-up into the spec: the methods this server has, the batch size."""
    make = app.openapi

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            spec = make()
            schemas = spec.get("components", {}).get("schemas", {})
            for name in ("ArticleIn", "BatchIn"):
                prop = schemas.get(name, {}).get("properties", {}).get("method")
                if prop is not None:
                    prop.pop("anyOf", None)
                    prop.pop("maxLength", None)
                    prop["anyOf"] = [{"type": "string", "enum": methods}, {"type": "null"}]
            articles = schemas.get("BatchIn", {}).get("properties", {}).get("articles")
            if articles is not None:
                articles["maxItems"] = max_batch
            app.openapi_schema = spec
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]
