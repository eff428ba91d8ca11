"""The red-team's attacks (issue 15), one row each in tests/cases/hostile/attacks.json.

Each row names the class of attack it belongs to and the finding it reproduces, the files it
writes (a payload: text, a text repeated, a file of tests/cases/hostile/attacks/, a symbolic
link, a FIFO, real releases as JSONL, the knowledge base edited) and the command line run over
them, in this process or in one of its own (``process``), there with its standard output closed
(``close_stdout``) or a signal sent to it or to one of its workers once it scores
(``interrupt``); or a call of the API (``api``: a CSV of ``to_frame``, the knowledge base's
check, ``plot_scale``). The run must end with an allowed exit code, at most one line on stderr,
never a traceback, within its time and memory, and without echoing what the row says must stay
out.
"""

from __future__ import annotations

import fnmatch
import io
import json
import os
import re
import signal
import subprocess
import sys
import time
import tracemalloc
from pathlib import Path
from typing import Any

import pytest
import task_scripts
from test_workers import group, started_scoring, wait_for, workers

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
    if "numbered" in spec:  # "License: q{i}. " for i in range(count): every one different
        body = "".join(spec["numbered"].format(i=i) for i in range(spec["count"]))
    else:
        body = spec["text"] * spec.get("repeat", 1)
    return str(spec.get("prefix", "")) + body + spec.get("suffix", "")


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
    elif isinstance(spec, dict) and "jsonl_real" in spec:
        _make_jsonl().write(path, spec["jsonl_real"])
    elif isinstance(spec, dict) and "kb_edit" in spec:
        edit = spec["kb_edit"]
        kb = json.loads((Path(openness.__file__).parent / "data" / "licenses.json").read_bytes())
        kb["licenses"][edit["license"]][edit["field"]] = edit["value"]
        path.write_text(json.dumps(kb, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    else:
        path.write_text(_text(spec), encoding="utf-8")
    if isinstance(spec, dict) and "mode" in spec:
        path.chmod(spec["mode"])


def _make_jsonl() -> Any:
    """tasks/make_jsonl.py: real releases as JSONL, each name made unique (``NAME #i``)."""
    return task_scripts.load("make_jsonl")


class _Discard(io.StringIO):
    """An output that keeps nothing: what a row measures is the command's own memory."""

    def write(self, text: str) -> int:
        return len(text)


def _in_process(
    argv: list[str], capsys: pytest.CaptureFixture[str], *, discard: bool = False
) -> tuple[int, str, str]:
    out = _Discard() if discard else io.StringIO()
    try:
        code = main(argv, out)
    except SystemExit as e:  # argparse
        code = int(e.code or 0)
    return code, out.getvalue(), capsys.readouterr().err


def _api_csv(path: str) -> str:
    """The CSV a spreadsheet opens: ``to_frame(..., sanitize=True).to_csv()``."""
    text: str = openness.to_frame([openness.score(path)], sanitize=True).to_csv(index=False)
    return text


def _api_kb(path: str) -> str:
    """The knowledge base's check, on a table read from *path* (as the package reads its own)."""
    from openness.licenses._kb import checked_kb  # noqa: PLC0415 - the check itself

    kb = checked_kb(Path(path).read_bytes())
    return f"accepted, {len(kb.licenses)} licences"


def _api_plot(path: str) -> str:
    """``plot_scale`` of one release, drawn: every label is text, as written."""
    import matplotlib as mpl  # noqa: PLC0415 - the plot extra

    mpl.use("Agg")
    import matplotlib.pyplot as plt  # noqa: PLC0415

    ax = openness.plot_scale([openness.score(path)], labels="all")
    try:
        ax.figure.canvas.draw()
        return "\n".join(t.get_text() for t in ax.texts)
    finally:
        plt.close("all")


_API = {"csv": _api_csv, "kb": _api_kb, "plot": _api_plot}


def _by_api(name: str, argv: list[str]) -> tuple[int, str, str]:
    """Call an API function as the command line would: an OpennessError is exit 2, one line."""
    try:
        return 0, _API[name](*argv), ""
    except openness.OpennessError as e:
        return 2, "", f"{e}\n"


def _closed_stdout(argv: list[str], tmp: Path, timeout: float) -> tuple[int, str, str]:
    """Run the command with its standard output a pipe whose reader has gone already."""
    read, write = os.pipe()
    os.close(read)
    try:
        run = subprocess.run(
            [sys.executable, "-m", "openness", *argv],
            stdout=write,
            stderr=subprocess.PIPE,
            text=True,
            timeout=timeout,
            check=False,
            cwd=tmp,
            env={**os.environ, "PYTHONIOENCODING": "utf-8"},
        )
    finally:
        os.close(write)
    return run.returncode, "", run.stderr


def _interrupted(
    argv: list[str], tmp: Path, interrupt: dict[str, str], timeout: float
) -> tuple[int, str, str]:
    """Run the command, and once it scores, send a signal to it or to one of its workers.

    The command runs in a session of its own: when it has ended, nothing of its process group
    may be left (no worker, no resource tracker).
    """
    out, err = tmp / "stdout.txt", tmp / "stderr.txt"
    with out.open("wb") as o, err.open("wb") as e:
        p = subprocess.Popen(
            [sys.executable, "-m", "openness", *argv],
            stdout=o,
            stderr=e,
            cwd=tmp,
            start_new_session=True,
            env={**os.environ, "PYTHONIOENCODING": "utf-8"},
        )
    try:
        started_scoring(p, out)
        sig = getattr(signal, interrupt["signal"])
        target = p.pid if interrupt["target"] == "command" else workers(group(p.pid))[0]
        os.kill(target, sig)
        code = p.wait(timeout=timeout)
        wait_for(lambda: not group(p.pid), 10)
    finally:
        if group(p.pid):
            os.killpg(p.pid, signal.SIGKILL)
    return code, out.read_text("utf-8"), err.read_text("utf-8")


def _run_case(
    case: dict[str, Any], argv: list[str], tmp: Path, capsys: pytest.CaptureFixture[str]
) -> tuple[int, str, str, int]:
    """Run a row's command (or call) as the row says; return code, stdout, stderr, peak bytes."""
    timeout = case.get("max_s", 60) * 2
    if "api" in case:
        return (*_by_api(case["api"], argv), 0)
    if "interrupt" in case:
        return (*_interrupted(argv, tmp, case["interrupt"], timeout), 0)
    if case.get("close_stdout"):
        return (*_closed_stdout(argv, tmp, timeout), 0)
    if case.get("process"):
        return (*_in_a_process(argv, tmp, timeout, case.get("python_flags", [])), 0)
    limit_mb = case.get("max_mb")
    if "warm" in case:
        # What is loaded once (the knowledge base, the classifier) is not what the row measures.
        _in_process([a.replace("{tmp}", str(tmp)) for a in case["warm"]], capsys, discard=True)
    if limit_mb:
        tracemalloc.start()
    try:
        code, out, err = _in_process(argv, capsys, discard=case.get("output") == "discard")
        peak = tracemalloc.get_traced_memory()[1] if limit_mb else 0
    finally:
        tracemalloc.stop()
    return code, out, err, peak


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
    # Every one of the 25 findings is kept as a case.
    assert {c["finding"] for c in CASES} == set(range(1, 26))


def test_the_findings_table_names_real_rows() -> None:
    # docs/security.md: a row per finding, each naming rows of attacks.json that exist.
    text = (ROOT / "docs" / "security.md").read_text(encoding="utf-8")
    table = text.split("## The red-team's 25 findings", 1)[1]
    rows = [line for line in table.splitlines() if re.match(r"\| \d+ \|", line)]
    assert [int(r.split("|")[1]) for r in rows] == list(range(1, 26))
    ids = [c["id"] for c in CASES]
    for row in rows:
        finding = int(row.split("|")[1])
        named = [t for t in re.findall(r"`([a-z0-9*-]+)`", row.split("|")[5]) if "-" in t]
        assert named, row[:80]
        for token in named:
            assert fnmatch.filter(ids, token), (token, row[:80])
        # And each names at least one of its finding's own rows.
        own = {c["id"] for c in CASES if c["finding"] == finding}
        assert any(set(fnmatch.filter(ids, t)) & own for t in named), row[:80]


def _check_lines(case: dict[str, Any], out: str) -> None:
    """Check the lines of the output the row asks about."""
    if "out_lines" in case:
        # Lines as str.splitlines reads them (U+2028 and U+0085 break a line too).
        assert len(out.splitlines()) == case["out_lines"], out[-2000:]
    if case.get("whole_lines"):
        # Ends on a whole line; as JSONL, every line parses and output line N is record N.
        assert out.endswith("\n"), out[-200:]
        if case.get("lines_are_records"):
            names = [json.loads(line)["release"]["name"] for line in out.splitlines()]
            assert names, "no line written"
            assert all(name.endswith(f" #{i}") for i, name in enumerate(names))
            assert len(names) == case.get("records", len(names))


@pytest.mark.parametrize("case", CASES, ids=[c["id"] for c in CASES])
def test_attack(case: dict[str, Any], tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    if case.get("skip_root") and os.geteuid() == 0:
        pytest.skip("root reads files whatever their mode")
    if "needs" in case and not Path(case["needs"]).exists():
        pytest.skip(f"no {case['needs']} on this system")
    for name, spec in case.get("files", {}).items():
        _write(tmp_path, name, spec)
    argv = [a.replace("{tmp}", str(tmp_path)) for a in case["argv"]]
    limit_mb = case.get("max_mb")
    start = time.perf_counter()
    code, out, err, peak = _run_case(case, argv, tmp_path, capsys)
    elapsed = time.perf_counter() - start
    assert "Traceback" not in err, err[-3000:]
    assert code in case.get("exit", [0, 1, 2]), (code, err[-2000:])
    assert len(err.splitlines()) <= case.get("stderr_lines", 1), err[-2000:]
    assert len(err) <= case.get("max_err_chars", len(err)), len(err)
    assert elapsed < case.get("max_s", 30), f"{elapsed:.1f} s"
    if limit_mb and peak:
        assert peak < limit_mb * 2**20, f"peak {peak / 2**20:.0f} MB"
    _check_lines(case, out)
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
