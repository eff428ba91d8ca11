"""The releases openness knows, keyed by their Hub ids: where a derived model's base is looked up.

``data/bases.json`` is built by ``tasks/build_bases.py`` from the bundled corpus, the Model
Openness Tool records and the opening-up-chatgpt expert records (curated first), with the
aliases of ``data/kb/base_aliases.yaml``. It is read on the first lookup, once its SHA-256
matches :data:`BASES_SHA256`; ``import openness`` does not read it.
"""

from __future__ import annotations

import functools
import hashlib
import json
import re
from dataclasses import dataclass, field
from importlib.resources import files
from typing import Any

from ._schema import CONTROL_CHARACTERS, Release
from .errors import ModelFileError

__all__ = ["BASES_SHA256", "KnownBase", "hub_id", "known_base", "normalise"]

BASES_SHA256 = "5cb17493926b09a6f89dcfb23f048310a484e019a62825316e7ceb37a795ac83"
"""The SHA-256 of ``data/bases.json`` as ``tasks/build_bases.py`` writes it."""

MAX_REF = 1_000
"""The longest reference looked up; a longer one names nothing the package knows."""

# Where a Hub reference starts: a URL, huggingface_hub's hf:// paths, the hf: shorthand.
_PREFIX = re.compile(
    r"^(?:hf://|hf:|(?:https?://)?(?:www\.)?(?:huggingface\.co|hf\.co)/)(?:models/)?"
)
# Hub repository ids: an org and a name of letters, digits, "_", "." and "-".
_HUB_ID = re.compile(r"[a-z0-9][\w.-]{0,95}/[\w.-]{1,96}", re.ASCII)
# First path segments of huggingface.co pages that are not models.
_NOT_MODELS = frozenset(
    {
        "api",
        "blog",
        "collections",
        "datasets",
        "docs",
        "join",
        "learn",
        "login",
        "models",
        "organizations",
        "papers",
        "posts",
        "settings",
        "spaces",
        "tasks",
    }
)
_SPACES = re.compile(r"\s+")
_CONTROL = re.compile(f"[{CONTROL_CHARACTERS}]")


def _path_key(text: str) -> str:
    """Reduce a Hub path (``org/name/tree/main``) to ``org/name``; a bare name is kept."""
    for mark in ("#", "?", "@"):
        text = text.partition(mark)[0]
    parts = [p for p in text.split("/") if p]
    if len(parts) >= 2:
        return f"{parts[0]}/{parts[1]}"
    return parts[0] if parts else ""


def normalise(ref: str) -> str | None:
    """Return the key *ref* is looked up by, or ``None`` when it cannot name a known release.

    Lower-case; a URL, ``hf://`` or ``hf:`` prefix, a revision (``@...``), a fragment, a query,
    trailing slashes and a path inside the repository (``/tree/main``) are dropped; in a bare name,
    runs of whitespace become ``-``.

    >>> normalise("https://huggingface.co/Meta-Llama/Llama-3.1-8B/tree/main")
    'meta-llama/llama-3.1-8b'
    >>> normalise("hf://allenai/OLMo-2-1124-7B@main")
    'allenai/olmo-2-1124-7b'
    >>> normalise("Llama 3.1 8B")
    'llama-3.1-8b'
    """
    if not isinstance(ref, str) or len(ref) > MAX_REF or _CONTROL.search(ref) is not None:
        return None
    text = ref.strip().lower()
    text = _PREFIX.sub("", text, count=1)
    if "/" in text or "@" in text or "#" in text or "?" in text:
        text = _path_key(text)
    key = _SPACES.sub("-", text.strip())
    return key or None


def hub_id(url: str) -> str | None:
    """Return the ``org/name`` of a Hugging Face model URL, in its case, else ``None``.

    >>> hub_id("https://huggingface.co/LLM360/Amber/tree/main")
    'LLM360/Amber'
    >>> hub_id("https://huggingface.co/datasets/LLM360/AmberDatasets") is None
    True
    """
    text = url.strip()
    m = re.match(r"^https?://(?:www\.)?(?:huggingface\.co|hf\.co)/", text, re.IGNORECASE)
    if m is None or len(text) > MAX_REF:
        return None
    key = _path_key(text[m.end() :])
    org = key.partition("/")[0]
    if org.lower() in _NOT_MODELS or _HUB_ID.fullmatch(key.lower()) is None:
        return None
    return key


@dataclass(frozen=True, slots=True)
class KnownBase:
    """A release the package knows, found by one of its Hub ids, names or aliases."""

    id: str
    """The release's own Hub id as its record writes it (``meta-llama/Llama-3.1-8B``), else the
    key it was found by."""
    source: str
    """The record's file in the repository (``data/releases/llama-3.1-8b.yaml``)."""
    format: str
    """The record's format: ``native``, ``mot`` or ``opening-up-chatgpt``."""
    _index: int = field(repr=False, compare=True)

    @property
    def release(self) -> Release:
        """The record's release, validated on first use."""
        return _release(self._index)


@dataclass(frozen=True, slots=True)
class _Table:
    keys: dict[str, int]
    records: list[dict[str, Any]]


@functools.cache
def _load() -> _Table:
    path = files("openness") / "data" / "bases.json"
    try:
        data = path.read_bytes()
    except OSError as e:
        msg = f"known releases file cannot be read ({e.strerror}): reinstall openness"
        raise ModelFileError(msg) from None
    digest = hashlib.sha256(data).hexdigest()
    if digest != BASES_SHA256:
        msg = (
            f"known releases file SHA-256 {digest[:12]}... does not match the pinned "
            f"{BASES_SHA256[:12]}...: reinstall openness or run python tasks/build_bases.py"
        )
        raise ModelFileError(msg)
    doc = json.loads(data)
    return _Table(keys=doc["keys"], records=doc["records"])


@functools.cache
def _release(index: int) -> Release:
    return Release.model_validate(_load().records[index]["release"])


def known_base(ref: str) -> KnownBase | None:
    """Return the release the package knows by *ref*, else ``None``.

    *ref* is a Hub id (``org/name``), a ``hf:``, ``hf://`` or ``https://huggingface.co/`` form of
    one, a name or an alias, in any case.

    :raises ModelFileError: when the packaged table is missing or altered.

    >>> known_base("https://huggingface.co/meta-llama/Llama-3.1-8B").source
    'data/releases/llama-3.1-8b.yaml'
    >>> known_base("acme/never-released") is None
    True
    """
    table = _load()
    # Most references are a Hub id as written: its lower case is a key (keys hold no space or
    # control character, so a hit needs no other check).
    key = ref.lower() if isinstance(ref, str) and len(ref) <= MAX_REF else None
    index = None if key is None else table.keys.get(key)
    if index is None:
        key = normalise(ref)
        index = None if key is None else table.keys.get(key)
    if key is None or index is None:
        return None
    record = table.records[index]
    ids = record["ids"]
    return KnownBase(ids[0] if ids else key, record["source"], record["format"], index)
