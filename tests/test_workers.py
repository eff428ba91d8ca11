"""Worker processes under faults (issue 15, findings 14 and 19), each tried for real.

A loky worker is killed with SIGKILL while a batch runs: no record is lost (the unfinished ones
are scored again in the main process, in their places) and the run still exits 0 with one line
on stderr. SIGTERM stops a batch: every worker is gone, the output ends on a whole line and the
exit code is 143 (128 + 15, docs/security.md). The processes are found in /proc: the command
runs in a session of its own, so its process group is everything it started.
"""

from __future__ import annotations

import io
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
import task_scripts

import openness
from openness._cli import main

if TYPE_CHECKING:
    from collections.abc import Callable, Iterator

ROOT = Path(__file__).resolve().parent.parent
RECORDS = 40_000

pytestmark = pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="needs /proc")


@pytest.fixture(scope="module")
def big_jsonl(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A JSONL file of real releases, long enough that a batch runs for seconds."""
    make = task_scripts.load("make_jsonl")
    path = tmp_path_factory.mktemp("workers") / "releases.jsonl"
    make.write(path, RECORDS)
    return path


def _stat(pid: int) -> list[str] | None:
    try:
        text = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    return text[text.rindex(")") + 2 :].split()  # state, ppid, pgrp, ...


def _pids() -> Iterator[tuple[int, list[str]]]:
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit() and (fields := _stat(int(entry.name))) is not None:
            yield int(entry.name), fields


def group(pgid: int) -> list[int]:
    """The live (not zombie) processes of process group *pgid*."""
    return [pid for pid, f in _pids() if int(f[2]) == pgid and f[0] != "Z"]


def _cmdline(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode()
    except OSError:
        return ""


def workers(pids: list[int]) -> list[int]:
    return [p for p in pids if "LokyProcess" in _cmdline(p)]


def children_workers() -> list[int]:
    """This process's loky workers."""
    me = os.getpid()
    return workers([pid for pid, f in _pids() if int(f[1]) == me and f[0] != "Z"])


def wait_for(what: Callable[[], Any], seconds: float = 60) -> Any:
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        if found := what():
            return found
        time.sleep(0.05)
    pytest.fail(f"timed out after {seconds} s")


def start(argv: list[str], out: Path, err: Path) -> subprocess.Popen[bytes]:
    with out.open("wb") as o, err.open("wb") as e:
        return subprocess.Popen(
            [sys.executable, "-m", "openness", *argv],
            stdout=o,
            stderr=e,
            start_new_session=True,
            env={**os.environ, "PYTHONIOENCODING": "utf-8"},
        )


def started_scoring(p: subprocess.Popen[bytes], out: Path) -> list[int]:
    """Wait until both workers run and the first results are written; return the workers."""
    found = wait_for(lambda: len(w := workers(group(p.pid))) >= 2 and w)
    wait_for(lambda: out.stat().st_size > 0)
    assert p.poll() is None, "the batch ended before it could be interrupted"
    return list(found)


def jsonl_names(text: str) -> Iterator[str]:
    for line in text.splitlines():
        doc = json.loads(line)  # Each line whole.
        yield doc["release"]["name"]


def test_a_killed_worker_loses_no_record(big_jsonl: Path, tmp_path: Path) -> None:
    out, err = tmp_path / "out.jsonl", tmp_path / "err.txt"
    p = start(["score", "--format", "jsonl", "--jobs", "2", str(big_jsonl)], out, err)
    try:
        victims = started_scoring(p, out)
        os.kill(victims[0], signal.SIGKILL)
        code = p.wait(timeout=600)
    finally:
        if group(p.pid):
            os.killpg(p.pid, signal.SIGKILL)
    stderr = err.read_text("utf-8")
    assert "Traceback" not in stderr, stderr[-3000:]
    assert code == 0, stderr
    # One line, naming the records scored again (file:LINE to file:LINE).
    assert len(stderr.splitlines()) == 1, stderr
    assert "worker process stopped" in stderr
    assert f"{big_jsonl}:" in stderr
    assert "scored again in this process" in stderr
    # Every record, in its place: output line N is about input line N.
    names = list(jsonl_names(out.read_text("utf-8")))
    assert len(names) == RECORDS
    assert all(name.endswith(f" #{i}") for i, name in enumerate(names))
    wait_for(lambda: not group(p.pid), 10)


@pytest.mark.parametrize("fmt", ["jsonl", "table", "json"])
def test_sigterm_stops_the_workers_and_ends_on_a_whole_line(
    big_jsonl: Path, tmp_path: Path, fmt: str
) -> None:
    out, err = tmp_path / "out.txt", tmp_path / "err.txt"
    p = start(["score", "--format", fmt, "--jobs", "2", str(big_jsonl)], out, err)
    try:
        started_scoring(p, out)
        p.send_signal(signal.SIGTERM)
        code = p.wait(timeout=60)
        # No worker (nor loky's resource trackers) outlives the command.
        wait_for(lambda: not group(p.pid), 10)
    finally:
        if group(p.pid):
            os.killpg(p.pid, signal.SIGKILL)
    stderr = err.read_text("utf-8")
    assert "Traceback" not in stderr, stderr[-3000:]
    assert code == 128 + signal.SIGTERM, stderr
    assert stderr.splitlines() == ["openness: stopped by SIGTERM"]
    text = out.read_text("utf-8")
    assert text.endswith("\n")
    lines = text.splitlines()
    assert lines
    if fmt == "jsonl":
        names = list(jsonl_names(text))
        assert 0 < len(names) < RECORDS
        assert all(name.endswith(f" #{i}") for i, name in enumerate(names))
    elif fmt == "json":
        # Cut after a whole item: the array is left open, never closed as if complete.
        assert lines[0] == "["
        assert lines[-1] == "  }"
        with pytest.raises(json.JSONDecodeError):
            json.loads(text)
        json.loads(text + "]")
    else:
        assert lines[0].startswith("name")
        assert set(lines[1]) <= {"-", " "}
        assert all(" #" in line for line in lines[2:])


class _SignalMidWrite(io.StringIO):
    """An output that is sent SIGTERM in the middle of a line's write."""

    def __init__(self, after: int) -> None:
        super().__init__()
        self.after = after
        self.writes = 0

    def write(self, text: str) -> int:
        self.writes += 1
        if self.writes == self.after:
            half = len(text) // 2
            super().write(text[:half])
            signal.raise_signal(signal.SIGTERM)  # Held by the command until the write ends.
            return super().write(text[half:]) + half
        return super().write(text)


@pytest.mark.parametrize("after", [1, 2, 3])
def test_a_signal_during_a_write_waits_for_the_whole_line(
    tmp_path: Path, after: int, capsys: pytest.CaptureFixture[str]
) -> None:
    source = tmp_path / "x.jsonl"
    release = (ROOT / "data" / "releases" / "olmo-2-1124-7b.yaml").resolve()
    doc = openness.score(release).release.to_mapping()
    source.write_text("".join(json.dumps({**doc, "name": f"r{i}"}) + "\n" for i in range(5)))
    out = _SignalMidWrite(after)
    code = main(["score", "--format", "jsonl", "--jobs", "1", str(source)], out)
    assert code == 128 + signal.SIGTERM
    assert capsys.readouterr().err == "openness: stopped by SIGTERM\n"
    assert list(jsonl_names(out.getvalue())) == [f"r{i}" for i in range(after)]
    # The handler is the one before the command again.
    assert signal.getsignal(signal.SIGTERM) is signal.SIG_DFL


def test_score_many_rescores_a_killed_workers_records(big_jsonl: Path) -> None:
    results = openness.score_many(big_jsonl, n_jobs=2, transform=_name)
    names = [next(results)]
    victims = wait_for(children_workers)
    os.kill(victims[0], signal.SIGKILL)
    with pytest.warns(RuntimeWarning, match="scored again in this process"):
        names += list(results)
    assert len(names) == RECORDS
    assert all(name.endswith(f" #{i}") for i, name in enumerate(names))


def _name(a: openness.Assessment) -> str:
    return a.name
