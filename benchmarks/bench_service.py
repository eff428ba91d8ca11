"""The HTTP service's throughput on one worker against score() in-process, in the same run.

    python benchmarks/bench_service.py [--requests 2000]

Starts ``openness serve`` (uvicorn, one worker) on a free loopback port, sends the 41 bundled
releases as JSON, one request at a time over a kept-alive connection, and reports requests per
second and the p50 and p99 latency; then times ``openness.score()`` on the same mappings in this
process. ``python -m pytest benchmarks/bench_service.py`` runs it briefly (it proves it works).
"""

from __future__ import annotations

import argparse
import json
import socket
import statistics
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest
import yaml

import openness

ROOT = Path(__file__).resolve().parent.parent
RELEASES = [
    yaml.safe_load(p.read_text(encoding="utf-8"))
    for p in sorted((ROOT / "data" / "releases").glob("*.yaml"))
]


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _quantile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def measure(n: int) -> dict[str, float]:
    """Return the service's and score()'s figures over *n* requests (and *n* calls)."""
    bodies = [json.dumps(r, default=str).encode() for r in RELEASES]
    port = _free_port()
    proc = subprocess.Popen(  # noqa: S603 - this interpreter, fixed arguments
        [sys.executable, "-m", "openness._cli", "serve", "--port", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        base = f"http://127.0.0.1:{port}"
        with httpx.Client(base_url=base, timeout=30) as client:
            for _ in range(600):
                try:
                    client.get("/healthz")
                    break
                except httpx.TransportError:
                    time.sleep(0.1)
            headers = {"content-type": "application/json"}
            for body in bodies:  # Warm: every profile judged once, as in-process below.
                client.post("/v1/score", content=body, headers=headers).raise_for_status()
            latencies: list[float] = []
            start = time.perf_counter()
            for i in range(n):
                t = time.perf_counter()
                client.post("/v1/score", content=bodies[i % len(bodies)], headers=headers)
                latencies.append(time.perf_counter() - t)
            total = time.perf_counter() - start
    finally:
        proc.terminate()
        proc.wait(timeout=30)
    for r in RELEASES:
        openness.score(r).to_json()
    calls: list[float] = []
    for i in range(n):
        t = time.perf_counter()
        openness.score(RELEASES[i % len(RELEASES)]).to_json()
        calls.append(time.perf_counter() - t)
    return {
        "requests": n,
        "requests_per_s": n / total,
        "p50_ms": 1000 * statistics.median(latencies),
        "p99_ms": 1000 * _quantile(latencies, 0.99),
        "score_to_json_p50_ms": 1000 * statistics.median(calls),
        "score_to_json_p99_ms": 1000 * _quantile(calls, 0.99),
        "score_calls_per_s": n / sum(calls),
    }


@pytest.mark.enable_socket  # The service on a loopback port of this machine only.
def test_service_benchmark_runs() -> None:
    figures = measure(50)
    assert figures["requests_per_s"] > 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=2000)
    args = parser.parse_args()
    figures = measure(args.requests)
    for key, value in figures.items():
        print(f"{key:>22}: {value:,.2f}")  # noqa: T201 - a script reports
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
