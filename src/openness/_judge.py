"""The judge: the ladder, the verdicts, the MOF class, the claim audit and the flags.

One small function per concern; the rules are in ``_rules.py`` and ``_mof.py``, the bases'
binding in ``_inherit.py``. Judgements are memoised by what the rules read of a release (its
profile), so a catalogue pays for each distinct profile once.
"""

from __future__ import annotations

import dataclasses
import functools
import operator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from . import _inherit as inherit
from ._assessment import SCHEMA_VERSION, Assessment, Status, Verdict, _PendingSource, _roman
from ._bases import known_base
from ._findings import Finding, Severity
from ._inherit import MAX_BASE_DEPTH, MAX_BASES, Bound
from ._mof import mof_findings, mof_progress, progress_of
from ._rules import (
    ClaimCheck,
    Facts,
    Group,
    Level,
    Memo,
    access_stated,
    check_claims,
    component_licenses,
    eu_conditions,
    eu_information,
    eu_remaining_duties,
    eu_weights,
    facts_of,
    open_code,
    open_science,
    open_source,
    osaid_parameters,
    owd_weights,
)
from ._schema import Access, Component, Release
from .errors import InvalidReleaseError
from .licenses._classifier import MODEL_SHA256
from .licenses._kb import LicenseGrade, kb_info
from .licenses._resolve import names_file
from .readers._core import Source
from .readers._sources import read

if TYPE_CHECKING:
    from collections.abc import Callable, Hashable
    from pathlib import Path

__all__ = ["COMPONENT_WEIGHTS", "assess"]

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


def _verdict(groups: tuple[Group, ...]) -> Verdict:
    """Pass with no blocking finding; unverified when every blocking one is missing evidence."""
    findings: list[Finding] = []
    missing: dict[str, None] = {}
    blocks = proof = False
    for g in groups:
        if g.findings:
            findings += g.findings
            if g.blocks:
                blocks = True
                proof = proof or g.proof
                missing.update(dict.fromkeys(g.missing))
    status = Status.FAIL if proof else Status.UNVERIFIED if blocks else Status.PASS
    return Verdict(status, tuple(findings), tuple(missing))


def _blocked(*families: tuple[Group, ...], proof: bool) -> tuple[bool, ...]:
    """Per family of groups, whether a finding blocks (with *proof*: blocks on proof)."""
    if proof:
        return tuple(any(g.proof for g in family) for family in families)
    return tuple(any(g.blocks for g in family) for family in families)


def _level(
    facts: Facts,
    blocked: tuple[bool, ...],
    mof_class: int | None,
    *,
    ceiling: bool = False,
) -> Level:
    """Read the rung off what blocks: proven, or with *ceiling* the best unverified facts allow.

    *blocked* says, for the weights, the code and the rest of the source (OSAID), whether a
    finding blocks: for the proven level any blocking finding, for the ceiling one that blocks on
    proof; the ceiling also takes weights the source never mentions as released. OPEN_SCIENCE is
    OSAID plus MOF Class I (*mof_class*: the proven class, or for the ceiling the class within
    reach).
    """
    downloadable = facts.weights_could_be_downloadable if ceiling else facts.weights_downloadable
    if downloadable:
        weights, code, source = blocked
        if weights:
            return Level.RESTRICTED_WEIGHTS
        if code:
            return Level.OPEN_WEIGHTS
        if source:
            return Level.OPEN_CODE
        return Level.OPEN_SCIENCE if mof_class == 1 else Level.OPEN_SOURCE
    if facts.access is Access.API:
        return Level.HOSTED
    return Level.CLOSED


_SCORE_TOTAL = sum(COMPONENT_WEIGHTS.values())


def _score(facts: Facts) -> float:
    got = 0.0
    parts = facts.parts
    for name, weight in COMPONENT_WEIGHTS.items():
        c = parts.get(name)
        if c is None:
            continue
        terms = _GRADE_FACTOR[facts.licenses[name].grade]
        value = (AVAILABILITY_SHARE + (1 - AVAILABILITY_SHARE) * terms) * (
            0.5 if c.partial else 1.0
        )
        if name == "model_parameters_final":
            value *= _ACCESS_FACTOR[facts.access]
        got += weight * value
    return round(100.0 * got / _SCORE_TOTAL, 1)


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
    ceiling: Level
    score: float
    osaid: Verdict
    owd: Verdict
    eu_ai_act: Verdict
    mof_class: int | None
    mof_progress: dict[int, float]
    flags: frozenset[str]
    findings: tuple[Finding, ...]
    claims: tuple[ClaimCheck, ...]
    classifier_sha256: str | None
    """The classifier file's pinned SHA-256 if it read one of the licences, else ``None``."""


def _mof_class(progress: dict[int, float]) -> int | None:
    return next((c for c in (1, 2, 3) if progress[c] >= 100.0), None)


def _capped(
    mof_class: int | None, progress: dict[int, float], level: Level, osaid: bool
) -> tuple[int | None, list[Finding]]:
    """Cap MOT's class by what the release proves: Class I needs the OSAID, any class weights."""
    capped: list[Finding] = []
    if mof_class == 1 and not osaid:
        mof_class = 2 if progress[2] >= 100.0 else 3
        capped.append(
            Finding(
                "mof-class-capped",
                Severity.WARN,
                f"MOT's rule gives Class I, but the release does not pass the OSAID "
                f"({level.name}): code under licences that are open but not OSI-approved, gated "
                "weights or unverified facts; Class II at most.",
                "MOF 1.0 Class I",
            )
        )
    if mof_class is not None and level < Level.OPEN_WEIGHTS:
        capped.append(
            Finding(
                "mof-class-withheld",
                Severity.WARN,
                f"MOT's rule gives Class {_roman(mof_class)}, but the final weights cannot be "
                f"freely downloaded ({level.name}): no class is awarded.",
                "MOF 1.0 Class III",
            )
        )
        mof_class = None
    return mof_class, capped


def _label_claim(
    facts: Facts, inherited: list[Finding], bound: tuple[Bound, ...]
) -> tuple[ClaimCheck, Finding] | None:
    """Return the claim a derived release's open label makes, when its base forbids the terms.

    *inherited* are the findings the bases impose on the weights under the Open Weight
    Definition; only those that block on proof make the label a false claim.
    """
    r = facts.licenses.get("model_parameters_final")
    if r is None or not r.known or not r.is_open:
        return None
    inherited = [f for f in inherited if f.severity is Severity.BLOCK and f.evidence == "proof"]
    if not inherited:
        return None
    bases = ", ".join(b.ref for b in bound if b.known)
    text = f"licensed {r.label}"
    finding = Finding(
        "claim-base-license",
        Severity.BLOCK,
        f"Labelled {r.label}, but derived from {bases}, whose licence "
        f"({', '.join(sorted({f.license for f in inherited if f.license})) or 'not open'}) binds "
        f"derivatives to its own terms ({', '.join(sorted({f.term or f.rule for f in inherited}))})"
        ": the label claims an openness the base does not grant.",
        "OWD 3: Derived Works",
        "model_parameters_final",
        license=r.label,
        claim=text,
    )
    return ClaimCheck(text, Level.OPEN_WEIGHTS, "open-washing"), finding


def _judge(facts: Facts, bound: tuple[Bound, ...] = ()) -> _Judgement:
    """Apply every rule to a release's facts, and what its base models bind it to."""
    inherited = inherit.weights(bound, "", "OWD 3: Derived Works") if bound else []
    weights: tuple[Group, ...] = (owd_weights(facts),)
    osaid_params: tuple[Group, ...] = (osaid_parameters(facts),)
    code = open_code(facts)
    src = open_source(facts)
    eu_params: tuple[Group, ...] = (eu_weights(facts),)
    if bound:
        weights += (Group.of(inherited),)
        osaid_params += (Group.of(inherit.weights(bound, "osaid-", "OSAID 1.0: Parameters")),)
        src += (Group.of(inherit.data_information(bound)),)
        eu_params += (Group.of(inherit.weights(bound, "eu-", "EU AI Act Art. 53(2)")),)
    osaid = _verdict((*osaid_params, *code, *src))
    owd = _verdict(weights)
    eu_groups = (
        *eu_params,
        *eu_information(facts),
        eu_conditions(facts),
        eu_remaining_duties(facts),
    )
    eu = _verdict(eu_groups)
    progress = mof_progress(facts)
    # Per family (weights, code, the rest of the source): whether it blocks, and on proof.
    proven = _blocked(weights, code, src, proof=False)
    reachable = _blocked(weights, code, src, proof=True)
    # The proven level below Class I decides whether Class I may stand (it needs the OSAID).
    below = _level(facts, proven, None)
    mof_class, capped = _capped(_mof_class(progress), progress, below, osaid.passed)
    level = below if mof_class != 1 else _level(facts, proven, mof_class)
    reach = progress_of(facts.could_include)
    osaid_reach = osaid.status is not Status.FAIL
    ceiling_below = _level(facts, reachable, None, ceiling=True)
    class_reach, _ = _capped(_mof_class(reach), reach, ceiling_below, osaid_reach)
    ceiling = max(
        level,
        ceiling_below if class_reach != 1 else _level(facts, reachable, 1, ceiling=True),
    )
    if class_reach is not None and (mof_class is None or class_reach < mof_class):
        capped.append(
            Finding(
                "mof-unverified",
                Severity.INFO,
                f"MOF Class {_roman(class_reach)} is within reach if the unverified components "
                f"and licences turn out open (proven: "
                f"{'Class ' + _roman(mof_class) if mof_class else 'no class'}).",
                f"MOF 1.0 Class {_roman(class_reach)}",
            )
        )
    checks, claim_findings = check_claims(facts, level, ceiling)
    label = _label_claim(facts, inherited, bound) if bound else None
    if label is not None:
        checks, claim_findings = (*checks, label[0]), (*claim_findings, label[1])
    groups = (
        access_stated(facts),
        Group.of(claim_findings),
        *weights,
        *osaid_params,
        *code,
        *src,
        *open_science(facts),
        *eu_groups,
        *mof_findings(facts),
        Group.of(capped),
        *component_licenses(facts),
    )
    findings: list[Finding] = []
    flags: set[str] = set()
    for g in groups:
        if g.findings:
            findings += g.findings
            flags |= g.flags
    if level is Level.HOSTED:
        flags.add("api-only")
    if level is Level.CLOSED:
        flags.add("closed")
    return _Judgement(
        level=level,
        ceiling=ceiling,
        score=_score(facts),
        osaid=osaid,
        owd=owd,
        eu_ai_act=eu,
        mof_class=mof_class,
        mof_progress=progress,
        flags=frozenset(flags),
        findings=tuple(findings),
        claims=checks,
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
_JUDGED: Memo[_Judgement] = Memo(16_384)


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


def _memo(key: Hashable, facts: Callable[[], Facts], bound: tuple[Bound, ...] = ()) -> _Judgement:
    """Return :func:`_judge`'s judgement of the profile *key*, judged once (see _NOT_READ)."""
    if bound:
        key = (key, bound)
    found = _JUDGED.get(key)
    if found is None:
        found = _JUDGED.put(key, _judge(facts(), bound))
    return found


def _judged(
    release: Release, base: Path | None = None, bound: tuple[Bound, ...] = ()
) -> _Judgement:
    """Return the judgement of *release*, read from the folder *base* if it came from a file.

    A licence that names a file in *base* (``LICENSE-MODEL``) is read to make the profile: the
    file is the licence, and it may change between two scores.
    """
    if base is not None and any(
        names_file(release.license_of(n)) for n, c in release.components.items() if c.released
    ):
        facts = facts_of(release, base=base)
        return _memo(_file_profile(facts), lambda: facts, bound)
    return _memo(_profile(release), lambda: facts_of(release), bound)


def _base_path(ref: str, source: Source) -> Path | None:
    """Return the release file *ref* names beside *source*, kept inside its folder."""
    if source.path is None or "://" in ref or ref.startswith("hf:"):
        return None
    folder = source.path.parent.resolve()
    try:
        path = (folder / ref).resolve()
    except (OSError, RuntimeError, ValueError):
        return None
    if not path.is_relative_to(folder) or path.suffix.lower() not in _RELEASE_SUFFIXES:
        return None
    return path if path.is_file() else None


_RELEASE_SUFFIXES = frozenset({".yaml", ".yml", ".json", ".md"})


def _find_base(ref: str, source: Source) -> tuple[Release, Source] | str | None:
    """Find a base model: beside *source*, among the releases openness knows, or by its resolver.

    The source's resolver reads what a Hub id's card names from the Hub. Returns the base's
    release and source, one line saying why the resolver could not read it, or ``None`` when
    nothing names it.
    """
    path = _base_path(ref, source)
    if path is not None:
        return read(path)
    known = known_base(ref)
    if known is not None:
        return known.release, Source(known.source, format=known.format)
    if source.resolve_base is not None:
        return source.resolve_base(ref)
    return None


def _bases(
    release: Release, source: Source, stack: tuple[str, ...]
) -> tuple[tuple[Bound, ...], Assessment | None]:
    """Assess the bases *release* names, following the chain to a bounded depth."""
    refs = release.base_model
    if not refs:
        return (), None
    if len(stack) > MAX_BASE_DEPTH:
        raise InvalidReleaseError(
            source.name, "base_model", f"base models nested more than {MAX_BASE_DEPTH} deep"
        )
    bound: list[Bound] = []
    first: Assessment | None = None
    relation = release.base_model_relation
    for ref in refs[:MAX_BASES]:
        found = _find_base(ref, source)
        if found is None or isinstance(found, str):
            bound.append(Bound(ref, known=False, reason=found, relation=relation))
            continue
        base_release, base_source = found
        key = base_source.name if base_source.path is None else str(base_source.path.resolve())
        if key in stack:
            chain = " -> ".join((*stack, key))
            raise InvalidReleaseError(source.name, "base_model", f"base model cycle: {chain}")
        b = assess(base_release, base_source, (*stack, key))
        weights = tuple(
            f
            for f in (*b.owd.findings, *b.osaid.findings, *b.eu_ai_act.findings)
            if "weights-" in f.rule
        )
        bound.append(
            Bound(ref, known=True, weights=weights, osaid=b.osaid.status.value, relation=relation)
        )
        first = first or b
    return tuple(bound), first


def assess(release: Release, source: Source, stack: tuple[str, ...] = ()) -> Assessment:
    """Apply every rule to a validated release (and, through :func:`_bases`, to its bases)."""
    if not stack:
        own = source.name if source.path is None else str(source.path.resolve())
        stack = (own,)
    bound, base = _bases(release, source, stack)
    j = _judged(release, None if source.path is None else source.path.parent, bound)
    flags = j.flags
    if source.findings:
        flags = flags | Group.of(source.findings).flags  # The reader's findings raise theirs.
    claims = j.claims
    findings = j.findings
    lines = source.lines.claims if source.lines is not None else {}
    if lines and claims:
        # The judgement is shared by releases of one profile; lines belong to this source.
        claims = tuple(dataclasses.replace(c, line=lines.get(c.text)) for c in claims)
        findings = tuple(
            dataclasses.replace(f, line=lines.get(f.claim)) if f.claim in lines else f
            for f in findings
        )
    return Assessment(
        release=release,
        level=j.level,
        ceiling=j.ceiling,
        score=j.score,
        osaid=j.osaid,
        owd=j.owd,
        eu_ai_act=j.eu_ai_act,
        mof_class=j.mof_class,
        mof_progress=dict(j.mof_progress),
        flags=flags,
        findings=(*source.findings, *findings) if source.findings else findings,
        claims=claims,
        base=base,
        source=(
            _PendingSource(source.name, source.format, release, source.data)  # type: ignore[arg-type]
            if source.sha256 is None
            else {"name": source.name, "format": source.format, "sha256": source.sha256}
            | ({"documents": source.documents} if source.documents else {})
        ),
        versions={**_versions(), "classifier_sha256": j.classifier_sha256},
        lines=source.lines,
    )
