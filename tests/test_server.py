"""The HTTP service: the CLI's JSON over HTTP, problem+json errors, limits, and a real server."""

from __future__ import annotations

import json
import socket
import subprocess
import sys
import time
import warnings
from pathlib import Path
from typing import TYPE_CHECKING, Any

import httpx
import jsonschema
import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import response_schema_conformance

import openness
from openness._report import license_document
from openness._server import MAX_BODY_BYTES, create_app

with warnings.catch_warnings():
    # Starlette's test client warns, on import, that it will move to another HTTP package.
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient

if TYPE_CHECKING:
    from collections.abc import Iterator

ROOT = Path(__file__).resolve().parent.parent
RELEASES = ROOT / "data" / "releases"
CARDS = ROOT / "tests" / "cases" / "cards"
SCHEMAS = ROOT / "docs" / "schemas"
YAML = {"content-type": "application/yaml"}
MIT = {
    "name": "demo",
    "access": "open",
    "license": "MIT",
    "components": {"model_parameters_final": {}},
}


def schema(name: str) -> dict[str, Any]:
    return json.loads((SCHEMAS / f"{name}.schema.json").read_text(encoding="utf-8"))


def comparable(doc: dict[str, Any]) -> dict[str, Any]:
    """An assessment without where it came from (a path on the CLI, <request> here)."""
    return {k: v for k, v in doc.items() if k != "source"}


@pytest.fixture(scope="module")
def client() -> Iterator[TestClient]:
    with TestClient(create_app()) as c:
        yield c


@pytest.mark.parametrize("name", ["mistral-7b", "llama-3.1-8b", "olmo-2-1124-7b", "gpt-4o"])
def test_score_is_the_cli_json(client: TestClient, name: str) -> None:
    path = RELEASES / f"{name}.yaml"
    r = client.post("/v1/score", content=path.read_bytes(), headers=YAML)
    assert r.status_code == 200
    doc = r.json()
    jsonschema.validate(doc, schema("assessment"))
    assert comparable(doc) == comparable(openness.score(path).to_dict())
    assert doc["source"]["name"] == "<request>"


def test_score_a_model_card(client: TestClient) -> None:
    card = CARDS / "EleutherAI--pythia-6.9b" / "README.md"
    r = client.post(
        "/v1/score", content=card.read_bytes(), headers={"content-type": "text/markdown"}
    )
    assert r.status_code == 200
    # A card names its release after its folder; a request has none.
    got, expected = comparable(r.json()), comparable(openness.score(card).to_dict())
    assert got["release"].pop("name") == "unnamed"
    expected["release"].pop("name")
    assert got == expected


def test_score_json(client: TestClient) -> None:
    r = client.post("/v1/score", json=MIT)
    assert r.status_code == 200
    assert r.json()["level"] == "OPEN_WEIGHTS"


@pytest.mark.parametrize(
    ("body", "status"),
    [
        pytest.param({"release": MIT, "policy": "owd"}, "pass", id="named"),
        pytest.param(
            {"release": MIT, "policy": {"name": "p", "min_level": "OPEN_SOURCE"}},
            "fail",
            id="inline",
        ),
    ],
)
def test_check(client: TestClient, body: dict[str, Any], status: str) -> None:
    r = client.post("/v1/check", json=body)
    assert r.status_code == 200
    jsonschema.validate(r.json(), schema("decision"))
    assert r.json()["status"] == status


def test_check_a_release_body_with_a_named_policy(client: TestClient) -> None:
    data = (RELEASES / "llama-3.1-8b.yaml").read_bytes()
    r = client.post("/v1/check", params={"policy": "commercial-use"}, content=data, headers=YAML)
    assert r.status_code == 200
    failed = {x["requirement"] for x in r.json()["reasons"] if x["status"] == "fail"}
    assert failed == {"forbid.user-threshold", "forbid.use-restrictions"}


@pytest.mark.parametrize(
    ("method", "url", "kwargs", "expected"),
    [
        pytest.param(
            "post",
            "/v1/score",
            {"json": {"name": "x", "acess": 1}},
            (422, "did you mean 'access'"),
            id="unknown-field",
        ),
        pytest.param(
            "post", "/v1/score", {"content": b"[" * 10_000}, (422, "nested more than"), id="nesting"
        ),
        pytest.param(
            "post",
            "/v1/score",
            {"content": b"x" * (MAX_BODY_BYTES + 1)},
            (413, "larger than"),
            id="too-large",
        ),
        pytest.param(
            "post",
            "/v1/score",
            {"content": b"{}", "headers": {"content-type": "image/png"}},
            (415, "image/png"),
            id="media-type",
        ),
        pytest.param(
            "post", "/v1/score", {"content": b"\xff\xfe"}, (422, "<request>"), id="not-utf8"
        ),
        pytest.param(
            "post",
            "/v1/check",
            {"json": {"release": MIT, "policy": "/etc/passwd"}},
            (422, "not a bundled policy"),
            id="policy-path",
        ),
        pytest.param(
            "post",
            "/v1/check",
            {"json": {"release": MIT, "policy": {"name": "p", "requir": []}}},
            (422, "did you mean 'require'"),
            id="policy-key",
        ),
        pytest.param(
            "post",
            "/v1/check",
            {"params": {"policy": "../x.yaml"}, "json": MIT},
            (422, "not a bundled policy"),
            id="policy-param-path",
        ),
        pytest.param(
            "post", "/v1/check", {"json": {"policy": "owd"}}, (422, "expected"), id="no-release"
        ),
        pytest.param(
            "get", "/v1/licenses/llama-9", {}, (404, "Unknown license"), id="unknown-licence"
        ),
        pytest.param("get", "/v1/nowhere", {}, (404, "Not Found"), id="no-route"),
    ],
)
def test_errors_are_problems(
    client: TestClient, method: str, url: str, kwargs: dict[str, Any], expected: tuple[int, str]
) -> None:
    status, detail = expected
    r = getattr(client, method)(url, **kwargs)
    assert r.status_code == status
    assert r.headers["content-type"] == "application/problem+json"
    problem = r.json()
    assert problem["status"] == status
    assert detail in problem["detail"]
    assert "\n" not in problem["detail"]


def test_a_release_naming_a_file_reads_none(client: TestClient) -> None:
    # A licence written as a file name is read beside a release file on the CLI; a request has
    # no folder, so the server never opens it.
    release = {**MIT, "license": "../../../../etc/passwd"}
    r = client.post("/v1/score", json=release)
    assert r.status_code == 200
    assert "root:" not in r.text


def test_batch_keeps_line_correspondence(client: TestClient) -> None:
    lines = [json.dumps(MIT), "{bad", json.dumps({"name": "b", "acess": "open"}), json.dumps(MIT)]
    r = client.post("/v1/score/batch", content="\n".join(lines).encode())
    assert r.status_code == 200
    assert r.headers["content-type"].startswith("application/x-ndjson")
    docs = [json.loads(line) for line in r.text.splitlines()]
    assert len(docs) == len(lines)
    kinds = ["assessment", "batch-error", "batch-error", "assessment"]
    for doc, kind in zip(docs, kinds, strict=True):
        jsonschema.validate(doc, schema(kind))
    assert [d["error"]["line"] for d in docs if "error" in d] == [2, 3]


@pytest.mark.parametrize("text", ["Apache-2.0", "llama3.1", "the frobnicator public licence"])
def test_identify_is_the_cli_json(client: TestClient, text: str) -> None:
    r = client.post("/v1/licenses/identify", content=text.encode())
    assert r.status_code == 200
    jsonschema.validate(r.json(), schema("license-match"))
    assert r.json() == license_document(openness.identify_license(text))


def test_licence_terms_and_policies(client: TestClient) -> None:
    r = client.get("/v1/licenses/apache-2.0")
    assert (r.status_code, r.json()["id"]) == (200, "Apache-2.0")
    policies = client.get("/v1/policies").json()
    assert [p["name"] for p in policies] == sorted(
        p.name for p in openness._policy.bundled_policies()
    )
    assert all(len(p["sha256"]) == 64 for p in policies)
    assert client.get("/healthz").json()["status"] == "ok"


def test_concurrent_requests_agree(client: TestClient) -> None:
    from concurrent.futures import ThreadPoolExecutor  # noqa: PLC0415

    names = ["mistral-7b", "llama-3.1-8b", "olmo-2-1124-7b", "gpt-4o"] * 4
    bodies = [(RELEASES / f"{n}.yaml").read_bytes() for n in names]
    with ThreadPoolExecutor(8) as pool:
        got = list(
            pool.map(lambda b: client.post("/v1/score", content=b, headers=YAML).json(), bodies)
        )
    for name, doc in zip(names, got, strict=True):
        assert comparable(doc) == comparable(openness.score(RELEASES / f"{name}.yaml").to_dict())


# Property tests: any request the OpenAPI document allows gets no 5xx and a response that
# matches its schema. Bounded: a few examples per operation.
API = schemathesis.openapi.from_asgi("/openapi.json", create_app())
# The batch body is text: sent as text is.
schemathesis.serializer.alias("application/x-ndjson", "text/plain")


@API.parametrize()
@settings(
    max_examples=15,
    deadline=None,
    suppress_health_check=list(HealthCheck),
    derandomize=True,
)
def test_openapi_properties(case: schemathesis.Case) -> None:
    case.call_and_validate(checks=[not_a_server_error, response_schema_conformance])


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.mark.enable_socket  # The real server, on a loopback port of this machine only.
def test_the_real_server_over_http() -> None:
    port = _free_port()
    proc = subprocess.Popen(
        [sys.executable, "-m", "openness._cli", "serve", "--port", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        base = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 60
        while True:
            try:
                if httpx.get(f"{base}/healthz", timeout=2).status_code == 200:
                    break
            except httpx.TransportError:
                if proc.poll() is not None or time.monotonic() > deadline:
                    raise
                time.sleep(0.2)
        data = (RELEASES / "mistral-7b.yaml").read_bytes()
        r = httpx.post(f"{base}/v1/check", params={"policy": "owd"}, content=data, headers=YAML)
        assert r.status_code == 200
        assert r.json()["passed"] is True
        r = httpx.post(f"{base}/v1/score", content=b"{", timeout=10)
        assert r.status_code == 422
        assert r.headers["content-type"] == "application/problem+json"
    finally:
        proc.terminate()
        proc.wait(timeout=30)
