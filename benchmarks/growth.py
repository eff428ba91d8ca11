"""How the cost of batch scoring grows with the input: 1k, 10k, 100k and 1M releases.

    python benchmarks/growth.py                      # 1k, 10k, 100k, 1M; one job and every core
    python benchmarks/growth.py 1000 10000 --jobs 1  # chosen sizes and jobs

Each size is a JSONL corpus of real releases with unique names (tasks/make_jsonl.py, written to a
temporary folder), scored in a fresh process two ways: ``score_many(CORPUS, n_jobs=N)`` with
every assessment taken and dropped (``api``), and the command line ``openness score CORPUS
--format jsonl --jobs N`` with its output discarded (``cli``, up to ``--cli-max`` releases).
Printed as a Markdown table (docs/performance.md): wall time including the interpreter's start,
releases per second, and the peak resident memory of the main process (workers are processes of
their own, each holding a chunk at a time).
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from corpus import make_jsonl

ROOT = Path(__file__).resolve().parent.parent


def run(path: Path, jobs: int) -> tuple[float, float]:
    """Score *path* with the command line; return wall seconds and peak RSS (MB) of its process."""
    cmd = [sys.executable, "-m", "openness._cli", "score", str(path), "--format", "jsonl"]
    cmd += ["--jobs", str(jobs)]
    start = time.perf_counter()
    with Path(os.devnull).open("wb") as null:
        proc = subprocess.Popen(cmd, stdout=null)  # noqa: S603 - this interpreter, openness
        _, status, usage = os.wait4(proc.pid, 0)
    took = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode != 0:
        raise SystemExit(f"{cmd}: exit {proc.returncode}")
    return took, usage.ru_maxrss / 1024


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("sizes", nargs="*", type=int, default=[1_000, 10_000, 100_000, 1_000_000])
    parser.add_argument("--jobs", nargs="*", type=int, default=[1, os.cpu_count() or 1])
    parser.add_argument("--cli-max", type=int, default=100_000, help="largest size for the CLI")
    args = parser.parse_args(argv)
    make = make_jsonl()
    sys.path.insert(0, str(Path(__file__).parent))
    from bench_memory import stream_in_child  # noqa: PLC0415

    print(  # noqa: T201
        "| releases | JSONL | how | jobs | wall | releases/s | CPU per release, main + workers "
        "| peak RSS, main process |"
    )
    print("|---:|---:|---|---:|---:|---:|---:|---:|")  # noqa: T201
    with tempfile.TemporaryDirectory() as tmp:
        for size in args.sizes:
            path = Path(tmp) / f"releases-{size}.jsonl"
            written = make.write(path, size)  # type: ignore[attr-defined]
            for how in ("api", "cli"):
                if how == "cli" and size > args.cli_max:
                    continue
                for jobs in args.jobs:
                    cpu = "-"
                    if how == "api":
                        start = time.perf_counter()
                        child = stream_in_child(path, size, jobs)
                        took = time.perf_counter() - start
                        peak = child["peak_mb"]
                        main_us = child["cpu_main"] / size * 1e6
                        workers_us = child["cpu_workers"] / size * 1e6
                        cpu = f"{main_us:.0f} + {workers_us:.0f} us"
                    else:
                        took, peak = run(path, jobs)
                    print(  # noqa: T201
                        f"| {size:,} | {written / 1e6:.1f} MB | {how} | {jobs} | {took:.1f} s | "
                        f"{size / took:,.0f} | {cpu} | {peak:.0f} MB |",
                        flush=True,
                    )
            path.unlink()


if __name__ == "__main__":
    main()
