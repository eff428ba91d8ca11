"""Properties of score() over generated releases: deterministic, monotone, consistent, and
round-tripping. Releases are built from the 17 MOF components, every access value and real
licence ids from the knowledge base across its grades.
"""

from __future__ import annotations

import datetime as dt
import json
import os
from pathlib import Path
from typing import Any

import yaml
from hypothesis import HealthCheck, assume, example, given, settings
from hypothesis import strategies as st

import openness
from openness import Access, Assessment, Level, Release, Severity, Status
from openness._catalogue import CATALOGUE
from openness._catalogue import FLAGS as CATALOGUE_FLAGS
from openness.licenses._resolve import resolve_license

# OPENNESS_PROPERTY_EXAMPLES=5000 for a long local run; CI keeps to a few seconds a property.
SETTINGS = settings(
    max_examples=int(os.environ.get("OPENNESS_PROPERTY_EXAMPLES", "150")),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)

# Real ids from the knowledge base, from the most to the least open.
OSI = ["Apache-2.0", "MIT", "GPL-3.0-only"]
OPEN_DATA = ["CC-BY-4.0", "ODC-By-1.0"]
RESTRICTED = ["bigscience-openrail-m", "llama3.1", "gemma"]
NON_COMMERCIAL = ["CC-BY-NC-4.0"]
UNKNOWN = ["Some Company Model Licence v2", "NOASSERTION"]
NO_LICENSE = ["NONE"]
LICENSES = OSI + OPEN_DATA + RESTRICTED + NON_COMMERCIAL + UNKNOWN + NO_LICENSE
# Licences that take a freedom away, AND-ed onto a licence to add a restriction.
RESTRICTIONS = RESTRICTED + NON_COMMERCIAL
CLAIMS = [
    "open source AI model",
    "fully open language model",
    "open weights",
    "an open model",
    "not open source",
    "a state-of-the-art model",
]
ACCESS: list[Access | None] = [None, *Access]


def permissiveness(text: str | None) -> tuple[bool, bool, int]:
    """How much a licence text lets anyone do, as the knowledge base grades it."""
    r = resolve_license(text)
    return (r.is_open, r.osi_approved, int(r.grade))


licences = st.sampled_from(LICENSES)
components = st.fixed_dictionaries(
    {},
    optional={
        "released": st.booleans(),
        "license": licences,
        "partial": st.booleans(),
    },
)
# Mostly open releases, so that the upper rungs (and the rules that guard them) are reached.
open_components = st.fixed_dictionaries(
    {},
    optional={"license": st.sampled_from([*OSI, *OPEN_DATA, "NONE", "llama3.1", "CC-BY-NC-4.0"])},
)


OPTIONAL: dict[str, st.SearchStrategy[Any]] = {
    "claims": st.lists(st.sampled_from(CLAIMS), max_size=2, unique=True),
    "producer": st.sampled_from(["Acme", "A Lab"]),
    "date": st.dates(dt.date(2019, 1, 1), dt.date(2030, 12, 31)),
    "training_compute_flops": st.sampled_from([0.0, 1e21, 9.99e24, 1e25, 3.8e25]),
    "systemic_risk": st.booleans(),
    "monetised": st.booleans(),
    "base_model": st.sampled_from(["Llama-3.1-8B", "none"]),
}
NAMES = st.sampled_from(["demo", "Model-7B", "x"])
COMPONENT_NAMES = st.sampled_from(sorted(openness.COMPONENTS))

any_release = st.fixed_dictionaries(
    {"name": NAMES, "components": st.dictionaries(COMPONENT_NAMES, components, max_size=17)},
    optional={
        "access": st.sampled_from([a.value for a in Access]),
        "license": licences,
        **OPTIONAL,
    },
)
# Mostly open releases with their weights listed, so that the upper rungs are reached too.
open_release = st.fixed_dictionaries(
    {
        "name": NAMES,
        "access": st.sampled_from(["open", "registration"]),
        "license": st.sampled_from(OSI),
        "components": st.dictionaries(
            COMPONENT_NAMES, open_components, min_size=8, max_size=17
        ).map(lambda c: {"model_parameters_final": {}, **c}),
    },
    optional=OPTIONAL,
)
releases = st.one_of(any_release, open_release)


# Releases hypothesis should always try: the shapes where the rules meet.
FULL_OPEN: dict[str, Any] = {
    "name": "open-science",
    "access": "open",
    "license": "Apache-2.0",
    "components": {
        **{name: {} for name in openness.COMPONENTS},
        "datasets": {"license": "ODC-By-1.0"},
        "research_paper": {"license": "CC-BY-4.0"},
    },
}
STAND_IN: dict[str, Any] = {
    "name": "inference-code-carries-architecture",
    "access": "open",
    "license": "Apache-2.0",
    "components": {
        "model_parameters_final": {},
        "training_code": {},
        "inference_code": {},
    },
}


def mapping_of(release: dict[str, Any]) -> dict[str, Any]:
    """A deep copy, so a property may change a release without touching hypothesis' value."""
    out: dict[str, Any] = json.loads(json.dumps(release, default=str))
    return out


def rank(a: Assessment) -> tuple[int, float]:
    return int(a.level), a.score


def effective_license(release: dict[str, Any], name: str) -> str | None:
    own = release["components"].get(name, {}).get("license")
    return own if own is not None else release.get("license")


# Deterministic ------------------------------------------------------------------------------


@SETTINGS
@given(releases)
@example(FULL_OPEN)
def test_deterministic(release: dict[str, Any]) -> None:
    first = openness.score(mapping_of(release)).to_dict()
    second = openness.score(mapping_of(release)).to_dict()
    assert first == second
    assert json.dumps(first) == json.dumps(second)


# Monotone -----------------------------------------------------------------------------------


@SETTINGS
@given(releases, st.sampled_from(sorted(openness.COMPONENTS)), st.one_of(st.none(), licences))
@example(STAND_IN, "model_architecture", "Apache-2.0")
@example(STAND_IN, "model_architecture", "NONE")
def test_releasing_one_more_component_never_lowers(
    release: dict[str, Any], name: str, license_id: str | None
) -> None:
    before = mapping_of(release)
    assume(
        not before["components"].get(name, {}).get("released", True)
        or name not in before["components"]
    )
    after = mapping_of(release)
    after["components"][name] = {"license": license_id} if license_id else {}
    a, b = openness.score(before), openness.score(after)
    assert rank(b) >= rank(a), (a.explain(), b.explain())
    assert b.level >= a.level
    assert b.score >= a.score


@SETTINGS
@given(releases, st.one_of(st.none(), st.sampled_from(sorted(openness.COMPONENTS))), licences)
def test_a_more_permissive_licence_never_lowers(
    release: dict[str, Any], name: str | None, license_id: str
) -> None:
    before = mapping_of(release)
    after = mapping_of(release)
    if name is None:  # The release's default licence.
        old = before.get("license")
        after["license"] = license_id
    else:
        old = effective_license(before, name)
        after["components"].setdefault(name, {})["license"] = license_id
    assume(permissiveness(license_id) >= permissiveness(old))
    a, b = openness.score(before), openness.score(after)
    assert b.level >= a.level, (a.explain(), b.explain())
    assert b.score >= a.score


@SETTINGS
@given(releases, st.sampled_from(RESTRICTIONS), st.data())
def test_anding_a_restrictive_licence_never_raises(
    release: dict[str, Any], restriction: str, data: st.DataObject
) -> None:
    before = mapping_of(release)
    known = [
        name
        for name in sorted(before["components"])
        if resolve_license(effective_license(before, name)).how == "id"
    ]
    assume(known)
    name = data.draw(st.sampled_from(known), label="component")
    after = mapping_of(release)
    old = effective_license(before, name)
    after["components"][name]["license"] = f"{old} AND {restriction}"
    a, b = openness.score(before), openness.score(after)
    assert b.level <= a.level, (a.explain(), b.explain())
    assert b.score <= a.score


# Access from the least to the most restricted, for listed weights.
ACCESS_ORDER: list[str | None] = [None, "open", "registration", "on_request", "api", "none"]


@SETTINGS
@given(releases, st.sampled_from(ACCESS_ORDER[1:]), st.sampled_from(ACCESS_ORDER))
def test_stricter_access_never_raises(
    release: dict[str, Any], stricter: str, base: str | None
) -> None:
    before = mapping_of(release)
    before.pop("access", None)
    if base is not None:
        before["access"] = base
    # Only for listed weights: for a release without weights, "api" is no restriction of
    # "open" but news of a hosted service (CLOSED -> HOSTED). "none" restricts everything.
    weights = before["components"].get("model_parameters_final", {}).get("released", True)
    listed = "model_parameters_final" in before["components"] and weights
    assume(ACCESS_ORDER.index(stricter) > ACCESS_ORDER.index(base))
    assume(listed or stricter == "none")
    after = {**before, "access": stricter}
    a, b = openness.score(before), openness.score(after)
    assert b.level <= a.level, (a.explain(), b.explain())
    assert b.score <= a.score


@SETTINGS
@given(releases, st.data())
def test_releasing_only_part_never_raises(release: dict[str, Any], data: st.DataObject) -> None:
    before = mapping_of(release)
    assume(before["components"])
    name = data.draw(st.sampled_from(sorted(before["components"])), label="component")
    after = mapping_of(release)
    after["components"][name]["partial"] = True
    a, b = openness.score(before), openness.score(after)
    assert b.level <= a.level, (a.explain(), b.explain())
    assert b.score <= a.score


@SETTINGS
@given(releases, st.sampled_from(["monetised", "systemic_risk"]))
def test_monetising_or_systemic_risk_never_helps(release: dict[str, Any], key: str) -> None:
    before = mapping_of(release)
    after = {**mapping_of(release), key: True}
    a, b = openness.score(before), openness.score(after)
    assert (b.level, b.score) == (a.level, a.score)
    assert b.eu_ai_act.passed <= a.eu_ai_act.passed
    assert not b.eu_ai_act.passed


# Consistent ---------------------------------------------------------------------------------

# Which findings explain each flag; a flag no finding explains is a bug (or a new flag to
# document here and in docs/errors.md).
FLAG_RULES: dict[str, set[str]] = {
    flag: {rule for rule, e in CATALOGUE.items() if e.flag == flag} for flag in CATALOGUE_FLAGS
} | {
    "api-only": {"weights-not-released", "weights-not-downloadable"},
    "closed": {"weights-not-released", "weights-not-downloadable", "weights-not-stated"},
}


def check_consistent(a: Assessment) -> None:  # noqa: C901 - one invariant per line
    assert a.level <= a.ceiling, a.explain()
    assert (a.level >= Level.OPEN_SOURCE) == a.osaid.passed, a.explain()
    assert (a.level >= Level.OPEN_WEIGHTS) == a.owd.passed, a.explain()
    # OPEN_SCIENCE is OSAID plus MOF Class I, both ways.
    assert (a.level == Level.OPEN_SCIENCE) == (a.osaid.passed and a.mof_class == 1), a.explain()
    for v in (a.osaid, a.owd, a.eu_ai_act):
        assert v.passed == (v.status is Status.PASS)
        if v.status is Status.UNVERIFIED:
            assert all(
                f.evidence == "missing" for f in v.findings if f.severity is Severity.BLOCK
            ), a.explain()
    if not any(f.evidence == "missing" for f in a.findings):
        assert a.ceiling == a.level, a.explain()
    for c in a.claims:
        want = (
            "substantiated"
            if a.level >= c.asserts
            else "unverified"
            if a.ceiling >= c.asserts
            else "open-washing"
        )
        assert c.verdict == want, a.explain()
    verdicts = {c.verdict for c in a.claims}
    assert ("open-washing" in a.flags) == ("open-washing" in verdicts), a.explain()
    assert ("unverified-claim" in a.flags) == ("unverified" in verdicts), a.explain()
    if a.mof_class is not None:
        assert a.level >= Level.OPEN_WEIGHTS, a.explain()
    rules = {f.rule for f in a.findings}
    for flag in a.flags:
        assert flag in FLAG_RULES, f"undocumented flag {flag!r}"
        assert FLAG_RULES[flag] & rules, f"flag {flag!r} has no finding: {a.explain()}"
    for verdict in (a.osaid, a.owd, a.eu_ai_act):
        blocks = [f for f in verdict.findings if f.severity is Severity.BLOCK]
        if not verdict.passed:
            assert blocks or verdict.missing_evidence, a.explain()
            assert set(verdict.missing_evidence) <= {f.rule for f in verdict.findings}
        else:
            assert not blocks
            assert not verdict.missing_evidence
        assert set(verdict.findings) <= set(a.findings)
    if a.level < Level.OPEN_SCIENCE:
        assert any(f.severity is Severity.BLOCK for f in a.findings), a.explain()
    if a.mof_class != 1:
        assert any(
            f.rule.startswith("mof-")
            and (f.severity is Severity.BLOCK or f.rule.startswith("mof-class-"))
            for f in a.findings
        ), a.explain()
    assert 0.0 <= a.score <= 100.0
    assert all(0.0 <= p <= 100.0 for p in a.mof_progress.values())


@SETTINGS
@given(releases)
@example(FULL_OPEN)
@example(STAND_IN)
def test_consistent(release: dict[str, Any]) -> None:
    check_consistent(openness.score(release))


# Round trip ---------------------------------------------------------------------------------


@SETTINGS
@given(releases)
@example(FULL_OPEN)
def test_assessment_round_trips(release: dict[str, Any]) -> None:
    a = openness.score(release)
    assert Assessment.from_dict(a.to_dict()) == a
    assert Assessment.from_dict(json.loads(a.to_json())) == a
    assert Assessment.from_dict(a.to_dict()).to_dict() == a.to_dict()


@settings(SETTINGS, max_examples=60)
@given(releases)
def test_release_dumps_and_reloads_unchanged(
    tmp_path_factory: Any, release: dict[str, Any]
) -> None:
    r = Release.model_validate(release)
    assert Release.model_validate(r.to_mapping()) == r
    assert openness.score(r.to_mapping()).release == r
    assert openness.score(r).release == r
    tmp = tmp_path_factory.mktemp("dump")
    (tmp / "r.yaml").write_text(yaml.safe_dump(r.to_mapping(), sort_keys=False))
    (tmp / "r.json").write_text(json.dumps(r.to_mapping()))
    from_yaml = openness.score(tmp / "r.yaml")
    from_json = openness.score(tmp / "r.json")
    assert from_yaml.release == r
    assert from_json.release == r
    direct = openness.score(r).to_dict()
    for a in (from_yaml, from_json):
        assert {**a.to_dict(), "source": None} == {**direct, "source": None}


# The same properties over every bundled record ------------------------------------------------

ROOT = Path(__file__).resolve().parent.parent
CORPUS = [
    *sorted((ROOT / "data" / "releases").glob("*.yaml")),
    *sorted((ROOT / "data" / "mot" / "models").glob("*.yml")),
    *sorted((ROOT / "data" / "opening-up-chatgpt" / "projects").glob("*.yaml")),
    *sorted((ROOT / "tests" / "cases" / "cards").rglob("README.md")),
]


def test_bundled_records_are_consistent_and_round_trip() -> None:
    assert len(CORPUS) > 300
    for path in CORPUS:
        a = openness.score(path)
        check_consistent(a)
        assert Assessment.from_dict(json.loads(a.to_json())) == a, path
        assert openness.score(path).to_dict() == a.to_dict(), path
        assert openness.score(a.release).release == a.release, path
