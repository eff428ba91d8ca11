"""No network access at any point.

The whole suite runs with network sockets blocked (pytest-socket, ``--disable-socket`` in
pyproject.toml); the first test proves the block is on. The CLI runs in a subprocess with an
audit hook that kills the process on the first socket, address lookup or URL opened.
"""

from __future__ import annotations

import socket
import subprocess
import sys
import textwrap
import warnings
from pathlib import Path

import pytest
from pytest_socket import SocketBlockedError

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "data"

# Runs in the child: any network event ends the process at once with exit 99.
HOOK = textwrap.dedent(
    """
    import os, sys

    NETWORK = ("socket.", "urllib.", "http.", "ftplib.", "smtplib.", "webbrowser.")

    def hook(event, args):
        if event.startswith(NETWORK) and event != "socket.gethostname":
            sys.stderr.write(f"NETWORK {event} {args!r}\\n")
            sys.stderr.flush()
            os._exit(99)

    sys.addaudithook(hook)
    from openness._cli import main
    sys.exit(main(sys.argv[1:]))
    """
)


def run_offline(*argv: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", HOOK, *argv],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
        cwd=ROOT,
    )


def test_the_suite_runs_with_sockets_blocked() -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # pytest-socket also warns; the error is what counts.
        with pytest.raises(SocketBlockedError):
            socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        with pytest.raises(SocketBlockedError):
            socket.create_connection(("192.0.2.1", 9), timeout=0.01)


def test_the_audit_hook_catches_a_connection() -> None:
    # The guard itself must be able to fail: a child that opens a socket is stopped.
    code = HOOK.replace(
        "from openness._cli import main",
        "import socket; socket.create_connection(('192.0.2.1', 9), timeout=0.01)\n"
        "from openness._cli import main",
    )
    result = subprocess.run(
        [sys.executable, "-c", code, "--version"],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 99
    assert "NETWORK socket." in result.stderr


@pytest.mark.parametrize(
    "argv",
    [
        pytest.param(["score", str(DATA / "releases")], id="releases"),
        pytest.param(["score", "--format", "json", str(DATA / "mot" / "models")], id="mot"),
        pytest.param(["license", "Llama 3.1 Community License Agreement"], id="licence-name"),
        pytest.param(["license", "https://www.apache.org/licenses/LICENSE-2.0"], id="licence-url"),
    ],
)
def test_cli_never_touches_the_network(argv: list[str]) -> None:
    result = run_offline(*argv)
    assert "NETWORK" not in result.stderr, result.stderr
    assert result.returncode == 0, result.stderr


def test_classifier_never_touches_the_network(tmp_path: Path) -> None:
    # A licence text no table names goes to the classifier (when there is one).
    text = (
        "Permission is hereby granted, free of charge, to any person obtaining a copy of this "
        "software and associated documentation files, to deal in the Software without "
        "restriction, including without limitation the rights to use, copy, modify, merge."
    )
    release = tmp_path / "r.yaml"
    release.write_text(
        f"name: x\naccess: open\nlicense: '{text}'\ncomponents:\n  model_parameters_final: {{}}\n"
    )
    result = run_offline("score", "--format", "json", str(release))
    assert "NETWORK" not in result.stderr, result.stderr
    assert result.returncode == 0, result.stderr
