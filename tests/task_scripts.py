"""The task scripts (tasks/ is no package) loaded as modules, for the tests that run them."""

from __future__ import annotations

import functools
import importlib.util
import sys
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from types import ModuleType

TASKS = Path(__file__).resolve().parent.parent / "tasks"


@functools.cache
def load(script: str, name: str | None = None) -> ModuleType:
    """Return ``tasks/<script>.py`` as a module named *name* (the script's own by default)."""
    spec = importlib.util.spec_from_file_location(name or script, TASKS / f"{script}.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # Dataclasses and pickling look the module up by name.
    spec.loader.exec_module(module)
    return module
