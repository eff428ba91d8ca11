"""Published JSON Schemas: current with the models, and real outputs of every command validate."""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest

import openness
from openness._cli import main
from openness._outputs import SCHEMAS, schema_of

ROOT = Path(__file__).resolve().parent.parent
SCHEMA_DIR = ROOT / "docs" / "schemas"
RELEASES = sorted((ROOT / "data" / "releases").glob("*.yaml"))
CARDS = sorted((ROOT / "tests" / "cases" / "cards").glob("*/README.md"))


def published(name: str) -> dict[str, Any]:
    return json.loads((SCHEMA_DIR / f"{name}.schema.json").read_text(encoding="utf-8"))


def validate(doc: object, name: str) -> None:
    schema = published(name)
    jsonschema.Draft202012Validator.check_schema(schema)
    jsonschema.validate(doc, schema, cls=jsonschema.Draft202012Validator)


def run(*argv: str) -> tuple[int, str]:
    out = io.StringIO()
    code = main(list(argv), out)
    return code, out.getvalue()


@pytest.mark.parametrize("name", sorted(SCHEMAS))
def test_published_schemas_are_current(name: str) -> None:
    assert published(name) == schema_of(name), "run python tasks/export_schema.py"


def test_every_published_schema_has_a_model() -> None:
    assert {p.name.removesuffix(".schema.json") for p in SCHEMA_DIR.glob("*.json")} == set(SCHEMAS)


@pytest.mark.parametrize("path", RELEASES, ids=[p.stem for p in RELEASES])
def test_assessments_validate(path: Path) -> None:
    code, out = run("score", "--format", "json", str(path))
    assert code == 0
    (doc,) = json.loads(out)
    validate(doc, "assessment")
    assert doc["schema_version"] == "2"


@pytest.mark.parametrize("path", RELEASES[:12], ids=[p.stem for p in RELEASES[:12]])
def test_decisions_validate(path: Path) -> None:
    for policy in ("osaid", "commercial-use", "open-science"):
        validate(openness.check(str(path), policy).to_dict(), "decision")


@pytest.mark.parametrize("path", CARDS[:8], ids=[p.parent.name for p in CARDS[:8]])
def test_audit_records_validate(path: Path) -> None:
    _, out = run("audit", "--format", "json", str(path))
    for record in json.loads(out):
        validate(record, "audit-record")


@pytest.mark.parametrize(
    ("text", "recognised"),
    [
        pytest.param("MIT", True, id="spdx-id"),
        pytest.param("llama3.1", True, id="alias"),
        pytest.param("the frobnicator public licence of 1847", False, id="unrecognised"),
    ],
)
def test_license_documents_validate(text: str, recognised: bool) -> None:
    code, out = run("license", "--format", "json", text)
    assert code == 0
    doc = json.loads(out)
    validate(doc, "license-match")
    assert doc["recognised"] is recognised


def test_jsonl_keeps_line_correspondence(tmp_path: Path) -> None:
    good = json.dumps(
        {
            "name": "a",
            "access": "open",
            "license": "MIT",
            "components": {"model_parameters_final": {}},
        }
    )
    lines = [good, '{"name": "b", "acess": "open"}', "{not json", good]
    path = tmp_path / "releases.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    code, out = run("score", "--format", "jsonl", str(path))
    assert code == 2
    docs = [json.loads(line) for line in out.splitlines()]
    assert len(docs) == len(lines)
    for doc, kind in zip(
        docs, ["assessment", "batch-error", "batch-error", "assessment"], strict=True
    ):
        validate(doc, kind)
    assert docs[1]["error"]["line"] == 2
    assert "did you mean 'access'" in docs[1]["error"]["message"]
    assert docs[2]["error"]["source"].endswith("releases.jsonl:3")


@pytest.mark.parametrize(
    "argv",
    [
        pytest.param(["score", "--format", "json", str(RELEASES[0])], id="score"),
        pytest.param(["audit", "--format", "json", str(CARDS[0])], id="audit"),
        pytest.param(["check", "--policy", "owd", str(RELEASES[0])], id="check"),
        pytest.param(["license", "Apache-2.0"], id="license"),
    ],
)
def test_output_file_is_utf8(tmp_path: Path, argv: list[str]) -> None:
    target = tmp_path / "out.txt"
    code, out = run(*argv)
    code_file = main([*argv, "-o", str(target)], io.StringIO())
    assert code_file == code
    assert target.read_bytes() == out.encode("utf-8")


def test_output_file_unwritable(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["license", "MIT", "-o", str(tmp_path / "no" / "such" / "dir.txt")])
    assert code == 2
    assert len(capsys.readouterr().err.splitlines()) == 1


def test_unrecognised_licence_exits_zero() -> None:
    code, out = run("license", "the frobnicator public licence of 1847")
    assert code == 0
    assert out.startswith("unrecognised:")
