"""``highlights eval``: ``rouge``, ``methods``, ``faithfulness``, ``compression``, ``pages``, ``clean``,
``clustering`` and ``timeline``."""
from __future__ import annotations

import argparse
import sys
from typing import Any

from ..settings import Settings
from ..stories.timeline import DESCRIPTIONS as TIMELINE_METHODS
from .common import EXIT_OK, EXIT_SOME_FAILED, _count, _method, _positive, _report_skipped, add_llm_options, llm_settings


def add_parser(sub: argparse._SubParsersAction[argparse.ArgumentParser], defaults: Settings) -> argparse.ArgumentParser:
    """Add ``eval`` and its evaluations to ``sub``; defaults (text field, count, seed) from ``defaults``."""
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
    add_llm_options(r, defaults)  # for METHOD+llm
    r.add_argument("--seed", type=int, default=defaults.seed, help="seed of the bootstrap and the paired test")
    r.add_argument("--samples", type=_positive, default=1000, help="bootstrap and permutation samples")
    r.set_defaults(func=run_rouge)
    em = esub.add_parser("methods", help="list the methods eval rouge accepts")
    em.set_defaults(func=run_methods)
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
    f.add_argument("--judge", action="store_true",
                   help="the learned judge reads each summary too (needs highlights[judge]; see docs/verify.md)")
    f.set_defaults(func=run_faithfulness)
    c = esub.add_parser(
        "compression", help="how close the compressor's deletions come to people's",
        description="Compress each sentence alone and compare the kept tokens with human pure-deletion "
                    "compressions: token-level F1 and compression ratios (tokens and characters), averaged "
                    "over sentences. Rows: {tokens, keep_labels} as in Google's corpus (one list of 0/1 labels, "
                    "or several for several annotators, as in Clarke & Lapata's; or a 'gold' compression as "
                    "text). Rows with a system 'prediction' and human 'prediction_meaning_change' / "
                    "'grammar_errors' flags also measure the deletion check. Bad rows are reported and "
                    "skipped (exit status 1).")
    c.add_argument("--data", required=True, metavar="FILE", help="JSONL(.gz) of tokenized sentences and keep labels")
    c.add_argument("--split", metavar="NAME", help="only rows whose split_kamigaito is NAME (Google: train, dev)")
    c.add_argument("--limit", type=_positive, metavar="N", help="evaluate the first N usable rows")
    c.add_argument("--rate", type=float, metavar="SHARE",
                   help="share of tokens to keep (default: the data's own gold rate, as published results compare)")
    c.add_argument("--check", action="store_true",
                   help="run the compressor as the pipeline does, with its rules and deletion check (default: "
                        "the deletion model alone, as the literature measures it)")
    c.add_argument("--out", metavar="REPORT.json", help="write the results as JSON")
    c.set_defaults(func=run_compression)
    pg = esub.add_parser(
        "pages", help="would an editor publish the bullets of real web pages?",
        description="Run the pipeline on real pages and judge each bullet: boilerplate (its source sentence "
                    "overlaps a must_not_contain snippet), fragment (under 6 words or no finite verb), opener (it "
                    "opens with a pronoun or demonstrative); plus words per bullet and pages refused with a reason. "
                    "Rows: {url, html, must_contain, must_not_contain} as in ../shared/data/pages/pages.jsonl.gz, "
                    "or a folder of .html files (no snippet checks).")
    pg.add_argument("--data", required=True, metavar="FILE|DIR", help="JSONL(.gz) of pages, or a folder of .html files")
    pg.add_argument("--method", default=defaults.method, help=f"the summarizer (default: {defaults.method})")
    pg.add_argument("--out", metavar="REPORT.json", help="write the results as JSON, with every page's bullets")
    pg.set_defaults(func=run_pages)
    cn = esub.add_parser(
        "clean", help="do bullets carry tokenizer leftovers, page furniture or glued highlight lists?",
        description="Summarize every article of a stream as `highlights summarize` does and count the bullets "
                    "with PTB tokenizer leftovers (-LRB-, ``, \" n't\", \" 's\", a space before a comma), page "
                    "furniture (datelines, 'Last updated at ... GMT', photo credits, editor's notes, comment stamps) "
                    "or a site's own highlights glued into one sentence; bullets over 50 words are counted "
                    "beside them. A few examples of each. Unreadable rows are reported and skipped (exit status 1).")
    cn.add_argument("--data", required=True, metavar="FILE", help="any input summarize reads, e.g. a JSONL(.gz) stream")
    cn.add_argument("--method", type=_method, default=defaults.method, metavar="METHOD",
                    help=f"the summarizer (default: {defaults.method})")
    cn.add_argument("--text-field", default=defaults.text_field, help="JSONL/Parquet field with the article text")
    cn.add_argument("--limit", type=_positive, metavar="N", help="check the first N readable articles")
    cn.add_argument("--examples", type=_positive, default=5, metavar="K", help="examples of each kind (default: 5)")
    cn.add_argument("--out", metavar="REPORT.json", help="write the counts and examples as JSON")
    cn.set_defaults(func=run_clean)
    cl = esub.add_parser(
        "clustering", help="how well the online story clusterer groups a labelled stream",
        description="Cluster the articles online (in file order, or date order when all are dated) and score "
                    "the groups against a gold label: B-cubed precision/recall/F1 and pairwise F1, clusters, "
                    "articles/s, at both levels (stories and the topics above them); an 'event' label's "
                    "level is stories, any other's topics. "
                    "Rows: {text or sentences, title?, date?, LABEL}. Bad rows are reported and left out of "
                    "the stream (exit status 1).")
    cl.add_argument("--data", required=True, metavar="FILE", help="JSONL(.gz) of labelled articles")
    cl.add_argument("--label-field", default="topic", help="the gold label's field (default: topic)")
    cl.add_argument("--level", choices=("story", "topic"), help="the level whose scores head the report (default: "
                    "story for an 'event' label, else topic; both are reported)")
    cl.add_argument("--out", metavar="REPORT.json", help="write the results as JSON")
    cl.set_defaults(func=run_clustering)
    tl = esub.add_parser(
        "timeline", help="how close the timelines made of a story's articles come to journalists' timelines",
        description="For each gold timeline, make a timeline of its topic's articles with as many dates as it has "
                    "(or, with --dates auto, as many as the method finds) and its mean number of sentences a "
                    "date, and score it as the tilse toolkit does: date F1 and ROUGE-1/2 F1, concat, agreement "
                    "and align+ m:1 (means over the timelines, over the topics, and per topic). --loto scores "
                    "each topic with the settings chosen on the other topics. Bad rows are reported and left "
                    "out (exit status 1).")
    tl.add_argument("--articles", required=True, metavar="FILE",
                    help="JSONL(.gz) of dated articles: {topic, date, text or sentences}")
    tl.add_argument("--timelines", required=True, metavar="FILE",
                    help="JSONL(.gz) of gold timelines: {topic, timeline?, entries: [{date, text: [sentences]}]}")
    tl.add_argument("--method", default="dated", choices=sorted(TIMELINE_METHODS),
                    help="how timelines are made: " + "; ".join(f"{k}: {v}" for k, v in TIMELINE_METHODS.items())
                    + " (default: dated)")
    tl.add_argument("--dates", default="gold", choices=("gold", "auto"),
                    help="dates a timeline has: gold, as many as the gold timeline (as usual on Timeline17); auto, "
                         "as many as the method finds in the articles (default: gold)")
    tl.add_argument("--loto", action="store_true",
                    help="leave one topic out: score each topic with the method's settings chosen on the other "
                         "topics only (date F1 plus align+ m:1 ROUGE-1), and say which were chosen")
    tl.add_argument("--out", metavar="REPORT.json", help="write the results as JSON")
    tl.set_defaults(func=run_timeline)
    return e


def run_clustering(args: argparse.Namespace, defaults: Settings) -> int:
    """Print the clustering scores as a table; ``--out`` writes them as JSON."""
    import json

    from ..evaluate import clustering

    items, skipped = clustering.load(args.data, args.label_field)
    _report_skipped(skipped)
    result = clustering.evaluate(items, label_field=args.label_field, level=args.level)
    result["skipped"] = len(skipped)
    if args.out:
        with open(args.out, "w", encoding="utf-8") as fh:
            fh.write(json.dumps(result, indent=1) + "\n")
        print(f"wrote {args.out}", file=sys.stderr)
    keys = ("clusters", "bcubed_precision", "bcubed_recall", "bcubed_f1", "pairwise_f1")
    print(f"{result['n']} articles, {result['labels']} labels, {result['articles_per_second']} articles/s; "
          f"{result['single_article_stories']} stories of one article")
    print("| level | " + " | ".join(keys) + " |")
    print("|" + "---|" * (len(keys) + 1))
    for name, row in result["levels"].items():
        shown = f"**{name}**" if name == result["level"] else name  # the level the label is scored at
        print(f"| {shown} | " + " | ".join(str(row[k]) for k in keys) + " |")
    return EXIT_SOME_FAILED if skipped else EXIT_OK


def run_timeline(args: argparse.Namespace, defaults: Settings) -> int:
    """Print the timeline scores per topic and overall; ``--out`` writes them as JSON."""
    import json

    from ..evaluate import timeline

    golds, bad_golds = timeline.load_timelines(args.timelines)
    articles, bad_articles = timeline.load_articles(args.articles)
    skipped = bad_golds + bad_articles
    _report_skipped(skipped)
    score = timeline.loto if args.loto else timeline.evaluate
    result = score(articles, golds, args.method, dates=args.dates)
    result["skipped"] = len(skipped)
    if args.out:
        with open(args.out, "w", encoding="utf-8") as fh:
            fh.write(json.dumps(result, indent=1) + "\n")
        print(f"wrote {args.out}", file=sys.stderr)
    keys = timeline.KEYS
    print("| topic | timelines | " + " | ".join(keys) + " |")
    print("|---|---:|" + "---:|" * len(keys))
    for topic, row in [*result["per_topic"].items(), ("all (timelines)", result),
                       ("all (topics)", {"timelines": result["timelines"], **result["topic_mean"]})]:
        print(f"| {topic} | {row['timelines']} | " + " | ".join(f"{row[k]:.4f}" for k in keys) + " |")
    for topic, setting in result.get("settings", {}).items():
        print(f"{topic}: chosen on the other topics: {setting if setting else 'no settings to choose'}")
    return EXIT_SOME_FAILED if skipped else EXIT_OK


def run_methods(args: argparse.Namespace, defaults: Settings) -> int:
    """Print each method ``eval rouge`` accepts (the summarizers, the oracle, the sumy peers) with its description."""
    from ..evaluate.harness import DESCRIPTIONS, method_names

    for name in method_names():
        print(f"{name:14s} {DESCRIPTIONS.get(name, '')}")
    return EXIT_OK


def run_rouge(args: argparse.Namespace, defaults: Settings) -> int:
    """Print the ROUGE table, optionally write JSON and the report; exit 1 when bad rows were skipped."""
    from ..evaluate import report
    from ..evaluate.harness import evaluate

    if args.report:
        report.require_plotting()
    evaluation = evaluate(args.data, methods=args.method, limit=args.limit, every=args.every,
                          systems=args.systems, text_field=args.text_field,
                          reference_field=args.reference_field, n=args.count, workers=args.workers,
                          seed=args.seed, samples=args.samples,
                          settings=defaults.with_(**llm_settings(args)))
    _report_skipped(evaluation.skipped_rows)
    if args.out:
        print(f"wrote {report.write_json(evaluation, args.out)}", file=sys.stderr)
    if args.report:
        for path in report.write_report(evaluation, args.report):
            print(f"wrote {path}", file=sys.stderr)
    sys.stdout.write(report.markdown(evaluation))
    sys.stdout.flush()
    return EXIT_SOME_FAILED if evaluation.skipped_rows else EXIT_OK


def run_faithfulness(args: argparse.Namespace, defaults: Settings) -> int:
    """Print how the verifier agrees with human labels, optionally write JSON; exit 1 when rows were skipped."""
    from ..evaluate import faithfulness

    evaluation = faithfulness.evaluate(args.data, limit=args.limit, samples=args.samples, seed=args.seed,
                                         judge=args.judge)
    _report_skipped(evaluation.skipped_rows)
    result = evaluation.to_dict()
    if args.out:
        print(f"wrote {faithfulness.write_json(result, args.out)}", file=sys.stderr)
    sys.stdout.write(faithfulness.markdown(evaluation, result))
    sys.stdout.flush()
    return EXIT_SOME_FAILED if evaluation.skipped_rows else EXIT_OK


def run_pages(args: argparse.Namespace, defaults: Settings) -> int:
    """Print how publishable the bullets of real pages are, optionally write JSON; exit 1 when rows were skipped."""
    from ..evaluate import pages

    return _finish(pages.evaluate_pages(args.data, settings=defaults.with_(method=args.method)), args.out)


def run_clean(args: argparse.Namespace, defaults: Settings) -> int:
    """Print how many bullets of a stream are unclean, optionally write JSON; exit 1 when rows were skipped."""
    from ..evaluate import clean

    settings = defaults.with_(method=args.method, text_field=args.text_field)
    return _finish(clean.evaluate_clean(args.data, settings=settings, limit=args.limit, examples=args.examples),
                   args.out)


def run_compression(args: argparse.Namespace, defaults: Settings) -> int:
    """Print how the compressor's deletions agree with people's, optionally write JSON; exit 1 when rows were skipped."""
    from ..errors import SettingsError
    from ..evaluate import compression

    if args.rate is not None and not 0.0 < args.rate <= 1.0:
        raise SettingsError(f"--rate must be in (0, 1], got {args.rate}")
    return _finish(compression.evaluate(args.data, split=args.split, limit=args.limit, rate=args.rate,
                                        check=args.check), args.out)


def _finish(evaluation: Any, out: str | None) -> int:
    """Report skipped rows, write ``--out`` when asked, print the table; exit 1 when rows were skipped
    (for evaluations with ``skipped``, ``write_json`` and ``to_markdown``: compression, pages, clean)."""
    _report_skipped(evaluation.skipped)
    if out:
        print(f"wrote {evaluation.write_json(out)}", file=sys.stderr)
    sys.stdout.write(evaluation.to_markdown())
    sys.stdout.flush()
    return EXIT_SOME_FAILED if evaluation.skipped else EXIT_OK
