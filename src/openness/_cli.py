"""The command line: ``openness score PATH...``, ``check``, ``audit`` and ``license NAME``.

Exit codes: 0 success; 1 a check failed (audit); 2 bad input or usage, with one line on stderr
and never a traceback.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import re
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from ._batch import BatchError, abandon, auto_jobs, stream
from ._identify import identify_license
from ._normalise import shown
from ._report import license_document
from ._rules import did_you_mean
from ._score import score
from .errors import OpennessError
from .licenses._kb import TERM_NAMES, License
from .licenses._resolve import resolve_license

if TYPE_CHECKING:
    from collections.abc import Iterator, Sequence

    from ._assessment import Assessment
    from ._policy import Decision
    from .licenses._classifier import LicenseMatch

__all__ = ["main"]

EXIT_OK, EXIT_FAIL, EXIT_USAGE, EXIT_INTERNAL = 0, 1, 2, 3
_SUFFIXES = {".yaml", ".yml", ".json"}


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> Any:
        # One line, as for every other error: the usage is one --help away.
        print(f"{self.prog}: error: {_line(message)} (see {self.prog} --help)", file=sys.stderr)
        raise SystemExit(EXIT_USAGE)


_MAX_MESSAGE = 400
"""The longest error line: a message echoes input (a name, a path), which may be megabytes."""


def _line(message: object) -> str:
    """Return *message* as one safe line: escaped (log injection) and capped in length."""
    text = shown(str(message))
    return text if len(text) <= _MAX_MESSAGE else text[: _MAX_MESSAGE - 1] + "…"


def _say(message: object) -> None:
    # One write, so that a signal cannot cut the line (see _Signals).
    sys.stderr.write(f"openness: {_line(message)}\n")


def expand(paths: Sequence[str], suffixes: frozenset[str] = frozenset(_SUFFIXES)) -> Iterator[str]:
    """Yield the releases named: a model folder as one, a directory as its releases.

    Files and Hub ids are yielded as given; a directory of releases as its files with one of
    *suffixes* and its model folders, sorted.
    """
    from .readers._folder import is_model_folder  # noqa: PLC0415

    for p in paths:
        path = Path(p)
        if not path.is_dir() or is_model_folder(path):
            yield p
            continue
        found = [f for f in path.iterdir() if f.suffix.lower() in suffixes and f.is_file()]
        found += [d for d in path.iterdir() if is_model_folder(d)]
        yield from (str(f) for f in sorted(found))


_TABLE_WINDOW = 1_000
"""The rows whose cells set a streamed table's column widths: the first ones, held until then."""


class _Table:
    """A text table printed as its rows come, in memory bounded by *window* rows.

    The column widths are those of the header and the first *window* rows, which are held
    until then; a later cell wider than its column is never cut, it pushes the rest of its row
    right. ``window=None`` holds every row (the widths fit them all), for tables of what is
    already in memory.
    """

    def __init__(self, header: list[str], out: TextIO, window: int | None = _TABLE_WINDOW) -> None:
        self.out = out
        self.window = window
        self.held: list[list[str]] = [self._cells(header)]
        self.widths: list[int] | None = None

    @staticmethod
    def _cells(row: list[str]) -> list[str]:
        return [shown(cell) for cell in row]  # Names are input: one line each.

    def add(self, row: list[str]) -> None:
        cells = self._cells(row)
        if self.widths is not None:
            self._print(cells)
            return
        self.held.append(cells)
        if self.window is not None and len(self.held) > self.window:
            self._start()

    def _start(self) -> None:
        header, *rows = self.held
        self.widths = [max(len(r[i]) for r in self.held) for i in range(len(header))]
        self.held = []
        self._print(header, "\n" + "  ".join("-" * w for w in self.widths))
        for row in rows:
            self._print(row)

    def _print(self, cells: list[str], after: str = "") -> None:
        assert self.widths is not None
        line = "  ".join(cell.ljust(w) for cell, w in zip(cells, self.widths, strict=True))
        self.out.write(f"{line.rstrip()}{after}\n")  # One write: a whole line or none.

    def close(self) -> None:
        """Print what is held; a table without rows prints nothing."""
        if self.widths is None and len(self.held) > 1:
            self._start()


def _table(rows: list[list[str]], out: TextIO) -> None:
    table = _Table(rows[0], out, window=None)
    for row in rows[1:]:
        table.add(row)
    table.close()


_HEADER = ["name", "level", "score", "OSAID", "MOF", "EU 53(2)", "flags"]


def _row(a: Assessment) -> list[str]:
    mof = {1: "I", 2: "II", 3: "III"}.get(a.mof_class or 0, "-")
    return [
        a.release.name,
        f"{int(a.level)} {a.level.name}",
        f"{a.score:.1f}",
        a.osaid.label,
        mof,
        a.eu_ai_act.label,
        ", ".join(sorted(a.flags)) or "-",
    ]


# Line breaks JSON leaves raw in strings (only there: JSON's own syntax never has them), where
# str.splitlines and some log viewers break a line: a JSONL record must stay one line for all.
_RAW_BREAKS = re.compile("[\u2028\u2029\x85]")


def _dumps(doc: object, indent: int | None = None) -> str:
    """Return *doc* as JSON text (UTF-8 kept), with U+2028, U+2029 and U+0085 escaped."""
    text = json.dumps(doc, indent=indent, ensure_ascii=False)
    if text.isascii():  # The common case, known without a scan.
        return text
    return _RAW_BREAKS.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


def _json_item(a: Assessment) -> str:
    """Return an item of ``--format json``'s array, indented as json.dump indents it."""
    return "  " + _dumps(a.to_dict(), indent=2).replace("\n", "\n  ")


def _jsonl_item(a: Assessment) -> str:
    return _dumps(a.to_dict())


def _cyclonedx_document(a: Assessment) -> str:
    from ._cyclonedx import to_cyclonedx  # noqa: PLC0415 - the cyclonedx extra

    return _dumps(to_cyclonedx(a), indent=2)


def _spdx_document(a: Assessment) -> str:
    from ._spdx import to_spdx  # noqa: PLC0415 - the spdx extra

    return _dumps(to_spdx(a), indent=2)


# What each output format needs of an assessment, made where it is scored (a worker, with
# --jobs): text comes back from workers far faster than assessments.
_RENDER = {
    "table": _row,
    "json": _json_item,
    "jsonl": _jsonl_item,
    "cyclonedx": _cyclonedx_document,
    "spdx-json": _spdx_document,
}
# Formats that are one document of one release (a bill of materials), with the module and the
# extra that writes them.
_DOCUMENTS = {"cyclonedx": ("cyclonedx", "cyclonedx"), "spdx-json": ("spdx_python_model", "spdx")}


def _document_extra(fmt: str) -> str | None:
    """Return why *fmt* cannot be written here (its extra is not installed), else ``None``."""
    import importlib.util  # noqa: PLC0415

    module, extra = _DOCUMENTS[fmt]
    if importlib.util.find_spec(module) is not None:
        return None
    return f"--format {fmt} needs the {extra} extra: pip install 'openness[{extra}]'"


# A progress line shows only for runs longer than this, and is redrawn at most this often.
_PROGRESS_AFTER = 0.5
_PROGRESS_EVERY = 0.1


class _Progress:
    """A progress line on a terminal: releases scored and the rate, redrawn in place.

    Only on a terminal (a CI log keeps no control characters), only for runs longer than
    :data:`_PROGRESS_AFTER`; finished with a newline, cleared before an error line.
    """

    def __init__(self, err: TextIO) -> None:
        self.err = err
        self.start = time.monotonic()
        self.due = self.start + _PROGRESS_AFTER
        self.n = 0
        self.width = 0

    def __call__(self, n: int) -> None:
        self.n = n
        now = time.monotonic()
        if now >= self.due:
            self.due = now + _PROGRESS_EVERY
            self._draw(now)

    def _draw(self, now: float) -> None:
        rate = self.n / max(now - self.start, 1e-9)
        line = f"openness: scored {self.n:,} releases ({rate:,.0f}/s)"
        self.err.write(f"\r{line}{' ' * max(self.width - len(line), 0)}")
        self.err.flush()
        self.width = len(line)

    def clear(self) -> None:
        """Blank the line, so that an error prints on a line of its own."""
        if self.width:
            self.err.write(f"\r{' ' * self.width}\r")
            self.width = 0
            self.due = 0.0  # Drawn again at the next result.

    def done(self) -> None:
        if self.width or time.monotonic() >= self.start + _PROGRESS_AFTER:
            self._draw(time.monotonic())
            self.err.write("\n")
            self.err.flush()


def _progress(args: argparse.Namespace) -> _Progress | None:
    err = sys.stderr
    isatty = getattr(err, "isatty", None)
    if args.quiet or isatty is None or not isatty():
        return None
    return _Progress(err)


def _input_size(paths: list[str]) -> int:
    size = 0
    for p in paths:
        try:
            size += Path(p).stat().st_size
        except OSError:
            continue  # Reported when it is read.
    return size


class _Scored:
    """Score's output in one format, written as results come; each line in one write, whole.

    JSON and JSONL print each result as it comes, in constant memory; the table holds its first
    rows only, for the column widths (:class:`_Table`).
    """

    def __init__(self, fmt: str, out: TextIO) -> None:
        self.fmt = fmt
        self.out = out
        self.count = 0
        self.table = _Table(_HEADER, out) if fmt == "table" else None

    def put(self, result: Any) -> None:
        if self.table is not None:
            self.table.add(result)
        elif self.fmt == "json":
            self.out.write(f"{',' if self.count else '['}\n{result}")
        else:
            self.out.write(f"{result}\n")
        self.count += 1

    def error(self, error: BatchError) -> None:
        if self.fmt == "jsonl":
            # In its place: output line N is about input line N.
            self.out.write(_dumps(error.to_dict()) + "\n")

    def cut(self) -> None:
        """End on a whole line, stopped: JSON's array stays open (the output says it is cut)."""
        if self.fmt == "json" and self.count:
            self.out.write("\n")

    def close(self) -> None:
        if self.fmt == "json":
            self.out.write("\n]\n" if self.count else "[]\n")
        elif self.table is not None:
            self.table.close()


def _cmd_score(args: argparse.Namespace, out: TextIO) -> int:
    if args.format in _DOCUMENTS:
        return _score_document(args, out)
    failed = 0
    paths = list(expand(args.paths))
    jobs = auto_jobs(_input_size(paths)) if args.jobs == "auto" else args.jobs
    progress = _progress(args)

    def say(message: object) -> None:
        if progress is not None:
            progress.clear()
        _say(message)

    results = stream(
        paths,
        _RENDER[args.format],
        n_jobs=jobs,
        format=args.input_format,
        progress=progress,
        on_lost=say,
    )
    scored = _Scored(args.format, out)
    try:
        for result in results:
            if isinstance(result, BatchError):
                say(result)
                scored.error(result)
                failed += 1
            else:
                scored.put(result)
    except _Stopped:
        abandon(results)
        scored.cut()
        raise
    if progress is not None:
        progress.done()
    scored.close()
    if not scored.count and not failed:
        _say("no release files found")
        return EXIT_USAGE
    return EXIT_USAGE if failed else EXIT_OK


def _score_document(args: argparse.Namespace, out: TextIO) -> int:
    """Write the bill of materials (CycloneDX, SPDX) of the one release named."""
    why = _document_extra(args.format)
    if why is not None:
        _say(why)
        return EXIT_USAGE
    document: str | None = None
    for result in stream(expand(args.paths), _RENDER[args.format], format=args.input_format):
        if isinstance(result, BatchError):
            _say(result)
            return EXIT_USAGE
        if document is not None:
            # One document describes one release: a second would be a second document.
            _say(f"--format {args.format} writes one release's document: name one release")
            return EXIT_USAGE
        document = str(result)
    if document is None:
        _say("no release files found")
        return EXIT_USAGE
    out.write(f"{document}\n")  # One write: a whole document or none.
    return EXIT_OK


def _jobs(text: str) -> int | str:
    if text == "auto":
        return text
    try:
        n = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r}: a number of jobs or auto") from None
    if n == 0:
        raise argparse.ArgumentTypeError("0 jobs: use 1 for this process, -1 for every core")
    if not -_MAX_JOBS <= n <= _MAX_JOBS:
        raise argparse.ArgumentTypeError(f"{text[:20]!r}: at most {_MAX_JOBS} jobs")
    return n


_MAX_JOBS = 1024
"""The most worker processes ``--jobs`` asks for: more is a typo, not a machine."""


# How each term reads to a person: its label, then the words for true and for false. A term's
# value alone ("commercial_use: True") beside a source that says what a definition forbids read
# as "forbidden"; the words say what the value means.
_TERM_WORDS: dict[str, tuple[str, str, str]] = {
    "commercial_use": ("commercial use", "allowed", "not allowed"),
    "non_commercial": ("non-commercial use only", "yes", "no"),
    "field_of_use_restrictions": ("field-of-use restrictions", "yes", "none"),
    "naming_mandate": ("derived models must carry the licensor's name", "yes", "no"),
    "output_restrictions": ("restrictions on using outputs", "yes", "none"),
    "share_alike": ("share-alike (same licence for derivatives)", "required", "not required"),
    "no_derivatives": ("derivative works", "not allowed", "allowed"),
    "revocable": ("licensor may revoke or change the terms", "yes", "no"),
    "attribution": ("attribution", "required", "not required"),
}
_THRESHOLDS = {
    "user_threshold": ("user threshold", "a separate licence above {:,} monthly active users"),
    "revenue_threshold": ("revenue threshold", "a separate licence above US${:,} annual revenue"),
}
_NONE = "none: "


def _term_line(lic: License, name: str) -> str:
    """Return one term as a person reads it, ``label: value - reason``, or "" if unknown."""
    t = lic.terms[name]
    source = t.source
    if name in _THRESHOLDS:
        label, words = _THRESHOLDS[name]
        if t.value is None and not source.startswith("none"):
            return ""
        value = "none" if t.value is None else words.format(t.value)
        source = source.removeprefix(_NONE)
    else:
        if t.value is None:
            return ""
        label, yes, no = _TERM_WORDS[name]
        value = yes if t.value else no
    return f"{label}: {value} \N{EM DASH} {source}"


_MAX_LICENSE_FILE = 1_000_000


def _license_input(arg: str) -> str:
    """Return the text to identify: a file's content (``-``: standard input), else *arg*."""
    if arg == "-":
        return sys.stdin.read(_MAX_LICENSE_FILE)
    path = Path(arg)
    if "\n" not in arg and len(arg) < 4096 and path.is_file():
        try:
            with path.open(encoding="utf-8", errors="replace") as f:
                return f.read(_MAX_LICENSE_FILE)
        except OSError as e:
            raise OpennessError(f"{arg}: cannot read: {e.strerror}") from None
    return arg


def _cmd_license(args: argparse.Namespace, out: TextIO) -> int:
    m = identify_license(_license_input(args.name))
    with _whole(out):
        return _license_output(args, m, out)


def _license_output(args: argparse.Namespace, m: LicenseMatch, out: TextIO) -> int:
    lic = m.license
    if args.format == "json":
        out.write(_dumps(license_document(m), indent=2) + "\n")
        return EXIT_OK
    if lic is None:
        # Not knowing a text is an answer, not an error: exit 2 is for usage and unreadable input.
        guess = (
            f" (best guess {m.guess.id}, confidence {m.confidence:.2f}, below the "
            f"threshold {m.threshold:.2f})"
            if m.guess
            else ""
        )
        name = args.name if len(args.name) <= 60 else args.name[:57] + "..."
        meant = did_you_mean(resolve_license(args.name)) if len(args.name) <= 200 else ""
        print(f"unrecognised: {name!r}{guess}{meant}", file=out)
        return EXIT_OK
    print(f"{lic.id}: {lic.name}", file=out)
    how = {"id": "id or name", "url": "known address", "model-card": "model card metadata"}
    if m.how == "classifier":
        print(
            f"  recognised by the classifier, confidence {m.confidence:.2f} "
            f"(threshold {m.threshold:.2f})",
            file=out,
        )
    else:
        print(f"  recognised by {how.get(m.how, m.how)}", file=out)
    print(f"  {lic.summary()}", file=out)
    print(
        f"  OSI-approved: {'yes' if lic.osi_approved else 'no'}; "
        f"open: {'yes' if lic.is_open else 'no'} ({lic.grade.name})",
        file=out,
    )
    for name in TERM_NAMES:
        line = _term_line(lic, name)
        if line:
            print(f"  {line}", file=out)
    if lic.url:
        print(f"  {lic.url}", file=out)
    if m.alternatives:
        others = ", ".join(f"{alt.id} {p:.2f}" for alt, p in m.alternatives[:3])
        print(f"  next candidates: {others}", file=out)
    return EXIT_OK


def _audit_paths(paths: Sequence[str]) -> Iterator[str]:
    """Yield what to audit: as :func:`expand` does, with the cards (``.md``) of a directory."""
    return expand(paths, frozenset(_AUDITED))


_AUDITED = {*_SUFFIXES, ".md"}


def _audit_output(
    assessments: list[Assessment], fail_on: frozenset[str], fmt: str, out: TextIO
) -> None:
    from ._report import audit_record, reached, to_markdown  # noqa: PLC0415
    from ._sarif import to_sarif  # noqa: PLC0415

    if fmt == "json":
        records = [{"schema_version": "2", **audit_record(a, fail_on)} for a in assessments]
        out.write(_dumps(records, indent=2) + "\n")
    elif fmt == "sarif":
        out.write(_dumps(to_sarif(assessments), indent=2) + "\n")
    elif fmt == "markdown":
        out.write(to_markdown(assessments))
    elif fmt == "github":
        _github_audit(assessments, out)
    elif assessments:
        rows = [["name", "level", "score", "flags", "fails on"]]
        for a in assessments:
            flags = a.flags
            rows.append(
                [
                    a.name,
                    f"{int(a.level)} {a.level.name}",
                    f"{a.score:.1f}",
                    ", ".join(sorted(flags)) or "-",
                    ", ".join(reached(a, fail_on, flags)) or "-",
                ]
            )
        _table(rows, out)


def _cmd_audit(args: argparse.Namespace, out: TextIO) -> int:
    from ._report import parse_fail_on, reached  # noqa: PLC0415

    try:
        fail_on = parse_fail_on(args.fail_on)
    except ValueError as e:
        _say(e)
        return EXIT_USAGE
    assessments: list[Assessment] = []
    bad = 0
    for path in _audit_paths(args.paths):
        try:
            assessments.append(score(path, format=args.input_format))
        except OpennessError as e:
            _say(e)
            bad += 1
    if not assessments and not bad:
        _say("no release files or model cards found")
        return EXIT_USAGE
    with _whole(out):
        _audit_output(assessments, fail_on, args.format, out)
    if bad:
        return EXIT_USAGE
    failed = any(reached(a, fail_on) for a in assessments)
    return EXIT_FAIL if failed else EXIT_OK


def _escape_data(text: str) -> str:
    """Escape a workflow command's message as GitHub's toolkit does (%, CR, LF)."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    """Escape a workflow command's property: as a message, and ``:`` and ``,`` too."""
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def github_annotation(level: str, message: str, *, file: str, line: int, title: str) -> str:
    r"""Return one GitHub Actions workflow command (``::error file=...::message``), escaped.

    GitHub's rules (its toolkit's ``escapeData``/``escapeProperty``): ``%``, CR and LF in every
    value; ``:`` and ``,`` in properties too, so no ``::`` in a file name or title can end the
    properties early. A ``::`` in the message is data: the command ends at the first one.

    >>> github_annotation("error", "a\nb::c", file="x,y.md", line=3, title="t: 1")
    '::error file=x%2Cy.md,line=3,title=t%3A 1::a%0Ab::c'
    """
    props = f"file={_escape_property(file)},line={line},title={_escape_property(title)}"
    return f"::{level} {props}::{_escape_data(message)}"


_GITHUB_LEVEL = {"BLOCK": "error", "WARN": "warning", "INFO": "notice"}


def _github_audit(assessments: list[Assessment], out: TextIO) -> None:
    from ._findings import Severity  # noqa: PLC0415
    from ._sarif import _Locator  # noqa: PLC0415 - finds a finding's line, as SARIF does

    for a in assessments:
        where = _Locator(a)
        for f in a.findings:
            if f.severity is Severity.INFO:
                continue
            line = github_annotation(
                _GITHUB_LEVEL[f.severity.name],
                f"{a.name}: {f.message}",
                file=where.uri(),
                line=where.line(f),
                title=f"openness {f.rule}",
            )
            print(line, file=out)


def _github_check(decisions: list[Decision], out: TextIO) -> None:
    from ._sarif import _Locator  # noqa: PLC0415 - finds a finding's line, as SARIF does

    for d in decisions:
        where = _Locator(d.assessment)
        for r in d.reasons:
            if r.status == "pass":
                continue
            level = "error" if r.status == "fail" or not d.passed else "warning"
            why = "; ".join(f.message for f in r.findings)
            message = f"{d.name}: {r.requirement} {r.status}: {r.message}" + (
                f" ({why})" if why else ""
            )
            print(
                github_annotation(
                    level,
                    message,
                    file=where.uri(),
                    line=where.line(r.findings[0]) if r.findings else 1,
                    title=f"openness policy {d.policy['name']}",
                ),
                file=out,
            )


def _identity(a: Assessment) -> Assessment:
    return a


def _check_output(decisions: list[Decision], fmt: str, out: TextIO) -> None:
    from ._policy import (  # noqa: PLC0415 - only check needs policies
        decision_row,
        decisions_to_junit,
        decisions_to_markdown,
        decisions_to_sarif,
    )

    if fmt == "json":
        out.write(_dumps([d.to_dict() for d in decisions], indent=2) + "\n")
    elif fmt == "sarif":
        out.write(_dumps(decisions_to_sarif(decisions), indent=2) + "\n")
    elif fmt == "markdown":
        out.write(decisions_to_markdown(decisions))
    elif fmt == "junit":
        out.write(decisions_to_junit(decisions))
    elif fmt == "github":
        _github_check(decisions, out)
    elif decisions:
        _table([["name", "policy", "status", "not passed"], *map(decision_row, decisions)], out)


def _cmd_check(args: argparse.Namespace, out: TextIO) -> int:
    from ._policy import decide, load_policy  # noqa: PLC0415 - only check needs policies

    policy = load_policy(args.policy)
    decisions = []
    bad = 0
    for result in stream(expand(args.paths), _identity, format=args.input_format):
        if isinstance(result, BatchError):
            _say(result)  # Escaped and capped: a file name or a value is input.
            bad += 1
            continue
        decisions.append(decide(result, policy))
    if not decisions and not bad:
        _say("no release files found")
        return EXIT_USAGE
    with _whole(out):
        _check_output(decisions, args.format, out)
    if bad:
        return EXIT_USAGE
    return EXIT_OK if all(d.passed for d in decisions) else EXIT_FAIL


def _cmd_serve(args: argparse.Namespace, out: TextIO) -> int:
    try:
        from ._server import serve  # noqa: PLC0415 - the server extra
    except ImportError as e:
        print(
            f"openness: serve needs the server extra ({e.name} is missing): "
            "pip install 'openness[server]'",
            file=sys.stderr,
        )
        return EXIT_USAGE
    print(f"openness: serving on http://{args.host}:{args.port}", file=out)
    serve(args.host, args.port, args.workers)
    return EXIT_OK


def _port(text: str) -> int:
    n = int(text)
    if not 0 <= n <= 65535:
        raise argparse.ArgumentTypeError(f"{n} is not a port (0 to 65535)")
    return n


def build_parser() -> argparse.ArgumentParser:
    """Return the argument parser (exposed for docs and tests)."""
    parser = _Parser(prog="openness", description="How open is an AI model release, and why.")
    parser.add_argument("--version", action="version", version=_version())
    parser.add_argument(
        "--debug", action="store_true", help="show the traceback of an internal error (exit 3)"
    )
    sub = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)

    p = sub.add_parser("score", help="score releases and print a table")
    p.add_argument(
        "paths",
        nargs="+",
        metavar="PATH",
        help="release files, model folders, directories, .jsonl files of releases (one per "
        "line), or Hugging Face Hub ids (hf:org/name[@revision])",
    )
    p.add_argument(
        "--format",
        choices=["table", "json", "jsonl", *_DOCUMENTS],
        default="table",
        help="table, json or jsonl of every release; or the bill of materials of one release: "
        "cyclonedx (CycloneDX 1.6 ML-BOM) or spdx-json (SPDX 3.0.1 JSON-LD, AI and Dataset "
        "profiles)",
    )
    p.add_argument("--input-format", default=None, help="force a reader (native, mot, ...)")
    p.add_argument(
        "--jobs",
        type=_jobs,
        default="auto",
        metavar="N",
        help="score in N worker processes (-1: every core; auto, the default: one process "
        "unless the input is large and more than 2 cores are free); output keeps the input "
        "order",
    )
    p.add_argument(
        "--quiet",
        "-q",
        action="store_true",
        help="no progress line (shown only on a terminal, for runs longer than half a second)",
    )
    _output(p)
    p.set_defaults(func=_cmd_score)

    p = sub.add_parser("audit", help="check claims against evidence; exit 1 on --fail-on")
    p.add_argument(
        "paths",
        nargs="+",
        metavar="PATH",
        help="model cards, releases, model folders, directories or Hub ids (hf:org/name)",
    )
    p.add_argument(
        "--format", choices=["table", "json", "markdown", "sarif", "github"], default="table"
    )
    p.add_argument(
        "--fail-on",
        default="open-washing",
        metavar="LIST",
        help="comma list of flags (open-washing, use-restrictions, ...) or severities (BLOCK, "
        "WARN): exit 1 when a release reaches one (default: open-washing)",
    )
    p.add_argument("--input-format", default=None, help="force a reader (hf-card, native, ...)")
    _output(p)
    p.set_defaults(func=_cmd_audit)

    p = sub.add_parser("check", help="check releases against a policy; exit 1 when one fails")
    p.add_argument(
        "paths",
        nargs="+",
        metavar="TARGET",
        help="release files, directories, or .jsonl files of releases (one per line)",
    )
    p.add_argument(
        "--policy",
        required=True,
        metavar="NAME|FILE",
        help="a bundled policy (osaid, owd, eu-open-source-exemption, commercial-use, "
        "open-science) or a YAML or JSON policy file",
    )
    p.add_argument(
        "--format",
        choices=["table", "json", "markdown", "sarif", "junit", "github"],
        default="table",
    )
    p.add_argument("--input-format", default=None, help="force a reader (native, mot, ...)")
    _output(p)
    p.set_defaults(func=_cmd_check)

    p = sub.add_parser("serve", help="run the HTTP service (pip install 'openness[server]')")
    p.add_argument("--host", default="127.0.0.1", help="address to listen on (default: loopback)")
    p.add_argument("--port", type=_port, default=8000, help="port (default: 8000)")
    p.add_argument("--workers", type=_jobs, default=1, metavar="N", help="worker processes")
    _output(p)
    p.set_defaults(func=_cmd_serve)

    p = sub.add_parser("license", help="recognise a licence and show its terms")
    p.add_argument(
        "name",
        metavar="FILE_OR_TEXT",
        help="a LICENSE file or model card (- for standard input), a licence text, id, name "
        "or address",
    )
    p.add_argument("--format", choices=["text", "json"], default="text")
    _output(p)
    p.set_defaults(func=_cmd_license)
    return parser


def _output(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "-o", "--output", metavar="FILE", default=None, help="write to FILE (UTF-8), not stdout"
    )


def _version() -> str:
    from . import __version__  # noqa: PLC0415

    return f"openness {__version__}"


class _Stopped(BaseException):
    """A signal (SIGTERM, SIGINT) stopped the command: it ends on a whole line of output.

    A BaseException, as KeyboardInterrupt is: no ``except Exception`` may swallow it.
    """

    def __init__(self, signum: int) -> None:
        super().__init__(signum)
        self.signum = signum


_STOP_SIGNALS = ("SIGTERM", "SIGINT")


class _Signals:
    """SIGTERM and SIGINT raise :class:`_Stopped` where the command is, but never inside a write.

    A signal that comes while a write of the output is under way is held until the write ends
    (see :class:`_PipeSafe`), so the output ends on a whole line; a second signal changes
    nothing while the first stops the command.
    """

    def __init__(self) -> None:
        self.writing = 0
        self.pending: int | None = None
        self.stopping = False

    def __call__(self, signum: int, _frame: object) -> None:
        if self.stopping:
            return
        if self.writing:
            self.pending = signum
            return
        self._stop(signum)

    def wrote(self) -> None:
        """End a write: raise the signal held during it, if any."""
        self.writing -= 1
        if not self.writing and self.pending is not None:
            signum, self.pending = self.pending, None
            self._stop(signum)

    def _stop(self, signum: int) -> None:
        import threading  # noqa: PLC0415

        self.stopping = True
        # The workers are abandoned from here on (joblib kills them as the exception passes),
        # and loky's bookkeeping thread may trip over the work taken from under it: a thread's
        # traceback then is noise, not news.
        threading.excepthook = _quiet
        raise _Stopped(signum)

    @contextlib.contextmanager
    def installed(self) -> Iterator[None]:
        """Handle the signals while the command runs (only in the main thread, as Python can)."""
        import signal  # noqa: PLC0415
        import threading  # noqa: PLC0415

        if threading.current_thread() is not threading.main_thread():
            yield
            return
        numbers = [getattr(signal, n) for n in _STOP_SIGNALS if hasattr(signal, n)]
        before = {n: signal.signal(n, self) for n in numbers}
        hook = threading.excepthook
        try:
            yield
        finally:
            for n, handler in before.items():
                signal.signal(n, handler)
            threading.excepthook = hook


def _quiet(_args: Any) -> None:
    return


class _PipeSafe:
    """A text stream that stops writing, quietly, once its reader has gone (a closed pipe).

    ``openness audit ... | head`` must still exit with the verdict's code: the command runs to
    its end, and only the output nobody reads is dropped. Each write is whole: a stopping
    signal waits for its end (:class:`_Signals`).
    """

    def __init__(self, stream: TextIO, signals: _Signals | None = None) -> None:
        self._stream = stream
        self._signals = signals or _Signals()
        self.broken = False

    def write(self, text: str) -> int:
        signals = self._signals
        signals.writing += 1
        try:
            if not self.broken:
                try:
                    return self._stream.write(text)
                except BrokenPipeError:
                    self.broken = True
            return len(text)
        finally:
            signals.wrote()

    @contextlib.contextmanager
    def whole(self) -> Iterator[None]:
        """Write a document of many writes (JSON, SARIF) as one: a signal waits for its end."""
        self._signals.writing += 1
        try:
            yield
        finally:
            self._signals.wrote()

    def to(self, stream: TextIO) -> _PipeSafe:
        """Return a stream like this one, writing to *stream* (``--output FILE``)."""
        return _PipeSafe(stream, self._signals)

    def flush(self) -> None:
        if not self.broken:
            try:
                self._stream.flush()
            except BrokenPipeError:
                self.broken = True

    def __getattr__(self, name: str) -> Any:
        return getattr(self._stream, name)


def _run(args: argparse.Namespace, out: _PipeSafe) -> int:
    target = getattr(args, "output", None)
    if target is None:
        return int(args.func(args, out))
    try:
        f = Path(target).open("w", encoding="utf-8", newline="")  # noqa: SIM115
    except OSError as e:
        _say(f"{target}: cannot write: {e.strerror}")
        return EXIT_USAGE
    with f:
        return int(args.func(args, out.to(f)))


def _whole(out: TextIO) -> contextlib.AbstractContextManager[None]:
    """Hold a stopping signal while a document is written (see :meth:`_PipeSafe.whole`)."""
    whole = getattr(out, "whole", None)
    return contextlib.nullcontext() if whole is None else whole()


EXIT_SIGNAL = 128
"""A signal stops the command with 128 + its number, as a shell reports it: 143 for SIGTERM."""


def main(argv: Sequence[str] | None = None, out: TextIO | None = None) -> int:
    """Run the command line; return the exit code.

    0 success, 1 a check failed, 2 bad input or usage, 3 an internal error (a bug: one line,
    ``--debug`` for the traceback), 128 + the signal's number when stopped by SIGTERM (143) or
    SIGINT (130), its workers killed and its output ending on a whole line; always one line on
    stderr, never a traceback unless asked for.
    """
    args = build_parser().parse_args(argv)
    signals = _Signals()
    stream = _PipeSafe(out or sys.stdout, signals)
    try:
        with contextlib.ExitStack() as stack:
            if args.func is not _cmd_serve:  # The server handles its signals itself.
                stack.enter_context(signals.installed())
            code = _run(args, stream)
    except _Stopped as e:
        import signal  # noqa: PLC0415

        _say(f"stopped by {signal.Signals(e.signum).name}")
        with contextlib.suppress(OSError):
            stream.flush()
        return EXIT_SIGNAL + e.signum
    except OpennessError as e:
        _say(e)
        code = EXIT_USAGE
    except OSError as e:
        # Disk full, a device gone: the input was fine, the output could not be written.
        _say(f"cannot write the output: {e.strerror or e}")
        code = EXIT_USAGE
    except KeyboardInterrupt:
        return EXIT_SIGNAL + 2
    except Exception as e:
        if args.debug:
            raise
        _say(f"internal error ({type(e).__name__}): {e}; run with --debug for the traceback")
        return EXIT_INTERNAL
    if stream.broken and out is None:
        # Python flushes stdout at exit: point it at nothing, so no second BrokenPipeError.
        with contextlib.suppress(OSError):
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
    return code


if __name__ == "__main__":
    raise SystemExit(main())
