"""CycloneDX 1.6 ML-BOM: export with cyclonedx-python-lib, import, and the round trip."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

import openness
from openness._readers import read

ROOT = Path(__file__).resolve().parent.parent
SOURCES = sorted((ROOT / "data" / "releases").glob("*.yaml")) + sorted(
    (ROOT / "tests" / "cases" / "cards").glob("*/README.md")
)


@pytest.mark.parametrize(
    "path", SOURCES, ids=[p.parent.name if p.name == "README.md" else p.stem for p in SOURCES]
)
def test_round_trip_keeps_every_field_openness_reads(path: Path) -> None:
    a = openness.score(path)
    doc = openness.to_cyclonedx(a)
    back, source = read(json.loads(json.dumps(doc)))
    assert source.format == "cyclonedx"
    # Name, producer, date, claims, access, licences per component, location, partial, notes...
    assert back.to_mapping() == a.release.to_mapping()
    assert openness.score(back).level == a.level


def test_export_is_valid_cyclonedx_1_6() -> None:
    from cyclonedx.schema import SchemaVersion  # noqa: PLC0415 - the cyclonedx extra
    from cyclonedx.validation.json import JsonStrictValidator  # noqa: PLC0415

    a = openness.score(ROOT / "data" / "releases" / "olmo-2-1124-7b.yaml")
    doc = openness.to_cyclonedx(a)
    text = json.dumps(doc)
    assert JsonStrictValidator(SchemaVersion.V1_6).validate_str(text) is None
    assert doc["specVersion"] == "1.6"
    root = doc["metadata"]["component"]
    assert root["type"] == "machine-learning-model"
    props = {p["name"]: p["value"] for p in root["properties"]}
    assert props["openness:level"] == "OPEN_SCIENCE"
    assert props["openness:access"] == "open"
    weights = next(
        c for c in doc["components"] if c["bom-ref"] == "openness:model_parameters_final"
    )
    assert weights["type"] == "machine-learning-model"
    assert weights["modelCard"]["modelParameters"]["datasets"] == [{"ref": "openness:datasets"}]
    data = next(c for c in doc["components"] if c["bom-ref"] == "openness:datasets")
    assert data["type"] == "data"
    assert data["licenses"] == [{"license": {"name": "ODC-By-1.0"}}]
    # A broken BOM fails the same validator: the check is real.
    doc["components"][0]["type"] = "weights"
    assert JsonStrictValidator(SchemaVersion.V1_6).validate_str(json.dumps(doc)) is not None


# An ML-BOM as other tools write them (CycloneDX 1.6 spec's modelCard shape): the model with its
# model card, and its training data as a data component with its licence.
FOREIGN: dict[str, Any] = {
    "bomFormat": "CycloneDX",
    "specVersion": "1.6",
    "version": 1,
    "components": [
        {
            "type": "machine-learning-model",
            "bom-ref": "model",
            "name": "acme-7b",
            "supplier": {"name": "Acme"},
            "licenses": [{"license": {"id": "Apache-2.0"}}],
            "modelCard": {"modelParameters": {"datasets": [{"ref": "data"}]}},
        },
        {
            "type": "data",
            "bom-ref": "data",
            "name": "acme-corpus",
            "licenses": [{"expression": "CC-BY-4.0"}],
            "externalReferences": [{"type": "distribution", "url": "https://example.org/corpus"}],
        },
    ],
}


def test_import_foreign_ml_bom(tmp_path: Path) -> None:
    path = tmp_path / "bom.json"
    path.write_text(json.dumps(FOREIGN), encoding="utf-8")
    a = openness.score(path)
    assert a.source["format"] == "cyclonedx"
    r = a.release
    assert (r.name, r.producer, r.license) == ("acme-7b", "Acme", "Apache-2.0")
    assert r.access is None  # CycloneDX has no field for it: not stated.
    assert r.components["model_parameters_final"].license == "Apache-2.0"
    assert r.components["model_card"].released
    assert r.components["datasets"].license == "CC-BY-4.0"
    assert r.components["datasets"].location == "https://example.org/corpus"
    assert "cyclonedx-model" in {f.rule for f in a.findings}


def test_bom_without_a_model() -> None:
    bom = {**FOREIGN, "components": [FOREIGN["components"][1]]}
    with pytest.raises(openness.InvalidReleaseError, match="machine-learning-model"):
        openness.score(bom)


def test_export_a_release() -> None:
    release = openness.Release(name="demo", license="MIT", claims=("open weights",))
    doc = openness.to_cyclonedx(release)
    props = [p["name"] for p in doc["metadata"]["component"]["properties"]]
    assert "openness:claims" in props
    assert "openness:level" not in props
