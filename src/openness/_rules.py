"""The rules: small functions from a release's facts to findings, each citing the clause it applies.

A rule yields :class:`Finding` s; a ``BLOCK`` finding fails the requirement it cites. The ladder of
:class:`Level` s and the verdicts are read off the findings in ``_score.py``.
"""

from __future__ import annotations

import dataclasses
import enum
import functools
from collections.abc import Callable, Hashable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Protocol, TypeVar

from ._catalogue import CATALOGUE
from ._claims import Claim, classify_claim
from ._findings import Finding, Severity
from ._schema import COMPONENTS, Access, Component, Release
from .licenses._resolve import Resolution, license_file, resolve_license, resolve_license_file

if TYPE_CHECKING:
    from pathlib import Path

__all__ = [
    "EU_SYSTEMIC_RISK_FLOPS",
    "UNKNOWN",
    "Facts",
    "Level",
    "Rule",
    "facts_of",
    "per_component",
]

EU_SYSTEMIC_RISK_FLOPS = 1e25
"""EU AI Act Art. 51(2): systemic risk is presumed above this much training compute."""


class Level(enum.IntEnum):
    """The open-source-to-open-weight scale; each rung includes all below it."""

    CLOSED = 0
    """No public access."""
    HOSTED = 1
    """Usable only through a hosted service or API."""
    RESTRICTED_WEIGHTS = 2
    """Final weights downloadable, but their terms or access fail the Open Weight Definition."""
    OPEN_WEIGHTS = 3
    """Final weights that anyone may use, study, modify and share for any purpose."""
    OPEN_CODE = 4
    """Plus training and inference code under OSI-approved licences."""
    OPEN_SOURCE = 5
    """Plus data-processing code and data information: the OSI Open Source AI Definition 1.0."""
    OPEN_SCIENCE = 6
    """Plus open training datasets, intermediate checkpoints and a research paper (MOF Class I)."""


@dataclass(frozen=True, slots=True)
class Facts:
    """A release with each released component's licence resolved, computed once per score."""

    release: Release
    licenses: dict[str, Resolution]
    """Per released component (partly or wholly), the resolution of the licence that applies."""
    parts: dict[str, Component] = field(init=False, repr=False, compare=False)
    """The released components (partly or wholly), by name: the rules ask for them often."""
    included: frozenset[str] = field(init=False, repr=False, compare=False)
    """The components released whole under an open licence (what MOF counts)."""
    unknown: frozenset[str] = field(init=False, repr=False, compare=False)
    """The components the source does not say are released or not (``released: null``)."""
    could_include: frozenset[str] = field(init=False, repr=False, compare=False)
    """What MOF would count if every unverified fact turned out open: the included components,
    the unknown ones, and those released whole under a licence not stated or not recognised."""
    state: dict[str, Hashable] = field(init=False, repr=False, compare=False)
    """Per component the source lists, all a per-component rule reads of it: ``UNKNOWN``, or
    ``(partial, licence uid)`` when released; absent (``None``) when not released."""

    def __post_init__(self) -> None:
        # One pass over the components: every score makes a Facts.
        licenses = self.licenses
        parts: dict[str, Component] = {}
        state: dict[str, Hashable] = {}
        included: list[str] = []
        unknown: list[str] = []
        unstated: list[str] = []
        for n, c in self.release.components.items():
            if c.released is None:
                unknown.append(n)
                state[n] = UNKNOWN
            elif c.released:
                parts[n] = c
                r = licenses[n]
                state[n] = (c.partial, r.uid)
                if not c.partial:
                    if r.is_open:
                        included.append(n)
                    elif unverified_license(r):
                        unstated.append(n)
        whole_open = frozenset(included)
        unknown_set = frozenset(unknown)
        object.__setattr__(self, "parts", parts)
        object.__setattr__(self, "state", state)
        object.__setattr__(self, "included", whole_open)
        object.__setattr__(self, "unknown", unknown_set)
        object.__setattr__(self, "could_include", whole_open.union(unknown_set, unstated))

    def mentioned(self, name: str) -> bool:
        """Whether the source says if component *name* is released (not ``released: null``)."""
        return name not in self.unknown

    def released(self, name: str) -> Component | None:
        return self.parts.get(name)

    def whole(self, name: str) -> bool:
        c = self.parts.get(name)
        return c is not None and not c.partial

    @property
    def access(self) -> Access | None:
        return self.release.access

    @property
    def weights_downloadable(self) -> bool:
        if self.released("model_parameters_final") is None:
            return False
        return self.access in _DOWNLOADABLE

    @property
    def weights_could_be_downloadable(self) -> bool:
        """Whether the weights would be downloadable if every unverified fact turned out open."""
        if self.weights_downloadable:
            return True
        return "model_parameters_final" in self.unknown and self.access in _DOWNLOADABLE


_DOWNLOADABLE = frozenset({None, Access.OPEN, Access.REGISTRATION, Access.ON_REQUEST})
UNKNOWN = "unknown"
"""A component's state when the source does not say whether it is released."""


def unverified_license(r: Resolution) -> bool:
    """Whether a licence is not stated (``NOASSERTION``) or not recognised: missing evidence."""
    return r.how != "none" and not r.known


def facts_of(
    release: Release,
    resolve: Callable[[str | None], Resolution] = resolve_license,
    *,
    base: Path | None = None,
) -> Facts:
    """Resolve the licence of every released component once.

    :param base: the folder of the release file; a licence written as a file name in it
        (``LICENSE``, ``LICENSE-MODEL``...) is read and its text resolved.
    """
    licenses: dict[str, Resolution] = {}
    for name, c in release.components.items():
        if not c.released:
            continue
        text = release.license_of(name)
        path = license_file(text, base) if base is not None and text else None
        licenses[name] = resolve(text) if path is None else resolve_license_file(path, text or "")
    return Facts(release, licenses)


# What each finding id raises and whether it reports missing evidence: read off the catalogue.
FLAG_OF: dict[str, str] = {rule: e.flag for rule, e in CATALOGUE.items() if e.flag is not None}
_MISSING = frozenset(rule for rule, e in CATALOGUE.items() if e.evidence == "missing")


@dataclass(frozen=True, slots=True, eq=False)
class Group:
    """The findings of one rule on one component (or on the release).

    With what the verdicts and the flags read of them, worked out once when the group is made.
    Groups are made once and shared (memoised), so a group is compared by identity: tuples of
    groups are cheap memo keys.
    """

    findings: tuple[Finding, ...] = ()
    blocks: bool = False
    """Whether a finding blocks (fails or leaves unverified the requirement it cites)."""
    proof: bool = False
    """Whether a finding blocks on proof (fails the requirement)."""
    missing: tuple[str, ...] = ()
    """The ids of the blocking findings that report missing evidence, in order."""
    flags: frozenset[str] = frozenset()

    @classmethod
    def of(cls, findings: Iterable[Finding]) -> Group:
        found = tuple(findings)
        if not found:
            return NOTHING
        missing: dict[str, None] = {}
        blocks = proof = False
        for f in found:
            if f.severity is Severity.BLOCK:
                blocks = True
                if f.rule in _MISSING:
                    missing[f.rule] = None
                else:
                    proof = True
        flags = frozenset(FLAG_OF[f.rule] for f in found if f.rule in FLAG_OF)
        return cls(found, blocks, proof, tuple(missing), flags)


NOTHING = Group()
"""A rule's group when it finds nothing."""
Groups = tuple[Group, ...]

Rule = Callable[[Facts], Groups]
_PerComponent = Callable[[Facts, str, str, str | None], Iterable[Finding]]

_V = TypeVar("_V")


class Memo(dict[Hashable, _V]):
    """A memo of at most *limit* entries: full, it starts again.

    Simple and bounded: a catalogue that varied refills it. Look up with ``get``, store with
    :meth:`put`.
    """

    def __init__(self, limit: int) -> None:
        super().__init__()
        self.limit = limit

    def put(self, key: Hashable, value: _V) -> _V:
        """Store *value* under *key* (emptying the memo first when it is full); return it."""
        if len(self) >= self.limit:
            self.clear()
        self[key] = value
        return value


MEMO_MAX = 65_536
"""Entries a per-component memo holds before it starts again (bounded, like the judge's)."""
MEMOS: list[Memo[Group]] = []
"""Every per-component memo, for tests that judge with them empty."""


class _Memoised(Protocol):
    def __call__(self, facts: Facts, comp: str, arg: str, other: str | None = None, /) -> Group: ...


def per_component(
    also: Callable[[Facts], Hashable] | None = None,
) -> Callable[[_PerComponent], _Memoised]:
    """Memoise ``rule(facts, comp, arg, other)`` on the states of *comp* and *other*.

    What a per-component rule finds depends on the component's state alone (released or not,
    in part, under which licence: :attr:`Facts.state`), on its fixed argument *arg* (a clause,
    a prefix), on the state of the one other component it may read (a stand-in), and on what
    *also* reads of the release (its access, for the weights): releases share its findings, so
    a release never judged before still pays for each (component, licence) once. *rule* must
    read nothing else of *facts*; tests/test_rules.py checks the memo against the rules.
    """

    def memoise(rule: _PerComponent) -> _Memoised:
        memo: Memo[Group] = Memo(MEMO_MAX)
        MEMOS.append(memo)

        def judged(facts: Facts, comp: str, arg: str, other: str | None = None) -> Group:
            state = facts.state
            key = (
                comp,
                arg,
                other,
                state.get(comp),
                state.get(other) if other else None,
                also(facts) if also else None,
            )
            found = memo.get(key)
            if found is None:
                found = memo.put(key, Group.of(rule(facts, comp, arg, other)))
            return found

        judged.__doc__ = rule.__doc__
        judged.__wrapped__ = rule  # type: ignore[attr-defined]
        return judged

    return memoise


# Clause wording per standard, for each way the final weights can fail.
_OWD = {
    "released": "OWD 2: Model Weights",
    "access": "OWD 2: Model Weights",
    "gated": "OWD 7: Distribution of License",
    "license": "OWD 2: Model Weights",
    "non_commercial": "OWD 6: No Discrimination Against Fields of Endeavor",
    "commercial_use": "OWD 6: No Discrimination Against Fields of Endeavor",
    "field_of_use_restrictions": "OWD 6: No Discrimination Against Fields of Endeavor",
    "output_restrictions": "OWD 6: No Discrimination Against Fields of Endeavor",
    "revocable": "OWD 7: Distribution of License",
    "user_threshold": "OWD 5: No Discrimination Against Persons or Groups",
    "revenue_threshold": "OWD 5: No Discrimination Against Persons or Groups",
    "no_derivatives": "OWD 3: Derived Works",
    "naming_mandate": "OWD 4: Integrity of the Author's Work",
}
_OSAID = dict.fromkeys(_OWD, "OSAID 1.0: Parameters") | {
    "access": "OSAID 1.0: Use (without having to ask for permission)",
    "gated": "OSAID 1.0: Use (without having to ask for permission)",
}
_EU = dict.fromkeys(_OWD, "EU AI Act Art. 53(2); Recital 102") | {
    "released": "EU AI Act Art. 53(2): parameters, including the weights, made publicly available",
    "access": "EU AI Act Art. 53(2): parameters, including the weights, made publicly available",
    "gated": "EU AI Act Art. 53(2): parameters, including the weights, made publicly available",
}
# The standard's clauses, by the prefix of its rules' slugs.
_CITES = {"": _OWD, "osaid-": _OSAID, "eu-": _EU}

_TERM_RULES = {
    "non_commercial": ("non-commercial", "allows non-commercial use only"),
    "commercial_use": ("non-commercial", "does not allow commercial use"),
    "no_derivatives": ("no-derivatives", "forbids derivatives"),
    "field_of_use_restrictions": (
        "use-restrictions",
        "restricts fields of use or behaviour (use restrictions or an acceptable-use policy)",
    ),
    "output_restrictions": ("output-restrictions", "restricts how outputs may be used"),
    "revocable": ("revocable", "lets the licensor restrict use or change the terms unilaterally"),
    "user_threshold": ("user-threshold", "requires a separate licence above a number of users"),
    "revenue_threshold": ("revenue-threshold", "requires a separate licence above a revenue"),
}


def _license_text(r: Resolution) -> str:
    return r.label if r.known else repr(r.text)


def _access(facts: Facts) -> Access | None:
    return facts.access


@per_component(also=_access)
def final_weights(facts: Facts, comp: str, prefix: str, _: str | None) -> Iterator[Finding]:
    c = facts.released(comp)
    if c is None and not facts.mentioned(comp):
        yield Finding(
            f"{prefix}weights-not-stated",
            Severity.BLOCK,
            "The source does not say whether the final weights are released: unverified.",
            _CITES[prefix]["released"],
            comp,
        )
        return
    if c is None:
        if facts.access is Access.API:
            msg = "The final weights are not released: the model is usable only through an API."
        else:
            msg = "The final weights are not released."
        cite = _CITES[prefix]["released"]
        yield Finding(f"{prefix}weights-not-released", Severity.BLOCK, msg, cite, comp)
        return
    yield from _released_weights(facts.licenses[comp], facts.access, c.partial, prefix)


def _released_weights(
    r: Resolution, access: Access | None, partial: bool, prefix: str
) -> Iterator[Finding]:
    comp = "model_parameters_final"
    cite = _CITES[prefix]
    if access in {Access.API, Access.NONE}:
        yield Finding(
            f"{prefix}weights-not-downloadable",
            Severity.BLOCK,
            f"The weights are listed but access is {access.value!r}: they cannot be downloaded.",
            cite["access"],
            comp,
        )
    elif access is Access.ON_REQUEST:
        yield Finding(
            f"{prefix}weights-on-request",
            Severity.BLOCK,
            "The weights are released only on request: anyone must ask for permission first.",
            cite["access"],
            comp,
        )
    elif access is Access.REGISTRATION:
        yield Finding(
            f"{prefix}weights-gated",
            Severity.WARN,
            "The weights are gated behind registration or a click-through agreement.",
            cite["gated"],
            comp,
        )
    if partial:
        yield Finding(
            f"{prefix}weights-partial",
            Severity.BLOCK,
            "Only part of the final weights is released.",
            cite["released"],
            comp,
        )
    yield from _terms(r, comp, cite, prefix=prefix, what="weights")


def did_you_mean(r: Resolution) -> str:
    """Return `` (did you mean 'Apache-2.0'?)`` for a licence spelt like known ones, else ""."""
    ids = [repr(i) for i in r.suggestions]
    if not ids:
        return ""
    shown = ids[0] if len(ids) == 1 else f"{', '.join(ids[:-1])} or {ids[-1]}"
    return f" (did you mean {shown}?)"


def _terms(
    r: Resolution, comp: str, cite: dict[str, str], *, prefix: str, what: str
) -> Iterator[Finding]:
    """Report a licence that is missing, unknown or restrictive."""
    if r.how == "none":
        yield Finding(
            f"{prefix}{what}-no-license",
            Severity.BLOCK,
            f"The {what.replace('-', ' ')} carry no licence: no right to use, modify or share "
            "them is granted.",
            cite["license"],
            comp,
        )
        return
    if not r.known:
        yield Finding(
            f"{prefix}{what}-license-unknown",
            Severity.BLOCK,
            f"The licence {r.text!r} of the {what.replace('-', ' ')} is not stated or not "
            f"recognised{did_you_mean(r)}: whether it is open is unverified.",
            cite["license"],
            comp,
            license=r.text,
        )
        return
    for term in r.restrictions:
        slug, words = _TERM_RULES[term]
        lic = next(lic for lic in r.licenses if term in lic.restrictions)
        source = lic.terms[term if term in lic.terms else "commercial_use"].source
        yield Finding(
            f"{prefix}{what}-{slug}",
            Severity.BLOCK,
            f"{lic.name} {words} ({source}).",
            cite.get(term, cite["license"]),
            comp,
            license=lic.id,
            term=term,
        )
    if not r.restrictions and not r.is_open:
        lic = next(lic for lic in r.licenses if not lic.is_open)
        yield Finding(
            f"{prefix}{what}-license-not-open",
            Severity.BLOCK,
            f"{lic.name} is not OSI-approved, FSF-libre or an open data licence, and its terms "
            "are not established: counted as not open.",
            cite["license"],
            comp,
            license=lic.id,
        )
    for lic in r.licenses:
        if lic.term("naming_mandate") is True:
            yield Finding(
                f"{prefix}{what}-naming-mandate",
                Severity.WARN,
                f"{lic.name} imposes a name or brand on derivatives "
                f"({lic.terms['naming_mandate'].source}).",
                cite.get("naming_mandate", cite["license"]),
                comp,
                license=lic.id,
                term="naming_mandate",
            )


@per_component()
def code(facts: Facts, comp: str, clause: str, stand_in: str | None) -> Iterator[Finding]:
    """Check a code component: released whole under an OSI-approved licence (or its stand-in)."""
    title = COMPONENTS[comp].title
    c = facts.released(comp)
    if c is None and stand_in is not None and facts.released(stand_in) is not None:
        yield Finding(
            f"{comp.replace('_', '-')}-in-{stand_in.replace('_', '-')}",
            Severity.INFO,
            f"{title} is not listed on its own: the {COMPONENTS[stand_in].title.lower()} is taken "
            "to carry it.",
            clause,
            comp,
        )
        return
    slug = comp.replace("_", "-")
    if (
        c is not None
        and stand_in is not None
        and not _whole_osi(facts, comp)
        and _whole_osi(facts, stand_in)
    ):
        # Listing a component must never lower the level: its stand-in still carries it.
        yield Finding(
            f"{slug}-in-{stand_in.replace('_', '-')}",
            Severity.INFO,
            f"{title} is listed under terms that are not OSI-approved, but the "
            f"{COMPONENTS[stand_in].title.lower()}, whole and under an OSI-approved licence, "
            "carries it.",
            clause,
            comp,
        )
        return
    if stand_in is not None and not _whole_osi(facts, comp) and _could_stand_in(facts, stand_in):
        # The stand-in could carry it, were its unstated licence OSI-approved: not proof.
        yield Finding(
            f"{slug}-in-{stand_in.replace('_', '-')}-unverified",
            Severity.BLOCK,
            f"{title} is not shown whole under an OSI-approved licence; the "
            f"{COMPONENTS[stand_in].title.lower()} could carry it, but the source does not say "
            "whether it is released, or under which licence: unverified.",
            clause,
            comp,
        )
        return
    if c is None:
        yield _not_released(facts, comp, clause)
        return
    yield from _released_terms(facts.licenses[comp], comp, clause, c.partial, "osi")


def _not_released(facts: Facts, comp: str, clause: str) -> Finding:
    """Say that a component is not released, or, when the source never says, that it is unknown."""
    title = COMPONENTS[comp].title
    slug = comp.replace("_", "-")
    if not facts.mentioned(comp):
        return Finding(
            f"{slug}-not-stated",
            Severity.BLOCK,
            f"{title}: the source does not say whether it is released (unverified).",
            clause,
            comp,
        )
    return Finding(
        f"{slug}-not-released", Severity.BLOCK, f"{title} is not released.", clause, comp
    )


def _could_stand_in(facts: Facts, name: str) -> bool:
    """Whether *name* might carry another component were its unverified facts open."""
    if not facts.mentioned(name):
        return True
    return facts.whole(name) and unverified_license(facts.licenses[name])


def _whole_osi(facts: Facts, name: str) -> bool:
    c = facts.released(name)
    return c is not None and not c.partial and facts.licenses[name].osi_approved


# What a released component's licence must be, per requirement: the rule suffix and the words.
_NEEDS: dict[str, tuple[str, str]] = {
    "osi": ("not-osi", "not an OSI-approved licence"),
    "open": ("not-open", "not open terms"),
}


def _released_terms(
    r: Resolution, comp: str, clause: str, partial: bool, need: str
) -> Iterator[Finding]:
    """Check a released component: whole, and under OSI-approved (or open) terms."""
    title = COMPONENTS[comp].title
    slug = comp.replace("_", "-")
    if partial:
        yield Finding(
            f"{slug}-partial", Severity.BLOCK, f"{title} is released only in part.", clause, comp
        )
    if unverified_license(r):
        shown = (
            "not stated"
            if r.how == "unknown" and r.text.upper() == "NOASSERTION"
            else (f"{r.text!r}, not recognised{did_you_mean(r)}")
        )
        yield Finding(
            f"{slug}-license-unknown",
            Severity.BLOCK,
            f"The licence of the {title.lower()} is {shown}: whether it is "
            f"{'OSI-approved' if need == 'osi' else 'open'} is unverified.",
            clause,
            comp,
            license=r.text,
        )
    elif not (r.osi_approved if need == "osi" else r.is_open):
        suffix, words = _NEEDS[need]
        lic = _license_text(r) if r.how != "none" else "no licence"
        yield Finding(
            f"{slug}-{suffix}",
            Severity.BLOCK,
            f"{title} is under {lic}, {words}.",
            clause,
            comp,
            license=r.label if r.known else r.text,
        )


@per_component()
def optional_code(facts: Facts, comp: str, clause: str, _: str | None) -> Iterator[Finding]:
    """Check code that OSAID asks for where it was used: a shortfall informs, never blocks."""
    if facts.released(comp) is None:
        yield Finding(
            f"{comp.replace('_', '-')}-not-listed",
            Severity.INFO,
            f"{COMPONENTS[comp].title} is not listed; OSAID 1.0 asks for it where it was used.",
            clause,
            comp,
        )
    else:
        # Listed under non-OSI terms or in part: a shortfall, but not a blocking one. The
        # component is optional in MOF and its absence only informs, so its presence must not
        # weigh more (releasing one more component never lowers the level).
        for f in code(facts, comp, clause).findings:
            blocking = f.severity > Severity.WARN
            yield dataclasses.replace(f, severity=Severity.WARN) if blocking else f


DATA_INFORMATION = ("data_card", "technical_report", "research_paper", "datasets")
"""The components that carry OSAID 1.0's Data Information."""


def data_information(facts: Facts) -> Iterator[Finding]:
    """OSAID 1.0, Data Information: data card, technical report, paper or datasets, open."""
    clause = "OSAID 1.0: Data Information"
    released = [c for c in DATA_INFORMATION if facts.released(c) is not None]
    unknown = [c for c in DATA_INFORMATION if not facts.mentioned(c)]
    if not released and unknown:
        yield Finding(
            "data-information-not-stated",
            Severity.BLOCK,
            "The source does not say whether data information is released ("
            + ", ".join(COMPONENTS[c].title.lower() for c in unknown)
            + "): unverified.",
            clause,
        )
        return
    if not released:
        yield Finding(
            "data-information-missing",
            Severity.BLOCK,
            "No data information is released (data card, technical report, research paper or "
            "datasets): a skilled person could not build a substantially equivalent system.",
            clause,
        )
        return
    if not any(facts.licenses[c].is_open for c in released):
        if unknown or any(unverified_license(facts.licenses[c]) for c in released):
            yield Finding(
                "data-information-license-unknown",
                Severity.BLOCK,
                "Data information is released, but no part of it is shown under open terms: "
                "its licences are not stated or not recognised (unverified).",
                clause,
            )
            return
        names = ", ".join(
            f"{COMPONENTS[c].title.lower()} ({_license_text(facts.licenses[c])})" for c in released
        )
        yield Finding(
            "data-information-not-open",
            Severity.BLOCK,
            f"Data information is released but under no open terms: {names}.",
            clause,
        )


@per_component()
def science(facts: Facts, comp: str, clause: str, _: str | None) -> Iterator[Finding]:
    """Check a Class I component: released whole under open terms."""
    c = facts.released(comp)
    if c is None:
        yield _not_released(facts, comp, clause)
        return
    yield from _released_terms(facts.licenses[comp], comp, clause, c.partial, "open")


@per_component(also=_access)
def eu_weights(facts: Facts, comp: str, prefix: str, _: str | None) -> Iterator[Finding]:
    for f in final_weights(facts, comp, prefix).findings:
        if f.rule == "eu-weights-gated":
            continue  # Registration does not stop the weights being publicly available.
        yield f


ARCHITECTURE_INFORMATION = (
    "model_architecture",
    "inference_code",
    "technical_report",
    "research_paper",
    "model_card",
)
"""The components that carry information on the model architecture (EU AI Act Art. 53(2))."""
USAGE_INFORMATION = ("model_card", "technical_report")
"""The components that carry information on model usage (EU AI Act Art. 53(2))."""
_ARCHITECTURE_CLAUSE = (
    "EU AI Act Art. 53(2): information on the model architecture made publicly available"
)
_USAGE_CLAUSE = "EU AI Act Art. 53(2): information on model usage made publicly available"
_INFORMATION = {
    ("architecture", "not-stated"): Finding(
        "eu-architecture-information-not-stated",
        Severity.BLOCK,
        "The source does not say whether information on the model architecture is public "
        "(unverified).",
        _ARCHITECTURE_CLAUSE,
    ),
    ("architecture", "missing"): Finding(
        "eu-architecture-information-missing",
        Severity.BLOCK,
        "No information on the model architecture is public.",
        _ARCHITECTURE_CLAUSE,
    ),
    ("usage", "not-stated"): Finding(
        "eu-usage-information-not-stated",
        Severity.BLOCK,
        "The source does not say whether information on model usage is public (unverified).",
        _USAGE_CLAUSE,
    ),
    ("usage", "missing"): Finding(
        "eu-usage-information-missing",
        Severity.BLOCK,
        "No information on model usage is public (no model card or technical report).",
        _USAGE_CLAUSE,
    ),
}


_INFORMATION_GROUPS = {key: Group.of((f,)) for key, f in _INFORMATION.items()}


def information(what: str, *, public: bool, unsaid: bool) -> Group:
    """EU AI Act Art. 53(2): information on the model *what* (architecture, usage) is public.

    :param public: whether a component that carries it is released.
    :param unsaid: whether the source leaves one of them unsaid (then unverified, not missing).
    """
    if public:
        return NOTHING
    return _INFORMATION_GROUPS[what, "not-stated" if unsaid else "missing"]


_SYSTEMIC_RISK_CLAUSE = "EU AI Act Art. 53(2), last sentence; Art. 51"
_SYSTEMIC_RISK_UNKNOWN = Finding(
    "eu-systemic-risk-unknown",
    Severity.BLOCK,
    "Neither the training compute nor a systemic-risk designation is stated: the exemption "
    "cannot be confirmed (missing evidence).",
    _SYSTEMIC_RISK_CLAUSE,
)
_MONETISED = {
    True: Finding(
        "eu-monetised",
        Severity.BLOCK,
        "The model is provided against a price or otherwise monetised.",
        "EU AI Act Recital 103",
    ),
    None: Finding(
        "eu-monetisation-unknown",
        Severity.BLOCK,
        "Whether the model is monetised is not stated: the exemption cannot be confirmed "
        "(missing evidence).",
        "EU AI Act Recital 103",
    ),
}


def eu_conditions(rel: Release) -> Group:
    """EU AI Act Art. 53(2) last sentence, Art. 51 and Recital 103: no systemic risk, no price."""
    return _eu_conditions(rel.systemic_risk, rel.training_compute_flops, rel.monetised)


@functools.lru_cache(maxsize=1024)
def _eu_conditions(
    systemic_risk: bool | None, flops: float | None, monetised: bool | None
) -> Group:
    return Group.of(_eu_condition_findings(systemic_risk, flops, monetised))


def _eu_condition_findings(
    systemic_risk: bool | None, flops: float | None, monetised: bool | None
) -> Iterator[Finding]:
    if systemic_risk is True or (flops is not None and flops >= EU_SYSTEMIC_RISK_FLOPS):
        why = (
            "designated a model with systemic risk"
            if systemic_risk
            else f"trained with {flops:.2g} FLOP, above the 1e25 presumption of Art. 51(2)"
        )
        yield Finding(
            "eu-systemic-risk",
            Severity.BLOCK,
            f"The exemption does not apply to general-purpose AI models with systemic risk: {why}.",
            _SYSTEMIC_RISK_CLAUSE,
        )
    elif systemic_risk is None and flops is None:
        yield _SYSTEMIC_RISK_UNKNOWN
    found = _MONETISED.get(monetised)
    if found is not None:
        yield found


_REMAINING_DUTIES = Finding(
    "eu-remaining-duties",
    Severity.INFO,
    "Art. 53(2) exempts only from Art. 53(1)(a) and (b): a copyright policy and a public summary "
    "of the training content are still required.",
    "EU AI Act Art. 53(1)(c), (d); Recital 104",
)


_REMAINING_DUTIES_GROUP = Group.of((_REMAINING_DUTIES,))


def eu_remaining_duties(weights_released: bool) -> Group:
    """Even when exempt, Art. 53(1)(c) and (d) stay: copyright policy and training-data summary."""
    return _REMAINING_DUTIES_GROUP if weights_released else NOTHING


_ACCESS_NOT_STATED = Finding(
    "access-not-stated",
    Severity.INFO,
    "How the weights are accessed is not stated: the listed weights are taken as publicly "
    "downloadable (MOF convention: a listed component is released).",
    None,
    "model_parameters_final",
)


_ACCESS_NOT_STATED_GROUP = Group.of((_ACCESS_NOT_STATED,))


def access_stated(access: Access | None, weights_released: bool) -> Group:
    """Say when access to listed weights is not stated and is taken as open download."""
    if access is None and weights_released:
        return _ACCESS_NOT_STATED_GROUP
    return NOTHING


# Producers repeat their claims across releases: each text is read once.
_classify_claim = functools.lru_cache(maxsize=4096)(classify_claim)

_CLAIMED_RUNG = {Claim.OPEN_SOURCE: Level.OPEN_SOURCE, Claim.OPEN_WEIGHTS: Level.OPEN_WEIGHTS}


@dataclass(frozen=True, slots=True)
class ClaimCheck:
    """One claim of the producer's, and what the evidence says of it."""

    text: str
    asserts: Level
    """The rung the claim asserts (``OPEN_SOURCE`` or ``OPEN_WEIGHTS``)."""
    verdict: str
    """``substantiated`` (the proven level reaches it), ``unverified`` (only the ceiling does:
    it holds if the unverified facts turn out open) or ``open-washing`` (not even the ceiling)."""
    line: int | None = None
    """The line of the source the claim was found on, when the source has lines."""

    def to_dict(self) -> dict[str, object]:
        """Return the check as a JSON-safe mapping."""
        return {
            "text": self.text,
            "asserts": self.asserts.name,
            "verdict": self.verdict,
            "line": self.line,
        }


def check_claims(
    claims: tuple[str, ...], level: Level, ceiling: Level
) -> tuple[tuple[ClaimCheck, ...], tuple[Finding, ...]]:
    """Check each claim against the proven level and the ceiling: the one claim audit."""
    checks: list[ClaimCheck] = []
    findings: list[Finding] = []
    for text in claims:
        claim = _classify_claim(text)
        if claim is None:
            continue
        rung = _CLAIMED_RUNG[claim]
        if level >= rung:
            checks.append(ClaimCheck(text, rung, "substantiated"))
            continue
        if ceiling >= rung:
            checks.append(ClaimCheck(text, rung, "unverified"))
            findings.append(
                Finding(
                    "claim-unverified",
                    Severity.WARN,
                    f"Claimed {text!r}: the evidence proves {level.name}; {rung.name} is within "
                    f"reach (up to {ceiling.name}) only if the unverified facts turn out open.",
                    "OSAID 1.0" if claim is Claim.OPEN_SOURCE else "OWD 0.3",
                    claim=text,
                )
            )
            continue
        checks.append(ClaimCheck(text, rung, "open-washing"))
        if claim is Claim.OPEN_SOURCE:
            findings.append(
                Finding(
                    "claim-open-source",
                    Severity.BLOCK,
                    f"Claimed {text!r}, but the release reaches {level.name} (at most "
                    f"{ceiling.name} on any reading of the evidence) and fails the Open Source AI "
                    "Definition.",
                    "OSAID 1.0",
                    claim=text,
                )
            )
        else:
            findings.append(
                Finding(
                    "claim-open-weights",
                    Severity.BLOCK,
                    f"Claimed {text!r}, but the release reaches {level.name} (at most "
                    f"{ceiling.name} on any reading of the evidence) and fails the Open Weight "
                    "Definition.",
                    "OWD 0.3",
                    claim=text,
                )
            )
    return tuple(checks), tuple(findings)


@per_component()
def license_notes(facts: Facts, name: str, _: str, __: str | None) -> Iterator[Finding]:
    r = facts.licenses[name]
    if r.how == "classifier":
        yield from _classified_license(r, name)
    if not r.known and name != "model_parameters_final":
        yield from _unknown_license(r, name)


def _classified_license(r: Resolution, name: str) -> Iterator[Finding]:
    """Say when the classifier read a licence text, with its confidence, counted or not."""
    if r.guess is None or r.confidence is None:
        return
    text = r.text if len(r.text) <= 60 else r.text[:57] + "..."
    title = COMPONENTS[name].title.lower()
    guess = f"{r.guess.name} ({r.guess.id}), confidence {r.confidence:.2f}"
    if r.known:
        yield Finding(
            "license-identified-by-classifier",
            Severity.INFO,
            f"The licence {text!r} of the {title} was recognised by the classifier: {guess}.",
            None,
            name,
            license=r.guess.id,
        )
    else:
        yield Finding(
            "license-guess-not-counted",
            Severity.INFO,
            f"The classifier's best guess for the licence {text!r} of the {title} is {guess}: "
            "below its threshold, so not counted; the licence counts as unknown.",
            None,
            name,
            license=r.guess.id,
        )


def _unknown_license(r: Resolution, name: str) -> Iterator[Finding]:
    yield Finding(
        "license-unknown",
        Severity.WARN,
        f"The licence {r.text!r} of the {COMPONENTS[name].title.lower()} is not stated or "
        f"not recognised{did_you_mean(r)}: whether it is open is unverified.",
        None,
        name,
        license=r.text,
    )
