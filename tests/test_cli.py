"""The command line: the table, JSON, licence terms and exit codes, never a traceback."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path

import pytest

from openness._batch import auto_jobs
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


def _terms(out: str) -> dict[str, str]:
    """Return the text output's terms: label -> value, the reason after the dash dropped."""
    found = {}
    for line in out.splitlines():
        head, sep, _ = line.strip().partition(" \N{EM DASH} ")
        if sep:
            label, _, value = head.partition(": ")
            found[label] = value
    return found


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        pytest.param(
            "Apache-2.0",
            {
                "commercial use": "allowed",
                "non-commercial use only": "no",
                "field-of-use restrictions": "none",
                "user threshold": "none",
                "revenue threshold": "none",
                "derivative works": "allowed",
                "attribution": "required",
            },
            id="apache",
        ),
        pytest.param(
            "llama3.1",
            {
                "commercial use": "allowed",
                "field-of-use restrictions": "yes",
                "user threshold": "a separate licence above 700,000,000 monthly active users",
                "revenue threshold": "none",
                "derived models must carry the licensor's name": "yes",
                "restrictions on using outputs": "none",
            },
            id="llama-3.1",
        ),
        pytest.param(
            "CC-BY-NC-4.0",
            {
                "commercial use": "not allowed",
                "non-commercial use only": "yes",
                "attribution": "required",
            },
            id="cc-by-nc",
        ),
    ],
)
def test_license_text_says_what_each_term_means(name: str, expected: dict[str, str]) -> None:
    code, out = run("license", name)
    assert code == 0
    terms = _terms(out)
    assert {k: terms.get(k) for k in expected} == expected
    # A value is words, never a Python literal; a reason never says a definition forbids a
    # freedom the licence grants.
    assert not {"True", "False", "None"} & set(terms.values())
    assert "forbids it" not in out
    # Terms nobody established are left out, not shown as "no".
    if name == "CC-BY-NC-4.0":
        assert "user threshold" not in terms


@pytest.mark.parametrize(
    ("name", "terms"),
    [
        pytest.param("Apache-2.0", {"commercial_use": True, "user_threshold": None}, id="apache"),
        pytest.param(
            "llama3.1",
            {"field_of_use_restrictions": True, "user_threshold": 700_000_000},
            id="llama-3.1",
        ),
        pytest.param("CC-BY-NC-4.0", {"commercial_use": False}, id="cc-by-nc"),
    ],
)
def test_license_json_keeps_values(name: str, terms: dict[str, object]) -> None:
    code, out = run("license", "--format", "json", name)
    assert code == 0
    doc = json.loads(out)
    assert {k: doc["license"]["terms"][k]["value"] for k in terms} == terms


@pytest.mark.parametrize(
    ("name", "meant"),
    [
        pytest.param("Apach-2.0", "Apache-2.0", id="apach"),
        pytest.param("MTI", "MIT", id="mti"),
    ],
)
def test_license_misspelt_says_did_you_mean(name: str, meant: str) -> None:
    # Not knowing a name is an answer (exit 0, "unrecognised"), with the nearest known ids.
    code, out = run("license", name)
    assert code == 0
    assert out.startswith("unrecognised")
    assert f"did you mean {meant!r}" in out


@pytest.mark.parametrize(
    "argv",
    [
        ["score", "/does/not/exist.yaml"],
        ["license", "MIT", "-o", "/does/not/exist/out.txt"],
        ["frobnicate"],
        [],
        ["score", "--jobs", "1" + "0" * 23, "x.yaml"],
    ],
    ids=["missing-file", "unwritable-output", "unknown-command", "no-command", "jobs-1e23"],
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


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


RELEASES_DIR = str(ROOT / "data" / "releases")
N_RELEASES = len(list((ROOT / "data" / "releases").glob("*.yaml")))


@pytest.mark.parametrize(
    ("err", "argv", "shown"),
    [
        pytest.param(_Terminal(), [], True, id="terminal"),
        pytest.param(_Terminal(), ["--quiet"], False, id="terminal-quiet"),
        pytest.param(io.StringIO(), [], False, id="not-a-terminal"),
    ],
)
def test_progress_only_on_a_terminal(
    monkeypatch: pytest.MonkeyPatch, err: io.StringIO, argv: list[str], shown: bool
) -> None:
    monkeypatch.setattr("openness._cli._PROGRESS_AFTER", 0.0)
    monkeypatch.setattr("sys.stderr", err)
    code, out = run("score", "--format", "jsonl", *argv, RELEASES_DIR)
    assert code == 0
    assert len(out.splitlines()) == N_RELEASES
    text = err.getvalue()
    if not shown:
        assert text == ""
        return
    assert "\r" in text
    assert text.endswith("\n")
    last = text.rstrip("\n").rpartition("\r")[2]
    assert f"scored {N_RELEASES:,} releases" in last


def test_progress_clears_its_line_before_an_error(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setattr("openness._cli._PROGRESS_AFTER", 0.0)
    err = _Terminal()
    monkeypatch.setattr("sys.stderr", err)
    bad = tmp_path / "bad.yaml"
    bad.write_text("name: [unclosed\n")
    code, _ = run("score", PYTHIA, str(bad), MOT)
    assert code == 2
    lines = [ln.rpartition("\r")[2] for ln in err.getvalue().split("\n")]
    assert any(ln.startswith(f"openness: {bad}: malformed YAML") for ln in lines)


@pytest.mark.parametrize(
    ("size", "cores", "load", "expected"),
    [
        pytest.param(5_000_000, 8, 0.0, 1, id="small-input"),
        pytest.param(52_000_000, 2, 0.0, 1, id="two-cores"),
        pytest.param(52_000_000, 4, 2.5, 1, id="busy"),
        pytest.param(52_000_000, 8, 1.0, 7, id="large-and-free"),
        pytest.param(52_000_000, 4, 0.0, 4, id="every-core"),
    ],
)
def test_auto_jobs(size: int, cores: int, load: float, expected: int) -> None:
    assert auto_jobs(size, cores=cores, load=load) == expected


@pytest.mark.parametrize("jobs", ["auto", "1", "2", "-1"])
def test_jobs_values(jobs: str) -> None:
    code, out = run("score", "--format", "jsonl", "--jobs", jobs, PYTHIA, MOT)
    assert code == 0
    assert [json.loads(ln)["release"]["name"] for ln in out.splitlines()] == [
        "Pythia-6.9B",
        "OLMo-7B",
    ]


GEMMA_CARD = ROOT / "tests" / "cases" / "cards" / "google--gemma-2-9b" / "README.md"


def test_a_closed_pipe_keeps_the_verdicts_exit_code() -> None:
    # openness audit CARD | head -c 1: the reader goes away; the audit still fails the job.
    script = (
        f"{sys.executable} -m openness audit --format json {GEMMA_CARD} {GEMMA_CARD} "
        f"| head -c 1 >/dev/null; exit ${{PIPESTATUS[0]}}"
    )
    done = subprocess.run(["bash", "-c", script], capture_output=True, text=True, check=False)
    assert done.returncode == 1, done.stderr
    assert "Traceback" not in done.stderr


def test_disk_full_is_exit_two_with_one_line() -> None:
    if not Path("/dev/full").exists():
        pytest.skip("no /dev/full on this system")
    done = subprocess.run(
        [sys.executable, "-m", "openness", "score", "-o", "/dev/full", str(GEMMA_CARD)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 2
    assert len(done.stderr.strip().splitlines()) == 1, done.stderr
    assert "Traceback" not in done.stderr


@pytest.mark.parametrize("debug", [False, True], ids=["one-line", "debug-traceback"])
def test_an_internal_error_is_exit_three(debug: bool) -> None:
    # A bug (here: a reader that raises what no reader should) is told apart from bad input.
    code = (
        "import sys, openness._cli as cli\n"
        "def boom(*a, **k): raise ZeroDivisionError('a bug')\n"
        "cli.identify_license = boom\n"
        f"sys.exit(cli.main([*(['--debug'] if {debug} else []), 'license', 'MIT']))\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
    if debug:
        assert "Traceback" in done.stderr
        assert "ZeroDivisionError" in done.stderr
    else:
        assert done.returncode == 3
        message = "openness: internal error (ZeroDivisionError): a bug; run with --debug for the"
        assert done.stderr.strip().splitlines() == [f"{message} traceback"]
