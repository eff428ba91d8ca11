"""openness audit: claims against evidence, exit codes, formats, SARIF 2.1.0 valid by its schema."""

from __future__ import annotations

import io
import json
from pathlib import Path

import jsonschema
import pytest

import openness
from openness._cli import main
from openness._report import audit_record, parse_fail_on, to_markdown
from openness._sarif import to_sarif

ROOT = Path(__file__).resolve().parent.parent
CARDS = ROOT / "tests" / "cases" / "cards"
SCHEMA = json.loads(
    (ROOT / "tests" / "schemas" / "sarif-schema-2.1.0-rtm.5.json").read_text(encoding="utf-8")
)


def run(*argv: str) -> tuple[int, str]:
    out = io.StringIO()
    code = main(list(argv), out)
    return code, out.getvalue()


def card(slug: str) -> str:
    return str(CARDS / slug / "README.md")


@pytest.mark.parametrize(
    ("slug", "verdicts"),
    [
        # "this open-source model": the card shows no code or data, so unverified, not washing.
        ("microsoft--phi-2", ["unverified"]),
        ("google--gemma-2-9b", ["open-washing", "open-washing"]),  # "open models" under Gemma.
        ("LLM360--Amber", ["unverified", "unverified"]),  # Would hold were its licences stated.
        ("mistralai--Mistral-7B-v0.1", []),  # Claims nothing.
    ],
)
def test_claim_checks(slug: str, verdicts: list[str]) -> None:
    a = openness.score(card(slug))
    assert [c.verdict for c in a.claims] == verdicts


def test_consistent_claim() -> None:
    a = openness.score(
        {
            "name": "demo",
            "access": "open",
            "license": "Apache-2.0",
            "claims": ["open weights"],
            "components": {"model_parameters_final": {}},
        }
    )
    assert [c.verdict for c in a.claims] == ["substantiated"]
    assert "open-washing" not in a.flags


def test_unverified_is_not_open_washing() -> None:
    flags = openness.score(card("LLM360--Amber")).flags
    assert "unverified-claim" in flags
    assert "open-washing" not in flags


def test_exit_codes() -> None:
    assert run("audit", card("mistralai--Mistral-7B-v0.1"))[0] == 0
    assert run("audit", card("microsoft--phi-2"))[0] == 0  # Its claim is unverified, not false.
    assert run("audit", card("google--gemma-2-9b"))[0] == 1
    assert run("audit", "--fail-on", "unverified-claim", card("LLM360--Amber"))[0] == 1
    assert run("audit", card("LLM360--Amber"))[0] == 0
    assert run("audit", "--fail-on", "use-restrictions,BLOCK", card("bigscience--bloom"))[0] == 1
    assert run("audit", "--fail-on", "gated", card("mistralai--Mistral-7B-v0.1"))[0] == 0
    code, out = run("audit", str(CARDS))
    assert code == 1
    assert len(out.splitlines()) == 2 + len(list(CARDS.glob("*/README.md")))


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["audit", "--fail-on", "open-washng", "x.md"], "did you mean 'open-washing'"),
        (["audit", "--fail-on", ",", "x.md"], "expected a comma list"),
        (["audit", "/does/not/exist.md"], "no such file"),
    ],
)
def test_bad_usage_is_one_line(
    argv: list[str], message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _ = run(*argv)
    err = capsys.readouterr().err
    assert code == 2
    assert message in err
    assert len(err.strip().splitlines()) == 1
    assert "Traceback" not in err


def test_bad_card_is_exit_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bad = tmp_path / "README.md"
    bad.write_text("---\nlicense: mit\n", encoding="utf-8")
    code, _ = run("audit", str(bad), card("mistralai--Mistral-7B-v0.1"))
    assert code == 2
    assert "never closed" in capsys.readouterr().err


def test_parse_fail_on() -> None:
    assert parse_fail_on("open-washing, block ,Use-Restrictions") == {
        "open-washing",
        "BLOCK",
        "use-restrictions",
    }


def test_json_format() -> None:
    code, out = run("audit", "--format", "json", card("google--gemma-2-9b"))
    assert code == 1
    [record] = json.loads(out)
    assert record["failed_on"] == ["open-washing"]
    assert record["claims"][0]["verdict"] == "open-washing"
    assert record["source"]["format"] == "hf-card"


def test_markdown_format() -> None:
    code, out = run("audit", "--format", "markdown", card("google--gemma-2-9b"))
    assert code == 1
    assert out.startswith("| release | level |")
    assert "**open-washing**" in out


def test_sarif_validates_against_the_schema() -> None:
    code, out = run("audit", "--format", "sarif", str(CARDS), str(ROOT / "data" / "releases"))
    assert code == 1
    log = json.loads(out)
    jsonschema.Draft4Validator(SCHEMA).validate(log)
    results = log["runs"][0]["results"]
    assert results
    rule_ids = {r["id"] for r in log["runs"][0]["tool"]["driver"]["rules"]}
    assert {r["ruleId"] for r in results} <= rule_ids
    # A broken log must fail the same check: the schema really constrains it.
    broken = json.loads(out)
    broken["runs"][0]["results"][0]["level"] = "fatal"
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.Draft4Validator(SCHEMA).validate(broken)


def test_sarif_locations_point_into_the_card() -> None:
    path = CARDS / "google--gemma-2-9b" / "README.md"
    lines = path.read_text(encoding="utf-8").splitlines()
    log = to_sarif([openness.score(path)])
    by_rule = {r["ruleId"]: r for r in log["runs"][0]["results"]}
    region = by_rule["claim-open-weights"]["locations"][0]["physicalLocation"]["region"]
    assert lines[region["startLine"] - 1].startswith("Gemma is a family")
    licence = by_rule["weights-use-restrictions"]["locations"][0]["physicalLocation"]
    assert lines[licence["region"]["startLine"] - 1] == "license: gemma"
    assert licence["artifactLocation"]["uri"].endswith("google--gemma-2-9b/README.md")
    assert by_rule["claim-open-weights"]["level"] == "error"


def test_sarif_unverified_claim_is_a_warning() -> None:
    log = to_sarif([openness.score(card("LLM360--Amber"))])
    claims = [r for r in log["runs"][0]["results"] if r["ruleId"].startswith("claim-")]
    assert claims
    assert {r["level"] for r in claims} == {"warning"}
    assert {r["properties"]["verdict"] for r in claims} == {"unverified"}


def test_sarif_fingerprints_are_stable() -> None:
    first = to_sarif([openness.score(card("microsoft--phi-2"))])
    second = to_sarif([openness.score(card("microsoft--phi-2"))])
    prints = [r["partialFingerprints"] for r in first["runs"][0]["results"]]
    assert prints == [r["partialFingerprints"] for r in second["runs"][0]["results"]]
    assert len({p["opennessFinding/v1"] for p in prints}) == len(prints)


@pytest.mark.parametrize(
    "path",
    sorted(CARDS.glob("*/README.md")) + sorted((ROOT / "data" / "releases").glob("*.yaml"))[:12],
    ids=lambda p: p.parent.name if p.name == "README.md" else p.stem,
)
def test_every_output_shows_the_assessments_flags(path: Path) -> None:
    # One flag set: every output reads the same Assessment and none judges again.
    a = openness.score(path)
    assert set(a.to_dict()["flags"]) == a.flags
    assert set(audit_record(a, ["open-washing"])["flags"]) == a.flags
    [summary] = to_sarif([a])["runs"][0]["properties"]["assessments"]
    assert set(summary["flags"]) == a.flags
    frame = openness.to_frame([a])
    assert set(filter(None, frame["flags"].iloc[0].split(", "))) == a.flags
    doc = openness.to_cyclonedx(a)
    props = doc["metadata"]["component"]["properties"]
    assert {p["value"] for p in props if p["name"] == "openness:flag"} == a.flags
    shown = to_markdown(a).splitlines()[2].split(" | ")[-1].rstrip(" |").replace("\\", "")
    assert set(filter(None, (f.strip() for f in shown.split(",")))) - {"-"} == a.flags
    verdicts = [c.verdict for c in a.claims]
    assert ("open-washing" in a.flags) == ("open-washing" in verdicts)
