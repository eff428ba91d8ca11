"""The command line: ``openness score PATH...`` and ``openness license NAME``.

Exit codes: 0 success; 1 a check failed (audit); 2 bad input or usage, with one line on stderr
and never a traceback.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from ._batch import BatchError, stream
from ._classifier import identify_license
from ._kb import TERM_NAMES, License
from ._normalise import shown
from ._score import Assessment, score
from .errors import OpennessError

if TYPE_CHECKING:
    from collections.abc import Iterator, Sequence

__all__ = ["main"]

EXIT_OK, EXIT_FAIL, EXIT_USAGE = 0, 1, 2
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
    print(f"openness: {_line(message)}", file=sys.stderr)


def expand(paths: Sequence[str]) -> Iterator[str]:
    """Yield the release files named: files as given, directories' YAML/JSON files sorted."""
    for p in paths:
        path = Path(p)
        if path.is_dir():
            yield from (
                str(f)
                for f in sorted(path.iterdir())
                if f.suffix.lower() in _SUFFIXES and f.is_file()
            )
        else:
            yield p


def _table(rows: list[list[str]], out: TextIO) -> None:
    rows = [[shown(cell) for cell in row] for row in rows]  # Names are input: one line each.
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    for n, row in enumerate(rows):
        line = "  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True))
        print(line.rstrip(), file=out)
        if n == 0:
            print("  ".join("-" * w for w in widths), file=out)


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


def _json_item(a: Assessment) -> str:
    """Return an item of ``--format json``'s array, indented as json.dump indents it."""
    return "  " + json.dumps(a.to_dict(), indent=2, ensure_ascii=False).replace("\n", "\n  ")


def _jsonl_item(a: Assessment) -> str:
    return json.dumps(a.to_dict(), ensure_ascii=False)


# What each output format needs of an assessment, made where it is scored (a worker, with
# --jobs): text comes back from workers far faster than assessments.
_RENDER = {"table": _row, "json": _json_item, "jsonl": _jsonl_item}


def _cmd_score(args: argparse.Namespace, out: TextIO) -> int:
    rows: list[list[str]] = []
    scored = failed = 0
    results = stream(
        expand(args.paths), _RENDER[args.format], n_jobs=args.jobs, format=args.input_format
    )
    for result in results:
        if isinstance(result, BatchError):
            _say(result)
            failed += 1
            continue
        # Streamed: JSON and JSONL print each result as it comes, in constant memory.
        if args.format == "table":
            rows.append(result)  # type: ignore[arg-type]
        elif args.format == "json":
            out.write(f"{',' if scored else '['}\n{result}")
        else:
            print(result, file=out)
        scored += 1
    if args.format == "json":
        print("\n]" if scored else "[]", file=out)
    elif rows:
        _table([_HEADER, *rows], out)
    if not scored and not failed:
        print("openness: no release files found", file=sys.stderr)
        return EXIT_USAGE
    return EXIT_USAGE if failed else EXIT_OK


def _jobs(text: str) -> int:
    n = int(text)
    if n == 0:
        raise argparse.ArgumentTypeError("0 jobs: use 1 for this process, -1 for every core")
    return n


def _license_dict(lic: License) -> dict[str, Any]:
    return {
        **lic.model_dump(mode="json"),
        "is_open": lic.is_open,
        "grade": lic.grade.name,
        "summary": lic.summary(),
    }


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
    lic = m.license
    if lic is None:
        if args.format == "json":
            json.dump({"license": None, "match": m.to_dict()}, out, indent=2, ensure_ascii=False)
            print(file=out)
        guess = (
            f" (best guess {m.guess.id}, confidence {m.confidence:.2f}, below the "
            f"threshold {m.threshold:.2f})"
            if m.guess
            else ""
        )
        name = args.name if len(args.name) <= 60 else args.name[:57] + "..."
        print(f"openness: licence not recognised: {name!r}{guess}", file=sys.stderr)
        return EXIT_USAGE
    if args.format == "json":
        json.dump({**_license_dict(lic), "match": m.to_dict()}, out, indent=2, ensure_ascii=False)
        print(file=out)
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
        t = lic.terms[name]
        if t.value is not None:
            print(f"  {name}: {t.value}  [{t.source}]", file=out)
    if lic.url:
        print(f"  {lic.url}", file=out)
    if m.alternatives:
        others = ", ".join(f"{alt.id} {p:.2f}" for alt, p in m.alternatives[:3])
        print(f"  next candidates: {others}", file=out)
    return EXIT_OK


def _audit_paths(paths: Sequence[str]) -> Iterator[str]:
    """Yield the files to audit: as given; a directory's releases, cards and subfolders' cards."""
    for p in paths:
        path = Path(p)
        if not path.is_dir():
            yield p
            continue
        found = [f for f in path.iterdir() if f.is_file() and f.suffix.lower() in _AUDITED]
        found += [d / "README.md" for d in path.iterdir() if (d / "README.md").is_file()]
        yield from (str(f) for f in sorted(found))


_AUDITED = {*_SUFFIXES, ".md"}


def _audit_output(
    assessments: list[Assessment], fail_on: frozenset[str], fmt: str, out: TextIO
) -> None:
    from ._report import audit_flags, audit_record, reached, to_markdown  # noqa: PLC0415
    from ._sarif import to_sarif  # noqa: PLC0415

    if fmt == "json":
        records = [audit_record(a, fail_on) for a in assessments]
        json.dump(records, out, indent=2, ensure_ascii=False)
        print(file=out)
    elif fmt == "sarif":
        json.dump(to_sarif(assessments), out, indent=2, ensure_ascii=False)
        print(file=out)
    elif fmt == "markdown":
        out.write(to_markdown(assessments))
    elif assessments:
        rows = [["name", "level", "score", "flags", "fails on"]]
        for a in assessments:
            flags = audit_flags(a)
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
        print("openness: no release files or model cards found", file=sys.stderr)
        return EXIT_USAGE
    _audit_output(assessments, fail_on, args.format, out)
    if bad:
        return EXIT_USAGE
    failed = any(reached(a, fail_on) for a in assessments)
    return EXIT_FAIL if failed else EXIT_OK


def build_parser() -> argparse.ArgumentParser:
    """Return the argument parser (exposed for docs and tests)."""
    parser = _Parser(prog="openness", description="How open is an AI model release, and why.")
    parser.add_argument("--version", action="version", version=_version())
    sub = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)

    p = sub.add_parser("score", help="score releases and print a table")
    p.add_argument(
        "paths",
        nargs="+",
        metavar="PATH",
        help="release files, directories, or .jsonl files of releases (one per line)",
    )
    p.add_argument("--format", choices=["table", "json", "jsonl"], default="table")
    p.add_argument("--input-format", default=None, help="force a reader (native, mot, ...)")
    p.add_argument(
        "--jobs",
        type=_jobs,
        default=1,
        metavar="N",
        help="score in N worker processes (-1: every core); output keeps the input order",
    )
    p.set_defaults(func=_cmd_score)

    p = sub.add_parser("audit", help="check claims against evidence; exit 1 on --fail-on")
    p.add_argument("paths", nargs="+", metavar="PATH", help="model cards, releases or folders")
    p.add_argument("--format", choices=["table", "json", "markdown", "sarif"], default="table")
    p.add_argument(
        "--fail-on",
        default="open-washing",
        metavar="LIST",
        help="comma list of flags (open-washing, use-restrictions, ...) or severities (BLOCK, "
        "WARN): exit 1 when a release reaches one (default: open-washing)",
    )
    p.add_argument("--input-format", default=None, help="force a reader (hf-card, native, ...)")
    p.set_defaults(func=_cmd_audit)

    p = sub.add_parser("license", help="recognise a licence and show its terms")
    p.add_argument(
        "name",
        metavar="FILE_OR_TEXT",
        help="a LICENSE file or model card (- for standard input), a licence text, id, name "
        "or address",
    )
    p.add_argument("--format", choices=["text", "json"], default="text")
    p.set_defaults(func=_cmd_license)
    return parser


def _version() -> str:
    from . import __version__  # noqa: PLC0415

    return f"openness {__version__}"


def main(argv: Sequence[str] | None = None, out: TextIO | None = None) -> int:
    """Run the command line; return the exit code."""
    args = build_parser().parse_args(argv)
    try:
        return int(args.func(args, out or sys.stdout))
    except OpennessError as e:
        _say(e)
        return EXIT_USAGE
    except BrokenPipeError:
        return EXIT_OK
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    raise SystemExit(main())
