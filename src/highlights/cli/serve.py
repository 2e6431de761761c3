"""``highlights serve``: the HTTP API and the web page."""
from __future__ import annotations

import argparse

from ..settings import Settings
from .common import _positive


def add_parser(sub: argparse._SubParsersAction[argparse.ArgumentParser], defaults: Settings) -> argparse.ArgumentParser:
    """Add ``serve`` and its options to ``sub``; the service's own limits come from the environment."""
    v = sub.add_parser("serve", help="run the HTTP API and the web page",
                       description="Serve the JSON API (/v1/highlights, docs at /docs) and the web page (/). "
                                   "Limits and the API key come from HIGHLIGHTS_* environment variables "
                                   "(see the README).")
    v.add_argument("--host", default="127.0.0.1", help="address to listen on (default: 127.0.0.1)")
    v.add_argument("--port", type=int, default=8000, help="port to listen on (default: 8000)")
    v.add_argument("--workers", type=_positive, default=1, help="worker processes (default: 1)")
    v.set_defaults(func=run)
    return v


def run(args: argparse.Namespace, defaults: Settings) -> int:
    """Run the server until it stops; its exit status is the command's."""
    from ..service.server import serve

    return serve(host=args.host, port=args.port, workers=args.workers)
