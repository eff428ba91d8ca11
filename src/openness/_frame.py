"""Assessments as a pandas DataFrame, and releases drawn on the scale (optional extras).

pandas and matplotlib are imported inside the functions: ``import openness`` never loads them.
Install them with ``pip install 'openness[frame]'`` and ``pip install 'openness[plot]'``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ._rules import Level

if TYPE_CHECKING:
    from collections.abc import Iterable

    from ._score import Assessment

__all__ = ["COLUMNS", "plot_scale", "to_frame"]

COLUMNS = (
    "name",
    "producer",
    "level",
    "level_name",
    "score",
    "osaid",
    "osaid_status",
    "owd",
    "owd_status",
    "eu_ai_act",
    "eu_ai_act_status",
    "mof_class",
    "flags",
    "access",
    "license",
    "source",
    "format",
)
"""The DataFrame's columns, in order. ``osaid``, ``owd`` and ``eu_ai_act`` are booleans (passed);
each ``*_status`` beside them is ``pass``, ``fail`` or ``unverified``."""

_VERDICTS = ("osaid", "owd", "eu_ai_act")


def _missing(package: str, extra: str) -> ModuleNotFoundError:
    return ModuleNotFoundError(
        f"{package} is needed for this; install it with: pip install 'openness[{extra}]'"
    )


def _row(a: Assessment) -> dict[str, Any]:
    return {
        "name": a.name,
        "producer": a.release.producer,
        "level": int(a.level),
        "level_name": a.level.name,
        "score": a.score,
        **_verdicts(a),
        "mof_class": a.mof_class,
        "flags": ", ".join(sorted(a.flags)),
        "access": a.release.access.value if a.release.access else None,
        "license": a.release.license,
        "source": a.source.get("name"),
        "format": a.source.get("format"),
    }


def _verdicts(a: Assessment) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for name in _VERDICTS:
        verdict = getattr(a, name)
        status = getattr(verdict, "status", None)
        out[name] = bool(verdict.passed)
        out[f"{name}_status"] = verdict.label if status is None else str(status)
    return out


def to_frame(assessments: Iterable[Assessment]) -> Any:
    """Return a pandas DataFrame with one row per assessment (:data:`COLUMNS`).

    :raises ModuleNotFoundError: when pandas is not installed (``openness[frame]``).
    """
    try:
        import pandas as pd  # noqa: PLC0415 - optional, heavy
    except ModuleNotFoundError:
        raise _missing("pandas", "frame") from None
    rows = [_row(a) for a in assessments]
    frame = pd.DataFrame(rows, columns=list(COLUMNS))
    types = {"level": "int64", "score": "float64", "mof_class": "Int64"}
    return frame.astype(types | dict.fromkeys(_VERDICTS, "bool"))


def plot_scale(assessments: Iterable[Assessment], ax: Any = None) -> Any:
    """Draw releases on the scale: level (rung) against score, each point labelled.

    :param ax: a matplotlib Axes to draw on; a new figure's when ``None``.
    :returns: the Axes.
    :raises ModuleNotFoundError: when matplotlib is not installed (``openness[plot]``).
    """
    try:
        import matplotlib.pyplot as plt  # noqa: PLC0415 - optional, heavy
    except ModuleNotFoundError:
        raise _missing("matplotlib", "plot") from None
    items = list(assessments)
    if ax is None:
        _, ax = plt.subplots(figsize=(9, min(2.5 + 0.3 * len(items), 16)))
    per_level: dict[int, list[Assessment]] = {}
    for a in sorted(items, key=lambda a: (a.level, a.score)):
        per_level.setdefault(int(a.level), []).append(a)
    for level, group in per_level.items():
        # Spread a rung's releases over its band, in score order, so that labels stay apart.
        for i, a in enumerate(group):
            nudge = 0.0 if len(group) == 1 else -0.4 + 0.8 * i / (len(group) - 1)
            ax.scatter(a.score, level + nudge, s=30, color=f"C{level}", zorder=3)
            ax.annotate(
                a.name,
                (a.score, level + nudge),
                xytext=(4, -3),
                textcoords="offset points",
                fontsize=7,
            )
    ax.set_yticks([int(x) for x in Level], [f"{int(x)} {x.name}" for x in Level])
    ax.set_ylim(-0.5, len(Level) - 0.5)
    ax.set_xlim(0, 100)
    ax.set_xlabel("score (0-100)")
    ax.set_title("Releases on the openness scale")
    ax.grid(axis="x", alpha=0.3)
    return ax
