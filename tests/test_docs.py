"""The documents show real output: their examples run as doctests against this checkout."""

from __future__ import annotations

import doctest
import os
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.parametrize("name", ["quickstart.md"])
def test_document_examples_run(name: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MPLBACKEND", "Agg")
    monkeypatch.chdir(ROOT)  # The examples name files relative to the repository.
    result = doctest.testfile(
        os.fspath(ROOT / "docs" / name),
        module_relative=False,
        optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE,
        verbose=False,
    )
    assert result.attempted > 10
    assert result.failed == 0


# An import of a private module: `import openness._x`, `from openness._x import y`,
# `from openness import _x`, and the same inside the private packages (`openness.licenses._kb`).
_PRIVATE_IMPORT = re.compile(
    r"^\s*(?:>>>|\.\.\.)?\s*(?:import\s+openness(?:\.\w+)*\._"
    r"|from\s+openness(?:\.\w+)*\._\S*\s+import\b"
    r"|from\s+openness(?:\.\w+)*\s+import\s+(?:\(\s*)?(?:\w+\s*,\s*)*_)",
    re.MULTILINE,
)
PUBLIC_DOCS = [*sorted((ROOT / "docs").glob("*.md")), ROOT / "README.md"]


def private_imports(text: str) -> list[str]:
    return [m.group(0).strip() for m in _PRIVATE_IMPORT.finditer(text)]


@pytest.mark.parametrize(
    ("line", "private"),
    [
        pytest.param(">>> from openness._report import check_claims", True, id="from-private"),
        pytest.param("import openness.licenses._kb as kb", True, id="import-private"),
        pytest.param("from openness import score, _cli", True, id="private-name"),
        pytest.param(">>> import openness", False, id="public"),
        pytest.param("from openness import score, to_frame", False, id="public-names"),
        pytest.param("<!-- generated from openness._catalogue -->", False, id="mention"),
    ],
)
def test_private_import_is_found(line: str, private: bool) -> None:
    assert bool(private_imports(line)) is private


@pytest.mark.parametrize("path", PUBLIC_DOCS, ids=[p.name for p in PUBLIC_DOCS])
def test_public_docs_use_only_public_names(path: Path) -> None:
    assert private_imports(path.read_text(encoding="utf-8")) == []
