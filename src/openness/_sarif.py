"""SARIF 2.1.0 output of an audit, for GitHub code scanning and other CI dashboards.

Rule ids are the findings' rule slugs (stable, never reworded). Each result points at the file the
release was read from and, where openness can tell, the line: a card's front-matter key
(``license``, ``extra_gated_*``), the sentence of a claim, the link that evidenced a component; a
release file's key. Partial fingerprints are stable across runs so dashboards keep one alert per
issue.
"""

from __future__ import annotations

import hashlib
import os
import re
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ._catalogue import CATALOGUE
from ._findings import Finding, Severity
from ._readers import MAX_BYTES
from .errors import InvalidReleaseError

if TYPE_CHECKING:
    from collections.abc import Sequence

    from ._score import Assessment

__all__ = ["SARIF_SCHEMA", "to_sarif"]

SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
_LEVEL = {Severity.BLOCK: "error", Severity.WARN: "warning", Severity.INFO: "note"}


class _Locator:
    """Find the line of a finding in the file a release was read from."""

    def __init__(self, a: Assessment) -> None:
        self.name = str(a.source.get("name", ""))
        self.format = str(a.source.get("format", ""))
        self.path = Path(self.name) if self.name and not self.name.startswith("<") else None
        self.lines: list[str] = []
        self.keys: dict[str, int] = {}
        self.claims: dict[str, int] = {}
        self.components: dict[str, int] = {}
        if self.path is None:
            return
        try:
            with self.path.open("rb") as f:
                text = f.read(MAX_BYTES).decode("utf-8", "replace")
        except OSError:
            self.path = None
            return
        self.lines = text.splitlines()
        if self.format == "hf-card":
            from ._hfcard import card_index  # noqa: PLC0415 - imported with the card reader

            try:
                index = card_index(text, self.name)
            except InvalidReleaseError:
                return
            self.keys, self.claims, self.components = index.keys, index.claims, index.components

    def uri(self) -> str:
        if self.path is None:
            return self.name or "release"
        try:
            rel = os.path.relpath(self.path.resolve(), Path.cwd())
        except ValueError:  # Another drive on Windows.
            return self.path.resolve().as_uri()
        if rel.startswith(".."):
            return self.path.resolve().as_uri()
        return Path(rel).as_posix()

    def _key(self, *names: str) -> int | None:
        for name in names:
            if name in self.keys:
                return self.keys[name]
            pattern = re.compile(rf"^\s*{re.escape(name)}\s*:")
            for i, line in enumerate(self.lines):
                if pattern.match(line):
                    return i + 1
        return None

    def line(self, f: Finding) -> int:
        if f.line is not None:
            return f.line
        found: int | None = None
        if f.claim is not None:
            found = self.claims.get(f.claim)
        elif "gated" in f.rule or "on-request" in f.rule:
            gates = [v for k, v in self.keys.items() if k.startswith("extra_gated")]
            found = min(gates) if gates else self._key("access")
        elif f.component in {"model_parameters_final", None} and (
            f.license is not None or f.term is not None or "license" in f.rule
        ):
            found = self._key("license_name", "license", "licence")
        if found is None and f.component is not None:
            found = self.components.get(f.component) or self._key(f.component)
        return found or 1


def _fingerprint(a: Assessment, f: Finding) -> str:
    key = "|".join(
        str(x) for x in (a.name, f.rule, f.component, f.license, f.term, f.clause, f.message)
    )
    return hashlib.sha256(key.encode()).hexdigest()[:32]


_HELP_URI = "https://github.com/openness-dev/openness/blob/main/docs/errors.md"


def _rule(f: Finding) -> dict[str, Any]:
    """Return a rule's SARIF metadata, from the catalogue."""
    entry = CATALOGUE.get(f.rule)
    doc = entry.doc if entry is not None else f.rule.replace("-", " ")
    clause = (entry.clause if entry is not None else None) or f.clause or ""
    return {
        "id": f.rule,
        "name": "".join(part.capitalize() for part in f.rule.split("-")),
        "shortDescription": {"text": clause or doc},
        "fullDescription": {"text": doc},
        "help": {
            "text": f"{doc}."
            + (f" Clause: {clause}." if clause else "")
            + f" Evidence: {entry.evidence if entry else 'proof'}.",
        },
        "helpUri": f"{_HELP_URI}#findings",
        "defaultConfiguration": {"level": _LEVEL[entry.severity if entry else f.severity]},
        "properties": {"clause": clause, "evidence": entry.evidence if entry else "proof"},
    }


def to_sarif(
    assessments: Sequence[Assessment], *, min_severity: Severity = Severity.WARN
) -> dict[str, Any]:
    """Return a SARIF 2.1.0 log of the assessments' findings at or above *min_severity*.

    A claim the evidence contradicts is an ``error``; one that fails only for licences the source
    does not state is a ``warning`` (``properties.verdict`` says which).
    """
    from . import __version__  # noqa: PLC0415 - the package imports this module

    rules: dict[str, dict[str, Any]] = {}
    results: list[dict[str, Any]] = []
    summaries: list[dict[str, Any]] = []
    for a in assessments:
        where = _Locator(a)
        verdicts = {c.text: c.verdict for c in a.claims}
        summaries.append(
            {
                "release": a.name,
                "source": where.uri(),
                "level": a.level.name,
                "score": a.score,
                "flags": sorted(a.flags),
            }
        )
        for f in a.findings:
            if f.severity < min_severity:
                continue
            level = _LEVEL[f.severity]
            props: dict[str, Any] = {"release": a.name}
            if f.claim is not None and f.claim in verdicts:
                props["verdict"] = verdicts[f.claim]
            props["evidence"] = f.evidence
            for attr in ("component", "license", "term", "clause"):
                value = getattr(f, attr)
                if value is not None:
                    props[attr] = value
            rules.setdefault(f.rule, _rule(f))
            results.append(
                {
                    "ruleId": f.rule,
                    "level": level,
                    "message": {"text": f"{a.name}: {f.message}"},
                    "locations": [
                        {
                            "physicalLocation": {
                                "artifactLocation": {"uri": where.uri()},
                                "region": {"startLine": where.line(f)},
                            }
                        }
                    ],
                    "partialFingerprints": {"opennessFinding/v1": _fingerprint(a, f)},
                    "properties": props,
                }
            )
    return {
        "$schema": SARIF_SCHEMA,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "openness",
                        "version": __version__,
                        "rules": [rules[k] for k in sorted(rules)],
                    }
                },
                "results": results,
                "properties": {"assessments": summaries},
            }
        ],
    }
