"""``highlights serve``: the HTTP API and the web page."""
from __future__ import annotations

import argparse

from ..service.config import LLM_TIMEOUT
from ..settings import WRITERS, Settings
from .common import _positive, add_llm_options, llm_settings


def add_parser(sub: argparse._SubParsersAction[argparse.ArgumentParser], defaults: Settings) -> argparse.ArgumentParser:
    """Add ``serve`` and its options to ``sub``; the service's own limits come from the environment."""
    v = sub.add_parser("serve", help="run the HTTP API and the web page",
                       description="Serve the JSON API (/v1/highlights, docs at /docs) and the web page (/). "
                                   "Limits and the API key come from HIGHLIGHTS_* environment variables "
                                   "(see docs/service.md).")
    v.add_argument("--host", default="127.0.0.1",
                   help="address to listen on (default: 127.0.0.1); without an API key the service answers only "
                        "for localhost unless HIGHLIGHTS_ALLOWED_HOSTS names the hosts clients use")
    v.add_argument("--port", type=int, default=8000, help="port to listen on (default: 8000)")
    v.add_argument("--workers", type=_positive, default=1, help="worker processes (default: 1)")
    v.add_argument("--writer", choices=WRITERS, default=defaults.writer,
                   help="who writes the bullets: extract (default) or llm, guarded headline rewrites; each worker "
                        "process loads the language model once (same as HIGHLIGHTS_WRITER; the request time limit "
                        f"becomes {LLM_TIMEOUT:g} s unless HIGHLIGHTS_TIMEOUT is set)")
    add_llm_options(v, defaults)  # (HIGHLIGHTS_LLM_MODEL, HIGHLIGHTS_LLM_URL, HIGHLIGHTS_LLM_THREADS)
    v.set_defaults(func=run)
    return v


def run(args: argparse.Namespace, defaults: Settings) -> int:
    """Run the server until it stops; its exit status is the command's."""
    from ..service.server import serve

    # the options win over the environment in every worker process; ``serve`` hands them over itself
    options = {"writer": args.writer, **llm_settings(args)}
    return serve({name: value for name, value in options.items() if value is not None},
                 host=args.host, port=args.port, workers=args.workers)
