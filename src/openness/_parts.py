"""What each component yields under every rule, worked out once per component state.

A rule that reads one component reads only its state (released or not, in part, under which
licence) and, for the final weights, the release's access. A :class:`Part` holds what each such
rule finds for one component in one state, with the bits the judge combines (released, not
stated, counted by MOF) and its share of the score. A release the judge has never seen is then a
lookup per component, and ``_judge.py`` reads its verdicts off the parts; the two rules that read
several components (a stand-in for the inference code and the architecture, and OSAID's data
information) are memoised on the parts they read.

Which rule applies to which component, and the clause it cites, is the table below.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from ._mof import REQUIRED, required
from ._rules import (
    NOTHING,
    Facts,
    Group,
    Memo,
    code,
    data_information,
    eu_weights,
    final_weights,
    license_notes,
    optional_code,
    science,
    unverified_license,
)
from ._schema import COMPONENTS, Access, Component, Release
from .licenses._kb import LicenseGrade

if TYPE_CHECKING:
    from collections.abc import Callable, Hashable, Sequence

    from .licenses._resolve import Resolution

__all__ = [
    "COMPONENT_WEIGHTS",
    "INDEX",
    "MEMOS",
    "Part",
    "absent",
    "data_information_of",
    "mask_of",
    "masks",
    "names_of",
    "part_of",
    "stand_ins",
]

WEIGHTS = "model_parameters_final"
INDEX = {name: i for i, name in enumerate(COMPONENTS)}
"""Each component's place in :data:`COMPONENTS` order: its slot, and its bit (``1 << index``)."""

OSAID_CODE = "OSAID 1.0: Code"
# The rules on one component's state alone, and the clause each cites. OSAID 1.0, Code: training
# and data-processing code under OSI-approved terms; supporting libraries and evaluation code
# where they were used (a shortfall informs). The inference code and the architecture stand in
# for each other (stand_ins). MOF 1.0 Class I: open datasets, intermediate checkpoints, a paper.
CODE_RULES = {
    "training_code": code,
    "data_preprocessing_code": code,
    "supporting_libraries": optional_code,
    "evaluation_code": optional_code,
}
SCIENCE_CLAUSES = {
    "datasets": "MOF 1.0 Class I: Datasets",
    "model_parameters_intermediate": "MOF 1.0 Class I: Model parameters (Intermediate)",
    "research_paper": "MOF 1.0 Class I: Research paper",
}
STAND_INS = ("inference_code", "model_architecture")
"""Two code components of OSAID 1.0, Code, each of which may carry the other."""

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


@dataclass(frozen=True, slots=True, eq=False)
class Part:
    """What one component in one state yields: every one-component rule's findings, and bits.

    Parts are made once per (component, state, access for the weights) and shared, so a part is
    its own memo key (compared by identity).
    """

    name: str
    index: int
    resolution: Resolution | None
    """The resolution of the licence that applies, when the component is released."""
    bits: int
    """Its bit (``1 << index``) in each of four fields of :data:`SPAN` bits: released (partly
    or wholly), not stated, counted by MOF (whole, under an open licence), and countable were
    its unverified facts open. The parts of a release add up to its four masks (:func:`masks`)."""
    classifier: bool
    """Whether the classifier read its licence."""
    score: float
    """Its weighted share of :attr:`Assessment.score`, before the total is scaled and rounded."""
    weights: tuple[Group, Group, Group]
    """For the final weights: the Open Weight Definition's, OSAID's and the EU exemption's."""
    code: Group
    """OSAID 1.0, Code, for the code components that stand alone."""
    science: Group
    """MOF 1.0 Class I, for its three components."""
    mof: Group
    """What keeps a component MOF requires out of its class."""
    notes: Group
    """A licence the classifier read, or one not recognised."""


_NO_WEIGHTS = (NOTHING, NOTHING, NOTHING)
MEMO_MAX = 65_536
_PARTS: Memo[Part] = Memo(MEMO_MAX)
_BY_TEXT: Memo[Memo[Part]] = Memo(1024)
"""Per default licence and access, each component as written to its part."""
_PAIRS: Memo[tuple[Group, Group]] = Memo(MEMO_MAX)
_DATA_INFORMATION: Memo[Group] = Memo(MEMO_MAX)
MEMOS: tuple[Memo[Any], ...] = (_PARTS, _BY_TEXT, _PAIRS, _DATA_INFORMATION)
"""Every memo of parts and of what is read off them, for tests and benchmarks that empty them."""


def part_of(facts: Facts, name: str) -> Part:
    """Return the part of component *name* in *facts*' release, made once per state."""
    access = facts.access if name == WEIGHTS else None
    key = (name, facts.state.get(name), access)
    found = _PARTS.get(key)
    if found is None:
        found = _PARTS.put(key, _make(facts, name, access))
    return found


def _make(facts: Facts, name: str, access: Access | None) -> Part:
    c = facts.parts.get(name)
    r = facts.licenses.get(name)
    bit = 1 << INDEX[name]
    unknown = not facts.mentioned(name)
    whole = c is not None and not c.partial and r is not None
    rule = CODE_RULES.get(name)
    clause = SCIENCE_CLAUSES.get(name)
    included = whole and r.is_open  # type: ignore[union-attr]
    could = unknown or (whole and (r.is_open or unverified_license(r)))  # type: ignore[arg-type, union-attr]
    return Part(
        name=name,
        index=INDEX[name],
        resolution=r,
        bits=sum(
            bit << (SPAN * i)
            for i, on in enumerate((c is not None, unknown, included, could))
            if on
        ),
        classifier=r is not None and r.how == "classifier",
        score=_score(name, c, r, access),
        weights=(
            (
                final_weights(facts, name, ""),
                final_weights(facts, name, "osaid-"),
                eu_weights(facts, name, "eu-"),
            )
            if name == WEIGHTS
            else _NO_WEIGHTS
        ),
        code=rule(facts, name, OSAID_CODE) if rule is not None else NOTHING,
        science=science(facts, name, clause) if clause is not None else NOTHING,
        mof=required(facts, name, "") if name in REQUIRED else NOTHING,
        notes=license_notes(facts, name, "") if r is not None else NOTHING,
    )


def _score(name: str, c: Component | None, r: Resolution | None, access: Access | None) -> float:
    if c is None or r is None:
        return 0.0
    terms = _GRADE_FACTOR[r.grade]
    value = (AVAILABILITY_SHARE + (1 - AVAILABILITY_SHARE) * terms) * (0.5 if c.partial else 1.0)
    if name == WEIGHTS:
        value *= _ACCESS_FACTOR[access]
    return COMPONENT_WEIGHTS[name] * value


def parts_by_text(
    release: Release,
    names: Sequence[str],
    written: Sequence[Hashable],
    facts: Callable[[], Facts],
) -> list[Part]:
    """Return the parts of *release*'s components, in its order, by what each is written as.

    *names* and *written* are the components' names and what the judge's profile reads of each
    (released, licence and partial); with the release's default licence and access they decide
    the part. A part not seen before is made from *facts*.
    """
    context = (release.license, release.access)
    table = _BY_TEXT.get(context)
    if table is None:
        table = _BY_TEXT.put(context, Memo(MEMO_MAX))
    parts: list[Part | None] = list(map(table.get, zip(names, written, strict=True)))
    if None in parts:
        for i, entry in enumerate(zip(names, written, strict=True)):
            if parts[i] is None:
                parts[i] = table.put(entry, part_of(facts(), entry[0]))
    return parts  # type: ignore[return-value]


@functools.cache
def absent(access: Access | None) -> tuple[Part, ...]:
    """Return a part per component, in :data:`COMPONENTS` order, each as if not listed."""
    facts = Facts(Release(name="-", access=access), {})
    return tuple(part_of(facts, name) for name in COMPONENTS)


def stand_ins(
    inference: Part, architecture: Part, facts: Callable[[], Facts]
) -> tuple[Group, Group]:
    """Return OSAID 1.0, Code, for the inference code and the architecture (each the other's)."""
    key = (inference, architecture)
    found = _PAIRS.get(key)
    if found is None:
        f = facts()
        found = _PAIRS.put(
            key,
            (
                code(f, "inference_code", OSAID_CODE, "model_architecture"),
                code(f, "model_architecture", OSAID_CODE, "inference_code"),
            ),
        )
    return found


def data_information_of(carriers: tuple[Part, ...], facts: Callable[[], Facts]) -> Group:
    """Return OSAID 1.0, Data Information, for the parts of :data:`DATA_INFORMATION`."""
    found = _DATA_INFORMATION.get(carriers)
    if found is None:
        found = _DATA_INFORMATION.put(carriers, Group.of(data_information(facts())))
    return found


SPAN = len(COMPONENTS)
_FIELD = (1 << SPAN) - 1


def masks(bits: int) -> tuple[int, int, int, int]:
    """Split the sum of a release's parts' bits into its four masks.

    Released, not stated, counted by MOF, and countable were the unverified facts open.
    """
    return (
        bits & _FIELD,
        bits >> SPAN & _FIELD,
        bits >> 2 * SPAN & _FIELD,
        bits >> 3 * SPAN & _FIELD,
    )


def mask_of(names: Sequence[str]) -> int:
    """Return the bits of *names*."""
    return sum(1 << INDEX[n] for n in names)


def names_of(mask: int) -> frozenset[str]:
    """Return the components whose bits are in *mask*."""
    return frozenset(n for n, i in INDEX.items() if mask >> i & 1)
