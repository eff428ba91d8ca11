"""Batch throughput, one core and every core, against reading and parsing the same JSONL.

    python -m pytest benchmarks/bench_batch.py

The corpus is real releases with unique names (tasks/make_jsonl.py): 100,000 records in a full
run, 2,000 in a quick one. Scoring returns assessments, or, as ``openness score --format jsonl``
does, text made where each release is scored (``score_many(..., transform=...)``).
"""

from __future__ import annotations

import json
import os
from typing import TYPE_CHECKING, Any

import pytest

from openness import score_many
from openness._cli import _jsonl_item

if TYPE_CHECKING:
    from pathlib import Path

    from conftest import Figures

CORES = os.cpu_count() or 1


@pytest.fixture(scope="module")
def corpus(make_jsonl: Any, quick: bool) -> tuple[Path, int]:
    count = 2_000 if quick else 100_000
    return make_jsonl(count), count


def _rounds(quick: bool) -> dict[str, int]:
    return {"rounds": 1, "iterations": 1} if quick else {"rounds": 3, "iterations": 1}


def _per_second(f: Any) -> float:
    return 1 / f.seconds


def test_floor_read_jsonl(
    benchmark: Any, corpus: tuple[Path, int], figures: Figures, quick: bool
) -> None:
    path, count = corpus

    def read() -> int:
        with path.open("rb") as f:
            return sum(1 for line in f if json.loads(line))

    assert benchmark.pedantic(read, **_rounds(quick)) == count
    figures.add("read + json.loads a JSONL record", benchmark, per=count)


def _count(results: Any) -> int:
    return sum(1 for _ in results)


@pytest.mark.parametrize("n_jobs", [1, CORES], ids=["one-core", "every-core"])
def test_score_many(
    benchmark: Any, corpus: tuple[Path, int], figures: Figures, quick: bool, n_jobs: int
) -> None:
    path, count = corpus
    _count(score_many(path, n_jobs=n_jobs))  # Warm: workers started, caches filled.
    found = benchmark.pedantic(lambda: _count(score_many(path, n_jobs=n_jobs)), **_rounds(quick))
    assert found == count
    if n_jobs == 1:
        figures.add(
            "score_many(jsonl), one core, assessments",
            benchmark,
            per=count,
            baseline="read + json.loads a JSONL record",
            target=">= 20,000 releases/s per core",
            check=lambda f: _per_second(f) >= 20_000,
            note="",
        )
    else:
        fig = figures.add(
            f"score_many(jsonl), {n_jobs} workers, assessments",
            benchmark,
            per=count,
            baseline="score_many(jsonl), one core, assessments",
            note="ratio < 1 is a speed-up; assessments are sent back pickled",
        )
        if fig is not None and fig.ratio:
            fig.note += f"; speed-up {1 / fig.ratio:.2f}x"


@pytest.mark.parametrize("n_jobs", [1, CORES], ids=["one-core", "every-core"])
def test_score_many_to_jsonl(
    benchmark: Any, corpus: tuple[Path, int], figures: Figures, quick: bool, n_jobs: int
) -> None:
    path, count = corpus
    _count(score_many(path, n_jobs=n_jobs, transform=_jsonl_item))

    def run() -> int:
        return _count(score_many(path, n_jobs=n_jobs, transform=_jsonl_item))

    assert benchmark.pedantic(run, **_rounds(quick)) == count
    if n_jobs == 1:
        figures.add(
            "score + JSONL text, one core",
            benchmark,
            per=count,
            baseline="read + json.loads a JSONL record",
            note="what `openness score --format jsonl` does per record",
        )
    else:
        fig = figures.add(
            f"score + JSONL text, {n_jobs} workers",
            benchmark,
            per=count,
            baseline="score + JSONL text, one core",
            target=">= 1.6x speed-up from 1 to 2 workers" if n_jobs == 2 else "",
            check=(lambda f: f.ratio is not None and 1 / f.ratio >= 1.6) if n_jobs == 2 else None,
        )
        if fig is not None and fig.ratio:
            fig.note = f"speed-up {1 / fig.ratio:.2f}x"
