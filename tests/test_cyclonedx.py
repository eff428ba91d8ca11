"""CycloneDX 1.6 ML-BOM: export with cyclonedx-python-lib, import, and the round trip."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from referencing import Registry, Resource

import openness
from openness.licenses._names import successor
from openness.licenses._resolve import resolve_license
from openness.readers._core import read

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


SCHEMAS = ROOT / "tests" / "schemas" / "cyclonedx-1.6"
RELEASES = ROOT / "data" / "releases"


def _schema(name: str) -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads((SCHEMAS / name).read_text(encoding="utf-8"))
    return loaded


# The official CycloneDX 1.6 schema and the two it refers to (tests/schemas/NOTICE.md), each
# under its own $id: no validation reaches the network.
BOM_SCHEMA = _schema("bom-1.6.schema.json")
SPDX_IDS = frozenset(_schema("spdx.schema.json")["enum"])
REGISTRY: Registry = Registry().with_resources(
    (doc["$id"], Resource.from_contents(doc))
    for doc in (BOM_SCHEMA, _schema("spdx.schema.json"), _schema("jsf-0.82.schema.json"))
)
VALIDATOR = jsonschema.Draft7Validator(BOM_SCHEMA, registry=REGISTRY)


def _errors(doc: dict[str, Any]) -> list[str]:
    return [f"{list(e.absolute_path)}: {e.message[:200]}" for e in VALIDATOR.iter_errors(doc)]


def _choices(doc: dict[str, Any]) -> list[dict[str, Any]]:
    comps = [doc["metadata"]["component"], *doc.get("components", [])]
    return [choice for c in comps for choice in c.get("licenses", [])]


@pytest.mark.parametrize("path", sorted(RELEASES.glob("*.yaml")), ids=lambda p: p.stem)
def test_export_is_valid_cyclonedx_1_6(path: Path) -> None:
    doc = openness.to_cyclonedx(openness.score(path))
    assert _errors(json.loads(json.dumps(doc))) == []
    # CycloneDX's id is an enumeration of the SPDX list: a LicenseRef never goes as one.
    for choice in _choices(doc):
        if "license" in choice and "id" in choice["license"]:
            assert choice["license"]["id"] in SPDX_IDS
            assert not choice["license"]["id"].startswith("LicenseRef-")


def test_export_olmo() -> None:
    from cyclonedx.schema import SchemaVersion  # noqa: PLC0415 - the cyclonedx extra
    from cyclonedx.validation.json import JsonStrictValidator  # noqa: PLC0415

    a = openness.score(RELEASES / "olmo-7b.yaml")
    doc = openness.to_cyclonedx(a)
    # The library's own (strict) validator agrees with the official schema.
    assert JsonStrictValidator(SchemaVersion.V1_6).validate_str(json.dumps(doc)) is None
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
    assert data["licenses"] == [{"license": {"id": "ODC-By-1.0", "acknowledgement": "declared"}}]
    # A broken BOM fails the same validator: the check is real.
    doc["components"][0]["type"] = "weights"
    assert _errors(doc) != []


def test_validator_refuses_a_licence_id_off_the_spdx_list() -> None:
    doc = openness.to_cyclonedx(openness.score(RELEASES / "olmo-7b.yaml"))
    assert _errors(doc) == []
    doc["metadata"]["component"]["licenses"] = [
        {"license": {"id": "LicenseRef-scancode-llama-3.1-license-2024"}}
    ]
    assert any("licenses" in e for e in _errors(doc))


LLAMA_31 = {
    "license": {
        "name": "Llama 3.1 Community License Agreement",
        "url": "https://github.com/meta-llama/llama-models/blob/main/models/llama3_1/LICENSE",
        "acknowledgement": "declared",
    }
}


@pytest.mark.parametrize(
    ("release", "component", "expected"),
    [
        # On the SPDX list: its id.
        pytest.param("olmo-7b", "model_parameters_final", {"license": {"id": "Apache-2.0"}}),
        pytest.param("olmo-7b", "datasets", {"license": {"id": "ODC-By-1.0"}}, id="olmo-data"),
        pytest.param("mistral-7b", None, {"license": {"id": "Apache-2.0"}}, id="mistral"),
        # Not on the SPDX list: a knowledge-base LicenseRef, named, with its address.
        pytest.param("llama-3.1-8b", None, LLAMA_31, id="llama-3.1"),
        pytest.param("llama-3.1-8b", "model_parameters_final", LLAMA_31, id="llama-weights"),
        pytest.param(
            "llama-3.1-8b",
            "research_paper",
            {
                "license": {
                    "name": "arXiv.org perpetual, non-exclusive license to distribute this "
                    "article 1.0",
                    "url": "https://arxiv.org/licenses/nonexclusive-distrib/1.0/license.html",
                }
            },
            id="arxiv",
        ),
        pytest.param(
            "gemma-2-9b", None, {"license": {"name": "Gemma Terms of Use (2025-03-24)"}}, id="gemma"
        ),
    ],
)
def test_licence_choice_of_bundled_releases(
    release: str, component: str | None, expected: dict[str, Any]
) -> None:
    doc = openness.to_cyclonedx(openness.score(RELEASES / f"{release}.yaml"))
    entry = doc["metadata"]["component"]
    if component is not None:
        entry = next(c for c in doc["components"] if c["bom-ref"] == f"openness:{component}")
    (choice,) = entry["licenses"]
    got = {k: {n: v for n, v in choice[k].items() if n in expected[k]} for k in choice}
    assert got == expected
    assert choice["license"]["acknowledgement"] == "declared"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param("MIT AND Apache-2.0", {"expression": "MIT AND Apache-2.0"}, id="and"),
        # Ids as the knowledge base spells them; a LicenseRef may stand in an expression.
        pytest.param(
            "apache-2.0 OR llama3.1",
            {"expression": "Apache-2.0 OR LicenseRef-scancode-llama-3.1-license-2024"},
            id="or-licenseref",
        ),
        pytest.param(
            "MIT OR Apache-2.0 AND BSD-3-Clause",
            {"expression": "MIT OR (Apache-2.0 AND BSD-3-Clause)"},
            id="precedence",
        ),
        pytest.param("Apache 2.0 + MIT", {"expression": "Apache-2.0 AND MIT"}, id="plus"),
        pytest.param("Apache License 2.0", {"license": {"id": "Apache-2.0"}}, id="name"),
        # Nothing known: the text as written.
        pytest.param("other", {"license": {"name": "other"}}, id="unknown"),
        pytest.param("NONE", {"license": {"name": "NONE"}}, id="none"),
    ],
)
def test_licence_choice_of_a_text(text: str, expected: dict[str, Any]) -> None:
    release = openness.Release(name="demo", license=text, components={"model_parameters_final": {}})
    doc = openness.to_cyclonedx(release)
    (choice,) = doc["metadata"]["component"]["licenses"]
    choice = {k: v for k, v in choice.items() if k != "acknowledgement"}
    if "license" in choice:
        choice["license"] = {k: v for k, v in choice["license"].items() if k in {"id", "name"}}
    assert choice == expected
    assert _errors(doc) == []


KNOWN_IDS = sorted(
    e["id"]
    for e in json.loads(
        (ROOT / "src" / "openness" / "data" / "licenses.json").read_text(encoding="utf-8")
    )["licenses"].values()
)


def test_every_known_licence_exports_valid() -> None:
    # The id list the export goes by is the library's (an older release knows fewer ids, and
    # writes the newer as names); every id it writes is on the official schema's list.
    from cyclonedx.spdx import is_supported_id  # noqa: PLC0415 - the cyclonedx extra

    ids = names = 0
    for written in KNOWN_IDS:
        # A deprecated SPDX id is its successor (AGPL-1.0 is AGPL-1.0-only).
        known = successor(openness.get_license(written)).id
        doc = openness.to_cyclonedx(openness.Release(name="x", license=written))
        (choice,) = doc["metadata"]["component"]["licenses"]
        entry = choice["license"]
        if "id" in entry:
            ids += 1
            assert entry["id"] == known
            assert entry["id"] in SPDX_IDS
        else:
            names += 1
            assert not is_supported_id(known)
            # Read back as written, the name is the same licence.
            assert _ids(entry["name"]) == [known]
    assert ids > 600
    assert names > 1000


def _standard_only(doc: dict[str, Any]) -> dict[str, Any]:
    """Drop openness's own licence properties: only CycloneDX's fields tell the licences."""
    doc = json.loads(json.dumps(doc))
    for comp in [doc["metadata"]["component"], *doc.get("components", [])]:
        comp["properties"] = [p for p in comp["properties"] if p["name"] != "openness:license"]
    return doc


@pytest.mark.parametrize("path", sorted(RELEASES.glob("*.yaml")), ids=lambda p: p.stem)
def test_round_trip_by_cyclonedx_fields_alone(path: Path) -> None:
    a = openness.score(path)
    back = openness.score(_standard_only(openness.to_cyclonedx(a)))
    assert back.level == a.level
    assert (back.osaid.status, back.owd.status, back.eu_ai_act.status) == (
        a.osaid.status,
        a.owd.status,
        a.eu_ai_act.status,
    )
    assert (back.mof_class, back.flags) == (a.mof_class, a.flags)
    for name in a.release.components:
        assert _ids(back.release.license_of(name)) == _ids(a.release.license_of(name)), name


def _ids(text: str | None) -> list[str]:
    return [lic.id for lic in resolve_license(text).licenses]


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
