"""The benchmarks' JSONL corpora: tasks/make_jsonl.py, loaded as a module (tasks/ is no package)."""

from __future__ import annotations

import importlib.util
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from types import ModuleType

ROOT = Path(__file__).resolve().parent.parent


def make_jsonl() -> ModuleType:
    """Return tasks/make_jsonl.py: ``write(path, count)`` writes a corpus of real releases."""
    spec = importlib.util.spec_from_file_location("make_jsonl", ROOT / "tasks" / "make_jsonl.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module
