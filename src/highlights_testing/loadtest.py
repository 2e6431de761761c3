"""Load test of the HTTP service on loopback: N requests, C at a time; throughput and latency.

    .venv/bin/python -m highlights_testing.loadtest                 # 2,000 requests, 8 at a time
    .venv/bin/python -m highlights_testing.loadtest --requests 200 --json out.json
    .venv/bin/python -m highlights_testing.loadtest --url http://127.0.0.1:8000   # a server already running
    .venv/bin/python bench/load.py ...                               # the same, from the repository

Without --url it starts `highlights serve` on 127.0.0.1 on a free port, waits for /healthz,
sends the requests (POST /v1/highlights with samples/flood.txt) from C threads, each with one
keep-alive connection, and stops the server. Only loopback addresses are accepted. The run is
bounded by the request count and by --max-seconds; it stops by itself.
"""
from __future__ import annotations

import argparse
import http.client
import ipaddress
import json
import os
import platform
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from urllib.parse import urlsplit

# the story sent by default: the repository's sample when run from a checkout, else a short built-in one
SAMPLE = Path.cwd() / "samples" / "flood.txt"
FALLBACK = ("(CNN)About 4,000 residents of a river town were ordered from their homes on Saturday after days of "
            "heavy rain, county officials said. The river crested at 9.2 meters. Schools were closed.")


def loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server(port: int, workers: int, log) -> subprocess.Popen:
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    cmd = [sys.executable, "-m", "highlights", "serve", "--host", "127.0.0.1", "--port", str(port),
           "--workers", str(workers)]
    return subprocess.Popen(cmd, stdout=log, stderr=subprocess.STDOUT, env=env,
                            start_new_session=True)


def wait_healthy(host: str, port: int, proc: subprocess.Popen | None, timeout: float = 90.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc is not None and proc.poll() is not None:
            raise RuntimeError(f"the server exited with status {proc.returncode} before it answered")
        try:
            conn = http.client.HTTPConnection(host, port, timeout=2)
            conn.request("GET", "/healthz")
            if conn.getresponse().status == 200:
                conn.close()
                return
        except OSError:
            pass
        time.sleep(0.1)
    raise RuntimeError(f"the server did not answer /healthz within {timeout:.0f} s")


def stop_server(proc: subprocess.Popen) -> None:
    if proc.poll() is None:
        os.killpg(proc.pid, signal.SIGINT)  # its own session: the server and its worker processes
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()


def percentile(values: list[float], q: float) -> float:
    """Nearest-rank percentile of sorted ``values``."""
    if not values:
        return float("nan")
    k = max(0, min(len(values) - 1, int(round(q / 100 * len(values) + 0.5)) - 1))
    return values[k]


def tree_rss(pid: int) -> float | None:
    """Resident memory of a process and all its descendants (the server, its workers), in MiB; Linux only."""
    total, todo, seen = 0, [pid], set()
    while todo:
        p = todo.pop()
        if p in seen:
            continue
        seen.add(p)
        try:
            with open(f"/proc/{p}/status") as fh:
                total += next(int(line.split()[1]) for line in fh if line.startswith("VmRSS:"))
            for task in os.listdir(f"/proc/{p}/task"):
                with open(f"/proc/{p}/task/{task}/children") as fh:
                    todo.extend(int(c) for c in fh.read().split())
        except (OSError, StopIteration, ValueError):
            continue
    return round(total / 1024, 1) if total else None


def run_load(host: str, port: int, *, requests: int, concurrency: int, body: bytes, path: str,
             headers: dict[str, str], max_seconds: float) -> dict:
    lock = threading.Lock()
    issued = 0
    latencies: list[float] = []
    statuses: dict[str, int] = {}
    deadline = time.monotonic() + max_seconds

    def worker() -> None:
        nonlocal issued
        conn = http.client.HTTPConnection(host, port, timeout=60)
        while True:
            with lock:
                if issued >= requests or time.monotonic() > deadline:
                    break
                issued += 1
            t0 = time.perf_counter()
            try:
                conn.request("POST", path, body=body, headers=headers)
                response = conn.getresponse()
                response.read()
                key = str(response.status)
                if response.getheader("connection", "").lower() == "close":
                    conn.close()
            except (OSError, http.client.HTTPException) as exc:
                key = type(exc).__name__
                conn.close()
                conn = http.client.HTTPConnection(host, port, timeout=60)
            elapsed = time.perf_counter() - t0
            with lock:
                latencies.append(elapsed)
                statuses[key] = statuses.get(key, 0) + 1
        conn.close()

    threads = [threading.Thread(target=worker, daemon=True) for _ in range(concurrency)]
    started = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    wall = time.perf_counter() - started
    latencies.sort()
    done = len(latencies)
    return {
        "requests": done,
        "concurrency": concurrency,
        "ok": statuses.get("200", 0),
        "statuses": dict(sorted(statuses.items())),
        "wall_s": round(wall, 3),
        "throughput_rps": round(done / wall, 1) if wall > 0 else None,
        "latency_ms": {name: round(percentile(latencies, q) * 1000, 2)
                       for name, q in (("p50", 50), ("p95", 95), ("p99", 99), ("max", 100))},
        "stopped_by_time_limit": done < requests,
    }


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m highlights_testing.loadtest", description=__doc__.split("\n\n")[0])
    ap.add_argument("--requests", type=int, default=2000, help="requests to send (default: 2000)")
    ap.add_argument("--concurrency", type=int, default=8, help="requests in flight at once (default: 8)")
    ap.add_argument("--url", help="a running server on loopback (default: start `highlights serve`)")
    ap.add_argument("--workers", type=int, default=1, help="--workers of the started server (default: 1)")
    ap.add_argument("--file", default=str(SAMPLE) if SAMPLE.exists() else None,
                    help="the story to send (default: samples/flood.txt, else a short built-in story)")
    ap.add_argument("--method", default="lead", help="summarizer to ask for (default: lead)")
    ap.add_argument("--count", type=int, default=3, help="highlights per story (default: 3)")
    ap.add_argument("--batch", type=int, default=0,
                    help="send /v1/highlights/batch requests of this many copies of the story instead")
    ap.add_argument("--max-seconds", type=float, default=300.0, help="stop sending after this long")
    ap.add_argument("--json", metavar="PATH", help="also write the results as JSON")
    args = ap.parse_args(argv)
    if args.requests < 1 or args.concurrency < 1:
        ap.error("--requests and --concurrency must be positive")

    text = Path(args.file).read_text(encoding="utf-8") if args.file else FALLBACK
    article = {"text": text, "method": args.method, "count": args.count}
    if args.batch:
        path, payload = "/v1/highlights/batch", {"articles": [article] * args.batch}
    else:
        path, payload = "/v1/highlights", article
    body = json.dumps(payload).encode("utf-8")
    headers = {"Content-Type": "application/json", "Connection": "keep-alive"}
    if os.environ.get("HIGHLIGHTS_API_KEY"):
        headers["X-API-Key"] = os.environ["HIGHLIGHTS_API_KEY"]

    proc = None
    log = tempfile.TemporaryFile()
    if args.url:
        parts = urlsplit(args.url)
        host, port = parts.hostname or "", parts.port or 80
        if parts.scheme != "http" or not loopback(host):
            ap.error("--url must be http:// on a loopback address (127.0.0.0/8, localhost or [::1])")
    else:
        host, port = "127.0.0.1", free_port()
        proc = start_server(port, args.workers, log)
    try:
        wait_healthy(host, port, proc)
        run_load(host, port, requests=min(50, args.requests), concurrency=args.concurrency, body=body,
                 path=path, headers=headers, max_seconds=30)  # warm-up, not counted
        rss_before = tree_rss(proc.pid) if proc is not None else None
        result = run_load(host, port, requests=args.requests, concurrency=args.concurrency, body=body,
                          path=path, headers=headers, max_seconds=args.max_seconds)
        result["server_rss_mib"] = ({"before": rss_before, "after": tree_rss(proc.pid)}
                                    if proc is not None else None)
    except Exception:
        if proc is not None:
            log.seek(0)
            sys.stderr.write(log.read().decode("utf-8", "replace")[-4000:])
        raise
    finally:
        if proc is not None:
            stop_server(proc)
        log.close()

    result.update({
        "endpoint": path, "batch": args.batch or None, "method": args.method, "count": args.count,
        "story_bytes": len(article["text"].encode("utf-8")), "server_workers": args.workers if proc else None,
        "machine": f"{platform.system()} {platform.machine()}, {os.cpu_count()} CPUs, Python {platform.python_version()}",
    })
    lat = result["latency_ms"]
    print(f"{result['requests']} requests to POST {path}, {args.concurrency} at a time, in {result['wall_s']:.1f} s: "
          f"{result['throughput_rps']:.1f} req/s; latency p50 {lat['p50']:.1f} ms, p95 {lat['p95']:.1f} ms, "
          f"p99 {lat['p99']:.1f} ms, max {lat['max']:.1f} ms; statuses {result['statuses']}"
          + (f"; server memory {result['server_rss_mib']['before']} -> {result['server_rss_mib']['after']} MiB"
             if result.get("server_rss_mib") else ""))
    if args.json:
        Path(args.json).write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    return 0 if result["ok"] == result["requests"] and not result["stopped_by_time_limit"] else 1


if __name__ == "__main__":
    sys.exit(main())
