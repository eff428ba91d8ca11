"""Benchmarks: each figure is a ratio to a baseline measured in the same run, on the same input.

    python -m pytest benchmarks                      # full run: tables, then the figures
    python -m pytest benchmarks --figures=out.json   # ... and the figures as JSON
    python -m pytest benchmarks --benchmark-disable  # quick: everything once (CI); no figures

Times are medians per item (a release, a record, a text). A quick run proves the benchmarks
work; it judges no speed, and the targets are reported, never asserted, in a full run.
"""

from __future__ import annotations

import json
import os
import platform
import random
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import corpus
import pytest

import openness

if TYPE_CHECKING:
    from collections.abc import Callable

ROOT = Path(__file__).resolve().parent.parent


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--figures", default=None, help="write the figures to this JSON file")


@dataclass
class Figure:
    name: str
    seconds: float
    """Median seconds per item (megabytes when ``unit`` is ``"MB"``, a share when ``"%"``)."""
    baseline: str | None = None
    ratio: float | None = None
    target: str = ""
    met: bool | None = None
    note: str = ""
    unit: str = "s"


class Figures:
    """The figures of this run, by name; a figure's baseline must be measured before it."""

    def __init__(self, quick: bool) -> None:
        self.quick = quick
        self.all: dict[str, Figure] = {}

    def add(
        self,
        name: str,
        benchmark: Any,
        *,
        per: int = 1,
        baseline: str | None = None,
        target: str = "",
        check: Callable[[Figure], bool] | None = None,
        note: str = "",
    ) -> Figure | None:
        """Record *benchmark*'s median per item (``None`` in a quick run)."""
        stats = getattr(benchmark, "stats", None)
        if self.quick or stats is None:
            return None
        return self.put(name, stats.stats.median / per, baseline=baseline, target=target,
                        check=check, note=note)  # fmt: skip

    def put(
        self,
        name: str,
        seconds: float,
        *,
        baseline: str | None = None,
        target: str = "",
        check: Callable[[Figure], bool] | None = None,
        note: str = "",
        unit: str = "s",
    ) -> Figure:
        fig = Figure(name, seconds, baseline, target=target, note=note, unit=unit)
        if baseline is not None and baseline in self.all:
            fig.ratio = seconds / self.all[baseline].seconds
        if check is not None:
            fig.met = check(fig)
        self.all[name] = fig
        return fig


def _quick(config: pytest.Config) -> bool:
    return bool(config.getoption("benchmark_disable", default=False))


@pytest.fixture(scope="session")
def figures(request: pytest.FixtureRequest) -> Figures:
    found: Figures = request.config.stash.setdefault(_FIGURES, Figures(_quick(request.config)))
    return found


_FIGURES = pytest.StashKey[Figures]()


@pytest.fixture(scope="session")
def quick(request: pytest.FixtureRequest) -> bool:
    return _quick(request.config)


def _human(seconds: float, unit: str = "s") -> str:
    if unit == "%":
        return f"{seconds:.1f} %"
    if unit != "s":
        return f"{seconds:,.0f} {unit}"
    if seconds >= 1:
        return f"{seconds:.2f} s"
    if seconds >= 1e-3:
        return f"{seconds * 1e3:.2f} ms"
    return f"{seconds * 1e6:.1f} us"


def machine() -> dict[str, Any]:
    """The machine the figures were measured on."""
    model = platform.processor() or "?"
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.exists():
        for line in cpuinfo.read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    return {
        "cpu": model,
        "cores": os.cpu_count(),
        "python": platform.python_version(),
        "system": platform.platform(),
        "openness": openness.__version__,
    }


def pytest_terminal_summary(terminalreporter: Any, config: pytest.Config) -> None:
    found = config.stash.get(_FIGURES, None)
    if found is None:
        return
    write = terminalreporter.write_line
    if found.quick:
        terminalreporter.section("figures")
        write("quick run (--benchmark-disable): every benchmark ran once; no figures")
        return
    if not found.all:
        return
    terminalreporter.section("figures (median per item; ratio to the baseline in this run)")
    m = machine()
    write(f"{m['cpu']}, {m['cores']} cores, Python {m['python']}")
    for f in found.all.values():
        ratio = f" = {f.ratio:.2f}x {f.baseline}" if f.ratio is not None else ""
        met = {True: " [met]", False: " [MISSED]", None: ""}[f.met]
        target = f"  target {f.target}{met}" if f.target else ""
        note = f"  ({f.note})" if f.note else ""
        write(f"  {f.name:44s} {_human(f.seconds, f.unit):>10s}{ratio}{target}{note}")
    out = config.getoption("figures")
    if out:
        doc = {"machine": m, "figures": [asdict(f) for f in found.all.values()]}
        Path(out).write_text(json.dumps(doc, indent=2) + "\n", encoding="utf-8")


# The inputs: the real releases, and corpora made from them.


def native_releases() -> list[dict[str, Any]]:
    """The bundled releases (data/releases), as native mappings."""
    paths = sorted((ROOT / "data" / "releases").glob("*.yaml"))
    return [openness.score(p).release.to_mapping() for p in paths]


@pytest.fixture(scope="session")
def native() -> list[dict[str, Any]]:
    return native_releases()


def fuzzed_releases(count: int, seed: int = 0) -> list[dict[str, Any]]:
    """Releases with (nearly) every one a profile of its own: components, terms and access drawn
    at random from the real releases' licences; what a varied catalogue looks like to the
    rules' memo (see _judge._judged)."""
    rng = random.Random(seed)  # noqa: S311 - a fixed corpus, not a secret
    licences = sorted(
        {
            c.get("license") or ""
            for m in native_releases()
            for c in m.get("components", {}).values()
            if isinstance(c, dict)
        }
        - {""}
    )
    out = []
    for i in range(count):
        components: dict[str, Any] = {}
        for name in openness.COMPONENTS:
            if rng.random() < 0.55:
                c: dict[str, Any] = {"license": rng.choice(licences)}
                if rng.random() < 0.1:
                    c["partial"] = True
                components[name] = c
        access = rng.choice(["open", "registration", "on_request", "api", None])
        m: dict[str, Any] = {"name": f"fuzzed {i}", "components": components}
        if access:
            m["access"] = access
        if rng.random() < 0.5:
            m["monetised"] = rng.random() < 0.3
        out.append(m)
    return out


@pytest.fixture(scope="session")
def fuzzed() -> list[dict[str, Any]]:
    return fuzzed_releases(300)


@pytest.fixture(scope="session")
def make_jsonl(tmp_path_factory: pytest.TempPathFactory) -> Callable[[int], Path]:
    """Write (once) a JSONL corpus of *count* real releases with unique names; return its path."""
    module = corpus.make_jsonl()
    folder = tmp_path_factory.mktemp("corpora")

    def make(count: int) -> Path:
        path = folder / f"releases-{count}.jsonl"
        if not path.exists():
            module.write(path, count)
        return path

    return make
