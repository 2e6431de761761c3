#!/usr/bin/env python3
"""Following feeds (#34's targets): 200 items in 20 feeds, each feed on its own loopback host (127.0.0.2-21).

    .venv/bin/python bench/follow.py --json bench/results/stories/follow.json

The pages are real: the 93 of ``pages/pages.jsonl.gz`` and 107 cased CNN articles of ``original_text.dev`` as
simple HTML pages. Each step is one whole ``highlights follow --once`` command (start-up included, the default
settings: highlights on, one second between two requests to one host):

1. a first round on a fresh database: every item stored exactly once;
2. a second round: every feed answered 304 and no page fetched again;
3. a first round killed (SIGKILL) once 80 items are stored, then the same command again: 200 items stored, each
   once, no article twice;
4. ``highlights ingest`` of the same 200 pages from files into a fresh database, for articles per second.
"""
from __future__ import annotations

import argparse
import datetime as dt
import gzip
import json
import os
import signal
import subprocess
import sys
import tempfile
import time
from html import escape
from pathlib import Path

import sqlalchemy as sa

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # tests.web: the loopback server and feed writers

from tests.web import Feed, Site, news_pages, rss  # noqa: E402

from highlights.stories.store import Store, articles, feed_items  # noqa: E402
from highlights.stories.subscriptions import Subscriptions  # noqa: E402
from highlights.training.data import shared_data  # noqa: E402

FEEDS, PER_FEED = 20, 10
CLI = [sys.executable, "-m", "highlights"]
ENV = {**os.environ, "HF_HUB_OFFLINE": "1"}


def cnn_pages(n: int) -> list[dict]:
    """``n`` cased CNN dev articles as HTML pages (a paragraph every few sentences, the title and date in meta)."""
    out = []
    with gzip.open(shared_data() / "cnndm" / "original_text.dev.jsonl.gz", "rt", encoding="utf-8") as fh:
        for line in fh:
            row = json.loads(line)
            words = row["article"].split(". ")
            paragraphs = [". ".join(words[i:i + 3]) for i in range(0, len(words), 3)]
            day = dt.date(2026, 11, 1) + dt.timedelta(days=len(out) % 28)
            title = " ".join(row["article"].split()[:10])
            body = "".join(f"<p>{escape(p)}</p>" for p in paragraphs)
            out.append({"title": title, "html": f"<html><head><title>{escape(title)}</title><meta property="
                        f"\"article:published_time\" content=\"{day.isoformat()}\"></head><body><article>{body}"
                        "</article></body></html>"})
            if len(out) >= n:
                break
    return out


def serve(pages: list[dict]) -> tuple[list[Site], list[str]]:
    """20 sites, each with one feed of 10 items whose pages it serves; the feeds' URLs."""
    sites, feeds = [], []
    for f in range(FEEDS):
        site = Site(host=f"127.0.0.{f + 2}")
        listed = []
        for k in range(PER_FEED):
            page = pages[f * PER_FEED + k]
            url = site.page(f"/news/{k}.html", page["html"])
            listed.append({"link": url, "title": page["title"] or f"story {f}-{k}", "guid": f"{f}-{k}",
                           "date": dt.datetime(2026, 11, 1, tzinfo=dt.UTC) + dt.timedelta(hours=f * PER_FEED + k)})
        site.route("/feed.xml", Feed(rss(listed, title=f"Feed {f}")))
        sites.append(site)
        feeds.append(site.url("/feed.xml"))
    return sites, feeds


def follow(db: Path, feeds: list[str]) -> tuple[float, str]:
    started = time.perf_counter()
    done = subprocess.run([*CLI, "follow", "--once", "--db", str(db), *feeds], env=ENV, capture_output=True, text=True)
    seconds = time.perf_counter() - started
    if done.returncode != 0:
        raise SystemExit(f"follow failed ({done.returncode}): {done.stderr[-2000:]}")
    return seconds, done.stderr.strip().splitlines()[-1]


def counts(db: Path) -> dict:
    store = Store(db)
    with store.database.connect() as conn:
        stored = conn.execute(sa.select(sa.func.count()).select_from(articles)).scalar()
        linked = conn.execute(sa.select(feed_items.c.article_id).where(feed_items.c.state == "stored")).scalars().all()
    return {"articles": stored, "items": Subscriptions(store).item_counts(), "distinct_articles_of_items": len(set(linked))}


def requests(sites: list[Site]) -> dict:
    paths = [p for s in sites for p, _ in s.requests]
    return {"feeds": sum(p == "/feed.xml" for p in paths), "pages": sum(p.startswith("/news/") for p in paths)}


def clear(sites: list[Site]) -> None:
    for s in sites:
        s.requests.clear()


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--json", type=Path)
    args = ap.parse_args()
    pages = news_pages(shared_data()) + cnn_pages(FEEDS * PER_FEED - 93)
    assert len(pages) == FEEDS * PER_FEED
    sites, feeds = serve(pages)
    out: dict = {"feeds": FEEDS, "items": FEEDS * PER_FEED}
    try:
        with tempfile.TemporaryDirectory() as tmp:
            db = Path(tmp) / "follow.db"
            seconds, line = follow(db, feeds)
            out["first_round"] = {"seconds": round(seconds, 2), "articles_per_second": round(200 / seconds, 2),
                                  "line": line, **counts(db), "requests": requests(sites)}
            answers = [s.routes["/feed.xml"].answers.copy() for s in sites]  # type: ignore[attr-defined]
            clear(sites)
            seconds, line = follow(db, feeds)
            after = [s.routes["/feed.xml"].answers for s in sites]  # type: ignore[attr-defined]
            out["second_round"] = {"seconds": round(seconds, 2), "line": line, **counts(db), "requests": requests(sites),
                                   "answered_304": sum(a.get(304, 0) - b.get(304, 0) for a, b in zip(after, answers))}

            killed = Path(tmp) / "killed.db"
            proc = subprocess.Popen([*CLI, "follow", "--once", "--db", str(killed), *feeds], env=ENV,
                                    stderr=subprocess.DEVNULL)
            stored = 0
            while proc.poll() is None and stored < 80:
                time.sleep(0.2)
                try:
                    stored = Subscriptions(Store(killed)).item_counts().get("stored", 0) if killed.exists() else 0
                except Exception:  # noqa: BLE001 - the database may be mid-creation
                    continue
            proc.send_signal(signal.SIGKILL)
            proc.wait()
            before = counts(killed)
            seconds, line = follow(killed, feeds)
            out["killed_and_restarted"] = {"stored_when_killed": before["items"].get("stored", 0),
                                           "restart_seconds": round(seconds, 2), "line": line, **counts(killed)}

            folder = Path(tmp) / "pages"
            folder.mkdir()
            for i, page in enumerate(pages):
                (folder / f"{i:03d}.html").write_text(page["html"], encoding="utf-8")
            started = time.perf_counter()
            done = subprocess.run([*CLI, "ingest", str(folder), "--db", str(Path(tmp) / "ingest.db")], env=ENV,
                                  capture_output=True, text=True)
            seconds = time.perf_counter() - started
            out["ingest_files"] = {"seconds": round(seconds, 2), "articles_per_second": round(200 / seconds, 2),
                                   "status": done.returncode, "line": done.stderr.strip().splitlines()[-1]}
    finally:
        for s in sites:
            s.close()
    print(json.dumps(out, indent=2))
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(out, indent=2) + "\n")


if __name__ == "__main__":
    main()
