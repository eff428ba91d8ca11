"""CycloneDX 1.6 ML-BOM: write a release (and verdicts); ``readers._cyclonedx`` reads one.

Export builds the BOM with ``cyclonedx-python-lib`` (the optional extra ``openness[cyclonedx]``,
imported only when exporting). The library (11.x) does not model ``modelCard`` yet, so the model
card is added to the JSON it writes.

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
from typing import TYPE_CHECKING, Any

from ._schema import COMPONENTS, Release
from .licenses._expression import stated
from .licenses._resolve import resolve_license
from .readers._cyclonedx import ML, NAMESPACE

if TYPE_CHECKING:
    from ._assessment import Assessment
    from .licenses._kb import License

__all__ = [
    "NAMESPACE",
    "component_pairs",
    "release_pairs",
    "text_value",
    "to_cyclonedx",
]

_ML = ML
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
