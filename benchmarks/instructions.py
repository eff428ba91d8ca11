"""Instructions per release, counted by valgrind: a figure that load on the machine cannot move.

Timings on a shared machine wander by 2x between runs; instruction counts repeat. Each figure is
the instructions of a process doing *what* three times over 300 varied releases, less those of
the same process doing it zero times, divided by 900; a ratio is to validation of the same
releases, counted the same way.

    python benchmarks/instructions.py            # validate, cold score, and its parts
    python benchmarks/instructions.py cold read  # some of them

Needs valgrind (``apt install valgrind``); takes a minute or two per figure.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
WHAT = ("validate", "read", "profile", "parts", "compose", "cold", "warm")
PASSES, COUNT = 3, 300


def _work(what: str, passes: int) -> None:
    sys.path.insert(0, str(HERE))
    from conftest import fuzzed_releases  # noqa: PLC0415 - the benchmarks' own corpus

    import openness  # noqa: PLC0415
    from openness import _judge, _parts  # noqa: PLC0415
    from openness.readers import _sources  # noqa: PLC0415

    varied = fuzzed_releases(COUNT)
    for m in varied:  # Licences resolved and the parts made, as in bench_score.py.
        openness.score(m)
    releases = [openness.Release.model_validate(m) for m in varied]
    profiles = [_judge._profile(r) for r in releases]  # noqa: SLF001

    def parts() -> list[list[_parts.Part]]:  # Every part made above: nothing needs the facts.
        return [
            _parts.parts_by_text(r, p[1], p[2], _no_facts)
            for r, p in zip(releases, profiles, strict=True)
        ]

    listed = parts()
    steps = {
        "validate": lambda: [openness.Release.model_validate(m) for m in varied],
        "read": lambda: [_sources.read(m) for m in varied],
        "profile": lambda: [_judge._profile(r) for r in releases],  # noqa: SLF001
        "parts": parts,
        "compose": lambda: [
            _judge._compose(r, ps, _no_facts)  # noqa: SLF001
            for r, ps in zip(releases, listed, strict=True)
        ],
        "cold": lambda: _judge._JUDGED.clear() or [openness.score(m) for m in varied],  # noqa: SLF001
        "warm": lambda: [openness.score(m) for m in varied],
    }
    for _ in range(passes):
        steps[what]()


def _no_facts() -> Any:
    raise AssertionError("a part or a stand-in not made in the warm-up pass")


def _instructions(what: str, passes: int) -> int:
    valgrind = shutil.which("valgrind")
    if valgrind is None:
        raise SystemExit("valgrind is not installed")
    done = subprocess.run(  # noqa: S603 - our own interpreter and script
        [
            valgrind,
            "--tool=callgrind",
            "--callgrind-out-file=/dev/null",
            sys.executable,
            __file__,
            "--run",
            what,
            str(passes),
        ],
        capture_output=True,
        text=True,
        check=True,
        env={**os.environ, "PYTHONHASHSEED": "0"},
    )
    found = re.search(r"Collected : (\d+)", done.stderr)
    if found is None:
        raise SystemExit(f"no instruction count from valgrind: {done.stderr[-500:]}")
    return int(found.group(1))


def main(argv: list[str]) -> None:
    if argv[:1] == ["--run"]:
        _work(argv[1], int(argv[2]))
        return
    figures = {}
    for what in argv or WHAT:
        figures[what] = (_instructions(what, PASSES) - _instructions(what, 0)) / (PASSES * COUNT)
        line = f"{what:10s} {figures[what]:>10,.0f} instructions per release"
        if "validate" in figures and what != "validate":
            line += f"  {figures[what] / figures['validate']:.2f}x validate"
        sys.stdout.write(line + "\n")
        sys.stdout.flush()


if __name__ == "__main__":
    main(sys.argv[1:])
