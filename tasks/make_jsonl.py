"""Write a large JSONL corpus of native releases, made from the real ones, for benchmarks.

Each line is a real release (the bundled releases in ``data/releases`` and the Model Openness Tool
records in ``data/mot/models``, read by openness and written back in the native format) with its
name made unique. The corpus cycles through the real releases in a fixed shuffled order, so any
prefix of it has the same mix. Never commit the output: generate it into /tmp.

    python tasks/make_jsonl.py 1000000 /tmp/releases-1m.jsonl
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from pathlib import Path

import openness

ROOT = Path(__file__).resolve().parent.parent


def real_releases(root: Path = ROOT) -> list[dict[str, object]]:
    """Return every real release bundled with openness as a native mapping, in a fixed order."""
    paths = sorted((root / "data" / "releases").glob("*.yaml"))
    paths += sorted((root / "data" / "mot" / "models").glob("*.yml"))
    return [openness.score(p).release.to_mapping() for p in paths]


def write(out: Path, count: int, *, seed: int = 0, root: Path = ROOT) -> int:
    """Write *count* releases to *out* as JSONL; return the number of bytes written."""
    releases = real_releases(root)
    random.Random(seed).shuffle(releases)
    # Serialise each real release once; only the name changes from line to line.
    texts = []
    for r in releases:
        rest = json.dumps({k: v for k, v in r.items() if k != "name"}, ensure_ascii=False)
        texts.append((str(r["name"]), rest[1:]))
    written = 0
    with out.open("w", encoding="utf-8") as f:
        for i in range(count):
            name, rest = texts[i % len(texts)]
            head = json.dumps({"name": f"{name} #{i}"}, ensure_ascii=False)[:-1]
            line = f"{head}, {rest}\n" if rest != "}" else f"{head}}}\n"
            f.write(line)
            written += len(line.encode())
    return written


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("count", type=int, help="how many releases to write")
    parser.add_argument("out", type=Path, help="the JSONL file to write (e.g. in /tmp)")
    parser.add_argument("--seed", type=int, default=0, help="the order of the real releases")
    args = parser.parse_args(argv)
    size = write(args.out, args.count, seed=args.seed)
    print(f"{args.out}: {args.count:,} releases, {size / 1e6:.1f} MB", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
