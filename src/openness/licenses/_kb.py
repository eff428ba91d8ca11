"""The licence knowledge base: ``data/licenses.json`` → :func:`get_license`.

The table is built by ``tasks/build_kb.py`` from SPDX, ScanCode LicenseDB, choosealicense.com, the
Hugging Face Hub licence ids and the curated tables in ``data/kb/``. It is loaded once, lazily;
entries are validated on first use (a test validates them all).
"""

from __future__ import annotations

import enum
import functools
import hashlib
import json
import re
import unicodedata
from importlib.resources import files
from typing import TYPE_CHECKING, Any, Literal

from pydantic import BaseModel, ConfigDict, field_validator

from openness.errors import ModelFileError, UnknownLicenseError

if TYPE_CHECKING:
    from collections.abc import Callable

__all__ = [
    "TERM_NAMES",
    "ContentType",
    "License",
    "LicenseGrade",
    "Term",
    "get_license",
    "kb_info",
    "lookup_license",
]

ContentType = Literal["code", "data", "document"]

TERM_NAMES: tuple[str, ...] = (
    "commercial_use",
    "non_commercial",
    "field_of_use_restrictions",
    "user_threshold",
    "revenue_threshold",
    "naming_mandate",
    "output_restrictions",
    "share_alike",
    "no_derivatives",
    "revocable",
    "attribution",
)

# Terms any one of which takes away a freedom to use, modify or share for any purpose.
_RESTRICTIONS: tuple[str, ...] = (
    "non_commercial",
    "no_derivatives",
    "field_of_use_restrictions",
    "output_restrictions",
    "revocable",
)


class LicenseGrade(enum.IntEnum):
    """How much a licence lets anyone do, from nothing to everything (used by the score)."""

    NONE = 0
    """No licence, an unknown one, proprietary terms, or terms nobody has established."""
    NONCOMMERCIAL = 1
    """Non-commercial, research-only or no-derivatives terms."""
    RESTRICTED = 2
    """Commercial use allowed, but with use restrictions, user or revenue caps, or revocation."""
    OPEN = 3
    """Use, study, modify and share for any purpose (attribution and share-alike allowed)."""


class Term(BaseModel):
    """One term of a licence and where it was read."""

    model_config = ConfigDict(frozen=True, extra="forbid", defer_build=True)

    value: bool | int | None
    source: str


# Built without validation: a constant, and validating it here would build the model at import.
_NOT_ESTABLISHED = Term.model_construct(value=None, source="not established: no source states it")


class License(BaseModel):
    """A licence and its terms, each term with its source."""

    model_config = ConfigDict(frozen=True, extra="forbid", defer_build=True)

    id: str
    name: str
    family: str | None = None
    osi_approved: bool
    fsf_libre: bool
    open_data: bool
    deprecated: bool
    content_types: tuple[ContentType, ...]
    url: str | None = None
    source: str
    scancode_category: str | None = None
    terms: dict[str, Term]
    notes: str = ""

    @field_validator("terms", mode="after")
    @classmethod
    def _every_term(cls, terms: dict[str, Term]) -> dict[str, Term]:
        unknown = set(terms) - set(TERM_NAMES)
        if unknown:
            raise ValueError(f"unknown terms: {sorted(unknown)}; expected {TERM_NAMES}")
        return {name: terms.get(name, _NOT_ESTABLISHED) for name in TERM_NAMES}

    def __repr__(self) -> str:
        """Return ``<License Apache-2.0 OPEN>``: the id and the grade, not every term's source.

        >>> get_license("cc-by-nc-4.0")
        <License CC-BY-NC-4.0 NONCOMMERCIAL>
        """
        return f"<License {self.id} {self.grade.name}>"

    # pydantic's str() lists every field too: an f-string or print() shows the short form.
    __str__ = __repr__

    def term(self, name: str) -> bool | int | None:
        """Return the value of term *name* (``None`` when not established)."""
        return self.terms[name].value

    @property
    def commercial_use(self) -> bool | None:
        """Whether commercial use is allowed (``None``: not established)."""
        return _bool(self.term("commercial_use"))

    @property
    def restrictions(self) -> tuple[str, ...]:
        """The names of the terms that take away a freedom, in a stable order."""
        found = [name for name in _RESTRICTIONS if self.term(name) is True]
        found += [n for n in ("user_threshold", "revenue_threshold") if self.term(n) is not None]
        if self.term("commercial_use") is False and "non_commercial" not in found:
            found.append("commercial_use")
        return tuple(found)

    @property
    def is_open(self) -> bool:
        """Whether anyone may use, study, modify and share under it for any purpose.

        True for OSI-approved, FSF-libre and Open Definition licences without restrictions, and
        for curated licences whose every restriction term is established as absent.
        """
        if self.restrictions:
            return False
        if self.osi_approved or self.fsf_libre or self.open_data:
            return True
        return self.term("commercial_use") is True and all(
            self.term(name) is False for name in _RESTRICTIONS
        )

    @property
    def grade(self) -> LicenseGrade:
        """Where the licence sits between no rights and all freedoms."""
        if self.is_open:
            return LicenseGrade.OPEN
        r = set(self.restrictions)
        if r & {"non_commercial", "no_derivatives", "commercial_use"}:
            return LicenseGrade.NONCOMMERCIAL
        if r:
            return LicenseGrade.RESTRICTED
        return LicenseGrade.NONE

    def summary(self) -> str:
        """One line a person reads: what the licence allows and forbids."""
        if self.is_open:
            kind = "OSI-approved" if self.osi_approved else "open"
            extra = " (share-alike)" if self.term("share_alike") is True else ""
            return f"{kind}{extra}: use, study, modify and share for any purpose"
        words = [_RESTRICTION_WORDS[name](self) for name in self.restrictions]
        if not words:
            return "terms not established: counted as not open"
        return "; ".join(words)


def _bool(value: bool | int | None) -> bool | None:
    return None if value is None else bool(value)


_RESTRICTION_WORDS: dict[str, Callable[[License], str]] = {
    "non_commercial": lambda _: "non-commercial only",
    "commercial_use": lambda _: "no commercial use",
    "no_derivatives": lambda _: "no derivatives",
    "field_of_use_restrictions": lambda _: (
        "use restrictions (field of use or acceptable-use policy)"
    ),
    "output_restrictions": lambda _: "restrictions on using outputs",
    "revocable": lambda _: "licensor may restrict or change the terms unilaterally",
    "user_threshold": lambda lic: (
        f"separate licence above {lic.term('user_threshold'):,} monthly users"
    ),
    "revenue_threshold": lambda lic: (
        f"separate licence above US${lic.term('revenue_threshold'):,} annual revenue"
    ),
}

_QUOTES = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"', "\u2013": "-"})
_URL_PREFIX = re.compile(r"^(?:https?://)?(?:www\.)?")
_SPACE = re.compile(r"\s+")
_LOOSE_DROP = re.compile(
    r"\b(?:the|license|licence|licensed|agreement|version|ver|v(?=\d))\b|(?<=\d)\.0\b"
)
_LOOSE_PUNCT = re.compile(r"[-_/,()\[\]\"':;]+")


def normalise_name(name: str) -> str:
    """Return the exact-match key of a licence id, name or address.

    >>> normalise_name("  Apache-2.0 ")
    'apache-2.0'
    >>> normalise_name("https://www.llama.com/llama3_1/license/")
    'llama.com/llama3_1/license'
    """
    text = unicodedata.normalize("NFKC", name).translate(_QUOTES).strip().lower()
    text = _URL_PREFIX.sub("", text) if "://" in text or text.startswith("www.") else text
    return _SPACE.sub(" ", text).rstrip("/. ")


def loose_key(name: str) -> str:
    """Return the loose key of a normalised name: punctuation and filler words dropped.

    >>> loose_key(normalise_name("Apache License, Version 2.0"))
    'apache 2'
    >>> loose_key(normalise_name("apache-2.0"))
    'apache 2'
    """
    text = _LOOSE_PUNCT.sub(" ", name)
    text = _LOOSE_DROP.sub(" ", text)
    return _SPACE.sub(" ", text).strip()


class _KnowledgeBase:
    __slots__ = ("aliases", "loose", "meta", "popular", "raw", "sha256")

    def __init__(self, data: bytes) -> None:
        doc: dict[str, Any] = json.loads(data)
        self.sha256 = hashlib.sha256(data).hexdigest()
        self.raw: dict[str, dict[str, Any]] = doc.pop("licenses")
        self.aliases: dict[str, str] = doc.pop("aliases")
        self.loose: dict[str, str] = doc.pop("loose_aliases")
        self.popular: list[str] = doc.pop("popular", [])
        self.meta: dict[str, Any] = doc

    @functools.cache  # noqa: B019 - one knowledge base per process, never freed
    def get(self, key: str) -> License:
        return License.model_validate(self.raw[key])


KB_SHA256 = "cfdb9a6030b0d25e458b916792efad735ba442a701e8dde2752297da9278d820"
"""The SHA-256 of ``data/licenses.json`` as ``tasks/build_kb.py`` wrote it: an altered table
(a licence made open by an edit) is refused before it is read."""


def checked_kb(data: bytes, sha256: str = KB_SHA256) -> _KnowledgeBase:
    """Return the knowledge base in *data*, once its SHA-256 matches the pin.

    :raises ModelFileError: when it does not, or the file is not the table's JSON.
    """
    digest = hashlib.sha256(data).hexdigest()
    if digest != sha256:
        raise ModelFileError(
            f"knowledge base licenses.json has SHA-256 {digest[:16]}..., not the pinned "
            f"{sha256[:16]}...: the file was altered or is partial; reinstall openness"
        )
    try:
        return _KnowledgeBase(data)
    except (ValueError, KeyError, TypeError) as e:
        msg = f"knowledge base licenses.json is not the table's JSON ({type(e).__name__})"
        raise ModelFileError(msg) from None


@functools.cache
def _load() -> _KnowledgeBase:
    return checked_kb((files("openness") / "data" / "licenses.json").read_bytes())


def kb_info() -> dict[str, Any]:
    """Return the knowledge base's version, provenance and SHA-256 (for the audit trail)."""
    kb = _load()
    return {**kb.meta, "sha256": kb.sha256, "licenses": len(kb.raw)}


def known_keys() -> tuple[dict[str, str], set[str]]:
    """Return every exact key (id, alias, name, address) with its licence, and the deprecated.

    Licences are named by their lower-case keys, as in :func:`get_license`.
    """
    kb = _load()
    return kb.aliases, {key for key, e in kb.raw.items() if e.get("deprecated")}


def popular_keys() -> list[str]:
    """Return licence keys, the most named first (how ``tasks/build_kb.py`` counts them)."""
    return _load().popular


def lookup_license(name: str) -> License | None:
    """Return the licence *name* denotes by id, alias, name or address, or ``None``.

    Exact keys are tried first, then loose keys (punctuation and filler words dropped), which are
    kept only where they name a single licence.
    """
    kb = _load()
    key = normalise_name(name)
    target = kb.aliases.get(key)
    if target is None:
        target = kb.loose.get(loose_key(key))
    return None if target is None else kb.get(target)


def get_license(name: str) -> License:
    """Return the licence with this id, alias, Hugging Face id, ScanCode key, name or address.

    :param name: ``"Apache-2.0"``, ``"llama3.1"``, ``"Llama 3.1 Community License Agreement"``...
    :raises UnknownLicenseError: when no licence in the knowledge base has that name.

    >>> get_license("apache-2.0").id
    'Apache-2.0'
    >>> get_license("cc-by-nc-4.0").is_open
    False
    """
    found = lookup_license(name) if name.strip() else None
    if found is None:
        raise UnknownLicenseError(name)
    return found
