"""The JSON documents openness writes, as pydantic models: their JSON Schemas are published.

These models describe outputs; nothing is built through them at run time. ``tasks/export_schema.py``
writes ``docs/schemas/*.schema.json`` from them and tests check both that the files are current
and that real outputs validate against them (every object is closed: a new key fails the test
until the schema says it). The HTTP service names them in its OpenAPI document.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, TypeAdapter

from ._rules import Level

__all__ = ["SCHEMAS", "SCHEMA_VERSION", "schema_of"]

SCHEMA_VERSION = "1"
"""Version of every JSON document's layout (``schema_version``)."""

LevelName = Literal[
    "CLOSED",
    "HOSTED",
    "RESTRICTED_WEIGHTS",
    "OPEN_WEIGHTS",
    "OPEN_CODE",
    "OPEN_SOURCE",
    "OPEN_SCIENCE",
]
assert LevelName.__args__ == tuple(Level.__members__)  # type: ignore[attr-defined]
Status = Literal["pass", "fail", "unverified"]


class _Closed(BaseModel):
    model_config = ConfigDict(extra="forbid")


class FindingDoc(_Closed):
    """One finding: a rule's observation and the clause it applies."""

    rule: str = Field(description="Stable slug, e.g. weights-user-threshold (docs/errors.md).")
    severity: Literal["INFO", "WARN", "BLOCK"]
    message: str
    clause: str | None
    component: str | None
    license: str | None
    term: str | None
    claim: str | None = Field(description="The producer's claim the finding is about.")
    line: int | None = Field(description="The line of the source it was found on (1-based).")
    evidence: Literal["missing", "proof"] = Field(
        description="missing: the source does not say (unverified); proof: it says, and fails."
    )


class VerdictDoc(_Closed):
    """A verdict against one standard and the findings that decide it."""

    status: Status
    passed: bool = Field(description="True only when status is pass.")
    missing_evidence: list[str]
    findings: list[FindingDoc]


class ClaimDoc(_Closed):
    """A claim of openness and what the evidence says of it."""

    text: str
    asserts: LevelName
    verdict: Literal["substantiated", "unverified", "open-washing"]
    line: int | None


class AssessmentDoc(_Closed):
    """``openness score --format json``: how open a release is, and why."""

    schema_version: Literal["2"]
    versions: dict[str, Any] = Field(description="Library, schema, knowledge-base versions.")
    source: dict[str, Any] = Field(description="name, format and sha256 of what was read.")
    release: dict[str, Any] = Field(description="The release (docs/release.schema.json).")
    level: LevelName
    level_value: int = Field(ge=0, le=6)
    ceiling: LevelName = Field(description="The highest rung if every unverified fact were open.")
    ceiling_value: int = Field(ge=0, le=6)
    score: float = Field(ge=0, le=100)
    osaid: VerdictDoc
    owd: VerdictDoc
    eu_ai_act: VerdictDoc
    mof_class: Literal[1, 2, 3] | None
    mof_progress: dict[str, float]
    flags: list[str]
    claims: list[ClaimDoc]
    findings: list[FindingDoc]
    base: AssessmentDoc | None = Field(description="The base model's assessment, if known.")


class AuditRecordDoc(_Closed):
    """One item of ``openness audit --format json``."""

    schema_version: Literal["2"]
    source: dict[str, Any]
    name: str
    level: LevelName
    level_value: int = Field(ge=0, le=6)
    ceiling: LevelName
    score: float
    osaid: Status
    owd: Status
    eu_ai_act: Status
    flags: list[str]
    claims: list[ClaimDoc]
    failed_on: list[str]
    findings: list[FindingDoc]


class ReasonDoc(_Closed):
    """One requirement of a policy, its status and the findings and clauses behind it."""

    requirement: str
    status: Status
    message: str
    clauses: list[str]
    findings: list[FindingDoc]


class PolicyRefDoc(_Closed):
    """Which policy decided."""

    name: str
    sha256: str = Field(pattern="^[0-9a-f]{64}$")


class DecisionDoc(_Closed):
    """``openness check --format json``: a release checked against a policy."""

    schema_version: Literal["1"]
    release: str
    policy: PolicyRefDoc
    status: Status
    passed: bool
    reasons: list[ReasonDoc]
    assessment: AssessmentDoc


class AlternativeDoc(_Closed):
    """A candidate licence and the classifier's confidence in it."""

    license: str
    confidence: float


class MatchDoc(_Closed):
    """How a licence text was recognised."""

    license: str | None
    confidence: float
    how: str
    guess: str | None
    threshold: float
    alternatives: list[AlternativeDoc]
    parts: list[str] = Field(description="The licences an expression joins (a licence + a policy).")
    reason: str | None = Field(description="Why no licence was taken, e.g. a typo's suggestion.")


class TermDoc(_Closed):
    """One term of a licence and where it was read."""

    value: bool | int | None
    source: str


class LicenseDoc(_Closed):
    """A licence of the knowledge base and what it allows."""

    id: str
    name: str
    family: str | None
    osi_approved: bool
    fsf_libre: bool
    open_data: bool
    deprecated: bool
    content_types: list[Literal["code", "data", "document"]]
    url: str | None
    source: str
    scancode_category: str | None
    terms: dict[str, TermDoc]
    notes: str
    is_open: bool
    grade: str
    summary: str


class LicenseMatchDoc(_Closed):
    """``openness license --format json``: a text recognised as a licence, or not."""

    schema_version: Literal["1"]
    recognised: bool
    license: LicenseDoc | None = Field(description="The licence; null when not recognised.")
    match: MatchDoc


class BatchErrorBody(_Closed):
    """What is wrong with one input record."""

    index: int = Field(description="The record's position among all records (0 first).")
    source: str = Field(description="Where it came from: a path or file.jsonl:LINE.")
    message: str
    line: int | None = Field(description="Its line number in a JSONL input (1 first).")


class BatchErrorDoc(_Closed):
    """A record that could not be scored, in its place in JSONL output."""

    schema_version: Literal["1"]
    error: BatchErrorBody


SCHEMAS: dict[str, type[BaseModel]] = {
    "assessment": AssessmentDoc,
    "audit-record": AuditRecordDoc,
    "batch-error": BatchErrorDoc,
    "decision": DecisionDoc,
    "license-match": LicenseMatchDoc,
}
"""Each published document, by the stem of its schema file in docs/schemas/."""


def schema_of(name: str) -> dict[str, Any]:
    """Return the JSON Schema (draft 2020-12) of the document *name* (a key of SCHEMAS)."""
    schema = TypeAdapter(SCHEMAS[name]).json_schema()
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": f"https://github.com/openness/openness/docs/schemas/{name}.schema.json",
        **schema,
    }
