"""European Open Source AI Index records (osai-index.eu, 2026): 12 graded dimensions → a release.

Liesenfeld, Blankvoort, Kalra and Dingemanse grade each model family open / partial / closed on 12
dimensions in three categories (availability, documentation, access), each with a link and notes
(data/osai/records/*.yaml, CC-BY-4.0, doi:10.5281/zenodo.15386042). The mapping is a table
(:data:`DIMENSIONS`, docs/input-formats.md), the same as the predecessor index's
(:mod:`openness._expert`, whose licence and weight readings it reuses): a graded dimension becomes
a component released wholly (open), in part (partial) or not at all (closed). The index's own
score is never read.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from openness._findings import Finding, Severity

from ._core import Notes
from ._expert import CLASSES, _best, _licenses, _weights

if TYPE_CHECKING:
    from ._core import Reading, Source

__all__ = ["DIMENSIONS", "detect", "to_release"]

DIMENSIONS: dict[str, tuple[str, ...]] = {
    "datasources_basemodel": ("datasets",),
    "datasources_endmodel": ("datasets",),
    "weights_basemodel": ("model_parameters_final",),
    "weights_endmodel": ("model_parameters_final",),
    "trainingcode": ("training_code",),
    "code": (),
    "hardware_architecture": ("model_architecture",),
    "preprint": ("technical_report",),
    "paper": ("research_paper",),
    "modelcard": ("model_card",),
    "datasheet": ("data_card",),
    "licenses": (),
}
"""Each of the 12 dimensions and the MOF components it grades (``licenses`` decides licences,
``code`` (documentation of the code) has no MOF component)."""

_DATA = ("datasources_basemodel", "datasources_endmodel")
_OWN = frozenset({*_DATA, "weights_basemodel", "weights_endmodel", "licenses", "code"})


def _grade(doc: Mapping[str, Any], dim: str) -> tuple[str | None, str, str]:
    """Return a dimension's (class, first link, notes); class ``None`` when not applicable."""
    entry = doc.get(dim)
    if not isinstance(entry, Mapping):
        return None, "", ""
    cls = str(entry.get("class") or "").strip().lower() or None
    link = entry.get("link")
    if isinstance(link, list):
        link = next((str(x) for x in link if x), "")
    notes = str(entry.get("notes") or "").strip()
    return (cls if cls in CLASSES else None), str(link or "").strip(), notes


def _as_expert(doc: Mapping[str, Any]) -> dict[str, Any]:
    """Return the record in the predecessor index's shape, for the readings the two share."""
    system = doc.get("system") if isinstance(doc.get("system"), Mapping) else {}
    lic = (system or {}).get("endmodellicense") or (system or {}).get("endmodel license")
    out: dict[str, Any] = {"project": {"license": str(lic or "")}}
    cls, link, notes = _grade(doc, "licenses")
    out["license"] = {"class": cls, "link": link, "notes": notes}
    for ours, theirs in (("weights_basemodel", "llmweights"), ("weights_endmodel", "rlweights")):
        cls, link, notes = _grade(doc, ours)
        out[theirs] = {"class": cls, "link": link, "notes": notes}
    out["api"] = {"class": None}
    return out


def to_release(doc: Any, source: Source) -> Reading:
    seen = Notes(source)
    system = doc.get("system") if isinstance(doc.get("system"), Mapping) else {}
    org = doc.get("org") if isinstance(doc.get("org"), Mapping) else {}
    name = str((system or {}).get("name") or "").strip()
    if not name:
        name = source.path.stem if source.path else "unnamed"
    shared = _as_expert(doc)
    code_lic, model_lic = _licenses(shared, seen)
    out: dict[str, Any] = {"name": name[:500], "license": model_lic}
    producer = str((org or {}).get("name") or "").strip()
    if producer:
        out["producer"] = producer[:500]
    base = str((system or {}).get("basemodelname") or "").strip()
    end = str((system or {}).get("endmodelname") or "").strip()
    if base and base != end:
        out["base_model"] = base[:500]
    weights, access = _weights(shared, seen)
    out["access"] = access
    components = _graded_components(doc, code_lic)
    if weights is not None:
        components["model_parameters_final"] = weights
    out["components"] = components
    grades = ", ".join(f"{dim} {_grade(doc, dim)[0] or 'n/a'}" for dim in DIMENSIONS)
    seen.findings.append(
        Finding(
            "osai-record",
            Severity.INFO,
            "Read from a European Open Source AI Index record (osai-index.eu, CC-BY-4.0): "
            f"{grades}. Code documentation ('code') has no MOF component and is not scored.",
        )
    )
    return seen.reading(out)


def _graded_components(doc: Mapping[str, Any], code_lic: str) -> dict[str, dict[str, Any]]:
    """Map the graded dimensions (other than the weights) onto components."""
    components: dict[str, dict[str, Any]] = {}
    data = tuple(_grade(doc, d)[0] for d in _DATA)
    if _best(*data) in {"open", "partial"}:
        whole = all(g in {"open", None} for g in data)
        components["datasets"] = {"partial": not whole, "notes": _notes(doc, _DATA[0])}
    for dim, comps in DIMENSIONS.items():
        cls, link, _ = _grade(doc, dim)
        if dim in _OWN or cls not in {"open", "partial"}:
            continue
        for comp in comps:
            entry: dict[str, Any] = {"partial": cls == "partial", "notes": _notes(doc, dim)}
            if link.startswith("http"):
                entry["location"] = link[:2000]
            if comp == "training_code":
                entry["license"] = code_lic
            components[comp] = entry
    return components


def _notes(doc: Mapping[str, Any], dim: str) -> str:
    cls, _, notes = _grade(doc, dim)
    return f"{dim} graded {cls}: {notes}"[:2000]


def detect(doc: Any, _: Source) -> bool:
    if not isinstance(doc, Mapping) or not isinstance(doc.get("system"), Mapping):
        return False
    graded = [d for d in DIMENSIONS if isinstance(doc.get(d), Mapping) and "class" in doc[d]]
    return len(graded) >= 3
