"""Licence resolution: a component's licence text → the licences it names and what they allow."""

from __future__ import annotations

import functools
import itertools
import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from ._classifier import identify_text, loaded_model
from ._kb import License, LicenseGrade, lookup_license
from ._names import NameHit, read_name, successor
from ._typos import closest

if TYPE_CHECKING:
    from pathlib import Path

    from license_expression import Licensing

__all__ = [
    "MAX_LICENSE_FILE_BYTES",
    "Resolution",
    "how_read",
    "license_file",
    "names_file",
    "resolve_license",
    "resolve_license_file",
]

MAX_LICENSE_FILE_BYTES = 1024 * 1024
"""The largest licence file read for a component (a licence text is tens of kilobytes)."""

_NO_LICENSE = {"none", "unlicensed", "no license", "no licence"}
_UNKNOWN = {"noassertion", "unknown", "other", "undisclosed", "not specified", "n/a"}


@dataclass(frozen=True, slots=True)
class Resolution:
    """What a licence text names, and what the combination allows."""

    text: str
    licenses: tuple[License, ...]
    """The licences that apply (for ``OR``, those of the most open alternative)."""
    unknown: tuple[str, ...] = ()
    """Parts of the text that name no licence in the knowledge base."""
    how: str = "id"
    """How it was recognised: ``id``, ``expression``, ``classifier``, ``none``, ``unknown``."""
    confidence: float | None = None
    """The classifier's calibrated confidence in :attr:`guess` (``how == "classifier"``)."""
    guess: License | None = None
    """The classifier's best candidate; counted only when it is in :attr:`licenses`."""
    # What the properties below return, derived once: every score asks them many times, and a
    # resolution is cached per licence text (:func:`resolve_license`).
    _derived: _Derived = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_derived", _Derived.of(self))

    @property
    def suggestions(self) -> tuple[str, ...]:
        """Known licence ids spelt like the parts not recognised, closest first ("did you mean").

        Only for short parts that look like an id or a name, computed on first use.

        >>> resolve_license("Apach-2.0").suggestions
        ('Apache-2.0',)
        >>> resolve_license("Apache-2.0").suggestions
        ()
        """
        if not self.unknown:
            return ()
        return _suggest_all(self.unknown)

    @property
    def known(self) -> bool:
        """Whether every part of the text was recognised."""
        return self._derived.known

    @property
    def is_open(self) -> bool:
        """Whether the combination lets anyone use, study, modify and share for any purpose."""
        return self._derived.is_open

    @property
    def osi_approved(self) -> bool:
        """Whether every licence that applies is OSI-approved."""
        return self._derived.osi_approved

    @property
    def grade(self) -> LicenseGrade:
        """The least open grade among the licences that apply."""
        return self._derived.grade

    @property
    def restrictions(self) -> tuple[str, ...]:
        """Every restriction term of every licence that applies, in a stable order."""
        return self._derived.restrictions

    @property
    def label(self) -> str:
        """The licence ids joined, or the text as written when unknown."""
        return self._derived.label

    @property
    def uid(self) -> int:
        """A number no other resolution has, for memo keys (equal content may differ in it)."""
        return self._derived.uid


@dataclass(frozen=True, slots=True)
class _Derived:
    """A :class:`Resolution`'s properties, computed once when it is made."""

    known: bool
    is_open: bool
    osi_approved: bool
    grade: LicenseGrade
    restrictions: tuple[str, ...]
    label: str
    uid: int

    @classmethod
    def of(cls, r: Resolution) -> _Derived:
        known = not r.unknown and r.how != "unknown"
        some = known and bool(r.licenses)
        seen: dict[str, None] = {}
        for lic in r.licenses:
            seen.update(dict.fromkeys(lic.restrictions))
        return cls(
            known=known,
            is_open=some and all(lic.is_open for lic in r.licenses),
            osi_approved=some and all(lic.osi_approved for lic in r.licenses),
            grade=min(lic.grade for lic in r.licenses) if some else LicenseGrade.NONE,
            restrictions=tuple(seen),
            label=(
                " AND ".join(lic.id for lic in r.licenses)
                if r.licenses and not r.unknown
                else r.text
            ),
            uid=next(_UIDS),
        )


_UIDS = itertools.count()

_MAX_SUGGESTIONS = 3
# A part longer than this, or of more words, is a text, not a misspelt id or name.
_SUGGEST_CHARS, _SUGGEST_WORDS = 96, 8


@functools.lru_cache(maxsize=1024)
def _suggest(part: str) -> tuple[str, ...]:
    """Return the known ids nearest in spelling to *part*, for a part that looks like a name."""
    text = part.strip()
    if (
        not text
        or text.lower() in _UNKNOWN
        or len(text) > _SUGGEST_CHARS
        or "\n" in text
        or len(text.split()) > _SUGGEST_WORDS
    ):
        return ()
    return closest(text, _MAX_SUGGESTIONS)


@functools.lru_cache(maxsize=4096)
def _suggest_all(parts: tuple[str, ...]) -> tuple[str, ...]:
    found = itertools.chain.from_iterable(_suggest(p) for p in parts)
    return tuple(dict.fromkeys(found))[:_MAX_SUGGESTIONS]


def _rank(r: Resolution) -> tuple[bool, bool, int]:
    return (r.is_open, r.osi_approved, int(r.grade))


def _combine(text: str, parts: list[Resolution], how: str) -> Resolution:
    licenses: dict[str, License] = {}
    unknown: list[str] = []
    for p in parts:
        licenses.update((lic.id, lic) for lic in p.licenses)
        unknown.extend(p.unknown)
    return Resolution(text, tuple(licenses.values()), tuple(unknown), how)


@functools.cache
def _licensing() -> Licensing:
    from license_expression import Licensing  # noqa: PLC0415 - imported once an expression is read

    return Licensing()


_MAX_EXPRESSION = 2000
"""The longest text parsed as an SPDX expression (real ones are a few dozen characters)."""
_MAX_EXPRESSION_DEPTH = 16
"""The deepest parentheses of an expression parsed (real ones nest one or two levels)."""


def _plausible_expression(text: str) -> bool:
    """Whether *text* is short enough and its parentheses balanced, shallow and never empty.

    Checked before the parser sees the text: the parser recurses on parentheses and asserts on
    some malformed input (``"(or x"``), which ``python -O`` would let through to other errors.
    """
    if len(text) > _MAX_EXPRESSION:
        return False
    depth = 0
    previous = ""
    for char in text:
        if char == "(":
            depth += 1
            if depth > _MAX_EXPRESSION_DEPTH:
                return False
        elif char == ")":
            depth -= 1
            if depth < 0 or previous == "(":
                return False
        if not char.isspace():
            previous = char
    return depth == 0


def _parse_expression(text: str) -> object | None:
    """Return the parsed SPDX expression *text*, or ``None`` if it is not one.

    license-expression is a third-party parser: any exception it raises (``AssertionError``,
    ``IndexError`` on ``"( )."``) means the text is not an expression, never a crash.
    """
    if not _plausible_expression(text):
        return None
    try:
        node: object = _licensing().parse(text, simple=False)
    except Exception:  # noqa: BLE001 - see above: every failure of the parser is "not one"
        return None
    return node


def _evaluate(text: str, node: object) -> Resolution:
    from license_expression import LicenseSymbol, LicenseWithExceptionSymbol  # noqa: PLC0415

    if isinstance(node, LicenseWithExceptionSymbol):
        # An exception adds permissions to its licence; the licence's terms decide.
        return _evaluate(text, node.license_symbol)
    if isinstance(node, LicenseSymbol):
        lic = lookup_license(node.key)
        if lic is None:
            return Resolution(text, (), (node.key,), "expression")
        return Resolution(text, (successor(lic),), (), "expression")
    args = getattr(node, "args", ())
    parts = [_evaluate(text, arg) for arg in args]
    if type(node).__name__ == "OR":
        # The licensee may pick: the most open alternative decides.
        best = max(parts, key=_rank)
        return Resolution(text, best.licenses, best.unknown, "expression")
    # AND: every licence applies at once.
    return _combine(text, parts, "expression")


@functools.lru_cache(maxsize=8192)
def resolve_license(text: str | None) -> Resolution:
    """Resolve a licence text: an id, alias, name, address or SPDX expression.

    Text that no table names goes to the classifier (:func:`openness.identify_license`): its
    answer counts above the threshold (``how == "classifier"``); below, the text stays unknown
    and the resolution keeps the classifier's ``guess`` and ``confidence`` for the findings.

    >>> resolve_license("Apache-2.0 OR LicenseRef-scancode-llama-3.1-license-2024").label
    'Apache-2.0'
    >>> resolve_license(None).how
    'none'
    """
    if text is None or not text.strip() or text.strip().lower() in _NO_LICENSE:
        return Resolution(text or "", (), (), "none")
    if text.strip().lower() in _UNKNOWN:
        return Resolution(text, (), (text,), "unknown")
    lic = lookup_license(text)
    if lic is not None:
        return Resolution(text, (successor(lic),), (), "id")
    hit = read_name(text)
    if hit is not None and hit.kind != "repository-file":
        return _named(text, hit)
    node = _parse_expression(text)
    if node is not None and bool(getattr(node, "args", None)):
        resolution = _evaluate(text, node)
        if resolution.known:
            return resolution
    return _classify(text)


def _named(text: str, hit: NameHit) -> Resolution:
    """Turn what the name rules read into a resolution: a licence or an AND of licences."""
    return Resolution(text, hit.licenses, (), "expression" if hit.kind == "expression" else "id")


def _classify(text: str) -> Resolution:
    """Ask the classifier about a text no table names; below its threshold it stays unknown."""
    m = identify_text(loaded_model(), text)
    if m.how == "repository-file":
        # An address of a repository's file names no licence: unknown until the file is read,
        # and the text (the address) is what the findings show.
        return Resolution(text, (), (text,), "unknown")
    if m.how != "classifier" and m.license is not None:
        return Resolution(text, (m.license,), (), "id")  # An exact rule: a known address.
    if m.guess is None:
        return Resolution(text, (), (text,), "unknown")
    if m.license is None:
        return Resolution(text, (), (text,), "classifier", m.confidence, m.guess)
    return Resolution(text, (m.license,), (), "classifier", m.confidence, m.guess)


# A component licence written as a file name beside the release: LICENSE, LICENSE-MODEL,
# MODEL_LICENSE, COPYING.md, NOTICE, USE_POLICY.md, weights.license, licenses/weights.txt ... (no
# spaces, no scheme, no parent folders). Only names that say they are a licence: a release must
# not make openness read its .env or any other file beside it.
_FILE_REF = re.compile(
    r"(?!/)(?!.*\.\.)(?:licen[cs]es/[\w.\-/]+|(?:[\w.\-]+/)*[\w.\-]*"
    r"(?:licen[cs]e|copying|notice|use_policy)[\w.\-]*)",
    re.IGNORECASE,
)
_MAX_FILE_NAME = 255


def how_read(r: Resolution) -> str:
    """Say how a licence file's text was read: by the rules, or by the classifier (how sure).

    >>> how_read(resolve_license("MIT"))
    'recognised as MIT'
    """
    label = " AND ".join(x.id for x in r.licenses) if r.licenses else r.label
    if r.how == "classifier" and r.confidence is not None:
        return f"classified as {label} at confidence {r.confidence:.3f}"
    return f"recognised as {label}"


def names_file(text: str | None) -> bool:
    """Whether a licence *text* looks like a licence file's name (``LICENSE-MODEL``).

    >>> names_file("LICENSE-MODEL"), names_file("licenses/weights.txt"), names_file(".env")
    (True, True, False)
    """
    if text is None:
        return False
    text = text.strip()
    return len(text) <= _MAX_FILE_NAME and _FILE_REF.fullmatch(text) is not None


def license_file(text: str | None, base: Path) -> Path | None:
    """Return the file *text* names inside folder *base*, if it names one there, else ``None``.

    Only licence file names (:func:`names_file`) relative to *base* are followed, and only to a
    regular file whose real path (symbolic links resolved) is inside *base*'s real path: a
    release cannot make openness read files elsewhere on the machine. A path that cannot be
    resolved (a symbolic link loop, a folder that cannot be searched) names no file.
    """
    if text is None or not names_file(text):
        return None
    try:
        root = base.resolve()
        path = (root / text.strip()).resolve()
        if not path.is_relative_to(root) or not path.is_file():
            return None
    except (OSError, RuntimeError):  # RuntimeError: a symbolic link loop before Python 3.13
        return None
    return path


@functools.lru_cache(maxsize=256)
def _resolve_file(path: Path, shown: str, size: int, mtime_ns: int) -> Resolution:
    del size, mtime_ns  # Part of the cache key only: an edited file is read again.
    with path.open("rb") as f:
        data = f.read(MAX_LICENSE_FILE_BYTES + 1)
    if len(data) > MAX_LICENSE_FILE_BYTES:
        return Resolution(shown, (), (shown,), "unknown")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return Resolution(shown, (), (shown,), "unknown")
    found = resolve_license(text) if text.strip() else resolve_license(None)
    # The file's name stands for its text in findings; what it names is what the text names.
    return Resolution(
        shown,
        found.licenses,
        (shown,) if found.unknown else (),
        found.how,
        found.confidence,
        found.guess,
    )


def resolve_license_file(path: Path, shown: str) -> Resolution:
    """Resolve the licence text stored in *path* (read once per version of the file).

    A file that cannot be read (no permission, removed meanwhile) is an unknown licence named by
    *shown*, never an error: the file is beside the input, not the input.
    """
    try:
        stat = path.stat()
        return _resolve_file(path, shown, stat.st_size, stat.st_mtime_ns)
    except OSError:
        return Resolution(shown, (), (shown,), "unknown")
