"""Findings: what a rule saw, where, and the clause it applies. Collected, never raised."""

from __future__ import annotations

from dataclasses import dataclass, fields
from typing import Any

from ._catalogue import Evidence, Severity, evidence_of

__all__ = ["Finding", "Severity"]


@dataclass(frozen=True, slots=True)
class Finding:
    """One observation of one rule about one release."""

    rule: str
    """Stable slug, e.g. ``"weights-license-not-open"``; never reworded (see docs/errors.md)."""
    severity: Severity
    message: str
    """A sentence for people; free to reword."""
    clause: str | None = None
    """The requirement applied, e.g. ``"OSAID 1.0: Code"`` or ``"EU AI Act Art. 53(2)"``."""
    component: str | None = None
    license: str | None = None
    term: str | None = None
    """The licence term that decided, e.g. ``"user_threshold"``."""
    claim: str | None = None
    """The producer's claim the finding is about (``claim-*`` rules)."""
    line: int | None = None
    """The line of the source it was found on (1-based), when the source has lines."""

    @property
    def evidence(self) -> Evidence:
        """``"missing"`` when the source does not say (unverified), ``"proof"`` when it does."""
        return evidence_of(self.rule)

    def to_dict(self) -> dict[str, Any]:
        """Return the finding as a JSON-safe mapping."""
        out = {name: getattr(self, name) for name in _FIELDS}
        out["severity"] = self.severity.name
        out["evidence"] = self.evidence
        return out

    def __reduce__(self) -> tuple[type[Finding], tuple[Any, ...]]:
        # Rebuilt by its constructor: the dataclass default unpickles field by field, slowly.
        return (self.__class__, tuple(getattr(self, name) for name in _FIELDS))

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Finding:
        """Rebuild a finding from :meth:`to_dict`'s output."""
        known = {k: v for k, v in data.items() if k in _FIELDS}
        return cls(**{**known, "severity": Severity[data["severity"]]})


# The fields in order: to_dict's keys and __reduce__'s arguments.
_FIELDS = tuple(f.name for f in fields(Finding))
