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
from urllib.parse import quote

from ._catalogue import CATALOGUE
from ._findings import Finding, Severity
from .readers._core import MAX_BYTES

if TYPE_CHECKING:
    from collections.abc import Sequence

    from ._assessment import Assessment

__all__ = ["SARIF_SCHEMA", "to_sarif"]

SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
_KEY_LINE = re.compile(r"\s*([^\s:][^:]{0,199}?)\s*:")
_MAX_PER_FILE = 1000
"""The most results of one file: more are folded into one summary result."""
_MAX_RESULTS = 20_000
"""The most results of a run: GitHub code scanning drops a run of more than 25,000."""
_LEVEL = {Severity.BLOCK: "error", Severity.WARN: "warning", Severity.INFO: "note"}


class _Locator:
    """Find the line of a finding in the file a release was read from."""

    def __init__(self, a: Assessment) -> None:
        self.name = str(a.source.get("name", ""))
        self.format = str(a.source.get("format", ""))
        self.path = Path(self.name) if self.name and not self.name.startswith("<") else None
        self.text = ""
        self.lines: list[str] = []
        self._keys_at: dict[str, int] | None = None
        self._needles: dict[str, int | None] = {}
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
        self.text = text
        self.lines = text.splitlines()
        index = a.lines  # As the reader indexed the source: no output parses it again.
        if index is not None:
            self.keys, self.claims, self.components = index.keys, index.claims, index.components

    def uri(self) -> str:
        """Return the file's URI relative to the working folder (the repository), encoded.

        Symbolic links are not resolved (a linked folder inside the repository stays inside);
        a file outside the working folder is named by its file name alone, never a file:// URI
        of the machine's layout.
        """
        if self.path is None:
            return quote(self.name or "release")
        try:
            rel = os.path.relpath(os.path.abspath(self.path), Path.cwd())  # noqa: PTH100
        except ValueError:  # Another drive on Windows.
            rel = ".."
        if rel.startswith(".."):
            rel = self.path.name
        return quote(Path(rel).as_posix())

    def _index(self) -> dict[str, int]:
        """Each top-level-looking key's first line, found in one pass over the file."""
        if self._keys_at is None:
            self._keys_at = {}
            for i, line in enumerate(self.lines):
                m = _KEY_LINE.match(line)
                if m is not None:
                    self._keys_at.setdefault(m.group(1), i + 1)
        return self._keys_at

    def _key(self, *names: str) -> int | None:
        for name in names:
            if name in self.keys:
                return self.keys[name]
            found = self._index().get(name)
            if found is not None:
                return found
        return None

    def _text_line(self, needle: str) -> int | None:
        """Return the line a text first appears on: one search of the file (in C), then its line."""
        at = self.text.find(needle) if needle else -1
        return None if at < 0 else self.text.count("\n", 0, at) + 1

    def line(self, f: Finding) -> int:
        if f.line is not None:
            return f.line
        found: int | None = None
        if f.claim is not None:
            found = self.claims.get(f.claim) or self._text_line(f.claim)
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


_CAPPED = {"ruleId": "openness-results-capped"}
_CAPPED_RULE = {
    "id": "openness-results-capped",
    "name": "OpennessResultsCapped",
    "shortDescription": {"text": "more results than a SARIF run should hold: the rest folded"},
    "defaultConfiguration": {"level": "warning"},
    "properties": {"clause": ""},
}


class _Results:
    """A run's results: identical ones folded into one, capped per file and per run."""

    def __init__(self) -> None:
        self.results: list[dict[str, Any]] = []
        self._seen: dict[tuple[str, str, str, str], dict[str, Any]] = {}
        self._in_file = 0
        self._dropped_in_file = 0
        self.dropped = 0

    def add(self, result: dict[str, Any]) -> None:
        location = result["locations"][0]["physicalLocation"]
        key = (
            result["ruleId"],
            result["message"]["text"],
            location["artifactLocation"]["uri"],
            str(location["region"]["startLine"]),
        )
        same = self._seen.get(key)
        if same is not None:
            props = same["properties"]
            props["occurrences"] = props.get("occurrences", 1) + 1
            return
        if self._in_file >= _MAX_PER_FILE or len(self.results) >= _MAX_RESULTS - 1:
            self._dropped_in_file += 1
            return
        self._seen[key] = result
        self._in_file += 1
        self.results.append(result)

    def end_file(self, uri: str) -> None:
        if self._dropped_in_file:
            self.dropped += self._dropped_in_file
            if len(self.results) < _MAX_RESULTS:
                self.results.append(_summary(uri, self._dropped_in_file))
        self._in_file = self._dropped_in_file = 0
        self._seen.clear()


def _summary(uri: str, dropped: int) -> dict[str, Any]:
    return {
        **_CAPPED,
        "level": "warning",
        "message": {"text": f"{dropped:,} more results in this file are not listed (capped)."},
        "locations": [
            {
                "physicalLocation": {
                    "artifactLocation": {"uri": uri},
                    "region": {"startLine": 1},
                }
            }
        ],
        "properties": {"omitted": dropped},
    }


def to_sarif(
    assessments: Sequence[Assessment], *, min_severity: Severity = Severity.WARN
) -> dict[str, Any]:
    """Return a SARIF 2.1.0 log of the assessments' findings at or above *min_severity*.

    A claim the evidence contradicts is an ``error``; one that fails only for licences the source
    does not state is a ``warning`` (``properties.verdict`` says which).
    """
    rules: dict[str, dict[str, Any]] = {}
    cap = _Results()
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
            result = {
                "ruleId": f.rule,
                "level": level,
                "message": {"text": f"{a.name}: {f.message}"},
                "locations": location(where.uri(), where.line(f)),
                "partialFingerprints": {"opennessFinding/v1": _fingerprint(a, f)},
                "properties": props,
            }
            cap.add(result)
        cap.end_file(where.uri())
    if cap.dropped:
        rules.setdefault(_CAPPED["ruleId"], _CAPPED_RULE)
    return sarif_log(rules, cap.results, {"assessments": summaries})


def sarif_log(
    rules: dict[str, dict[str, Any]],
    results: list[dict[str, Any]],
    properties: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """Return a SARIF 2.1.0 log of one openness run: its rules (sorted by id) and results."""
    from . import __version__  # noqa: PLC0415 - the package imports this module

    run: dict[str, Any] = {
        "tool": {
            "driver": {
                "name": "openness",
                "version": __version__,
                "rules": [rules[k] for k in sorted(rules)],
            }
        },
        "results": results,
    }
    if properties is not None:
        run["properties"] = properties
    return {"$schema": SARIF_SCHEMA, "version": "2.1.0", "runs": [run]}


def location(uri: str, line: int) -> list[dict[str, Any]]:
    """Return a result's ``locations``: one line of one file."""
    return [{"physicalLocation": {"artifactLocation": {"uri": uri}, "region": {"startLine": line}}}]
