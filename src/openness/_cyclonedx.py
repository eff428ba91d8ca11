"""CycloneDX 1.6 ML-BOM: read a BOM's model, data and licences; write a release (and verdicts).

Export builds the BOM with ``cyclonedx-python-lib`` (the optional extra ``openness[cyclonedx]``,
imported only when exporting). The library (11.x) does not model ``modelCard`` yet, so the model
card is added to the JSON it writes; import reads the JSON itself, so it needs no extra.

What CycloneDX has no field for is kept in properties of the ``openness:`` namespace
(docs/input-formats.md): ``openness:component`` (the MOF component a BOM component is),
``openness:released``, ``openness:partial``, ``openness:notes``, ``openness:location``,
``openness:license`` (the licence text as written), ``openness:access``, ``openness:claims``
(a JSON list),
``openness:date``, ``openness:base_model`` (one base, or a JSON list of several; each base is also
a ``pedigree.ancestors`` component), ``openness:base_model_relation``, ``openness:monetised``,
``openness:systemic_risk``,
``openness:training_compute_flops``; and, for an assessment, ``openness:level``,
``openness:score``, ``openness:osaid``, ``openness:owd``, ``openness:eu_ai_act``,
``openness:mof_class``, ``openness:flag``.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from ._findings import Finding, Severity
from ._schema import COMPONENTS, Release
from .errors import InvalidReleaseError
from .licenses._expression import stated
from .licenses._resolve import resolve_license
from .readers._core import Notes, Reading

if TYPE_CHECKING:
    from ._assessment import Assessment
    from .licenses._kb import License
    from .readers._core import Source

__all__ = [
    "NAMESPACE",
    "component_pairs",
    "detect",
    "release_pairs",
    "text_value",
    "to_cyclonedx",
    "to_release",
]

NAMESPACE = "openness:"
_ML = "machine-learning-model"
_TYPES = {"code": "application", "data": "data", "document": "file"}
_OWN_TYPE = {
    "model_parameters_final": _ML,
    "model_parameters_intermediate": _ML,
    "supporting_libraries": "library",
}
_RELEASE_PROPS = ("access", "date", "base_model_relation", "monetised", "systemic_risk")


def _missing() -> ModuleNotFoundError:
    return ModuleNotFoundError(
        "cyclonedx-python-lib is needed to export; install it with: "
        "pip install 'openness[cyclonedx]'"
    )


def _licenses(text: str | None) -> list[Any]:
    """Return the CycloneDX licence choice of a licence text, as the release declares it.

    One licence on the SPDX list is its ``id`` (CycloneDX's id is an enumeration of the list);
    an SPDX expression of several is an ``expression`` (a ``LicenseRef-`` may stand in one); one
    licence SPDX lacks (a knowledge-base ``LicenseRef-``) is its ``name``, with its address. A
    text naming no known licence (or ``NONE``) is a ``name``: the text as written, cut short.
    """
    from cyclonedx.model import XsUri  # noqa: PLC0415
    from cyclonedx.model.license import (  # noqa: PLC0415
        DisjunctiveLicense,
        LicenseAcknowledgement,
        LicenseExpression,
    )
    from cyclonedx.spdx import is_supported_id  # noqa: PLC0415

    s = stated(text)
    declared = LicenseAcknowledgement.DECLARED
    if s.state == "absent" or text is None:
        return []
    if s.state != "known" or s.declared is None:
        return [DisjunctiveLicense(name=text[:_MAX_NAME])]
    lic = s.single
    if lic is None:
        return [LicenseExpression(s.declared, acknowledgement=declared)]
    if is_supported_id(lic.id):
        return [DisjunctiveLicense(id=lic.id, acknowledgement=declared)]
    url = XsUri(lic.url) if lic.url else None
    return [DisjunctiveLicense(name=license_name(lic), url=url, acknowledgement=declared)]


_MAX_NAME = 2000


def license_name(lic: License) -> str:
    """Return the name a BOM gives a licence SPDX lacks: its name, if the name reads back as it.

    >>> from openness import get_license
    >>> license_name(get_license("llama3.1"))
    'Llama 3.1 Community License Agreement'
    """
    back = resolve_license(lic.name).licenses
    return lic.name if len(back) == 1 and back[0].id == lic.id else lic.id


def release_pairs(release: Release, assessment: Assessment | None) -> list[tuple[str, object]]:
    """Return the release's ``openness:`` properties (and its verdicts'), name and value.

    The SPDX export writes the same (:mod:`openness._spdx`); a ``None`` value is left out.
    """
    pairs: list[tuple[str, object]] = [(k, getattr(release, k)) for k in _RELEASE_PROPS]
    pairs += [("training_compute_flops", release.training_compute_flops)]
    pairs += [("license", release.license)]
    bases = release.base_model
    if bases:
        # One property, as the claims: BOM writers sort properties and ancestors, bases keep order.
        pairs += [("base_model", bases[0] if len(bases) == 1 else json.dumps(list(bases)))]
    if release.claims:
        # One property holding a JSON list: BOM writers sort properties, claims keep their order.
        pairs += [("claims", json.dumps(list(release.claims), ensure_ascii=False))]
    if assessment is not None:
        pairs += [
            ("level", assessment.level.name),
            ("score", assessment.score),
            ("ceiling", assessment.ceiling.name),
            ("osaid", assessment.osaid.status.value),
            ("owd", assessment.owd.status.value),
            ("eu_ai_act", assessment.eu_ai_act.status.value),
            ("mof_class", assessment.mof_class),
        ]
        pairs += [("flag", f) for f in sorted(assessment.flags)]
    return pairs


def component_pairs(release: Release, name: str) -> list[tuple[str, object]]:
    """Return component *name*'s ``openness:`` properties: what CycloneDX has no field for."""
    c = release.components[name]  # type: ignore[index]
    return [
        ("component", name),
        ("released", "unknown" if c.released is None else c.released),
        ("partial", c.partial),
        ("location", c.location),
        ("notes", c.notes),
        # The licence as written (the BOM's licence fields hold what it resolves to).
        ("license", c.license),
    ]


def text_value(value: object) -> str:
    """Return a property's value as text: ``true``/``false``, an enum's value, else ``str``."""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value.value if hasattr(value, "value") else value)


def to_cyclonedx(obj: Assessment | Release) -> dict[str, Any]:
    """Return a CycloneDX 1.6 BOM (a JSON-safe mapping) of a release or an assessment.

    The release is the BOM's ``metadata.component`` (a ``machine-learning-model``); each MOF
    component listed is a BOM component, the final parameters carrying a ``modelCard``.

    :raises ModuleNotFoundError: when cyclonedx-python-lib is not installed.
    """
    try:
        from cyclonedx.model import Property  # noqa: PLC0415 - optional, heavy
        from cyclonedx.model.bom import Bom  # noqa: PLC0415
        from cyclonedx.model.component import Component, ComponentType, Pedigree  # noqa: PLC0415
        from cyclonedx.model.contact import OrganizationalEntity  # noqa: PLC0415
        from cyclonedx.output.json import JsonV1Dot6  # noqa: PLC0415
    except ModuleNotFoundError:
        raise _missing() from None

    assessment = None if isinstance(obj, Release) else obj
    release = obj if isinstance(obj, Release) else obj.release

    def props(pairs: list[tuple[str, object]]) -> list[Any]:
        return [
            Property(name=NAMESPACE + k, value=text_value(v)) for k, v in pairs if v is not None
        ]

    pairs = release_pairs(release, assessment)
    bases = release.base_model
    supplier = OrganizationalEntity(name=release.producer) if release.producer else None
    root = Component(
        name=release.name,
        type=ComponentType.MACHINE_LEARNING_MODEL,
        bom_ref="openness:release",
        supplier=supplier,
        licenses=_licenses(release.license),
        properties=props(pairs),
        pedigree=Pedigree(
            ancestors=[Component(name=b, type=ComponentType.MACHINE_LEARNING_MODEL) for b in bases]
        )
        if bases
        else None,
    )
    key = json.dumps(release.to_mapping(), sort_keys=True)
    bom = Bom(serial_number=uuid.uuid5(uuid.NAMESPACE_URL, "openness:" + key))
    bom.metadata.component = root
    parts = []
    for name, c in release.components.items():
        info = COMPONENTS[name]
        part = Component(
            name=info.title,
            type=ComponentType(_OWN_TYPE.get(name, _TYPES[info.content_type])),
            bom_ref=f"openness:{name}",
            licenses=_licenses(c.license),
            properties=props(component_pairs(release, name)),
        )
        bom.components.add(part)
        parts.append(part)
    bom.register_dependency(root, parts)
    doc: dict[str, Any] = json.loads(JsonV1Dot6(bom).output_as_string())
    datasets = [f"openness:{n}" for n in ("datasets",) if n in release.components]
    for comp in doc.get("components", []):
        if comp.get("bom-ref") == "openness:model_parameters_final":
            card: dict[str, Any] = {"bom-ref": "openness:model-card", "modelParameters": {}}
            if datasets:
                card["modelParameters"]["datasets"] = [{"ref": r} for r in datasets]
            comp["modelCard"] = card
    return doc


# --- Import ----------------------------------------------------------------------------------


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
    if isinstance(root, Mapping) and root.get("type") == _ML:
        return root
    for comp in doc.get("components") or []:
        if isinstance(comp, Mapping) and comp.get("type") == _ML:
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
