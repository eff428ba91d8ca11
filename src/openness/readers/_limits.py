"""The limits every reader applies to a document, and how a field is named in a message.

A module of its own, below the readers and the YAML loader, so that neither imports the other.
"""

from __future__ import annotations

import re

__all__ = ["MAX_BYTES", "MAX_DEPTH", "MAX_NODES"]

MAX_BYTES = 10 * 1024 * 1024
"""The largest input file read, in bytes."""
MAX_NODES = 50_000
"""The most values a document may hold once YAML aliases are expanded (a release has ~100)."""
MAX_DEPTH = 64
"""The deepest nesting a document may have."""


_PLAIN_KEY = re.compile(r"[\w.@+-]{1,60}")


def _key(key: object) -> str:
    """Show a key in a field path: as is when plain, else quoted and cut short."""
    text = str(key)
    if _PLAIN_KEY.fullmatch(text):
        return text
    return repr(text if len(text) <= 40 else text[:37] + "...")


def _short(path: str) -> str:
    """Cut a field path to its last 80 characters (a recursive alias makes it endless)."""
    return path if len(path) <= 80 else "..." + path[-77:]
