"""Hugging Face Hub ids, replayed through huggingface_hub's own client over a mocked transport.

Every response is one the Hub gives (tests/cases/hub/recorded.json, sources in NOTICE.md): the
JSON of ``api/models/{id}``, the files of ``resolve/{rev}/{file}``, a 404 and a 429. The client
runs as it does against the Hub; only its transport (httpx2's MockTransport) answers instead of
the network.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
from contextlib import redirect_stderr
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

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


MODELS: dict[str, Any] = RECORDED["models"]
DATASETS: dict[str, Any] = RECORDED["datasets"]
GITHUB: dict[str, str] = RECORDED["github"]


class Hub:
    """Answer the client's requests from the recordings; remember what was asked.

    A repository that is not recorded is a network that cannot be reached (never a 404: a real
    repository the recordings leave out is not claimed to be missing).
    """

    def __init__(self) -> None:
        self.requests: list[Any] = []

    def __call__(self, request: Any) -> Any:
        self.requests.append(request)
        if request.url.host == "raw.githubusercontent.com":
            return self._github(request)
        path = request.url.path
        if path.startswith("/api/models/"):
            return self._info(request)
        kind, cases = ("dataset", DATASETS) if path.startswith("/datasets/") else ("model", MODELS)
        repo, _, rest = path.removeprefix("/datasets").lstrip("/").partition("/resolve/")
        case = self._case(cases, repo, request)
        if "status" in case:
            return self._error(case)
        _rev, _, file = rest.partition("/")
        sha = case["info"]["sha"] if kind == "model" else case["sha"]
        if file in case.get("gated_files", ()):
            return httpx2.Response(
                403,
                headers={"x-error-code": "GatedRepo", "x-error-message": "Access restricted"},
                json={"error": "Access to model is restricted."},
            )
        if file not in case["files"]:
            return httpx2.Response(404, headers={"x-error-code": "EntryNotFound"})
        body = (HERE / case["files"][file]).read_bytes()
        return self._file(request, body, sha)

    def _info(self, request: Any) -> Any:
        repo = request.url.path.removeprefix("/api/models/").split("/revision/")[0]
        case = self._case(MODELS, repo, request)
        if "status" in case:
            return self._error(case)
        return httpx2.Response(200, json=case["info"])

    @staticmethod
    def _case(cases: dict[str, Any], repo: str, request: Any) -> dict[str, Any]:
        case: dict[str, Any] | None = cases.get(repo)
        if case is None:
            raise httpx2.ConnectError("not recorded", request=request)
        return case

    def _github(self, request: Any) -> Any:
        key = request.url.path.lstrip("/")
        if key not in GITHUB:
            return httpx2.Response(404)
        return self._file(request, (HERE / GITHUB[key]).read_bytes(), None)

    @staticmethod
    def _file(request: Any, body: bytes, sha: str | None) -> Any:
        headers = {
            "etag": f'"{hashlib.sha256(body).hexdigest()[:16]}"',
            "content-length": str(len(body)),
            "content-type": "text/plain; charset=utf-8",
        }
        if sha is not None:
            headers["x-repo-commit"] = sha
        return httpx2.Response(
            200, headers=headers, content=b"" if request.method == "HEAD" else body
        )

    @staticmethod
    def _error(case: dict[str, Any]) -> Any:
        status = case["status"]
        headers = {"x-error-code": case["error_code"]} if "error_code" in case else {}
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
    commit = MODELS[repo]["info"]["sha"]
    documents = [d for d in a.source["documents"] if "read_for" not in d]
    assert documents[0]["file"] == "README.md"
    for d in documents:
        assert d["repo"] == repo
        assert d["commit"] == commit
        assert len(d["sha256"]) == 64
    weights = a.release.components["model_parameters_final"]
    assert "safetensors" in (weights.notes or "")
    assert f"{MODELS[repo]['info']['safetensors']['total']:,}" in (weights.notes or "")


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
    sha = MODELS["mistralai/Mistral-7B-v0.1"]["info"]["sha"]
    repo = cache / "models--mistralai--Mistral-7B-v0.1"
    snapshot = repo / "snapshots" / sha
    snapshot.mkdir(parents=True)
    (repo / "refs").mkdir()
    (repo / "refs" / "main").write_text(sha, encoding="utf-8")
    case = MODELS["mistralai/Mistral-7B-v0.1"]
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
    # A quantization of a model of a base: the chain is read from the Hub, two deep.
    gguf = openness.score("hf:Qwen/Qwen3-4B-GGUF")
    assert gguf.base is not None
    assert gguf.base.release.name == "Qwen/Qwen3-4B"
    assert {d["repo"] for d in gguf.source["documents"]} >= {"Qwen/Qwen3-4B-GGUF", "Qwen/Qwen3-4B"}


# --- Every recorded repository, as a table ---------------------------------------------------

L = openness.Level


class Expected(NamedTuple):
    """What a recorded repository's assessment shows."""

    level: openness.Level
    ceiling: openness.Level
    owd: str
    flags: set[str]
    """Flags raised (at least these)."""
    rules: set[str]
    """Finding ids among its findings (at least these)."""
    chain: list[str]
    """The names of its bases, nearest first."""


REPOSITORIES = [
    pytest.param(
        "hf:mistralai/Mistral-7B-v0.1",
        Expected(
            L.OPEN_WEIGHTS,
            L.OPEN_SCIENCE,
            "pass",
            set(),
            {"folder-license-file", "hub-gating"},
            [],
        ),
        id="mistral-open",
    ),
    pytest.param(
        "hf:allenai/OLMo-2-1124-7B",
        Expected(
            L.OPEN_CODE,
            L.OPEN_SCIENCE,
            "pass",
            set(),
            {"hub-dataset-license"},
            [],
        ),
        id="olmo-open-datasets-read",
    ),
    pytest.param(
        "hf:meta-llama/Llama-3.1-8B",
        Expected(
            L.RESTRICTED_WEIGHTS,
            L.RESTRICTED_WEIGHTS,
            "fail",
            {"on-request", "use-restrictions", "user-threshold"},
            {"hub-file-gated", "weights-on-request"},
            [],
        ),
        id="llama-gated-manual",
    ),
    pytest.param(
        "hf:google/gemma-2-9b",
        Expected(
            L.RESTRICTED_WEIGHTS,
            L.RESTRICTED_WEIGHTS,
            "fail",
            {"gated", "use-restrictions"},
            {"hub-gating", "weights-gated"},
            [],
        ),
        id="gemma-gated-auto",
    ),
    pytest.param(
        "hf:Qwen/Qwen3-4B-Base",
        Expected(
            L.OPEN_WEIGHTS,
            L.OPEN_SCIENCE,
            "pass",
            set(),
            {"hub-gating"},
            [],
        ),
        id="qwen3-base",
    ),
    pytest.param(
        "hf:Qwen/Qwen3-4B",
        Expected(
            L.OPEN_WEIGHTS,
            L.OPEN_SCIENCE,
            "pass",
            set(),
            {"hub-base-read", "folder-license-file"},
            ["Qwen/Qwen3-4B-Base"],
        ),
        id="qwen3-open-base-from-the-hub",
    ),
    pytest.param(
        "hf:Qwen/Qwen3-4B-GGUF",
        Expected(
            L.OPEN_WEIGHTS,
            L.OPEN_SCIENCE,
            "pass",
            set(),
            {"hub-base-read"},
            ["Qwen/Qwen3-4B", "Qwen/Qwen3-4B-Base"],
        ),
        id="gguf-chain-two-deep",
    ),
    pytest.param(
        "hf:bartowski/Meta-Llama-3.1-8B-Instruct-GGUF",
        Expected(
            L.RESTRICTED_WEIGHTS,
            L.RESTRICTED_WEIGHTS,
            "fail",
            {"use-restrictions", "user-threshold"},
            {"weights-use-restrictions", "weights-user-threshold"},
            ["Llama-3.1-8B-Instruct"],
        ),
        id="gguf-of-llama",
    ),
    pytest.param(
        "hf:LoRA-TMLR-2024/openwebmath-lora-rank-16-20B-tokens",
        Expected(
            L.RESTRICTED_WEIGHTS,
            L.RESTRICTED_WEIGHTS,
            "fail",
            {"gated", "non-commercial", "use-restrictions"},
            {"weights-gated", "hub-dataset-unverified"},
            ["Llama-2-7B"],
        ),
        id="adapter-on-gated-base",
    ),
    pytest.param(
        "hf:deepseek-ai/DeepSeek-V2-Lite-Chat",
        Expected(
            L.RESTRICTED_WEIGHTS,
            L.RESTRICTED_WEIGHTS,
            "fail",
            {"use-restrictions"},
            {"hub-license-link"},
            [],
        ),
        id="license-link-on-github",
    ),
    pytest.param(
        "hf:nytopop/Qwen3-8B.w8a8",
        Expected(
            L.RESTRICTED_WEIGHTS,
            L.OPEN_SCIENCE,
            "unverified",
            set(),
            {"weights-base-unknown"},
            [],
        ),
        id="base-rate-limited",
    ),
]


@pytest.mark.parametrize(("target", "expected"), REPOSITORIES)
@pytest.mark.usefixtures("recorded")
def test_recorded_repositories(target: str, expected: Expected) -> None:
    a = openness.score(target)
    assert (a.level, a.ceiling, str(a.owd.status)) == expected[:3]
    assert expected.flags <= a.flags
    assert expected.rules <= {f.rule for f in a.findings}
    bases = []
    b = a.base
    while b is not None:
        bases.append(b.release.name)
        b = b.base
    assert bases == expected.chain


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.mark.usefixtures("recorded")
def test_a_gguf_of_llama_is_bound_by_llamas_terms() -> None:
    a = openness.score("hf:bartowski/Meta-Llama-3.1-8B-Instruct-GGUF")
    assert a.release.base_model_relation == "quantized"  # The Hub's base_model:quantized: tag.
    bound = [f for f in a.owd.findings if f.message.startswith("Bound by its base")]
    assert {f.rule for f in bound} >= {"weights-use-restrictions", "weights-user-threshold"}
    assert all("meta-llama/Meta-Llama-3.1-8B-Instruct" in f.message for f in bound)
    assert a.base is not None
    assert a.base.owd.status is openness.Status.FAIL


@pytest.mark.usefixtures("recorded")
def test_an_adapter_is_bound_by_its_base_gate() -> None:
    a = openness.score("hf:LoRA-TMLR-2024/openwebmath-lora-rank-16-20B-tokens")
    # The card does not say it is an adapter: its adapter_config.json does.
    assert a.release.base_model_relation == "adapter"
    weights = a.release.components["model_parameters_final"]
    assert weights.partial
    assert "meta-llama/Llama-2-7b-hf" in (weights.notes or "")
    # The repository is not gated; its base is, and an adapter is usable only with the base.
    assert str(a.release.access) == "open"
    gate = [f for f in a.owd.findings if f.rule == "weights-gated"]
    assert gate
    assert "An adapter of meta-llama/Llama-2-7b-hf" in gate[0].message
    assert "gated" in a.flags


@pytest.mark.usefixtures("recorded")
def test_a_chain_two_deep_resolves_to_the_root() -> None:
    a = openness.score("hf:Qwen/Qwen3-4B-GGUF")
    assert a.base is not None
    assert a.base.base is not None
    root = a.base.base
    assert root.release.name == "Qwen/Qwen3-4B-Base"
    assert root.release.license == "apache-2.0"
    assert root.base is None
    # The whole chain is in the derived model's audit trail: each card at the commit it resolved
    # to, with the SHA-256 of the bytes served.
    trail = a.source["documents"]
    for repo in ("Qwen/Qwen3-4B-GGUF", "Qwen/Qwen3-4B", "Qwen/Qwen3-4B-Base"):
        card = next(d for d in trail if d["repo"] == repo and d["file"] == "README.md")
        assert card["commit"] == MODELS[repo]["info"]["sha"]
        assert card["sha256"] == _sha256(HERE / MODELS[repo]["files"]["README.md"])
        assert card.get("read_for") == (None if repo == "Qwen/Qwen3-4B-GGUF" else "base_model")


@pytest.mark.parametrize(
    "target",
    [
        "hf:Qwen/Qwen3-4B-GGUF",
        "hf:allenai/OLMo-2-1124-7B",
        "hf:deepseek-ai/DeepSeek-V2-Lite-Chat",
        "hf:LoRA-TMLR-2024/openwebmath-lora-rank-16-20B-tokens",
        "hf:mistralai/Mistral-7B-v0.1",
    ],
)
def test_every_file_downloaded_is_in_the_audit_trail(target: str, recorded: Hub) -> None:
    a = openness.score(target)
    served = set()
    for r in recorded.requests:
        path = r.url.path
        if r.method != "GET" or "/api/" in path:
            continue
        if r.url.host == "raw.githubusercontent.com":
            owner, repo, _ref, file = path.lstrip("/").split("/", 3)
            served.add((f"github:{owner}/{repo}", file))
        else:
            repo, _, rest = path.removeprefix("/datasets").lstrip("/").partition("/resolve/")
            served.add((repo, rest.partition("/")[2]))
    trail = a.source["documents"]
    assert served == {(d["repo"], d["file"]) for d in trail}
    for d in trail:
        assert len(d["sha256"]) == 64
        assert d.get("commit") or d.get("ref")


@pytest.mark.usefixtures("recorded")
def test_a_chain_longer_than_the_limit_is_unverified_past_it(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from openness.readers import _hub  # noqa: PLC0415

    monkeypatch.setattr(_hub, "MAX_HUB_BASES", 1)
    a = openness.score("hf:Qwen/Qwen3-4B-GGUF")
    assert a.base is not None
    assert a.base.release.name == "Qwen/Qwen3-4B"
    assert a.base.base is None
    (past,) = [f for f in a.base.owd.findings if f.rule == "weights-base-unknown"]
    assert "Qwen/Qwen3-4B-Base" in past.message
    assert "at most 1 base models" in past.message
    assert a.base.owd.status is openness.Status.UNVERIFIED


@pytest.mark.usefixtures("recorded")
def test_a_base_that_cannot_be_read_is_unverified_naming_it() -> None:
    a = openness.score("hf:nytopop/Qwen3-8B.w8a8")
    assert a.owd.status is openness.Status.UNVERIFIED
    (unread,) = [f for f in a.owd.findings if f.rule == "weights-base-unknown"]
    assert "'Qwen/Qwen3-8B'" in unread.message
    assert "429" in unread.message
    assert a.base is None


def test_offline_bases_come_from_the_cache(recorded: Hub, monkeypatch: pytest.MonkeyPatch) -> None:
    online = openness.score("hf:Qwen/Qwen3-4B")
    asked = len(recorded.requests)
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    monkeypatch.setattr(constants, "HF_HUB_OFFLINE", True)
    offline = openness.score("hf:Qwen/Qwen3-4B")
    assert len(recorded.requests) == asked  # Nothing asked of the Hub.
    assert offline.base is not None
    assert online.base is not None
    assert offline.base.release.name == online.base.release.name
    read = [f for f in offline.findings if f.rule == "hub-base-read"]
    assert "Hugging Face cache" in read[0].message
    # A derivative whose base was never cached: the base is unverified, named, never guessed.
    monkeypatch.setenv("HF_HUB_OFFLINE", "")
    monkeypatch.setattr(constants, "HF_HUB_OFFLINE", False)
    openness.score("hf:Qwen/Qwen3-4B-GGUF")
    cache = Path(constants.HF_HUB_CACHE)
    for snapshot in (cache / "models--Qwen--Qwen3-4B").rglob("*"):
        if snapshot.is_file() or snapshot.is_symlink():
            snapshot.unlink()
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    monkeypatch.setattr(constants, "HF_HUB_OFFLINE", True)
    gguf = openness.score("hf:Qwen/Qwen3-4B-GGUF")
    (unread,) = [f for f in gguf.owd.findings if f.rule == "weights-base-unknown"]
    assert "'Qwen/Qwen3-4B'" in unread.message
    assert "not in the Hugging Face cache" in unread.message
    assert gguf.owd.status is openness.Status.UNVERIFIED


@pytest.mark.usefixtures("recorded")
def test_linked_dataset_cards_are_the_datasets_licence() -> None:
    a = openness.score("hf:allenai/OLMo-2-1124-7B")
    datasets = a.release.components["datasets"]
    assert datasets.license == "ODC-By-1.0"
    read = [d for d in a.source["documents"] if d.get("read_for") == "dataset"]
    assert {d["repo"] for d in read} == {"allenai/dolmino-mix-1124", "allenai/olmo-mix-1124"}
    for d in read:
        assert d["repo_type"] == "dataset"
        assert d["commit"] == DATASETS[d["repo"]]["sha"]
        assert d["sha256"] == _sha256(HERE / DATASETS[d["repo"]]["files"]["README.md"])
    assert not [
        f for f in a.findings if f.rule == "hf-license-not-stated" and f.component == "datasets"
    ]


@pytest.mark.usefixtures("recorded")
def test_a_dataset_without_a_licence_is_unverified_never_no() -> None:
    # OpenWebMath's card indents its licence under dataset_info: none at the top level.
    a = openness.score("hf:LoRA-TMLR-2024/openwebmath-lora-rank-16-20B-tokens")
    assert a.release.components["datasets"].license == "NOASSERTION"
    unverified = {
        f.message.split(", whose")[0].removeprefix("The card links the dataset ")
        for f in a.findings
        if f.rule == "hub-dataset-unverified"
    }
    assert "open-web-math/open-web-math" in unverified
    owm = next(f for f in a.findings if "open-web-math/open-web-math" in f.message)
    assert "declares no licence" in owm.message
    # The data information's licence is missing evidence (unverified), never proof it is closed.
    (data,) = [f for f in a.osaid.findings if f.rule == "data-information-license-unknown"]
    assert data.evidence == "missing"


@pytest.mark.usefixtures("recorded")
def test_dataset_cards_are_bounded(monkeypatch: pytest.MonkeyPatch) -> None:
    from openness.readers import _hub  # noqa: PLC0415

    monkeypatch.setattr(_hub, "MAX_HUB_DATASETS", 1)
    a = openness.score("hf:allenai/OLMo-2-1124-7B")
    assert a.release.components["datasets"].license == "NOASSERTION"
    assert any("at most 1 dataset cards" in f.message for f in a.findings)


# --- Licences written as a repository file's address ------------------------------------------

DEEPSEEK_LICENSE = "https://github.com/deepseek-ai/DeepSeek-V2/blob/main/LICENSE-MODEL"


@pytest.mark.usefixtures("recorded")
def test_a_hub_licence_address_is_fetched_and_classified() -> None:
    from openness.readers._hub import fetch_license  # noqa: PLC0415

    found = fetch_license("https://huggingface.co/Qwen/Qwen3-4B/blob/main/LICENSE")
    assert not isinstance(found, str)
    resolution, document = found
    assert [x.id for x in resolution.licenses] == ["Apache-2.0"]
    assert document["repo"] == "Qwen/Qwen3-4B"
    assert document["commit"] == MODELS["Qwen/Qwen3-4B"]["info"]["sha"]
    assert document["sha256"] == _sha256(HERE / MODELS["Qwen/Qwen3-4B"]["files"]["LICENSE"])


def test_a_github_licence_address_is_fetched_without_the_token(recorded: Hub) -> None:
    from openness.readers._hub import fetch_license  # noqa: PLC0415

    found = fetch_license(DEEPSEEK_LICENSE)
    assert not isinstance(found, str)
    resolution, document = found
    assert [x.id for x in resolution.licenses] == ["LicenseRef-scancode-deepseek-la-1.0"]
    assert document["repo"] == "github:deepseek-ai/DeepSeek-V2"
    assert document["ref"] == "main"
    asked = [r for r in recorded.requests if r.url.host == "raw.githubusercontent.com"]
    assert [str(r.url) for r in asked] == [
        "https://raw.githubusercontent.com/deepseek-ai/DeepSeek-V2/main/LICENSE-MODEL"
    ]
    assert "authorization" not in asked[0].headers


@pytest.mark.usefixtures("recorded")
def test_a_card_licence_link_is_read_and_recorded() -> None:
    a = openness.score("hf:deepseek-ai/DeepSeek-V2-Lite-Chat")
    (read,) = [f for f in a.findings if f.rule == "hub-license-link"]
    assert DEEPSEEK_LICENSE in read.message
    assert read.license == "LicenseRef-scancode-deepseek-la-1.0"
    assert not [f for f in a.findings if f.rule == "hub-license-link-mismatch"]  # It agrees.
    (document,) = [d for d in a.source["documents"] if d.get("read_for") == "license_link"]
    path = HERE / GITHUB["deepseek-ai/DeepSeek-V2/main/LICENSE-MODEL"]
    assert document == {
        "repo": "github:deepseek-ai/DeepSeek-V2",
        "ref": "main",
        "file": "LICENSE-MODEL",
        "sha256": _sha256(path),
        "read_for": "license_link",
    }


def test_offline_a_github_licence_is_unverified_naming_it(
    recorded: Hub, monkeypatch: pytest.MonkeyPatch
) -> None:
    openness.score("hf:deepseek-ai/DeepSeek-V2-Lite-Chat")
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    monkeypatch.setattr(constants, "HF_HUB_OFFLINE", True)
    asked = len(recorded.requests)
    a = openness.score("hf:deepseek-ai/DeepSeek-V2-Lite-Chat")
    assert len(recorded.requests) == asked
    (unread,) = [f for f in a.findings if f.rule == "hub-license-link-unread"]
    assert DEEPSEEK_LICENSE in unread.message
    assert "offline" in unread.message
    assert not [d for d in a.source["documents"] if d.get("read_for") == "license_link"]


def _card(tmp_path: Path, name: str, front_matter: str) -> str:
    card = tmp_path / f"{name}.md"
    card.write_text(f"---\n{front_matter}---\n\n# {name}\n", encoding="utf-8")
    return str(card)


def _synthetic(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, repo: str, front_matter: str
) -> None:
    """Record a repository of the openness-tests organisation, which does not exist on the Hub."""
    case = {
        "files": {"README.md": _card(tmp_path, repo.replace("/", "--"), front_matter)},
        "info": {
            "id": repo,
            "sha": hashlib.sha1(f"recording:{repo}".encode()).hexdigest(),  # noqa: S324
            "gated": False,
            "siblings": [{"rfilename": "README.md"}],
        },
    }
    monkeypatch.setitem(MODELS, repo, case)


@pytest.mark.parametrize(
    ("front_matter", "expected"),
    [
        pytest.param(
            f"license: other\nlicense_link: {DEEPSEEK_LICENSE}\n",
            ("LicenseRef-scancode-deepseek-la-1.0", "hub-license-link"),
            id="the-link-is-the-licence",
        ),
        pytest.param(
            f"license: other\nlicense_name: my-own-terms\nlicense_link: {DEEPSEEK_LICENSE}\n",
            ("LicenseRef-scancode-deepseek-la-1.0", "hub-license-link"),
            id="an-unknown-name-decided-by-the-file",
        ),
        pytest.param(
            f"license: other\nlicense_name: mit\nlicense_link: {DEEPSEEK_LICENSE}\n",
            ("mit", "hub-license-link-mismatch"),
            id="a-name-the-file-contradicts",
        ),
        pytest.param(
            "license: other\nlicense_link: "
            "https://huggingface.co/Qwen/Qwen3-4B/blob/main/LICENSE\n",
            ("Apache-2.0", "hub-license-link"),
            id="a-hub-file",
        ),
        pytest.param(
            "license: other\nlicense_link: "
            "https://github.com/openness-tests/none/blob/main/LICENSE\n",
            ("https://github.com/openness-tests/none/blob/main/LICENSE", "hub-license-link-unread"),
            id="github-404",
        ),
        pytest.param(
            "license: other\nlicense_link: "
            "https://huggingface.co/openness-tests/missing/blob/main/LICENSE\n",
            (
                "https://huggingface.co/openness-tests/missing/blob/main/LICENSE",
                "hub-license-link-unread",
            ),
            id="hub-unreachable",
        ),
        pytest.param(
            "license: other\nlicense_link: "
            "https://github.com/openness-tests/notes/blob/main/LICENSE\n",
            (
                "https://github.com/openness-tests/notes/blob/main/LICENSE",
                "hub-license-link-unknown",
            ),
            id="a-file-that-is-no-licence",
        ),
    ],
)
def test_a_licence_link_branch(
    front_matter: str,
    expected: tuple[str, str],
    recorded: Hub,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
) -> None:
    notes = tmp_path / "notes"
    notes.write_text("Our notes on the weather in Lisbon, kept in a file named LICENSE.\n")
    monkeypatch.setitem(GITHUB, "openness-tests/notes/main/LICENSE", str(notes))
    _synthetic(monkeypatch, tmp_path, "openness-tests/licence-link", front_matter)
    licence, rule = expected
    a = openness.score("hf:openness-tests/licence-link")
    assert a.release.license == licence
    assert rule in {f.rule for f in a.findings}
    fetched = [d for d in a.source["documents"] if d.get("read_for") == "license_link"]
    assert bool(fetched) == (rule != "hub-license-link-unread")
    for d in fetched:
        assert len(d["sha256"]) == 64
    assert recorded.requests


def test_a_large_github_licence_is_not_read(
    recorded: Hub, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    from openness.readers import _hub  # noqa: PLC0415

    big = tmp_path / "LICENSE"
    big.write_bytes(b"x" * (_hub.MAX_LICENSE_BYTES + 1))
    monkeypatch.setitem(GITHUB, "openness-tests/big/main/LICENSE", str(big))
    found = _hub.fetch_license("https://github.com/openness-tests/big/blob/main/LICENSE")
    assert isinstance(found, str)
    assert "larger than" in found
    assert recorded.requests


@pytest.mark.parametrize(
    ("url", "offline", "expected"),
    [
        pytest.param(
            "https://huggingface.co/mistralai/Mistral-7B-v0.1/blob/main/LICENSE",
            True,
            "not in the Hugging Face cache",
            id="offline-not-cached",
        ),
        pytest.param(DEEPSEEK_LICENSE, True, "offline", id="offline-github"),
        pytest.param(
            "https://huggingface.co/meta-llama/Llama-3.1-8B/blob/main/LICENSE",
            False,
            "gated",
            id="gated",
        ),
        pytest.param("https://example.org/LICENSE", False, "not the address", id="elsewhere"),
        pytest.param(
            "https://github.com/a/b/blob/main/../../c/d/LICENSE",
            False,
            "not the address",
            id="parent-folders",
        ),
        pytest.param(
            "https://huggingface.co/a/b/blob/main/%2e%2e/%2e%2e/LICENSE",
            False,
            "not the address",
            id="encoded-parent-folders",
        ),
    ],
)
@pytest.mark.usefixtures("recorded")
def test_a_licence_address_not_fetched_is_left_unverified(
    url: str, offline: bool, expected: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    from openness.readers._hub import fetch_license  # noqa: PLC0415

    if offline:
        monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    found = fetch_license(url)
    assert isinstance(found, str)
    assert expected in found


def test_a_licence_address_needs_the_extra(monkeypatch: pytest.MonkeyPatch) -> None:
    import sys  # noqa: PLC0415

    from openness.readers._hub import fetch_license  # noqa: PLC0415

    monkeypatch.setitem(sys.modules, "huggingface_hub", None)
    found = fetch_license(DEEPSEEK_LICENSE)
    assert isinstance(found, str)
    assert "openness[hub]" in found


def test_a_local_release_never_fetches_its_licence_address(tmp_path: Path) -> None:
    # Only a Hub id asks for the network: a release file naming a licence by its address keeps
    # it unverified (the suite's sockets are blocked: a fetch would fail loudly here).
    release = tmp_path / "r.yaml"
    release.write_text(
        f"name: x\naccess: open\nlicense: {DEEPSEEK_LICENSE}\n"
        "components:\n  model_parameters_final: {}\n",
        encoding="utf-8",
    )
    a = openness.score(release)
    assert a.owd.status is openness.Status.UNVERIFIED
    assert not [f for f in a.findings if f.rule.startswith("hub-")]


def test_a_base_cycle_on_the_hub_is_one_line(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, recorded: Hub
) -> None:
    _synthetic(
        monkeypatch, tmp_path, "openness-tests/a", "license: mit\nbase_model: openness-tests/b\n"
    )
    _synthetic(
        monkeypatch, tmp_path, "openness-tests/b", "license: mit\nbase_model: openness-tests/a\n"
    )
    with pytest.raises(openness.OpennessError, match="base model cycle") as info:
        openness.score("hf:openness-tests/a")
    assert "\n" not in str(info.value)
    assert recorded.requests
