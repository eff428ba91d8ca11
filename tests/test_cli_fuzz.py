"""The command line on any bytes: exit 0, 1 or 2, one line on stderr, never a traceback.

For any input bytes, under any file name (which picks a reader by suffix), with any reader
forced (``--input-format``) or none, and any command and output format, ``openness`` ends with
exit 0, 1 or 2; stderr has at most one line (one per record for a JSONL file), each printable;
and what it writes as JSON, JSONL or JUnit XML parses, GitHub workflow commands are one a line. The bytes are drawn from the hostile corpus
(tests/cases/hostile/), the bundled data (data/releases/, data/mot/, the expert and index
records, tests/cases/cards/) and mutations of them (bit flips, truncations, insertions of bytes
and of tokens that reach the corners of YAML, JSON and the readers).

The command line runs in this process through ``main`` (no interpreter per example). Bounded
for CI by the ``cli-ci`` profile (derandomized: every run tries the same examples, so a failure
in CI fails again locally); ``OPENNESS_CLI_EXAMPLES=20000`` runs the ``cli-long`` profile, random,
for a long local search. A failing example is printed with the command line and the input's
bytes (``note``) and a ``@reproduce_failure`` blob to paste above the test.
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import tempfile
from pathlib import Path
from xml.etree import ElementTree as ET

from hypothesis import HealthCheck, given, note, settings
from hypothesis import strategies as st
from test_fuzz import TOKENS

from openness._cli import main
from openness.readers._core import READERS

ROOT = Path(__file__).resolve().parent.parent
HOSTILE = ROOT / "tests" / "cases" / "hostile"

settings.register_profile(
    "cli-ci",
    max_examples=1000,
    deadline=None,
    database=None,
    derandomize=True,
    print_blob=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
settings.register_profile(
    "cli-long",
    parent=settings.get_profile("cli-ci"),
    max_examples=int(os.environ.get("OPENNESS_CLI_EXAMPLES", "0")) or 1000,
    derandomize=False,
)
PROFILE = settings.get_profile("cli-long" if os.environ.get("OPENNESS_CLI_EXAMPLES") else "cli-ci")


def _corpus() -> list[bytes]:
    paths = [
        *sorted(p for p in HOSTILE.iterdir() if p.is_file() and p.suffix != ".json"),
        *sorted(HOSTILE.glob("*.json")),
        *sorted((HOSTILE / "attacks").iterdir()),
        *sorted((ROOT / "data" / "releases").glob("*.yaml")),
        *sorted((ROOT / "data" / "mot" / "models").glob("*.yml"))[:20],
        *sorted((ROOT / "data" / "opening-up-chatgpt" / "projects").glob("*.yaml"))[:10],
        *sorted((ROOT / "data" / "osai" / "records").glob("*.yaml"))[:5],
        *sorted((ROOT / "tests" / "cases" / "cards").glob("*/README.md")),
    ]
    seeds = [p.read_bytes() for p in paths if p.name != "attacks.json"]
    return [s for s in seeds if len(s) < 200_000]


CORPUS = _corpus()
# A file's name picks its reader by suffix; LICENSE is what `openness license` reads.
NAMES = [
    "release.yaml",
    "release.yml",
    "release.json",
    "README.md",
    "releases.jsonl",
    "bom.cdx.json",
    "LICENSE",
    "record.txt",
    "noext",
]
# A file name is input too: it may hold a line break, a bidi override, an escape sequence.
PREFIXES = ["", "x\n::error file=a::forged ", "evil\u202e", "\x1b[31m", "a\rb", "\u2028"]
READER_NAMES = [None, *READERS, "no-such-reader"]
POLICIES = ["osaid", "owd", "commercial-use", "open-science", "eu-open-source-exemption"]


@st.composite
def mutated(draw: st.DrawFn) -> bytes:
    """A seed of the corpus, mutated a few times (or not at all)."""
    data = bytearray(draw(st.sampled_from(CORPUS)))
    for _ in range(draw(st.integers(0, 6))):
        at = draw(st.integers(0, len(data)))
        op = draw(st.sampled_from(["flip", "truncate", "delete", "insert", "token", "repeat"]))
        if op == "flip" and at < len(data):
            data[at] ^= 1 << draw(st.integers(0, 7))
        elif op == "truncate":
            del data[at:]
        elif op == "delete":
            del data[at : at + draw(st.integers(1, 64))]
        elif op == "insert":
            data[at:at] = draw(st.binary(min_size=1, max_size=16))
        elif op == "token":
            data[at:at] = draw(st.sampled_from(TOKENS))
        else:  # A slice of the input again: duplicate keys, longer lists.
            data[at:at] = data[at : at + draw(st.integers(1, 200))]
    return bytes(data)


inputs = st.one_of(mutated(), st.binary(max_size=2048))


@st.composite
def command_lines(draw: st.DrawFn, path: str) -> list[str]:
    """A command, its output format and a forced reader (or none) over *path*."""
    command = draw(st.sampled_from(["score", "audit", "check", "license"]))
    if command == "license":
        return ["license", "--format", draw(st.sampled_from(["text", "json"])), path]
    formats = {
        "score": ["table", "json", "jsonl", "cyclonedx", "spdx-json"],
        "audit": ["table", "json", "markdown", "sarif", "github"],
        "check": ["table", "json", "markdown", "sarif", "junit", "github"],
    }[command]
    argv = [command, "--format", draw(st.sampled_from(formats))]
    if command == "score":
        argv += ["--jobs", "1", "--quiet"]
    if command == "check":
        argv += ["--policy", draw(st.sampled_from(POLICIES))]
    reader = draw(st.sampled_from(READER_NAMES))
    if reader is not None:
        argv += ["--input-format", reader]
    return [*argv, path]


def run(argv: list[str]) -> tuple[int, str, str]:
    """Run the command line in this process; return its exit code, stdout and stderr."""
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stderr(err):
        try:
            code = main(argv, out)
        except SystemExit as e:  # argparse's own exit (usage), as the command line exits
            code = e.code if isinstance(e.code, int) else 2
    return code, out.getvalue(), err.getvalue()


def check_run(argv: list[str], data: bytes, name: str) -> None:
    code, out, err = run(argv)
    note(f"openness {' '.join(argv)}  (exit {code})\nstderr: {err!r}")
    assert "Traceback" not in err
    assert code in {0, 1, 2}, err
    lines = err.splitlines()
    per_record = name.endswith(".jsonl") and argv[0] in {"score", "check"}
    most = max(1, data.count(b"\n") + 1) if per_record else 1
    assert len(lines) <= most, err[-2000:]
    for line in lines:
        assert line.startswith("openness"), line
        assert line.isprintable(), line
    fmt = argv[argv.index("--format") + 1]
    if fmt in {"json", "sarif", "cyclonedx", "spdx-json"} and out:
        json.loads(out)
    elif fmt == "jsonl":
        for line in out.splitlines():
            json.loads(line)
    elif fmt == "junit" and out:
        ET.fromstring(out)  # noqa: S314 - our own output, checked to be XML
    elif fmt == "github":
        # Workflow commands only: a name cannot start a line of its own.
        for line in out.splitlines():
            assert line.startswith(("::error ", "::warning ", "::notice ")), line
    if fmt in {"table", "markdown", "text"}:
        # Input cannot start a line of the log (::error ...) nor reach it raw.
        assert all(line.isprintable() for line in out.splitlines()), out[-2000:]
        assert not any(line.startswith("::") for line in out.splitlines())


@PROFILE
@given(
    data=inputs,
    name=st.sampled_from(NAMES),
    prefix=st.sampled_from(PREFIXES),
    beside=st.none() | inputs,
    argv=st.data(),
)
def test_cli_on_any_bytes(
    data: bytes, name: str, prefix: str, beside: bytes | None, argv: st.DataObject
) -> None:
    with tempfile.TemporaryDirectory(prefix="openness-cli-fuzz-") as tmp:
        path = Path(tmp) / (prefix + name)
        path.write_bytes(data)
        note(f"input {name}, {len(data)} bytes: {data[:600]!r}")
        if beside is not None and name != "LICENSE":
            # A licence file beside a card or a release is read with it.
            (Path(tmp) / "LICENSE").write_bytes(beside)
            note(f"LICENSE beside it, {len(beside)} bytes: {beside[:300]!r}")
        line = argv.draw(command_lines(str(path)), label="argv")
        check_run(line, data, name)


def test_the_corpus_is_broad() -> None:
    # Every kind of seed is there: hostile, bundled releases and records, model cards.
    assert len(CORPUS) > 100
    assert any(s.startswith(b"---") for s in CORPUS)
    assert any(b"bomFormat" in s for s in CORPUS)
