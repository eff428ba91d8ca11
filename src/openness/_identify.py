"""identify_license: a licence from a text, a name, an address, a model card or a file.

Above the readers and the licences: a model card's front matter is parsed by the card reader,
with its limits (a licence text is never parsed as a document by the classifier), and the card's
licence fields and body go to the classifier.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from openness.errors import InvalidReleaseError
from openness.licenses._classifier import (
    argument_text,
    identify_card,
    identify_text,
    loaded_model,
)
from openness.readers._hfcard import split_card

if TYPE_CHECKING:
    import os

    from openness.licenses._classifier import LicenseMatch, _Model

__all__ = ["identify_license", "identify_with"]

_FIELDS = ("license", "license_name", "license_link")


def identify_license(text: str | os.PathLike[str], /) -> LicenseMatch:
    """Recognise a licence from its text, a name, an address or a Hugging Face model card.

    Exact rules first (ids, aliases, names, known addresses, a card's ``license:``); otherwise the
    trained classifier, whose answer counts only above its threshold.

    :param text: a licence text (a LICENSE file's content), a name such as ``"apache 2"``, an
        address, or a model card with YAML front matter; or the path of such a file
        (:class:`os.PathLike`, read as UTF-8, at most 1,000,000 bytes).
    :raises ModelFileError: when the packaged classifier file is missing or altered.
    :raises OpennessError: when a path is not a regular file or cannot be read; a
        :class:`TypeError` too when *text* is neither a string nor a path.

    >>> m = identify_license("Llama 3.1 Community License Agreement")
    >>> m.license.id, m.confidence, m.how
    ('LicenseRef-scancode-llama-3.1-license-2024', 1.0, 'id')
    >>> m = identify_license("We thank the maintainers of the datasets we used.")
    >>> m.license is None, m.confidence < m.threshold
    (True, True)
    """
    return identify_with(loaded_model(), argument_text(text))


def identify_with(model: _Model, text: str) -> LicenseMatch:
    """:func:`identify_license` with a given model (the training script evaluates its own)."""
    card = _card(text)
    if card is not None:
        found = identify_card(model, *card)
        if found is not None:
            return found
    return identify_text(model, text)


def _card(text: str) -> tuple[dict[str, str], str] | None:
    """Return a model card's licence fields (as text) and body, as the card reader parses them.

    ``None`` when *text* is not a card: no front matter, or one the card reader refuses (not
    YAML, not a mapping, past its limits); such a text is read as a licence text.
    """
    stripped = text.strip()
    if not stripped.startswith("---"):
        return None
    try:
        meta, body, _ = split_card(stripped, "<licence text>")
    except InvalidReleaseError:
        return None
    fields: dict[str, str] = {}
    for key in _FIELDS:
        value = meta.get(key)
        if isinstance(value, list) and all(isinstance(v, str) for v in value):
            value = " AND ".join(value)
        if isinstance(value, str):
            fields[key] = value
    return fields, body
