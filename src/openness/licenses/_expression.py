"""A licence text as a bill of materials writes it: an SPDX expression of known licence ids.

Both exports (CycloneDX, SPDX) ask the same question of a release's licence text: which SPDX
expression does it declare, and which licences does openness conclude apply? The answer comes
from :func:`openness._resolve.resolve_license` (no rule is applied again): the declared
expression keeps the text's ``AND``, ``OR`` and ``WITH`` with each licence spelt by its
knowledge-base id; the concluded one is the licences that apply, joined by ``AND`` (for an
``OR``, the most open alternative's).
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

from ._kb import lookup_license
from ._resolve import _parse_expression, resolve_license

if TYPE_CHECKING:
    from ._kb import License

__all__ = ["IDSTRING", "Stated", "spdx_id", "stated"]

IDSTRING = re.compile(r"(?:LicenseRef-)?[A-Za-z0-9.\-]+\+?")
"""An SPDX licence id as an expression may hold it (SPDX 3.0.1 Annex B: ``idstring``; the
deprecated ``GPL-2.0+`` ids end with the ``+`` operator)."""
_NOT_ID = re.compile(r"[^A-Za-z0-9.\-]")

State = Literal["absent", "none", "noassertion", "known"]


@dataclass(frozen=True, slots=True)
class Stated:
    """What a licence text states, as SPDX expressions."""

    text: str | None
    """The text as the release writes it."""
    state: State
    """``absent`` (no text), ``none`` (no licence: ``NONE``), ``noassertion`` (not recognised,
    or a file beside the release, which an export does not read), ``known``."""
    declared: str | None = None
    """The SPDX expression the text declares (``known`` only)."""
    concluded: str | None = None
    """The licences that apply, joined by ``AND`` (``known`` only)."""
    licenses: tuple[License, ...] = ()
    """Every licence :attr:`declared` names, in order, once each."""

    @property
    def single(self) -> License | None:
        """The one licence :attr:`declared` is, when it is one licence id."""
        if len(self.licenses) == 1 and self.declared == spdx_id(self.licenses[0]):
            return self.licenses[0]
        return None


def spdx_id(lic: License) -> str:
    """Return *lic*'s id as an SPDX expression may hold it.

    A ``LicenseRef-`` id keeps to the idstring's letters, digits, ``.`` and ``-`` (ScanCode's
    ``LicenseRef-scancode-x11-xconsortium_veillard`` has an underscore).

    >>> from openness import get_license
    >>> spdx_id(get_license("llama3.1"))
    'LicenseRef-scancode-llama-3.1-license-2024'
    """
    if lic.id.startswith("LicenseRef-"):
        return "LicenseRef-" + _NOT_ID.sub("-", lic.id.removeprefix("LicenseRef-"))
    return lic.id


@functools.lru_cache(maxsize=4096)
def stated(text: str | None) -> Stated:
    """Return what licence *text* states (cached: a catalogue repeats a few texts).

    >>> s = stated("apache-2.0 OR llama3.1")
    >>> s.declared, s.concluded
    ('Apache-2.0 OR LicenseRef-scancode-llama-3.1-license-2024', 'Apache-2.0')
    >>> stated("NONE").state, stated("other").state, stated(None).state
    ('none', 'noassertion', 'absent')
    """
    if text is None:
        return Stated(None, "absent")
    r = resolve_license(text)
    if r.how == "none":
        return Stated(text, "none" if text.strip() else "absent")
    if not r.known or not r.licenses:
        # Not recognised, or a file's name beside the release (an export reads no file).
        return Stated(text, "noassertion")
    concluded = " AND ".join(dict.fromkeys(spdx_id(lic) for lic in r.licenses))
    tree = _rendered(text) if r.how == "expression" else None
    if tree is not None:
        declared, named = tree
        return Stated(text, "known", declared, concluded, named)
    # An id, a name, an address, a licence text: the licences it names all apply.
    once = {lic.id: lic for lic in r.licenses}
    return Stated(text, "known", concluded, concluded, tuple(once.values()))


def _rendered(text: str) -> tuple[str, tuple[License, ...]] | None:
    """Return the expression *text* parses to with known ids, and its licences, else ``None``."""
    node = _parse_expression(text)
    if node is None:
        return None
    named: dict[str, License] = {}
    out = _render(node, named)
    return None if out is None else (out, tuple(named.values()))


def _render(node: object, named: dict[str, License]) -> str | None:
    """Return *node* written with known ids, or ``None`` if some part is not known."""
    from license_expression import LicenseSymbol, LicenseWithExceptionSymbol  # noqa: PLC0415

    if isinstance(node, LicenseWithExceptionSymbol):
        exception = str(node.exception_symbol.key)
        base = _render(node.license_symbol, named)
        ok = base is not None and IDSTRING.fullmatch(exception)
        return f"{base} WITH {exception}" if ok else None
    if isinstance(node, LicenseSymbol):
        lic = lookup_license(str(node.key))
        if lic is None:
            return None  # Not a known licence: the text is not written as an expression.
        named.setdefault(lic.id, lic)
        return spdx_id(lic)
    operator = type(node).__name__
    args = getattr(node, "args", ())
    parts = [_render(arg, named) for arg in args]
    if operator not in {"AND", "OR"} or not parts or None in parts:
        return None
    # An operand made of the other operator keeps its parentheses.
    return f" {operator} ".join(
        f"({p})" if getattr(arg, "args", ()) and type(arg).__name__ != operator else str(p)
        for p, arg in zip(parts, args, strict=True)
    )
