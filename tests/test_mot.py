"""Model Openness Tool records: every record scores, and MOF classes match MOT's own evaluator."""

from __future__ import annotations

import itertools
import json
import math
import re
from collections import Counter
from pathlib import Path

import pytest

import openness

DATA = Path(__file__).resolve().parent.parent / "data" / "mot"
RECORDS = sorted((DATA / "models").glob("*.yml"))
TEST_DATA = DATA / "reference" / "test-data"


def _expected() -> dict[str, dict[str, object]]:
    # MOT's REST output is not strict JSON (trailing commas).
    text = re.sub(r",\s*([}\]])", r"\1", (TEST_DATA / "expected_results.json").read_text())
    return {m["release"]["name"]: m["classification"] for m in json.loads(text)["models"]}


EXPECTED = _expected()


def test_there_are_273_records() -> None:
    assert len(RECORDS) == 273


@pytest.fixture(scope="module")
def assessments() -> list[openness.Assessment]:
    return [openness.score(p) for p in RECORDS]


def test_every_record_scores_as_mot(assessments: list[openness.Assessment]) -> None:
    assert all(a.source["format"] == "mot" for a in assessments)


def test_mof_classes_match_mot_counts(assessments: list[openness.Assessment]) -> None:
    # MOT itself classifies 14 records Class I, 1 Class II, 16 Class III (research/mof.md §2.4).
    counts = Counter(a.mof_class for a in assessments)
    assert counts == {None: 242, 1: 14, 2: 1, 3: 16}


def test_osi_validation_cases_in_mot(assessments: list[openness.Assessment]) -> None:
    by_name = {a.name: a for a in assessments}
    for name in ("Pythia-6.9B", "OLMo-7B", "Amber"):
        assert by_name[name].osaid.passed, by_name[name].explain()
    for name in ("Llama-2-7B", "Mixtral-8x7B-v0.1", "Phi-2"):
        if name in by_name:
            assert not by_name[name].osaid.passed


# Where openness knowingly reads a licence differently from MOT's tables: NLOD-1.0 is an Open
# Definition licence (data/kb/open_data.yaml) that MOT's OPEN_DATA_LICENSES lacks. MOF asks for an
# open licence of the component's kind ("open-content licenses for documentation", LF AI & Data,
# 2024-04-17); NLOD-1.0 is one, so the research paper it covers stands in for the technical report
# and Class III is 1 of 6 (MOT: 0 of 6).
DEVIATIONS = {
    "OnlyComponentLicenese_C1_7%-C2_0%-C3_0%_7C_0G_7L_2V_5I_0T": {3: 16.7, 2: 0.0, 1: 0.0}
}
TEST_FILES = sorted(TEST_DATA.glob("*.yml"))


@pytest.mark.parametrize("path", TEST_FILES, ids=lambda p: p.stem[:40])
def test_mof_progress_matches_mot_evaluator(path: Path) -> None:
    a = openness.score(path)
    expected = EXPECTED[a.name]
    progress = {int(k): round(float(v), 1) for k, v in expected["progress"].items()}  # type: ignore[attr-defined]
    assert a.mof_progress == DEVIATIONS.get(a.name, progress)
    assert a.mof_class == (expected["class"] or None)


_NAMED = re.compile(r"_C1_(\d+)%-C2_(\d+)%-C3_(\d+)%_")


def _named(path: Path) -> dict[int, int]:
    m = _NAMED.search(path.name)
    assert m, path.name
    return {1: int(m[1]), 2: int(m[2]), 3: int(m[3])}


# The shares the generator could write past the first class not met: k of 11 (II), k of 15 (I).
_GENERATOR_SHARES = {
    cls: {round(100 * k / n) for k in range(n + 1)} for cls, n in ((2, 11), (1, 15))
}


def _badge(value: float) -> int:
    # MOT shows progress as PHP's round(): to a whole number, halves away from zero (BadgeGenerator).
    return math.floor(value + 0.5)


@pytest.mark.parametrize("path", TEST_FILES, ids=lambda p: p.stem[:40])
def test_mof_progress_matches_mot_file_names(path: Path) -> None:
    # The file names were written by MOT's test-file generator (Test_Scripts/generate-test-files.py
    # as of a66b2ca, 2025-07-02), not by its evaluator: that script counts each class on its own,
    # over 11 Class II and 15 Class I components (it counts the optional supporting libraries in
    # both and the optional sample outputs in Class I). MOT's evaluator, and expected_results.json made from it on 2025-07-28,
    # gives 0 to every class past the first one not met (PR #107, issue #106: progress that "goes
    # up and down across the classes" is confusing and sorted unclassified models above classified
    # ones). So a name's figure holds up to and including the first class not met, and 0 after it.
    a = openness.score(path)
    named = _named(path)
    expected = DEVIATIONS.get(a.name)
    met = True
    for cls in (3, 2, 1):
        want = named[cls] if met else 0
        if not met:  # The generator's own count, which MOT's 10 and 14 (or 13) cannot give.
            assert named[cls] in _GENERATOR_SHARES[cls], cls
        if expected is not None:
            want = _badge(expected[cls])
        assert _badge(a.mof_progress[cls]) == want, cls
        met = met and named[cls] == 100
    # The class is the last one met, going down from III; the names agree with MOT on it.
    met_classes = itertools.takewhile(lambda c: named[c] == 100, (3, 2, 1))
    assert a.mof_class == min(met_classes, default=None)
