#!/usr/bin/env python3
"""The labelled set of figure pairs behind the conflicts' precision and recall, and its evaluation.

    .venv/bin/python bench/conflicts_set.py sample    # (re)draw the pairs to label: bench/data/conflicts.jsonl
    .venv/bin/python bench/conflicts_set.py show      # the pairs still unlabelled, with their sentences
    .venv/bin/python bench/conflicts_set.py evaluate --json bench/results/stories/conflicts_set.json

Candidate pairs come from a broad, independent finder (not the detector): two numbers, each with an event
word of one family near it (killed / injured / fled / arrested), of different values at most three times
apart, either in one article
or in two articles of one story-like group (FA-KES: same day and place; Timeline17 dev: same topic and
publication day). The set holds three strata:

- ``random``: a seeded sample of all candidates (200). Conflicts are rare among them (none of the first 200),
  so they give the base rate, not recall;
- ``cued``: candidates that look like two reports of one figure: in one article, every pair whose two
  sentences are the same or adjacent and hold two speech cues between them ("said", "put", "according
  to"...); across two articles, a seeded sample (80) of pairs whose sentences each hold one. Recall is
  measured on the conflicts among the random and cued rows;
- ``flagged``: every pair the detector flags on these articles, so precision is over all its flags.

A row may belong to several strata (``strata``). The labeller sees the sentences, neither the strata nor the
detector's verdict. Labels follow the rule in
bench/data/README.md. Rows point into the shared data by article id and character span; no text is copied.
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
from collections.abc import Iterator, Sequence
from pathlib import Path

from highlights.document import Article, Sentence
from highlights.figures import claims, conflicts
from highlights.read import read
from highlights.sentences import split
from highlights.training.data import shared_data

DATA = shared_data()
SET = Path(__file__).parent / "data" / "conflicts.jsonl"
SEED = 17
MAX_RATIO = 3.0
RANDOM_PAIRS = {"within": 100, "across": 100}  # the random stratum, per kind, over both corpora
CUED_ACROSS = 80  # the cued stratum's sample of pairs across articles (all cued pairs within one article are in)
_CUE = re.compile(r"\b(?:said|says|told|reported|put|puts|estimated|according to|claimed|counted)\b", re.I)

_FAMILY = {w: f for f, words in {
    "killed": "killed dead died deaths death toll killing kills",
    "injured": "wounded injured injuring wounding injuries",
    "fled": "fled flee fleeing displaced evacuated refugees",
    "arrested": "arrested detained"}.items() for w in words.split()}
_NUMBER = re.compile(r"(?<![\w$.])(\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?)(?:\s+(thousand|million))?(?![\w%])")
_MONTH_BEFORE = re.compile(r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s*$", re.I)
_NOT_COUNT_AFTER = re.compile(r"\s*(?:%|percent|per cent|a\.m|p\.m|am\b|pm\b|:|st\b|nd\b|rd\b|th\b|-year|year|"
                              r"month|week|day|hour|km|mile|kilomet|met(?:er|re))", re.I)


def articles() -> dict[str, list[tuple[str, Article]]]:
    """Groups of articles standing for stories, keyed "corpus|group": (corpus, article) each."""
    groups: dict[str, list[tuple[str, Article]]] = collections.defaultdict(list)
    (seed,) = read(str(DATA / "seed" / "000_05a49977c339561e.txt"))
    groups["seed|seed"].append(("seed", seed))
    with gzip.open(DATA / "conflicts" / "fa_kes.jsonl.gz", "rt", encoding="utf-8") as fh:
        for line in fh:
            r = json.loads(line)
            m, d, y = r["date"].split("/")
            day = dt.date(int(y), int(m), int(d))
            groups[f"fa_kes|{day}|{r['location']}"].append(
                ("fa_kes", Article(id=f"fa_kes:{r['id']}", text=r["text"], title=r["title"], date=day)))
    with gzip.open(DATA / "stories" / "t17.articles.jsonl.gz", "rt", encoding="utf-8") as fh:
        for line in fh:
            r = json.loads(line)
            groups[f"t17|{r['topic']}|{r['date']}"].append(
                ("t17", Article(id=f"t17:{r['topic']}:{r['idx']}", text=r["text"], date=dt.date.fromisoformat(r["date"]))))
    return groups


def numbers(article: Article, sentences: Sequence[Sentence] | None = None, *, number: re.Pattern[str] = _NUMBER,
            family: dict[str, str] = _FAMILY, cue: re.Pattern[str] = _CUE,
            not_count: re.Pattern[str] = _NOT_COUNT_AFTER) -> list[dict]:
    """Every number near an event word of exactly one family (eight words after, three before): years, days
    of months, times, percentages, ordinals and measures left out. Each says its sentence and whether that
    sentence has a speech cue. ``bench/conflicts_stream.py`` passes its own, broader word lists."""
    out = []
    text = article.text
    for k, s in enumerate(split(text) if sentences is None else sentences):
        body = text[s.start:s.end]
        for m in number.finditer(body):
            if (re.fullmatch(r"(?:19|20)\d\d", m.group(1)) or _MONTH_BEFORE.search(body[:m.start()])
                    or not_count.match(body[m.end():])):
                continue
            near = re.findall(r"[a-z]+", body[m.end():].lower())[:8] + re.findall(r"[a-z]+", body[:m.start()].lower())[-3:]
            families = {family[w] for w in near if w in family}
            if len(families) != 1:
                continue
            value = float(m.group(1).replace(",", "")) * {"thousand": 1e3, "million": 1e6}.get((m.group(2) or "").lower(), 1)
            out.append({"article": article.id, "start": s.start + m.start(), "end": s.start + m.end(),
                        "family": families.pop(), "value": value, "sentence": k, "cued": bool(cue.search(body))})
    return out


def candidates(groups: dict[str, list[tuple[str, Article]]]) -> Iterator[dict]:
    """Every candidate pair (``_close``): in one article, or in two of one group."""
    for key, members in groups.items():
        found = {a.id: numbers(a) for _, a in members}
        corpus = members[0][0]
        for _, a in members:
            for x, y in itertools.combinations(found[a.id], 2):
                if _close(x, y):
                    yield _pair(corpus, "within", key, x, y)
        for (_, a), (_, b) in itertools.combinations(members, 2):
            for x in found[a.id]:
                for y in found[b.id]:
                    if _close(x, y):
                        yield _pair(corpus, "across", key, x, y)


def cued(groups: dict[str, list[tuple[str, Article]]]) -> Iterator[dict]:
    """The candidates that look like two reports of one figure (see the module's docstring)."""
    for key, members in groups.items():
        corpus = members[0][0]
        for _, a in members:
            sentences = list(split(a.text))
            for x, y in itertools.combinations(numbers(a), 2):
                i, j = sorted((_sentence_of(sentences, x["start"]), _sentence_of(sentences, y["start"])))
                if _close(x, y) and j - i <= 1 and len(_CUE.findall(a.text[sentences[i].start:sentences[j].end])) >= 2:
                    yield _pair(corpus, "within", key, x, y)
        said = {}
        for _, a in members:
            sentences = list(split(a.text))
            said[a.id] = [n for n in numbers(a) if _CUE.search(_sentence_text(a, sentences, n["start"]))]
        for (_, a), (_, b) in itertools.combinations(members, 2):
            for x in said[a.id]:
                for y in said[b.id]:
                    if _close(x, y):
                        yield _pair(corpus, "across", key, x, y)


def _sentence_of(sentences, at: int) -> int:
    return next(k for k, s in enumerate(sentences) if s.start <= at < max(s.end, s.start + 1))


def _sentence_text(article: Article, sentences, at: int) -> str:
    s = sentences[_sentence_of(sentences, at)]
    return article.text[s.start:s.end]


def _close(x: dict, y: dict) -> bool:
    """Same family, different values, within a factor of MAX_RATIO: figures of one count that disagree are
    of one order (a random pair of any two tolls is almost never a conflict, which would leave recall
    unmeasurable in a sample this size)."""
    low, high = sorted((x["value"], y["value"]))
    return x["family"] == y["family"] and low != high and high <= MAX_RATIO * low


def _pair(corpus: str, kind: str, group: str, x: dict, y: dict) -> dict:
    side = lambda n: {"article": n["article"], "start": n["start"], "end": n["end"]}  # noqa: E731
    return {"corpus": corpus, "kind": kind, "group": group, "a": side(x), "b": side(y)}


def _key(pair: dict) -> tuple:
    a, b = pair["a"], pair["b"]
    ends = sorted([(a["article"], a["start"], a["end"]), (b["article"], b["start"], b["end"])])
    return tuple(ends)


def flagged(groups: dict[str, list[tuple[str, Article]]]) -> Iterator[dict]:
    """The pairs the detector flags: two claims of one conflict (within an article, as summarize finds
    them; across the articles of a group, as a story's page finds them)."""
    for key, members in groups.items():
        corpus = members[0][0]
        found = {a.id: claims(a) for _, a in members}
        seen = set()
        for _, a in members:
            for k in conflicts(found[a.id]):
                for x, y in itertools.combinations(k.claims, 2):
                    pair = _pair(corpus, "within", key, _span(x), _span(y))
                    seen.add(_key(pair))
                    yield pair
        if len(members) > 1:
            for k in conflicts([c for _, a in members for c in found[a.id]]):
                for x, y in itertools.combinations(k.claims, 2):
                    pair = _pair(corpus, "within" if x.article == y.article else "across", key, _span(x), _span(y))
                    if _key(pair) not in seen:
                        yield pair


def _span(claim) -> dict:
    return {"article": claim.article, "start": claim.start, "end": claim.end}


def _covers(claim_side: dict, number_side: dict) -> bool:
    return (claim_side["article"] == number_side["article"] and claim_side["start"] <= number_side["start"]
            and number_side["end"] <= claim_side["end"])


def _same_pair(flag: dict, labelled: dict) -> bool:
    a, b = flag["a"], flag["b"]
    return ((_covers(a, labelled["a"]) and _covers(b, labelled["b"]))
            or (_covers(a, labelled["b"]) and _covers(b, labelled["a"])))


def load() -> list[dict]:
    if not SET.exists():
        return []
    return [json.loads(line) for line in SET.read_text(encoding="utf-8").splitlines() if line.strip()]


def save(rows: list[dict]) -> None:
    SET.parent.mkdir(parents=True, exist_ok=True)
    SET.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")


def sample(groups) -> int:
    """Keep the labelled rows; add the random and cued strata's pairs and every flagged pair not yet in the
    set. A pair already there (a cued pair the detector flagged) gets the stratum added to its ``strata``."""
    rows = load()
    pools: dict[str, list[dict]] = {}
    pool = collections.defaultdict(list)
    for pair in candidates(groups):
        pool[pair["kind"]].append(pair)
    rng = random.Random(SEED)
    pools["random"] = [p for kind, n in RANDOM_PAIRS.items() for p in rng.sample(sorted(pool[kind], key=_key), n)]
    print(f"candidates: {', '.join(f'{k} {len(v)}' for k, v in pool.items())}", file=sys.stderr)
    pool = collections.defaultdict(list)
    for pair in cued(groups):
        pool[pair["kind"]].append(pair)
    rng = random.Random(SEED)
    across = rng.sample(sorted(pool["across"], key=_key), min(CUED_ACROSS, len(pool["across"])))
    pools["cued"] = sorted(pool["within"], key=_key) + across
    print(f"cued: {', '.join(f'{k} {len(v)}' for k, v in pool.items())}", file=sys.stderr)
    pools["flagged"] = list(flagged(groups))
    added = 0
    for stratum, pairs in pools.items():
        for pair in pairs:
            row = next((r for r in rows if _same_pair(pair, r) or _same_pair(r, pair)), None)
            if row is None:
                rows.append({**pair, "strata": [stratum], "conflict": None, "why": None})
                added += 1
            elif stratum not in row["strata"]:
                row["strata"].append(stratum)
    save(rows)
    print(f"{len(rows)} rows, {added} added, {sum(r['conflict'] is None for r in rows)} unlabelled", file=sys.stderr)
    return 0


def show(groups) -> int:
    """The unlabelled rows with each side's sentence and its neighbours, for the labeller (no verdicts)."""
    by_id = {a.id: a for members in groups.values() for _, a in members}
    for i, r in enumerate(load()):
        if r["conflict"] is not None:
            continue
        print(f"== row {i}  {r['kind']}  group {r['group']}")
        for side in "ab":
            s = r[side]
            a = by_id[s["article"]]
            print(f"  [{side}] {a.id} published {a.date}; number: {a.text[s['start']:s['end']]!r}")
            print("      " + _context(a, s["start"]))
    return 0


def _context(article: Article, at: int) -> str:
    sentences = list(split(article.text))
    i = _sentence_of(sentences, at)
    parts = []
    for k in range(max(0, i - 1), min(len(sentences), i + 2)):
        body = " ".join(article.text[sentences[k].start:sentences[k].end].split())
        parts.append(f">>{body}<<" if k == i else body)
    return " ".join(parts)


def evaluate(groups, out: Path | None) -> int:
    rows = [r for r in load() if r["conflict"] is not None]
    flags = list(flagged(groups))
    hit = [any(_same_pair(f, r) for f in flags) for r in rows]
    result: dict = {"labelled": len(rows), "unlabelled": sum(r["conflict"] is None for r in load())}
    # precision: over every flag on these articles (the flagged stratum holds them all, plus random ones hit)
    flag_rows = [r for r, h in zip(rows, hit) if h]
    missing = sum(not any(_same_pair(f, r) for r in rows) for f in flags)
    tp = sum(r["conflict"] for r in flag_rows)
    result["precision"] = {"flagged": len(flag_rows), "right": tp, "unlabelled_flags": missing,
                           "value": round(tp / len(flag_rows), 3) if flag_rows else None}
    for kind in ("within", "across", "all"):
        pos = [h for r, h in zip(rows, hit) if {"random", "cued"} & set(r["strata"]) and r["conflict"]
               and kind in (r["kind"], "all")]
        result[f"recall_{kind}"] = {"conflicts_in_sample": len(pos), "found": sum(pos),
                                    "value": round(sum(pos) / len(pos), 3) if pos else None}
    result["base_rate"] = {"random_pairs": sum("random" in r["strata"] for r in rows),
                           "conflicts": sum(1 for r in rows if "random" in r["strata"] and r["conflict"])}
    print(json.dumps(result, indent=1))
    if out:
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(json.dumps(result, indent=1) + "\n", encoding="utf-8")
    return 0


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("command", choices=("sample", "show", "evaluate"))
    parser.add_argument("--json", type=Path)
    args = parser.parse_args(argv)
    groups = articles()
    if args.command == "sample":
        return sample(groups)
    if args.command == "show":
        return show(groups)
    return evaluate(groups, args.json)


if __name__ == "__main__":
    sys.exit(main())
