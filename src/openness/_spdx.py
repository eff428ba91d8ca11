"""SPDX 3.0.1 export: a release (and its verdicts) as an SPDX document with the AI profile.

Built with ``spdx-python-model`` (the optional extra ``openness[spdx]``, imported only when
exporting), SPDX's own bindings of its model, and written with its JSON-LD serializer: the
document is the JSON-LD that SPDX's JSON schema (https://spdx.org/schema/3.0.1/spdx-json-schema.json)
describes.

The release is an ``ai_AIPackage``, the document's root element; each MOF component listed is a
package it ``contains``: the weights ``ai_AIPackage``, the datasets and evaluation data
``dataset_DatasetPackage`` (the model is ``trainedOn`` and ``testedOn`` them), code and documents
``software_Package``. Every package has a ``hasDeclaredLicense`` relationship to the SPDX
expression its licence text declares (:mod:`openness._expression`) and a
``hasConcludedLicense`` one to the licences openness concludes apply; a text naming no known
licence is ``NoAssertionLicense``, ``NONE`` is ``NoneLicense``. The verdicts are ``review``
annotations of the release, one a verdict, with the findings that decide it, and the same
``openness:`` properties as the CycloneDX export (:mod:`openness._cyclonedx`), in a
``extension_CdxPropertiesExtension``.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import os
import re
import uuid
from typing import TYPE_CHECKING, Any

from ._cyclonedx import component_pairs, release_pairs, text_value
from ._findings import Severity
from ._schema import COMPONENTS, Release
from .licenses._expression import Stated, spdx_id, stated
from .licenses._kb import kb_info

if TYPE_CHECKING:
    from types import ModuleType

    from ._assessment import Assessment, Verdict

__all__ = ["CONTEXT", "to_spdx"]

CONTEXT = "https://spdx.org/rdf/3.0.1/spdx-context.jsonld"
_VERDICTS = (
    ("osaid", "OSI Open Source AI Definition 1.0"),
    ("owd", "Open Weight Definition 0.3"),
    ("eu_ai_act", "EU AI Act Art. 53(2) open-source exemption"),
)
_URI = re.compile(r"[A-Za-z][A-Za-z0-9+.\-]*://\S+\Z")
"""A location that is an address (a download location is a URI); others stay properties."""
_TOKENS = re.compile(r"[\s()]+")
_MAX_TEXT = 2000
"""The longest licence text kept in a comment (a pasted licence is tens of kilobytes)."""


def _missing() -> ModuleNotFoundError:
    return ModuleNotFoundError(
        "spdx-python-model is needed to export SPDX; install it with: pip install 'openness[spdx]'"
    )


def _model() -> ModuleType:
    try:
        from spdx_python_model.bindings import v3_0_1  # noqa: PLC0415 - optional extra
    except ModuleNotFoundError:
        raise _missing() from None
    return v3_0_1


def _created(created: dt.datetime | None) -> dt.datetime:
    """Return when the document is made: *created*, ``SOURCE_DATE_EPOCH`` if set, else now.

    ``SOURCE_DATE_EPOCH`` (reproducible-builds.org) makes two runs write the same document.
    """
    if created is not None:
        return created if created.tzinfo else created.replace(tzinfo=dt.UTC)
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch.isdigit() and len(epoch) <= 12:
        with contextlib.suppress(ValueError, OverflowError, OSError):  # Past the year 9999.
            return dt.datetime.fromtimestamp(int(epoch), tz=dt.UTC)
    return dt.datetime.now(tz=dt.UTC)


class _Builder:
    """Make the elements of one document, each with an id under the document's own."""

    def __init__(self, m: ModuleType, base: str, created: dt.datetime) -> None:
        from . import __version__  # noqa: PLC0415

        self.m = m
        self.base = base
        self.elements: list[Any] = []
        self.expressions: dict[str, Any] = {}
        self.expanded = False
        self.related = 0
        self.info = m.CreationInfo(specVersion="3.0.1", created=created)
        agent = self.add(m.SoftwareAgent, "openness", name="openness")
        tool = self.add(m.Tool, "tool", name=f"openness {__version__}")
        self.info.createdBy = [agent]
        self.info.createdUsing = [tool]

    def add(self, cls: Any, local: str, **props: Any) -> Any:
        element = cls(spdxId=f"{self.base}#{local}", creationInfo=self.info, **props)
        self.elements.append(element)
        return element

    def relate(self, source: Any, kind: str, targets: list[Any], **props: Any) -> None:
        rel = getattr(self.m.RelationshipType, kind)
        self.related += 1
        local = f"relationship-{self.related}"
        self.add(self.m.Relationship, local, from_=source, relationshipType=rel, **props)
        self.elements[-1].to = targets

    def license(self, s: Stated, *, concluded: bool) -> Any:
        """Return what a package's licence relationship points to (an element or an IRI)."""
        none = self.m.expandedlicensing_IndividualLicensingInfo
        expression = s.concluded if concluded else s.declared
        if s.state == "none":
            self.expanded = True
            return none.NoneLicense
        if s.state != "known" or expression is None:
            self.expanded = True
            return none.NoAssertionLicense
        found = self.expressions.get(expression)
        if found is None:
            refs = [lic for lic in s.licenses if spdx_id(lic).startswith("LicenseRef-")]
            found = self.add(
                self.m.simplelicensing_LicenseExpression,
                f"license-{len(self.expressions)}",
                simplelicensing_licenseExpression=expression,
                simplelicensing_licenseListVersion=kb_info()["spdx_license_list_version"],
            )
            used = set(_TOKENS.split(expression))
            known = [
                f"{spdx_id(lic)}: {lic.name}" + (f" <{lic.url}>" if lic.url else "")
                for lic in refs
                if spdx_id(lic) in used
            ]
            if known:
                found.comment = "Licences SPDX lacks, from openness's knowledge base: " + "; ".join(
                    known
                )
            self.expressions[expression] = found
        return found

    def licenses(self, package: Any, text: str | None, *, conclude: bool) -> None:
        s = stated(text)
        if s.state != "absent":
            written = None if s.state == "known" else f"As written: {(text or '')[:_MAX_TEXT]}"
            props = {"comment": written} if written else {}
            self.relate(package, "hasDeclaredLicense", [self.license(s, concluded=False)], **props)
        if conclude:
            self.relate(package, "hasConcludedLicense", [self.license(s, concluded=True)])

    def properties(self, element: Any, pairs: list[tuple[str, object]]) -> None:
        entries = [
            self.m.extension_CdxPropertyEntry(
                extension_cdxPropName=f"openness:{k}", extension_cdxPropValue=text_value(v)
            )
            for k, v in pairs
            if v is not None
        ]
        if entries:
            element.extension = [
                self.m.extension_CdxPropertiesExtension(extension_cdxProperty=entries)
            ]


_DATA = frozenset({"datasets", "evaluation_data"})
_MODELS = frozenset({"model_parameters_final", "model_parameters_intermediate"})
_PURPOSE = {"code": "source", "data": "data", "document": "documentation"}


def to_spdx(obj: Assessment | Release, *, created: dt.datetime | None = None) -> dict[str, Any]:
    """Return an SPDX 3.0.1 document (JSON-LD, a JSON-safe mapping) of an assessment or release.

    The release is an AI package with its components, their declared and concluded licences,
    and, for an assessment, the verdicts as review annotations and ``openness:`` properties.

    :param created: when the document was made (default: ``SOURCE_DATE_EPOCH``, else now).
    :raises ModuleNotFoundError: when spdx-python-model is not installed.

    >>> import openness
    >>> doc = openness.to_spdx(openness.Release(name="demo", license="MIT"))
    >>> doc["@context"]
    'https://spdx.org/rdf/3.0.1/spdx-context.jsonld'
    >>> [e["simplelicensing_licenseExpression"] for e in doc["@graph"]
    ...  if e["type"] == "simplelicensing_LicenseExpression"]
    ['MIT']
    """
    m = _model()
    assessment = None if isinstance(obj, Release) else obj
    release = obj if isinstance(obj, Release) else obj.release
    key = json.dumps(release.to_mapping(), sort_keys=True)
    base = f"urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, 'openness:spdx:' + key)}"
    b = _Builder(m, base, _created(created))

    model = b.add(
        m.ai_AIPackage,
        "release",
        name=release.name,
        software_primaryPurpose=m.software_SoftwarePurpose.model,
    )
    if release.producer:
        model.suppliedBy = b.add(m.Organization, "producer", name=release.producer)
    if release.date is not None:
        model.releaseTime = dt.datetime.combine(release.date, dt.time(), tzinfo=dt.UTC)
    weights = release.components.get("model_parameters_final")
    if weights is not None and weights.released and _URI.match(weights.location or ""):
        model.software_downloadLocation = weights.location
    b.licenses(model, release.license, conclude=True)
    b.properties(model, release_pairs(release, assessment))

    parts = [_part(b, release, name) for name in release.components]
    if parts:
        b.relate(model, "contains", [p for _, p in parts])
    for kind, names in (("trainedOn", {"datasets"}), ("testedOn", {"evaluation_data"})):
        found = [p for name, p in parts if name in names]
        if found:
            b.relate(model, kind, found)
    bases = [
        b.add(m.ai_AIPackage, f"base-{i}", name=ref) for i, ref in enumerate(release.base_model)
    ]
    if bases:
        how = release.base_model_relation
        b.relate(model, "descendantOf", bases, **({"comment": f"relation: {how}"} if how else {}))
    if assessment is not None:
        _annotate(b, model, assessment)

    # Not "extension", though the properties use that profile's class: SPDX 3.0.1's JSON-LD
    # context reads the word as the property term Core/extension, so the document's RDF would
    # claim a profile that does not exist (SHACL refuses it), and its JSON schema admits no
    # other spelling. The Extension profile adds no constraint a reader would miss.
    profiles = ["core", "software", "ai", "dataset", "simpleLicensing"]
    profiles += ["expandedLicensing"] * b.expanded
    doc = m.SpdxDocument(
        spdxId=f"{base}#document",
        creationInfo=b.info,
        name=f"openness: {release.name}",
        profileConformance=[getattr(m.ProfileIdentifierType, p) for p in profiles],
        rootElement=[model],
        element=list(b.elements),
    )
    objects = m.SHACLObjectSet([doc, *b.elements])
    data: dict[str, Any] = m.JSONLDSerializer().serialize_data(objects, force_at_graph=True)
    return data


def _part(b: _Builder, release: Release, name: str) -> tuple[str, Any]:
    """Make the package of component *name*: its kind, licences and openness properties."""
    m = b.m
    c = release.components[name]  # type: ignore[index]
    info = COMPONENTS[name]
    props: dict[str, Any] = {"name": info.title}
    if name in _DATA:
        cls = m.dataset_DatasetPackage
        props["dataset_datasetType"] = [m.dataset_DatasetType.noAssertion]
    elif name in _MODELS:
        cls = m.ai_AIPackage
    else:
        cls = m.software_Package
    purpose = "model" if name in _MODELS else _PURPOSE[info.content_type]
    if name == "supporting_libraries":
        purpose = "library"
    props["software_primaryPurpose"] = getattr(m.software_SoftwarePurpose, purpose)
    if c.released and _URI.match(c.location or ""):
        props["software_downloadLocation"] = c.location
    package = b.add(cls, name, **props)
    # The licence that applies is the component's own, else the release's default.
    b.licenses(package, release.license_of(name), conclude=bool(c.released))
    b.properties(package, component_pairs(release, name))
    return name, package


def _statement(title: str, verdict: Verdict) -> str:
    lines = [f"openness: {title}: {verdict.status.value}"]
    lines += [
        f"- [{f.severity.name}] {f.rule}: {f.message}" + (f" ({f.clause})" if f.clause else "")
        for f in verdict.findings
        if f.severity is not Severity.INFO
    ]
    return "\n".join(lines)


def _annotate(b: _Builder, model: Any, a: Assessment) -> None:
    """Add the verdicts as review annotations of the release, one a verdict."""
    review = b.m.AnnotationType.review
    mof = f"MOF 1.0 Class {a.mof_class}" if a.mof_class else "MOF 1.0: unclassified"
    flags = ", ".join(sorted(a.flags)) or "none"
    summary = (
        f"openness: level {a.level.name} ({int(a.level)} of 6), ceiling {a.ceiling.name}, "
        f"score {a.score:.1f}/100; {mof}; flags: {flags}"
    )
    statements = [("assessment", summary)]
    statements += [(attr, _statement(title, getattr(a, attr))) for attr, title in _VERDICTS]
    statements += [
        (f"claim-{n}", f"openness: claim {c.text!r} asserts {c.asserts.name}: {c.verdict}")
        for n, c in enumerate(a.claims, 1)
    ]
    for local, text in statements:
        b.add(b.m.Annotation, local, annotationType=review, subject=model, statement=text)
