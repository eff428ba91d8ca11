"""Model Openness Framework 1.0 classes, computed as the Model Openness Tool computes them.

Reproduces MOT's ``ModelEvaluator.php`` (lfai/model_openness_tool @ 8b5d30e): a required
component counts when it is released under an open licence (type-appropriate or not; a licence
that is open but not of the component's type is a conditional pass, reported as a warning); the
research paper stands in for a missing technical report.

Progress, per class, is the share of the class's required components included (cumulative: 6 for
Class III, 10 for II, 14 for I, or 13 when the paper stands in for the report), capped at 100; a
class past the first one not met gets 0, as MOT has since PR #107 (issue #106). The class is the
last one met, going down from III. Checked against MOT's 27 test records in the tests: their
``expected_results.json`` (MOT's own output) and the percentages in their file names, which come
from MOT's test-file generator and count classes past the first one not met.
"""

from __future__ import annotations

import functools
from typing import TYPE_CHECKING

from ._findings import Finding, Severity
from ._rules import Group, per_component
from ._schema import COMPONENTS

if TYPE_CHECKING:
    from collections.abc import Iterator

    from ._rules import Facts
    from .licenses._resolve import Resolution

__all__ = ["PAPER_FOR_REPORT", "REQUIRED", "progress_of", "required"]

_ROMAN = {3: "III", 2: "II", 1: "I"}
# Per class, the components it requires: its own and those of every class below it.
_REQUIRED = {
    cls: frozenset(
        n for n, info in COMPONENTS.items() if info.mof_required and info.mof_class >= cls
    )
    for cls in (3, 2, 1)
}


@functools.lru_cache(maxsize=4096)
def _progress(whole_open: frozenset[str]) -> dict[int, float]:
    # A function of the included components alone: releases share a few such sets.
    report = "technical_report" in whole_open
    paper = "research_paper" in whole_open
    progress: dict[int, float] = {}
    complete = True
    for cls in (3, 2, 1):
        required = _REQUIRED[cls]
        total = len(required)
        included = len(required & whole_open)
        if not report and paper:
            if cls == 1:
                total -= 1  # The paper is required in Class I already: the report is dropped.
            else:
                included += 1  # The paper fills the report's place.
        value = min(100.0, included / total * 100) if complete else 0.0
        progress[cls] = round(value, 1)
        complete = complete and value >= 100.0
    return progress


def _clause(name: str) -> str:
    info = COMPONENTS[name]
    return f"MOF 1.0 Class {_ROMAN[info.mof_class]}: {info.title}"


# Every required component, in MOF's order, with the finding made when it is missing.
_MISSING = {
    name: Finding(
        "mof-missing", Severity.BLOCK, f"{info.title} is not released.", _clause(name), name
    )
    for name, info in COMPONENTS.items()
    if info.mof_required
}
_NOT_STATED = {
    name: Finding(
        "mof-not-stated",
        Severity.BLOCK,
        f"{info.title}: the source does not say whether it is released (unverified).",
        _clause(name),
        name,
    )
    for name, info in COMPONENTS.items()
    if info.mof_required
}
_PAPER_FOR_REPORT = Finding(
    "mof-paper-for-report",
    Severity.INFO,
    "The research paper stands in for the technical report.",
    _clause("technical_report"),
    "technical_report",
)
PAPER_FOR_REPORT = Group.of((_PAPER_FOR_REPORT,))
"""What the report's place in its class says when the research paper stands in for it."""
REQUIRED = tuple(_MISSING)
"""The components MOF requires, in its order."""


@per_component()
def required(facts: Facts, name: str, _: str, __: str | None) -> Iterator[Finding]:
    """Say what keeps one required component out of its class."""
    c = facts.released(name)
    if c is None:
        yield _NOT_STATED[name] if name in facts.unknown else _MISSING[name]
        return
    yield from _released(facts.licenses[name], name, c.partial)


def _released(r: Resolution, name: str, partial: bool) -> Iterator[Finding]:
    info = COMPONENTS[name]
    clause = _clause(name)
    if partial:
        yield Finding(
            "mof-partial",
            Severity.BLOCK,
            f"{info.title} is released only in part.",
            clause,
            name,
        )
    elif r.how != "none" and not r.known:
        yield Finding(
            "mof-license-unknown",
            Severity.BLOCK,
            f"{info.title} is under {r.text!r}, not stated or not recognised: whether it is "
            "open is unverified.",
            clause,
            name,
            license=r.text,
        )
    elif not r.is_open:
        what = "no licence" if r.how == "none" else (r.label if r.known else repr(r.text))
        yield Finding(
            "mof-license-not-open",
            Severity.BLOCK,
            f"{info.title} is under {what}, not an open licence.",
            clause,
            name,
            license=None if r.how == "none" else r.label,
        )
    elif not all(info.content_type in lic.content_types for lic in r.licenses):
        yield Finding(
            "mof-license-not-type-appropriate",
            Severity.WARN,
            f"{info.title} has an open licence ({r.label}) that is not one for "
            f"{info.content_type}: a conditional pass.",
            clause,
            name,
            license=r.label,
        )


def progress_of(included: frozenset[str]) -> dict[int, float]:
    """Per class, the share of its required components in *included* (e.g. a ceiling's set)."""
    return dict(_progress(included))
