"""Reports: the audit of claims against evidence, Markdown, and the HTML card notebooks show.

The audit asks of every claim a release makes whether the evidence bears it out. A claim above
the level the release reaches is *open-washing* when the evidence contradicts it, and only
*unverified* when it would hold had the licences the source leaves unstated (``NOASSERTION``)
been open: missing evidence is reported as such, never as a falsehood.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ._claims import Claim, classify_claim
from ._findings import Severity
from ._rules import Level

if TYPE_CHECKING:
    from collections.abc import Iterable, Sequence

    from ._schema import Release
    from ._score import Assessment

__all__ = [
    "FLAGS",
    "ClaimCheck",
    "audit_flags",
    "audit_record",
    "check_claims",
    "parse_fail_on",
    "reached",
    "to_html",
    "to_markdown",
]

FLAGS = frozenset(
    {
        "open-washing",
        "unverified-claim",
        "non-commercial",
        "no-derivatives",
        "use-restrictions",
        "output-restrictions",
        "revocable",
        "user-threshold",
        "revenue-threshold",
        "naming-mandate",
        "no-license",
        "unknown-license",
        "license-not-open",
        "gated",
        "on-request",
        "systemic-risk",
        "monetised",
        "api-only",
        "closed",
    }
)
"""Every flag an audit can raise: the assessment's flags, plus ``unverified-claim``."""

_RUNG = {Claim.OPEN_SOURCE: Level.OPEN_SOURCE, Claim.OPEN_WEIGHTS: Level.OPEN_WEIGHTS}
_NOASSERTION = "NOASSERTION"
_STAND_IN = "Apache-2.0"
"""The open licence a missing one is imagined to be, to ask whether a claim could hold."""


@dataclass(frozen=True, slots=True)
class ClaimCheck:
    """One claim and what the evidence says of it."""

    text: str
    asserts: Level
    """The rung the claim asserts (OPEN_SOURCE or OPEN_WEIGHTS)."""
    verdict: str
    """``consistent``, ``unverified`` (would hold if unstated licences were open) or
    ``open-washing`` (the evidence contradicts it)."""


def _best_case(release: Release) -> Release:
    """Return the release with every licence its source leaves unstated taken as open."""
    components = {
        name: c.model_copy(update={"license": _STAND_IN}) if c.license == _NOASSERTION else c
        for name, c in release.components.items()
    }
    update: dict[str, object] = {"components": components}
    if release.license == _NOASSERTION:
        update["license"] = _STAND_IN
    return release.model_copy(update=update)


def check_claims(a: Assessment) -> list[ClaimCheck]:
    """Check each claim of the release against the level the evidence supports."""
    from ._score import score  # noqa: PLC0415 - _score imports this module lazily too

    best: Level | None = None
    out: list[ClaimCheck] = []
    for text in a.release.claims:
        claim = classify_claim(text)
        if claim is None:
            continue
        rung = _RUNG[claim]
        if a.level >= rung:
            verdict = "consistent"
        else:
            if best is None:
                best = score(_best_case(a.release)).level
            verdict = "unverified" if best >= rung else "open-washing"
        out.append(ClaimCheck(text, rung, verdict))
    return out


def audit_flags(a: Assessment) -> frozenset[str]:
    """Return the assessment's flags, ``open-washing`` kept only where evidence contradicts a claim.

    A claim that fails only for licences the source does not state raises ``unverified-claim``.
    """
    checks = check_claims(a)
    flags = set(a.flags) - {"open-washing"}
    if any(c.verdict == "open-washing" for c in checks):
        flags.add("open-washing")
    if any(c.verdict == "unverified" for c in checks):
        flags.add("unverified-claim")
    return frozenset(flags)


def parse_fail_on(text: str) -> frozenset[str]:
    """Parse ``--fail-on``: a comma list of flags or severities (``BLOCK``, ``WARN``, ``INFO``).

    :raises ValueError: for a word that is neither, with the nearest flag suggested.
    """
    out: set[str] = set()
    for raw in text.split(","):
        word = raw.strip()
        if not word:
            continue
        if word.upper() in Severity.__members__:
            out.add(word.upper())
        elif word.lower() in FLAGS:
            out.add(word.lower())
        else:
            import difflib  # noqa: PLC0415 - only a misspelt flag needs it

            near = difflib.get_close_matches(word.lower(), sorted(FLAGS), n=1)
            hint = f" (did you mean {near[0]!r}?)" if near else ""
            msg = f"--fail-on: unknown flag or severity {word!r}{hint}"
            raise ValueError(msg)
    if not out:
        msg = "--fail-on: expected a comma list of flags or severities"
        raise ValueError(msg)
    return frozenset(out)


def reached(
    a: Assessment, fail_on: Iterable[str], flags: frozenset[str] | None = None
) -> list[str]:
    """Return the ``--fail-on`` words the assessment reaches, sorted."""
    flags = audit_flags(a) if flags is None else flags
    hit: set[str] = set()
    for word in fail_on:
        if word in Severity.__members__:
            level = Severity[word]
            if any(f.severity >= level for f in a.findings):
                hit.add(word)
        elif word in flags:
            hit.add(word)
    return sorted(hit)


# --- Markdown --------------------------------------------------------------------------------


_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~&:=\"'$^@])")  # @: no mention


def _md(text: object) -> str:
    """Escape text from input for Markdown (a table cell or a line): shown literally.

    CommonMark lets any ASCII punctuation be escaped with a backslash; escaping all of it keeps
    emphasis, links, images, autolinks (a backslash before the colon), raw HTML and entities
    out of the output. Line breaks become spaces so a cell stays one cell.
    """
    flat = " ".join(str(text).split())
    return _MD_SPECIAL.sub(r"\\\1", flat)


def _mof(a: Assessment) -> str:
    return {1: "I", 2: "II", 3: "III"}.get(a.mof_class or 0, "-")


def to_markdown(assessments: Assessment | Sequence[Assessment]) -> str:
    """Return a Markdown report: a summary table, then each release's claims and findings."""
    from ._score import Assessment  # noqa: PLC0415 - _score imports this module

    items = [assessments] if isinstance(assessments, Assessment) else list(assessments)
    lines = [
        "| release | level | score | OSAID | OWD | EU 53(2) | MOF | flags |",
        "|---|---|---|---|---|---|---|---|",
    ]
    flags_of = {id(a): audit_flags(a) for a in items}
    lines.extend(
        f"| {_md(a.name)} | {int(a.level)} {a.level.name} | {a.score:.1f} | {a.osaid.label} | "
        f"{a.owd.label} | {a.eu_ai_act.label} | {_mof(a)} | "
        f"{_md(', '.join(sorted(flags_of[id(a)])) or '-')} |"
        for a in items
    )
    for a in items:
        lines += ["", f"## {_md(a.name)}", ""]
        lines.append(f"Source: {_md(a.source.get('name', '-'))} ({a.source.get('format', '-')})")
        checks = check_claims(a)
        if checks:
            lines += ["", "Claims:", ""]
            lines.extend(
                f"- **{c.verdict}**: “{_md(c.text)}” (asserts {c.asserts.name}, "
                f"reaches {a.level.name})"
                for c in checks
            )
        shown = [f for f in a.findings if f.severity is not Severity.INFO]
        if shown:
            lines += ["", "| severity | rule | finding | clause |", "|---|---|---|---|"]
            lines.extend(
                f"| {f.severity.name} | `{f.rule}` | {_md(f.message)} | {_md(f.clause or '-')} |"
                for f in shown
            )
    return "\n".join(lines) + "\n"


# --- HTML card -------------------------------------------------------------------------------

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
    flags = sorted(audit_flags(a))
    verdicts = [
        ("OSI Open Source AI Definition 1.0", a.osaid.label),
        ("Open Weight Definition 0.3", a.owd.label),
        ("EU AI Act Art. 53(2) exemption", a.eu_ai_act.label),
    ]
    rows = "".join(
        f"<tr><td>{e(title)}</td><td>{_badge(label, _LABEL_COLOURS[label])}</td></tr>"
        for title, label in verdicts
    )
    rows += f"<tr><td>Model Openness Framework 1.0</td><td>Class {e(_mof(a))}</td></tr>"
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


def audit_record(a: Assessment, fail_on: Iterable[str]) -> dict[str, object]:
    """Return one release's audit as a JSON-safe mapping (``openness audit --format json``)."""
    flags = audit_flags(a)
    return {
        "source": a.source,
        "name": a.name,
        "level": a.level.name,
        "level_value": int(a.level),
        "score": a.score,
        "flags": sorted(flags),
        "claims": [
            {"text": c.text, "asserts": c.asserts.name, "verdict": c.verdict}
            for c in check_claims(a)
        ],
        "failed_on": reached(a, fail_on, flags),
        "findings": [f.to_dict() for f in a.findings if f.severity is not Severity.INFO],
    }
