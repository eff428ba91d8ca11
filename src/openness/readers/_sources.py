"""Every kind of source a user names: a release file, a model folder, a Hub id, a mapping.

Above the readers: a model folder and a Hub repository are read by readers built on
``_core`` (``_folder``, ``_hub``), so the dispatch lives here and no reader imports another
that imports it back.
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import TYPE_CHECKING

from openness.errors import InvalidReleaseError

from ._core import Source, _printable, read_path, release_of
from ._core import read as read_document

if TYPE_CHECKING:
    from openness._schema import Release

__all__ = ["read"]

# A Hub id: hf:org/name, hf://org/name or the model's address on huggingface.co.
_HUB_ID = re.compile(r"^(?:hf:|https?://(?:www\.)?huggingface\.co/)", re.IGNORECASE)
# What a Hub id looks like when written bare: org/name.
_BARE_ID = re.compile(r"^[\w.-]+/[\w.-]+(?:@[\w./-]+)?$")


def _read_target(obj: str | os.PathLike[str], fmt: str | None) -> tuple[Release, Source]:
    """Read a path (a release file, a model folder) or a Hub id."""
    text = os.fspath(obj)
    if isinstance(text, str) and _HUB_ID.match(text):
        from ._hub import read_hub  # noqa: PLC0415 - the hub extra, imported when asked

        return read_hub(text)
    path = Path(text)
    if path.is_dir():
        from ._folder import is_model_folder, read_folder  # noqa: PLC0415

        if is_model_folder(path):
            return read_folder(path, _printable(str(text)))
        raise InvalidReleaseError(
            _printable(str(text)),
            "",
            "is a directory: expected a release file or a model folder (a README.md with YAML "
            "front matter, or config.json beside weight files)",
        )
    if isinstance(text, str) and _BARE_ID.match(text) and not path.exists():
        raise InvalidReleaseError(
            _printable(text), "", f"no such file (a Hugging Face Hub model? write hf:{text})"
        )
    return read_path(path, fmt, display=str(text))


def read(obj: object, fmt: str | None = None) -> tuple[Release, Source]:
    """Read a release from a path, a model folder, a Hub id, a mapping, or a :class:`Release`."""
    if type(obj) is dict:  # The common case first: a mapping (a JSONL line, a notebook's dict).
        return release_of(obj, Source("<mapping>"), fmt)
    if isinstance(obj, str | os.PathLike):
        return _read_target(obj, fmt)
    return read_document(obj, fmt)
