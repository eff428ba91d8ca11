#!/usr/bin/env bash
# Run the test suite with every runtime and test dependency at its lower bound.
#
#   bash tasks/check_min_deps.sh [VENV]     # VENV: where to make the fresh venv (default: a temp dir)
#
# The bounds are read from pyproject.toml (the runtime dependencies, the test extra and the extras
# it names, and the build backend), each ">=X" turned into "==X", and given to pip as
# constraints, so the build (setuptools) and every named package are at their lowest declared
# version while pip picks the rest. A bound that the suite fails on is a bound to raise.
set -euo pipefail
cd "$(dirname "$0")/.."
venv="${1:-$(mktemp -d)/venv}"
python3 -m venv "$venv"
# shellcheck source=/dev/null
. "$venv/bin/activate"
constraints="$venv/lower-bounds.txt"
python - "$constraints" <<'PY'
import re
import sys
import tomllib

with open("pyproject.toml", "rb") as f:
    doc = tomllib.load(f)
project = doc["project"]
extras = project["optional-dependencies"]
wanted = list(project["dependencies"]) + list(doc["build-system"]["requires"])
todo = ["test"]
seen: set[str] = set()
while todo:
    extra = todo.pop()
    if extra in seen:
        continue
    seen.add(extra)
    for req in extras[extra]:
        own = re.fullmatch(r"\s*openness\[([^\]]+)\]\s*", req)
        if own:
            todo += [e.strip() for e in own.group(1).split(",")]
        else:
            wanted.append(req)
pins = []
for req in wanted:
    name = re.match(r"\s*([A-Za-z0-9][A-Za-z0-9._-]*)", req)
    low = re.search(r">=\s*([^,;\s]+)", req)
    if name is None or low is None:
        sys.exit(f"pyproject.toml: {req!r} has no lower bound (>=) to test")
    pins.append(f"{name.group(1)}=={low.group(1)}")
with open(sys.argv[1], "w", encoding="utf-8") as f:
    f.write("\n".join(sorted(pins, key=str.lower)) + "\n")
PY
echo "== lower bounds (from pyproject.toml):" $(cat "$constraints")
# PIP_CONSTRAINT also reaches the isolated build environment (setuptools).
export PIP_CONSTRAINT="$constraints"
pip install -q -e '.[test]'
echo "== installed:"
pip list --format=freeze
echo "== python -m pytest -q"
python -m pytest -q -p no:cacheprovider
