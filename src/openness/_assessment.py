"""What outputs read: :class:`Verdict` and :class:`Assessment`, their JSON and their text.

Outputs read an assessment; none judges again. An assessment is made by the judge
(``_judge.py``); this module holds no rule. The HTML card is here, as the assessment shows
itself in a notebook.
"""

from __future__ import annotations

import enum
import hashlib
import html
import json
from dataclasses import dataclass, field, fields
from typing import TYPE_CHECKING, Any, NamedTuple

from ._findings import Finding, Severity
from ._normalise import shown
from ._rules import ClaimCheck, Level
from ._schema import Release
from .readers._core import LineIndex, release_sha256

if TYPE_CHECKING:
    from collections.abc import Mapping

__all__ = [
    "SCHEMA_VERSION",
    "Assessment",
    "Status",
    "Verdict",
    "mof_roman",
    "new_assessment",
    "to_html",
]

SCHEMA_VERSION = "2"
"""Version of the release format and of :meth:`Assessment.to_dict`'s layout."""


class Status(enum.StrEnum):
    """A verdict's outcome: proven to pass, proven to fail, or not shown either way."""

    PASS = "pass"  # noqa: S105 - a verdict, not a password
    """Every requirement is shown to be met."""
    FAIL = "fail"
    """Some requirement is shown not to be met: a failure needs proof."""
    UNVERIFIED = "unverified"
    """Nothing proves a failure, but some requirement rests on evidence the source leaves out."""


_LABELS = {Status.PASS: "yes", Status.FAIL: "no", Status.UNVERIFIED: "unverified"}


@dataclass(frozen=True, slots=True)
class Verdict:
    """A verdict against one standard, with the findings that decide it."""

    status: Status
    findings: tuple[Finding, ...] = ()
    missing_evidence: tuple[str, ...] = ()
    """Rule ids of the blocking findings that report missing evidence, in order, once each."""

    @property
    def passed(self) -> bool:
        """Whether the verdict is :attr:`Status.PASS`: unverified is not passed."""
        return self.status is Status.PASS

    def __bool__(self) -> bool:
        return self.passed

    def __reduce__(self) -> tuple[type[Verdict], tuple[Any, ...]]:
        # Rebuilt by its constructor: the dataclass default unpickles field by field, slowly.
        return (self.__class__, (self.status, self.findings, self.missing_evidence))

    @property
    def label(self) -> str:
        """``yes``, ``no`` or ``unverified``: the status as tables show it."""
        return _LABELS[self.status]

    def to_dict(self) -> dict[str, Any]:
        """Return the verdict as a JSON-safe mapping."""
        return {
            "status": self.status.value,
            "passed": self.passed,
            "missing_evidence": list(self.missing_evidence),
            "findings": [f.to_dict() for f in self.findings],
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Verdict:
        """Rebuild a verdict from :meth:`to_dict`'s output."""
        return cls(
            status=Status(data["status"]),
            findings=tuple(Finding.from_dict(f) for f in data["findings"]),
            missing_evidence=tuple(data["missing_evidence"]),
        )


class _UnfrozenVerdict:
    """A verdict being made: :class:`Verdict`'s slots without its frozen ``__setattr__``.

    As :class:`_Unfrozen` is for an assessment (see there): the judge makes a verdict per release.
    """

    __slots__ = Verdict.__slots__


def new_verdict(
    status: Status, findings: tuple[Finding, ...], missing_evidence: tuple[str, ...]
) -> Verdict:
    """Make a verdict as its constructor would, slot by slot (see :func:`new_assessment`)."""
    v: Any = object.__new__(_UnfrozenVerdict)
    v.status = status
    v.findings = findings
    v.missing_evidence = missing_evidence
    v.__class__ = Verdict
    return v  # type: ignore[no-any-return]


@dataclass(frozen=True, slots=True)
class Assessment:
    """How open a release is, with the findings that say why."""

    release: Release
    level: Level
    """The highest rung the evidence proves."""
    ceiling: Level
    """The highest rung reachable if every unverified fact turned out open (``>= level``)."""
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
    """The one flag set: every output shows these (``open-washing`` iff some claim is)."""
    findings: tuple[Finding, ...]
    claims: tuple[ClaimCheck, ...] = ()
    """The claim audit: each claim the release makes, with its verdict and line."""
    base: Assessment | None = None
    """The assessment of the base model a derived release is bound by, when it is known."""
    source: dict[str, Any] = field(default_factory=dict)
    """Where the release came from: ``name``, ``format``, ``sha256``."""
    versions: dict[str, Any] = field(default_factory=dict)
    """Library, schema and knowledge-base versions (and hashes) that produced the verdicts."""
    lines: LineIndex | None = field(default=None, repr=False, compare=False)
    """Where the release's facts are in its source, by line, as its reader indexed them (a
    card's keys, claims and evidence); outputs place findings with it (SARIF)."""

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
        return to_html(self)

    def explain(self) -> str:
        """Return a text a person reads: the level, each verdict and the findings behind it."""
        reach = "" if self.ceiling == self.level else f", up to {self.ceiling.name} if the "
        reach += "" if self.ceiling == self.level else "unverified facts turn out open"
        lines = [
            (
                f"{self.release.name}: {self.level.name} (level {int(self.level)} of 6{reach}), "
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
        if self.claims:
            lines.append("Claims:")
            lines.extend(
                f"  - {c.verdict}: {c.text!r} (asserts {c.asserts.name})"
                + (f", line {c.line}" if c.line else "")
                for c in self.claims
            )
        if self.base is not None:
            lines.append(
                f"Base model: {self.base.name}: {self.base.level.name}, "
                f"OWD {self.base.owd.label}, OSAID {self.base.osaid.label}"
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
            "ceiling": self.ceiling.name,
            "ceiling_value": int(self.ceiling),
            "score": self.score,
            "osaid": self.osaid.to_dict(),
            "owd": self.owd.to_dict(),
            "eu_ai_act": self.eu_ai_act.to_dict(),
            "mof_class": self.mof_class,
            "mof_progress": {str(k): v for k, v in self.mof_progress.items()},
            "flags": sorted(self.flags),
            "claims": [c.to_dict() for c in self.claims],
            "findings": [f.to_dict() for f in self.findings],
            "base": None if self.base is None else self.base.to_dict(),
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
            ceiling=Level[data["ceiling"]],
            score=data["score"],
            osaid=Verdict.from_dict(data["osaid"]),
            owd=Verdict.from_dict(data["owd"]),
            eu_ai_act=Verdict.from_dict(data["eu_ai_act"]),
            mof_class=data["mof_class"],
            mof_progress={int(k): v for k, v in data["mof_progress"].items()},
            flags=frozenset(data["flags"]),
            findings=tuple(Finding.from_dict(f) for f in data["findings"]),
            claims=tuple(
                ClaimCheck(c["text"], Level[c["asserts"]], c["verdict"], c.get("line"))
                for c in data.get("claims", ())
            ),
            base=None if data.get("base") is None else cls.from_dict(data["base"]),
            source=dict(data["source"]),
            versions=dict(data["versions"]),
        )


_ASSESSMENT_FIELDS = fields(Assessment)


class _Unfrozen:
    """An assessment being made: :class:`Assessment`'s slots without its frozen ``__setattr__``.

    Each field is then stored as a plain slot, which the interpreter specialises (a slot's own
    ``__set__``, called for each of 16 fields, costs about 2.7 times as much); once every field
    is set, the object becomes an ``Assessment`` (``__class__``, allowed as the two have the same
    slots). The source's slot is the one :class:`_SourceSlot` wraps.
    """

    __slots__ = Assessment.__slots__


def new_assessment(  # noqa: PLR0917 - every field, in order
    release: Release,
    level: Level,
    ceiling: Level,
    score: float,
    osaid: Verdict,
    owd: Verdict,
    eu_ai_act: Verdict,
    mof_class: int | None,
    mof_progress: dict[int, float],
    flags: frozenset[str],
    findings: tuple[Finding, ...],
    claims: tuple[ClaimCheck, ...],
    base: Assessment | None,
    source: Any,
    versions: dict[str, Any],
    lines: LineIndex | None,
) -> Assessment:
    """Make an assessment of every field's value, in the fields' order, as its constructor would.

    The judge's path: a frozen dataclass's ``__init__`` sets each field through
    ``object.__setattr__``, and every score makes one; here each is a plain slot of
    :class:`_Unfrozen`. The constructor checks nothing this skips. *source* may be a
    :class:`_PendingSource` (its slot's descriptor, :class:`_SourceSlot`, is set below).
    """
    a: Any = object.__new__(_Unfrozen)  # Typed as it becomes: an Assessment.
    a.release = release
    a.level = level
    a.ceiling = ceiling
    a.score = score
    a.osaid = osaid
    a.owd = owd
    a.eu_ai_act = eu_ai_act
    a.mof_class = mof_class
    a.mof_progress = mof_progress
    a.flags = flags
    a.findings = findings
    a.claims = claims
    a.base = base
    a.source = source
    a.versions = versions
    a.lines = lines
    a.__class__ = Assessment
    return a  # type: ignore[no-any-return]


class _PendingSource(NamedTuple):
    """An assessment's source, its hash not yet computed: the first time ``source`` is read.

    The hash of a JSONL line's bytes, or of the validated release for a mapping or a ``Release``
    (:func:`release_sha256`, which costs half a validation); few callers read it. A named tuple:
    every score of a mapping makes one.
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


# --- The HTML card notebooks show (Assessment._repr_html_): every text escaped -------------


def mof_roman(a: Assessment) -> str:
    """Return the MOF class as a Roman numeral, ``-`` for none."""
    return {1: "I", 2: "II", 3: "III"}.get(a.mof_class or 0, "-")


_LEVEL_COLOURS = ("#7f1d1d", "#9a3412", "#b45309", "#4d7c0f", "#15803d", "#047857", "#065f46")
_LABEL_COLOURS = {"yes": "#15803d", "no": "#b91c1c", "unverified": "#b45309"}
_MAX_FINDINGS = 12


def _badge(text: str, colour: str) -> str:
    return (
        f'<span style="background:{colour};color:#fff;border-radius:3px;padding:1px 6px;'
        f'font-size:90%">{html.escape(text)}</span>'
    )


def to_html(a: Assessment) -> str:
    """Return a compact HTML card: level, score, verdicts, flags and the main findings.

    Every text from the release is escaped: model cards are untrusted input. No script.
    """
    e = html.escape
    level = int(a.level)
    flags = sorted(a.flags)
    verdicts = [
        ("OSI Open Source AI Definition 1.0", a.osaid.label),
        ("Open Weight Definition 0.3", a.owd.label),
        ("EU AI Act Art. 53(2) exemption", a.eu_ai_act.label),
    ]
    rows = "".join(
        f"<tr><td>{e(title)}</td><td>{_badge(label, _LABEL_COLOURS[label])}</td></tr>"
        for title, label in verdicts
    )
    rows += f"<tr><td>Model Openness Framework 1.0</td><td>Class {e(mof_roman(a))}</td></tr>"
    findings = sorted(
        (f for f in a.findings if f.severity is not Severity.INFO),
        key=lambda f: -int(f.severity),
    )
    items = "".join(
        f"<li><b>{e(f.severity.name)}</b> <code>{e(f.rule)}</code> {e(f.message)}"
        + (f" <i>({e(f.clause)})</i>" if f.clause else "")
        + "</li>"
        for f in findings[:_MAX_FINDINGS]
    )
    more = len(findings) - _MAX_FINDINGS
    if more > 0:
        items += f"<li>… and {more} more (<code>.explain()</code>)</li>"
    flag_html = " ".join(_badge(f, "#6b7280") for f in flags) or "none"
    return (
        '<div class="openness-card" style="font-family:sans-serif;border:1px solid #d1d5db;'
        'border-radius:6px;padding:8px 12px;max-width:760px">'
        f'<div style="font-size:120%"><b>{e(a.name)}</b> '
        f"{_badge(f'{level} {a.level.name}', _LEVEL_COLOURS[level])} "
        f"score <b>{a.score:.1f}</b>/100</div>"
        f'<div style="background:#e5e7eb;height:6px;border-radius:3px;margin:4px 0">'
        f'<div style="background:{_LEVEL_COLOURS[level]};width:{max(0.0, min(a.score, 100.0))}%;'
        f'height:6px;border-radius:3px"></div></div>'
        f'<table style="font-size:90%">{rows}</table>'
        f'<div style="font-size:90%">Flags: {flag_html}</div>'
        + (f'<ul style="font-size:85%;margin:4px 0">{items}</ul>' if items else "")
        + f'<div style="font-size:75%;color:#6b7280">{e(str(a.source.get("name", "")))} '
        f"({e(str(a.source.get('format', '')))})</div></div>"
    )
