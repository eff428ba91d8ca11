"""The HTTP service: ``openness serve``, for tools in any language (extra ``openness[server]``).

Every response is the JSON the command line writes (docs/schemas/); every error is RFC 9457
``application/problem+json`` with the command line's one-line message as ``detail``. A request
never names a file on the server: bodies are read from their bytes (``read_bytes``), policies are
sent in the request or named among the bundled ones. The service keeps no state between requests
(the only shared state is the memo of pure judgements), so it scales out behind any load balancer.
"""

from __future__ import annotations

import contextlib
import io
import json
from typing import TYPE_CHECKING, Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response, StreamingResponse
from pydantic import BaseModel, ConfigDict
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException

from ._batch import BatchError, _error, _lines
from ._identify import identify_license
from ._judge import assess
from ._outputs import AssessmentDoc, DecisionDoc, LicenseDoc, LicenseMatchDoc
from ._policy import BUNDLED, Policy, bundled_policies, decide, load_policy
from ._report import license_dict, license_document
from ._schema import Release
from .errors import InvalidPolicyError, OpennessError, UnknownLicenseError
from .licenses._kb import get_license, kb_info
from .readers._core import MAX_BYTES, READERS, Source, _parse, read_bytes, read_text
from .readers._sources import read

if TYPE_CHECKING:
    from collections.abc import AsyncIterator, Iterator

__all__ = ["MAX_BATCH_BYTES", "MAX_BODY_BYTES", "create_app", "serve"]

MAX_BODY_BYTES = MAX_BYTES
"""The largest request body for one release, licence or check (as for a file): else 413."""
MAX_BATCH_BYTES = 64 * 1024 * 1024
"""The largest body of ``/v1/score/batch``: else 413 (split larger batches)."""
_PROBLEM = "application/problem+json"
_YAML = {"application/yaml", "application/x-yaml", "text/yaml", "text/x-yaml"}
_MARKDOWN = {"text/markdown", "text/x-markdown"}


class Problem(BaseModel):
    """An RFC 9457 problem: what went wrong, in one line (``detail``)."""

    model_config = ConfigDict(extra="forbid")

    type: str = "about:blank"
    title: str
    status: int
    detail: str


class _Failure(Exception):  # noqa: N818 - a response, raised to leave a handler early
    def __init__(self, status: int, title: str, detail: str) -> None:
        self.status = status
        self.title = title
        self.detail = detail
        super().__init__(detail)


def _problem(status: int, title: str, detail: str) -> JSONResponse:
    body = Problem(title=title, status=status, detail=detail).model_dump()
    return JSONResponse(body, status_code=status, media_type=_PROBLEM)


def _media_type(request: Request) -> str:
    return request.headers.get("content-type", "application/json").split(";")[0].strip().lower()


async def _body(request: Request, limit: int) -> bytes:
    """Return the request body, refusing (413) one larger than *limit* before reading it all."""
    declared = request.headers.get("content-length")
    if declared is not None and declared.isdigit() and int(declared) > limit:
        raise _Failure(413, "Content Too Large", f"body is larger than {limit:,} bytes")
    chunks: list[bytes] = []
    size = 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            raise _Failure(413, "Content Too Large", f"body is larger than {limit:,} bytes")
        chunks.append(chunk)
    return b"".join(chunks)


def _release(data: bytes, media: str, fmt: str | None) -> tuple[Release, Source]:
    """Read a release from a body: JSON, YAML, or a model card as Markdown."""
    name = "<request>"
    if media in _MARKDOWN:
        return read_text(data, Source(name, data=data), READERS["hf-card"])
    if media in _YAML:
        return read_bytes(data, name, fmt, suffix=".yaml")
    if media in {"application/json", "text/plain", ""} or media.endswith("+json"):
        return read_bytes(data, name, fmt, suffix=".json")
    raise _Failure(
        415,
        "Unsupported Media Type",
        f"{media}: send application/json, application/yaml or text/markdown",
    )


def _score(data: bytes, media: str, fmt: str | None) -> dict[str, Any]:
    release, source = _release(data, media, fmt)
    return assess(release, source).to_dict()


def _policy_of(value: object) -> Policy:
    """Return the policy a request gives: a bundled name or a policy document, never a path."""
    if isinstance(value, str):
        if value not in BUNDLED:
            names = ", ".join(BUNDLED)
            raise InvalidPolicyError(value, "", f"not a bundled policy; bundled: {names}")
        return load_policy(value)
    if isinstance(value, dict):
        return load_policy(value)
    raise InvalidPolicyError("<request>", "policy", "expected a bundled policy's name or a policy")


def _check(data: bytes, media: str, policy_name: str | None, fmt: str | None) -> dict[str, Any]:
    if policy_name is not None:
        # The release is the body, in any format /v1/score takes; the policy is named.
        policy = _policy_of(policy_name)
        release, source = _release(data, media, fmt)
        return decide(assess(release, source), policy).to_dict()
    if media not in {"application/json", ""} and media not in _YAML:
        raise _Failure(415, "Unsupported Media Type", f"{media}: send application/json")
    doc = _parse(data, "<request>", suffix=".yaml" if media in _YAML else ".json")
    if not isinstance(doc, dict) or set(doc) - {"release", "policy"} or "release" not in doc:
        raise InvalidPolicyError(
            "<request>", "", 'expected {"release": ..., "policy": NAME or a policy}'
        )
    policy = _policy_of(doc.get("policy"))
    release, source = read(doc["release"], fmt)
    source.name = "<request>"
    return decide(assess(release, source), policy).to_dict()


def _batch_lines(data: bytes, fmt: str | None) -> Iterator[bytes]:
    """Yield one NDJSON line per input line: an assessment, or an error in its place."""
    for index, (item, where, number) in enumerate(_lines(io.BytesIO(data), "<request>")):
        if isinstance(item, BatchError):
            doc = BatchError(index, item.source, item.message, item.line).to_dict()
        else:
            try:
                release, source = read_bytes(item, where, fmt)
                doc = assess(release, source).to_dict()
            except OpennessError as e:
                doc = _error(index, item, where, number, e).to_dict()
        yield json.dumps(doc, ensure_ascii=False).encode() + b"\n"


def _warm() -> None:
    """Load the knowledge base, the classifier and the policies once, before any request."""
    kb_info()
    identify_license("Permission is hereby granted, free of charge, to any person obtaining")
    bundled_policies()


@contextlib.asynccontextmanager
async def _lifespan(_: FastAPI) -> AsyncIterator[None]:
    await run_in_threadpool(_warm)
    yield


def _body_doc(*types: str, schema: dict[str, Any] | None = None) -> dict[str, Any]:
    content: dict[str, Any] = {}
    for t in types:
        if t == "application/json" and schema is not None:
            content[t] = {"schema": schema}
        else:
            content[t] = {"schema": {"type": "string"}}
    return {"requestBody": {"required": True, "content": content}}


def _errors(*codes: int) -> dict[int | str, dict[str, Any]]:
    return {c: {"model": Problem, "content": {_PROBLEM: {}}} for c in codes}


def create_app() -> FastAPI:  # noqa: C901 - one small handler per endpoint
    """Return the service's ASGI application."""
    from . import __version__  # noqa: PLC0415 - the package imports this module

    app = FastAPI(
        title="openness",
        version=__version__,
        description="How open an AI model release is, and why: OSAID 1.0, MOF, OWD, EU AI Act.",
        lifespan=_lifespan,
    )
    release_schema = Release.model_json_schema(ref_template="#/components/schemas/{model}")
    release_schema.pop("$defs", None)

    @app.exception_handler(_Failure)
    async def _failure(_: Request, e: _Failure) -> JSONResponse:
        return _problem(e.status, e.title, e.detail)

    @app.exception_handler(OpennessError)
    async def _bad_input(_: Request, e: OpennessError) -> JSONResponse:
        if isinstance(e, UnknownLicenseError):
            return _problem(404, "Not Found", str(e))
        return _problem(422, "Unprocessable Content", str(e))

    @app.exception_handler(RequestValidationError)
    async def _invalid(_: Request, e: RequestValidationError) -> JSONResponse:
        first = e.errors()[0] if e.errors() else {}
        where = ".".join(str(p) for p in first.get("loc", ()))
        detail = f"{where}: {first.get('msg', 'invalid request')}"
        return _problem(422, "Unprocessable Content", detail)

    @app.exception_handler(HTTPException)
    async def _http(_: Request, e: HTTPException) -> JSONResponse:
        return _problem(e.status_code, str(e.detail), str(e.detail))

    @app.exception_handler(Exception)
    async def _unexpected(_: Request, e: Exception) -> JSONResponse:  # pragma: no cover
        return _problem(500, "Internal Server Error", f"unexpected {type(e).__name__}")

    @app.post(
        "/v1/score",
        summary="Score one release: a native or MOT document (JSON or YAML) or a model card",
        responses={200: {"model": AssessmentDoc}, **_errors(413, 415, 422)},
        openapi_extra=_body_doc(
            "application/json", "application/yaml", "text/markdown", schema=release_schema
        ),
    )
    async def score_release(request: Request, format: str | None = None) -> Response:  # noqa: A002
        data = await _body(request, MAX_BODY_BYTES)
        doc = await run_in_threadpool(_score, data, _media_type(request), format)
        return JSONResponse(doc)

    @app.post(
        "/v1/check",
        summary="Check a release against a policy: a bundled policy's name or a policy",
        responses={200: {"model": DecisionDoc}, **_errors(413, 415, 422)},
        openapi_extra=_body_doc(
            "application/json",
            schema={
                "type": "object",
                "required": ["release", "policy"],
                "additionalProperties": False,
                "properties": {
                    "release": release_schema,
                    "policy": {
                        "anyOf": [
                            {"type": "string", "enum": sorted(BUNDLED)},
                            Policy.model_json_schema(),
                        ]
                    },
                },
            },
        ),
    )
    async def check_release(
        request: Request,
        policy: str | None = None,
        format: str | None = None,  # noqa: A002
    ) -> Response:
        data = await _body(request, MAX_BODY_BYTES)
        doc = await run_in_threadpool(_check, data, _media_type(request), policy, format)
        return JSONResponse(doc)

    @app.post(
        "/v1/score/batch",
        summary="Score a JSONL stream of releases: NDJSON out, one line per input line",
        responses={
            200: {"content": {"application/x-ndjson": {"schema": {"type": "string"}}}},
            **_errors(413),
        },
        openapi_extra=_body_doc("application/x-ndjson"),
    )
    async def score_batch(request: Request, format: str | None = None) -> Response:  # noqa: A002
        data = await _body(request, MAX_BATCH_BYTES)
        return StreamingResponse(_batch_lines(data, format), media_type="application/x-ndjson")

    @app.post(
        "/v1/licenses/identify",
        summary="Recognise a licence from its text, id, name, address or a model card",
        responses={200: {"model": LicenseMatchDoc}, **_errors(413, 422)},
        openapi_extra=_body_doc("text/plain"),
    )
    async def identify(request: Request) -> Response:
        data = await _body(request, MAX_BODY_BYTES)
        text = data.decode("utf-8", "replace")
        doc = await run_in_threadpool(lambda: license_document(identify_license(text)))
        return JSONResponse(doc)

    @app.get(
        "/v1/licenses/{license_id}",
        summary="A licence of the knowledge base and its terms, each with its source",
        responses={200: {"model": LicenseDoc}, **_errors(404)},
    )
    async def license_terms(license_id: str) -> Response:
        return JSONResponse(license_dict(get_license(license_id)))

    @app.get("/v1/policies", summary="The bundled policies")
    async def policies() -> list[dict[str, Any]]:
        return [{**p.to_dict(), "sha256": p.sha256()} for p in bundled_policies()]

    @app.get("/healthz", summary="Liveness, and the versions that produce verdicts")
    async def healthz() -> dict[str, Any]:
        kb = kb_info()
        return {"status": "ok", "openness": __version__, "kb_sha256": kb["sha256"]}

    return app


def serve(host: str = "127.0.0.1", port: int = 8000, workers: int = 1) -> None:
    """Run the service with uvicorn (each worker a process with its own loaded knowledge base)."""
    import uvicorn  # noqa: PLC0415 - the server extra

    if workers > 1:
        uvicorn.run(
            "openness._server:create_app", factory=True, host=host, port=port, workers=workers
        )
    else:
        uvicorn.run(create_app(), host=host, port=port)
