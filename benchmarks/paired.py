"""score() against validation, timed in alternating pairs: a ratio less moved by drift.

    python benchmarks/paired.py            # 60 pairs each, warm and cold
    python benchmarks/paired.py --pairs 200

bench_score.py times the baseline and score() in two tests, seconds apart: on a shared machine
the baseline alone wandered from 11 to 26 us per release between runs, and the ratio with it.
Here each pair times one round of the baseline (``Release.model_validate`` of the same mappings)
and, straight after it, one round of score(), with the garbage collector on; the figure is the
median of the pairs' ratios, beside the ratio of each side's fastest round. Warm is the bundled
releases with every judgement memoised; cold is 300 varied releases (benchmarks/conftest.py),
the judgement memo emptied before each round, as in ``test_score_new_profiles``.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from conftest import fuzzed_releases, native_releases

import openness
from openness import _judge

if TYPE_CHECKING:
    from collections.abc import Callable


def _seconds(run: Callable[[], Any]) -> float:
    start = time.perf_counter()
    run()
    return time.perf_counter() - start


def pairs(
    baseline: Callable[[], Any], subject: Callable[[], Any], count: int
) -> tuple[float, float, float, float]:
    """Return the median ratio of *count* pairs, the fastest rounds' ratio, and each's median."""
    base, sub = [], []
    for _ in range(count):
        base.append(_seconds(baseline))
        sub.append(_seconds(subject))
    ratios = [s / b for b, s in zip(base, sub, strict=True)]
    return (
        statistics.median(ratios),
        min(sub) / min(base),
        statistics.median(base),
        statistics.median(sub),
    )


def main(argv: list[str]) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pairs", type=int, default=60)
    count = parser.parse_args(argv).pairs
    native, varied = native_releases(), fuzzed_releases(300)
    for m in (*native, *varied):
        openness.score(m)  # Licences resolved and parts made, as in bench_score.py.

    def validate(mappings: list[dict[str, Any]]) -> Callable[[], Any]:
        return lambda: [openness.Release.model_validate(m) for m in mappings]

    def warm() -> list[openness.Assessment]:
        return [openness.score(m) for m in native]

    def cold() -> list[openness.Assessment]:
        _judge._JUDGED.clear()  # noqa: SLF001 - the memo this figure defeats
        return [openness.score(m) for m in varied]

    write = sys.stdout.write
    write(
        "| figure | median of pair ratios | fastest rounds' ratio | validate | score() | target |\n"
    )
    write("|---|---|---|---|---|---|\n")
    for name, mappings, subject, target in (
        ("warm, bundled releases", native, warm, "<= 1.5x"),
        ("cold, varied releases", varied, cold, "<= 3x"),
    ):
        median, fastest, base, sub = pairs(validate(mappings), subject, count)
        per = 1e6 / len(mappings)
        write(
            f"| {name} | **{median:.2f}x** | {fastest:.2f}x | {base * per:.1f} us | "
            f"{sub * per:.1f} us | {target} |\n"
        )


if __name__ == "__main__":
    main(sys.argv[1:])
