"""Write the published JSON Schemas from the pydantic models.

docs/release.schema.json: the release format (openness.Release);
docs/schemas/*.schema.json: every JSON output (assessment, audit record, decision, licence match,
batch error), from openness._outputs.

python tasks/export_schema.py           # write
python tasks/export_schema.py --check   # exit 1 if docs/ is stale
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from openness import Release  # noqa: E402
from openness._outputs import SCHEMAS, schema_of  # noqa: E402

OUT = ROOT / "docs" / "release.schema.json"
SCHEMA_DIR = ROOT / "docs" / "schemas"


def schema_text() -> str:
    schema = Release.model_json_schema(by_alias=False)
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["$id"] = "https://github.com/openness/openness/docs/release.schema.json"
    return json.dumps(schema, indent=2, sort_keys=True) + "\n"


def output_texts() -> dict[Path, str]:
    """Return each output schema's file and text."""
    return {
        SCHEMA_DIR / f"{name}.schema.json": json.dumps(schema_of(name), indent=2, sort_keys=True)
        + "\n"
        for name in SCHEMAS
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true")
    args = parser.parse_args()
    texts = {OUT: schema_text(), **output_texts()}
    if args.check:
        stale = [p for p, t in texts.items() if not p.is_file() or p.read_text("utf-8") != t]
        for path in stale:
            print(f"{path} is stale: run python tasks/export_schema.py", file=sys.stderr)
        return 1 if stale else 0
    SCHEMA_DIR.mkdir(exist_ok=True)
    for path, text in texts.items():
        path.write_text(text, encoding="utf-8")
        print(f"wrote {path.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
