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
    s.add_argument("--compress", action=argparse.BooleanOptionalAction, default=defaults.compress,
                   help="shorten each highlight, CNN style (default: on)")
    s.add_argument("--verify", action=argparse.BooleanOptionalAction, default=defaults.verify,
                   help="check each highlight against the article; adds \"verified\" (default: on)")
    s.add_argument("--progress", action=argparse.BooleanOptionalAction, default=None,
                   help="progress bar on stderr (default: when stderr is a terminal and inputs are many)")
    s.set_defaults(func=cmd_summarize)

    m = sub.add_parser("methods", help="list the summarizers")
    m.set_defaults(func=cmd_methods)

    e = sub.add_parser("eval", help="measure methods against reference highlights",
                       description="Evaluate summarizers on a corpus with reference highlights.")
    esub = e.add_subparsers(dest="evaluation", metavar="EVALUATION")
    esub.required = True
    r = esub.add_parser(
        "rouge", help="paper-exact ROUGE of methods and published systems on the same articles",
        description="ROUGE-1/2/Lsum F1 x 100 (rouge-score tokenization, Porter stemmer, one sentence per line) "
                    "of each method on the same articles, with 95% bootstrap intervals, a paired test against "
                    "the first method, and the speed of each method. Bad rows are reported and skipped "
                    "(exit status 1 when any was).")
    r.add_argument("--data", required=True, metavar="FILE", help="JSONL(.gz) corpus with reference highlights")
    r.add_argument("--method", default="lead", metavar="A,B,C",
                   help="comma-separated methods, the first is the one others are tested against "
                        "(default: lead; `highlights eval methods` lists them)")
    r.add_argument("--limit", type=_positive, metavar="N", help="evaluate the first N usable articles")
    r.add_argument("--every", type=_positive, default=1, metavar="K",
                   help="evaluate every K-th usable article: a quick sample across the whole file")
    r.add_argument("--systems", metavar="FILE", help="JSONL(.gz) of published outputs (id, system, summary)")
    r.add_argument("--out", metavar="REPORT.json", help="write the results as JSON")
    r.add_argument("--report", metavar="DIR", help="write report.md, rouge.png and speed.png into DIR")
    r.add_argument("--text-field", default=defaults.text_field, help="field with the article text")
    r.add_argument("--reference-field",
                   help="field with the reference highlights (default: highlights_tok_lower, else highlights)")
    r.add_argument("-n", "--count", type=_count, default=defaults.count,
                   help=f"highlights per article (default: {defaults.count}; the oracle picks its own number)")
    r.add_argument("--workers", type=_positive, default=1, help="processes that run the methods (default: 1)")
    r.add_argument("--seed", type=int, default=defaults.seed, help="seed of the bootstrap and the paired test")
    r.add_argument("--samples", type=_positive, default=1000, help="bootstrap and permutation samples")
    r.set_defaults(func=cmd_eval_rouge)
    em = esub.add_parser("methods", help="list the methods eval rouge accepts")
    em.set_defaults(func=cmd_eval_methods)
    f = esub.add_parser(
        "faithfulness", help="how well the verifier separates faithful from unfaithful summaries",
        description="Verify each summary against its article and compare with human labels: balanced accuracy, "
                    "ROC AUC (95% bootstrap intervals over articles), confusion counts, per FRANK error type, "
                    "speed. Rows: {id, article, summary, faithful}, or FRANK, SummEval or QAGS rows as "
                    "published (detected from their fields). Bad rows are reported and skipped (exit status 1).")
    f.add_argument("--data", required=True, metavar="FILE", help="JSONL(.gz) of labelled summaries")
    f.add_argument("--out", metavar="REPORT.json", help="write the results as JSON")
    f.add_argument("--limit", type=_positive, metavar="N", help="evaluate the first N usable rows")
    f.add_argument("--seed", type=int, default=defaults.seed, help="seed of the bootstrap")
    f.add_argument("--samples", type=_positive, default=1000, help="bootstrap samples (default: 1000)")
    f.set_defaults(func=cmd_eval_faithfulness)
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
    vf.set_defaults(func=cmd_verify)
    v = sub.add_parser("serve", help="run the HTTP API and the web page",
                       description="Serve the JSON API (/v1/highlights, docs at /docs) and the web page (/). "
                                   "Limits and the API key come from HIGHLIGHTS_* environment variables "
                                   "(see the README).")
    v.add_argument("--host", default="127.0.0.1", help="address to listen on (default: 127.0.0.1)")
    v.add_argument("--port", type=int, default=8000, help="port to listen on (default: 8000)")
    v.add_argument("--workers", type=_positive, default=1, help="worker processes (default: 1)")
    v.set_defaults(func=cmd_serve)
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
        # The reader went away (e.g. `| head`); silence the flush at exit too, but only when we
        # own the process's stdout (not when main() runs inside another program).
        if sys.stdout is sys.__stdout__:
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_OK


def _error(message: str) -> None:
    print(f"highlights: error: {message}", file=sys.stderr)


def cmd_methods(args, defaults: Settings) -> int:
    for name in SUMMARIZERS:
        print(f"{name:12s} {DESCRIPTIONS.get(name, '')}")
    return EXIT_OK


def cmd_eval_methods(args, defaults: Settings) -> int:
    from .evaluate.harness import DESCRIPTIONS, method_names

    for name in method_names():
        print(f"{name:14s} {DESCRIPTIONS.get(name, '')}")
    return EXIT_OK


def cmd_eval_rouge(args, defaults: Settings) -> int:
    from .evaluate import report
    from .evaluate.harness import evaluate

    if args.report:
        report.require_plotting()
    evaluation = evaluate(args.data, methods=args.method, limit=args.limit, every=args.every,
                          systems=args.systems, text_field=args.text_field,
                          reference_field=args.reference_field, n=args.count, workers=args.workers,
                          seed=args.seed, samples=args.samples, settings=defaults)
    for message in evaluation.skipped_rows[:10]:
        _error(f"skipped: {message}")
    if len(evaluation.skipped_rows) > 10:
        _error(f"skipped {len(evaluation.skipped_rows) - 10} more bad rows")
    if args.out:
        print(f"wrote {report.write_json(evaluation, args.out)}", file=sys.stderr)
    if args.report:
        for path in report.write_report(evaluation, args.report):
            print(f"wrote {path}", file=sys.stderr)
    sys.stdout.write(report.markdown(evaluation))
    sys.stdout.flush()
    return EXIT_SOME_FAILED if evaluation.skipped_rows else EXIT_OK


def cmd_eval_faithfulness(args, defaults: Settings) -> int:
    from .evaluate import faithfulness

    evaluation = faithfulness.evaluate(args.data, limit=args.limit, samples=args.samples, seed=args.seed)
    for message in evaluation.skipped_rows[:10]:
        _error(f"skipped: {message}")
    if len(evaluation.skipped_rows) > 10:
        _error(f"skipped {len(evaluation.skipped_rows) - 10} more bad rows")
    result = evaluation.to_dict()
    if args.out:
        print(f"wrote {faithfulness.write_json(result, args.out)}", file=sys.stderr)
    sys.stdout.write(faithfulness.markdown(evaluation, result))
    sys.stdout.flush()
    return EXIT_SOME_FAILED if evaluation.skipped_rows else EXIT_OK


def cmd_verify(args, defaults: Settings) -> int:
    import json
    from itertools import islice

    from .read import read
    from .read.source import decode, display_name, read_bytes
    from .verify.summary import bullets, verify_summary

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
        summary = tuple(article.references)
    else:
        name = display_name(args.summary)
        summary = bullets(decode(read_bytes(args.summary, max_bytes=args.max_bytes), source=name), source=name)
    result = verify_summary(article, summary)
    if args.format == "json":
        sys.stdout.write(json.dumps(result.to_dict(), ensure_ascii=False) + "\n")
    else:
        sys.stdout.write(result.to_text())
    sys.stdout.flush()
    return EXIT_OK if result.supported else EXIT_SOME_FAILED


def cmd_summarize(args, defaults: Settings) -> int:
    from .pipeline import run_paths

    settings = defaults.with_(text_field=args.text_field, reference_field=args.reference_field,
                              max_bytes=args.max_bytes, method=args.method, count=args.count,
                              compress=args.compress, verify=args.verify)
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


def cmd_serve(args, defaults: Settings) -> int:
    from .service.server import serve

    return serve(host=args.host, port=args.port, workers=args.workers)


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
