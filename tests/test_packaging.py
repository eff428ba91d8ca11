"""Packaging: ``python -m openness`` is the command line, the version is written once, and the
package imports what it declares (the training libraries are an extra)."""

from __future__ import annotations

import ast
import importlib.metadata
import re
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

import openness

ROOT = Path(__file__).resolve().parent.parent
PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))


@pytest.mark.parametrize(
    ("args", "code", "out"),
    [
        pytest.param(["--version"], 0, f"openness {openness.__version__}", id="version"),
        pytest.param(["license", "apache 2"], 0, "Apache-2.0", id="license"),
        pytest.param(["score", "data/releases/pythia-6.9b.yaml"], 0, "pythia", id="score"),
        pytest.param(["score", "no/such/file.yaml"], 2, "", id="missing-file"),
    ],
)
def test_python_m_openness_is_the_command_line(args: list[str], code: int, out: str) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "openness", *args],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
        cwd=ROOT,
    )
    assert done.returncode == code, done.stderr
    assert out.lower() in done.stdout.lower()
    if code:
        assert len(done.stderr.strip().splitlines()) == 1, done.stderr


def test_the_version_is_written_once() -> None:
    assert "version" not in PYPROJECT["project"]
    assert "version" in PYPROJECT["project"]["dynamic"]
    assert PYPROJECT["tool"]["setuptools"]["dynamic"]["version"] == {"attr": "openness.__version__"}
    assert importlib.metadata.version("openness") == openness.__version__


def _name(requirement: str) -> str:
    return re.split(r"[\s\[<>=!~;]", requirement, maxsplit=1)[0].lower().replace("_", "-")


RUNTIME = {_name(r) for r in PYPROJECT["project"]["dependencies"]}
EXTRAS = {
    extra: {_name(r) for r in reqs}
    for extra, reqs in PYPROJECT["project"]["optional-dependencies"].items()
}


def _imported(path: Path) -> set[str]:
    """Top-level names of the modules *path* imports, other than the standard library's."""
    names = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names |= {a.name.partition(".")[0] for a in node.names}
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names.add(node.module.partition(".")[0])
    return names - set(sys.stdlib_module_names) - {"openness"}


@pytest.mark.parametrize(
    "path", sorted((ROOT / "src" / "openness").rglob("*.py")), ids=lambda p: p.name
)
def test_the_package_imports_only_what_it_declares(path: Path) -> None:
    """Each import is a runtime dependency or a feature's extra; never the train extra."""
    features = set().union(*(EXTRAS[e] for e in EXTRAS if e not in {"test", "lint", "train"}))
    dists = importlib.metadata.packages_distributions()
    for module in _imported(path):
        names = {d.lower().replace("_", "-") for d in dists.get(module, [module])}
        assert names & (RUNTIME | features), f"{module} ({names}) is not declared"
        assert not names & EXTRAS["train"], f"{module}: the train extra is not for the package"


def test_the_runtime_needs_no_training_library() -> None:
    assert {"numpy", "joblib", "pydantic", "pyyaml"} <= RUNTIME
    assert {"scikit-learn", "scipy"} <= EXTRAS["train"]
    assert not {"scikit-learn", "scipy"} & RUNTIME
