"""Text from input, made safe to show (:func:`shown`) and plain to match claims in.

Every name, claim and message that reaches a terminal or a CI log may come from a stranger's pull
request: a line break in a model's name forges a GitHub Actions annotation (``::error ...``), an
ANSI sequence rewrites the terminal, a bidi control reorders what a reviewer reads. Outputs that
are text show such characters escaped.
"""

from __future__ import annotations

__all__ = ["shown"]

_ESCAPES = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def _escape(char: str) -> str:
    if char in _ESCAPES:
        return _ESCAPES[char]
    return char.encode("unicode_escape").decode("ascii")


def shown(text: str) -> str:
    r"""Return *text* with every control, format, bidi and separator character escaped.

    >>> shown("x\n::error file=a::forged")
    'x\\n::error file=a::forged'
    >>> shown("evil\u202egnp.exe \x1b[2J")
    'evil\\u202egnp.exe \\x1b[2J'
    >>> shown("Qwen2.5 — café")
    'Qwen2.5 — café'
    """
    # Not printable, for Python: controls, format characters (bidi controls, zero-width
    # characters, the soft hyphen), separators other than the space, surrogates, unassigned.
    if text.isprintable():
        return text  # The common case, checked in C.
    return "".join(c if c.isprintable() else _escape(c) for c in text)
