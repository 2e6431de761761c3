"""``highlights methods``: the summarizers ``summarize --method`` accepts."""
from __future__ import annotations

import argparse

from ..select import DESCRIPTIONS, SUMMARIZERS
from ..settings import Settings
from .common import EXIT_OK


def add_parser(sub: argparse._SubParsersAction[argparse.ArgumentParser], defaults: Settings) -> argparse.ArgumentParser:
    """Add ``methods`` to ``sub``; it has no options."""
    m = sub.add_parser("methods", help="list the summarizers")
    m.set_defaults(func=run)
    return m


def run(args: argparse.Namespace, defaults: Settings) -> int:
    """Print each summarizer's name and one-line description."""
    for name in SUMMARIZERS:
        print(f"{name:12s} {DESCRIPTIONS.get(name, '')}")
    return EXIT_OK
