"""The command line: the table, JSON, licence terms and exit codes, never a traceback."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path

import pytest

from openness._cli import main

ROOT = Path(__file__).resolve().parent.parent
PYTHIA = str(ROOT / "data" / "releases" / "pythia-6.9b.yaml")
MOT = str(ROOT / "data" / "mot" / "models" / "OLMo-7B.yml")


def run(*argv: str) -> tuple[int, str]:
    out = io.StringIO()
    code = main(list(argv), out)
    return code, out.getvalue()


def test_score_prints_a_table() -> None:
    code, out = run("score", PYTHIA, MOT)
    assert code == 0
    header, _, *rows = out.splitlines()
    assert header.split()[:6] == ["name", "level", "score", "OSAID", "MOF", "EU"]
    assert [r.split()[0] for r in rows] == ["Pythia-6.9B", "OLMo-7B"]
    assert "OPEN_SCIENCE" in rows[1]


def test_score_a_directory() -> None:
    code, out = run("score", str(ROOT / "data" / "releases"))
    assert code == 0
    assert len(out.splitlines()) == 2 + len(list((ROOT / "data" / "releases").glob("*.yaml")))


def test_score_json_is_stable() -> None:
    code, first = run("score", "--format", "json", PYTHIA)
    _, second = run("score", "--format", "json", PYTHIA)
    assert code == 0
    assert first == second
    (doc,) = json.loads(first)
    assert doc["release"]["name"] == "Pythia-6.9B"
    assert doc["osaid"]["passed"] is True


def test_bad_file_is_reported_and_others_still_scored(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("name: [unclosed\n")
    code, out = run("score", str(bad), PYTHIA)
    assert code == 2
    assert "Pythia-6.9B" in out
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1
    assert err[0].startswith(f"openness: {bad}: malformed YAML")


def test_license_terms() -> None:
    code, out = run("license", "CC-BY-NC-4.0")
    assert code == 0
    assert "non-commercial" in out
    code, out = run("license", "--format", "json", "MIT")
    assert json.loads(out)["license"]["is_open"] is True


@pytest.mark.parametrize(
    "argv",
    [
        ["score", "/does/not/exist.yaml"],
        ["license", "MIT", "-o", "/does/not/exist/out.txt"],
        ["frobnicate"],
        [],
    ],
    ids=["missing-file", "unwritable-output", "unknown-command", "no-command"],
)
def test_exit_two_with_one_line_and_no_traceback(argv: list[str]) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "openness._cli", *argv],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 2
    assert "Traceback" not in done.stderr
    assert len(done.stderr.strip().splitlines()) == 1, done.stderr
