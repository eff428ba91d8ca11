"""Each rung of the scale and each EU AI Act condition, as a table of small releases."""

from __future__ import annotations

import copy
import random
import re
import time
from dataclasses import FrozenInstanceError
from pathlib import Path
from typing import Any

import pytest

import openness
from openness import Level, _judge
from openness.licenses._resolve import resolve_license

RELEASES = Path(__file__).resolve().parent.parent / "data" / "releases"
OPEN = {"license": "Apache-2.0"}
WEIGHTS = {"model_parameters_final": OPEN}
CODE = {**WEIGHTS, "training_code": OPEN, "inference_code": OPEN, "model_architecture": OPEN}
SOURCE = {**CODE, "data_preprocessing_code": OPEN, "data_card": {"license": "CC-BY-4.0"}}
SCIENCE = {
    **SOURCE,
    "datasets": {"license": "ODC-By-1.0"},
    "model_parameters_intermediate": OPEN,
    "research_paper": {"license": "CC-BY-4.0"},
    # MOF Class I asks for every required component (OPEN_SCIENCE is OSAID plus Class I).
    "technical_report": {"license": "CC-BY-4.0"},
    "evaluation_results": {"license": "CC-BY-4.0"},
    "model_card": {"license": "CC-BY-4.0"},
    "evaluation_code": OPEN,
    "evaluation_data": {"license": "CC-BY-4.0"},
}


def release(components: dict[str, Any], **extra: Any) -> dict[str, Any]:
    return {"name": "case", "access": "open", "components": components, **extra}


@pytest.mark.parametrize(
    ("mapping", "level"),
    [
        pytest.param({"name": "x", "access": "none"}, Level.CLOSED, id="closed"),
        pytest.param({"name": "x"}, Level.CLOSED, id="nothing-stated"),
        pytest.param({"name": "x", "access": "api"}, Level.HOSTED, id="api"),
        pytest.param(
            release(WEIGHTS, access="on_request"), Level.RESTRICTED_WEIGHTS, id="on-request"
        ),
        pytest.param(
            release({"model_parameters_final": {"license": "CC-BY-NC-4.0"}}),
            Level.RESTRICTED_WEIGHTS,
            id="non-commercial",
        ),
        pytest.param(
            release({"model_parameters_final": {"license": "NONE"}}),
            Level.RESTRICTED_WEIGHTS,
            id="no-licence",
        ),
        pytest.param(
            release({"model_parameters_final": {"license": "my own terms v2"}}),
            Level.RESTRICTED_WEIGHTS,
            id="unknown-licence",
        ),
        pytest.param(
            release({"model_parameters_final": {"license": "CC-BY-ND-4.0"}}),
            Level.RESTRICTED_WEIGHTS,
            id="no-derivatives",
        ),
        pytest.param(
            release({"model_parameters_final": {**OPEN, "partial": True}}),
            Level.RESTRICTED_WEIGHTS,
            id="partial-weights",
        ),
        pytest.param(release(WEIGHTS), Level.OPEN_WEIGHTS, id="open-weights"),
        pytest.param(release(WEIGHTS, access="registration"), Level.OPEN_WEIGHTS, id="gated"),
        pytest.param(
            release({"model_parameters_final": {"license": "CC-BY-SA-4.0"}}),
            Level.OPEN_WEIGHTS,
            id="share-alike-allowed",
        ),
        pytest.param(
            release({**CODE, "training_code": {"license": "CC-BY-4.0"}}),
            Level.OPEN_WEIGHTS,
            id="code-not-osi",
        ),
        pytest.param(
            release({**CODE, "training_code": {**OPEN, "partial": True}}),
            Level.OPEN_WEIGHTS,
            id="partial-training-code",
        ),
        pytest.param(release(CODE), Level.OPEN_CODE, id="open-code"),
        pytest.param(
            release({**SOURCE, "data_card": {"license": "NONE"}}),
            Level.OPEN_CODE,
            id="data-card-unlicensed",
        ),
        pytest.param(release(SOURCE), Level.OPEN_SOURCE, id="open-source"),
        pytest.param(
            release({**SCIENCE, "datasets": {"license": "ODC-By-1.0", "partial": True}}),
            Level.OPEN_SOURCE,
            id="partial-datasets",
        ),
        pytest.param(
            release({**SCIENCE, "datasets": {"license": "CC-BY-NC-4.0"}}),
            Level.OPEN_SOURCE,
            id="nc-datasets",
        ),
        pytest.param(release(SCIENCE), Level.OPEN_SCIENCE, id="open-science"),
        pytest.param(
            release({"model_parameters_final": {"license": "Apache-2.0 OR CC-BY-NC-4.0"}}),
            Level.OPEN_WEIGHTS,
            id="or-picks-the-open-choice",
        ),
        pytest.param(
            release({"model_parameters_final": {"license": "Apache-2.0 AND CC-BY-NC-4.0"}}),
            Level.RESTRICTED_WEIGHTS,
            id="and-binds-both",
        ),
    ],
)
def test_level(mapping: dict[str, Any], level: Level) -> None:
    a = openness.score(mapping)
    assert a.level is level, a.explain()
    assert a.osaid.passed == (level >= Level.OPEN_SOURCE)
    assert a.owd.passed == (level >= Level.OPEN_WEIGHTS)


@pytest.mark.parametrize(
    ("claim", "level_mapping", "washing"),
    [
        ("fully open source", release(CODE), True),
        ("fully open source", release(SOURCE), False),
        ("open weights", release(WEIGHTS), False),
        ("open-weight model", release(WEIGHTS, access="on_request"), True),
        ("this is not open source", release(WEIGHTS), False),
        ("open-weight, not open source", release(WEIGHTS), False),
    ],
)
def test_open_washing(claim: str, level_mapping: dict[str, Any], washing: bool) -> None:
    a = openness.score({**level_mapping, "claims": [claim]})
    assert ("open-washing" in a.flags) is washing


EU_OK: dict[str, Any] = release(
    {**WEIGHTS, "model_card": OPEN}, training_compute_flops=1e23, monetised=False
)


@pytest.mark.parametrize(
    ("change", "passed", "rule"),
    [
        pytest.param({}, True, None, id="exempt"),
        pytest.param({"monetised": True}, False, "eu-monetised", id="recital-103"),
        pytest.param({"monetised": None}, False, "eu-monetisation-unknown", id="unknown-price"),
        pytest.param(
            {"training_compute_flops": 3.8e25}, False, "eu-systemic-risk", id="art-51-compute"
        ),
        pytest.param(
            {"training_compute_flops": None},
            False,
            "eu-systemic-risk-unknown",
            id="unknown-compute",
        ),
        pytest.param({"systemic_risk": True}, False, "eu-systemic-risk", id="designated"),
        pytest.param(
            {"components": WEIGHTS}, False, "eu-usage-information-missing", id="no-usage-info"
        ),
        pytest.param({"access": "registration"}, True, None, id="registration-is-public"),
        pytest.param({"access": "on_request"}, False, "eu-weights-on-request", id="on-request"),
        pytest.param(
            {
                "components": {
                    "model_parameters_final": {"license": "CC-BY-NC-4.0"},
                    "model_card": OPEN,
                }
            },
            False,
            "eu-weights-non-commercial",
            id="non-commercial",
        ),
    ],
)
def test_eu_ai_act_exemption(change: dict[str, Any], passed: bool, rule: str | None) -> None:
    a = openness.score({**EU_OK, **change})
    assert a.eu_ai_act.passed is passed, a.explain()
    if rule is not None:
        assert rule in {f.rule for f in a.eu_ai_act.findings}
    assert all(f.clause and f.clause.startswith("EU AI Act") for f in a.eu_ai_act.findings)


def test_unverified_is_not_passed() -> None:
    a = openness.score({**EU_OK, "monetised": None})
    assert a.eu_ai_act.label == "unverified"
    assert not a.eu_ai_act


def test_every_failed_verdict_cites_a_clause() -> None:
    a = openness.score(release(WEIGHTS, claims=["open source"]))
    for verdict in (a.osaid, a.owd, a.eu_ai_act):
        for f in verdict.findings:
            assert f.clause
    assert not a.osaid.passed
    assert any(f.clause == "OSAID 1.0: Code" for f in a.osaid.findings)


def test_score_grows_with_openness() -> None:
    ladder = [release(WEIGHTS), release(CODE), release(SOURCE), release(SCIENCE)]
    scores = [openness.score(m).score for m in ladder]
    assert scores == sorted(scores)
    assert 0 < scores[0] < scores[-1] <= 100


def test_to_dict_round_trip_and_versions() -> None:
    a = openness.score(release(SCIENCE, claims=["fully open"]))
    d = a.to_dict()
    assert openness.Assessment.from_dict(d) == a
    assert d["versions"]["openness"] == openness.__version__
    assert len(d["versions"]["kb_sha256"]) == 64
    assert d["level"] == "OPEN_SCIENCE"


@pytest.mark.parametrize("component", ["evaluation_code", "supporting_libraries"])
def test_optional_code_under_other_terms_never_lowers_the_level(component: str) -> None:
    """Found by hypothesis: listing evaluation code under CC-BY-4.0 lowered OPEN_SOURCE."""
    before = openness.score(release(SOURCE))
    after = openness.score(release({**SOURCE, component: {"license": "CC-BY-4.0"}}))
    assert after.level is before.level is Level.OPEN_SOURCE
    slug = component.replace("_", "-")
    assert (f"{slug}-not-osi", openness.Severity.WARN) in {
        (f.rule, f.severity) for f in after.findings
    }


_ROOT = Path(__file__).resolve().parent.parent
_CARDS = _ROOT / "tests" / "cases" / "cards"


@pytest.mark.parametrize(
    ("source", "written", "misspelt", "meant"),
    [
        pytest.param(
            "data/releases/pythia-6.9b.yaml",
            "Apache-2.0",
            "Apach-2.0",
            "Apache-2.0",
            id="native-apach",
        ),
        pytest.param(
            "data/releases/pythia-6.9b.yaml", "license: MIT", "license: MTI", "MIT", id="native-mti"
        ),
        pytest.param(
            "data/releases/llama-3.1-8b.yaml", "llama3.1", "lama3", "llama", id="native-lama3"
        ),
        pytest.param(
            "data/mot/models/OLMo-7B.yml",
            "name: Apache-2.0",
            "name: Apach-2.0",
            "Apache-2.0",
            id="mot-apach",
        ),
        pytest.param(
            "tests/cases/cards/mistralai--Mistral-7B-v0.1/README.md",
            "apache-2.0",
            "Apach-2.0",
            "Apache-2.0",
            id="card-apach",
        ),
        pytest.param(
            "tests/cases/cards/microsoft--phi-2/README.md",
            "license: mit",
            "license: MTI",
            "MIT",
            id="card-mti",
        ),
        pytest.param(
            "tests/cases/cards/meta-llama--Llama-3.1-8B/README.md",
            "license: llama3.1",
            "license: lama3",
            "llama",
            id="card-lama3",
        ),
    ],
)
def test_misspelt_licence_says_did_you_mean(
    tmp_path: Path, source: str, written: str, misspelt: str, meant: str
) -> None:
    real = _ROOT / source
    folder = tmp_path / real.parent.name
    folder.mkdir()
    # The card reader reads the folder too (a LICENSE beside the card): copy it whole.
    for f in real.parent.iterdir() if real.name == "README.md" else [real]:
        (folder / f.name).write_bytes(f.read_bytes())
    text = real.read_text(encoding="utf-8")
    assert written in text
    (folder / real.name).write_text(text.replace(written, misspelt), encoding="utf-8")
    a = openness.score(folder / real.name)
    wrong = misspelt.rpartition(" ")[2]
    found = [f for f in a.findings if f.license == wrong and "did you mean" in f.message]
    assert found, [f.message for f in a.findings]
    suggested = re.search(r"did you mean '([^']+)'", found[0].message)
    assert suggested is not None
    assert suggested.group(1).lower().startswith(meant.lower()) or meant in suggested.group(1)
    assert openness.score(real).level >= a.level


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param("Apach-2.0", ("Apache-2.0",), id="apach"),
        pytest.param("cc-by-nc-40", ("CC-BY-NC-4.0",), id="cc-by-nc"),
        pytest.param("BSD-3-Clase", ("BSD-3-Clause",), id="bsd"),
        pytest.param("Apache-2.0", (), id="known"),
        pytest.param("my own licence", (), id="own-name"),
        pytest.param("NOASSERTION", (), id="noassertion"),
        pytest.param(
            "Licence\n" + "All rights reserved by the authors. " * 300, (), id="long-text"
        ),
    ],
)
def test_suggestions(text: str, expected: tuple[str, ...]) -> None:
    assert resolve_license(text).suggestions[: len(expected) or None] == expected


def test_suggestions_are_fast() -> None:
    resolve_license("Apach-2.0").suggestions  # noqa: B018 - loads the table of spellings
    start = time.perf_counter()
    for n in range(20):
        assert resolve_license(f"Apach-{n}.0x").suggestions is not None
    assert (time.perf_counter() - start) / 20 < 0.05


def _varied_releases(count: int) -> list[dict[str, Any]]:
    """Releases mixing the bundled releases' licences, states and access at random."""
    rng = random.Random(7)  # noqa: S311 - a fixed corpus, not a secret
    bundled = [openness.score(p).release for p in sorted(RELEASES.glob("*.yaml"))]
    licences = sorted({lic for r in bundled for c in r.components.values() if (lic := c.license)})
    out = []
    for i in range(count):
        components: dict[str, Any] = {}
        for name in openness.COMPONENTS:
            roll = rng.random()
            if roll < 0.15:
                components[name] = {"released": None}
            elif roll < 0.25:
                components[name] = {"released": False}
            elif roll < 0.75:
                components[name] = {"license": rng.choice(licences), "partial": rng.random() < 0.1}
        release = {"name": f"varied {i}", "components": components}
        access = rng.choice(["open", "registration", "on_request", "api", None])
        if access:
            release["access"] = access
        if rng.random() < 0.5:
            release["license"] = rng.choice(licences)
        out.append(release)
    return out


def test_the_per_component_memo_reads_only_the_component() -> None:
    """A rule memoised per component reads nothing but its component's state (and its stand-in's):
    judged in the other order, every memo emptied first, every release is judged the same."""
    releases = _varied_releases(300)
    forward = [openness.score(m).to_dict() for m in releases]
    _judge.forget()  # every memo: the profile's, the parts', the rules'...
    backward = [openness.score(m).to_dict() for m in reversed(releases)]
    assert forward == backward[::-1]
    assert len({(a["level"], a["ceiling"]) for a in forward}) > 5  # the releases vary


def test_the_judges_fast_constructor_makes_what_the_constructor_makes() -> None:
    """score() builds its Assessment field by field (new_assessment): the same as the class's."""
    from dataclasses import fields  # noqa: PLC0415

    from openness._assessment import Assessment, new_assessment  # noqa: PLC0415

    a = openness.score(RELEASES / "llama-3.1-8b.yaml")
    values = [getattr(a, f.name) for f in fields(Assessment)]
    made = new_assessment(*values)
    assert made == Assessment(*values) == a
    assert [getattr(made, f.name) for f in fields(Assessment)] == values
    assert type(made) is Assessment
    with pytest.raises(FrozenInstanceError):
        made.level = openness.Level.CLOSED  # type: ignore[misc]
    assert made.to_dict() == a.to_dict()
    assert copy.deepcopy(made) == made


@pytest.mark.parametrize("release", ["olmo-2-1124-7b.yaml", "llama-3.1-8b.yaml", "gpt-4o.yaml"])
def test_the_judges_fast_verdict_makes_what_the_constructor_makes(release: str) -> None:
    """The judge builds OSAID's verdict slot by slot (new_verdict): the same as the class's."""
    from openness._assessment import new_verdict  # noqa: PLC0415

    v = openness.score(RELEASES / release).osaid
    made = new_verdict(v.status, v.findings, v.missing_evidence)
    assert made == openness.Verdict(v.status, v.findings, v.missing_evidence) == v
    assert type(made) is openness.Verdict
    with pytest.raises(FrozenInstanceError):
        made.status = openness.Status.PASS  # type: ignore[misc]
    assert (made.status, made.findings, made.missing_evidence, made.passed) == (
        v.status,
        v.findings,
        v.missing_evidence,
        v.status is openness.Status.PASS,
    )
