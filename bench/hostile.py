"""Slow and hostile requests against `highlights serve` on loopback (issue #14's targets).

    .venv/bin/python bench/hostile.py --json bench/results/service/hostile.json

1. Four 60 KB stories without a stop and one of 1 MB (5,000 long sentences) are sent at once; while they
   are in flight the seed story is sent: its status and latency (target: 200 within 2 s).
2. After the last of them is answered, the server's CPU (server and worker processes) over the next 2 s
   (target: back to idle: under 10% of a core).
3. Refusals for size and sentence count: 400,000 tiny sentences (422) and 6 MB (413), time from the end
   of the upload to the answer (target: within 0.5 s).
The server runs with HIGHLIGHTS_TIMEOUT=3 so that deadlines fall within the run.
"""
from __future__ import annotations

import argparse
import http.client
import json
import os
import sys
import tempfile
import threading
import time
from pathlib import Path

from highlights_testing.loadtest import free_port, start_server, stop_server, wait_healthy

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT.parent / "shared" / "data" / "seed" / "000_05a49977c339561e.txt"


def post(port: int, body: bytes) -> tuple[int, str, float]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
    t0 = time.perf_counter()
    conn.request("POST", "/v1/highlights", body=body, headers={"Content-Type": "application/json"})
    response = conn.getresponse()
    data = response.read()
    seconds = time.perf_counter() - t0
    conn.close()
    try:
        error = json.loads(data).get("error", "")
    except ValueError:
        error = "?"
    return response.status, error, seconds


def cpu_seconds(pid: int) -> float:
    """User + system CPU of a process tree so far (Linux /proc)."""
    tick = os.sysconf("SC_CLK_TCK")
    total, todo = 0, [pid]
    while todo:
        p = todo.pop()
        try:
            with open(f"/proc/{p}/stat") as fh:
                fields = fh.read().rsplit(")", 1)[1].split()
            total += int(fields[11]) + int(fields[12])
            for task in os.listdir(f"/proc/{p}/task"):
                with open(f"/proc/{p}/task/{task}/children") as fh:
                    todo.extend(int(c) for c in fh.read().split())
        except (OSError, ValueError, IndexError):
            continue
    return total / tick


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--json", metavar="PATH", help="write the results as JSON")
    ap.add_argument("--log", metavar="PATH", help="keep the server's log here")
    args = ap.parse_args(argv)
    os.environ["HIGHLIGHTS_TIMEOUT"] = "3"
    port = free_port()
    log = open(args.log, "w+b") if args.log else tempfile.TemporaryFile()
    proc = start_server(port, 1, log)
    result: dict = {}
    try:
        wait_healthy("127.0.0.1", port, proc)
        seed = json.dumps({"text": SEED.read_text(encoding="utf-8")}).encode()
        post(port, seed)  # warm
        sentence = "The council met for many hours on the plan to rebuild the harbor and the roads around it "
        hostile = [json.dumps({"text": ("word " * 12_000).strip()}).encode() for _ in range(4)]
        hostile.append(json.dumps({"text": (sentence * 2 + "today. ") * 5_000}).encode())
        answers: list = [None] * len(hostile)

        def send(i: int) -> None:
            answers[i] = post(port, hostile[i])

        threads = [threading.Thread(target=send, args=(i,)) for i in range(len(hostile))]
        for t in threads:
            t.start()
        time.sleep(0.3)
        status, error, seconds = post(port, seed)
        result["seed_while_hostile"] = {"status": status, "seconds": round(seconds, 3)}
        for t in threads:
            t.join()
        result["hostile"] = [{"bytes": len(b), "status": a[0], "error": a[1], "seconds": round(a[2], 3)}
                             for b, a in zip(hostile, answers)]
        before = cpu_seconds(proc.pid)
        time.sleep(2)
        result["cpu_share_2s_after"] = round((cpu_seconds(proc.pid) - before) / 2, 3)
        tiny = json.dumps({"text": "Go. " * 400_000}).encode()
        status, error, seconds = post(port, tiny)
        result["refuse_400k_sentences"] = {"status": status, "error": error, "seconds": round(seconds, 3)}
        big = b'{"text": "' + b"a" * 6_000_000 + b'"}'
        status, error, seconds = post(port, big)
        result["refuse_6mb"] = {"status": status, "error": error, "seconds_incl_upload": round(seconds, 3)}
    finally:
        stop_server(proc)
        log.close()
    print(json.dumps(result, indent=2))
    if args.json:
        Path(args.json).parent.mkdir(parents=True, exist_ok=True)
        Path(args.json).write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
