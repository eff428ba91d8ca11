"""The red-team's attacks (issue 15), one row each in tests/cases/hostile/attacks.json.

Each row names the class of attack it belongs to, the files it writes (a payload: text, a text
repeated, a file of tests/cases/hostile/attacks/, a symbolic link, a FIFO) and the command line
run over them; the run must end with an allowed exit code, at most one line on stderr, never a
traceback, within its time and memory, and without echoing what the row says must stay out.
"""

from __future__ import annotations

import io
import json
import os
import re
import subprocess
import sys
import time
import tracemalloc
from pathlib import Path
from typing import Any

import pytest

import openness
from openness._cli import main

ROOT = Path(__file__).resolve().parent.parent
HOSTILE = Path(__file__).resolve().parent / "cases" / "hostile"
TABLE = json.loads((HOSTILE / "attacks.json").read_text(encoding="utf-8"))
PAYLOADS: dict[str, Any] = TABLE["payloads"]
CASES: list[dict[str, Any]] = TABLE["cases"]
CLASSES = {
    1: "yaml-in-licence",
    2: "file-outside-folder",
    3: "parser-crash",
    4: "super-linear-regex",
    5: "recursion",
    6: "log-injection",
    7: "sarif-cost",
    8: "special-file",
    9: "open-washing-evasion",
    10: "statement-budget",
    11: "faults",
    12: "low",
}


def _text(spec: Any) -> str:
    """The text a payload spec stands for."""
    if isinstance(spec, str):
        return _text(PAYLOADS[spec[1:]]) if spec.startswith("$") else spec
    if "payload" in spec:
        return _text(PAYLOADS[spec["payload"]])
    if "file" in spec:
        return (HOSTILE / spec["file"]).read_text(encoding="utf-8")
    return (
        str(spec.get("prefix", "")) + spec["text"] * spec.get("repeat", 1) + spec.get("suffix", "")
    )


def _fill(value: Any) -> Any:
    """Replace every ``"$name"`` string (or payload spec under ``{"$": ...}``) inside *value*."""
    if isinstance(value, str):
        return _text(value) if value.startswith("$") else value
    if isinstance(value, dict):
        if set(value) == {"$"}:
            return _text(value["$"])
        return {k: _fill(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_fill(v) for v in value]
    return value


def _write(tmp: Path, name: str, spec: Any) -> None:
    path = tmp / name
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(spec, dict) and "symlink" in spec:
        path.symlink_to(spec["symlink"].replace("{tmp}", str(tmp)))
    elif isinstance(spec, dict) and "fifo" in spec:
        os.mkfifo(path)
    elif isinstance(spec, dict) and "json" in spec:
        path.write_text(json.dumps(_fill(spec["json"])), encoding="utf-8")
    elif isinstance(spec, dict) and "jsonl" in spec:
        lines = (
            json.dumps(_fill(r)) if not isinstance(r, str) else _text(r) for r in spec["jsonl"]
        )
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    elif isinstance(spec, dict) and "bytes" in spec:
        path.write_bytes(bytes.fromhex(spec["bytes"]) * spec.get("repeat", 1))
    else:
        path.write_text(_text(spec), encoding="utf-8")
    if isinstance(spec, dict) and "mode" in spec:
        path.chmod(spec["mode"])


def _in_process(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    out = io.StringIO()
    try:
        code = main(argv, out)
    except SystemExit as e:  # argparse
        code = int(e.code or 0)
    return code, out.getvalue(), capsys.readouterr().err


def _in_a_process(
    argv: list[str], tmp: Path, timeout: float, flags: list[str]
) -> tuple[int, str, str]:
    run = subprocess.run(
        [sys.executable, *flags, "-m", "openness._cli", *argv],
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
        cwd=tmp,
        env={**os.environ, "PYTHONIOENCODING": "utf-8"},
    )
    return run.returncode, run.stdout, run.stderr


def test_every_case_names_its_class() -> None:
    assert [c["id"] for c in CASES] == list(dict.fromkeys(c["id"] for c in CASES))
    for case in CASES:
        assert CLASSES[case["class"]] == case["class_name"], case["id"]
        assert 1 <= case["finding"] <= 25, case["id"]
    # Every reproducer file of attacks/ is used by a row.
    table = json.dumps(TABLE)
    for path in (HOSTILE / "attacks").iterdir():
        assert f"attacks/{path.name}" in table, path.name


@pytest.mark.parametrize("case", CASES, ids=[c["id"] for c in CASES])
def test_attack(case: dict[str, Any], tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    if case.get("skip_root") and os.geteuid() == 0:
        pytest.skip("root reads files whatever their mode")
    for name, spec in case.get("files", {}).items():
        _write(tmp_path, name, spec)
    argv = [a.replace("{tmp}", str(tmp_path)) for a in case["argv"]]
    limit_mb = case.get("max_mb")
    start = time.perf_counter()
    if case.get("process"):
        flags = case.get("python_flags", [])
        code, out, err = _in_a_process(argv, tmp_path, case.get("max_s", 60) * 2, flags)
        peak = 0
    else:
        if limit_mb:
            tracemalloc.start()
        try:
            code, out, err = _in_process(argv, capsys)
            peak = tracemalloc.get_traced_memory()[1] if limit_mb else 0
        finally:
            tracemalloc.stop()
    elapsed = time.perf_counter() - start
    assert "Traceback" not in err, err[-3000:]
    assert code in case.get("exit", [0, 1, 2]), (code, err[-2000:])
    assert len(err.splitlines()) <= case.get("stderr_lines", 1), err[-2000:]
    assert elapsed < case.get("max_s", 30), f"{elapsed:.1f} s"
    if limit_mb:
        assert peak < limit_mb * 2**20, f"peak {peak / 2**20:.0f} MB"
    shown = out + err
    for absent in case.get("absent", []):
        assert absent not in shown, absent
    for present in case.get("present", []):
        assert re.search(present, shown), (present, shown[-2000:])
    for pattern in case.get("absent_re", []):
        assert not re.search(pattern, shown), (pattern, shown[-2000:])


@pytest.mark.parametrize(
    "name",
    [
        pytest.param("x\n::error file=a::forged", id="annotation"),
        pytest.param("safe\r::warning::hidden", id="carriage-return"),
        pytest.param("evil\u202egnp.exe", id="bidi-override"),
        pytest.param("a\u2066b\u2069c\u200d", id="isolate-and-joiner"),
    ],
)
def test_explain_shows_each_name_on_its_line(tmp_path: Path, name: str) -> None:
    card = tmp_path / "README.md"
    card.write_text(f"---\nlicense: mit\nmodel_name: {json.dumps(name)}\n---\n# x\n", "utf-8")
    text = openness.score(card).explain()
    assert text.isprintable() or set(text) - set(text.replace("\n", "")) == {"\n"}
    assert not re.search(r"(?m)^::", text)
    assert all(line.isprintable() for line in text.splitlines())
