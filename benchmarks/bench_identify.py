"""How fast identify_license reads a full licence text, against a baseline measured in the same run.

The baseline is the least any text classifier does: lower-casing and tokenising the same texts
(``re.findall(r"\\w+", text.lower())``). Ratios to it travel between machines; the milliseconds
are this machine's.

    python -m pytest benchmarks/bench_identify.py                    # tables and figures
    python benchmarks/bench_identify.py                               # ms per text, first call

The first call (a fresh interpreter that has imported openness: NumPy, joblib and the model file
loaded, SHA-256 checked) is timed in a subprocess, so nothing is warm.
"""

# ruff: noqa: T201 - a benchmark prints its figures

from __future__ import annotations

import re
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

import openness

ROOT = Path(__file__).resolve().parent.parent
LIC = ROOT / "data" / "licenses"
FILES = [
    "spdx/text/Apache-2.0.txt",
    "spdx/text/MIT.txt",
    "spdx/text/BSD-3-Clause.txt",
    "spdx/text/GPL-3.0-only.txt",
    "spdx/text/CC-BY-4.0.txt",
    "spdx/text/CC-BY-NC-4.0.txt",
    "spdx/text/MPL-2.0.txt",
    "meta-llama/llama3_1-LICENSE.txt",
    "meta-llama/llama3-LICENSE.txt",
    "scancode/gemma-tou-2025-03-24.LICENSE",
    "scancode/bigscience-open-rail-m.LICENSE",
    "scancode/deepseek-la-1.0.LICENSE",
    "scancode/qwen-2024.LICENSE",
    "scancode/stability-ai-community-2024.LICENSE",
    "scancode/nvidia-open-model-2025-04-28.LICENSE",
    "scancode/openmdw-1.0.LICENSE",
]


def _read(rel: str) -> str:
    text = (LIC / rel).read_text(encoding="utf-8")
    return text.split("---", 2)[2] if text.startswith("---") else text


TEXTS = [_read(f) for f in FILES]
_WORDS = re.compile(r"\w+")


def _identify_all() -> list[Any]:
    return [openness.identify_license(t) for t in TEXTS]


def _tokenise_all() -> list[Any]:
    return [_WORDS.findall(t.lower()) for t in TEXTS]


BASELINE = "tokenise a licence text (baseline)"


def test_baseline_tokenise(benchmark: Any, figures: Any) -> None:
    benchmark(_tokenise_all)
    figures.add(BASELINE, benchmark, per=len(TEXTS), note="re.findall(r'\\w+', text.lower())")


def test_identify_full_texts(benchmark: Any, figures: Any) -> None:
    _identify_all()  # Load the model: loading is timed separately, in a fresh process.
    found = benchmark(_identify_all)
    assert [m.license is not None for m in found] == [True] * len(TEXTS)
    figures.add(
        "identify_license, full licence text (warm)",
        benchmark,
        per=len(TEXTS),
        baseline=BASELINE,
        target="< 2 ms",
        check=lambda f: f.seconds < 2e-3,
        note=f"{len(TEXTS)} real texts",
    )


def test_first_call(figures: Any, quick: bool) -> None:
    if quick:
        pytest.skip("a fresh interpreter per measurement: full runs only")
    seconds = statistics.median(first_call(LIC / "spdx/text/Apache-2.0.txt") for _ in range(5))
    figures.put(
        "identify_license, first call (model load included)",
        seconds,
        target="< 1 s",
        check=lambda f: f.seconds < 1.0,
        note="fresh interpreter, openness imported",
    )


_FIRST = """
import sys, time
import openness
text = open(sys.argv[1], encoding="utf-8").read()
t = time.perf_counter()
m = openness.identify_license(text)
print(time.perf_counter() - t, m.license.id)
"""


def first_call(path: Path) -> float:
    done = subprocess.run(  # noqa: S603 - this interpreter, this script, a data file
        [sys.executable, "-c", _FIRST, str(path)], capture_output=True, text=True, check=True
    )
    return float(done.stdout.split()[0])


def _per_text(fn: Any, repeat: int) -> float:
    """Median over *repeat* runs of the time per text, in seconds."""
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        times.append((time.perf_counter() - t) / len(TEXTS))
    return statistics.median(times)


def main() -> None:
    firsts = sorted(first_call(LIC / "spdx/text/Apache-2.0.txt") for _ in range(5))
    _identify_all()
    each = {}
    for f, t in zip(FILES, TEXTS, strict=True):
        runs = []
        for _ in range(50):
            s = time.perf_counter()
            openness.identify_license(t)
            runs.append(time.perf_counter() - s)
        each[f] = statistics.median(runs)
    ident = _per_text(_identify_all, 30)
    base = _per_text(_tokenise_all, 30)
    print(f"{len(TEXTS)} full licence texts, {sum(len(t) for t in TEXTS) / len(TEXTS):,.0f} chars")
    for f, s in each.items():
        print(f"  {f:48s} {s * 1000:6.2f} ms")
    print(f"identify_license, warm: {ident * 1000:.2f} ms per text (median of 30 runs)")
    print(f"baseline (tokenise):    {base * 1000:.3f} ms per text; ratio {ident / base:.1f}x")
    print(
        f"first call in a fresh process (import done; NumPy, joblib, model load and SHA-256 "
        f"included): median {firsts[2]:.2f} s, max {firsts[-1]:.2f} s of 5"
    )


if __name__ == "__main__":
    main()
