"""Assessments as a pandas DataFrame, and releases drawn on the scale (optional extras).

pandas and matplotlib are imported inside the functions: ``import openness`` never loads them.
Install them with ``pip install 'openness[frame]'`` and ``pip install 'openness[plot]'``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Literal

from ._rules import Level

if TYPE_CHECKING:
    from collections.abc import Iterable

    from ._assessment import Assessment

__all__ = ["COLUMNS", "FORMULA_STARTS", "plot_scale", "safe_cell", "to_frame"]

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


FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\uff1d", "\uff0b", "\uff0d", "\uff20")
"""The first characters that make a spreadsheet read a cell as a formula (CSV injection).

OWASP's list (``= + - @``, tab and carriage return), and the fullwidth forms of the first four,
which some spreadsheets fold into them."""


def safe_cell(value: str) -> str:
    r"""Return *value* as a spreadsheet shows it as text: prefixed with ``'`` if a formula.

    A cell starting with one of :data:`FORMULA_STARTS` (``=HYPERLINK(...)``) would be run as a
    formula when a CSV is opened in a spreadsheet; the ``'`` makes it text (OWASP's advice).

    >>> safe_cell('=HYPERLINK("https://example.com")')
    '\'=HYPERLINK("https://example.com")'
    >>> safe_cell("OLMo-7B")
    'OLMo-7B'
    """
    return f"'{value}" if value.startswith(FORMULA_STARTS) else value


def to_frame(assessments: Iterable[Assessment], *, sanitize: bool = False) -> Any:
    """Return a pandas DataFrame with one row per assessment (:data:`COLUMNS`).

    Values are kept as written: a name may be ``=HYPERLINK(...)``. With ``sanitize=True`` every
    text cell that a spreadsheet would read as a formula is prefixed with ``'`` (:func:`safe_cell`),
    for a frame written to CSV for people to open (``to_frame(a, sanitize=True).to_csv(...)``).

    :param sanitize: make text cells safe for spreadsheets (CSV formula injection).
    :raises ModuleNotFoundError: when pandas is not installed (``openness[frame]``).
    """
    try:
        import pandas as pd  # noqa: PLC0415 - optional, heavy
    except ModuleNotFoundError:
        raise _missing("pandas", "frame") from None
    rows = [_row(a) for a in assessments]
    if sanitize:
        rows = [{k: safe_cell(v) if isinstance(v, str) else v for k, v in r.items()} for r in rows]
    frame = pd.DataFrame(rows, columns=list(COLUMNS))
    types = {"level": "int64", "score": "float64", "mof_class": "Int64"}
    return frame.astype(types | dict.fromkeys(_VERDICTS, "bool"))


_LabelMode = Literal["auto", "all", "none"]
_FONT = 7.0  # points
_CHAR = 0.6 * _FONT  # the average width of a character of the label font, in points
_LINE = 1.35 * _FONT  # a label row's height, in points
_BAND = 0.8  # the part of a rung's band that points use (the rest keeps rungs apart)
_MAX_AUTO = 60  # the most labels "auto" draws; past that, the extremes of each rung
_MAX_ROWS = 14  # the most rows of points a rung's band holds
_WIDTH = 10.0  # a new figure's width, in inches


def _spans(group: list[Assessment], x_per_point: float) -> tuple[list[float], list[float]]:
    """Return the points' scores and their labels' widths, in score units."""
    return [a.score for a in group], [(len(a.name) * _CHAR + 6) * x_per_point for a in group]


def _place(
    xs: list[float], widths: list[float], rows: int, mode: _LabelMode
) -> tuple[list[int], list[bool], list[bool]]:
    """Give each point of a rung (sorted by score) a row, a side and whether it is labelled.

    A label sits right of its point, or left when it would pass 100; a row takes a label only
    where no other label in it overlaps (greedy, in score order). A point whose label fits
    nowhere keeps the emptiest row and, except with ``"all"``, no label.
    """
    ends: list[list[tuple[float, float]]] = [[] for _ in range(rows)]
    row_of: list[int] = []
    left: list[bool] = []
    shown: list[bool] = []
    for x, w in zip(xs, widths, strict=True):
        is_left = x + w > 100
        span = (x - w, x) if is_left else (x, x + w)
        free = [r for r in range(rows) if all(b <= span[0] or a >= span[1] for a, b in ends[r])]
        # A point whose label fits nowhere goes where no label covers it, else the emptiest row.
        clear = [r for r in range(rows) if all(not a < x < b for a, b in ends[r])]
        row = free[0] if free else min(clear or range(rows), key=lambda r: len(ends[r]))
        labelled = mode == "all" or (mode == "auto" and bool(free))
        if labelled:
            ends[row].append(span)
        else:
            # A point without a label still takes its own place, so that points stay apart.
            ends[row].append((x, x))
        row_of.append(row)
        left.append(is_left)
        shown.append(labelled)
    if mode == "auto":
        # A point that found no clear row may sit on a label: that label is dropped.
        spans = [
            (x - w, x) if lf else (x, x + w) for x, w, lf in zip(xs, widths, left, strict=True)
        ]
        for i, (a, b) in enumerate(spans):
            if shown[i] and any(
                j != i and row_of[j] == row_of[i] and a <= xs[j] <= b for j in range(len(xs))
            ):
                shown[i] = False
    return row_of, left, shown


def plot_scale(
    assessments: Iterable[Assessment], ax: Any = None, *, labels: _LabelMode = "auto"
) -> Any:
    """Draw releases on the scale: each rung a band, each release a point at its score.

    Points keep inside their rung's band (drawn with its name), so one near a boundary never
    reads as the next rung. Names are drawn as written (a ``$`` is not mathematics).

    :param ax: a matplotlib Axes to draw on; a new figure's when ``None``.
    :param labels: ``"auto"`` labels every point whose name fits beside it without overlapping
        another (at most 60, the lowest and highest of each rung first), ``"all"`` every point,
        ``"none"`` none.
    :returns: the Axes.
    :raises ModuleNotFoundError: when matplotlib is not installed (``openness[plot]``).
    :raises ValueError: when *labels* is not one of the three.
    """
    if labels not in {"auto", "all", "none"}:
        raise ValueError(f"labels must be 'auto', 'all' or 'none', got {labels!r}")
    try:
        import matplotlib.pyplot as plt  # noqa: PLC0415 - optional, heavy
    except ModuleNotFoundError:
        raise _missing("matplotlib", "plot") from None
    items = sorted(assessments, key=lambda a: (a.level, a.score, a.name))
    per_level: dict[int, list[Assessment]] = {}
    for a in items:
        per_level.setdefault(int(a.level), []).append(a)
    n_levels = len(Level)
    if ax is None:
        # As tall as the most crowded rung needs to label every point (within reason); the
        # axes take about 80% of the width beside the rungs' names.
        x_per_point = 100 / (_WIDTH * 72 * 0.8)
        need = max(
            (
                max(_place(*_spans(g, x_per_point), _MAX_ROWS, labels)[0]) + 1
                for g in per_level.values()
            ),
            default=1,
        )
        rows = min(max(need, 3), _MAX_ROWS)
        height = 1.2 + n_levels * rows * _LINE / _BAND / 72
        _, ax = plt.subplots(figsize=(_WIDTH, height), layout="constrained")
    else:
        # The axes' size in points: label widths and rows are measured in its data units.
        bbox = ax.get_window_extent()
        to_points = 72 / ax.figure.dpi
        x_per_point = 100 / max(bbox.width * to_points, 1.0)
        band_points = bbox.height * to_points / n_levels
        rows = min(max(2, int(_BAND * band_points // _LINE)), _MAX_ROWS)
    for level in Level:
        band = int(level)
        ax.axhspan(band - 0.5, band + 0.5, color=f"C{band}", alpha=0.07 if band % 2 else 0.13, lw=0)
        ax.axhline(band - 0.5, color="0.6", lw=0.6, zorder=1)
    ax.axhline(n_levels - 0.5, color="0.6", lw=0.6, zorder=1)
    budget = _MAX_AUTO
    for band, group in per_level.items():
        xs, widths = _spans(group, x_per_point)
        row_of, left, shown = _place(xs, widths, rows, labels)
        if labels == "auto" and sum(shown) > budget:
            # Too many for one picture: keep the extremes of each rung, which frame it.
            keep = set(range(len(group))[: budget // 2]) | set(range(len(group))[-budget // 2 :])
            shown = [s and i in keep for i, s in enumerate(shown)]
        budget = max(0, budget - sum(shown)) if labels == "auto" else budget
        step = _BAND / (rows - 1)
        ys = [band - _BAND / 2 + r * step for r in row_of] if len(group) > 1 else [band]
        ax.scatter(xs, ys, s=22, color=f"C{band}", edgecolors="white", linewidths=0.5, zorder=3)
        for a, x, y, is_left, labelled in zip(group, xs, ys, left, shown, strict=True):
            if labelled:
                ax.annotate(
                    a.name,
                    (x, y),
                    xytext=(-4 if is_left else 4, 0),
                    textcoords="offset points",
                    ha="right" if is_left else "left",
                    va="center",
                    fontsize=_FONT,
                    parse_math=False,
                    usetex=False,
                    zorder=4,
                )
    ax.set_yticks([int(x) for x in Level], [f"{int(x)} {x.name}" for x in Level], fontsize=8)
    ax.tick_params(axis="y", length=0)
    ax.set_ylim(-0.5, n_levels - 0.5)
    ax.set_xlim(0, 100)
    ax.set_xlabel("score (0-100)")
    ax.set_title("Releases on the openness scale")
    ax.grid(axis="x", alpha=0.3, zorder=0)
    return ax
