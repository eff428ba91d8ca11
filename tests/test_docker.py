"""The Dockerfile, checked without a Docker engine: its instructions, parsed, and their invariants.

No image is built here (no engine runs on this machine or in CI): what is checked is what the
file says. The base is a slim Python image pinned by version, the service runs as an unprivileged
user, the extras it installs exist, the port it exposes is the one it serves, the health check asks
the route the service answers, and its command is one ``openness serve`` accepts.
"""

from __future__ import annotations

import fnmatch
import re
import subprocess
import sys
import tomllib
from pathlib import Path

import dockerfile
import pytest

from openness._cli import build_parser

ROOT = Path(__file__).resolve().parent.parent


# Parsed by BuildKit's own Dockerfile parser (the dockerfile package wraps its Go code): a file
# Docker would refuse fails here too.
DOCKERFILE: tuple[dockerfile.Command, ...] = dockerfile.parse_file(str(ROOT / "Dockerfile"))


def last_stage() -> list[dockerfile.Command]:
    starts = [i for i, c in enumerate(DOCKERFILE) if c.cmd == "FROM"]
    return list(DOCKERFILE[starts[-1] :])


def only(keyword: str) -> dockerfile.Command:
    found = [c for c in last_stage() if c.cmd == keyword]
    assert len(found) == 1, f"{keyword}: {found}"
    return found[0]


def test_the_parser_refuses_what_docker_refuses() -> None:
    with pytest.raises(dockerfile.GoParseError):
        dockerfile.parse_string("FROM python:3.12.12-slim\nRUN <<EOF\n")


def test_every_stage_is_a_slim_python_pinned_by_version() -> None:
    bases = [c.value[0] for c in DOCKERFILE if c.cmd == "FROM"]
    assert bases
    for base in bases:
        # python:3.12.12-slim, python:3.12.12-slim-bookworm: a patch release, never "latest".
        assert re.fullmatch(r"python:3\.\d+\.\d+-slim(-[a-z]+)?", base), base
    assert len(set(bases)) == 1, "build and run on the same Python"


def test_the_service_runs_unprivileged() -> None:
    stage = last_stage()
    (user,) = only("USER").value
    assert user not in {"root", "0", "0:0"}
    assert re.fullmatch(r"[1-9]\d{3,}(:\d+)?", user), "a numeric uid (runAsNonRoot checks it)"
    # The user is made in the image, and nothing runs as root after it.
    keywords = [c.cmd for c in stage]
    assert "RUN" not in keywords[keywords.index("USER") :]
    runs = " ".join(c.value[0] for c in stage if c.cmd == "RUN")
    assert f"--uid {user.split(':')[0]}" in runs


def test_it_installs_the_server_extra_and_nothing_to_test() -> None:
    runs = " ".join(c.value[0] for c in last_stage() if c.cmd == "RUN")
    extras = set(re.findall(r"\[([a-z,]+)\]", runs))
    assert extras == {"server"}
    declared = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))["project"][
        "optional-dependencies"
    ]
    assert "server" in declared


def test_command_is_one_openness_serve_accepts() -> None:
    cmd = only("CMD")
    assert cmd.json, "exec form: no shell between the container and the service"
    argv = list(cmd.value)
    assert argv[:2] == ["openness", "serve"]
    args = build_parser().parse_args(argv[1:])  # SystemExit(2) on an option serve lacks.
    assert args.func.__name__ == "_cmd_serve"
    assert args.host == "0.0.0.0"  # noqa: S104 - inside a container: reachable through -p
    assert (str(args.port),) == only("EXPOSE").value
    # The installed command's own help lists every option the command uses.
    help_text = subprocess.run(
        [sys.executable, "-m", "openness", "serve", "--help"],
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    ).stdout
    for option in (a for a in argv[2:] if a.startswith("--")):
        assert option in help_text


def test_health_check_asks_the_service_health_route() -> None:
    from openness._server import create_app  # noqa: PLC0415 - the server extra

    check = only("HEALTHCHECK")
    assert {"--interval", "--timeout", "--start-period"} <= {f.split("=")[0] for f in check.flags}
    assert check.json
    assert check.value[0] == "CMD"
    argv = list(check.value[1:])
    assert argv[:2] == ["python", "-c"]
    compile(argv[2], "<healthcheck>", "exec")  # Python, and valid.
    (port,) = only("EXPOSE").value
    assert f"http://127.0.0.1:{port}/healthz" in argv[2]
    routes = {getattr(r, "path", None) for r in create_app().routes}
    assert "/healthz" in routes


def _ignored(path: str, patterns: list[str]) -> bool:
    """Whether .dockerignore *patterns* leave *path* (or a folder it is in) out of the context."""
    parts = path.split("/")
    folders = ["/".join(parts[:i]) for i in range(1, len(parts) + 1)]
    for pattern in patterns:
        anywhere = pattern.startswith("**/")
        for folder in folders:
            name = folder.rsplit("/", maxsplit=1)[-1]
            if fnmatch.fnmatch(folder, pattern) or (
                anywhere and fnmatch.fnmatch(name, pattern.removeprefix("**/"))
            ):
                return True
    return False


@pytest.mark.parametrize(
    ("path", "patterns", "ignored"),
    [
        pytest.param("src/openness/__pycache__", ["**/__pycache__"], True, id="anywhere"),
        pytest.param("tests/test_x.py", ["tests"], True, id="folder"),
        pytest.param("src", ["tests", "**/__pycache__"], False, id="kept"),
        pytest.param("x.egg-info", ["*.egg-info"], True, id="glob"),
    ],
)
def test_ignore_matching(path: str, patterns: list[str], ignored: bool) -> None:
    assert _ignored(path, patterns) is ignored


def test_dockerignore_keeps_what_the_build_copies() -> None:
    patterns = [
        line.strip()
        for line in (ROOT / ".dockerignore").read_text("utf-8").splitlines()
        if line.strip() and not line.startswith("#")
    ]
    copied = []
    for c in DOCKERFILE:
        if c.cmd == "COPY" and not any(f.startswith("--from") for f in c.flags):
            copied += c.value[:-1]
    assert copied
    for path in copied:
        assert (ROOT / path).exists(), path
        assert not _ignored(path, patterns), path
    # What the build does not need stays out of the context (a checkout's .git, venvs, tests).
    for path in (".git", ".venv", "tests", "data", "docs", "src/openness/__pycache__"):
        assert _ignored(path, patterns), path
