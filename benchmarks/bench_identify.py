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
from dataclasses import dataclass
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


# ------------------------------------------------------------------ names, addresses, typos

NAMES_TSV = ROOT / "tests" / "cases" / "license_names.tsv"


def _names() -> list[tuple[str, str, str]]:
    import csv  # noqa: PLC0415

    with NAMES_TSV.open(encoding="utf-8", newline="") as f:
        return [(r["string"], r["expected"], r["kind"]) for r in csv.DictReader(f, delimiter="\t")]


NAMES = _names()


def _same(got: str, expected: str) -> bool:
    """Ids are the same licence when equal or when SPDX gives them the same name (GPL-3.0 and
    GPL-3.0-only: a deprecated id and its successor)."""
    if got == expected:
        return True
    if not got or not expected:
        return False
    return openness.get_license(got).name == openness.get_license(expected).name


def names_accuracy() -> dict[str, tuple[int, int, int]]:
    """Per kind: (strings, right, confidently wrong)."""
    out: dict[str, list[int]] = {}
    for text, expected, kind in NAMES:
        m = openness.identify_license(text)
        got = m.license.id if m.license else ""
        row = out.setdefault(kind, [0, 0, 0])
        row[0] += 1
        row[1] += _same(got, expected)
        row[2] += bool(got) and not _same(got, expected)
    return {k: (v[0], v[1], v[2]) for k, v in out.items()}


@dataclass(frozen=True)
class Typo:
    """A generated typo of a most used id, and what identify_license made of it."""

    meant: str
    written: str
    how: str
    taken: str | None
    nearest: str | None


def generate_typos(count: int = 200, seed: int = 20261123) -> list[tuple[str, str]]:
    """One- and two-edit typos (substitution, deletion, insertion, swap) of the *count* most
    used ids: (meant, written). A typo the rules read as the same licence is a spelling they
    know ("Artistic2.0"), not a typo: left out; one they read as another licence stays."""
    import random  # noqa: PLC0415

    from openness.licenses._kb import known_keys, popular_keys  # noqa: PLC0415
    from openness.licenses._names import read_name  # noqa: PLC0415

    rng = random.Random(seed)  # noqa: S311 - reproducible typos, not secrets
    keys, _ = known_keys()
    ids = [openness.get_license(k).id for k in popular_keys()[:count]]
    letters = "abcdefghijklmnopqrstuvwxyz0123456789"
    out: list[tuple[str, str]] = []
    for lid in ids:
        for edits in (1, 2):
            word = lid
            for _ in range(edits):
                i = rng.randrange(len(word))
                op = rng.choice(("sub", "del", "ins", "swap"))
                if op == "sub":
                    word = word[:i] + rng.choice(letters) + word[i + 1 :]
                elif op == "del" and len(word) > 2:
                    word = word[:i] + word[i + 1 :]
                elif op == "ins":
                    word = word[:i] + rng.choice(letters) + word[i:]
                elif i + 1 < len(word):
                    word = word[:i] + word[i + 1] + word[i] + word[i + 2 :]
            if word.lower() in keys or word.lower() == lid.lower():
                continue  # The typo spells a known id: not a typo.
            hit = read_name(word)
            if hit is not None and hit.licenses and _same(hit.licenses[0].id, lid):
                continue
            out.append((lid, word))
    return out


TYPOS = generate_typos()


def typos() -> list[Typo]:
    """What identify_license makes of each generated typo."""
    found = []
    for lid, word in TYPOS:
        m = openness.identify_license(word)
        near = m.alternatives[0][0].id if m.how == "typo" and m.alternatives else None
        found.append(Typo(lid, word, m.how, m.license.id if m.license else None, near))
    return found


def typo_rates(found: list[Typo]) -> tuple[float, float]:
    """(nearest suggestion right, taken as another licence), as shares of the typos."""
    right = sum(t.nearest is not None and _same(t.nearest, t.meant) for t in found)
    taken = sum(t.taken is not None and not _same(t.taken, t.meant) for t in found)
    return right / len(found), taken / len(found)


SHORT_NAMES = [t for t, _, kind in NAMES if kind in {"name", "id", "url"}][:200]


def _identify_names() -> list[Any]:
    return [openness.identify_license(t) for t in SHORT_NAMES]


def _lower_names() -> list[Any]:
    return [_WORDS.findall(t.lower()) for t in SHORT_NAMES]


NAME_BASELINE = "tokenise a licence name (baseline)"


def test_baseline_names(benchmark: Any, figures: Any) -> None:
    benchmark(_lower_names)
    figures.add(NAME_BASELINE, benchmark, per=len(SHORT_NAMES), note="re.findall on each name")


def test_identify_names(benchmark: Any, figures: Any) -> None:
    _identify_names()
    benchmark(_identify_names)
    figures.add(
        "identify_license, a name, id or address (warm)",
        benchmark,
        per=len(SHORT_NAMES),
        baseline=NAME_BASELINE,
        target="<= 50 us",
        check=lambda f: f.seconds <= 50e-6,
        note=f"{len(SHORT_NAMES)} collected strings",
    )


def test_names_accuracy(figures: Any) -> None:
    found = names_accuracy()
    n = sum(v[0] for v in found.values())
    top1 = sum(v[1] for v in found.values()) / n
    wrong = sum(v[2] for v in found.values()) / n
    figures.put("names: top-1", 100 * top1, target=">= 97 %", unit="%",
                check=lambda f: f.seconds >= 97, note=f"{n} collected strings")  # fmt: skip
    figures.put("names: confidently wrong", 100 * wrong, target="< 0.5 %", unit="%",
                check=lambda f: f.seconds < 0.5, note=f"{n} collected strings")  # fmt: skip
    assert n >= 300
    assert top1 >= 0.97
    assert wrong < 0.005


def test_typo_suggestions(figures: Any) -> None:
    found = typos()
    right, taken = typo_rates(found)
    note = f"{len(found)} one- and two-edit typos of the 200 most used ids"
    figures.put("typos: nearest suggestion right", 100 * right, target=">= 90 %", unit="%",
                check=lambda f: f.seconds >= 90, note=note)  # fmt: skip
    figures.put("typos: taken as another licence", 100 * taken, target="< 0.5 %", unit="%",
                check=lambda f: f.seconds < 0.5, note=note)  # fmt: skip
    assert len(found) >= 300
    assert right >= 0.90
    assert taken < 0.005


def _suggest_all() -> list[Any]:
    from openness.licenses._typos import nearest  # noqa: PLC0415

    return [nearest(word) for _, word in TYPOS]


def test_typo_suggestion_speed(benchmark: Any, figures: Any) -> None:
    _suggest_all()  # The first typo builds the index (~0.4 s): timed apart, in main().
    benchmark(_suggest_all)
    figures.add(
        "nearest(), a typo's suggestions (warm)",
        benchmark,
        per=len(TYPOS),
        baseline=NAME_BASELINE,
        target="<= 2 ms",
        check=lambda f: f.seconds <= 2e-3,
        note=f"{len(TYPOS)} generated typos; main() prints the slowest",
    )


def main() -> None:
    found = names_accuracy()
    n = sum(v[0] for v in found.values())
    print(f"{n} collected names, ids and addresses (tests/cases/license_names.tsv)")
    for kind, (k, right, wrong) in sorted(found.items()):
        print(f"  {kind:18s} {k:4d}  top-1 {right / k:6.1%}  confident-wrong {wrong / k:5.1%}")
    right = sum(v[1] for v in found.values())
    wrong = sum(v[2] for v in found.values())
    print(f"  {'all':18s} {n:4d}  top-1 {right / n:6.1%}  confident-wrong {wrong / n:5.1%}")
    found = typos()
    right, taken = typo_rates(found)
    print(
        f"typos of the 200 most used ids: {len(found)}, nearest suggestion right {right:.1%}, "
        f"taken as another licence {taken:.1%}"
    )
    from openness.licenses._classifier import _match, _model  # noqa: PLC0415
    from openness.licenses._kb import normalise_name  # noqa: PLC0415
    from openness.licenses._typos import nearest  # noqa: PLC0415

    alone = [_match(_model().names, normalise_name(t.written)) for t in found]
    guessed = sum(
        m.guess is not None and _same(m.guess.id, t.meant)
        for m, t in zip(alone, found, strict=True)
    )
    sure = sum(
        m.license is not None and not _same(m.license.id, t.meant)
        for m, t in zip(alone, found, strict=True)
    )
    print(
        f"  the name model alone on them: top-1 {guessed / len(found):.1%}, "
        f"confidently wrong {sure / len(found):.1%}"
    )
    each = []
    for _, word in TYPOS:
        t = time.perf_counter()
        nearest(word)
        each.append(time.perf_counter() - t)
    each.sort()
    print(
        f"nearest(), warm, per typo: median {statistics.median(each) * 1e6:.0f} us, "
        f"95th percentile {each[int(len(each) * 0.95)] * 1e6:.0f} us, max {each[-1] * 1e3:.1f} ms"
    )
    _identify_names()
    t = time.perf_counter()
    for _ in range(20):
        _identify_names()
    per = (time.perf_counter() - t) / 20 / len(SHORT_NAMES)
    t = time.perf_counter()
    for _ in range(20):
        _lower_names()
    base = (time.perf_counter() - t) / 20 / len(SHORT_NAMES)
    print(f"names, warm: {per * 1e6:.1f} us each; baseline {base * 1e6:.2f} us; {per / base:.0f}x")

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
