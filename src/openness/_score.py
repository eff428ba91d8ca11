"""score(): read → resolve licences → rules → :class:`Assessment`."""

from __future__ import annotations

import functools
import hashlib
import json
import operator
from dataclasses import dataclass, field, fields
from typing import TYPE_CHECKING, Any

from ._classifier import MODEL_SHA256
from ._findings import Finding, Severity
from ._kb import LicenseGrade, kb_info
from ._mof import mof_findings, mof_progress
from ._normalise import shown
from ._readers import Source, read, release_sha256
from ._resolve import names_file
from ._rules import (
    MISSING_EVIDENCE,
    Facts,
    Level,
    access_stated,
    claims,
    component_licenses,
    eu_conditions,
    eu_information,
    eu_remaining_duties,
    eu_weights,
    facts_of,
    fixed_finding,
    open_code,
    open_science,
    open_source,
    osaid_parameters,
    owd_weights,
)
from ._schema import Access, Component, Release

if TYPE_CHECKING:
    from collections.abc import Callable, Hashable, Iterable, Mapping
    from pathlib import Path

__all__ = ["COMPONENT_WEIGHTS", "SCHEMA_VERSION", "Assessment", "Verdict", "score"]

SCHEMA_VERSION = "1"
"""Version of the release format and of :meth:`Assessment.to_dict`'s layout."""

COMPONENT_WEIGHTS: dict[str, float] = {
    "model_parameters_final": 4.0,
    "training_code": 2.0,
    "datasets": 2.0,
    "data_preprocessing_code": 1.5,
    "model_architecture": 1.0,
    "inference_code": 1.0,
    "research_paper": 1.0,
    "technical_report": 1.0,
    "data_card": 1.0,
    "model_card": 1.0,
    "model_parameters_intermediate": 1.0,
    "evaluation_code": 0.5,
    "evaluation_data": 0.5,
    "evaluation_results": 0.5,
    "supporting_libraries": 0.5,
    "model_metadata": 0.25,
    "sample_model_outputs": 0.25,
}
"""How much each component weighs in :attr:`Assessment.score` (docs/methodology.md says why)."""

AVAILABILITY_SHARE = 0.5
"""Share of a released component's weight earned for being available to inspect; the rest is
earned in proportion to what its licence lets anyone do (``_GRADE_FACTOR``). Availability and
licensing are separate dimensions of openness (the opening-up-chatgpt index grades them apart; the
MOF lists a component before judging its licence): a release under unknown or restrictive terms
still shows what it shows. Equal halves, not fitted (docs/expert-agreement.md)."""

_GRADE_FACTOR = {
    LicenseGrade.OPEN: 1.0,
    LicenseGrade.RESTRICTED: 0.5,
    LicenseGrade.NONCOMMERCIAL: 0.3,
    LicenseGrade.NONE: 0.15,
}
_ACCESS_FACTOR = {
    None: 1.0,
    Access.OPEN: 1.0,
    Access.REGISTRATION: 0.9,
    Access.ON_REQUEST: 0.6,
    Access.API: 0.0,
    Access.NONE: 0.0,
}

# Rules whose BLOCK findings raise a flag, and the flag.
_FLAGS: dict[str, str] = {
    "claim-open-source": "open-washing",
    "claim-open-weights": "open-washing",
    "weights-non-commercial": "non-commercial",
    "weights-no-derivatives": "no-derivatives",
    "weights-use-restrictions": "use-restrictions",
    "weights-output-restrictions": "output-restrictions",
    "weights-revocable": "revocable",
    "weights-user-threshold": "user-threshold",
    "weights-revenue-threshold": "revenue-threshold",
    "weights-naming-mandate": "naming-mandate",
    "weights-no-license": "no-license",
    "weights-license-unknown": "unknown-license",
    "license-unknown": "unknown-license",
    "weights-license-not-open": "license-not-open",
    "weights-gated": "gated",
    "weights-on-request": "on-request",
    "eu-systemic-risk": "systemic-risk",
    "eu-monetised": "monetised",
}


@dataclass(frozen=True, slots=True)
class Verdict:
    """A verdict against one standard, with the findings that decide it."""

    passed: bool
    findings: tuple[Finding, ...] = ()
    missing_evidence: tuple[str, ...] = ()
    """Rule ids of the evidence that is missing; a verdict with any is not passed."""

    def __bool__(self) -> bool:
        return self.passed

    def __reduce__(self) -> tuple[type[Verdict], tuple[Any, ...]]:
        # Rebuilt by its constructor: the dataclass default unpickles field by field, slowly.
        return (self.__class__, (self.passed, self.findings, self.missing_evidence))

    @property
    def label(self) -> str:
        """``yes``, ``no`` or ``unverified`` (failed only for want of evidence)."""
        if self.passed:
            return "yes"
        blocks = [f for f in self.findings if f.severity is Severity.BLOCK]
        return "unverified" if not blocks and self.missing_evidence else "no"

    def to_dict(self) -> dict[str, Any]:
        """Return the verdict as a JSON-safe mapping."""
        return {
            "passed": self.passed,
            "label": self.label,
            "missing_evidence": list(self.missing_evidence),
            "findings": [f.to_dict() for f in self.findings],
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Verdict:
        """Rebuild a verdict from :meth:`to_dict`'s output."""
        return cls(
            passed=data["passed"],
            findings=tuple(Finding.from_dict(f) for f in data["findings"]),
            missing_evidence=tuple(data["missing_evidence"]),
        )


def _verdict(findings: Iterable[Finding]) -> Verdict:
    found = tuple(findings)
    missing = tuple(f.rule for f in found if f.rule in MISSING_EVIDENCE)
    blocked = any(f.severity is Severity.BLOCK for f in found)
    return Verdict(not blocked and not missing, found, missing)


def _blocks(findings: Iterable[Finding]) -> bool:
    return any(f.severity is Severity.BLOCK for f in findings)


@dataclass(frozen=True, slots=True)
class Assessment:
    """How open a release is, with the findings that say why."""

    release: Release
    level: Level
    score: float
    """0-100: breadth of openness across the 17 MOF components, weighted by licence openness."""
    osaid: Verdict
    """OSI Open Source AI Definition 1.0."""
    owd: Verdict
    """Open Weight Definition 0.3."""
    eu_ai_act: Verdict
    """EU AI Act Art. 53(2) open-source exemption."""
    mof_class: int | None
    """MOF 1.0 class: 1 (open science), 2 (open tooling), 3 (open model) or None."""
    mof_progress: dict[int, float]
    flags: frozenset[str]
    findings: tuple[Finding, ...]
    source: dict[str, Any] = field(default_factory=dict)
    """Where the release came from: ``name``, ``format``, ``sha256``."""
    versions: dict[str, Any] = field(default_factory=dict)
    """Library, schema and knowledge-base versions (and hashes) that produced the verdicts."""

    @property
    def name(self) -> str:
        """The release's name."""
        return self.release.name

    def __reduce__(self) -> tuple[type[Assessment], tuple[Any, ...]]:
        # Rebuilt by its constructor: the dataclass default unpickles field by field, slowly,
        # and batch scoring sends every assessment from a worker process.
        return (self.__class__, tuple(getattr(self, f.name) for f in _ASSESSMENT_FIELDS))

    def _repr_html_(self) -> str:
        """Return the compact HTML card notebooks show (every text escaped)."""
        from ._report import to_html  # noqa: PLC0415 - the report module imports this one

        return to_html(self)

    def explain(self) -> str:
        """Return a text a person reads: the level, each verdict and the findings behind it."""
        lines = [
            (
                f"{self.release.name}: {self.level.name} (level {int(self.level)} of 6), "
                f"score {self.score:.1f}/100"
            ),
        ]
        if self.flags:
            lines.append(f"Flags: {', '.join(sorted(self.flags))}")
        mof = f"Class {_roman(self.mof_class)}" if self.mof_class else "unclassified"
        progress = ", ".join(f"{_roman(c)} {p:.0f}%" for c, p in self.mof_progress.items())
        lines.append(f"MOF 1.0: {mof} ({progress})")
        for title, verdict in (
            ("OSI Open Source AI Definition 1.0", self.osaid),
            ("Open Weight Definition 0.3", self.owd),
            ("EU AI Act Art. 53(2) exemption", self.eu_ai_act),
        ):
            lines.append(f"{title}: {verdict.label}")
            lines.extend(
                f"  - [{f.severity.name}] {f.message} ({f.clause})"
                for f in verdict.findings
                if f.severity is not Severity.INFO
            )
        others = [f for f in self.findings if f.clause is None or f.rule.startswith("claim-")]
        if others:
            lines.append("Other findings:")
            lines.extend(f"  - [{f.severity.name}] {f.message}" for f in others)
        return "\n".join(map(shown, lines))  # Names and messages are input: a line each.

    def to_dict(self) -> dict[str, Any]:
        """Return a JSON-safe mapping, stable across runs, with the versions that produced it."""
        return {
            "schema_version": SCHEMA_VERSION,
            "versions": self.versions,
            "source": self.source,
            "release": self.release.to_mapping(),
            "level": self.level.name,
            "level_value": int(self.level),
            "score": self.score,
            "osaid": self.osaid.to_dict(),
            "owd": self.owd.to_dict(),
            "eu_ai_act": self.eu_ai_act.to_dict(),
            "mof_class": self.mof_class,
            "mof_progress": {str(k): v for k, v in self.mof_progress.items()},
            "flags": sorted(self.flags),
            "findings": [f.to_dict() for f in self.findings],
        }

    def to_json(self, **kwargs: Any) -> str:
        """Return :meth:`to_dict` as JSON text."""
        return json.dumps(self.to_dict(), ensure_ascii=False, **kwargs)

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Assessment:
        """Rebuild an assessment from :meth:`to_dict`'s output."""
        return cls(
            release=Release.model_validate(data["release"]),
            level=Level[data["level"]],
            score=data["score"],
            osaid=Verdict.from_dict(data["osaid"]),
            owd=Verdict.from_dict(data["owd"]),
            eu_ai_act=Verdict.from_dict(data["eu_ai_act"]),
            mof_class=data["mof_class"],
            mof_progress={int(k): v for k, v in data["mof_progress"].items()},
            flags=frozenset(data["flags"]),
            findings=tuple(Finding.from_dict(f) for f in data["findings"]),
            source=dict(data["source"]),
            versions=dict(data["versions"]),
        )


_ASSESSMENT_FIELDS = fields(Assessment)


@dataclass(frozen=True, slots=True)
class _PendingSource:
    """An assessment's source, its hash not yet computed: the first time ``source`` is read.

    The hash of a JSONL line's bytes, or of the validated release for a mapping or a ``Release``
    (:func:`release_sha256`, which costs half a validation); few callers read it.
    """

    name: str
    format: str
    release: Release
    data: bytes | None

    def resolve(self) -> dict[str, Any]:
        digest = (
            release_sha256(self.release)
            if self.data is None
            else hashlib.sha256(self.data).hexdigest()
        )
        return {"name": self.name, "format": self.format, "sha256": digest}


class _SourceSlot:
    """``Assessment.source``: its slot, where a :class:`_PendingSource` becomes a dict when read.

    Every read goes through here (attribute access, the dataclass's ``__eq__`` and ``__repr__``,
    ``__reduce__``, :meth:`Assessment.to_dict`): callers only ever see the dict.
    """

    __slots__ = ("_slot",)

    def __init__(self, slot: Any) -> None:
        self._slot = slot

    def __get__(self, obj: object, owner: type | None = None) -> Any:
        if obj is None:
            return self
        value = self._slot.__get__(obj, owner)
        if type(value) is _PendingSource:
            value = value.resolve()
            self._slot.__set__(obj, value)
        return value

    def __set__(self, obj: object, value: object) -> None:
        self._slot.__set__(obj, value)


# The slot's descriptor, wrapped (set after the class is made: the dataclass made the slot).
setattr(Assessment, "source", _SourceSlot(Assessment.__dict__["source"]))  # noqa: B010


def _roman(cls: int | None) -> str:
    return {1: "I", 2: "II", 3: "III"}.get(cls or 0, "-")


def _level(
    facts: Facts,
    weights: list[Finding],
    code: list[Finding],
    source: list[Finding],
    science: list[Finding],
) -> Level:
    if facts.weights_downloadable:
        if _blocks(weights):
            return Level.RESTRICTED_WEIGHTS
        ladder = (
            (code, Level.OPEN_CODE),
            (source, Level.OPEN_SOURCE),
            (science, Level.OPEN_SCIENCE),
        )
        level = Level.OPEN_WEIGHTS
        for findings, rung in ladder:
            if _blocks(findings):
                break
            level = rung
        return level
    if facts.access is Access.API:
        return Level.HOSTED
    return Level.CLOSED


def _score(facts: Facts) -> float:
    total = sum(COMPONENT_WEIGHTS.values())
    got = 0.0
    for name, weight in COMPONENT_WEIGHTS.items():
        c = facts.released(name)
        if c is None:
            continue
        terms = _GRADE_FACTOR[facts.licenses[name].grade]
        value = (AVAILABILITY_SHARE + (1 - AVAILABILITY_SHARE) * terms) * (
            0.5 if c.partial else 1.0
        )
        if name == "model_parameters_final":
            value *= _ACCESS_FACTOR[facts.access]
        got += weight * value
    return round(100.0 * got / total, 1)


@functools.cache
def _versions() -> dict[str, Any]:
    """Return the versions, computed once: each assessment gets its own copy."""
    from . import __version__  # noqa: PLC0415 - the package imports this module

    kb = kb_info()
    return {
        "openness": __version__,
        "schema": SCHEMA_VERSION,
        "kb": kb["kb_version"],
        "kb_sha256": kb["sha256"],
        "spdx_license_list": kb["spdx_license_list_version"],
    }


def _classifier_sha256(facts: Facts) -> str | None:
    """Return the classifier file's pinned SHA-256 if it read a licence, else ``None``."""
    if not any(r.how == "classifier" for r in facts.licenses.values()):
        return None
    return MODEL_SHA256


@dataclass(frozen=True, slots=True)
class _Judgement:
    """What the rules conclude about a release: an assessment without the release and source."""

    level: Level
    score: float
    osaid: Verdict
    owd: Verdict
    eu_ai_act: Verdict
    mof_class: int | None
    mof_progress: dict[int, float]
    flags: frozenset[str]
    findings: tuple[Finding, ...]
    classifier_sha256: str | None
    """The classifier file's pinned SHA-256 if it read one of the licences, else ``None``."""


def _judge(facts: Facts) -> _Judgement:
    """Apply every rule to a release's facts."""
    weights = list(owd_weights(facts))
    osaid_params = list(osaid_parameters(facts))
    code = list(open_code(facts))
    src = list(open_source(facts))
    science = list(open_science(facts))
    level = _level(facts, weights, code, src, science)
    osaid = _verdict([*osaid_params, *code, *src])
    owd = _verdict(weights)
    eu = _verdict(
        [
            *eu_weights(facts),
            *eu_information(facts),
            *eu_conditions(facts),
            *eu_remaining_duties(facts),
        ]
    )
    mof = list(mof_findings(facts))
    progress = mof_progress(facts)
    mof_class = next((c for c in (1, 2, 3) if progress[c] >= 100.0), None)
    capped: list[Finding] = []
    if mof_class == 1 and level < Level.OPEN_SCIENCE:
        mof_class = 2 if progress[2] >= 100.0 else 3
        capped.append(
            fixed_finding(
                "mof-class-capped",
                Severity.WARN,
                f"MOT's rule gives Class I, but the release reaches only {level.name}: code under "
                "licences that are open but not OSI-approved, or gated weights; Class II at most.",
                "MOF 1.0 Class I",
            )
        )
    if mof_class is not None and level < Level.OPEN_WEIGHTS:
        capped.append(
            fixed_finding(
                "mof-class-withheld",
                Severity.WARN,
                f"MOT's rule gives Class {_roman(mof_class)}, but the final weights cannot be "
                f"freely "
                f"downloaded ({level.name}): no class is awarded.",
                "MOF 1.0 Class III",
            )
        )
        mof_class = None
    claim_findings = list(claims(facts, level))
    findings = (
        *access_stated(facts),
        *claim_findings,
        *weights,
        *osaid_params,
        *code,
        *src,
        *science,
        *eu.findings,
        *mof,
        *capped,
        *component_licenses(facts),
    )
    flags = {_FLAGS[f.rule] for f in findings if f.rule in _FLAGS}
    if level is Level.HOSTED:
        flags.add("api-only")
    if level is Level.CLOSED:
        flags.add("closed")
    return _Judgement(
        level=level,
        score=_score(facts),
        osaid=osaid,
        owd=owd,
        eu_ai_act=eu,
        mof_class=mof_class,
        mof_progress=progress,
        flags=frozenset(flags),
        findings=findings,
        classifier_sha256=_classifier_sha256(facts),
    )


# The rules read a release's access, terms and claims and its components' states and licences,
# never its name, producer, date, base model or the components' locations and notes: releases
# that differ only in those share one judgement. A catalogue holds few distinct profiles (most
# releases are a few licences over the same components), so each is judged once.
# tests/test_batch.py checks that changing the fields left out changes no verdict.
_NOT_READ = frozenset({"name", "producer", "date", "base_model", "components"})
_COMPONENT_NOT_READ = frozenset({"location", "notes"})
_RELEASE_KEY = operator.attrgetter(*(f for f in Release.model_fields if f not in _NOT_READ))
_COMPONENT_KEY = operator.attrgetter(
    *(f for f in Component.model_fields if f not in _COMPONENT_NOT_READ)
)
_JUDGED: dict[Hashable, _Judgement] = {}
_JUDGED_MAX = 16_384


def _profile(release: Release) -> Hashable:
    """Return what the rules read of a release, each component's licence by its text.

    The release's default licence is part of it and so is each component's own: what applies to
    a component (:meth:`Release.license_of`) follows from the two. A licence text resolves to the
    same terms every time, unless it names a file beside the release (see :func:`_file_profile`).
    """
    components = release.components
    return (
        _RELEASE_KEY(release),
        tuple(zip(components.keys(), map(_COMPONENT_KEY, components.values()), strict=True)),
    )


def _file_profile(facts: Facts) -> Hashable:
    """Return what the rules read of a release, each licence by its resolution's identity."""
    licenses = facts.licenses
    return (
        "resolved",
        _RELEASE_KEY(facts.release),
        tuple(
            (name, _COMPONENT_KEY(c), licenses[name].uid if name in licenses else -1)
            for name, c in facts.release.components.items()
        ),
    )


def _memo(key: Hashable, facts: Callable[[], Facts]) -> _Judgement:
    """Return :func:`_judge`'s judgement of the profile *key*, judged once (see _NOT_READ)."""
    found = _JUDGED.get(key)
    if found is None:
        found = _judge(facts())
        if len(_JUDGED) >= _JUDGED_MAX:
            _JUDGED.clear()  # Simple and bounded: a catalogue this varied rebuilds it.
        _JUDGED[key] = found
    return found


def _judged(release: Release, base: Path | None = None) -> _Judgement:
    """Return the judgement of *release*, read from the folder *base* if it came from a file.

    A licence that names a file in *base* (``LICENSE-MODEL``) is read to make the profile: the
    file is the licence, and it may change between two scores.
    """
    if base is not None and any(
        names_file(release.license_of(n)) for n, c in release.components.items() if c.released
    ):
        facts = facts_of(release, base=base)
        return _memo(_file_profile(facts), lambda: facts)
    return _memo(_profile(release), lambda: facts_of(release))


def assess(release: Release, source: Source) -> Assessment:
    """Apply every rule to a validated release."""
    j = _judged(release, None if source.path is None else source.path.parent)
    flags = j.flags
    if source.findings:
        flags = flags | {_FLAGS[f.rule] for f in source.findings if f.rule in _FLAGS}
    return Assessment(
        release=release,
        level=j.level,
        score=j.score,
        osaid=j.osaid,
        owd=j.owd,
        eu_ai_act=j.eu_ai_act,
        mof_class=j.mof_class,
        mof_progress=dict(j.mof_progress),
        flags=flags,
        findings=(*source.findings, *j.findings) if source.findings else j.findings,
        source=(
            _PendingSource(source.name, source.format, release, source.data)  # type: ignore[arg-type]
            if source.sha256 is None
            else {"name": source.name, "format": source.format, "sha256": source.sha256}
        ),
        versions={**_versions(), "classifier_sha256": j.classifier_sha256},
    )


def score(source: object, *, format: str | None = None) -> Assessment:  # noqa: A002
    """Assess how open a release is.

    :param source: a path to a release (native YAML/JSON or a Model Openness Tool record), a
        mapping, or a :class:`Release`.
    :param format: force a reader (``"native"``, ``"mot"``...) instead of detecting it.
    :raises InvalidReleaseError: when the source cannot be read; the message names the source,
        the field and what was expected.

    >>> a = score({"name": "demo", "access": "open", "license": "Apache-2.0",
    ...            "components": {"model_parameters_final": {}}})
    >>> a.level.name, a.owd.passed, a.osaid.passed
    ('OPEN_WEIGHTS', True, False)
    """
    release, src = read(source, format)
    return assess(release, src)
