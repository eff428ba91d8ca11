"""The release format: strict, explained errors, published JSON Schema."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml

import openness

ROOT = Path(__file__).resolve().parent.parent
SCHEMA = json.loads((ROOT / "docs" / "release.schema.json").read_text())
RELEASES = sorted((ROOT / "data" / "releases").glob("*.yaml"))


def test_published_schema_is_current() -> None:
    done = subprocess.run(
        [sys.executable, str(ROOT / "tasks" / "export_schema.py"), "--check"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr


@pytest.mark.parametrize("path", RELEASES, ids=lambda p: p.stem)
def test_bundled_releases_validate_against_the_schema(path: Path) -> None:
    doc = json.loads(json.dumps(yaml.safe_load(path.read_text()), default=str))
    jsonschema.validate(doc, SCHEMA)


BASE: dict[str, Any] = {"name": "demo", "access": "open", "license": "Apache-2.0"}


@pytest.mark.parametrize(
    ("mapping", "message"),
    [
        pytest.param(
            {**BASE, "acces": "open"},
            "acces: unknown field (did you mean 'access'?)",
            id="typo-top-level",
        ),
        pytest.param(
            {**BASE, "components": {"trainig_code": {}}},
            "components.trainig_code: unknown component (did you mean 'training_code'?)",
            id="typo-component",
        ),
        pytest.param(
            {**BASE, "components": {"datasets": {"licnse": "MIT"}}},
            "components.datasets.licnse: unknown field (did you mean 'license'?)",
            id="typo-component-field",
        ),
        pytest.param({**BASE, "access": "public"}, "access: Input should be 'open'", id="bad-enum"),
        pytest.param({"access": "open"}, "name: required field is missing", id="no-name"),
        pytest.param(
            {**BASE, "training_compute_flops": -1},
            "training_compute_flops: Input should be greater than or equal to 0",
            id="negative-flops",
        ),
    ],
)
def test_invalid_release_names_field_and_expectation(mapping: dict[str, Any], message: str) -> None:
    with pytest.raises(openness.InvalidReleaseError) as info:
        openness.score(mapping)
    assert str(info.value).startswith(f"<mapping>: {message}")


def test_error_names_the_file(tmp_path: Path) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text("name: x\ncomponents:\n  weights: {}\n")
    with pytest.raises(openness.InvalidReleaseError, match=r"bad\.yaml: components\.weights"):
        openness.score(path)


def test_shorthands_and_spelling() -> None:
    a = openness.score(
        {
            "name": "demo",
            "licence": "MIT",
            "access": "open",
            "components": {
                "model_parameters_final": True,
                "training_code": "Apache-2.0",
                "datasets": False,
            },
        }
    )
    comps = a.release.components
    assert comps["training_code"].license == "Apache-2.0"
    assert comps["model_parameters_final"].released
    assert not comps["datasets"].released
    assert a.release.license == "MIT"


@pytest.mark.parametrize("path", RELEASES[:10], ids=lambda p: p.stem)
def test_release_round_trips(path: Path) -> None:
    release = openness.score(path).release
    again = openness.Release.model_validate(json.loads(json.dumps(release.to_mapping())))
    assert again == release
