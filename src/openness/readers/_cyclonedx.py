"""CycloneDX 1.6 ML-BOM import: a BOM's model, data, licences and ``openness:`` properties.

The reader reads the JSON itself, so it needs no extra. A BOM openness wrote is read back
exactly (every component keeps its licence as written in ``openness:license``); a BOM another
tool wrote is read by its CycloneDX fields (``licenses``: ``id``, ``expression``, ``name``, the
declared ones first), and what it leaves out is unknown. The names of the ``openness:``
properties are listed in ``openness._cyclonedx``, which writes them.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from openness._findings import Finding, Severity
from openness._schema import COMPONENTS
from openness.errors import InvalidReleaseError

from ._core import Notes, Reading

if TYPE_CHECKING:
    from ._core import Source

__all__ = ["ML", "NAMESPACE", "detect", "to_release"]

NAMESPACE = "openness:"
"""The prefix of the properties openness writes and reads: what CycloneDX has no field for."""
ML = "machine-learning-model"


def _props(entry: Mapping[str, Any]) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for p in entry.get("properties") or []:
        if isinstance(p, Mapping) and str(p.get("name", "")).startswith(NAMESPACE):
            out.setdefault(str(p["name"])[len(NAMESPACE) :], []).append(str(p.get("value", "")))
    return out


def _license_of(entry: Mapping[str, Any]) -> str | None:
    own = _props(entry).get("license")
    if own:
        return own[0]
    choices = [c for c in entry.get("licenses") or [] if isinstance(c, Mapping)]
    # A BOM may give the licences declared and those a scanner concluded: the release's own
    # terms are the declared ones, when it marks some.
    declared = [c for c in choices if _acknowledged(c) == "declared"]
    texts: list[str] = []
    for choice in declared or choices:
        if choice.get("expression"):
            texts.append(str(choice["expression"]))
        lic = choice.get("license")
        if isinstance(lic, Mapping) and (lic.get("id") or lic.get("name")):
            # An SPDX id, else a name (a licence SPDX lacks): each is resolved as written.
            texts.append(str(lic.get("id") or lic.get("name")))
    return " AND ".join(texts) if texts else None


def _acknowledged(choice: Mapping[str, Any]) -> object:
    lic = choice.get("license")
    return (lic if isinstance(lic, Mapping) else choice).get("acknowledgement")


def _producer(entry: Mapping[str, Any]) -> str | None:
    for key in ("supplier", "manufacturer"):
        org = entry.get(key)
        if isinstance(org, Mapping) and org.get("name"):
            return str(org["name"])
    return str(entry["publisher"]) if entry.get("publisher") else None


def _bool(values: list[str] | None) -> bool | None:
    return None if not values else values[0] == "true"


def _model(doc: Mapping[str, Any], source: Source) -> Mapping[str, Any]:
    meta = doc.get("metadata") if isinstance(doc.get("metadata"), Mapping) else {}
    root = (meta or {}).get("component")
    if isinstance(root, Mapping) and root.get("type") == ML:
        return root
    for comp in doc.get("components") or []:
        if isinstance(comp, Mapping) and comp.get("type") == ML:
            return comp
    raise InvalidReleaseError(
        source.name, "components", "no component of type 'machine-learning-model': not an ML-BOM"
    )


def _component(comp: Mapping[str, Any]) -> tuple[str | None, dict[str, Any]]:
    """Map one BOM component to a MOF component name and its native entry."""
    own = _props(comp)
    name: str | None = own["component"][0] if own.get("component") else None
    if name not in COMPONENTS:
        name = "datasets" if comp.get("type") == "data" else None
    entry: dict[str, Any] = {"license": _license_of(comp)}
    unknown = own.get("released") == ["unknown"]
    if own.get("released") and not unknown:
        entry["released"] = _bool(own["released"])
    if own.get("partial"):
        entry["partial"] = _bool(own["partial"])
    for key in ("location", "notes"):
        if own.get(key):
            entry[key] = own[key][0]
    if "location" not in entry:
        for ref in comp.get("externalReferences") or []:
            if isinstance(ref, Mapping) and ref.get("url"):
                entry["location"] = str(ref["url"])
                break
    entry = {k: v for k, v in entry.items() if v is not None}
    if unknown:
        entry["released"] = None  # The source did not say: unknown, not released or withheld.
    return name, entry


def _bases(model: Mapping[str, Any], own: Mapping[str, list[str]]) -> dict[str, list[str]]:
    """Return the model's bases: openness's property, else the names of its pedigree ancestors."""
    if own.get("base_model"):
        text = own["base_model"][0]
        listed: object = None
        if text.startswith("["):
            try:
                listed = json.loads(text)
            except json.JSONDecodeError:
                listed = None
        bases = [str(b) for b in listed] if isinstance(listed, list) else [text]
        return {"base_model": bases}
    pedigree = model.get("pedigree")
    ancestors = pedigree.get("ancestors") if isinstance(pedigree, Mapping) else None
    if not isinstance(ancestors, list):
        return {}
    names = (str(a.get("name") or "").strip() for a in ancestors if isinstance(a, Mapping))
    return {"base_model": [n for n in names if n]} if ancestors else {}


def _release_fields(model: Mapping[str, Any]) -> dict[str, Any]:
    own = _props(model)
    out: dict[str, Any] = {"name": str(model.get("name") or "unnamed")[:500]}
    producer = _producer(model)
    if producer:
        out["producer"] = producer
    lic = _license_of(model)
    if lic is not None:
        out["license"] = lic
    for key in ("access", "date", "base_model_relation"):
        if own.get(key):
            out[key] = own[key][0]
    out |= _bases(model, own)
    for key in ("monetised", "systemic_risk"):
        if own.get(key):
            out[key] = _bool(own[key])
    if own.get("training_compute_flops"):
        flops = own["training_compute_flops"][0]
        try:
            out["training_compute_flops"] = float(flops)
        except (TypeError, ValueError):
            out["training_compute_flops"] = flops  # Not a number: the schema says so, by name.
    if own.get("claims"):
        claims = _embedded_json(own["claims"][0], own["claims"])
        out["claims"] = [str(c) for c in claims] if isinstance(claims, list) else [str(claims)]
    return out


def _embedded_json(text: object, default: object) -> object:
    """Parse JSON embedded in a property's value, *default* if it is not JSON.

    Nested no deeper than the document it came in (a ``[[[[...]]]]`` would otherwise recurse in
    the parser), and never a list of lists: a claim is text.
    """
    if not isinstance(text, str):
        return default
    depth = 0
    quoted = escaped = False
    for char in text:
        if quoted:
            escaped, quoted = (False, True) if escaped else (char == "\\", char != '"')
        elif char == '"':
            quoted = True
        elif char in "[{":
            depth += 1
            if depth > 1:
                return default  # A list of claims is flat: deeper is not one.
        elif char in "]}":
            depth -= 1
    try:
        return json.loads(text)
    except ValueError:  # JSONDecodeError, or a number too long to convert
        return default


def _foreign_components(
    doc: Mapping[str, Any], model: Mapping[str, Any], notes: Notes
) -> dict[str, dict[str, Any]]:
    """Map a BOM openness did not write: its model's weights, model card, data components."""
    lic = _license_of(model)
    components: dict[str, dict[str, Any]] = {
        "model_parameters_final": {"license": lic} if lic else {}
    }
    notes.findings.append(
        Finding(
            "cyclonedx-model",
            Severity.INFO,
            f"The BOM's machine-learning-model {model.get('name')!r} is read as the final weights; "
            "access is not stated in CycloneDX (no openness:access property).",
            component="model_parameters_final",
        )
    )
    if "modelCard" in model:
        components["model_card"] = {"notes": "CycloneDX modelCard"}
    for comp in doc.get("components") or []:
        if isinstance(comp, Mapping) and comp is not model:
            name, entry = _component(comp)
            if name is not None:
                components.setdefault(name, entry)
    # A BOM lists what its writer put in it: a component it leaves out is unknown, not withheld.
    for name in COMPONENTS:
        components.setdefault(name, {"released": None})
    return components


def to_release(doc: Any, source: Source) -> Reading:
    model = _model(doc, source)
    out = _release_fields(model)
    if not _props(model):
        notes = Notes(source)
        out["components"] = _foreign_components(doc, model, notes)
        return notes.reading(out)
    components: dict[str, dict[str, Any]] = {}
    for comp in doc.get("components") or []:
        if isinstance(comp, Mapping):
            name, entry = _component(comp)
            if name is not None:
                components.setdefault(name, entry)
    out["components"] = components
    return Reading(out)


def detect(doc: Any, _: Source) -> bool:
    return isinstance(doc, Mapping) and doc.get("bomFormat") == "CycloneDX"
