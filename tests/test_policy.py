"""Policies: real releases against the bundled policies, strict reading, the CLI's exit codes."""

from __future__ import annotations

import hashlib
import io
import json
import xml.etree.ElementTree as ET
from pathlib import Path

import jsonschema
import pytest
import yaml

import openness
from openness import InvalidPolicyError, Policy, check
from openness._cli import github_annotation, main
from openness._policy import BUNDLED, load_policy

ROOT = Path(__file__).resolve().parent.parent
RELEASES = ROOT / "data" / "releases"
POLICIES = ROOT / "src" / "openness" / "data" / "policies"
SARIF_SCHEMA = json.loads(
    (ROOT / "tests" / "schemas" / "sarif-schema-2.1.0-rtm.5.json").read_text(encoding="utf-8")
)


def release(name: str) -> str:
    return str(RELEASES / (name if name.endswith(".yml") else f"{name}.yaml"))


def run(*argv: str) -> tuple[int, str]:
    out = io.StringIO()
    code = main(list(argv), out)
    return code, out.getvalue()


@pytest.mark.parametrize(
    ("name", "policy", "passed"),
    [
        pytest.param("mistral-7b", "commercial-use", True, id="mistral-commercial"),
        pytest.param("mistral-7b", "owd", True, id="mistral-owd"),
        pytest.param("mistral-7b", "osaid", False, id="mistral-osaid-no-training-code"),
        pytest.param("olmo-2-1124-7b", "osaid", True, id="olmo2-osaid"),
        pytest.param("olmo-2-1124-7b", "commercial-use", True, id="olmo2-commercial"),
        pytest.param("llama-3.1-8b", "commercial-use", False, id="llama-commercial"),
        pytest.param("llama-3.1-8b", "owd", False, id="llama-owd"),
        pytest.param("pythia-6.9b", "osaid", True, id="pythia-osaid"),
        pytest.param("pythia-6.9b", "open-science", False, id="pythia-open-science"),
        *(
            pytest.param(closed, p, False, id=f"{closed}-{p}")
            for closed in ("gpt-4o", "claude-3.5-sonnet")
            for p in sorted(BUNDLED)
        ),
        # GPT-4 itself, as the Model Openness Tool records it (its weights "Proprietary").
        *(
            pytest.param("../mot/models/GPT-4.yml", p, False, id=f"mot-gpt-4-{p}")
            for p in sorted(BUNDLED)
        ),
    ],
)
def test_real_releases(name: str, policy: str, passed: bool) -> None:
    d = check(release(name), policy)
    assert d.passed is passed
    assert (d.status == "pass") is passed
    assert d.policy == {"name": policy, "sha256": load_policy(policy).sha256()}
    assert d.assessment.name == openness.score(release(name)).name
    # Every reason not passed says why, with the findings behind it.
    for r in d.reasons:
        if r.status == "fail":
            assert r.message


def test_llama_fails_commercial_use_on_both_clauses() -> None:
    d = check(release("llama-3.1-8b"), "commercial-use")
    failed = {r.requirement: r for r in d.reasons if r.status == "fail"}
    assert set(failed) == {"forbid.user-threshold", "forbid.use-restrictions"}
    users = failed["forbid.user-threshold"]
    assert "700 million monthly active users" in " ".join(f.message for f in users.findings)
    assert any(c.startswith("OWD 5") for c in users.clauses)
    aup = failed["forbid.use-restrictions"]
    assert "Acceptable Use Policy" in " ".join(f.message for f in aup.findings)
    assert any(c.startswith("OWD 6") for c in aup.clauses)


UNKNOWN_LICENCE = {
    "name": "custom",
    "access": "open",
    "license": "The Frobnicator Model Licence v7",
    "components": {"model_parameters_final": {}},
}
FORBID_TERMS = {"name": "no-caps", "forbid": ["user_threshold"]}


@pytest.mark.parametrize(
    ("setting", "status", "passed"),
    [
        pytest.param("fail", "unverified", False, id="fail"),
        pytest.param("warn", "unverified", True, id="warn"),
        pytest.param("pass", "pass", True, id="pass"),
    ],
)
def test_an_unverified_licence_follows_the_setting(setting: str, status: str, passed: bool) -> None:
    d = check(UNKNOWN_LICENCE, {**FORBID_TERMS, "unverified": setting})
    assert [(r.requirement, r.status) for r in d.reasons] == [
        ("forbid.user-threshold", "unverified")
    ]
    assert (d.status, d.passed) == (status, passed)


@pytest.mark.parametrize(
    ("setting", "passed"),
    [
        pytest.param("fail", False, id="fail"),
        pytest.param("warn", True, id="warn"),
        pytest.param("pass", True, id="pass"),
    ],
)
def test_a_real_unverified_licence_follows_the_setting(setting: str, passed: bool) -> None:
    # Pythia's datasets are under "other" (data/releases/pythia-6.9b.yaml: the Pile's subsets
    # each under their own terms): unknown terms, so commercial-use neither passes nor fails.
    bundled = load_policy("commercial-use").model_dump(mode="json")
    d = check(release("pythia-6.9b"), {**bundled, "unverified": setting})
    unverified = {r.requirement for r in d.reasons if r.status == "unverified"}
    assert {"forbid.user-threshold", "forbid.use-restrictions"} <= unverified
    assert not [r for r in d.reasons if r.status == "fail"]
    assert d.passed is passed
    assert d.status == ("pass" if setting == "pass" else "unverified")


def test_a_known_licence_is_not_unverified() -> None:
    known = {**UNKNOWN_LICENCE, "license": "Apache-2.0"}
    d = check(known, {**FORBID_TERMS, "unverified": "fail"})
    assert (d.status, d.passed) == ("pass", True)


@pytest.mark.parametrize(
    ("licenses", "status"),
    [
        pytest.param({"deny": ["LicenseRef-*-llama-*"]}, "fail", id="deny-glob"),
        pytest.param({"deny": ["licenseref-scancode-llama-3.1-*"]}, "fail", id="deny-any-case"),
        pytest.param({"deny": ["GPL-*"]}, "pass", id="deny-other"),
        pytest.param({"allow": ["Apache-2.0", "MIT"]}, "fail", id="allow-not-listed"),
        pytest.param({"allow": ["LicenseRef-*", "Apache-2.0", "MIT"]}, "pass", id="allow-glob"),
    ],
)
def test_licence_globs(licenses: dict[str, list[str]], status: str) -> None:
    d = check(release("llama-3.1-8b"), {"name": "l", "licenses": licenses})
    assert d.status == status


@pytest.mark.parametrize(
    ("components", "status"),
    [
        pytest.param({"datasets": "released"}, "pass", id="datasets-released"),
        # Its licence is 'other': whether the datasets are open is not known.
        pytest.param({"datasets": "open"}, "unverified", id="datasets-licence-unknown"),
        pytest.param({"training_code": "osi"}, "pass", id="training-code-osi"),
        pytest.param({"evaluation_data": "released"}, "fail", id="not-released"),
    ],
)
def test_component_demands(components: dict[str, str], status: str) -> None:
    # Pythia's datasets (the Pile) are released under terms openness does not recognise.
    d = check(release("pythia-6.9b"), {"name": "c", "components": components})
    assert d.status == status


@pytest.mark.parametrize(
    ("policy", "field", "problem"),
    [
        pytest.param(
            {"name": "p", "requir": ["osaid"]}, "requir", "did you mean 'require'", id="key"
        ),
        pytest.param(
            {"name": "p", "require": ["osad"]}, "require", "did you mean 'osaid'", id="std"
        ),
        pytest.param(
            {"name": "p", "min_level": "OPEN_WEIGHT"}, "min_level", "OPEN_WEIGHTS", id="level"
        ),
        pytest.param(
            {"name": "p", "forbid": ["user_treshold"]}, "forbid", "user_threshold", id="term"
        ),
        pytest.param(
            {"name": "p", "components": {"dataset": "open"}}, "components", "datasets", id="comp"
        ),
        pytest.param(
            {"name": "p", "licenses": {"denied": []}}, "licenses.denied", "deny", id="nested-key"
        ),
        pytest.param({"name": "p", "mof_class": 4}, "mof_class", "", id="mof-class"),
        pytest.param({"name": "p", "unverified": "maybe"}, "unverified", "", id="unverified"),
        pytest.param({"description": "no name"}, "name", "missing", id="no-name"),
    ],
)
def test_strict_policies(policy: dict[str, object], field: str, problem: str) -> None:
    with pytest.raises(InvalidPolicyError) as e:
        check(UNKNOWN_LICENCE, policy)
    assert e.value.field == field
    assert problem in e.value.problem
    assert "\n" not in str(e.value)


@pytest.mark.parametrize(
    ("text", "suffix", "problem"),
    [
        pytest.param("name: p\nname: q\n", ".yaml", "duplicate key", id="yaml-duplicate"),
        pytest.param('{"name": "p", "name": "q"}', ".json", "duplicate key", id="json-duplicate"),
        pytest.param("!!python/object:os.system {}", ".yaml", "not allowed", id="yaml-tag"),
        pytest.param("- a\n- b\n", ".yaml", "expected a mapping", id="not-a-mapping"),
        pytest.param("{", ".json", "malformed JSON", id="bad-json"),
    ],
)
def test_bad_policy_files(tmp_path: Path, text: str, suffix: str, problem: str) -> None:
    path = tmp_path / f"policy{suffix}"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(InvalidPolicyError, match=problem):
        load_policy(path)


def test_yaml_and_json_policies_hash_alike(tmp_path: Path) -> None:
    policy = load_policy("commercial-use")
    as_json = tmp_path / "p.json"
    as_json.write_text(json.dumps(policy.to_dict()), encoding="utf-8")
    assert load_policy(as_json) == policy
    assert load_policy(as_json).sha256() == policy.sha256()
    assert Policy.model_validate(policy.to_dict()).sha256() == policy.sha256()


@pytest.mark.parametrize("name", sorted(BUNDLED))
def test_bundled_policies_are_pinned_and_documented(name: str) -> None:
    data = (POLICIES / f"{name}.yaml").read_bytes()
    assert hashlib.sha256(data).hexdigest() == BUNDLED[name]
    assert load_policy(name).name == name
    docs = (ROOT / "docs" / "policies.md").read_text(encoding="utf-8")
    assert f"## `{name}`" in docs


def test_every_bundled_policy_file_is_listed() -> None:
    assert {p.stem for p in POLICIES.glob("*.yaml")} == set(BUNDLED)


@pytest.mark.parametrize(
    ("argv", "code"),
    [
        pytest.param(["--policy", "commercial-use", release("mistral-7b")], 0, id="pass"),
        pytest.param(
            ["--policy", "commercial-use", release("mistral-7b"), release("llama-3.1-8b")],
            1,
            id="one-fails",
        ),
        pytest.param(["--policy", "nope", release("mistral-7b")], 2, id="unknown-policy"),
        pytest.param(["--policy", "owd", "missing.yaml"], 2, id="unreadable-release"),
    ],
)
def test_check_exit_codes(argv: list[str], code: int, capsys: pytest.CaptureFixture[str]) -> None:
    assert run("check", *argv)[0] == code
    err = capsys.readouterr().err
    assert "Traceback" not in err
    assert len(err.splitlines()) <= 1


def test_check_json_is_the_decisions() -> None:
    code, out = run("check", "--policy", "osaid", "--format", "json", release("olmo-2-1124-7b"))
    assert code == 0
    (doc,) = json.loads(out)
    assert doc == check(release("olmo-2-1124-7b"), "osaid").to_dict()
    assert doc["schema_version"] == "1"


def test_check_sarif_is_valid() -> None:
    argv = ["--policy", "commercial-use", "--format", "sarif", release("llama-3.1-8b")]
    _, out = run("check", *argv)
    log = json.loads(out)
    jsonschema.validate(log, SARIF_SCHEMA)
    rules = {r["ruleId"] for r in log["runs"][0]["results"]}
    assert rules == {"policy/forbid.user-threshold", "policy/forbid.use-restrictions"}


def test_check_junit_counts_failures() -> None:
    argv = ["--policy", "commercial-use", "--format", "junit"]
    _, out = run("check", *argv, release("llama-3.1-8b"), release("mistral-7b"))
    suite = ET.fromstring(out.split("?>", 1)[1]).find("testsuite")  # noqa: S314 - our own output
    assert suite is not None
    assert suite.get("failures") == "2"
    cases = suite.findall("testcase")
    assert int(suite.get("tests", "0")) == len(cases)
    assert {c.get("classname") for c in cases if c.find("failure") is not None} == {"Llama-3.1-8B"}


def test_check_markdown_cites_the_reasons() -> None:
    argv = ["--policy", "commercial-use", "--format", "markdown", release("llama-3.1-8b")]
    _, out = run("check", *argv)
    assert "forbid.user-threshold" in out
    assert "Acceptable Use Policy" in out


@pytest.mark.parametrize(
    ("message", "file", "title", "expected"),
    [
        pytest.param("plain", "a.md", "t", "::error file=a.md,line=1,title=t::plain", id="plain"),
        pytest.param(
            "50%\r\n::warning::injected",
            "a.md",
            "t",
            "::error file=a.md,line=1,title=t::50%25%0D%0A::warning::injected",
            id="newline-injection",
        ),
        pytest.param(
            "m",
            "x::y,z.md",
            "a:b",
            "::error file=x%3A%3Ay%2Cz.md,line=1,title=a%3Ab::m",
            id="props",
        ),
    ],
)
def test_github_annotations_are_escaped(message: str, file: str, title: str, expected: str) -> None:
    got = github_annotation("error", message, file=file, line=1, title=title)
    assert got == expected
    assert "\n" not in got
    assert "\r" not in got


def test_check_github_format() -> None:
    code, out = run(
        "check", "--policy", "commercial-use", "--format", "github", release("llama-3.1-8b")
    )
    assert code == 1
    lines = out.splitlines()
    assert len(lines) == 2
    assert all(line.startswith("::error file=") for line in lines)
    assert any("forbid.user-threshold" in line for line in lines)


def test_audit_github_format() -> None:
    card = ROOT / "tests" / "cases" / "cards" / "google--gemma-2-9b" / "README.md"
    _, out = run("audit", "--format", "github", str(card))
    lines = out.splitlines()
    assert lines
    assert all(line.startswith(("::error ", "::warning ")) for line in lines)
    assert any("claim-open-weights" in line for line in lines)


def test_ci_files_parse() -> None:
    hooks = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    assert {h["id"] for h in hooks} == {"openness-audit", "openness-check"}
    action = yaml.safe_load((ROOT / "action.yml").read_text(encoding="utf-8"))
    assert action["runs"]["using"] == "composite"
    assert set(action["inputs"]) >= {"command", "paths", "policy", "upload-sarif"}
