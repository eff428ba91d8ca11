"""Derived models: what a base model's assessment binds its derivatives to.

A fine-tune, adapter, quantization, merge or distillation of a base is a derivative of the base's
weights: the base's licence terms bind it whatever the derived release's own label says, unless
the base's licence lets derivatives take other terms (an open base yields nothing to inherit).
A merge is bound by every parent. An adapter, usable only with its base's weights, is also
bound by the base's gate (registration, a request). An unknown base, or one that could not be
read (a Hub base offline, not found, rate-limited), leaves the affected verdicts unverified.

The judge receives each base as a :class:`Bound` (what of the base's assessment binds), so the
judgement stays a function of hashable facts and is memoised like any other.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from ._catalogue import Severity
from ._findings import Finding

if TYPE_CHECKING:
    from ._catalogue import Evidence

__all__ = ["MAX_BASES", "MAX_BASE_DEPTH", "Bound", "data_information", "weights"]

MAX_BASE_DEPTH = 8
"""How many bases deep a chain is followed (a fine-tune of a fine-tune of ...)."""
MAX_BASES = 16
"""The most parents one release may name (a merge)."""

_COMP = "model_parameters_final"
# What of the base's weights findings does not carry over: how the base is accessed or shipped
# binds its own users, not a derivative's.
_NOT_BINDING = frozenset(
    {"not-released", "not-stated", "not-downloadable", "on-request", "gated", "partial"}
)
# An adapter is usable only with its base's weights: whoever uses it must get the base, so the
# base's gate (registration, a request) binds the adapter's users too.
_ACCESS = frozenset({"on-request", "gated"})
_NOT_BINDING_ADAPTER = _NOT_BINDING - _ACCESS


@dataclass(frozen=True, slots=True)
class Bound:
    """A base model, as far as it binds a derivative."""

    ref: str
    """The base as the derived release names it."""
    known: bool
    """Whether openness could read the base (by path, or among the releases it knows)."""
    weights: tuple[Finding, ...] = ()
    """The base's findings on its weights' terms, for each standard (prefixes ``""``,
    ``osaid-``, ``eu-``)."""
    osaid: str | None = None
    """The base's OSAID status (``pass``, ``fail``, ``unverified``), when known."""
    reason: str | None = None
    """Why an unknown base could not be read (offline, not found on the Hub, gated...)."""
    relation: str | None = None
    """How the derived release derives from the base (``adapter``, ``quantized``...)."""


def _inherited(prefix: str, f: Finding) -> str:
    """Return the id a base's weights finding takes in the derivative."""
    if f.term is not None:
        return f.rule  # The same term binds: the same id, so the same flag.
    evidence: Evidence = f.evidence
    return f"{prefix}weights-base-{'unverified' if evidence == 'missing' else 'not-open'}"


def weights(bound: tuple[Bound, ...], prefix: str, clause: str) -> list[Finding]:
    """Return what the bases impose on the derived weights for the standard of *prefix*."""
    out: list[Finding] = []
    for b in bound:
        if not b.known:
            why = (
                f"which could not be read ({b.reason})"
                if b.reason
                else "which openness does not know"
            )
            out.append(
                Finding(
                    f"{prefix}weights-base-unknown",
                    Severity.BLOCK,
                    f"Derived from {b.ref!r}, {why}: the terms the base imposes on this "
                    "derivative are unverified.",
                    clause,
                    _COMP,
                )
            )
            continue
        head = f"{prefix}weights-"
        adapter = b.relation == "adapter"
        not_binding = _NOT_BINDING_ADAPTER if adapter else _NOT_BINDING
        for f in b.weights:
            suffix = f.rule.removeprefix(head)
            if not f.rule.startswith(head) or suffix in not_binding or suffix.startswith("base-"):
                continue
            if f.severity < Severity.WARN:
                continue
            access = adapter and suffix in _ACCESS
            out.append(
                Finding(
                    # The base's gate is the adapter's own: the same id, so the same flag.
                    f.rule if access else _inherited(prefix, f),
                    f.severity,
                    f"An adapter of {b.ref}, usable only with its weights: {f.message}"
                    if access
                    else f"Bound by its base {b.ref}: {f.message}",
                    f.clause,
                    _COMP,
                    license=f.license,
                    term=f.term,
                )
            )
    return out


def data_information(bound: tuple[Bound, ...]) -> list[Finding]:
    """OSAID 1.0 Data Information covers the base's training too: a derivative passes with it."""
    clause = "OSAID 1.0: Data Information"
    out: list[Finding] = []
    for b in bound:
        if b.osaid == "pass":
            continue
        if b.known and b.osaid == "fail":
            out.append(
                Finding(
                    "data-information-base",
                    Severity.BLOCK,
                    f"Derived from {b.ref}, which fails the OSAID: the data information of the "
                    "base's training, which this model carries, is not disclosed as OSAID asks.",
                    clause,
                )
            )
        else:
            out.append(
                Finding(
                    "data-information-base-unverified",
                    Severity.BLOCK,
                    f"Derived from {b.ref}: whether the base's training data information is "
                    "released as OSAID asks is unverified.",
                    clause,
                )
            )
    return out
