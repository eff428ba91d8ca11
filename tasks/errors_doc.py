"""Write docs/errors.md's findings and flags from the rule catalogue (openness._catalogue).

python tasks/errors_doc.py          # rewrite the generated part
python tasks/errors_doc.py --check  # exit 1 if it is not what the catalogue gives
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from openness._catalogue import CATALOGUE, FLAGS

DOC = Path(__file__).resolve().parent.parent / "docs" / "errors.md"
START = "<!-- generated from openness._catalogue by tasks/errors_doc.py: do not edit below -->"

_GROUPS = (
    (
        "The final weights (OWD 0.3; `osaid-`: OSAID 1.0 Parameters; `eu-`: EU AI Act Art. 53(2))",
        lambda r: "weights-" in r and not r.startswith(("claim-", "hf-", "expert-")),
    ),
    ("Claims", lambda r: r.startswith("claim-")),
    ("Data information (OSAID 1.0: Data Information)", lambda r: r.startswith("data-information")),
    ("EU AI Act Art. 53(2)", lambda r: r.startswith("eu-")),
    ("Model Openness Framework 1.0 classes", lambda r: r.startswith("mof-")),
    (
        "Readers",
        lambda r: (
            r.split("-")[0] in {"hf", "mot", "cyclonedx", "expert", "hub", "folder", "osai", "base"}
            and not r.startswith("base-model")
        ),
    ),
    ("Components (OSAID 1.0: Code; MOF 1.0 Class I)", lambda _: True),
)


def render() -> str:
    lines = [
        START,
        "",
        "## Findings",
        "",
        "Severity: `BLOCK` fails the requirement cited, or leaves it `unverified` when the",
        "finding reports *missing evidence* (the source does not say) rather than *proof*; a",
        "verdict fails only on proof. `WARN` is a weakness worth a look; `INFO` is context. Each",
        "finding's `evidence` is `missing` or `proof`, as listed here.",
    ]
    left = dict(sorted(CATALOGUE.items()))
    for title, belongs in _GROUPS:
        rows = {r: e for r, e in left.items() if belongs(r)}
        for r in rows:
            del left[r]
        if not rows:
            continue
        lines += [
            "",
            f"### {title}",
            "",
            "| rule id | severity | evidence | flag | meaning |",
            "|---|---|---|---|---|",
        ]
        lines += [
            f"| `{r}` | {e.severity.name} | {e.evidence} | {f'`{e.flag}`' if e.flag else '-'} | "
            f"{e.doc}{f' ({e.clause})' if e.clause else ''} |"
            for r, e in rows.items()
        ]
    lines += [
        "",
        "## Flags",
        "",
        "`Assessment.flags` is the one flag set every output shows:",
        "",
        "| flag | raised by |",
        "|---|---|",
    ]
    for flag in sorted(FLAGS):
        by = sorted(r for r, e in CATALOGUE.items() if e.flag == flag)
        shown = ", ".join(f"`{r}`" for r in by) or f"level `{flag.replace('-only', '').upper()}`"
        if flag == "api-only":
            shown = "level `HOSTED`"
        lines.append(f"| `{flag}` | {shown} |")
    return "\n".join(lines) + "\n"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--check", action="store_true")
    args = parser.parse_args()
    text = DOC.read_text(encoding="utf-8")
    head = text.split(START)[0] if START in text else text.split("## Findings")[0]
    new = head.rstrip("\n") + "\n\n" + render()
    if args.check:
        if new != text:
            print("docs/errors.md is not what the catalogue gives: run python tasks/errors_doc.py")
            return 1
        return 0
    DOC.write_text(new, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
