"""Notebook and report outputs: the HTML card, Markdown, DataFrame and the scale plot."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

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


def test_plot_scale() -> None:
    import matplotlib as mpl  # noqa: PLC0415 - the plot extra

    mpl.use("Agg")
    assessments = [openness.score(p) for p in RELEASES[:8]]
    ax = openness.plot_scale(assessments)
    labels = [t.get_text() for t in ax.texts]
    assert sorted(labels) == sorted(a.name for a in assessments)
    assert ax.get_yticklabels()[0].get_text() == "0 CLOSED"


def test_importing_openness_loads_no_heavy_extra() -> None:
    code = (
        "import sys, openness; "
        "print(sorted(m for m in ('pandas', 'matplotlib', 'cyclonedx') if m in sys.modules))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout
    assert out.strip() == "[]"
