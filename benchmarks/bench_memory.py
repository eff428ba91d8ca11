"""Peak memory of streaming a JSONL corpus through score_many, against scoring one release.

    python -m pytest benchmarks/bench_memory.py
    python benchmarks/bench_memory.py 1000000 [N_JOBS]   # by hand: a million releases

Each run is a fresh interpreter; its peak resident memory (``ru_maxrss``) is read when it ends.
The baseline is the same interpreter scoring the corpus's first release only: the difference is
what streaming costs, and it must not grow with the corpus.
"""

from __future__ import annotations

import importlib.util
import json
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from conftest import Figures

ROOT = Path(__file__).resolve().parent.parent
LIMIT_MB = 300

_CHILD = """
import itertools, json, resource, sys, time
import openness
path, limit, n_jobs = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
t = time.perf_counter()
scored = errors = 0
for r in itertools.islice(openness.score_many(path, n_jobs=n_jobs), limit):
    if isinstance(r, openness.BatchError):
        errors += 1
    else:
        scored += 1
took = time.perf_counter() - t
if n_jobs != 1:  # Stop the workers, so that their CPU time is counted as this process's children.
    from joblib.externals.loky import get_reusable_executor
    get_reusable_executor().shutdown(wait=True)
me = resource.getrusage(resource.RUSAGE_SELF)
workers = resource.getrusage(resource.RUSAGE_CHILDREN)
print(json.dumps({
    "scored": scored, "errors": errors, "seconds": took, "peak_mb": me.ru_maxrss / 1024,
    "cpu_main": me.ru_utime + me.ru_stime, "cpu_workers": workers.ru_utime + workers.ru_stime,
}))
"""


def stream_in_child(path: Path, limit: int, n_jobs: int = 1) -> dict[str, Any]:
    """Score the first *limit* records of *path* in a fresh interpreter; its peak memory, in MB."""
    done = subprocess.run(  # noqa: S603 - this interpreter, a fixed script
        [sys.executable, "-c", _CHILD, str(path), str(limit), str(n_jobs)],
        capture_output=True,
        text=True,
        check=True,
    )
    found: dict[str, Any] = json.loads(done.stdout)
    return found


def test_streaming_memory_is_bounded(make_jsonl: Any, figures: Figures, quick: bool) -> None:
    count = 5_000 if quick else 200_000
    path = make_jsonl(count)
    one = stream_in_child(path, 1)
    small = stream_in_child(path, count // 10)
    whole = stream_in_child(path, count)
    assert whole["scored"] == count
    assert whole["errors"] == 0
    # Not a timing: memory must not grow with the corpus, and stays under the limit.
    assert whole["peak_mb"] < LIMIT_MB, whole
    assert whole["peak_mb"] - small["peak_mb"] < 20, (small, whole)
    if not quick:
        figures.put("peak RSS, one release (baseline)", one["peak_mb"], unit="MB")
        figures.put(
            f"peak RSS, {count:,} releases streamed",
            whole["peak_mb"],
            baseline="peak RSS, one release (baseline)",
            target=f"< {LIMIT_MB} MB",
            check=lambda f: f.seconds < LIMIT_MB,
            unit="MB",
        )


def main() -> None:
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 1_000_000
    n_jobs = int(sys.argv[2]) if len(sys.argv) > 2 else 1
    spec = importlib.util.spec_from_file_location("make_jsonl", ROOT / "tasks" / "make_jsonl.py")
    assert spec is not None
    assert spec.loader is not None
    make = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(make)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / f"releases-{count}.jsonl"
        size = make.write(path, count)
        one = stream_in_child(path, 1, n_jobs)
        whole = stream_in_child(path, count, n_jobs)
    print(  # noqa: T201
        f"{count:,} releases ({size / 1e6:.0f} MB of JSONL), n_jobs={n_jobs}: "
        f"{whole['seconds']:.1f} s, {count / whole['seconds']:,.0f} releases/s; peak RSS "
        f"{whole['peak_mb']:.0f} MB (one release: {one['peak_mb']:.0f} MB)"
    )


if __name__ == "__main__":
    main()
