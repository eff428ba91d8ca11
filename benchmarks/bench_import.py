"""``import openness`` in a fresh interpreter, against importing pydantic (its heaviest need).

python -m pytest benchmarks/bench_import.py
"""

from __future__ import annotations

import json
import statistics
import subprocess
import sys
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from conftest import Figures

_CHILD = """
import json, sys, time
t = time.perf_counter()
import {module}
took = time.perf_counter() - t
heavy = sorted(m for m in ("sklearn", "pandas", "matplotlib", "scipy") if m in sys.modules)
print(json.dumps({{"seconds": took, "heavy": heavy}}))
"""


def import_in_child(module: str) -> dict[str, Any]:
    """Import *module* in a fresh interpreter; return the time it took and the heavy modules."""
    done = subprocess.run(  # noqa: S603 - this interpreter, a fixed script
        [sys.executable, "-c", _CHILD.format(module=module)],
        capture_output=True,
        text=True,
        check=True,
    )
    found: dict[str, Any] = json.loads(done.stdout)
    return found


def _median_import(benchmark: Any, module: str, rounds: int) -> tuple[float, list[str]]:
    runs: list[dict[str, Any]] = []
    benchmark.pedantic(lambda: runs.append(import_in_child(module)), rounds=rounds, iterations=1)
    return statistics.median(r["seconds"] for r in runs), runs[-1]["heavy"]


def test_import_pydantic(benchmark: Any, figures: Figures, quick: bool) -> None:
    seconds, _ = _median_import(benchmark, "pydantic", 1 if quick else 15)
    if not quick:
        figures.put("import pydantic (fresh interpreter)", seconds)


def test_import_openness(benchmark: Any, figures: Figures, quick: bool) -> None:
    seconds, heavy = _median_import(benchmark, "openness", 1 if quick else 15)
    # Not a timing: what import openness pulls in is checked in every run.
    assert heavy == [], f"import openness imports {heavy}: import them where they are used"
    if not quick:
        figures.put(
            "import openness (fresh interpreter)",
            seconds,
            baseline="import pydantic (fresh interpreter)",
            target="< 0.25 s",
            check=lambda f: f.seconds < 0.25,
            note="imports neither scikit-learn nor pandas",
        )
