"""Readers: a path, a mapping or a Release → a validated :class:`Release`, plus reader findings.

Documents are parsed safely (``yaml.safe_load``, size and shape limits), the format is detected
(native release or Model Openness Tool record; more formats register in :data:`READERS`), and
every problem becomes an :class:`InvalidReleaseError` naming the source, the field and what was
expected.
"""

from __future__ import annotations

import codecs
import dataclasses
import hashlib
import importlib
import itertools
import json
import math
import os
import re
import stat
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeAlias

import jiter
from pydantic import BaseModel, ValidationError

from openness._findings import Finding, Severity
from openness._schema import COMPONENTS, CONTROL_CHARACTERS, Component, Release
from openness.errors import InvalidReleaseError

from ._limits import MAX_BYTES, MAX_DEPTH, MAX_NODES, _key, _short

__all__ = [
    "MAX_BYTES",
    "READERS",
    "LineIndex",
    "Notes",
    "Reader",
    "Reading",
    "Source",
    "parse_document",
    "read",
    "read_bytes",
    "release_of",
]


@dataclass(slots=True)
class Source:
    """Where a release came from: for error messages and the audit trail."""

    name: str
    """The path as given, or ``<mapping>``."""
    format: str = "native"
    sha256: str | None = None
    """The input's bytes' SHA-256, when computed on reading (a file's)."""
    data: bytes | None = None
    """The input's bytes when their SHA-256 is left to the assessment, computed when first read
    (a JSONL line's); neither this nor :attr:`sha256` for a mapping or a ``Release``, whose
    assessment records :func:`release_sha256`."""
    path: Path | None = None
    findings: list[Finding] = field(default_factory=list)
    """What the reader noticed while mapping the input (e.g. a MOT quirk)."""
    lines: LineIndex | None = None
    """Where things are in the source, by line (sources with lines: cards)."""
    documents: list[dict[str, Any]] = field(default_factory=list)
    """Every document read for a model folder or a Hub id: ``repo``, ``commit`` (when known),
    ``file``, ``sha256`` (the assessment's audit trail)."""
    repo: str | None = None
    """The Hugging Face repository id read (a Hub id's, a cache snapshot's)."""
    commit: str | None = None
    """The commit that repository resolved to."""
    resolve_base: BaseResolver | None = field(default=None, repr=False, compare=False)
    """How a base model the release names is read when openness does not know it: a Hub id's
    reader reads it from the Hub (with the same client, cache and limits)."""


BaseResolver: TypeAlias = Callable[[str], "tuple[Release, Source] | str | None"]
"""Read the base model a reference names: its release and source, one line saying why it cannot
be read (offline, not found, gated, a limit reached), or ``None`` when the reference is not one
this resolver reads (not a Hub id)."""


@dataclass(frozen=True, slots=True)
class LineIndex:
    """Where things are in a document, by line (1-based): for SARIF locations and messages."""

    keys: dict[str, int] = field(default_factory=dict)
    """Top-level key (a card's front matter) → its line."""
    claims: dict[str, int] = field(default_factory=dict)
    """Claim text (as put in the release) → the line its sentence starts on."""
    components: dict[str, int] = field(default_factory=dict)
    """Component → the line of the first evidence for it."""
    statements: dict[str, int] = field(default_factory=dict)
    """Licence statement → its line."""


@dataclass(frozen=True, slots=True)
class Reading:
    """What a reader makes of one document: a native release mapping, and what it noticed."""

    mapping: dict[str, Any]
    findings: tuple[Finding, ...] = ()
    """What the reader noticed while mapping the document (e.g. a MOT quirk)."""
    lines: LineIndex | None = None
    """Where things are in the document, by line (documents with lines: cards)."""


@dataclass(slots=True)
class Notes:
    """A reader's notebook while it maps one document.

    What it notices, kept apart from the :class:`Source` it reads (which it never changes), and
    returned as a :class:`Reading`.
    """

    source: Source
    findings: list[Finding] = field(default_factory=list)
    lines: LineIndex | None = None

    @property
    def name(self) -> str:
        return self.source.name

    @property
    def path(self) -> Path | None:
        return self.source.path

    def reading(self, mapping: dict[str, Any]) -> Reading:
        return Reading(mapping, tuple(self.findings), self.lines)


def _noted(source: Source, reader: str, reading: Reading) -> Source:
    """Return *source* read by *reader*: with the findings and the line index of its reading."""
    return dataclasses.replace(
        source,
        format=reader,
        findings=[*source.findings, *reading.findings],
        lines=reading.lines or source.lines,
    )


@dataclass(frozen=True, slots=True)
class Reader:
    """A document format: how to recognise it and how to map it to a native release mapping."""

    name: str
    detect: Callable[[Any, Source], bool]
    to_release: Callable[[Any, Source], Reading]
    """Returns the document's reading: its native mapping, findings and line index. It never
    changes the source it is given."""
    suffixes: tuple[str, ...] = (".yaml", ".yml", ".json")
    text: bool = False
    """The reader takes the file's decoded text (e.g. Markdown), not a parsed YAML/JSON document;
    files with one of its suffixes are handed to it."""


READERS: dict[str, Reader] = {}


def _register(reader: Reader) -> Reader:
    READERS[reader.name] = reader
    return reader


# A field path, built into text only when an error names it: (parent, key, is_index), or None
# at the top. Walking builds no strings: it runs on every input.
_Path: TypeAlias = "tuple[_Path, object, bool] | None"


def _path_text(path: _Path) -> str:
    steps: list[tuple[object, bool]] = []
    while path is not None:
        path, key, index = path
        steps.append((key, index))
    text = ""
    for key, index in reversed(steps):
        if index:
            text = f"{text}[{key}]"
        elif text:
            text = f"{text}.{_key(key)}"
        else:
            text = _key(key)
    return _short(text)


_MAX_INT_BITS = 13_000
"""About 3,900 decimal digits: the largest integer a document may hold."""
_CONTROL = re.compile(f"[{CONTROL_CHARACTERS}]")
_STRIPPED = (
    "\t\n\x0b\x0c\r \x85\xa0\u1680"
    "\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a"
    "\u2028\u2029\u202f\u205f\u3000"
)
"""What the schema strips from the ends of a text (pydantic's ``str_strip_whitespace``): Unicode
White_Space, which is Python's whitespace less the four information separators."""


def _plain(text: str) -> bool:
    """Whether *text* is ASCII without control characters: what _Limits._text lets through."""
    return text.isascii() and (text.isprintable() or _CONTROL.search(text) is None)


class _Limits:
    """Walk a parsed document once, counting values (aliases expanded) and depth."""

    __slots__ = ("nodes", "source")

    def __init__(self, source: str) -> None:
        self.nodes = 0
        self.source = source

    def walk(self, value: Any, depth: int = 0, path: _Path = None) -> None:
        self.nodes += 1
        if self.nodes > MAX_NODES:
            raise InvalidReleaseError(
                self.source,
                _path_text(path),
                f"document too large: more than {MAX_NODES:,} values (a YAML alias bomb?)",
            )
        if depth > MAX_DEPTH:
            raise InvalidReleaseError(
                self.source, _path_text(path), f"nested more than {MAX_DEPTH} levels deep"
            )
        if isinstance(value, str | int | float):
            self._scalar(value, path)
        elif isinstance(value, dict):
            self._walk_dict(value, depth, path)
        elif isinstance(value, list):
            for i, v in enumerate(value):
                if not self._counted(v, depth + 1):
                    self.walk(v, depth + 1, (path, i, True))

    def _walk_dict(self, value: dict[Any, Any], depth: int, path: _Path) -> None:
        for k, v in value.items():
            if type(k) is not str or not _plain(k):
                self._check_key(k, path)
            if not self._counted(v, depth + 1):
                self.walk(v, depth + 1, (path, k, False))

    def _check_key(self, k: object, path: _Path) -> None:
        if not isinstance(k, str | int | float | bool) and k is not None:
            raise InvalidReleaseError(self.source, _path_text(path), "keys must be plain strings")
        if isinstance(k, str):
            self._text(k, path)

    def _counted(self, value: Any, depth: int) -> bool:
        """Count plain text without walking into it: what walk() does, most documents' values.

        Returns False for anything walk() must see (it raises, naming the path, if need be).
        """
        if type(value) is str and self.nodes < MAX_NODES and depth <= MAX_DEPTH and _plain(value):
            self.nodes += 1
            return True
        return False

    def _scalar(self, value: str | float, path: _Path) -> None:
        if isinstance(value, str):
            self._text(value, path)
        elif isinstance(value, float):
            # YAML .inf and .nan (JSON NaN, Infinity): no field means them, and JSON cannot
            # carry them, so an assessment would not round-trip.
            if not math.isfinite(value):
                raise InvalidReleaseError(
                    self.source, _path_text(path), f"{value} is not a finite number"
                )
        elif value.bit_length() > _MAX_INT_BITS:
            # Python cannot even print it (sys.get_int_max_str_digits); no field needs it.
            raise InvalidReleaseError(self.source, _path_text(path), "number too large")

    def _text(self, text: str, path: _Path) -> None:
        # Control characters (an escape sequence in a name) would rewrite a terminal or a report;
        # tab, newline, carriage return and form feed (in licence texts) are text. Whitespace at
        # the ends is stripped, as the schema strips it (TEXT_PATTERN), so only the inside counts.
        control = _CONTROL.search(text.strip(_STRIPPED))
        if control is not None:
            raise InvalidReleaseError(
                self.source,
                _path_text(path),
                f"control character U+{ord(control.group()):04X} in text: not allowed",
            )
        # A lone surrogate (JSON "\ud800") is not Unicode text: it could not even be printed.
        if not text.isascii():
            try:
                text.encode("utf-8")
            except UnicodeEncodeError as e:
                raise InvalidReleaseError(
                    self.source,
                    _path_text(path),
                    f"invalid Unicode: a lone surrogate (U+{ord(text[e.start]):04X})",
                ) from None


def _load_yaml(text: str, source: str) -> Any:
    from ._yaml import load_yaml  # noqa: PLC0415 - PyYAML is imported once YAML is read

    return load_yaml(text, source)


class _DuplicateKeyError(ValueError):
    pass


def _json_object(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    out = dict(pairs)
    if len(out) < len(pairs):  # A key given twice: name it.
        seen: set[str] = set()
        for key, _ in pairs:
            if key in seen:
                raise _DuplicateKeyError(key)
            seen.add(key)
    return out


_JSON = json.JSONDecoder(object_pairs_hook=_json_object)


def _load_json(text: str, source: str, *, strict: bool) -> Any:
    """Parse JSON; when not *strict* (no ``.json`` suffix), malformed JSON is read as YAML.

    jiter (pydantic's parser, in Rust) reads well-formed JSON without duplicate keys, about twice
    as fast; anything it refuses goes to the standard library's parser, which says what is wrong
    (or reads what jiter does not: a lone surrogate escape, for the walk to refuse by name).
    """
    try:
        return jiter.from_json(text.encode(), catch_duplicate_keys=True, cache_mode="keys")
    except ValueError:
        pass
    try:
        return _JSON.decode(text)
    except _DuplicateKeyError as e:
        raise InvalidReleaseError(source, "", f"duplicate key {_key(e.args[0])}") from None
    except json.JSONDecodeError as e:
        if not strict:
            return _load_yaml(text, source)
        raise InvalidReleaseError(
            source, "", f"malformed JSON at line {e.lineno}, column {e.colno}: {e.msg}"
        ) from None
    except ValueError as e:
        # E.g. a 5,000-digit number: Python refuses to convert it.
        raise InvalidReleaseError(source, "", f"malformed JSON: {str(e).split(';')[0]}") from None


_BOMS = (
    (codecs.BOM_UTF32_LE, "UTF-32"),
    (codecs.BOM_UTF32_BE, "UTF-32"),
    (codecs.BOM_UTF16_LE, "UTF-16"),
    (codecs.BOM_UTF16_BE, "UTF-16"),
)
_BOM_BYTES = tuple(bom for bom, _ in _BOMS)


def _decode(data: bytes, source: str) -> str:
    """Decode UTF-8 text; refuse oversized, UTF-16/32, binary and empty input."""
    if len(data) > MAX_BYTES:
        raise InvalidReleaseError(
            source, "", f"file is larger than the limit of {MAX_BYTES:,} bytes"
        )
    if data.startswith(_BOM_BYTES):
        encoding = next(e for bom, e in _BOMS if data.startswith(bom))
        raise InvalidReleaseError(
            source, "", f"{encoding} text: expected UTF-8 (save the file as UTF-8)"
        )
    if data.find(b"\x00", 0, 8192) >= 0:
        raise InvalidReleaseError(source, "", "binary file: expected YAML or JSON text")
    data = data.removeprefix(codecs.BOM_UTF8)
    try:
        text = data.decode()  # As "utf-8-sig" would, without its Python-level codec.
    except UnicodeDecodeError as e:
        raise InvalidReleaseError(
            source, "", f"not UTF-8 text (byte {e.start}): expected YAML or JSON"
        ) from None
    if not text or text.isspace():
        raise InvalidReleaseError(source, "", "empty file: expected a YAML or JSON release")
    return text


_JSON_START = re.compile(r"\s*[{\[]")


def _starts_json(text: str) -> bool:
    """Whether *text*'s first character that is not whitespace opens a JSON object or array."""
    return _JSON_START.match(text) is not None


def _parse(data: bytes, source: str, *, suffix: str) -> Any:
    """:func:`parse_document` without the walk: the reader that maps the document walks it."""
    text = _decode(data, source)
    if suffix == ".json" or (suffix != ".yaml" and _starts_json(text)):
        try:
            return _load_json(text, source, strict=suffix == ".json")
        except RecursionError:
            raise InvalidReleaseError(
                source, "", f"nested more than {MAX_DEPTH} levels deep"
            ) from None
    return _load_yaml(text, source)


def parse_document(data: bytes, source: str, *, suffix: str = "") -> Any:
    """Parse JSON or YAML bytes safely; raise :class:`InvalidReleaseError` on any problem.

    Only plain data is built (no Python objects); size, nesting depth and the number of values
    (YAML aliases expanded) are capped, and duplicate keys are refused.

    >>> parse_document(b"name: demo", "demo.yaml")
    {'name': 'demo'}
    >>> parse_document(b"x: !!python/object/apply:os.system [ls]", "x.yaml")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
        ...
    openness.errors.InvalidReleaseError: x.yaml: line 1, column 4: YAML tag ... is not allowed...
    """
    doc = _parse(data, source, suffix=suffix)
    _Limits(source).walk(doc)
    return doc


def _detect_mot(doc: Any, _: Source) -> bool:
    return (
        (type(doc) is dict or isinstance(doc, Mapping))
        and "release" in doc
        and isinstance(doc["release"], Mapping)
        and ("framework" in doc or "components" in doc["release"])
    )


def _detect_native(doc: Any, _: Source) -> bool:
    return (type(doc) is dict or isinstance(doc, Mapping)) and "name" in doc


# MOT licence texts that say the component is not there at all (mof.md §2.4: 22 entries).
_NOT_INCLUDED = re.compile(r"^\s*component(\s+component)?\s+not\s+include", re.IGNORECASE)
_MOT_TITLES = {info.title.lower(): name for name, info in COMPONENTS.items()}


def _text(value: Any) -> str | None:
    if value is None:
        return None
    text = str(value).strip()
    return text or None


def _mot_to_release(doc: Any, source: Source) -> Reading:
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
    entries = rel.get("components") or []
    if not isinstance(entries, list):
        raise InvalidReleaseError(
            source.name,
            "release.components",
            f"expected a list of components, got {type(entries).__name__}",
        )
    notes = Notes(source)
    for i, entry in enumerate(entries):
        name, comp = _mot_component(i, entry, defaults, notes)
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
    return notes.reading(out)


def _mot_component(
    i: int, entry: Any, defaults: dict[str, str | None], notes: Notes
) -> tuple[str, dict[str, Any]]:
    """Map one MOT component entry; MOT's licence inheritance is applied here."""
    if not isinstance(entry, Mapping):
        raise InvalidReleaseError(
            notes.name, f"release.components[{i}]", "expected a mapping with a name"
        )
    title = _text(entry.get("name")) or ""
    name = _MOT_TITLES.get(title.lower())
    if name is None:
        near = _close(title.lower(), list(_MOT_TITLES), cutoff=0.6)
        hint = f" (did you mean {COMPONENTS[_MOT_TITLES[near[0]]].title!r}?)" if near else ""
        raise InvalidReleaseError(
            notes.name, f"release.components[{i}].name", f"unknown MOF component {title!r}{hint}"
        )
    own = _text(entry.get("license"))
    if own is not None and _NOT_INCLUDED.match(own):
        notes.findings.append(
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


def _native(doc: Any, _: Source) -> Reading:
    return Reading(dict(doc))


def _lazily(module: str) -> tuple[Callable[[Any, Source], bool], Callable[..., Reading]]:
    """Return the ``detect`` and ``to_release`` of the reader *module*, imported when first used.

    A reader's module (a card's Markdown rules: tens of regular expressions) costs import time
    that a caller reading native releases need not pay.
    """

    def detect(doc: Any, source: Source) -> bool:
        return bool(importlib.import_module(module, __package__).detect(doc, source))

    def to_release(doc: Any, source: Source) -> Reading:
        found: Reading = importlib.import_module(module, __package__).to_release(doc, source)
        return found

    return detect, to_release


# The order is the order of detection: the first reader that recognises a document reads it.
_register(Reader("mot", _detect_mot, _mot_to_release))
_register(Reader("native", _detect_native, _native))
_register(Reader("cyclonedx", *_lazily("._cyclonedx"), suffixes=(".json",)))
_register(Reader("opening-up-chatgpt", *_lazily("._expert")))
_register(Reader("osai-index", *_lazily("._osai")))
_register(
    Reader(
        "hf-card",
        *_lazily("._hfcard"),
        suffixes=(".md", ".markdown"),
        text=True,
    )
)


def _close(word: str, options: list[str], *, cutoff: float) -> list[str]:
    """Return the option nearest *word*, if any is near enough (difflib, imported when asked)."""
    import difflib  # noqa: PLC0415 - only a misspelt input needs it

    return difflib.get_close_matches(word, options, n=1, cutoff=cutoff)


def _suggest(word: str, options: list[str]) -> str:
    near = _close(word, options, cutoff=0.6)
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
    where = _short(".".join(_key(p) for p in loc))
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
            f"components.{_key(comp)}",
            f"unknown component{_suggest(comp, list(COMPONENTS))}; expected one of the 17 MOF "
            "components, e.g. model_parameters_final, training_code, datasets",
        )
    if kind == "missing":
        return InvalidReleaseError(source, where, "required field is missing")
    got = first.get("input")
    control = _CONTROL.search(got) if kind == "string_pattern_mismatch" else None
    if control is not None:
        problem = f"control character U+{ord(control.group()):04X} in text: not allowed"
        return InvalidReleaseError(source, where, problem)
    shown = repr(got) if not isinstance(got, dict | list) else type(got).__name__
    if len(shown) > 60:
        shown = shown[:57] + "..."
    return InvalidReleaseError(source, where, f"{first['msg']} (got {shown})")


def _validate(mapping: Mapping[str, Any], source: Source) -> Release:
    try:
        return Release.model_validate(mapping)
    except ValidationError as e:
        raise _explain(e, source.name) from None


def _detected(doc: Any, source: Source) -> Reader | None:
    """Return the first reader that recognises *doc* (:data:`READERS` is in detection order)."""
    for reader in READERS.values():
        if reader.detect(doc, source):
            return reader
    return None


def _from_document(doc: Any, source: Source, fmt: str | None) -> tuple[Release, Source]:
    if fmt is not None:
        if fmt not in READERS:
            raise InvalidReleaseError(
                source.name, "", f"unknown format {fmt!r}; expected one of {sorted(READERS)}"
            )
        reader = READERS[fmt]
    else:
        found = _detected(doc, source)
        if found is None:
            if not isinstance(doc, Mapping):
                raise InvalidReleaseError(
                    source.name, "", f"expected a mapping (a release), got {type(doc).__name__}"
                )
            raise InvalidReleaseError(
                source.name,
                "name",
                "required field is missing (not a release, nor a Model Openness Tool record)",
            )
        reader = found
    if not isinstance(doc, Mapping):
        raise InvalidReleaseError(
            source.name, "", f"expected a mapping (a release), got {type(doc).__name__}"
        )
    try:
        reading = reader.to_release(doc, source)
    except (TypeError, AttributeError, KeyError, IndexError, ValueError) as e:
        if isinstance(e, InvalidReleaseError):
            raise
        # A reader meets documents of any shape: a shape it did not foresee is bad input.
        raise InvalidReleaseError(
            source.name, "", f"not a valid {reader.name} document ({type(e).__name__}: {e})"
        ) from e
    source = _noted(source, reader.name, reading)
    return _validate(reading.mapping, source), source


def _printable(name: str) -> str:
    """Escape control characters in a name shown in messages (one line, no terminal codes)."""
    if name.isprintable():
        return name
    return "".join(c if c.isprintable() else c.encode("unicode_escape").decode() for c in name)


# Opened without blocking, so that a FIFO named as a release cannot hang the reader.
_OPEN_FLAGS = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)


def _read_file(path: Path, name: str) -> bytes:
    """Return the bytes of the regular file at *path*, at most ``MAX_BYTES + 1`` of them."""
    try:
        fd = os.open(path, _OPEN_FLAGS)
    except FileNotFoundError:
        raise InvalidReleaseError(name, "", "no such file") from None
    except IsADirectoryError:
        raise InvalidReleaseError(name, "", "is a directory: expected a release file") from None
    except PermissionError:
        problem = (
            "is a directory: expected a release file" if path.is_dir() else "permission denied"
        )
        raise InvalidReleaseError(name, "", problem) from None
    except (OSError, ValueError) as e:
        problem = getattr(e, "strerror", None) or str(e)
        raise InvalidReleaseError(name, "", f"cannot read: {problem}") from None
    try:
        st = os.fstat(fd)
        if stat.S_ISDIR(st.st_mode):
            raise InvalidReleaseError(name, "", "is a directory: expected a release file")
        if not stat.S_ISREG(st.st_mode):
            raise InvalidReleaseError(
                name, "", "not a regular file (a pipe, socket or device): expected a release file"
            )
        if st.st_size > MAX_BYTES:
            raise InvalidReleaseError(
                name, "", f"file is {st.st_size:,} bytes; the limit is {MAX_BYTES:,}"
            )
        chunks: list[bytes] = []
        left = MAX_BYTES + 1
        while left > 0 and (chunk := os.read(fd, min(left, 1 << 20))):
            chunks.append(chunk)
            left -= len(chunk)
        return b"".join(chunks)
    except OSError as e:
        raise InvalidReleaseError(name, "", f"cannot read: {e.strerror or e}") from None
    finally:
        os.close(fd)


def read_path(
    path: Path, fmt: str | None = None, *, display: str | None = None
) -> tuple[Release, Source]:
    """Read the release stored at *path*."""
    name = _printable(display or str(path))
    data = _read_file(path, name)
    source = Source(name, sha256=hashlib.sha256(data).hexdigest(), path=path)
    text_reader = _text_reader(path, fmt)
    if text_reader is not None:
        return read_text(data, source, text_reader)
    doc = _parse(data, name, suffix=path.suffix.lower())
    return release_of(doc, source, fmt)


def read_text(data: bytes, source: Source, reader: Reader) -> tuple[Release, Source]:
    """Read a document that *reader* takes as text (a model card's Markdown)."""
    reading = reader.to_release(_decode(data, source.name), source)
    source = _noted(source, reader.name, reading)
    return _validate(reading.mapping, source), source


def read_bytes(
    data: bytes, name: str, fmt: str | None = None, *, suffix: str = ".json"
) -> tuple[Release, Source]:
    """Read the release in one document's bytes, e.g. a line of a JSONL file named *name*."""
    source = Source(name, data=data)
    doc = _parse(data, name, suffix=suffix)
    return release_of(doc, source, fmt)


def _text_reader(path: Path, fmt: str | None) -> Reader | None:
    """Return the reader that takes this file as text: the one forced, else its suffix's."""
    if fmt is not None:
        reader = READERS.get(fmt)
        return reader if reader is not None and reader.text else None
    suffix = path.suffix.lower()
    return next((r for r in READERS.values() if r.text and suffix in r.suffixes), None)


def release_sha256(release: Release) -> str:
    """Return the SHA-256 of a release as validated: what identifies a mapping or a ``Release``.

    Canonical (key order, aliases and defaults do not matter) and the same for a mapping and the
    ``Release`` it validates to.
    """
    return hashlib.sha256(release.model_dump_json().encode()).hexdigest()


def _is_native(doc: Mapping[Any, Any], source: Source, fmt: str | None) -> bool:
    """Whether the native reader takes *doc*: forced, or the first reader that detects it."""
    if fmt is not None:
        return fmt == "native"
    if type(doc) is dict:  # The common case: only the readers detected first can take it.
        for detect in _BEFORE_NATIVE:
            if detect(doc, source):
                return False
        return "name" in doc
    return _detected(doc, source) is READERS["native"]


# The readers registered before the native one, in detection order (registration appends).
_BEFORE_NATIVE = tuple(
    r.detect for r in itertools.takewhile(lambda r: r.name != "native", READERS.values())
)


def release_of(doc: Any, source: Source, fmt: str | None) -> tuple[Release, Source]:
    """Map a parsed document (or a mapping) to a validated release, walking it for its limits.

    What the walk refuses, the schema refuses too, in pydantic's core (TEXT_PATTERN, bounded
    lists, finite numbers): a native release is walked only to explain a refusal, the walk's
    message first. Other formats are walked before their reader maps them.
    """
    if not (type(doc) is dict or isinstance(doc, Mapping)) or not _is_native(doc, source, fmt):
        _Limits(source.name).walk(doc)
        return _from_document(doc, source, fmt)
    try:
        return Release.model_validate(doc), source  # The native format is the default.
    except ValidationError as e:
        _Limits(source.name).walk(doc)
        raise _explain(e, source.name) from None


def read(obj: object, fmt: str | None = None) -> tuple[Release, Source]:
    """Read a release from a release file's path, a mapping, or a :class:`Release`.

    Model folders and Hub ids are read one level up (``_sources.read``), by readers built on
    this module.
    """
    if type(obj) is dict:  # The common case first: a mapping (a JSONL line, a notebook's dict).
        return release_of(obj, Source("<mapping>"), fmt)
    if isinstance(obj, str | os.PathLike):
        return read_path(Path(obj), fmt, display=os.fspath(obj))
    if isinstance(obj, Release):
        source = Source("<release>")
        release = obj
    elif isinstance(obj, Mapping):
        release, source = release_of(obj, Source("<mapping>"), fmt)
    else:
        raise InvalidReleaseError(
            "<input>",
            "",
            f"expected a path, a mapping or an openness.Release, got {type(obj).__name__}",
        )
    return release, source
