"""Reports: the audit record, Markdown, and the HTML card notebooks show.

Every report reads the :class:`Assessment` it is given, its claim audit (``a.claims``) and its
one flag set (``a.flags``) included: none judges again.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from ._assessment import Assessment
from ._assessment import mof_roman as _mof
from ._catalogue import FLAGS
from ._findings import Severity
from ._normalise import shown

if TYPE_CHECKING:
    from collections.abc import Iterable, Sequence

    from .licenses._classifier import LicenseMatch
    from .licenses._kb import License

__all__ = [
    "audit_record",
    "parse_fail_on",
    "reached",
    "to_markdown",
]


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
    flags = a.flags if flags is None else flags
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
    # Controls, bidi and zero-width characters are escaped too (\u202e): a name cannot reorder
    # a reviewer's view of a comment, nor reach a terminal that shows the file.
    flat = shown(" ".join(str(text).split()))
    return _MD_SPECIAL.sub(r"\\\1", flat)


def to_markdown(assessments: Assessment | Sequence[Assessment]) -> str:
    """Return a Markdown report: a summary table, then each release's claims and findings."""
    items = [assessments] if isinstance(assessments, Assessment) else list(assessments)
    lines = [
        "| release | level | score | OSAID | OWD | EU 53(2) | MOF | flags |",
        "|---|---|---|---|---|---|---|---|",
    ]
    lines.extend(
        f"| {_md(a.name)} | {int(a.level)} {a.level.name} | {a.score:.1f} | {a.osaid.label} | "
        f"{a.owd.label} | {a.eu_ai_act.label} | {_mof(a)} | "
        f"{_md(', '.join(sorted(a.flags)) or '-')} |"
        for a in items
    )
    for a in items:
        lines += ["", f"## {_md(a.name)}", ""]
        lines.append(f"Source: {_md(a.source.get('name', '-'))} ({a.source.get('format', '-')})")
        if a.claims:
            lines += ["", "Claims:", ""]
            lines.extend(
                f"- **{c.verdict}**: “{_md(c.text)}” (asserts {c.asserts.name}, "
                f"reaches {a.level.name}, at most {a.ceiling.name})"
                + (f", line {c.line}" if c.line else "")
                for c in a.claims
            )
        shown = [f for f in a.findings if f.severity is not Severity.INFO]
        if shown:
            lines += ["", "| severity | rule | finding | clause |", "|---|---|---|---|"]
            lines.extend(
                f"| {f.severity.name} | `{f.rule}` | {_md(f.message)} | {_md(f.clause or '-')} |"
                for f in shown
            )
    return "\n".join(lines) + "\n"


def audit_record(a: Assessment, fail_on: Iterable[str]) -> dict[str, object]:
    """Return one release's audit as a JSON-safe mapping (``openness audit --format json``)."""
    return {
        "source": a.source,
        "name": a.name,
        "level": a.level.name,
        "level_value": int(a.level),
        "ceiling": a.ceiling.name,
        "score": a.score,
        "osaid": a.osaid.status.value,
        "owd": a.owd.status.value,
        "eu_ai_act": a.eu_ai_act.status.value,
        "flags": sorted(a.flags),
        "claims": [c.to_dict() for c in a.claims],
        "failed_on": reached(a, fail_on),
        "findings": [f.to_dict() for f in a.findings if f.severity is not Severity.INFO],
    }


# --- Licences: openness license --format json, and the service's licence endpoints ---------


def license_dict(lic: License) -> dict[str, Any]:
    return {
        **lic.model_dump(mode="json"),
        "is_open": lic.is_open,
        "grade": lic.grade.name,
        "summary": lic.summary(),
    }


def license_document(m: LicenseMatch) -> dict[str, Any]:
    """Return ``openness license --format json``'s document (docs/schemas/license-match...)."""
    return {
        "schema_version": LICENSE_SCHEMA_VERSION,
        "recognised": m.license is not None,
        "license": None if m.license is None else license_dict(m.license),
        "match": m.to_dict(),
    }


LICENSE_SCHEMA_VERSION = "1"
