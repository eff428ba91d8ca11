"""``import openness`` in a fresh interpreter, against importing pydantic's ``BaseModel`` (its
heaviest need: ``import pydantic`` alone imports almost nothing until a name is asked for).

python -m pytest benchmarks/bench_import.py

Modules are imported from compiled bytecode, as from an installed package: a first import writes
it (even where ``PYTHONDONTWRITEBYTECODE`` is set, as on some CI machines), then each import is
timed in a fresh interpreter.
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from conftest import Figures

_CHILD = """
import json, sys, time
t = time.perf_counter()
{statement}
took = time.perf_counter() - t
heavy = sorted(m for m in ("sklearn", "pandas", "matplotlib", "scipy") if m in sys.modules)
print(json.dumps({{"seconds": took, "heavy": heavy}}))
"""


_ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}


def import_in_child(statement: str) -> dict[str, Any]:
    """Run the import *statement* in a fresh interpreter; return its time and the heavy modules."""
    done = subprocess.run(  # noqa: S603 - this interpreter, a fixed script
        [sys.executable, "-c", _CHILD.format(statement=statement)],
        capture_output=True,
        text=True,
        check=True,
        env=_ENV,
    )
    found: dict[str, Any] = json.loads(done.stdout)
    return found


def _median_import(benchmark: Any, statement: str, rounds: int) -> tuple[float, list[str]]:
    import_in_child(statement)  # Bytecode written, as an installed package has it.
    runs: list[dict[str, Any]] = []
    benchmark.pedantic(lambda: runs.append(import_in_child(statement)), rounds=rounds, iterations=1)
    return statistics.median(r["seconds"] for r in runs), runs[-1]["heavy"]


def test_import_pydantic(benchmark: Any, figures: Figures, quick: bool) -> None:
    seconds, _ = _median_import(benchmark, "from pydantic import BaseModel", 1 if quick else 15)
    if not quick:
        figures.put("from pydantic import BaseModel (fresh interpreter)", seconds)


def test_import_openness(benchmark: Any, figures: Figures, quick: bool) -> None:
    seconds, heavy = _median_import(benchmark, "import openness", 1 if quick else 15)
    # Not a timing: what import openness pulls in is checked in every run.
    assert heavy == [], f"import openness imports {heavy}: import them where they are used"
    if not quick:
        figures.put(
            "import openness (fresh interpreter)",
            seconds,
            baseline="from pydantic import BaseModel (fresh interpreter)",
            target="< 0.25 s",
            check=lambda f: f.seconds < 0.25,
            note="imports neither scikit-learn nor pandas",
        )
