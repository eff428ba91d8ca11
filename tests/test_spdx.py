"""SPDX 3.0.1 export: valid by SPDX's JSON schema, read back by SPDX's bindings, right licences."""

from __future__ import annotations

import datetime as dt
import functools
import io
import json
import sys
import warnings
from pathlib import Path
from typing import Any

import jsonschema_rs
import pyshacl
import pytest
import rdflib
import spdx_python_model
from license_expression import Licensing

import openness
from openness._cli import main

ROOT = Path(__file__).resolve().parent.parent
RELEASES = ROOT / "data" / "releases"
MOT = ROOT / "data" / "mot" / "models"
# SPDX's JSON schema of 3.0.1 documents (tests/schemas/NOTICE.md); jsonschema-rs, as the
# reference implementation takes seconds a document on it.
SCHEMA = json.loads(
    (ROOT / "tests" / "schemas" / "spdx-3.0.1" / "spdx-json-schema.json").read_text("utf-8")
)
VALIDATOR = jsonschema_rs.Draft202012Validator(SCHEMA)
SPDX_301 = ROOT / "tests" / "schemas" / "spdx-3.0.1"
CREATED = dt.datetime(2025, 1, 2, 3, 4, 5, tzinfo=dt.UTC)
NOASSERTION = "expandedlicensing_NoAssertionLicense"
NONE = "expandedlicensing_NoneLicense"
LLAMA = "LicenseRef-scancode-llama-3.1-license-2024"
ARXIV = "LicenseRef-openness-arxiv-nonexclusive-distrib-1.0"


def errors(doc: dict[str, Any]) -> list[str]:
    return [f"{list(e.instance_path)}: {e.message[-300:]}" for e in VALIDATOR.iter_errors(doc)]


@functools.cache
def _shapes() -> rdflib.Graph:
    # SPDX's 3.0.1 model: its OWL ontology and SHACL shapes in one file (tests/schemas/NOTICE.md).
    return rdflib.Graph().parse(SPDX_301 / "spdx-model.ttl", format="turtle")


def shacl_report(doc: dict[str, Any]) -> str | None:
    """Return SHACL's report when *doc*'s RDF breaks SPDX's 3.0.1 shapes, else ``None``.

    The document's RDF is read with SPDX's JSON-LD context from tests/schemas, in place of its
    address: nothing is fetched.
    """
    context = json.loads((SPDX_301 / "spdx-context.jsonld").read_text("utf-8"))["@context"]
    assert doc["@context"] == "https://spdx.org/rdf/3.0.1/spdx-context.jsonld"
    with warnings.catch_warnings():
        # rdflib 7's own JSON-LD parser builds a ConjunctiveGraph, which rdflib 7 deprecates.
        warnings.filterwarnings("ignore", "ConjunctiveGraph is deprecated", DeprecationWarning)
        graph = rdflib.Graph().parse(
            data=json.dumps({**doc, "@context": context}), format="json-ld"
        )
    assert len(graph) > 20
    conforms, _, text = pyshacl.validate(
        graph, shacl_graph=_shapes(), ont_graph=_shapes(), inference="none"
    )
    return None if conforms else str(text)


class Doc:
    """An exported document, indexed: elements by id and by name, relationships by kind."""

    def __init__(self, data: dict[str, Any]) -> None:
        self.data = data
        self.graph: list[dict[str, Any]] = data["@graph"]
        self.by_id = {o["spdxId"]: o for o in self.graph if "spdxId" in o}
        (self.document,) = self.of("SpdxDocument")
        (root,) = self.document["rootElement"]
        self.root = self.by_id[root]

    def of(self, kind: str) -> list[dict[str, Any]]:
        return [o for o in self.graph if o["type"] == kind]

    def named(self, name: str) -> dict[str, Any]:
        (found,) = [o for o in self.graph if o.get("name") == name and "spdxId" in o]
        return found

    def related(self, source: dict[str, Any], kind: str) -> list[str]:
        """The targets of *source*'s relationships of *kind*: ids, or what a licence says."""
        out = []
        for rel in self.of("Relationship"):
            if rel["from"] == source["spdxId"] and rel["relationshipType"] == kind:
                for to in rel["to"]:
                    target = self.by_id.get(to)
                    if target is not None and "simplelicensing_licenseExpression" in target:
                        out.append(target["simplelicensing_licenseExpression"])
                    else:
                        out.append(to)
        return out

    def properties(self, element: dict[str, Any]) -> dict[str, list[str]]:
        out: dict[str, list[str]] = {}
        for ext in element.get("extension", []):
            for p in ext["extension_cdxProperty"]:
                out.setdefault(p["extension_cdxPropName"], []).append(p["extension_cdxPropValue"])
        return out


def export(source: object) -> Doc:
    doc = openness.to_spdx(openness.score(source), created=CREATED)  # type: ignore[arg-type]
    return Doc(json.loads(json.dumps(doc)))


# Real releases: the bundled release files and Model Openness Tool records. Per release: the
# licence the release declares, and per component (by MOF title) the licence declared.
CASES = [
    pytest.param(
        RELEASES / "llama-3.1-8b.yaml",
        LLAMA,
        {"Model parameters (Final)": LLAMA, "Research paper": ARXIV, "Model card": LLAMA},
        "fail",
        id="llama-3.1-8b",
    ),
    pytest.param(
        RELEASES / "olmo-7b.yaml",
        "Apache-2.0",
        {"Datasets": "ODC-By-1.0", "Data card": "CC-BY-4.0", "Training code": "Apache-2.0"},
        "pass",
        id="olmo-7b",
    ),
    pytest.param(
        RELEASES / "olmo-2-1124-7b.yaml",
        "Apache-2.0",
        {"Datasets": "ODC-By-1.0", "Model card": "Apache-2.0"},
        "pass",
        id="olmo-2",
    ),
    pytest.param(
        RELEASES / "mistral-7b.yaml",
        "Apache-2.0",
        {"Model parameters (Final)": "Apache-2.0"},
        "fail",
        id="mistral-7b",
    ),
    pytest.param(RELEASES / "gpt-4o.yaml", None, {}, "fail", id="gpt-4o"),
    pytest.param(
        MOT / "Pythia-6.9B.yml",
        "Apache-2.0",
        {"Training code": "MIT", "Research paper": "CC-BY-SA-4.0", "Datasets": "Apache-2.0"},
        "pass",
        id="mot-pythia-6.9b",
    ),
    pytest.param(
        MOT / "BLOOM.yml",
        # The record says BigScience-BLOOM-RAIL-1.0, a Hugging Face id the SPDX list lacks.
        "LicenseRef-scancode-bigscience-rail-1.0",
        {"Datasets": "LicenseRef-scancode-bigscience-rail-1.0", "Technical report": "CC-BY-4.0"},
        "fail",
        id="mot-bloom",
    ),
    pytest.param(
        MOT / "GPT-4.yml",
        "LicenseRef-openness-proprietary",
        {"Research paper": ARXIV},
        "fail",
        id="mot-gpt-4",
    ),
]


@pytest.mark.parametrize(("path", "declared", "components", "osaid"), CASES)
def test_export_of_real_releases(
    path: Path, declared: str | None, components: dict[str, str], osaid: str
) -> None:
    a = openness.score(path)
    doc = export(path)
    assert errors(doc.data) == []
    assert doc.root["type"] == "ai_AIPackage"
    assert doc.root["name"] == a.release.name
    assert doc.root["software_primaryPurpose"] == "model"
    assert doc.related(doc.root, "hasDeclaredLicense") == ([declared] if declared else [])
    for title, expected in components.items():
        assert doc.related(doc.named(title), "hasDeclaredLicense") == [expected], title
    # The verdicts, where a reader finds them: annotations of the release and properties.
    assert a.osaid.status == osaid
    props = doc.properties(doc.root)
    assert props["openness:osaid"] == [osaid]
    assert props["openness:level"] == [a.level.name]
    statements = {
        n["statement"].split("\n")[0]
        for n in doc.of("Annotation")
        if n["subject"] == doc.root["spdxId"]
    }
    assert f"openness: OSI Open Source AI Definition 1.0: {osaid}" in statements
    assert f"openness: Open Weight Definition 0.3: {a.owd.status}" in statements


@pytest.mark.parametrize(("path", "declared", "components", "osaid"), CASES)
def test_real_releases_conform_to_the_spdx_model(
    path: Path, declared: str | None, components: dict[str, str], osaid: str
) -> None:
    del declared, components, osaid
    assert shacl_report(export(path).data) is None


def test_shacl_refuses_a_broken_document() -> None:
    doc = export(RELEASES / "olmo-7b.yaml").data
    broken = json.loads(json.dumps(doc))
    (data,) = [
        o
        for o in broken["@graph"]
        if o["type"] == "dataset_DatasetPackage" and o["name"] == "Datasets"
    ]
    del data["dataset_datasetType"]  # Required by the Dataset profile.
    report = shacl_report(broken)
    assert report is not None
    assert "datasetType" in report
    # A profile the document claims must be one: "extension" is read as a property by the
    # 3.0.1 context, so openness does not claim it (src/openness/_spdx.py).
    broken = json.loads(json.dumps(doc))
    (document,) = [o for o in broken["@graph"] if o["type"] == "SpdxDocument"]
    document["profileConformance"].append("extension")
    assert errors(broken) == []  # Valid by the JSON schema...
    assert shacl_report(broken) is not None  # ...but not by the model.


def test_llama_verdicts_cite_the_clauses() -> None:
    doc = export(RELEASES / "llama-3.1-8b.yaml")
    (owd,) = [n for n in doc.of("Annotation") if "Open Weight Definition" in n["statement"]]
    assert owd["annotationType"] == "review"
    assert "weights-user-threshold" in owd["statement"]
    assert "700 million monthly active users" in owd["statement"]
    assert "weights-use-restrictions" in owd["statement"]
    # The LicenseRef is explained: the licence's name and where its terms are.
    (expression,) = [
        e
        for e in doc.of("simplelicensing_LicenseExpression")
        if e["simplelicensing_licenseExpression"] == LLAMA
    ]
    assert "Llama 3.1 Community License Agreement" in expression["comment"]
    assert expression["simplelicensing_licenseListVersion"] == "3.28.0"
    claims = [n["statement"] for n in doc.of("Annotation") if "claim" in n["statement"]]
    assert "openness: claim 'open source AI model' asserts OPEN_SOURCE: open-washing" in claims


def test_datasets_are_dataset_packages_the_model_is_trained_on() -> None:
    doc = export(RELEASES / "olmo-7b.yaml")
    data = doc.named("Datasets")
    assert data["type"] == "dataset_DatasetPackage"
    assert data["software_primaryPurpose"] == "data"
    assert data["software_downloadLocation"] == "https://huggingface.co/datasets/allenai/dolma"
    assert doc.related(doc.root, "trainedOn") == [data["spdxId"]]
    assert doc.related(doc.root, "testedOn") == [doc.named("Evaluation data")["spdxId"]]
    assert doc.named("Model parameters (Final)")["type"] == "ai_AIPackage"
    assert doc.named("Training code")["type"] == "software_Package"
    contained = doc.related(doc.root, "contains")
    assert len(contained) == len(openness.score(RELEASES / "olmo-7b.yaml").release.components)


def test_creation_info_names_openness() -> None:
    doc = export(RELEASES / "mistral-7b.yaml")
    (info,) = doc.of("CreationInfo")
    assert info["specVersion"] == "3.0.1"
    assert info["created"] == "2025-01-02T03:04:05Z"
    (agent,) = [doc.by_id[i] for i in info["createdBy"]]
    (tool,) = [doc.by_id[i] for i in info["createdUsing"]]
    assert (agent["type"], agent["name"]) == ("SoftwareAgent", "openness")
    assert (tool["type"], tool["name"]) == ("Tool", f"openness {openness.__version__}")
    assert doc.data["@context"] == "https://spdx.org/rdf/3.0.1/spdx-context.jsonld"
    assert {"core", "software", "ai", "dataset", "simpleLicensing"} <= set(
        doc.document["profileConformance"]
    )
    supplier = doc.by_id[doc.root["suppliedBy"]]
    assert (supplier["type"], supplier["name"]) == ("Organization", "Mistral AI")
    assert doc.root["releaseTime"] == "2023-09-27T00:00:00Z"


_LICENSING = Licensing()


def _symbols(expression: str) -> list[str]:
    return [str(s.key) for s in _LICENSING.license_symbols(_LICENSING.parse(expression))]


BUNDLED = sorted(RELEASES.glob("*.yaml"))


@pytest.mark.parametrize("path", BUNDLED, ids=lambda p: p.stem)
def test_every_bundled_release_exports_a_valid_document(path: Path) -> None:
    doc = export(path)
    assert errors(doc.data) == []
    # SPDX's own bindings read it back (every type, property and reference they know).
    _, objects = spdx_python_model.load_data(doc.data)
    assert len(objects.obj_by_id) >= len(doc.by_id)
    # Each expression is SPDX's: ids of the SPDX list, or LicenseRefs of SPDX's idstring.
    spdx_list = set(
        json.loads(
            (ROOT / "tests" / "schemas" / "cyclonedx-1.6" / "spdx.schema.json").read_text("utf-8")
        )["enum"]
    )
    for e in doc.of("simplelicensing_LicenseExpression"):
        for key in _symbols(e["simplelicensing_licenseExpression"]):
            assert key in spdx_list or key.startswith("LicenseRef-"), key
    # Every package has one declared licence (when its text names one) and one concluded
    # licence (when it is released); every reference is to an element of the document.
    a = openness.score(path)
    for name, c in a.release.components.items():
        package = doc.by_id[f"{doc.document['spdxId'].split('#')[0]}#{name}"]
        declared = doc.related(package, "hasDeclaredLicense")
        assert len(declared) == (a.release.license_of(name) is not None), name
        assert len(doc.related(package, "hasConcludedLicense")) == bool(c.released), name
    for rel in doc.of("Relationship"):
        for ref in [rel["from"], *rel["to"]]:
            assert ref in doc.by_id or ref in {NOASSERTION, NONE}, ref


@pytest.mark.parametrize(
    ("text", "declared", "concluded"),
    [
        pytest.param("Apache-2.0 OR MIT", "Apache-2.0 OR MIT", "Apache-2.0", id="or"),
        pytest.param("MIT AND llama3.1", f"MIT AND {LLAMA}", f"MIT AND {LLAMA}", id="and"),
        pytest.param("apache-2.0", "Apache-2.0", "Apache-2.0", id="case"),
        pytest.param("Llama 3.1 Community License", LLAMA, LLAMA, id="name"),
        pytest.param("NONE", NONE, NONE, id="none"),
        pytest.param("other", NOASSERTION, NOASSERTION, id="not-stated"),
        pytest.param("our own licence", NOASSERTION, NOASSERTION, id="unknown"),
    ],
)
def test_licence_texts(text: str, declared: str, concluded: str) -> None:
    release = openness.Release(name="demo", license=text, components={"model_parameters_final": {}})
    doc = export(release)
    assert errors(doc.data) == []
    assert doc.related(doc.root, "hasDeclaredLicense") == [declared]
    assert doc.related(doc.root, "hasConcludedLicense") == [concluded]
    if declared == NOASSERTION:
        # The text as written stays readable, in the relationship's comment.
        (rel,) = [
            r
            for r in doc.of("Relationship")
            if r["relationshipType"] == "hasDeclaredLicense" and r["from"] == doc.root["spdxId"]
        ]
        assert rel["comment"] == f"As written: {text}"
    if NONE in {declared, concluded} or NOASSERTION in {declared, concluded}:
        assert "expandedLicensing" in doc.document["profileConformance"]


def test_a_release_without_verdicts() -> None:
    release = openness.Release(name="demo", license="MIT", base_model=("org/base",))
    data = openness.to_spdx(release, created=CREATED)
    doc = Doc(data)
    assert errors(data) == []
    assert doc.of("Annotation") == []
    assert "openness:level" not in doc.properties(doc.root)
    (base,) = [doc.by_id[i] for i in doc.related(doc.root, "descendantOf")]
    assert (base["type"], base["name"]) == ("ai_AIPackage", "org/base")


def test_the_document_is_stable(monkeypatch: pytest.MonkeyPatch) -> None:
    a = openness.score(RELEASES / "olmo-7b.yaml")
    assert openness.to_spdx(a, created=CREATED) == openness.to_spdx(a, created=CREATED)
    # Reproducible builds: SOURCE_DATE_EPOCH is the creation time when none is given.
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(int(CREATED.timestamp())))
    assert openness.to_spdx(a) == openness.to_spdx(a, created=CREATED)
    # A value no date has is not a date: the document is made now, not refused.
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "999999999999")
    (info,) = Doc(openness.to_spdx(a)).of("CreationInfo")
    assert info["created"].startswith(str(dt.datetime.now(tz=dt.UTC).year))


def test_validator_rejects_a_broken_document() -> None:
    doc = export(RELEASES / "olmo-7b.yaml")
    assert errors(doc.data) == []
    broken = json.loads(json.dumps(doc.data))
    (rel,) = [o for o in broken["@graph"] if o.get("relationshipType") == "trainedOn"]
    rel["relationshipType"] = "trainedWith"
    assert errors(broken) != []
    broken = json.loads(json.dumps(doc.data))
    (root,) = [o for o in broken["@graph"] if o.get("name") == "OLMo-7B"]
    root["software_primaryPurpose"] = "weights"
    assert errors(broken) != []


def test_without_the_extra(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "spdx_python_model.bindings", None)
    with pytest.raises(ModuleNotFoundError, match=r"openness\[spdx\]"):
        openness.to_spdx(openness.Release(name="x"))


def run(*argv: str) -> tuple[int, str]:
    out = io.StringIO()
    code = main(list(argv), out)
    return code, out.getvalue()


@pytest.mark.parametrize("fmt", ["spdx-json", "cyclonedx"])
def test_cli_writes_one_document(fmt: str, tmp_path: Path) -> None:
    code, text = run("score", str(RELEASES / "llama-3.1-8b.yaml"), "--format", fmt)
    assert code == 0
    data = json.loads(text)
    if fmt == "spdx-json":
        assert errors(data) == []
        assert Doc(data).related(Doc(data).root, "hasDeclaredLicense") == [LLAMA]
    else:
        assert data["bomFormat"] == "CycloneDX"
    target = tmp_path / "bom.json"
    code, text = run("score", str(RELEASES / "olmo-7b.yaml"), "--format", fmt, "-o", str(target))
    assert (code, text) == (0, "")
    assert json.loads(target.read_text("utf-8"))


@pytest.mark.parametrize("fmt", ["spdx-json", "cyclonedx"])
def test_cli_refuses_several_releases(fmt: str, capsys: pytest.CaptureFixture[str]) -> None:
    code, text = run("score", str(RELEASES), "--format", fmt)
    assert (code, text) == (2, "")
    err = capsys.readouterr().err
    assert len(err.splitlines()) == 1
    assert "one release" in err


def test_cli_without_the_extra(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import importlib.util  # noqa: PLC0415

    real = importlib.util.find_spec
    monkeypatch.setattr(
        importlib.util,
        "find_spec",
        lambda name, *a: None if name == "spdx_python_model" else real(name, *a),
    )
    code, text = run("score", str(RELEASES / "olmo-7b.yaml"), "--format", "spdx-json")
    assert (code, text) == (2, "")
    assert "pip install 'openness[spdx]'" in capsys.readouterr().err
