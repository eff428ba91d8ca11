"""Readers: a path, a mapping or a Release → a validated :class:`Release`, plus reader findings.

Documents are parsed safely (``yaml.safe_load``, size and shape limits), the format is detected
(native release or Model Openness Tool record; more formats register in :data:`READERS`), and
every problem becomes an :class:`InvalidReleaseError` naming the source, the field and what was
expected.
"""

from __future__ import annotations

import difflib
import hashlib
import json
import os
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ValidationError

from ._findings import Finding, Severity
from ._schema import COMPONENTS, Component, Release
from .errors import InvalidReleaseError

__all__ = [
    "MAX_BYTES",
    "READERS",
    "Reader",
    "Source",
    "parse_document",
    "read",
]

MAX_BYTES = 10 * 1024 * 1024
"""The largest input file read, in bytes."""
MAX_NODES = 200_000
"""The most values a document may hold once YAML aliases are expanded."""
MAX_DEPTH = 64
"""The deepest nesting a document may have."""


@dataclass(slots=True)
class Source:
    """Where a release came from: for error messages and the audit trail."""

    name: str
    """The path as given, or ``<mapping>``."""
    format: str = "native"
    sha256: str | None = None
    path: Path | None = None
    findings: list[Finding] = field(default_factory=list)
    """What the reader noticed while mapping the input (e.g. a MOT quirk)."""


@dataclass(frozen=True, slots=True)
class Reader:
    """A document format: how to recognise it and how to map it to a native release mapping."""

    name: str
    detect: Callable[[Any, Source], bool]
    to_release: Callable[[Any, Source], dict[str, Any]]
    """Returns a native mapping; may add findings to ``source.findings``."""
    suffixes: tuple[str, ...] = (".yaml", ".yml", ".json")


READERS: dict[str, Reader] = {}


def _register(reader: Reader) -> Reader:
    READERS[reader.name] = reader
    return reader


class _Limits:
    """Walk a parsed document once, counting values (aliases expanded) and depth."""

    __slots__ = ("nodes", "source")

    def __init__(self, source: str) -> None:
        self.nodes = 0
        self.source = source

    def walk(self, value: Any, depth: int = 0, path: str = "") -> None:
        self.nodes += 1
        if self.nodes > MAX_NODES:
            raise InvalidReleaseError(
                self.source,
                path,
                f"document too large: more than {MAX_NODES:,} values (a YAML alias bomb?)",
            )
        if depth > MAX_DEPTH:
            raise InvalidReleaseError(
                self.source, path, f"nested more than {MAX_DEPTH} levels deep"
            )
        if isinstance(value, dict):
            for k, v in value.items():
                if not isinstance(k, str | int | float | bool) and k is not None:
                    raise InvalidReleaseError(self.source, path, "keys must be plain strings")
                self.walk(v, depth + 1, f"{path}.{k}" if path else str(k))
        elif isinstance(value, list):
            for i, v in enumerate(value):
                self.walk(v, depth + 1, f"{path}[{i}]")


def parse_document(data: bytes, source: str, *, suffix: str = "") -> Any:
    """Parse JSON or YAML bytes safely; raise :class:`InvalidReleaseError` on any problem."""
    if len(data) > MAX_BYTES:
        raise InvalidReleaseError(
            source, "", f"file is {len(data):,} bytes; the limit is {MAX_BYTES:,}"
        )
    if b"\x00" in data[:8192]:
        raise InvalidReleaseError(source, "", "binary file: expected YAML or JSON text")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        raise InvalidReleaseError(
            source, "", f"not UTF-8 text (byte {e.start}): expected YAML or JSON"
        ) from None
    if not text.strip():
        raise InvalidReleaseError(source, "", "empty file: expected a YAML or JSON release")
    try:
        if suffix == ".json" or (suffix != ".yaml" and text.lstrip()[:1] in "{["):
            try:
                doc = json.loads(text)
            except json.JSONDecodeError as e:
                if suffix == ".json":
                    raise InvalidReleaseError(
                        source, "", f"malformed JSON at line {e.lineno}, column {e.colno}: {e.msg}"
                    ) from None
                doc = yaml.safe_load(text)
        else:
            doc = yaml.safe_load(text)
    except yaml.YAMLError as e:
        mark = getattr(e, "problem_mark", None)
        where = f" at line {mark.line + 1}, column {mark.column + 1}" if mark else ""
        problem = getattr(e, "problem", None) or str(e).splitlines()[0]
        raise InvalidReleaseError(source, "", f"malformed YAML{where}: {problem}") from None
    except RecursionError:
        raise InvalidReleaseError(source, "", f"nested more than {MAX_DEPTH} levels deep") from None
    _Limits(source).walk(doc)
    return doc


def _detect_mot(doc: Any, _: Source) -> bool:
    return (
        isinstance(doc, Mapping)
        and isinstance(doc.get("release"), Mapping)
        and ("framework" in doc or "components" in doc["release"])
    )


def _detect_native(doc: Any, _: Source) -> bool:
    return isinstance(doc, Mapping) and "name" in doc


# MOT licence texts that say the component is not there at all (mof.md §2.4: 22 entries).
_NOT_INCLUDED = re.compile(r"^\s*component(\s+component)?\s+not\s+include", re.IGNORECASE)
_MOT_TITLES = {info.title.lower(): name for name, info in COMPONENTS.items()}


def _text(value: Any) -> str | None:
    if value is None:
        return None
    text = str(value).strip()
    return text or None


def _mot_to_release(doc: Any, source: Source) -> dict[str, Any]:
    """Map a Model Openness Tool record (MOF 1.0 YAML) onto a native release.

    MOT's licence resolution is kept: a component's own licence, else the release licence for
    its content type (code, data, document), else the distribution licence; ``unlicensed`` means
    released without a licence.
    """
    rel = doc["release"]
    lic = rel.get("license") or {}
    if not isinstance(lic, Mapping):
        lic = {"distribution": {"name": lic}}
    defaults = {
        kind: _text(
            (lic.get(kind) or {}).get("name")
            if isinstance(lic.get(kind), Mapping)
            else lic.get(kind)
        )
        for kind in ("distribution", "code", "data", "document")
    }
    components: dict[str, dict[str, Any]] = {}
    for i, entry in enumerate(rel.get("components") or []):
        name, comp = _mot_component(i, entry, defaults, source)
        components[name] = comp
    out: dict[str, Any] = {
        "name": _text(rel.get("name")) or (source.path.stem if source.path else "unnamed"),
        "components": components,
    }
    if _text(rel.get("producer")):
        out["producer"] = _text(rel.get("producer"))
    if defaults["distribution"] and defaults["distribution"].lower() != "unlicensed":
        out["license"] = defaults["distribution"]
    date = _text(rel.get("date"))
    if date and re.fullmatch(r"\d{4}-\d{2}-\d{2}", date):
        out["date"] = date
    return out


def _mot_component(
    i: int, entry: Any, defaults: dict[str, str | None], source: Source
) -> tuple[str, dict[str, Any]]:
    """Map one MOT component entry; MOT's licence inheritance is applied here."""
    if not isinstance(entry, Mapping):
        raise InvalidReleaseError(
            source.name, f"release.components[{i}]", "expected a mapping with a name"
        )
    title = _text(entry.get("name")) or ""
    name = _MOT_TITLES.get(title.lower())
    if name is None:
        near = difflib.get_close_matches(title.lower(), _MOT_TITLES, n=1)
        hint = f" (did you mean {COMPONENTS[_MOT_TITLES[near[0]]].title!r}?)" if near else ""
        raise InvalidReleaseError(
            source.name, f"release.components[{i}].name", f"unknown MOF component {title!r}{hint}"
        )
    own = _text(entry.get("license"))
    if own is not None and _NOT_INCLUDED.match(own):
        source.findings.append(
            Finding(
                "mot-not-included",
                Severity.INFO,
                f"The MOT record lists {title} with the licence text {own!r}: read as not "
                "released.",
                component=name,
            )
        )
        return name, {"released": False}
    if own is None:
        own = defaults[COMPONENTS[name].content_type] or defaults["distribution"]
    comp: dict[str, Any] = {
        "license": "NONE" if own is None or own.lower() == "unlicensed" else own
    }
    location = _text(entry.get("component_path")) or _text(entry.get("license_path"))
    if location:
        comp["location"] = location
    return name, comp


def _native(doc: Any, _: Source) -> dict[str, Any]:
    return dict(doc)


_register(Reader("mot", _detect_mot, _mot_to_release))
_register(Reader("native", _detect_native, _native))


def _suggest(word: str, options: list[str]) -> str:
    near = difflib.get_close_matches(word, options, n=1, cutoff=0.6)
    return f" (did you mean {near[0]!r}?)" if near else ""


def _fields_of(model: type[BaseModel]) -> list[str]:
    names: list[str] = []
    for name, f in model.model_fields.items():
        names.append(name)
        alias = f.validation_alias
        choices = getattr(alias, "choices", ())
        names.extend(str(c) for c in choices if c != name)
    return names


def _explain(error: ValidationError, source: str) -> InvalidReleaseError:
    """Turn pydantic's first error into one message naming the field and what was expected."""
    first = error.errors(include_url=False)[0]
    loc = [str(p) for p in first["loc"]]
    where = ".".join(loc)
    kind = first["type"]
    if kind == "extra_forbidden":
        parent = Component if len(loc) >= 3 and loc[0] == "components" else Release
        return InvalidReleaseError(
            source, where, f"unknown field{_suggest(loc[-1], _fields_of(parent))}"
        )
    if kind == "literal_error" and loc[:1] == ["components"]:
        comp = loc[1]
        return InvalidReleaseError(
            source,
            f"components.{comp}",
            f"unknown component{_suggest(comp, list(COMPONENTS))}; expected one of the 17 MOF "
            "components, e.g. model_parameters_final, training_code, datasets",
        )
    if kind == "missing":
        return InvalidReleaseError(source, where, "required field is missing")
    got = first.get("input")
    shown = repr(got) if not isinstance(got, dict | list) else type(got).__name__
    if len(shown) > 60:
        shown = shown[:57] + "..."
    return InvalidReleaseError(source, where, f"{first['msg']} (got {shown})")


def _validate(mapping: Mapping[str, Any], source: Source) -> Release:
    try:
        return Release.model_validate(mapping)
    except ValidationError as e:
        raise _explain(e, source.name) from None


def _from_document(doc: Any, source: Source, fmt: str | None) -> Release:
    if fmt is not None:
        if fmt not in READERS:
            raise InvalidReleaseError(
                source.name, "", f"unknown format {fmt!r}; expected one of {sorted(READERS)}"
            )
        reader = READERS[fmt]
    else:
        found = [r for r in READERS.values() if r.detect(doc, source)]
        if not found:
            if not isinstance(doc, Mapping):
                raise InvalidReleaseError(
                    source.name, "", f"expected a mapping (a release), got {type(doc).__name__}"
                )
            raise InvalidReleaseError(
                source.name,
                "name",
                "required field is missing (not a release, nor a Model Openness Tool record)",
            )
        reader = found[0]
    source.format = reader.name
    if not isinstance(doc, Mapping):
        raise InvalidReleaseError(
            source.name, "", f"expected a mapping (a release), got {type(doc).__name__}"
        )
    return _validate(reader.to_release(doc, source), source)


def read_path(
    path: Path, fmt: str | None = None, *, display: str | None = None
) -> tuple[Release, Source]:
    """Read the release stored at *path*."""
    name = display or str(path)
    try:
        if path.is_dir():
            raise InvalidReleaseError(name, "", "is a directory: expected a release file")
        with path.open("rb") as f:
            data = f.read(MAX_BYTES + 1)
    except FileNotFoundError:
        raise InvalidReleaseError(name, "", "no such file") from None
    except PermissionError:
        raise InvalidReleaseError(name, "", "permission denied") from None
    except OSError as e:
        raise InvalidReleaseError(name, "", f"cannot read: {e.strerror or e}") from None
    source = Source(name, sha256=hashlib.sha256(data).hexdigest(), path=path)
    doc = parse_document(data, name, suffix=path.suffix.lower())
    return _from_document(doc, source, fmt), source


def read(obj: object, fmt: str | None = None) -> tuple[Release, Source]:
    """Read a release from a path, a mapping, or a :class:`Release`."""
    if isinstance(obj, Release):
        data = json.dumps(obj.to_mapping(), sort_keys=True).encode()
        return obj, Source("<release>", sha256=hashlib.sha256(data).hexdigest())
    if isinstance(obj, str | os.PathLike):
        return read_path(Path(obj), fmt, display=os.fspath(obj))
    if isinstance(obj, Mapping):
        source = Source("<mapping>")
        _Limits(source.name).walk(obj)
        try:
            data = json.dumps(obj, sort_keys=True, default=str).encode()
        except (TypeError, ValueError):
            data = repr(obj).encode()
        source.sha256 = hashlib.sha256(data).hexdigest()
        return _from_document(obj, source, fmt), source
    raise InvalidReleaseError(
        "<input>",
        "",
        f"expected a path, a mapping or an openness.Release, got {type(obj).__name__}",
    )
