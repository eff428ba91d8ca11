"""openness's classifier side by side with ScanCode toolkit on the same held-out files, in one run.

ScanCode toolkit is the reference licence detector. It is heavy and is not a dependency of
openness: install it in a separate environment, with openness itself, and run this from the
repository root::

    python3 -m venv /tmp/scvenv
    /tmp/scvenv/bin/pip install scancode-toolkit 'pluggy<1.1' -e '.[train]'
    /tmp/scvenv/bin/python benchmarks/compare_scancode.py [--limit N] [--names-only]

Without ScanCode it says so and exits 0. The files are the held-out *test* texts of
``tasks/train_classifier.py`` (augmentation kinds the model never saw: markdown, truncated,
quoted in a model card) of every AI licence class, written to a temporary folder. Each tool reads
each file from disk. ScanCode's answer is the licence of its detection covering the most text,
mapped into the knowledge base like openness's classes; a file counts as right when that licence
is the expected one. Both tools are warmed first (ScanCode builds or loads its licence index
on the first file); then each file is timed, reading included, and the medians compared.

In the same run, the real held-out names, ids and addresses (``tests/cases/license_names.tsv``,
which no reference of the name model contains): each written to a file of one line, read by both
tools. openness's answer is ``identify_license``'s licence (rules first, then the model above its
threshold); ScanCode's, its detection covering the most text, a detection of an unknown or
unspecified licence (``unknown-license-reference``...) counting as no answer. A string that names
no licence is right when no licence is answered.
"""

# ruff: noqa: T201 - a benchmark prints its figures

from __future__ import annotations

import argparse
import importlib.util
import re
import statistics
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tasks"))


def scancode_answer(result: dict[str, Any]) -> str | None:
    """The licence key of ScanCode's detection that covers the most text (its top-1)."""
    best: tuple[int, str] | None = None
    for det in result.get("license_detections") or []:
        for m in det.get("matches") or []:
            length = int(m.get("matched_length") or 0)
            key = m.get("spdx_license_expression") or m.get("license_expression_spdx") or ""
            key = key or m.get("license_expression") or ""
            if best is None or length > best[0]:
                best = (length, key)
    return best[1] if best else None


def _report(rows: list[Any], ours_first: float, theirs_first: float) -> None:
    from importlib.metadata import version  # noqa: PLC0415

    import openness  # noqa: PLC0415

    n = len(rows)
    ours_ok = sum(a == s.label for s, a, *_ in rows)
    theirs_ok = sum(b == s.label for s, _, b, *_ in rows)
    ours_t = statistics.median(r[3] for r in rows)
    theirs_t = statistics.median(r[4] for r in rows)
    print(f"scancode-toolkit {version('scancode-toolkit')}, openness {openness.__version__}")
    print(f"{n} held-out files of {len({s.label for s, *_ in rows})} AI licences")
    print(f"top-1 accuracy: openness {ours_ok / n:.4f}, ScanCode {theirs_ok / n:.4f}")
    safe = sum(a == s.label and ok for s, a, _, _, _, ok in rows)
    print(f"openness right and above its threshold (counted by score()): {safe / n:.4f}")
    for kind in sorted({s.kind for s, *_ in rows}):
        sel = [r for r in rows if r[0].kind == kind]
        a = sum(r[1] == r[0].label for r in sel) / len(sel)
        b = sum(r[2] == r[0].label for r in sel) / len(sel)
        print(f"  {kind:12s} openness {a:.4f}  ScanCode {b:.4f}  ({len(sel)} files)")
    print(
        f"per file, warm (median, reading included): openness {ours_t * 1000:.2f} ms, "
        f"ScanCode {theirs_t * 1000:.1f} ms: {theirs_t / ours_t:.0f}x faster"
    )
    print(f"first file (loading): openness {ours_first:.2f} s, ScanCode {theirs_first:.1f} s")
    missed = Counter(s.label for s, _, b, *_ in rows if b != s.label)
    print("ScanCode's misses by licence:", ", ".join(f"{k} {v}" for k, v in missed.most_common()))
    missed = Counter(s.label for s, a, *_ in rows if a != s.label)
    print("openness's misses by licence:", ", ".join(f"{k} {v}" for k, v in missed.most_common()))
    said = Counter((s.label, b, s.kind) for s, _, b, *_ in rows if b != s.label)
    print("ScanCode's answers when wrong (expected -> answer, kind: files):")
    for (label, answer, kind), count in sorted(said.items(), key=lambda x: (-x[1], x[0][0])):
        print(f"  {label} -> {answer}, {kind}: {count}")


_NOT_A_LICENCE = re.compile(
    r"unknown|free-unknown|other-(?:permissive|copyleft)|generic", re.IGNORECASE
)


def names_side_by_side(get_licenses: Any, tmp: Path) -> None:
    """Both tools on the held-out names, ids and addresses, per kind."""
    import train_classifier as train  # noqa: PLC0415

    import openness  # noqa: PLC0415
    from openness.licenses._kb import lookup_license  # noqa: PLC0415

    def theirs(path: Path) -> str | None:
        key = scancode_answer(get_licenses(str(path)))
        if not key or _NOT_A_LICENCE.search(key):
            return None
        lic = lookup_license(key.split(" ")[0].strip("()"))
        return lic.id if lic else key

    rows = []
    for i, (text, expected, kind) in enumerate(train.heldout()):
        path = tmp / f"name-{i:04d}.txt"
        path.write_text(text + "\n", encoding="utf-8")
        t0 = time.perf_counter()
        m = openness.identify_license(path.read_text(encoding="utf-8"))
        t1 = time.perf_counter()
        b = theirs(path)
        t2 = time.perf_counter()
        a = m.license.id if m.license else None
        rows.append((text, expected, kind, a, b, t1 - t0, t2 - t1))

    def right(got: str | None, expected: str) -> bool:
        return (
            got is None if not expected else got is not None and train.same_licence(got, expected)
        )

    print(f"\n{len(rows)} held-out names, ids and addresses ({train.HELDOUT.relative_to(ROOT)})")
    print("kind                   n   openness top-1  wrong   ScanCode top-1  wrong")
    for kind in [*sorted({r[2] for r in rows}), "all"]:
        sel = [r for r in rows if kind in {"all", r[2]}]
        n = len(sel)
        ours_ok = sum(right(r[3], r[1]) for r in sel) / n
        ours_bad = sum(r[3] is not None and not right(r[3], r[1]) for r in sel) / n
        theirs_ok = sum(right(r[4], r[1]) for r in sel) / n
        theirs_bad = sum(r[4] is not None and not right(r[4], r[1]) for r in sel) / n
        print(
            f"{kind:18s} {n:5d}   {ours_ok:13.1%}  {ours_bad:5.1%}   {theirs_ok:13.1%}  "
            f"{theirs_bad:5.1%}"
        )
    ours_t = statistics.median(r[5] for r in rows)
    theirs_t = statistics.median(r[6] for r in rows)
    print(
        f"per name, warm (median, reading included): openness {ours_t * 1e6:.0f} us, "
        f"ScanCode {theirs_t * 1000:.1f} ms"
    )
    print("ScanCode's wrong answers (string, kind: expected -> answer):")
    for text, expected, kind, _, b, *_ in rows:
        if b is not None and not right(b, expected):
            print(f"  {text!r}, {kind}: {expected or None} -> {b}")
    print("openness's misses (string, kind: expected -> answer):")
    for text, expected, kind, a, *_ in rows:
        if not right(a, expected):
            print(f"  {text!r}, {kind}: {expected or None} -> {a}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--limit", type=int, default=0, help="at most N licence files (0: all)")
    parser.add_argument("--names-only", action="store_true", help="the held-out names only")
    args = parser.parse_args()
    if importlib.util.find_spec("scancode") is None:
        print("skipped: scancode-toolkit is not installed (see this file's docstring)")
        return 0

    import scancode  # noqa: F401, PLC0415
    import train_classifier as train  # noqa: PLC0415
    from scancode.api import get_licenses  # noqa: PLC0415

    import openness  # noqa: PLC0415
    from openness.licenses._kb import lookup_license  # noqa: PLC0415

    doc = train.kb()
    refs, ai, _ = train.references(doc)
    rep = train.equivalents(refs)
    ai = {rep[c] for c in ai}
    samples = [s for s in train.text_samples(refs, rep, train.TEST_KINDS) if s.label in ai]
    if args.limit:
        samples = train.seeded("compare").sample(samples, min(args.limit, len(samples)))

    counted: set[Path] = set()

    def ours(path: Path) -> str | None:
        m = openness.identify_license(path.read_text(encoding="utf-8"))
        if m.known:
            counted.add(path)
        return m.guess.id if m.guess else None

    def theirs(path: Path) -> str | None:
        key = scancode_answer(get_licenses(str(path)))
        if not key:
            return None
        lic = lookup_license(key.split(" ")[0])
        return rep.get(lic.id, lic.id) if lic else key

    if args.names_only:
        with tempfile.TemporaryDirectory() as tmp:
            names_side_by_side(get_licenses, Path(tmp))
        return 0
    with tempfile.TemporaryDirectory() as tmp:
        paths = []
        for i, s in enumerate(samples):
            p = Path(tmp) / f"{i:04d}-{s.kind}.txt"
            p.write_text(s.text, encoding="utf-8")
            paths.append(p)
        t = time.perf_counter()
        ours(paths[0])
        ours_first = time.perf_counter() - t
        t = time.perf_counter()
        theirs(paths[0])
        theirs_first = time.perf_counter() - t
        rows = []
        for p, s in zip(paths, samples, strict=True):
            t0 = time.perf_counter()
            a = ours(p)
            t1 = time.perf_counter()
            b = theirs(p)
            t2 = time.perf_counter()
            rows.append((s, a, b, t1 - t0, t2 - t1, p in counted))

        _report(rows, ours_first, theirs_first)
        names_side_by_side(get_licenses, Path(tmp))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
