"""Fuzz the readers: any bytes, any document shape, any mapping gives an Assessment or an
OpennessError, never another exception; and the atheris harness (tasks/fuzz.py), readers and
outputs, over its seed corpus and mutations of it, without atheris.

Bounded for CI (a few seconds a test); OPENNESS_FUZZ_EXAMPLES=100000 for a long local run.
"""

from __future__ import annotations

import contextlib
import json
import os
import sys
from pathlib import Path
from typing import Any

import pytest
import task_scripts
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_properties import check_consistent

import openness
from openness.readers._core import parse_document

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = int(os.environ.get("OPENNESS_FUZZ_EXAMPLES", "200"))
FUZZ = settings(
    max_examples=EXAMPLES,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
SUFFIXES = ["", ".yaml", ".yml", ".json", ".md"]

# Seeds: real inputs of every format, to be mutated.
SEEDS = [
    p.read_bytes()
    for p in [
        *sorted((ROOT / "data" / "releases").glob("*.yaml"))[:8],
        *sorted((ROOT / "data" / "mot" / "models").glob("*.yml"))[:8],
        *sorted((ROOT / "tests" / "cases").rglob("*.md"))[:4],
        *sorted((ROOT / "data" / "opening-up-chatgpt" / "projects").glob("*.yaml"))[:6],
    ]
    if p.stat().st_size < 20_000
]
# CycloneDX ML-BOMs, as openness writes them (the reader's own format).
SEEDS += [
    json.dumps(openness.to_cyclonedx(openness.score(p))).encode()
    for p in sorted((ROOT / "data" / "releases").glob("*.yaml"))[:3]
]
# Fragments that reach the corners of YAML, JSON and the readers.
TOKENS = [
    b"&a ",
    b"*a",
    b"<<: *a\n",
    b"!!python/object:os.system ",
    b"!!binary ",
    b"!!set ",
    b"!x ",
    b"[",
    b"]",
    b"{",
    b"}",
    b": ",
    b"- ",
    b"? ",
    b"---\n",
    b"...\n",
    b"\n  ",
    b"#",
    b'"\\ud800"',
    b'"\\u001b"',
    b"\\x00",
    b"\x00",
    b"\xff",
    b"\xef\xbb\xbf",
    b"\xff\xfe",
    b"~",
    b".nan",
    b".inf",
    b"9" * 400,
    b"2024-13-45",
    b"0x1F",
    b"'",
    b'"',
    b"|\n",
    b">-\n",
    b"name: x\n",
    b"license: ",
    b"components:\n  ",
    b"release:\n  components: ",
    b"model_parameters_final: ",
    b"access: ",
    b"\t",
    b"\r\n",
    b"%YAML 1.1\n",
    b"%TAG ! !x\n",
    b'"bomFormat": "CycloneDX", ',
    b'"components": [',
    b'"type": "machine-learning-model", ',
    b'"licenses": [{"license": {"id": "MIT"}}], ',
    b'"modelCard": {',
    b"null",
    b"[]",
    b"{}",
]


def score_or_error(source: object) -> openness.Assessment | openness.OpennessError:
    """Score *source*; an OpennessError is an answer too, any other exception fails the test."""
    try:
        return openness.score(source)
    except openness.OpennessError as e:
        return e


def expect_answer(source: object) -> None:
    answer = score_or_error(source)
    if isinstance(answer, openness.OpennessError):
        assert "\n" not in str(answer)
    else:
        check_consistent(answer)
        json.dumps(answer.to_dict(), allow_nan=True)


def check(data: bytes, suffix: str, tmp: Path) -> None:
    for s in SUFFIXES:
        with contextlib.suppress(openness.OpennessError):
            parse_document(data, "fuzz", suffix=s)
    path = tmp / f"fuzz{suffix or '.txt'}"
    path.write_bytes(data)
    expect_answer(path)


@st.composite
def mutated(draw: st.DrawFn) -> bytes:
    data = bytearray(draw(st.sampled_from(SEEDS)))
    for _ in range(draw(st.integers(1, 8))):
        at = draw(st.integers(0, len(data)))
        op = draw(st.sampled_from(["insert", "delete", "flip", "token"]))
        if op == "insert":
            data[at:at] = draw(st.binary(min_size=1, max_size=8))
        elif op == "delete":
            del data[at : at + draw(st.integers(1, 64))]
        elif op == "flip" and at < len(data):
            data[at] ^= 1 << draw(st.integers(0, 7))
        else:
            data[at:at] = draw(st.sampled_from(TOKENS))
    return bytes(data)


@FUZZ
@given(st.binary(max_size=512), st.sampled_from(SUFFIXES))
def test_fuzz_random_bytes(tmp_path_factory: Any, data: bytes, suffix: str) -> None:
    check(data, suffix, tmp_path_factory.getbasetemp())


@FUZZ
@given(mutated(), st.sampled_from(SUFFIXES))
def test_fuzz_mutated_real_inputs(tmp_path_factory: Any, data: bytes, suffix: str) -> None:
    check(data, suffix, tmp_path_factory.getbasetemp())


@FUZZ
@given(st.lists(st.sampled_from(TOKENS), max_size=30).map(b"".join), st.sampled_from(SUFFIXES))
def test_fuzz_token_soup(tmp_path_factory: Any, data: bytes, suffix: str) -> None:
    check(data, suffix, tmp_path_factory.getbasetemp())


def _containers(inner: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    return st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=12), inner, max_size=4)


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=20),
    _containers,
    max_leaves=20,
)
FIELDS = [*openness.Release.model_fields, "licence", "monetized", "release", "framework"]
COMPONENT_FIELDS = [*openness.Component.model_fields, "licence"]
fuzzy_component = st.one_of(
    json_values,
    st.dictionaries(st.sampled_from(COMPONENT_FIELDS), json_values, max_size=4),
)
fuzzy_release = st.dictionaries(
    st.sampled_from(FIELDS),
    st.one_of(
        json_values,
        st.dictionaries(st.sampled_from(sorted(openness.COMPONENTS)), fuzzy_component),
    ),
    max_size=8,
).map(lambda d: {"name": "fuzz", **d})


@FUZZ
@given(fuzzy_release)
def test_fuzz_mappings(release: dict[str, Any]) -> None:
    expect_answer(release)


@FUZZ
@given(fuzzy_release, st.sampled_from([".json", ".yaml"]))
def test_fuzz_documents(tmp_path_factory: Any, release: dict[str, Any], suffix: str) -> None:
    text = json.dumps(release)  # JSON is YAML too.
    check(text.encode(), suffix, tmp_path_factory.getbasetemp())


def _harness() -> Any:
    """tasks/fuzz.py, imported as a module (atheris is not needed to run its one_input)."""
    return task_scripts.load("fuzz", "openness_fuzz")


HARNESS = _harness()
HARNESS_SEEDS = HARNESS.seeds()


def test_the_harness_runs_without_atheris() -> None:
    assert "atheris" not in sys.modules or HARNESS.atheris is not None
    assert len(HARNESS_SEEDS) > 100


@pytest.mark.parametrize(
    "path", HARNESS_SEEDS, ids=[str(p.relative_to(ROOT)) for p in HARNESS_SEEDS]
)
def test_harness_one_input_over_the_seed_corpus(path: Path) -> None:
    HARNESS.one_input(HARNESS.seed_input(path))


@FUZZ
@given(mutated(), st.integers(0, 255), st.integers(0, 255))
def test_harness_one_input_on_mutations(data: bytes, suffix: int, forced: int) -> None:
    # Every reader forced, and every output written of what it read.
    HARNESS.one_input(bytes([suffix, forced]) + data)


@pytest.mark.parametrize(
    "name",
    ['=HYPERLINK("https://evil.example")', "<script>alert(1)</script>", "x\n::error::forged"],
)
def test_harness_outputs_hold_hostile_names(name: str) -> None:
    doc = {"name": name, "access": "open", "license": "MIT", "components": {}}
    HARNESS.check_outputs(openness.score(doc))
