"""``highlights verify``: check each highlight of a summary against its article."""
from __future__ import annotations

import argparse
import sys

from ..errors import HighlightsError
from ..read import FORMATS as INPUT_FORMATS
from ..settings import Settings
from .common import EXIT_ERROR, EXIT_OK, EXIT_SOME_FAILED, _error, _positive


def add_parser(sub: argparse._SubParsersAction[argparse.ArgumentParser], defaults: Settings) -> argparse.ArgumentParser:
    """Add ``verify`` and its options to ``sub``; ``--max-bytes`` defaults to ``defaults`` (the environment)."""
    vf = sub.add_parser(
        "verify", help="check each highlight of a summary against its article",
        description="Verify each bullet of SUMMARY (one per line, '- ' bullets, the seed form or a .story "
                    "file's @highlight blocks) against ARTICLE. Without SUMMARY, the article's own highlights "
                    "(seed bullets, @highlight blocks) are verified. Exit status: 0 all supported, "
                    "1 some unsupported, 2 bad input.")
    vf.add_argument("article", metavar="ARTICLE", help="the story (file, or - for stdin)")
    vf.add_argument("summary", metavar="SUMMARY", nargs="?", help="the highlights (file, or - for stdin)")
    vf.add_argument("-f", "--format", default="json", choices=("json", "text"), help="output format (default: json)")
    vf.add_argument("--input-format", choices=INPUT_FORMATS, help="the article's format (default: detected)")
    vf.add_argument("--max-bytes", type=_positive, default=defaults.max_bytes,
                    help=f"refuse inputs larger than this (default: {defaults.max_bytes:,})")
    vf.add_argument("--judge", action=argparse.BooleanOptionalAction, default=defaults.judge,
                    help="the learned faithfulness judge reads each bullet too (who did what, who said it, how "
                         "sure): supported only when the rules and the judge agree; score = its P(supported) "
                         "(default: off; needs highlights[judge])")
    vf.set_defaults(func=run)
    return vf


def run(args: argparse.Namespace, defaults: Settings) -> int:
    """Verify the summary (or the article's own highlights); exit 0 all supported, 1 some not, 2 bad input."""
    import json
    from itertools import islice

    from ..read import read
    from ..read.source import decode, display_name, read_bytes
    from ..verify.summary import Bullet, bullets, verify_summary

    if args.article == "-" and args.summary == "-":
        _error("only one of ARTICLE and SUMMARY can be - (stdin)")
        return EXIT_ERROR
    if "-" in (args.article, args.summary) and sys.stdin.isatty():
        _error("nothing on stdin: pipe the story or the summary into `highlights verify`, or pass files")
        return EXIT_ERROR
    settings = defaults.with_(max_bytes=args.max_bytes)
    items = list(islice(read(args.article, input_format=args.input_format, settings=settings), 2))
    if isinstance(items[0], HighlightsError):
        raise items[0]
    if len(items) > 1:
        _error(f"{display_name(args.article)}: holds several articles; verify takes one")
        return EXIT_ERROR
    article = items[0]
    if args.summary is None:
        if not article.references:
            _error(f"{display_name(args.article)}: has no highlights of its own; pass SUMMARY, the highlights to verify")
            return EXIT_ERROR
        summary: tuple[Bullet, ...] | list[str] = list(article.references)
    else:
        name = display_name(args.summary)
        summary = bullets(decode(read_bytes(args.summary, max_bytes=args.max_bytes), source=name), source=name)
    result = verify_summary(article, summary, judge=args.judge)
    if args.format == "json":
        sys.stdout.write(json.dumps(result.to_dict(), ensure_ascii=False) + "\n")
    else:
        sys.stdout.write(result.to_text())
    sys.stdout.flush()
    return EXIT_OK if result.supported else EXIT_SOME_FAILED
