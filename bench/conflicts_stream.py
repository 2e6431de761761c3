#!/usr/bin/env python3
"""A labelled set of figure pairs from one long real stream, as a stories store holds it, and its evaluation.

    .venv/bin/python bench/conflicts_stream.py sample     # (re)draw the pairs: bench/data/conflicts_t17.jsonl
    .venv/bin/python bench/conflicts_stream.py blind      # what the labeller sees: bench/data/conflicts_t17_blind.jsonl
    .venv/bin/python bench/conflicts_stream.py record LABELS.jsonl   # copy labels ({"id", "label", "why"}) in
    .venv/bin/python bench/conflicts_stream.py evaluate --json bench/results/stories/conflicts_t17.json

The stream is Timeline17's dev part (``../shared/data/stories/t17.articles.jsonl.gz``): each of its five topics
is one long story, every article of it in one store story, so the detector runs as ``story_conflicts`` runs
it: over the claims of all the topic's articles at once. The set holds three strata:

- ``flagged``: every pair the detector flags on a topic (two claims of one conflict), so that precision is over
  all its flags. ``sample`` adds the flags of the detector as it is at the time, so a later run adds a later
  detector's new flags (their ``round`` says when they came in);
- ``random``: a seeded sample (``PER_TOPIC`` a topic) of every candidate pair of a broad finder that knows
  nothing of the detector: two numbers of one topic with an event word of one kind near each (killed,
  injured, arrested, protesters, fled, missing, cases), of different values at most ``MAX_RATIO`` apart, in
  articles published at most ``MAX_DAYS`` apart (one article included). Per topic, since one topic (h1n1's
  case counts) holds four in five of the candidates;
- ``cued``: a seeded sample (``PER_TOPIC`` a topic) of the candidates whose two sentences each hold a speech cue ("said",
  "according to", ...) and whose articles are published at most a day apart: the pairs most like two reports
  of one figure, so that the sample holds enough conflicts to estimate recall on.

Rows carry the two sentences, the sentences around them, the articles' days and ids (Timeline17 keeps no outlet
per article: a figure's source is what its sentence names). The labeller sees the blind file only: rows in
a seeded order, without strata, round or verdict. Labels (bench/data/README.md says how they are given):
``conflict``, ``update``, ``part_total``, ``different_event``, ``different_period``, ``compatible`` (the
ranges meet), ``not_a_figure_pair``. Precision is over every flag; recall over the conflicts among the
random and cued rows.
"""
from __future__ import annotations

import argparse
import collections
import datetime as dt
import gzip
import itertools
import json
import random
import re
import sys
from collections.abc import Iterator
from pathlib import Path

import conflicts_set  # bench/ is on the path when this script runs
from highlights.document import Article, Sentence
from highlights.figures import claims, conflicts
from highlights.sentences import split
from highlights.training.data import shared_data

DATA = shared_data()
STREAM = DATA / "stories" / "t17.articles.jsonl.gz"
SET = Path(__file__).parent / "data" / "conflicts_t17.jsonl"
BLIND = Path(__file__).parent / "data" / "conflicts_t17_blind.jsonl"
SEED = 33
MAX_RATIO = 3.0  # as bench/conflicts_set.py: a toll and one three times it are seldom two reports of one figure
MAX_DAYS = 3
PER_TOPIC = 40  # rows of each of the random and cued strata per topic (all of a topic's, when it has fewer)
LABELS = ("conflict", "update", "part_total", "different_event", "different_period", "compatible",
          "not_a_figure_pair")

_FAMILY = {w: f for f, words in {
    "killed": "killed dead died deaths death toll killing kills fatalities",
    "injured": "wounded injured injuring wounding injuries hurt",
    "arrested": "arrested detained arrests detentions jailed",
    "protesters": "protesters protestors demonstrators marchers rallied marched",
    "fled": "fled flee fleeing displaced evacuated refugees homeless",
    "missing": "missing",
    "cases": "cases infected infections"}.items() for w in words.split()}
_CUE = re.compile(r"\b(?:said|says|told|reported|reports|put|puts|estimated|according to|claimed|counted|announced|"
                  r"confirmed)\b", re.I)
_NUMBER = re.compile(r"(?<![\w$.#])(\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?)(?:\s+(thousand|million))?(?![\w%])")
_NOT_COUNT_AFTER = re.compile(r"\s*(?:%|percent|per cent|a\.m|p\.m|am\b|pm\b|:|st\b|nd\b|rd\b|th\b|-year|year|"
                              r"month|week|day|hour|km|mile|kilomet|met(?:er|re)|\\/)", re.I)


def stream() -> dict[str, list[Article]]:
    """The stream's articles by topic (one story each), in the order of the file."""
    topics: dict[str, list[Article]] = collections.defaultdict(list)
    with gzip.open(STREAM, "rt", encoding="utf-8") as fh:
        for line in fh:
            r = json.loads(line)
            topics[r["topic"]].append(Article(id=f"t17:{r['topic']}:{r['idx']}", text=r["text"],
                                              date=dt.date.fromisoformat(r["date"])))
    return topics


def numbers(article: Article, sentences: list[Sentence]) -> list[dict]:
    """``conflicts_set.numbers`` with this finder's broader word lists (a "#" amount, more speech cues)."""
    return conflicts_set.numbers(article, sentences, number=_NUMBER, family=_FAMILY, cue=_CUE,
                                 not_count=_NOT_COUNT_AFTER)


def candidates(topics: dict[str, list[Article]]) -> Iterator[dict]:
    """Every candidate pair of the finder (see the module's docstring), with whether it is cued."""
    for topic, members in topics.items():
        found = {a.id: numbers(a, list(split(a.text))) for a in members}
        dated = sorted(members, key=lambda a: (a.date or dt.date.min, a.id))
        for i, a in enumerate(dated):
            assert a.date is not None
            for x, y in itertools.combinations(found[a.id], 2):
                if _close(x, y):
                    yield {**_pair(topic, x, y), "cued": x["cued"] and y["cued"]}
            for b in dated[i + 1:]:
                assert b.date is not None
                days = (b.date - a.date).days
                if days > MAX_DAYS:
                    break
                for x in found[a.id]:
                    for y in found[b.id]:
                        if _close(x, y):
                            yield {**_pair(topic, x, y), "cued": x["cued"] and y["cued"] and days <= 1}


def _close(x: dict, y: dict) -> bool:
    low, high = sorted((x["value"], y["value"]))
    return x["family"] == y["family"] and low != high and high <= MAX_RATIO * low


def _pair(topic: str, x: dict, y: dict) -> dict:
    side = lambda n: {"article": n["article"], "start": n["start"], "end": n["end"]}  # noqa: E731
    a, b = sorted((side(x), side(y)), key=lambda s: (s["article"], s["start"]))
    return {"topic": topic, "a": a, "b": b}


def flagged(topics: dict[str, list[Article]]) -> Iterator[dict]:
    """The pairs the detector flags on each topic taken as one story (the claims of all its articles)."""
    for topic, members in topics.items():
        for k in conflicts([c for a in members for c in claims(a)]):
            for x, y in itertools.combinations(k.claims, 2):
                yield _pair(topic, {"article": x.article, "start": x.start, "end": x.end},
                            {"article": y.article, "start": y.start, "end": y.end})


def _covers(claim_side: dict, number_side: dict) -> bool:
    return (claim_side["article"] == number_side["article"] and claim_side["start"] <= number_side["start"]
            and number_side["end"] <= claim_side["end"])


def same_pair(flag: dict, row: dict) -> bool:
    """Whether a flag (two claims' spans, each a number with its hedge) is a row's pair of numbers."""
    a, b = flag["a"], flag["b"]
    return ((_covers(a, row["a"]) and _covers(b, row["b"])) or (_covers(a, row["b"]) and _covers(b, row["a"]))
            or (_covers(row["a"], a) and _covers(row["b"], b)) or (_covers(row["a"], b) and _covers(row["b"], a)))


def load() -> list[dict]:
    if not SET.exists():
        return []
    return [json.loads(line) for line in SET.read_text(encoding="utf-8").splitlines() if line.strip()]


def save(path: Path, rows: list[dict]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")


def side_text(article: Article, sentences: list[Sentence], span: dict) -> dict:
    """What the labeller reads of one side: the article's id and day, the number, its sentence and the
    sentences either side of it."""
    k = next(i for i, s in enumerate(sentences) if s.start <= span["start"] < max(s.end, s.start + 1))
    text = lambda i: " ".join(article.text[sentences[i].start:sentences[i].end].split())  # noqa: E731
    return {"article": article.id, "published": article.date.isoformat() if article.date else None,
            "number": article.text[span["start"]:span["end"]], "sentence": text(k),
            "before": text(k - 1) if k > 0 else "", "after": text(k + 1) if k + 1 < len(sentences) else ""}


def sample(topics: dict[str, list[Article]], round_: int) -> int:
    """Keep the rows there are; add the flagged pairs not yet in the set (``round_`` marks them), and, the first
    time, the random and cued strata. A pair already there gets the stratum added to its ``strata``."""
    rows = load()
    pools: dict[str, list[dict]] = {}
    if not rows:
        pool = sorted(candidates(topics), key=lambda p: (p["topic"], p["a"]["article"], p["a"]["start"],
                                                          p["b"]["article"], p["b"]["start"]))
        print(f"candidates: {len(pool)}, cued {sum(p['cued'] for p in pool)}", file=sys.stderr)
        rng = random.Random(SEED)
        for stratum in ("random", "cued"):
            pools[stratum] = []
            for topic in sorted(topics):
                some = [p for p in pool if p["topic"] == topic and (stratum == "random" or p["cued"])]
                pools[stratum] += rng.sample(some, min(PER_TOPIC, len(some)))
    pools["flagged"] = list(flagged(topics))
    by_id = {a.id: a for members in topics.values() for a in members}
    cut: dict[str, list[Sentence]] = {}
    added = 0
    for stratum, pairs in pools.items():
        for pair in pairs:
            row = next((r for r in rows if same_pair(pair, r)), None)
            if row is None:
                sides = {}
                for s in "ab":
                    article = by_id[pair[s]["article"]]
                    sentences = cut.setdefault(article.id, list(split(article.text)))
                    sides[s] = {**pair[s], **side_text(article, sentences, pair[s])}
                rows.append({"id": f"t17-{len(rows):04d}", "topic": pair["topic"], **sides,
                             "strata": [stratum], "round": round_, "label": None, "why": None})
                added += 1
            elif stratum not in row["strata"]:
                row["strata"].append(stratum)
    save(SET, rows)
    print(f"{len(rows)} rows, {added} added, {sum(r['label'] is None for r in rows)} unlabelled", file=sys.stderr)
    return 0


def blind() -> int:
    """The rows still unlabelled as the labeller sees them, in a seeded order: no strata, round or verdict."""
    rows = [{"id": r["id"], **{s: {k: r[s][k] for k in ("article", "published", "number", "before", "sentence", "after")}
                               for s in "ab"}} for r in load() if r["label"] is None]
    random.Random(SEED).shuffle(rows)
    old = [json.loads(line) for line in BLIND.read_text(encoding="utf-8").splitlines()] if BLIND.exists() else []
    known = {r["id"] for r in old}
    save(BLIND, old + [r for r in rows if r["id"] not in known])
    print(f"{len(rows)} unlabelled rows in {BLIND}", file=sys.stderr)
    return 0


def record(labels: Path) -> int:
    """Copy a labeller's labels (JSON Lines of ``id``, ``label``, ``why``) into the set."""
    given = {r["id"]: r for r in map(json.loads, labels.read_text(encoding="utf-8").splitlines()) if r}
    rows = load()
    for r in rows:
        if r["id"] in given:
            assert given[r["id"]]["label"] in LABELS, given[r["id"]]
            r["label"], r["why"] = given[r["id"]]["label"], given[r["id"]]["why"]
    save(SET, rows)
    print(f"{sum(r['id'] in given for r in rows)} labels recorded; {sum(r['label'] is None for r in rows)} rows "
          f"unlabelled", file=sys.stderr)
    return 0


def evaluate(topics: dict[str, list[Article]], out: Path | None) -> int:
    """Precision over every flag (a flag is right when the rows it covers are labelled ``conflict``), recall
    over the conflicts among the random and cued rows, and each flag with its rows' labels."""
    rows = load()
    flags = list(flagged(topics))
    hit = [any(same_pair(f, r) for f in flags) for r in rows]
    judged = []
    for f in flags:
        labels = sorted({r["label"] for r in rows if same_pair(f, r) and r["label"]})
        judged.append((f, labels))
    right = sum(labels == ["conflict"] for _, labels in judged)
    with_label = sum(bool(labels) for _, labels in judged)
    result: dict = {"rows": len(rows), "labels": dict(collections.Counter(r["label"] for r in rows)),
                    "flags": len(flags),
                    "precision": {"labelled_flags": with_label, "right": right, "unlabelled_flags": len(flags) - with_label,
                                  "value": round(right / with_label, 3) if with_label else None},
                    "flagged_rows": dict(collections.Counter(r["label"] for r, h in zip(rows, hit) if h))}
    for stratum in ("random", "cued", "random+cued"):
        pos = [h for r, h in zip(rows, hit) if set(stratum.split("+")) & set(r["strata"]) and r["label"] == "conflict"]
        result[f"recall_{stratum}"] = {"conflicts": len(pos), "found": sum(pos),
                                       "value": round(sum(pos) / len(pos), 3) if pos else None}
    result["flagged"] = [{"topic": f["topic"], "a": f["a"], "b": f["b"], "labels": labels,
                          "rows": [r["id"] for r in rows if same_pair(f, r)]} for f, labels in judged]
    print(json.dumps(result, indent=1))
    if out:
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(json.dumps(result, indent=1) + "\n", encoding="utf-8")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("command", choices=("sample", "blind", "record", "evaluate"))
    parser.add_argument("labels", nargs="?", type=Path)
    parser.add_argument("--round", type=int, default=1, help="with sample: the round the new flags come in")
    parser.add_argument("--json", type=Path)
    args = parser.parse_args(argv)
    if args.command == "blind":
        return blind()
    if args.command == "record":
        return record(args.labels)
    topics = stream()
    if args.command == "sample":
        return sample(topics, args.round)
    return evaluate(topics, args.json)


if __name__ == "__main__":
    sys.exit(main())
