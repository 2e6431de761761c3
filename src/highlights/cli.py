"""The command line: argument parsing and output only; the work is done by the library."""
from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from . import __version__
from .errors import HighlightsError
from .read import FORMATS as INPUT_FORMATS
from .read import stem as input_stem
from .select import DESCRIPTIONS, SUMMARIZERS
from .settings import MAX_COUNT, MIN_COUNT, Settings
from .write import SEPARATOR, SUFFIX, WRITERS, render

EXIT_OK, EXIT_SOME_FAILED, EXIT_ERROR = 0, 1, 2


def _count(raw: str) -> int:
    try:
        n = int(raw)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a whole number, got {raw!r}") from None
    if not MIN_COUNT <= n <= MAX_COUNT:
        raise argparse.ArgumentTypeError(f"must be between {MIN_COUNT} and {MAX_COUNT}, got {n}")
    return n


def _positive(raw: str) -> int:
    try:
        n = int(raw)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a whole number, got {raw!r}") from None
    if n <= 0:
        raise argparse.ArgumentTypeError(f"must be positive, got {n}")
    return n


def build_parser(defaults: Settings) -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="highlights", description="CNN-style story highlights with evidence.")
    parser.add_argument("--version", action="version", version=f"highlights {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    sub.required = True

    s = sub.add_parser("summarize", help="write highlights for stories (files, directories or - for stdin)",
                       description="Write highlights for each story. Directories are searched recursively "
                                   "for .txt, .story, .html and .jsonl(.gz) files.")
    s.add_argument("paths", nargs="*", metavar="PATH", help="files, directories, or - for stdin (the default)")
    s.add_argument("-m", "--method", default=defaults.method, choices=sorted(SUMMARIZERS),
                   help=f"summarizer (default: {defaults.method})")
    s.add_argument("-n", "--count", type=_count, default=defaults.count,
                   help=f"highlights per story, {MIN_COUNT}-{MAX_COUNT} (default: {defaults.count})")
    s.add_argument("-f", "--format", default="cnn", choices=sorted(WRITERS), help="output format (default: cnn)")
    s.add_argument("--input-format", choices=INPUT_FORMATS, help="skip format detection")
    s.add_argument("--with-body", action="store_true", help="append the story body (cnn and md formats)")
    s.add_argument("-o", "--out", metavar="DIR", help="write one output file per input into DIR")
    s.add_argument("--text-field", default=defaults.text_field, help="JSONL field with the article text")
    s.add_argument("--reference-field", default=defaults.reference_field,
                   help="JSONL field with reference highlights")
    s.add_argument("--max-bytes", type=_positive, default=defaults.max_bytes,
                   help=f"refuse inputs larger than this (default: {defaults.max_bytes:,})")
    s.add_argument("--progress", action=argparse.BooleanOptionalAction, default=None,
                   help="progress bar on stderr (default: when stderr is a terminal and inputs are many)")
    s.set_defaults(func=cmd_summarize)

    m = sub.add_parser("methods", help="list the summarizers")
    m.set_defaults(func=cmd_methods)
    return parser


def main(argv: list[str] | None = None) -> int:
    try:
        defaults = Settings.from_env()
        args = build_parser(defaults).parse_args(argv)
        return args.func(args, defaults)
    except HighlightsError as exc:
        _error(str(exc))
        return EXIT_ERROR
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        # The reader went away (e.g. `| head`); silence the flush at exit too.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_OK


def _error(message: str) -> None:
    print(f"highlights: error: {message}", file=sys.stderr)


def cmd_methods(args, defaults: Settings) -> int:
    for name in SUMMARIZERS:
        print(f"{name:12s} {DESCRIPTIONS.get(name, '')}")
    return EXIT_OK


def cmd_summarize(args, defaults: Settings) -> int:
    from .pipeline import run_paths

    settings = defaults.with_(text_field=args.text_field, reference_field=args.reference_field,
                              max_bytes=args.max_bytes, method=args.method, count=args.count)
    paths = args.paths or ["-"]
    if paths == ["-"] and sys.stdin.isatty():
        _error("no input: pass files or directories, or pipe a story into `highlights summarize -`")
        return EXIT_ERROR
    out_dir = Path(args.out) if args.out else None
    if out_dir is not None:
        try:
            out_dir.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            _error(f"{out_dir}: cannot create the output directory ({exc.strerror or exc})")
            return EXIT_ERROR
    show = args.progress if args.progress is not None else (
        sys.stderr.isatty() and (len(paths) > 1 or any(os.path.isdir(p) or ".jsonl" in p for p in paths)))
    results = run_paths(paths, method=args.method, n=args.count, input_format=args.input_format,
                        settings=settings)
    if show:
        from tqdm import tqdm
        results = tqdm(results, unit="story", file=sys.stderr, leave=False)

    ok = failed = 0
    per_input: dict[str, list[str]] = {}
    first = True
    for path, result in results:
        if isinstance(result, HighlightsError):
            failed += 1
            _error(str(result))
            continue
        ok += 1
        text = render(result, args.format, with_body=args.with_body)
        if out_dir is not None:
            per_input.setdefault(path, []).append(text)
        else:
            sys.stdout.write(text if first else SEPARATOR[args.format] + text)
            first = False
    if out_dir is not None:
        _write_outputs(out_dir, per_input, args.format)
    sys.stdout.flush()
    if failed and not ok:
        return EXIT_ERROR
    if failed:
        print(f"highlights: {failed} input(s) failed, {ok} written", file=sys.stderr)
        return EXIT_SOME_FAILED
    return EXIT_OK


def _write_outputs(out_dir: Path, per_input: dict[str, list[str]], fmt: str) -> None:
    used: set[str] = set()
    for path, texts in per_input.items():
        stem = input_stem(path)
        suffix = ".jsonl" if fmt == "json" and len(texts) > 1 else SUFFIX[fmt]
        name, k = stem + suffix, 2
        while name in used:
            name, k = f"{stem}-{k}{suffix}", k + 1
        used.add(name)
        (out_dir / name).write_text(SEPARATOR[fmt].join(texts), encoding="utf-8")
        print(f"wrote {out_dir / name}", file=sys.stderr)


if __name__ == "__main__":
    sys.exit(main())
