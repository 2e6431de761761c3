"""What the command modules share: exit statuses, argument types and the one-line error report."""
from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from ..settings import MAX_COUNT, MIN_COUNT

EXIT_OK, EXIT_SOME_FAILED, EXIT_ERROR = 0, 1, 2


def _count(raw: str) -> int:
    """An argparse type: highlights per story, a whole number in the range the library accepts."""
    try:
        n = int(raw)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a whole number, got {raw!r}") from None
    if not MIN_COUNT <= n <= MAX_COUNT:
        raise argparse.ArgumentTypeError(f"must be between {MIN_COUNT} and {MAX_COUNT}, got {n}")
    return n


def _positive(raw: str) -> int:
    """An argparse type: a whole number above zero (sizes, limits, workers, samples)."""
    try:
        n = int(raw)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a whole number, got {raw!r}") from None
    if n <= 0:
        raise argparse.ArgumentTypeError(f"must be positive, got {n}")
    return n


def _error(message: str) -> None:
    """Report a problem on stderr as one line, in the form the other tools match."""
    print(f"highlights: error: {message}", file=sys.stderr)


def _report_skipped(skipped_rows: Sequence[str]) -> None:
    """Report the first ten bad rows an evaluation skipped, and how many more there were."""
    for message in skipped_rows[:10]:
        _error(f"skipped: {message}")
    if len(skipped_rows) > 10:
        _error(f"skipped {len(skipped_rows) - 10} more bad rows")
