"""The audit trail: every assessment says what produced it (library, knowledge base and classifier
versions and hashes) and what it read (the input's SHA-256), so a verdict can be reproduced; and
nothing is ever unpickled (the classifier's arrays are read, after their hash matched, with
``allow_pickle=False``).
"""

from __future__ import annotations

import ast
import dataclasses
import hashlib
import importlib.util
import inspect
import json
import os
import pickle
import re
import subprocess
import sys
from importlib.resources import files
from pathlib import Path
from typing import Any

import numpy as np
import pytest
import yaml
from hypothesis import given, settings
from test_properties import releases

import openness
from openness import _assessment, _judge
from openness._catalogue import CATALOGUE
from openness.licenses._resolve import resolve_license
from openness.readers._yaml import _Loader

ROOT = Path(__file__).resolve().parent.parent
SRC = ROOT / "src" / "openness"
RELEASES = sorted((ROOT / "data" / "releases").glob("*.yaml"))
MOT = sorted((ROOT / "data" / "mot" / "models").glob("*.yml"))[:20]
HAS_CLASSIFIER = importlib.util.find_spec("openness.licenses._classifier") is not None
NO_CLASSIFIER = "src/openness/licenses/_classifier.py (the licence classifier) is not there yet"
# A licence text that no id, alias or name in the knowledge base matches.
FREE_TEXT = (
    "Permission is hereby granted, free of charge, to any person obtaining a copy of this "
    "software and associated documentation files, to deal in the Software without restriction, "
    "including without limitation the rights to use, copy, modify, merge, publish, distribute."
)


class _AnySha256:
    def __eq__(self, other: object) -> bool:
        return isinstance(other, str) and re.fullmatch(r"[0-9a-f]{64}", other) is not None

    __hash__ = None  # type: ignore[assignment]


ANY_SHA = _AnySha256()


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


@pytest.mark.parametrize("path", [*RELEASES[:10], *MOT[:5]], ids=lambda p: p.name)
def test_source_records_the_input_sha256(path: Path) -> None:
    a = openness.score(path)
    assert a.source["sha256"] == _sha256(path.read_bytes())
    assert a.source["name"] == str(path)
    assert a.source["format"] in openness.readers._core.READERS
    assert a.to_dict()["source"] == a.source


def test_json_and_yaml_files_record_their_own_bytes(tmp_path: Path) -> None:
    mapping = {"name": "x", "access": "open", "license": "MIT"}
    for name, text in (("r.json", json.dumps(mapping)), ("r.yaml", yaml.safe_dump(mapping))):
        path = tmp_path / name
        path.write_text(text)
        assert openness.score(path).source["sha256"] == _sha256(text.encode())


def test_a_changed_byte_changes_the_recorded_hash(tmp_path: Path) -> None:
    path = tmp_path / "r.yaml"
    path.write_text("name: x\naccess: open\n")
    first = openness.score(path).source["sha256"]
    path.write_text("name: x\naccess: open \n")
    assert openness.score(path).source["sha256"] != first


def test_mapping_hash_is_canonical() -> None:
    a = openness.score({"name": "x", "access": "open", "license": "MIT"})
    b = openness.score({"license": "MIT", "access": "open", "name": "x"})
    c = openness.score({"name": "x", "access": "open", "license": "Apache-2.0"})
    assert a.source["sha256"] == b.source["sha256"] != c.source["sha256"]
    assert a.source["name"] == "<mapping>"


def test_a_mapping_and_its_release_record_the_same_hash() -> None:
    # What identifies a mapping is the release it validates to: the same for the Release itself,
    # and for the mapping written with aliases, defaults and shorthands.
    mapping = {"name": "x", "access": "open", "components": {"datasets": "CC-BY-4.0"}}
    spelt_out = {
        "name": "x",
        "access": "open",
        "claims": [],
        "components": {"datasets": {"licence": "CC-BY-4.0", "released": True}},
    }
    release = openness.Release.model_validate(mapping)
    hashes = {openness.score(x).source["sha256"] for x in (mapping, spelt_out, release)}
    assert hashes == {_sha256(release.model_dump_json().encode())}


def test_a_mappings_hash_is_made_when_first_read(monkeypatch: pytest.MonkeyPatch) -> None:
    made: list[object] = []
    real = _assessment.release_sha256
    monkeypatch.setattr(_assessment, "release_sha256", lambda r: made.append(r) or real(r))
    mapping = {"name": "x", "access": "open", "license": "MIT"}
    a, b = openness.score(mapping), openness.score(mapping)
    assert made == []
    assert a == b  # Each reads its own source: two hashes, one each.
    assert len(made) == 2
    assert a.source == b.source == {"name": "<mapping>", "format": "native", "sha256": ANY_SHA}
    assert type(a.source) is dict
    assert len(made) == 2
    c = openness.score(mapping)
    copied = pickle.loads(pickle.dumps(c))  # noqa: S301 - an object this test made
    for copy in (copied, dataclasses.replace(c), c):
        assert copy.source == a.source
        assert json.loads(json.dumps(copy.to_dict()))["source"] == a.source


def test_versions_name_what_produced_the_verdict() -> None:
    a = openness.score(RELEASES[0])
    kb_bytes = (files("openness") / "data" / "licenses.json").read_bytes()
    kb = json.loads(kb_bytes)
    assert a.versions["openness"] == openness.__version__
    assert a.versions["schema"] == a.to_dict()["schema_version"]
    assert a.versions["kb"] == kb["kb_version"]
    assert a.versions["kb_sha256"] == _sha256(kb_bytes)
    assert "classifier_sha256" in a.versions
    assert a.to_dict()["versions"] == a.versions


def test_classifier_hash_is_none_when_the_classifier_was_not_used() -> None:
    a = openness.score({"name": "x", "license": "Apache-2.0", "components": {"datasets": {}}})
    assert a.versions["classifier_sha256"] is None


@pytest.mark.skipif(not HAS_CLASSIFIER, reason=NO_CLASSIFIER)
def test_classifier_hash_is_recorded_when_it_read_a_licence() -> None:
    from openness.licenses._classifier import MODEL_SHA256  # noqa: PLC0415 - absent until it lands

    a = openness.score(
        {"name": "x", "license": FREE_TEXT, "components": {"model_parameters_final": {}}}
    )
    packaged = (files("openness") / "data" / "classifier.json").read_bytes()
    assert a.versions["classifier_sha256"] == MODEL_SHA256 == _sha256(packaged)


def test_the_same_input_reproduces_the_same_record_in_another_process() -> None:
    # Another interpreter with another hash seed gives the same bytes: nothing depends on
    # set order, dict order of a hash, the clock or the machine.
    def run(seed: str) -> str:
        return subprocess.run(
            [
                sys.executable,
                "-m",
                "openness._cli",
                "score",
                "--format",
                "json",
                *map(str, RELEASES),
            ],
            capture_output=True,
            text=True,
            timeout=300,
            check=True,
            cwd=ROOT,
            env={**os.environ, "PYTHONHASHSEED": seed},
        ).stdout

    first, second = run("1"), run("2024")
    assert first == second
    records = json.loads(first)
    assert [r["source"]["sha256"] for r in records] == [_sha256(p.read_bytes()) for p in RELEASES]


# Nothing is unpickled; the classifier's arrays are read after their hash matched -------------

# Calls that build objects from bytes, and the one place each may appear.
UNSAFE = {
    r"\bpickle\.loads?\(": set(),
    r"\bjoblib\.load\(": set(),
    r"\bmarshal\.loads?\(": set(),
    r"\bshelve\.": set(),
    r"\byaml\.(unsafe_load|full_load|load_all)\(": set(),
    r"\byaml\.load\(": {"_yaml.py"},
    r"\b(eval|exec)\(": set(),
    r"\bnumpy\.load\(|\bnp\.load\(": {"_classifier.py"},
    r"\btorch\.load\(": set(),
}


@pytest.mark.parametrize("pattern", sorted(UNSAFE))
def test_only_known_places_deserialise(pattern: str) -> None:
    found = {
        path.name
        for path in SRC.rglob("*.py")
        if re.search(pattern, path.read_text(encoding="utf-8"))
    }
    assert found <= UNSAFE[pattern], f"{pattern} in {sorted(found - UNSAFE[pattern])}"


def test_yaml_loader_is_safe() -> None:
    assert issubclass(_Loader, yaml.constructor.SafeConstructor)
    for unsafe in (yaml.constructor.FullConstructor, yaml.constructor.UnsafeConstructor):
        assert not issubclass(_Loader, unsafe)


@pytest.fixture(params=["classifier.json", "classifier.npz"])
def tampered(
    request: pytest.FixtureRequest, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> Any:
    """The classifier module, reading a copy of the package's data with one byte of one flipped."""
    if not HAS_CLASSIFIER:
        pytest.skip(NO_CLASSIFIER)
    from openness.licenses import _classifier  # noqa: PLC0415 - absent until the classifier lands

    (tmp_path / "data").mkdir()
    for name in ("classifier.json", "classifier.npz"):
        data = bytearray((files("openness") / "data" / name).read_bytes())
        if name == request.param:
            data[len(data) // 2] ^= 0x01
        (tmp_path / "data" / name).write_bytes(bytes(data))
    # Only the module's own resource location is patched: no caller can name a file.
    monkeypatch.setattr(_classifier, "files", lambda _package: tmp_path)
    _forget()
    yield _classifier
    _forget()


def _forget() -> None:
    """Forget the classifier, the licence resolutions and the judgements made with them."""
    from openness.licenses import _classifier  # noqa: PLC0415 - absent until the classifier lands

    _classifier.loaded_model.cache_clear()
    resolve_license.cache_clear()
    _judge.forget()  # the judgements, and the parts they are made of


def test_tampered_classifier_is_refused(tampered: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    loads: list[object] = []
    monkeypatch.setattr(np, "load", lambda *a, **_: loads.append(a))
    with pytest.raises(openness.ModelFileError, match=r"SHA-256 .* does not match the pinned"):
        tampered.loaded_model()
    with pytest.raises(openness.ModelFileError, match="does not match the pinned"):
        openness.identify_license(FREE_TEXT)
    assert loads == [], "the arrays were read before their hash was checked"


@pytest.mark.usefixtures("tampered")
def test_tampered_classifier_fails_score_with_a_clear_error() -> None:
    release = {"name": "x", "license": FREE_TEXT, "components": {"model_parameters_final": {}}}
    with pytest.raises(openness.ModelFileError, match="does not match the pinned"):
        openness.score(release)


@pytest.mark.skipif(not HAS_CLASSIFIER, reason=NO_CLASSIFIER)
def test_packaged_classifier_matches_its_pin() -> None:
    from openness.licenses._classifier import MODEL_SHA256  # noqa: PLC0415 - absent until it lands

    doc = (files("openness") / "data" / "classifier.json").read_bytes()
    arrays = (files("openness") / "data" / "classifier.npz").read_bytes()
    assert _sha256(doc) == MODEL_SHA256
    assert _sha256(arrays) == json.loads(doc)["arrays"]["sha256"]


def test_no_public_callable_takes_a_model_file() -> None:
    # The loader reads the package's own file only: no public function takes a path to a model.
    for name in openness.__all__:
        obj = getattr(openness, name)
        if not callable(obj) or isinstance(obj, type):
            continue
        for param in inspect.signature(obj).parameters:
            assert not re.search(r"model|classifier|pickle|joblib", param), (name, param)


# docs/errors.md lists every error and finding id ------------------------------------------------

DOC = (ROOT / "docs" / "errors.md").read_text(encoding="utf-8")
DOCUMENTED = set(re.findall(r"`([a-z][a-z0-9]*(?:-[a-z0-9]+)+)`", DOC))
# Every rule id the engine can produce: the catalogue, the one place they are written.
RULE_IDS = set(CATALOGUE)


def test_static_list_of_rule_ids_is_documented() -> None:
    assert not (RULE_IDS - DOCUMENTED), sorted(RULE_IDS - DOCUMENTED)


def _rule_ids_in_source() -> tuple[set[str], set[str]]:
    """The first argument of every Finding(...) in the source: literal ids and f-string ids."""
    literal: set[str] = set()
    patterns: set[str] = set()
    for path in SRC.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call) or not node.args:
                continue
            func = node.func
            name = func.id if isinstance(func, ast.Name) else getattr(func, "attr", "")
            if name != "Finding":
                continue
            first = node.args[0]
            if isinstance(first, ast.Constant) and isinstance(first.value, str):
                literal.add(first.value)
            elif isinstance(first, ast.JoinedStr):
                patterns.add(
                    "".join(
                        re.escape(v.value) if isinstance(v, ast.Constant) else "[a-z0-9-]*"
                        for v in first.values
                    )
                )
    return literal, patterns


def test_every_rule_id_in_the_source_is_documented() -> None:
    literal, patterns = _rule_ids_in_source()
    assert len(literal) > 20
    assert not (literal - DOCUMENTED), sorted(literal - DOCUMENTED)
    for pattern in patterns:
        assert any(re.fullmatch(pattern, rule) for rule in DOCUMENTED), pattern
    # The written-out list covers every f-string id, and nothing the source cannot make.
    for rule in RULE_IDS - literal:
        assert any(re.fullmatch(p, rule) for p in patterns), rule


@pytest.fixture(scope="module")
def produced() -> set[str]:
    """Rule ids of every finding over the bundled data and the test corpora."""
    paths = [
        *RELEASES,
        *sorted((ROOT / "data" / "mot" / "models").glob("*.yml")),
        *sorted((ROOT / "data" / "mot" / "reference" / "test-data").glob("*.yml")),
        *(p for p in sorted((ROOT / "tests" / "cases").rglob("*.*")) if "hostile" not in p.parts),
    ]
    rules: set[str] = set()
    for path in paths:
        try:
            a = openness.score(path)
        except openness.OpennessError:
            continue
        rules.update(f.rule for f in a.findings)
    return rules


def test_every_rule_id_produced_is_documented(produced: set[str]) -> None:
    assert len(produced) > 60
    assert not (produced - DOCUMENTED), sorted(produced - DOCUMENTED)
    assert not (produced - RULE_IDS), sorted(produced - RULE_IDS)


def test_errors_doc_is_what_the_catalogue_gives() -> None:
    result = subprocess.run(
        [sys.executable, str(ROOT / "tasks" / "errors_doc.py"), "--check"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout


def test_findings_weigh_what_the_catalogue_says() -> None:
    # Over every bundled record: a finding's severity is its id's, unless the id is one whose
    # clause the finding chooses (the catalogue then names none).
    for path in [*RELEASES, *sorted((ROOT / "tests" / "cases" / "cards").glob("*/README.md"))]:
        for f in openness.score(path).findings:
            entry = CATALOGUE[f.rule]
            assert f.severity is entry.severity, (path.name, f.rule)
            if entry.clause is not None:
                assert f.clause == entry.clause, (path.name, f.rule)


@settings(max_examples=300, deadline=None, database=None)
@given(releases)
def test_every_rule_id_of_generated_releases_is_documented(release: dict[str, Any]) -> None:
    rules = {f.rule for f in openness.score(release).findings}
    assert not (rules - DOCUMENTED), sorted(rules - DOCUMENTED)
    assert not (rules - RULE_IDS), sorted(rules - RULE_IDS)
