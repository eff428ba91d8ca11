"""The judge: the ladder, the verdicts, the MOF class, the claim audit and the flags.

One small function per concern; the rules are in ``_rules.py`` and ``_mof.py``, the bases'
binding in ``_inherit.py``. Judgements are memoised by what the rules read of a release (its
profile), so a catalogue pays for each distinct profile once.
"""

from __future__ import annotations

import dataclasses
import functools
import math
import operator
from typing import TYPE_CHECKING, Any, NamedTuple

from . import _inherit as inherit
from . import _parts as parts_
from ._assessment import (
    SCHEMA_VERSION,
    Assessment,
    Status,
    Verdict,
    _PendingSource,
    _roman,
    new_assessment,
    new_verdict,
)
from ._bases import known_base
from ._findings import Finding, Severity
from ._inherit import MAX_BASE_DEPTH, MAX_BASES, Bound
from ._mof import PAPER_FOR_REPORT, REQUIRED, progress_of
from ._parts import COMPONENT_WEIGHTS, INDEX, Part, mask_of, masks, part_of, parts_by_text
from ._rules import (
    ARCHITECTURE_INFORMATION,
    DATA_INFORMATION,
    MEMOS,
    USAGE_INFORMATION,
    ClaimCheck,
    Facts,
    Group,
    Level,
    Memo,
    access_stated,
    check_claims,
    eu_conditions,
    eu_remaining_duties,
    facts_of,
    information,
)
from ._schema import Access, Component, Release
from .errors import InvalidReleaseError
from .licenses._classifier import MODEL_SHA256
from .licenses._kb import kb_info
from .licenses._resolve import Resolution, names_file
from .readers._core import Source
from .readers._sources import read

if TYPE_CHECKING:
    from collections.abc import Callable, Hashable, Iterable
    from pathlib import Path

__all__ = ["COMPONENT_WEIGHTS", "assess"]


def _verdict(groups: tuple[Group, ...]) -> tuple[Verdict, frozenset[str]]:
    """Pass with no blocking finding; unverified when every blocking one is missing evidence.

    With the flags *groups* raise.
    """
    findings: list[Finding] = []
    missing: list[str] = []
    flags = _NO_FLAGS
    blocks = proof = False
    for g in groups:
        if g.findings:
            findings += g.findings
            if g.flags:
                flags |= g.flags
            if g.blocks:
                blocks = True
                proof = proof or g.proof
                missing += g.missing
    if not findings:
        return _PASSED, flags
    status = Status.FAIL if proof else Status.UNVERIFIED if blocks else Status.PASS
    return new_verdict(status, tuple(findings), tuple(dict.fromkeys(missing))), flags


_NO_FLAGS: frozenset[str] = frozenset()
_PASSED = Verdict(Status.PASS)
_VERDICTS: Memo[tuple[Verdict, frozenset[str]]] = Memo(16_384)
_EU_VERDICTS: Memo[tuple[Verdict, frozenset[str]]] = Memo(16_384)


def _shared_verdict(groups: tuple[Group, ...]) -> tuple[Verdict, frozenset[str]]:
    """Return :func:`_verdict` of *groups*, made once: for families of few, repeated groups."""
    found = _VERDICTS.get(groups)
    if found is None:
        found = _VERDICTS.put(groups, _verdict(groups))
    return found


def _eu(
    release: Release, weights: tuple[Group, ...], released: int, unknown: int
) -> tuple[Verdict, frozenset[str]]:
    """EU AI Act Art. 53(2): the exemption, made once per what it reads.

    It reads the weights' groups, which of the components carrying information on the model
    are released or unsaid, and the release's compute, systemic risk and monetisation.
    """
    key = (
        weights,
        released & _EU_READS,
        unknown & _EU_READS,
        release.systemic_risk,
        release.training_compute_flops,
        release.monetised,
    )
    found = _EU_VERDICTS.get(key)
    if found is None:
        groups = (
            *weights,
            information(
                "architecture",
                public=bool(released & _ARCHITECTURE),
                unsaid=bool(unknown & _ARCHITECTURE),
            ),
            information("usage", public=bool(released & _USAGE), unsaid=bool(unknown & _USAGE)),
            eu_conditions(release),
            eu_remaining_duties(bool(released & _WEIGHTS_BIT)),
        )
        found = _EU_VERDICTS.put(key, _verdict(groups))
    return found


def _level(
    downloadable: bool,
    access: Access | None,
    blocked: tuple[bool, ...],
    mof_class: int | None,
) -> Level:
    """Read the rung off what blocks: the proven level, or the ceiling the unverified facts allow.

    *downloadable* says whether the final weights can be downloaded (for the ceiling: could be,
    were the source to say they are released); *blocked* says, for the weights, the code and the
    rest of the source (OSAID), whether a finding blocks (for the proven level any blocking
    finding, for the ceiling one that blocks on proof). OPEN_SCIENCE is OSAID plus MOF Class I
    (*mof_class*: the proven class, or for the ceiling the class within reach).
    """
    if downloadable:
        weights, code, source = blocked
        if weights:
            return Level.RESTRICTED_WEIGHTS
        if code:
            return Level.OPEN_WEIGHTS
        if source:
            return Level.OPEN_CODE
        return Level.OPEN_SCIENCE if mof_class == 1 else Level.OPEN_SOURCE
    if access is Access.API:
        return Level.HOSTED
    return Level.CLOSED


_DOWNLOADABLE = frozenset({None, Access.OPEN, Access.REGISTRATION, Access.ON_REQUEST})
_SCORE_TOTAL = sum(COMPONENT_WEIGHTS.values())
_CODE_SLOTS = operator.itemgetter(*(INDEX[n] for n in ("training_code", *parts_.STAND_INS)))
_SOURCE_SLOTS = operator.itemgetter(
    *(INDEX[n] for n in ("data_preprocessing_code", "supporting_libraries", "evaluation_code"))
)
_DATA_SLOTS = operator.itemgetter(*(INDEX[n] for n in DATA_INFORMATION))
_SCIENCE_SLOTS = operator.itemgetter(*(INDEX[n] for n in parts_.SCIENCE_CLAUSES))
_MOF_SLOTS = operator.itemgetter(*(INDEX[n] for n in REQUIRED))
_WEIGHTS = INDEX["model_parameters_final"]
_WEIGHTS_BIT = 1 << _WEIGHTS
_REPORT, _PAPER = mask_of(("technical_report",)), mask_of(("research_paper",))
_REPORT_AT = REQUIRED.index("technical_report")
_ARCHITECTURE = mask_of(ARCHITECTURE_INFORMATION)
_USAGE = mask_of(USAGE_INFORMATION)
_EU_READS = _ARCHITECTURE | _USAGE | _WEIGHTS_BIT


@functools.cache
def _versions(classifier_sha256: str | None) -> dict[str, Any]:
    """Return the versions, made once per classifier hash: each assessment gets its own copy.

    *classifier_sha256* is the classifier file's pinned SHA-256 when it read a licence.
    """
    from . import __version__  # noqa: PLC0415 - the package imports this module

    kb = kb_info()
    return {
        "openness": __version__,
        "schema": SCHEMA_VERSION,
        "kb": kb["kb_version"],
        "kb_sha256": kb["sha256"],
        "spdx_license_list": kb["spdx_license_list_version"],
        "classifier_sha256": classifier_sha256,
    }


class _Judgement(NamedTuple):
    """What the rules conclude about a release: an assessment without the release and source.

    A named tuple: made for every release never judged, and only the judge reads it.
    """

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


def _classes(progress: dict[int, float]) -> tuple[int | None, bool]:
    """Return what the ladder reads of MOF progress: MOT's class, and whether Class II is met."""
    return _mof_class(progress), progress[2] >= 100.0


def _capped(
    classes: tuple[int | None, bool], level: Level, osaid: bool
) -> tuple[int | None, list[Finding]]:
    """Cap MOT's class by what the release proves: Class I needs the OSAID, any class weights."""
    capped: list[Finding] = []
    mof_class, class_two = classes
    if mof_class == 1 and not osaid:
        mof_class = 2 if class_two else 3
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
    r: Resolution | None, inherited: list[Finding], bound: tuple[Bound, ...]
) -> tuple[ClaimCheck, Finding] | None:
    """Return the claim a derived release's open label makes, when its base forbids the terms.

    *r* is the resolution of the weights' own licence; *inherited* are the findings the bases
    impose on the weights under the Open Weight Definition; only those that block on proof make
    the label a false claim.
    """
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
    listed = [part_of(facts, name) for name in facts.release.components]
    return _compose(facts.release, listed, lambda: facts, bound)


def _compose(
    release: Release,
    listed: list[Part],
    facts: Callable[[], Facts],
    bound: tuple[Bound, ...] = (),
) -> _Judgement:
    """Read every verdict off the parts of the components *release* lists, in its order.

    *facts* gives the release's facts, for the rules on several components met for the first
    time (see _parts.py).
    """
    access = release.access
    slots = list(parts_.absent(access))
    for p in listed:
        slots[p.index] = p
    released, unknown, included, could_include = masks(sum(map(_BITS, listed)))
    w = slots[_WEIGHTS]
    trained, inference, architecture = _CODE_SLOTS(slots)
    owd_w, osaid_w, eu_w = w.weights
    # Three families, each read for the ladder: the weights (OWD), the code and the rest of the
    # source (OSAID); each as a tuple of groups.
    weights: tuple[Group, ...] = (owd_w,)
    osaid_params: tuple[Group, ...] = (osaid_w,)
    code = (trained.code, *parts_.stand_ins(inference, architecture, facts))
    src: tuple[Group, ...] = (
        *map(_CODE, _SOURCE_SLOTS(slots)),
        parts_.data_information_of(_DATA_SLOTS(slots), facts),
    )
    eu_params: tuple[Group, ...] = (eu_w,)
    inherited: list[Finding] = []
    if bound:
        inherited = inherit.weights(bound, "", "OWD 3: Derived Works")
        weights, osaid_params, src, eu_params = _bind(
            bound, inherited, weights, osaid_params, src, eu_params
        )
    osaid_groups = (*osaid_params, *code, *src)
    osaid, osaid_flags = _verdict(osaid_groups)
    owd, owd_flags = _shared_verdict(weights)
    eu, eu_flags = _eu(release, eu_params, released, unknown)
    weights_released = bool(released & _WEIGHTS_BIT)
    progress, classes = _progress(included)
    downloadable = weights_released and access in _DOWNLOADABLE
    # Per family: whether a finding blocks (the proven level), and on proof (the ceiling).
    (weights_block, weights_proof), (code_blocks, code_proof), (src_blocks, src_proof) = (
        _fold(weights),
        _fold(code),
        _fold(src),
    )
    level, ceiling, mof_class, capped = _ladder(
        (
            downloadable,
            downloadable or (bool(unknown & _WEIGHTS_BIT) and access in _DOWNLOADABLE),
            access,
            (weights_block, code_blocks, src_blocks),
            (weights_proof, code_proof, src_proof),
            classes,
            _progress(could_include)[1],
            osaid.status,
        )
    )
    checks, claim_findings = check_claims(release.claims, level, ceiling)
    label = _label_claim(w.resolution, inherited, bound) if bound else None
    if label is not None:
        checks, claim_findings = (*checks, label[0]), (*claim_findings, label[1])
    mof = list(map(_MOF, _MOF_SLOTS(slots)))
    if not included & _REPORT and included & _PAPER:
        mof[_REPORT_AT] = PAPER_FOR_REPORT
    # In order: the access, the claims, then each standard's findings (read off its verdict, as
    # its groups gave them), MOF's, the class's caps, the licences' notes.
    stated = access_stated(access, weights_released)
    findings = [*stated.findings, *claim_findings, *owd.findings, *osaid.findings]
    flags = stated.flags | owd_flags | osaid_flags | eu_flags
    if claim_findings:
        flags |= Group.of(claim_findings).flags
    flags = _gather(map(_SCIENCE, _SCIENCE_SLOTS(slots)), findings, flags)
    findings += eu.findings
    flags = _gather((*mof, capped, *map(_NOTES, listed)), findings, flags)
    if level is Level.HOSTED:
        flags |= _API_ONLY
    elif level is Level.CLOSED:
        flags |= _CLOSED
    # Positionally, through the named tuple's _make: no keyword parsing, its length checked.
    return _Judgement._make(
        (
            level,
            ceiling,
            _score(listed),
            osaid,
            owd,
            eu,
            mof_class,
            progress,
            flags,
            tuple(findings),
            checks,
            MODEL_SHA256 if any(map(_CLASSIFIER, listed)) else None,
        )
    )


def _bind(
    bound: tuple[Bound, ...], inherited: list[Finding], *families: tuple[Group, ...]
) -> tuple[tuple[Group, ...], ...]:
    """Add what the bases bind a derived release to, per family.

    Its weights (OWD), its parameters (OSAID), the rest of its source (OSAID's data
    information) and its weights again (EU).
    """
    weights, osaid_params, src, eu_params = families
    return (
        (*weights, Group.of(inherited)),
        (*osaid_params, Group.of(inherit.weights(bound, "osaid-", "OSAID 1.0: Parameters"))),
        (*src, Group.of(inherit.data_information(bound))),
        (*eu_params, Group.of(inherit.weights(bound, "eu-", "EU AI Act Art. 53(2)"))),
    )


def _gather(
    groups: Iterable[Group], findings: list[Finding], flags: frozenset[str]
) -> frozenset[str]:
    """Add *groups*' findings to *findings*; return *flags* with those they raise."""
    for g in groups:
        if g.findings:
            findings += g.findings
            if g.flags:
                flags |= g.flags
    return flags


_Rungs = tuple[
    bool,
    bool,
    Access | None,
    tuple[bool, bool, bool],
    tuple[bool, bool, bool],
    tuple[int | None, bool],
    tuple[int | None, bool],
    Status,
]
_LADDERS: Memo[tuple[Level, Level, int | None, Group]] = Memo(4096)


def _ladder(rungs: _Rungs) -> tuple[Level, Level, int | None, Group]:
    """Return the proven level, the ceiling, the MOF class and the findings capping it.

    *rungs* is all the ladder reads: whether the weights can be downloaded (proven, and were
    the unverified facts open), the access, per family (weights, code, the rest of the source)
    whether a finding blocks and whether one blocks on proof, MOT's class proven and within
    reach (with Class II met or not), and OSAID's status. Few such combinations occur: each is
    climbed once.
    """
    found = _LADDERS.get(rungs)
    if found is None:
        found = _LADDERS.put(rungs, _climb(rungs))
    return found


def _climb(rungs: _Rungs) -> tuple[Level, Level, int | None, Group]:
    downloadable, could_download, access, proven, reachable, classes, within_reach, osaid = rungs
    # The proven level below Class I decides whether Class I may stand (it needs the OSAID).
    below = _level(downloadable, access, proven, None)
    mof_class, capped = _capped(classes, below, osaid is Status.PASS)
    level = below if mof_class != 1 else _level(downloadable, access, proven, mof_class)
    ceiling_below = _level(could_download, access, reachable, None)
    class_reach, _ = _capped(within_reach, ceiling_below, osaid is not Status.FAIL)
    ceiling = max(
        level,
        ceiling_below if class_reach != 1 else _level(could_download, access, reachable, 1),
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
    return level, ceiling, mof_class, Group.of(capped)


def _fold(groups: tuple[Group, ...]) -> tuple[bool, bool]:
    """Return whether a finding of *groups* blocks, and whether one blocks on proof."""
    blocks = False
    for g in groups:
        if g.proof:
            return True, True
        blocks = blocks or g.blocks
    return blocks, False


_PROGRESS: Memo[tuple[dict[int, float], tuple[int | None, bool]]] = Memo(4096)


def _progress(mask: int) -> tuple[dict[int, float], tuple[int | None, bool]]:
    """Return MOF progress per class of the components in *mask*, and what the ladder reads."""
    found = _PROGRESS.get(mask)
    if found is None:
        progress = progress_of(parts_.names_of(mask))
        found = _PROGRESS.put(mask, (progress, _classes(progress)))
    return found


_BITS = operator.attrgetter("bits")
_CODE = operator.attrgetter("code")
_MOF = operator.attrgetter("mof")
_NOTES = operator.attrgetter("notes")
_SCIENCE = operator.attrgetter("science")
_CLASSIFIER = operator.attrgetter("classifier")
_SCORE = operator.attrgetter("score")
_API_ONLY, _CLOSED = frozenset({"api-only"}), frozenset({"closed"})


def _score(listed: list[Part]) -> float:
    # The exact sum (math.fsum) of the listed parts' shares: an unlisted component's is 0.0, and
    # an exact sum is the same in any order and on every Python (sum() compensates from 3.12).
    return round(100.0 * math.fsum(map(_SCORE, listed)) / _SCORE_TOTAL, 1)


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


def forget() -> None:
    """Empty every memo of judgements and of what they are made of (for tests and benchmarks)."""
    memos: tuple[Memo[Any], ...] = (
        _JUDGED,
        _VERDICTS,
        _EU_VERDICTS,
        _LADDERS,
        _PROGRESS,
        *parts_.MEMOS,
        *MEMOS,
    )
    for memo in memos:
        memo.clear()
    parts_.absent.cache_clear()


def _profile(release: Release) -> tuple[Hashable, tuple[str, ...], tuple[Hashable, ...]]:
    """Return what the rules read of a release, each component's licence by its text.

    The release's default licence is part of it and so is each component's own: what applies to
    a component (:meth:`Release.license_of`) follows from the two. A licence text resolves to the
    same terms every time, unless it names a file beside the release (see :func:`_file_profile`).
    The components' names and what is read of each come as two tuples, in the release's order.
    """
    components = release.components
    return (
        _RELEASE_KEY(release),
        tuple(components),
        tuple(map(_COMPONENT_KEY, components.values())),
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


def _once(make: Callable[[], Facts]) -> Callable[[], Facts]:
    """Return *make*, called at most once."""
    made: list[Facts] = []

    def get() -> Facts:
        if not made:
            made.append(make())
        return made[0]

    return get


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
    profile = _profile(release)
    key = (profile, bound) if bound else profile
    found = _JUDGED.get(key)
    if found is None:
        lazy = _once(lambda: facts_of(release))
        listed = parts_by_text(release, profile[1], profile[2], lazy)
        found = _JUDGED.put(key, _compose(release, listed, lazy, bound))
    return found


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
    bound: tuple[Bound, ...] = ()
    base = None
    if release.base_model:
        if not stack:
            stack = (source.name if source.path is None else str(source.path.resolve()),)
        bound, base = _bases(release, source, stack)
    j = _judged(release, None if source.path is None else source.path.parent, bound)
    level, ceiling, score, osaid, owd, eu, mof_class, progress, flags, findings, claims, sha = j
    lines = source.lines.claims if source.lines is not None else None
    if lines and claims:
        # The judgement is shared by releases of one profile; lines belong to this source.
        claims = tuple(dataclasses.replace(c, line=lines.get(c.text)) for c in claims)
        findings = tuple(
            dataclasses.replace(f, line=lines.get(f.claim)) if f.claim in lines else f
            for f in findings
        )
    if source.findings:
        flags = flags | Group.of(source.findings).flags  # The reader's findings raise theirs.
        findings = (*source.findings, *findings)
    return new_assessment(
        release,
        level,
        ceiling,
        score,
        osaid,
        owd,
        eu,
        mof_class,
        progress.copy(),
        flags,
        findings,
        claims,
        base,
        (
            _PendingSource._make((source.name, source.format, release, source.data))
            if source.sha256 is None
            else {"name": source.name, "format": source.format, "sha256": source.sha256}
            | ({"documents": source.documents} if source.documents else {})
        ),
        _versions(sha).copy(),
        source.lines,
    )
