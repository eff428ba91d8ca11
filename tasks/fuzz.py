"""Fuzz the readers with atheris (coverage-guided), for long local runs.

CI runs the bounded hypothesis fuzzing in tests/test_fuzz.py instead.

    pip install atheris
    python tasks/fuzz.py -max_total_time=600 -rss_limit_mb=2048

The first byte of each input picks the file suffix (none, .yaml, .yml, .json, .md); the rest is
the file. Any exception other than an OpennessError is a crash: atheris stops and writes the input
that caused it (crash-<sha1>) to the current directory. A seed corpus is made from data/ in a
temporary directory unless corpus directories are given after the options.
"""

from __future__ import annotations

import contextlib
import sys
import tempfile
from pathlib import Path

import atheris

with atheris.instrument_imports():
    import openness
    from openness._readers import parse_document

ROOT = Path(__file__).resolve().parent.parent
SUFFIXES = ("", ".yaml", ".yml", ".json", ".md")
WORK = Path(tempfile.mkdtemp(prefix="openness-fuzz-"))


def one_input(data: bytes) -> None:
    if not data:
        return
    suffix = SUFFIXES[data[0] % len(SUFFIXES)]
    body = data[1:]
    with contextlib.suppress(openness.OpennessError):
        parse_document(body, "fuzz", suffix=suffix)
    path = WORK / f"fuzz{suffix or '.txt'}"
    path.write_bytes(body)
    try:
        a = openness.score(path)
    except openness.OpennessError as e:
        if "\n" in str(e):
            raise AssertionError(f"a message of more than one line: {e!r}") from None
    else:
        a.to_dict()


def seed_corpus() -> Path:
    corpus = WORK / "corpus"
    corpus.mkdir()
    seeds = [
        *sorted((ROOT / "data" / "releases").glob("*.yaml")),
        *sorted((ROOT / "data" / "mot" / "models").glob("*.yml"))[:40],
        *sorted((ROOT / "data" / "opening-up-chatgpt" / "projects").glob("*.yaml"))[:10],
        *(p for p in sorted((ROOT / "tests" / "cases").rglob("*")) if p.is_file()),
    ]
    for i, path in enumerate(seeds):
        suffix = path.suffix.lower() if path.suffix.lower() in SUFFIXES else ""
        (corpus / f"seed-{i}").write_bytes(bytes([SUFFIXES.index(suffix)]) + path.read_bytes())
    return corpus


def main() -> None:
    argv = list(sys.argv)
    if not any(not a.startswith("-") for a in argv[1:]):
        argv.append(str(seed_corpus()))
    atheris.Setup(argv, one_input)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
