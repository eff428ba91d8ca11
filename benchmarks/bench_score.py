"""score() warm, per release, against validating the same input (the floor).

python -m pytest benchmarks/bench_score.py
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
import yaml

import openness
from openness import _judge

if TYPE_CHECKING:
    from conftest import Figures

ROOT = Path(__file__).resolve().parent.parent
MOT = sorted((ROOT / "data" / "mot" / "models").glob("*.yml"))[::9]  # 31 records, every 9th
CARDS = sorted(
    [
        *(ROOT / "tests" / "cases" / "cards").glob("*/README.md"),
        *(ROOT / "data" / "cards").glob("*/README.md"),
    ]
)


def _at_most(limit: float) -> Any:
    return lambda f: f.ratio is not None and f.ratio <= limit


def _under(seconds: float) -> Any:
    return lambda f: f.seconds < seconds


# Native releases: score() reads a mapping (format detection, validation, which refuses all the
# limits walk refuses, and the SHA-256 of the validated release for the audit trail), then the
# rules judge it, once per profile.


def test_floor_validate(benchmark: Any, native: list[dict[str, Any]], figures: Figures) -> None:
    benchmark(lambda: [openness.Release.model_validate(m) for m in native])
    figures.add("Release.model_validate(mapping)", benchmark, per=len(native))


def test_score_native(benchmark: Any, native: list[dict[str, Any]], figures: Figures) -> None:
    expected = [openness.score(m).level for m in native]  # Warm: the caches are filled here.
    found = benchmark(lambda: [openness.score(m) for m in native])
    assert [a.level for a in found] == expected
    figures.add(
        "score(native mapping), warm",
        benchmark,
        per=len(native),
        baseline="Release.model_validate(mapping)",
        target="<= 1.5x",
        check=_at_most(1.5),
    )


def test_score_release(benchmark: Any, native: list[dict[str, Any]], figures: Figures) -> None:
    releases = [openness.Release.model_validate(m) for m in native]
    for r in releases:
        openness.score(r)
    benchmark(lambda: [openness.score(r) for r in releases])
    figures.add(
        "score(Release), warm",
        benchmark,
        per=len(native),
        baseline="Release.model_validate(mapping)",
        note="its audit hash is made when first read, as for a mapping",
    )


def test_floor_validate_varied(
    benchmark: Any, fuzzed: list[dict[str, Any]], figures: Figures
) -> None:
    benchmark(lambda: [openness.Release.model_validate(m) for m in fuzzed])
    figures.add("Release.model_validate(varied mapping)", benchmark, per=len(fuzzed))


def test_score_new_profiles(benchmark: Any, fuzzed: list[dict[str, Any]], figures: Figures) -> None:
    """Every release a profile the rules have not judged: the profile memo misses every time.

    What a component under a licence yields is memoised as licence resolutions are (a
    catalogue's licences and components repeat): one pass fills those, as it resolves the
    licences. The next benchmark empties them too.
    """
    for m in fuzzed:
        openness.score(m)

    def cold() -> list[openness.Assessment]:
        _judge._JUDGED.clear()  # noqa: SLF001 - the memo this benchmark defeats
        return [openness.score(m) for m in fuzzed]

    benchmark.pedantic(cold, rounds=5, warmup_rounds=1)
    figures.add(
        "score(varied mapping), new profile each",
        benchmark,
        per=len(fuzzed),
        baseline="Release.model_validate(varied mapping)",
        target="<= 3x",
        check=_at_most(3.0),
        note="the rules run in full: no release shares a judgement",
    )


def test_score_first_sight(benchmark: Any, fuzzed: list[dict[str, Any]], figures: Figures) -> None:
    """As above, with the per-component memos emptied as well: only the licences are known."""
    for m in fuzzed:
        openness.score(m)

    def first() -> list[openness.Assessment]:
        _judge.forget()
        return [openness.score(m) for m in fuzzed]

    benchmark.pedantic(first, rounds=5, warmup_rounds=1)
    figures.add(
        "score(varied mapping), every memo empty",
        benchmark,
        per=len(fuzzed),
        baseline="Release.model_validate(varied mapping)",
        note="the per-component memos refilled in the same pass",
    )


# Files: a Model Openness Tool record (YAML) and a Hugging Face model card (Markdown with YAML
# front matter). The floor is libyaml parsing the same bytes.


def test_floor_yaml_mot(benchmark: Any, figures: Figures) -> None:
    assert yaml.__with_libyaml__, "PyYAML without libyaml: the pure-Python parser is ~10x slower"
    data = [p.read_bytes() for p in MOT]
    benchmark(lambda: [yaml.load(d, Loader=yaml.CSafeLoader) for d in data])
    figures.add("yaml.load(CSafeLoader) of a MOT record", benchmark, per=len(MOT))


def test_score_mot(benchmark: Any, figures: Figures) -> None:
    expected = [openness.score(p).mof_class for p in MOT]
    found = benchmark(lambda: [openness.score(p) for p in MOT])
    assert [a.mof_class for a in found] == expected
    figures.add(
        "score(MOT record path), warm",
        benchmark,
        per=len(MOT),
        baseline="yaml.load(CSafeLoader) of a MOT record",
        target="< 1 ms",
        check=_under(1e-3),
    )


def _front_matter(data: bytes) -> Any:
    text = data.decode()
    head = text.split("---", 2)[1] if text.startswith("---") else ""
    return yaml.load(head, Loader=yaml.CSafeLoader)


@pytest.fixture(scope="module")
def cards() -> list[Path]:
    if not CARDS:
        pytest.skip("no model cards in tests/cases/cards or data/cards")
    if "hf-card" not in openness.readers._core.READERS:  # noqa: SLF001
        pytest.skip("no hf-card reader")
    return CARDS


def test_floor_yaml_card(benchmark: Any, cards: list[Path], figures: Figures) -> None:
    data = [p.read_bytes() for p in cards]
    benchmark(lambda: [_front_matter(d) for d in data])
    figures.add("yaml.load(CSafeLoader) of a card's front matter", benchmark, per=len(cards))


def test_score_card(benchmark: Any, cards: list[Path], figures: Figures) -> None:
    expected = [openness.score(p).level for p in cards]
    found = benchmark(lambda: [openness.score(p) for p in cards])
    assert [a.level for a in found] == expected
    figures.add(
        "score(Hugging Face card path), warm",
        benchmark,
        per=len(cards),
        baseline="yaml.load(CSafeLoader) of a card's front matter",
        target="< 1 ms",
        check=_under(1e-3),
    )
