"""Packaging: the package imports what it declares, and the training libraries are an extra."""

from __future__ import annotations

import ast
import importlib.metadata
import re
import sys
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))


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
