"""The command line: argument parsing and output only; the work is done by the library.

One module per command (``summarize``, ``batch``, ``stories``, ``follow``, ``methods``, ``eval``, ``verify``,
``serve``), each adding its parser with ``add_parser(sub, defaults)``; what they share is in ``common``. ``python -m highlights``
and ``python -m highlights.cli`` both run ``main``.
"""
from __future__ import annotations

import argparse
import os
import sys

from ..errors import HighlightsError
from ..settings import Settings
from ..version import __version__
from .common import EXIT_ERROR, EXIT_OK, EXIT_SOME_FAILED, _error, show_log

__all__ = ["EXIT_ERROR", "EXIT_OK", "EXIT_SOME_FAILED", "build_parser", "main"]

# The command modules, in the order ``highlights --help`` lists them (imported when the parser is built).
COMMANDS = ("summarize", "batch", "stories", "follow", "timeline", "methods", "eval", "verify", "serve")


def build_parser(defaults: Settings) -> argparse.ArgumentParser:
    """The ``highlights`` parser with every command; option defaults come from ``defaults`` (the environment)."""
    parser = argparse.ArgumentParser(prog="highlights", description="CNN-style story highlights with evidence.")
    parser.add_argument("--version", action="version", version=f"highlights {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    sub.required = True
    from importlib import import_module

    for name in COMMANDS:
        import_module(f".{name}", __name__).add_parser(sub, defaults)
    return parser


def main(argv: list[str] | None = None) -> int:
    """Run the command in ``argv`` (default: the process's arguments); the exit status, errors as one line."""
    show_log("highlights.read.fetch")  # where a URL was fetched from
    if (sys.argv[1:] if argv is None else argv) == ["--version"]:
        print(f"highlights {__version__}")  # (as the parser's own --version says it, without building the parser)
        return EXIT_OK
    try:
        defaults = Settings.from_env()
        args = build_parser(defaults).parse_args(argv)
        status: int = args.func(args, defaults)
        return status
    except HighlightsError as exc:
        _error(str(exc))
        return EXIT_ERROR
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        # The reader went away (e.g. `| head`); silence the flush at exit too, but only when we
        # own the process's stdout (not when main() runs inside another program).
        if sys.stdout is sys.__stdout__ and sys.stdout is not None:
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_OK
