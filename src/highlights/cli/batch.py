"""``highlights batch``: a whole archive into Parquet or JSONL part files, resumable, locally or on Ray."""
from __future__ import annotations

import argparse
import signal
import sys
import time

from ..settings import Settings
from .common import EXIT_ERROR, EXIT_OK, EXIT_SOME_FAILED, _error, _positive, add_pipeline_options, pipeline_settings

EXIT_INTERRUPTED = 130


def add_parser(sub: argparse._SubParsersAction[argparse.ArgumentParser], defaults: Settings) -> argparse.ArgumentParser:
    """Add ``batch`` and its options to ``sub``; option defaults come from ``defaults`` (the environment)."""
    from ..batch import DEFAULT_BATCH_SIZE, ENGINES, FORMATS

    s = sub.add_parser("batch", help="highlights for a whole archive into part files (resumable; local or Ray)",
                       description="Summarize every article of the inputs (JSONL(.gz), Parquet, folders of files) "
                                   "into part files in DIR, one row per article: the JSON contract plus `error`. "
                                   "Rerun the same command after a crash or Ctrl-C: finished parts are skipped and "
                                   "every article is written exactly once.")
    s.add_argument("paths", nargs="+", metavar="INPUT", help="JSONL(.gz) or Parquet files, folders of stories")
    s.add_argument("-o", "--out", required=True, metavar="DIR", help="the output folder (part files and manifest)")
    s.add_argument("-f", "--format", default="parquet", choices=FORMATS, help="part file format (default: parquet)")
    s.add_argument("--engine", default="local", choices=sorted(ENGINES),
                   help="local: processes on this machine; ray: a Ray Data job (default: local)")
    s.add_argument("-w", "--workers", type=_positive, help="worker processes or Ray actors, each loading the "
                   "models once (default: this machine's CPUs; with ray, the cluster's)")
    s.add_argument("-b", "--batch-size", type=_positive, default=DEFAULT_BATCH_SIZE,
                   help=f"articles per part file, the unit of work and of resuming (default: {DEFAULT_BATCH_SIZE})")
    s.add_argument("--address", help="with --engine ray: the cluster to join, e.g. ray://head:10001 or auto "
                   "(default: start a local Ray instance)")
    add_pipeline_options(s, defaults)
    s.add_argument("--progress", action=argparse.BooleanOptionalAction, default=None,
                   help="progress bar with articles/s and ETA on stderr (default: when stderr is a terminal)")
    s.set_defaults(func=run)
    return s


def run(args: argparse.Namespace, defaults: Settings) -> int:
    """Run the batch; exit 1 when some articles or inputs failed, 2 when nothing could run, 130 when
    interrupted (the parts in progress are dropped, finished ones stay for the rerun)."""
    from ..batch import BatchRun

    if args.address and args.engine != "ray":
        _error("--address is for --engine ray; the local engine runs on this machine")
        return EXIT_ERROR
    started = time.perf_counter()
    batch = BatchRun(args.paths, args.out, settings=pipeline_settings(args, defaults), fmt=args.format,
                     engine=args.engine, workers=args.workers, batch_size=args.batch_size, address=args.address,
                     input_format=args.input_format)
    for error in batch.input_errors:
        _error(str(error))
    if not batch.plan.parts:
        _error("nothing to summarize: no input could be read")
        return EXIT_ERROR
    if batch.skipped:
        print(f"highlights: resuming: {batch.skipped} of {len(batch.plan.parts)} part(s) ({batch.done_articles:,} "
              f"articles) already in {args.out}, skipped", file=sys.stderr)
    show = args.progress if args.progress is not None else sys.stderr.isatty()
    bar = None
    if show and batch.todo:
        from tqdm import tqdm
        bar = tqdm(total=sum(p.articles for p in batch.todo), unit="article", file=sys.stderr, smoothing=0.1)
    articles = failed = parts = 0
    previous = signal.signal(signal.SIGTERM, _interrupt)
    try:
        for record in batch:
            parts += 1
            articles += record["articles"]
            failed += record["failed"]
            if bar is not None:
                bar.update(record["articles"])
    except KeyboardInterrupt:
        print(f"\nhighlights: interrupted after {parts} part(s) ({articles:,} articles); rerun the same command "
              "to continue", file=sys.stderr)
        return EXIT_INTERRUPTED
    finally:
        signal.signal(signal.SIGTERM, previous)
        if bar is not None:
            bar.close()
    seconds = time.perf_counter() - started
    rate = f", {articles / seconds:,.1f} articles/s" if articles else ""
    print(f"highlights: wrote {parts} part(s), {articles:,} article(s) to {args.out} in {seconds:,.1f} s{rate}"
          + (f"; {failed:,} failed (their rows carry the error)" if failed else ""), file=sys.stderr)
    if failed == articles and articles and not batch.skipped:
        return EXIT_ERROR
    return EXIT_SOME_FAILED if failed or batch.input_errors else EXIT_OK


def _interrupt(signum: int, frame: object) -> None:
    raise KeyboardInterrupt
