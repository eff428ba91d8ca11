"""Fuzz the readers and every output with atheris (coverage-guided), for long local runs.

CI runs the bounded Hypothesis fuzzing in tests/test_fuzz.py and tests/test_cli_fuzz.py
instead, and runs this harness's ``one_input`` over its seed corpus without atheris.

    pip install atheris
    python tasks/fuzz.py -max_total_time=600 -rss_limit_mb=2048

The first byte of each input picks the file suffix (none, .yaml, .yml, .json, .md), the second
the reader forced (none, or one of openness's readers); the rest is the file. A release read is
then written in every output: JSON (``to_dict``, ``to_json``), Markdown, SARIF, CycloneDX, SPDX,
the frame (sanitised for CSV), ``explain()`` and the HTML card, each checked for what makes it safe.
Any exception other than an OpennessError, or an output that breaks its rule, is a crash: atheris
stops and writes the input that caused it (crash-<sha1>) to the current directory. A seed corpus
is made from data/ and tests/cases/ in a temporary directory unless corpus directories are given
after the options.
"""

from __future__ import annotations

import contextlib
import json
import re
import sys
import tempfile
from pathlib import Path

try:
    import atheris
except ImportError:  # tests/test_fuzz.py runs one_input without it
    atheris = None

with atheris.instrument_imports() if atheris is not None else contextlib.nullcontext():
    import openness
    from openness.readers._core import READERS, parse_document

ROOT = Path(__file__).resolve().parent.parent
SUFFIXES = ("", ".yaml", ".yml", ".json", ".md")
FORCED = (None, *READERS)
_WORK: list[Path] = []


def work() -> Path:
    """Return the temporary folder inputs are written to, made on first use."""
    if not _WORK:
        _WORK.append(Path(tempfile.mkdtemp(prefix="openness-fuzz-")))
    return _WORK[0]


def one_input(data: bytes) -> None:
    """Read *data* as a file, then write what was read in every output; raise on a fault."""
    if len(data) < 2:
        return
    suffix = SUFFIXES[data[0] % len(SUFFIXES)]
    forced = FORCED[data[1] % len(FORCED)]
    body = data[2:]
    with contextlib.suppress(openness.OpennessError):
        parse_document(body, "fuzz", suffix=suffix)
    path = work() / f"fuzz{suffix or '.txt'}"
    path.write_bytes(body)
    try:
        a = openness.score(path, format=forced)
    except openness.OpennessError as e:
        if "\n" in str(e):
            raise AssertionError(f"a message of more than one line: {e!r}") from None
        return
    check_outputs(a)


def check_outputs(a: openness.Assessment) -> None:
    """Write *a* in every output and check each keeps input as data."""
    # JSON: strict (no NaN), and the same document either way.
    doc = json.loads(json.dumps(a.to_dict(), allow_nan=False))
    if json.loads(a.to_json()) != doc:
        raise AssertionError("to_json and to_dict disagree")
    # Text: one printable line per line, whatever the names hold (log injection).
    for line in a.explain().splitlines():
        if not line.isprintable():
            raise AssertionError(f"explain() prints a control character: {line!r}")
    # HTML and Markdown: markup in input is escaped, never live.
    html = a._repr_html_()  # the notebook card
    if "<script" in html.lower() or "<img" in html.lower():
        raise AssertionError("input reached the HTML card as markup")
    # Markdown escapes every punctuation mark of input with a backslash: a "<" before a letter
    # without one would be raw HTML.
    if re.search(r"(?<!\\)<[A-Za-z/!?]", openness.to_markdown(a)):
        raise AssertionError("input reached Markdown as markup")
    # SARIF: strict JSON, results bounded, messages plain text.
    sarif = json.loads(json.dumps(openness.to_sarif([a]), allow_nan=False))
    for run in sarif["runs"]:
        if len(run["results"]) > 20_000:
            raise AssertionError("SARIF results are not capped")
        for result in run["results"]:
            if "markdown" in result["message"]:
                raise AssertionError("a SARIF message holds Markdown")
    json.dumps(openness.to_cyclonedx(a), allow_nan=False)
    with contextlib.suppress(ModuleNotFoundError):  # spdx-python-model: openness[spdx]
        json.dumps(openness.to_spdx(a), allow_nan=False)
    with contextlib.suppress(ModuleNotFoundError):  # pandas: openness[frame]
        frame = openness.to_frame([a], sanitize=True)
        for value in frame.to_numpy().ravel():
            if isinstance(value, str) and openness.safe_cell(value) != value:
                raise AssertionError(f"a CSV cell a spreadsheet runs: {value!r}")


def seeds() -> list[Path]:
    """Return the files the seed corpus is made of: the bundled data and the test cases."""
    return [
        *sorted((ROOT / "data" / "releases").glob("*.yaml")),
        *sorted((ROOT / "data" / "mot" / "models").glob("*.yml"))[:40],
        *sorted((ROOT / "data" / "opening-up-chatgpt" / "projects").glob("*.yaml"))[:10],
        *(p for p in sorted((ROOT / "tests" / "cases").rglob("*")) if p.is_file()),
    ]


def seed_input(path: Path) -> bytes:
    """Return the input for a seed file: its suffix's byte, no reader forced, its bytes."""
    suffix = path.suffix.lower() if path.suffix.lower() in SUFFIXES else ""
    return bytes([SUFFIXES.index(suffix), 0]) + path.read_bytes()


def seed_corpus() -> Path:
    corpus = work() / "corpus"
    corpus.mkdir()
    for i, path in enumerate(seeds()):
        (corpus / f"seed-{i}").write_bytes(seed_input(path))
    return corpus


def main() -> None:
    if atheris is None:
        sys.exit("atheris is not installed: pip install atheris")
    argv = list(sys.argv)
    if not any(not a.startswith("-") for a in argv[1:]):
        argv.append(str(seed_corpus()))
    atheris.Setup(argv, one_input)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
