"""A component licence written as a file beside the release is read and recognised."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

import openness

LICENSES = Path(__file__).resolve().parent.parent / "data" / "licenses"


def write_release(folder: Path, licence: str) -> Path:
    path = folder / "release.yaml"
    path.write_text(
        "name: demo\naccess: open\ncomponents:\n"
        f"  model_parameters_final: {{license: {licence!r}}}\n",
        encoding="utf-8",
    )
    return path


@pytest.mark.parametrize(
    ("text_file", "name", "expected", "level"),
    [
        pytest.param(
            "spdx/text/Apache-2.0.txt",
            "LICENSE",
            "Apache-2.0",
            openness.Level.OPEN_WEIGHTS,
            id="apache",
        ),
        pytest.param(
            "meta-llama/llama3_1-LICENSE.txt",
            "LICENSE-MODEL",
            "LicenseRef-scancode-llama-3.1-license-2024",
            openness.Level.RESTRICTED_WEIGHTS,
            id="llama-3.1",
        ),
        pytest.param(
            "spdx/text/CC-BY-NC-4.0.txt",
            "licenses/weights.txt",
            "CC-BY-NC-4.0",
            openness.Level.RESTRICTED_WEIGHTS,
            id="nested-cc-by-nc",
        ),
    ],
)
def test_licence_file_is_read(
    tmp_path: Path, text_file: str, name: str, expected: str, level: openness.Level
) -> None:
    target = tmp_path / name
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copy(LICENSES / text_file, target)
    a = openness.score(write_release(tmp_path, name))
    assert a.level is level, a.explain()
    licences = {f.license for f in a.findings if f.component == "model_parameters_final"}
    if level is openness.Level.RESTRICTED_WEIGHTS:
        assert expected in licences, a.explain()
    # The file name, not the file's text, stands for the licence in every finding.
    assert all(len(f.message) < 2_000 for f in a.findings)


@pytest.mark.parametrize(
    "name",
    ["../outside/LICENSE", "/etc/LICENSE", "MISSING-LICENSE"],
    ids=["parent-folder", "absolute", "missing"],
)
def test_only_files_beside_the_release_are_read(tmp_path: Path, name: str) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    shutil.copy(LICENSES / "spdx" / "text" / "MIT.txt", outside / "LICENSE")
    inner = tmp_path / "release"
    inner.mkdir()
    a = openness.score(write_release(inner, name))
    # Not read: the name itself is no licence, so the weights count as not open.
    assert a.level is openness.Level.RESTRICTED_WEIGHTS
    assert not a.owd.passed


def test_licence_file_too_large_is_unknown(tmp_path: Path) -> None:
    (tmp_path / "LICENSE").write_text("x" * (2 * 1024 * 1024), encoding="utf-8")
    a = openness.score(write_release(tmp_path, "LICENSE"))
    assert "weights-license-unknown" in {f.rule for f in a.findings}
