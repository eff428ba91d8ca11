"""Hugging Face Hub ids, replayed through huggingface_hub's own client over a mocked transport.

Every response is one the Hub gives (tests/cases/hub/recorded.json, sources in NOTICE.md): the
JSON of ``api/models/{id}``, the files of ``resolve/{rev}/{file}``, a 404 and a 429. The client
runs as it does against the Hub; only its transport (httpx2's MockTransport) answers instead of
the network.
"""

from __future__ import annotations

import io
import json
import os
from contextlib import redirect_stderr
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

import openness
from openness._cli import main

if TYPE_CHECKING:
    from collections.abc import Iterator

hub = pytest.importorskip("huggingface_hub")
constants = pytest.importorskip("huggingface_hub.constants")
http = pytest.importorskip("huggingface_hub.utils._http")
httpx2 = pytest.importorskip("httpx2")

HERE = Path(__file__).resolve().parent / "cases" / "hub"
RECORDED: dict[str, Any] = json.loads((HERE / "recorded.json").read_text(encoding="utf-8"))
TOKEN = "hf_openness_test_secret_token_0123456789"  # noqa: S105 - a test value, never real


class Hub:
    """Answer the client's requests from the recordings; remember what was asked."""

    def __init__(self) -> None:
        self.requests: list[Any] = []

    def __call__(self, request: Any) -> Any:
        self.requests.append(request)
        path = request.url.path
        if path.startswith("/api/models/"):
            repo = path.removeprefix("/api/models/").split("/revision/")[0]
            case = RECORDED.get(repo)
            if case is None or "status" in case:
                return self._error(case)
            return httpx2.Response(200, json=case["info"])
        repo, _, rest = path.lstrip("/").partition("/resolve/")
        case = RECORDED.get(repo)
        if case is None or "status" in case:
            return self._error(case)
        _rev, _, file = rest.partition("/")
        sha = case["info"]["sha"]
        if file in case.get("gated_files", ()):
            return httpx2.Response(
                403,
                headers={"x-error-code": "GatedRepo", "x-error-message": "Access restricted"},
                json={"error": "Access to model is restricted."},
            )
        if file not in case["files"]:
            return httpx2.Response(404, headers={"x-error-code": "EntryNotFound"})
        body = (HERE / case["files"][file]).read_bytes()
        headers = {
            "x-repo-commit": sha,
            "etag": f'"{hash(body) & 0xFFFFFFFF:08x}"',
            "content-length": str(len(body)),
            "content-type": "text/plain; charset=utf-8",
        }
        return httpx2.Response(
            200, headers=headers, content=b"" if request.method == "HEAD" else body
        )

    @staticmethod
    def _error(case: dict[str, Any] | None) -> Any:
        status = 404 if case is None else case["status"]
        headers = (
            {"x-error-code": case.get("error_code", "")} if case and "error_code" in case else {}
        )
        if status == 404 and not headers:
            headers = {"x-error-code": "RepoNotFound"}
        return httpx2.Response(status, headers=headers, json={"error": "recorded"})


@pytest.fixture
def recorded(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Hub]:
    monkeypatch.setenv("HF_HOME", str(tmp_path / "hf"))
    monkeypatch.setenv("HF_HUB_CACHE", str(tmp_path / "hf" / "hub"))
    monkeypatch.setenv("HF_TOKEN", TOKEN)
    monkeypatch.delenv("HF_HUB_OFFLINE", raising=False)
    monkeypatch.setattr(constants, "HF_HUB_CACHE", str(tmp_path / "hf" / "hub"))
    monkeypatch.setattr(constants, "HF_HUB_OFFLINE", False)
    monkeypatch.setattr(constants, "HF_HUB_DISABLE_XET", True, raising=False)
    answer = Hub()
    hub.set_client_factory(lambda: httpx2.Client(transport=httpx2.MockTransport(answer)))
    yield answer
    hub.set_client_factory(http.default_client_factory)
    hub.close_session()


@pytest.mark.parametrize(
    ("target", "name", "licence", "access"),
    [
        pytest.param(
            "hf:mistralai/Mistral-7B-v0.1",
            "mistralai/Mistral-7B-v0.1",
            "apache-2.0",
            "open",
            id="mistral-open",
        ),
        pytest.param(
            "hf://allenai/OLMo-2-1124-7B",
            "allenai/OLMo-2-1124-7B",
            "apache-2.0",
            "open",
            id="olmo-hf-url",
        ),
        pytest.param(
            "https://huggingface.co/meta-llama/Llama-3.1-8B",
            "meta-llama/Llama-3.1-8B",
            "llama3.1",
            "on_request",
            id="llama-gated-manual",
        ),
        pytest.param(
            "hf:google/gemma-2-9b@main",
            "google/gemma-2-9b",
            "gemma",
            "registration",
            id="gemma-gated-auto-revision",
        ),
    ],
)
@pytest.mark.usefixtures("recorded")
def test_hub_ids_are_read(target: str, name: str, licence: str, access: str) -> None:
    a = openness.score(target)
    assert a.release.name == name
    assert a.release.license == licence
    assert str(a.release.access) == access
    assert a.source["format"] == "hf-hub"
    repo = name
    commit = RECORDED[repo]["info"]["sha"]
    documents = a.source["documents"]
    assert documents[0]["file"] == "README.md"
    for d in documents:
        assert d["repo"] == repo
        assert d["commit"] == commit
        assert len(d["sha256"]) == 64
    weights = a.release.components["model_parameters_final"]
    assert "safetensors" in (weights.notes or "")
    assert f"{RECORDED[repo]['info']['safetensors']['total']:,}" in (weights.notes or "")


@pytest.mark.usefixtures("recorded")
def test_the_licence_file_is_read_as_text() -> None:
    a = openness.score("hf:mistralai/Mistral-7B-v0.1")
    found = [f for f in a.findings if f.rule == "folder-license-file"]
    assert found
    assert found[0].license == "Apache-2.0"
    assert "LICENSE" in {d["file"] for d in a.source["documents"]}


@pytest.mark.usefixtures("recorded")
def test_gated_files_are_unverified_not_guessed() -> None:
    a = openness.score("hf:meta-llama/Llama-3.1-8B")
    gated = {f.license for f in a.findings if f.rule == "hub-file-gated"}
    assert gated == {"LICENSE", "USE_POLICY.md"}


@pytest.mark.parametrize(
    ("target", "expected"),
    [
        pytest.param("hf:openness-tests/no-such-model", "no such model", id="404"),
        pytest.param("hf:Qwen/Qwen3-8B", "rate limit", id="429"),
        pytest.param("hf:", "not a Hugging Face Hub id", id="empty"),
    ],
)
@pytest.mark.usefixtures("recorded")
def test_failures_are_one_line(target: str, expected: str) -> None:
    with pytest.raises(openness.OpennessError, match=expected) as info:
        openness.score(target)
    assert "\n" not in str(info.value)
    err = io.StringIO()
    with redirect_stderr(err):
        assert main(["score", target]) == 2
    assert expected in err.getvalue()
    assert "Traceback" not in err.getvalue()


def test_the_token_is_sent_but_never_shown(recorded: Hub) -> None:
    out, err = io.StringIO(), io.StringIO()
    with redirect_stderr(err):
        main(["score", "hf:mistralai/Mistral-7B-v0.1", "--format", "json"], out)
        main(["audit", "hf:meta-llama/Llama-3.1-8B", "--format", "sarif"], out)
        main(["score", "hf:Qwen/Qwen3-8B"], out)
    assert any(TOKEN in r.headers.get("authorization", "") for r in recorded.requests)
    assert TOKEN not in out.getvalue()
    assert TOKEN not in err.getvalue()


@pytest.mark.usefixtures("recorded")
def test_score_many_takes_hub_ids() -> None:
    found = openness.score_many(["hf:mistralai/Mistral-7B-v0.1", "hf:allenai/OLMo-2-1124-7B"])
    assert [a.release.name for a in found] == [
        "mistralai/Mistral-7B-v0.1",
        "allenai/OLMo-2-1124-7B",
    ]


def test_offline_from_the_cache(recorded: Hub, monkeypatch: pytest.MonkeyPatch) -> None:
    online = openness.score("hf:mistralai/Mistral-7B-v0.1")
    asked = len(recorded.requests)
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    monkeypatch.setattr(constants, "HF_HUB_OFFLINE", True)
    offline = openness.score("hf:mistralai/Mistral-7B-v0.1")
    assert len(recorded.requests) == asked  # Nothing asked of the Hub.
    assert offline.release.name == online.release.name
    assert offline.release.license == online.release.license
    assert offline.release.access is None  # Gating cannot be read offline: not guessed.
    assert "hub-offline" in {f.rule for f in offline.findings}
    assert [d["sha256"] for d in offline.source["documents"]] == [
        d["sha256"] for d in online.source["documents"]
    ]


def test_a_cache_built_by_hand_is_read_offline(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cache = tmp_path / "hf" / "hub"
    sha = RECORDED["mistralai/Mistral-7B-v0.1"]["info"]["sha"]
    repo = cache / "models--mistralai--Mistral-7B-v0.1"
    snapshot = repo / "snapshots" / sha
    snapshot.mkdir(parents=True)
    (repo / "refs").mkdir()
    (repo / "refs" / "main").write_text(sha, encoding="utf-8")
    case = RECORDED["mistralai/Mistral-7B-v0.1"]
    for file, source in case["files"].items():
        (snapshot / file).write_bytes((HERE / source).read_bytes())
    monkeypatch.setenv("HF_HOME", str(tmp_path / "hf"))
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    monkeypatch.setattr(constants, "HF_HUB_CACHE", str(cache))
    monkeypatch.setattr(constants, "HF_HUB_OFFLINE", True)
    a = openness.score("hf:mistralai/Mistral-7B-v0.1")
    assert a.release.name == "mistralai/Mistral-7B-v0.1"
    assert a.release.license == "apache-2.0"
    assert {d["commit"] for d in a.source["documents"]} == {sha}


def test_without_the_extra_the_error_says_what_to_install(monkeypatch: pytest.MonkeyPatch) -> None:
    import sys  # noqa: PLC0415

    monkeypatch.setitem(sys.modules, "huggingface_hub", None)
    with pytest.raises(openness.OpennessError, match=r"openness\[hub\]"):
        openness.score("hf:mistralai/Mistral-7B-v0.1")


@pytest.mark.network
def test_live_hub() -> None:
    """Against the real Hub: python -m pytest -m network tests/test_hub.py (needs network)."""
    a = openness.score("hf:mistralai/Mistral-7B-v0.1")
    assert a.release.name == "mistralai/Mistral-7B-v0.1"
    assert a.source["documents"]
    assert os.environ.get("HF_TOKEN", "\0") not in json.dumps(a.to_dict())


@pytest.mark.usefixtures("recorded")
def test_a_hub_licence_address_is_fetched_and_classified() -> None:
    from openness._hub import fetch_license  # noqa: PLC0415

    found = fetch_license("https://huggingface.co/mistralai/Mistral-7B-v0.1/blob/main/LICENSE")
    assert found is not None
    resolution, document = found
    assert [x.id for x in resolution.licenses] == ["Apache-2.0"]
    assert document["repo"] == "mistralai/Mistral-7B-v0.1"
    assert document["commit"] == RECORDED["mistralai/Mistral-7B-v0.1"]["info"]["sha"]


@pytest.mark.parametrize(
    ("url", "offline"),
    [
        pytest.param(
            "https://huggingface.co/mistralai/Mistral-7B-v0.1/blob/main/LICENSE", True, id="offline"
        ),
        pytest.param(
            "https://huggingface.co/meta-llama/Llama-3.1-8B/blob/main/LICENSE", False, id="gated"
        ),
        pytest.param("https://example.org/LICENSE", False, id="elsewhere"),
    ],
)
@pytest.mark.usefixtures("recorded")
def test_a_licence_address_not_fetched_is_left_unverified(
    url: str, offline: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    from openness._hub import fetch_license  # noqa: PLC0415

    if offline:
        monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    assert fetch_license(url) is None
