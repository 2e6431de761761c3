"""``highlights summarize``: highlights for stories, on stdout or one file per input."""
from __future__ import annotations

import argparse
import os
import signal
import sys
from pathlib import Path

from ..errors import HighlightsError, OutputError
from ..render import FORMATS, SEPARATOR, render
from ..settings import Settings
from .common import (
    EXIT_ERROR,
    EXIT_OK,
    EXIT_SOME_FAILED,
    _error,
    _not_negative,
    add_pipeline_options,
    pipeline_settings,
)


def add_parser(sub: argparse._SubParsersAction[argparse.ArgumentParser], defaults: Settings) -> argparse.ArgumentParser:
    """Add ``summarize`` and its options to ``sub``; option defaults come from ``defaults`` (the environment)."""
    s = sub.add_parser("summarize", help="write highlights for stories (files, directories, URLs or - for stdin)",
                       description="Write highlights for each story. Directories are searched recursively "
                                   "for .txt, .story, .html, .jsonl(.gz) and .parquet files; an http(s):// URL is fetched "
                                   "and read as an HTML page (docs/cli.md says what is checked).")
    s.add_argument("paths", nargs="*", metavar="PATH", help="files, directories, http(s) URLs, or - for stdin (the default)")
    add_pipeline_options(s, defaults)
    s.add_argument("-f", "--format", default="cnn", choices=sorted(FORMATS), help="output format (default: cnn)")
    s.add_argument("--with-body", action="store_true", help="append the story body (cnn and md formats)")
    s.add_argument("-o", "--out", metavar="DIR", help="write one output file per input into DIR, each whole or not "
                   "at all, named after the input's path within the PATH given (news/x/a.txt -> DIR/x/a.txt.json; "
                   "news/a.txt -> DIR/a.txt.json); with several PATHs, each folder's outputs go under its name "
                   "(DIR/news/x/a.txt.json)")
    s.add_argument("--resume", action="store_true", help="with --out: skip the inputs whose output an earlier "
                   "run finished (same input content and settings), so a killed run continues")
    s.add_argument("--progress", action=argparse.BooleanOptionalAction, default=None,
                   help="progress bar on stderr (default: when stderr is a terminal and inputs are many)")
    s.add_argument("-w", "--workers", type=_not_negative, default=None,
                   help="processes that summarize when the inputs hold many articles (32 or more), the output "
                        "in the same order (default: this machine's CPUs; with --writer llm, 1; 0 or 1: all "
                        "in this process)")
    s.set_defaults(func=run)
    return s


def run(args: argparse.Namespace, defaults: Settings) -> int:
    """Summarize every input; exit 1 when some inputs failed, 2 when all did or nothing could start,
    130 when interrupted (SIGINT or SIGTERM: the output being written is dropped, finished ones stay)."""
    from ..pipeline import Pipeline
    from ..read import expand
    from ..render.files import OutputDir

    settings = pipeline_settings(args, defaults)
    paths = args.paths or ["-"]
    if paths == ["-"] and sys.stdin.isatty():
        _error("no input: pass files or directories, or pipe a story into `highlights summarize -`")
        return EXIT_ERROR
    if args.resume and not args.out:
        _error("--resume needs --out DIR: it skips the inputs whose output is already in DIR")
        return EXIT_ERROR
    out = None
    if args.out:
        run_settings = {"method": settings.method, "count": settings.count, "compress": settings.compress,
                        "compress_rate": settings.compress_rate, "verify": settings.verify,
                        "with_body": args.with_body, "input_format": args.input_format}
        if settings.writer != "extract":  # (extractive runs keep the settings record older runs wrote)
            run_settings.update(writer=settings.writer, llm_model=settings.llm_model, llm_url=settings.llm_url)
        try:
            out = OutputDir(args.out, args.format, run=run_settings)
        except OSError as exc:
            _error(f"{args.out}: cannot create the output directory ({exc.strerror or exc})")
            return EXIT_ERROR
    ok = failed = skipped = 0
    found: list[tuple[str, str]] = []  # (PATH given, input found in it): --out names the input after both
    for given in paths:
        for item in expand([given]):
            if isinstance(item, HighlightsError):
                failed += 1
                _error(str(item))
            else:
                found.append((given, item))
    todo = [item for _, item in found]
    if out is not None:
        try:
            todo = out.plan(found, several=len(set(paths)) > 1)
            records = out.finished() if args.resume else {}
            out.check_resume(todo, records)
        except OutputError as exc:
            _error(str(exc))
            return EXIT_ERROR
        if args.resume:
            kept = [p for p in todo if not out.is_done(p, records)]
            skipped = len(todo) - len(kept)
            todo = kept
            if skipped:
                print(f"highlights: resuming: {skipped} input(s) already written to {args.out}, skipped",
                      file=sys.stderr)
    show = args.progress if args.progress is not None else (
        sys.stderr.isatty() and (len(todo) > 1 or any(".jsonl" in p for p in todo)))
    workers = args.workers
    if workers is None:  # the language model runs its own threads, and a copy per process would not fit
        workers = 1 if settings.writer == "llm" else (os.cpu_count() or 1)
    results = Pipeline(settings).run_paths(todo, input_format=args.input_format, workers=workers)
    if show:
        from tqdm import tqdm
        results = tqdm(results, unit="story", file=sys.stderr, leave=False)

    previous = signal.signal(signal.SIGTERM, _interrupt)
    current: str | None = None
    first = True
    try:
        for path, result in results:
            if out is not None and path != current:
                _finished(out.finish())
                out.begin(path)
                current = path
            if isinstance(result, HighlightsError):
                failed += 1
                _error(str(result))
                continue
            ok += 1
            where = result.article.source or result.article.id
            for note in result.notes:  # why fewer highlights than asked, or what to doubt in the input
                print(f"highlights: note: {where}: {note}", file=sys.stderr)
            for i, h in enumerate(result.highlights, start=1):  # --writer llm: rewrites the guard did not pass
                for p in h.verified.problems if h.verified is not None else ():
                    if p.kind == "rewrite":
                        print(f"highlights: note: {where}: bullet {i} stays as extracted: {p.detail}", file=sys.stderr)
            text = render(result, args.format, with_body=args.with_body)
            if out is not None:
                out.write(text)
            else:
                sys.stdout.write(text if first else SEPARATOR[args.format] + text)
                first = False
                sys.stdout.flush()
        if out is not None:
            _finished(out.finish())
    except KeyboardInterrupt:
        if out is not None:
            out.abort()
        print(f"highlights: interrupted after {ok} article(s); "
              + ("rerun with --resume to continue" if out is not None else "nothing more was written"),
              file=sys.stderr)
        return EXIT_INTERRUPTED
    finally:
        signal.signal(signal.SIGTERM, previous)
    sys.stdout.flush()
    if failed and not ok and not skipped:
        return EXIT_ERROR
    if failed:
        print(f"highlights: {failed} input(s) failed, {ok} written", file=sys.stderr)
        return EXIT_SOME_FAILED
    return EXIT_OK


EXIT_INTERRUPTED = 130


def _interrupt(signum: int, frame: object) -> None:
    raise KeyboardInterrupt


def _finished(path: Path | None) -> None:
    if path is not None:
        print(f"wrote {path}", file=sys.stderr)
