"""A big story's page under load (issue #30, item 3): does reading it slow the rest of the service?

Builds a stories database holding one story of ``--articles`` articles (made here from a template: a
developing quake story whose tolls and sources change from report to report, so its figures disagree),
starts ``highlights serve`` on loopback, and measures, idle and then with ``--readers`` clients reading
that story over and over:

- ``/healthz`` latency (p50, p99) and ``/v1/highlights`` latency (p50) on a short story;
- the story read itself (p50, p99, bytes), the first (cold) read apart.

    .venv/bin/python bench/story_load.py --json bench/results/service/story_load.json
    PYTHONPATH=<old checkout>/src .venv/bin/python bench/story_load.py   # the same with older code

Everything runs on this machine, on 127.0.0.1; every loop is bounded in count and time.
"""
from __future__ import annotations

import argparse
import datetime as dt
import http.client
import json
import os
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from highlights_testing.loadtest import free_port, percentile, stop_server, wait_healthy

HOST = "127.0.0.1"
PLACES = ["Amatrice", "Accumoli", "Arquata del Tronto", "Pescara del Tronto"]
SOURCES = ["the civil protection agency said", "the Red Cross said", "the mayor of Amatrice said",
           "state television reported"]
SHORT = ("(CNN)Rain fell all day on Monday in Leeds, and roads across the city flooded by noon. Schools in the "
         "north of the city stayed closed, the council said. Forecasters expect more rain on Tuesday.")


def articles(n: int) -> list[dict]:
    """``n`` reports of one developing story, a few a day, each with a toll and a source."""
    start = dt.date(2016, 8, 24)
    out = []
    for i in range(n):
        place, source = PLACES[i % len(PLACES)], SOURCES[(i // 3) % len(SOURCES)]
        toll = 38 + 3 * i
        text = (f"(CNN)A strong earthquake struck central Italy near the town of {place}, killing at least {toll} "
                f"people, {source}. Rescuers searched the rubble of {place} through the night for survivors. "
                f"About {200 + i} people were injured and {1000 + 10 * i} were left homeless, officials said. "
                f"Aftershocks shook the mountain towns of central Italy on report {i}.")
        out.append({"id": f"q{i}", "article": text, "date": (start + dt.timedelta(days=i // 20)).isoformat(),
                    "highlights": ""})
    return out


def get(path: str, port: int, *, body: bytes | None = None) -> tuple[float, int, int]:
    """(seconds, status, bytes) of one request."""
    conn = http.client.HTTPConnection(HOST, port, timeout=60)
    started = time.perf_counter()
    if body is None:
        conn.request("GET", path)
    else:
        conn.request("POST", path, body=body, headers={"Content-Type": "application/json"})
    r = conn.getresponse()
    data = r.read()
    conn.close()
    return time.perf_counter() - started, r.status, len(data)


def sample(port: int, *, healthz: int, highlights: int) -> dict:
    """Latencies of ``healthz`` GETs of /healthz and ``highlights`` POSTs of a short story, one at a time."""
    body = json.dumps({"text": SHORT, "method": "lead"}).encode()
    h = sorted(get("/healthz", port)[0] for _ in range(healthz))
    s = sorted(get("/v1/highlights", port, body=body)[0] for _ in range(highlights))
    return {"healthz_p50_ms": round(1000 * percentile(h, 50), 1), "healthz_p99_ms": round(1000 * percentile(h, 99), 1),
            "highlights_p50_ms": round(1000 * percentile(s, 50), 1)}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--articles", type=int, default=2000)
    ap.add_argument("--readers", type=int, default=8, help="clients reading the big story at once")
    ap.add_argument("--healthz", type=int, default=300)
    ap.add_argument("--highlights", type=int, default=40)
    ap.add_argument("--json", type=Path)
    args = ap.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        feed, db = Path(tmp) / "feed.jsonl", str(Path(tmp) / "stories.db")
        feed.write_text("".join(json.dumps(a) + "\n" for a in articles(args.articles)), encoding="utf-8")
        started = time.perf_counter()
        subprocess.run([sys.executable, "-m", "highlights", "ingest", str(feed), "--db", db, "--method", "lead",
                        "--no-compress", "--no-progress"], check=True, stdout=subprocess.DEVNULL,
                       stderr=subprocess.DEVNULL)
        built = time.perf_counter() - started
        listed = json.loads(subprocess.run([sys.executable, "-m", "highlights", "stories", "--db", db, "--format",
                                            "json", "--limit", "1000"], check=True, capture_output=True).stdout)
        biggest = max(listed, key=lambda s: s["articles"])
        port = free_port()
        log = open(Path(tmp) / "server.log", "w")  # noqa: SIM115  (closed with the folder)
        env = {**os.environ, "HIGHLIGHTS_DB": db, "PYTHONUNBUFFERED": "1"}
        proc = subprocess.Popen([sys.executable, "-m", "highlights", "serve", "--host", HOST, "--port", str(port)],
                                stdout=log, stderr=subprocess.STDOUT, env=env, start_new_session=True)
        try:
            wait_healthy(HOST, port, proc)
            get("/v1/highlights", port, body=json.dumps({"text": SHORT}).encode())  # warm
            idle = sample(port, healthz=args.healthz, highlights=args.highlights)
            path = f"/v1/stories/{biggest['id']}"
            cold = get(path, port)
            reads: list[tuple[float, int, int]] = []
            stop = threading.Event()

            def reader() -> None:
                deadline = time.monotonic() + 300  # bounded, whatever happens
                while not stop.is_set() and time.monotonic() < deadline:
                    reads.append(get(path, port))

            threads = [threading.Thread(target=reader, daemon=True) for _ in range(args.readers)]
            for t in threads:
                t.start()
            time.sleep(1.0)  # the readers are in flight
            loaded = sample(port, healthz=args.healthz, highlights=args.highlights)
            stop.set()
            for t in threads:
                t.join(timeout=120)
        finally:
            stop_server(proc)
            log.close()
    times = sorted(r[0] for r in reads)
    result = {
        "articles": args.articles, "story_articles": biggest["articles"], "readers": args.readers,
        "ingest_s": round(built, 1),
        "story_read": {"cold_s": round(cold[0], 3), "cold_status": cold[1], "bytes": cold[2],
                       "reads": len(reads), "p50_s": round(percentile(times, 50), 3) if times else None,
                       "p99_s": round(percentile(times, 99), 3) if times else None,
                       "statuses": sorted({r[1] for r in reads})},
        "idle": idle, "under_reads": loaded,
        "highlights_ratio": round(loaded["highlights_p50_ms"] / max(idle["highlights_p50_ms"], 1e-9), 2),
    }
    print(json.dumps(result, indent=2))
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
