"""The command line: argument parsing and output only; the work is done by the library.

One module per command (``summarize``, ``batch``, ``stories``, ``follow``, ``methods``, ``eval``, ``verify``,
``serve``), each adding its parser with ``add_parser(sub, defaults)``; what they share is in ``common``. ``python -m highlights``
and ``python -m highlights.cli`` both run ``main``.
"""
from __future__ import annotations

import argparse
import logging
import os
import sys

from ..errors import HighlightsError
from ..settings import Settings
from ..version import __version__
from . import batch, follow, methods, serve, stories, summarize, timeline, verify
from . import eval as eval_command
from .common import EXIT_ERROR, EXIT_OK, EXIT_SOME_FAILED, _error

__all__ = ["EXIT_ERROR", "EXIT_OK", "EXIT_SOME_FAILED", "build_parser", "main"]

# In the order ``highlights --help`` lists them.
COMMANDS = (summarize, batch, stories, follow, timeline, methods, eval_command, verify, serve)


def build_parser(defaults: Settings) -> argparse.ArgumentParser:
    """The ``highlights`` parser with every command; option defaults come from ``defaults`` (the environment)."""
    parser = argparse.ArgumentParser(prog="highlights", description="CNN-style story highlights with evidence.")
    parser.add_argument("--version", action="version", version=f"highlights {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    sub.required = True
    for command in COMMANDS:
        command.add_parser(sub, defaults)
    return parser


class _Stderr(logging.Handler):
    """Library messages meant for the user (where a URL was fetched from) as ``highlights: ...`` lines on stderr,
    the stderr of the moment (a test's capture, too)."""

    def emit(self, record: logging.LogRecord) -> None:
        print(f"highlights: {record.getMessage()}", file=sys.stderr)


def _show_fetches() -> None:
    log = logging.getLogger("highlights.read.fetch")
    if not any(isinstance(h, _Stderr) for h in log.handlers):
        log.addHandler(_Stderr())
    log.setLevel(logging.INFO)
    log.propagate = False


def main(argv: list[str] | None = None) -> int:
    """Run the command in ``argv`` (default: the process's arguments); the exit status, errors as one line."""
    _show_fetches()
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
