"""Text from input, made safe to show (:func:`shown`) and plain to match claims in.

Every name, claim and message that reaches a terminal or a CI log may come from a stranger's pull
request: a line break in a model's name forges a GitHub Actions annotation (``::error ...``), an
ANSI sequence rewrites the terminal, a bidi control reorders what a reviewer reads. Outputs that
are text show such characters escaped.
"""

from __future__ import annotations

import html
import re
import unicodedata

__all__ = ["normalise", "shown"]

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


# Latin look-alikes a claim may be spelled with (open with a Cyrillic o, U+043E): mapped to them.
_CONFUSABLES = str.maketrans(
    {
        **dict(
            zip(
                "\u0430\u0435\u043e\u0440\u0441\u0443\u0445\u0456\u0458\u0455\u0501\u051b\u051d\u0475\u04bb\u04cf",
                "aeopcyxijsdqwvhl",
                strict=True,
            )
        ),  # Cyrillic
        **dict(
            zip(
                "\u0410\u0415\u041e\u0420\u0421\u0423\u0425\u0406\u0408\u0405\u0412\u041d\u041a\u041c\u0422",
                "AEOPCYXIJSBHKMT",
                strict=True,
            )
        ),
        **dict(
            zip(
                "\u03bf\u03b1\u03b5\u03b9\u03bd\u03c1\u03c4\u03c5\u03c7\u03ba",
                "oaeivptuxk",
                strict=True,
            )
        ),  # Greek
        **dict(
            zip(
                "\u039f\u0391\u0395\u0399\u039d\u03a1\u03a4\u03a5\u03a7\u039a\u0392\u0397\u039c\u0396",
                "OAEINPTYXKBHMZ",
                strict=True,
            )
        ),
    }
)
_ENTITY_OR_TAG = re.compile(r"<[^<>]{0,200}>")
_ESCAPED = re.compile(r"\\(?=[^\w\s])")
_EMPHASIS = str.maketrans("", "", "*`~")


def normalise(text: str) -> str:
    r"""Return *text* as a reader sees it, for matching claims: what evades a pattern undone.

    HTML entities decoded, inline tags removed, Markdown emphasis and backslash escapes dropped,
    format characters (soft hyphen, zero-width joiner) dropped, NFKC (fullwidth letters), and
    Cyrillic and Greek look-alikes of Latin letters mapped to them. Linear in the text's length.

    >>> normalise("&#111;pen op<b></b>en o*pen* open\-source o\u00adp\u200den \uff4fpen \u043epen")
    'open open open open-source open open open'
    """
    if "&" in text:
        text = html.unescape(text)
    if "<" in text:
        text = _ENTITY_OR_TAG.sub("", text)
    if "\\" in text:
        text = _ESCAPED.sub("", text)
    text = text.translate(_EMPHASIS)
    if not text.isascii():
        text = "".join(c for c in text if unicodedata.category(c) != "Cf")
        text = unicodedata.normalize("NFKC", text).translate(_CONFUSABLES)
    return text
