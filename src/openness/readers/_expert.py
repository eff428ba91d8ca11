"""Expert index records: the opening-up-chatgpt YAML (14 graded dimensions) → a release.

Liesenfeld, Lopez and Dingemanse grade each system open / partial / closed on 14 dimensions, with a
link and a note as evidence (data/opening-up-chatgpt/projects/*.yaml, CC-BY-4.0). The mapping is a
table (:data:`DIMENSIONS`, docs/input-formats.md): a graded dimension becomes a component released
wholly (open), in part (partial) or not at all (closed); the licence grade and the record's licence
text decide the licences; the weights' notes decide access. The openness sum the index computes is
never read: the release holds only what each graded dimension says.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from openness._findings import Finding, Severity
from openness._schema import COMPONENTS
from openness.licenses._resolve import resolve_license

from ._core import Notes

if TYPE_CHECKING:
    from ._core import Reading, Source

__all__ = ["CLASSES", "DIMENSIONS", "detect", "to_release"]

CLASSES = ("open", "partial", "closed")
"""The grades of the index; an empty grade means not applicable."""

DIMENSIONS: dict[str, tuple[str, ...]] = {
    "opencode": ("training_code", "inference_code"),
    "llmdata": ("datasets",),
    "llmweights": ("model_parameters_final",),
    "rldata": ("datasets",),
    "rlweights": ("model_parameters_final",),
    "license": (),
    "code": (),
    "architecture": ("model_architecture",),
    "preprint": ("technical_report",),
    "paper": ("research_paper",),
    "modelcard": ("model_card",),
    "datasheet": ("data_card",),
    "package": ("supporting_libraries",),
    "api": (),
}
"""Each of the 14 dimensions and the MOF components it grades (``license`` decides licences,
``api`` decides access when no weights are released, ``code`` (documentation of the code) has no
MOF component)."""

_NOASSERTION = "NOASSERTION"
_RANK = {"closed": 0, "partial": 1, "open": 2}
_CODE = ("training_code", "inference_code", "supporting_libraries")

# Licence names an expert's note gives in passing ("Only inference code shared under Apache 2.0").
_MENTION = re.compile(
    r"Apache(?: License)?,?\s*(?:v(?:ersion)?\s*)?2\.0|\bMIT(?: licen[cs]e)?\b|"
    r"\bCC[- ]BY(?:[- ](?:NC|SA|ND)){0,3}(?:[- ]\d\.\d)?\b|\bGNU [A-Za-z ]{1,60}?v?\d\.\d\b|"
    r"\bA?GPL-?v?\d(?:\.\d)?\b|\bBSD[- ]\d[- ]Clause\b",
    re.IGNORECASE,
)
# Linear-time patterns: no leading \s* (a run of spaces would be scanned from each of its
# characters), no [^)]* that a run of "(" would scan to the end from each "(".
_SPLIT = re.compile(r"[,;+]|\band\b", re.IGNORECASE)
_PARENTHESES = re.compile(r"\([^()]*\)")
# A record's licence field names a licence or two and its notes are a few sentences: longer text
# is cut, so that every pattern's cost stays bounded whatever a record holds.
_MAX_LICENSE_TEXT = 500
_MAX_NOTES = 4000
_MAX_NAMES = 16
_NOT_A_LICENSE = re.compile(
    r"^(?:na|n/a|none|unclear|mixed|unknown|purposely left ambiguous)$", re.IGNORECASE
)
# Weights graded partial: why. A request or a form is an access condition; a delta is a part.
_ON_REQUEST = re.compile(r"\brequest\w*\b", re.IGNORECASE)
_REGISTRATION = re.compile(
    r"\bsign\w*\b|\bform\b|\baccept\w*\b|\bconsent\b|\bregist\w*\b|\bgated\b|\bconditionally\b",
    re.IGNORECASE,
)
_PART_ONLY = re.compile(r"\bdelta\b|\bdiff\b|\bnot fully\b|\bsome\b", re.IGNORECASE)


def _grade(doc: Mapping[str, Any], dim: str) -> tuple[str | None, str, str]:
    """Return a dimension's (class, link, notes); class ``None`` when not applicable."""
    entry = doc.get(dim)
    if not isinstance(entry, Mapping):
        return None, "", ""
    cls = str(entry.get("class") or "").strip().lower() or None
    link = str(entry.get("link") or "").strip()
    notes = str(entry.get("notes") or "")[:_MAX_NOTES].strip()
    return (cls if cls in CLASSES else None), link[:_MAX_NOTES], notes


def _best(*grades: str | None) -> str | None:
    known = [g for g in grades if g is not None]
    return max(known, key=_RANK.__getitem__) if known else None


def _names(text: str) -> list[str]:
    """Split a record's licence text into licence names ("Apache 2.0 and RAIL (...)")."""
    if not text or _NOT_A_LICENSE.match(text.strip()):
        return []
    parts = (_PARENTHESES.sub("", part).strip() for part in _SPLIT.split(text[:_MAX_LICENSE_TEXT]))
    return [p for p in parts if p][:_MAX_NAMES]


def _licenses(doc: Mapping[str, Any], seen: Notes) -> tuple[str, str]:
    """Return the (code, model) licences, faithful to the licence grade and the record's text.

    The grade says how open the licensing is; the record's text (or its note) says which licences.
    """
    project = doc.get("project") if isinstance(doc.get("project"), Mapping) else {}
    text = str((project or {}).get("license") or "")[:_MAX_LICENSE_TEXT].strip()
    cls, _, notes = _grade(doc, "license")
    mentions = itertools.islice(_MENTION.finditer(notes), _MAX_NAMES)
    names = _names(text) or [m.group(0) for m in mentions]
    osi = [n for n in names if resolve_license(n).osi_approved]
    opened = [n for n in names if resolve_license(n).is_open]
    others = [n for n in names if not resolve_license(n).osi_approved]
    if cls == "open":
        if opened and len(opened) == len(names):
            lic = " AND ".join(opened)
            return lic, lic
        seen.findings.append(
            Finding(
                "expert-license-unnamed",
                Severity.WARN,
                f"The record grades the licensing open but names no licence openness recognises "
                f"({text or 'none given'!r}): counted as unknown.",
            )
        )
        return _NOASSERTION, _NOASSERTION
    model = " AND ".join(others) if others else _NOASSERTION
    code = osi[0] if osi else model
    if cls is not None and not others:
        named = f"names only {', '.join(osi)}" if osi else "names no licence"
        seen.findings.append(
            Finding(
                "expert-license-graded-down",
                Severity.INFO,
                f"The record grades the licensing {cls} but {named}: the model's licence is "
                f"counted as unknown ({notes[:200] or 'no note'}).",
            )
        )
    return code, model


def _weights(doc: Mapping[str, Any], seen: Notes) -> tuple[dict[str, Any] | None, str]:
    """Return the final weights' component (or ``None``) and the access."""
    grades = {dim: _grade(doc, dim) for dim in ("llmweights", "rlweights")}
    best = _best(*(g[0] for g in grades.values()))
    if best in {None, "closed"}:
        api = _grade(doc, "api")[0]
        return None, "api" if api in {"open", "partial"} else "none"
    dim = next(d for d, g in grades.items() if g[0] == best)
    _, link, notes = grades[dim]
    comp: dict[str, Any] = {"notes": f"{dim} graded {best}: {notes}"[:2000]}
    if link.startswith("http"):
        comp["location"] = link
    if best == "open":
        return comp, "open"
    if _ON_REQUEST.search(notes):
        access = "on_request"
    elif _REGISTRATION.search(notes):
        access = "registration"
    else:
        access = "open"
        if _PART_ONLY.search(notes):
            comp["partial"] = True
    seen.findings.append(
        Finding(
            "expert-weights-partial",
            Severity.INFO,
            f"The record grades the weights partial ({notes[:200] or 'no note'}): read as "
            + ("released only in part." if comp.get("partial") else f"access {access!r}."),
            component="model_parameters_final",
        )
    )
    return comp, access


def to_release(doc: Any, source: Source) -> Reading:
    seen = Notes(source)
    project = doc.get("project") if isinstance(doc.get("project"), Mapping) else {}
    org = doc.get("org") if isinstance(doc.get("org"), Mapping) else {}
    name = str((project or {}).get("name") or "").strip()
    if not name:
        name = source.path.stem if source.path else "unnamed"
    code_lic, model_lic = _licenses(doc, seen)
    out: dict[str, Any] = {"name": name[:500], "license": model_lic}
    producer = str((org or {}).get("name") or "").strip()
    if producer:
        out["producer"] = producer[:500]
    base = str((project or {}).get("llmbase") or "").strip()
    if base:
        out["base_model"] = [base[:500]]
    weights, access = _weights(doc, seen)
    out["access"] = access
    components = _graded_components(doc, code_lic)
    if weights is not None:
        components["model_parameters_final"] = weights
    elif _best(*(_grade(doc, d)[0] for d in ("llmweights", "rlweights"))) == "closed":
        components["model_parameters_final"] = {"released": False}
    if _best(*(_grade(doc, d)[0] for d in ("llmdata", "rldata"))) == "closed":
        components.setdefault("datasets", {"released": False})
    # What no dimension grades is unknown, not withheld: the index does not say.
    for comp in COMPONENTS:
        components.setdefault(comp, {"released": None})
    out["components"] = components
    grades = ", ".join(f"{dim} {_grade(doc, dim)[0] or 'n/a'}" for dim in DIMENSIONS)
    seen.findings.append(
        Finding(
            "expert-record",
            Severity.INFO,
            f"Read from an opening-up-chatgpt record (Liesenfeld, Lopez & Dingemanse, CC-BY-4.0): "
            f"{grades}. Code documentation ('code') has no MOF component and is not scored.",
        )
    )
    return seen.reading(out)


def _graded_components(doc: Mapping[str, Any], code_lic: str) -> dict[str, dict[str, Any]]:
    """Map the graded dimensions (other than the weights) onto components."""
    components: dict[str, dict[str, Any]] = {}
    data = (_grade(doc, "llmdata")[0], _grade(doc, "rldata")[0])
    if _best(*data) in {"open", "partial"}:
        whole = data[0] == "open" and data[1] in {"open", None}
        components["datasets"] = {"partial": not whole, "notes": _notes(doc, "llmdata")}
    for dim, comps in DIMENSIONS.items():
        cls, link, _ = _grade(doc, dim)
        if dim in _WEIGHTS_AND_DATA:
            continue
        if cls == "closed":
            # Graded closed: the experts looked and found it withheld. Proof, not a gap.
            for comp in comps:
                components.setdefault(comp, {"released": False})
            continue
        if cls not in {"open", "partial"}:
            continue
        for comp in comps:
            entry: dict[str, Any] = {"partial": cls == "partial", "notes": _notes(doc, dim)}
            if link.startswith("http"):
                entry["location"] = link[:2000]
            if comp in _CODE:
                entry["license"] = code_lic
            components[comp] = entry
    return components


_WEIGHTS_AND_DATA = frozenset({"llmdata", "rldata", "llmweights", "rlweights"})


def _notes(doc: Mapping[str, Any], dim: str) -> str:
    cls, _, notes = _grade(doc, dim)
    return f"{dim} graded {cls}: {notes}"[:2000]


def detect(doc: Any, _: Source) -> bool:
    if not isinstance(doc, Mapping) or not isinstance(doc.get("project"), Mapping):
        return False
    graded = [d for d in DIMENSIONS if isinstance(doc.get(d), Mapping) and "class" in doc[d]]
    return len(graded) >= 3
