"""score(): read → judge → :class:`Assessment`."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ._judge import assess
from .readers._sources import read

if TYPE_CHECKING:
    from ._assessment import Assessment

__all__ = ["score"]


def score(source: object, *, format: str | None = None) -> Assessment:  # noqa: A002
    """Assess how open a release is.

    :param source: a path to a release (native YAML/JSON or a Model Openness Tool record), a
        mapping, or a :class:`Release`.
    :param format: force a reader (``"native"``, ``"mot"``...) instead of detecting it.
    :raises InvalidReleaseError: when the source cannot be read; the message names the source,
        the field and what was expected.

    >>> a = score({"name": "demo", "access": "open", "license": "Apache-2.0",
    ...            "components": {"model_parameters_final": {}}})
    >>> a.level.name, a.owd.passed, a.osaid.passed
    ('OPEN_WEIGHTS', True, False)
    """
    release, src = read(source, format)
    return assess(release, src)
