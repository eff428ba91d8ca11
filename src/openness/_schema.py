"""The release schema: what a producer put out, under which terms, and what it claims."""

from __future__ import annotations

import datetime as dt
import enum
from dataclasses import dataclass
from typing import TYPE_CHECKING, Annotated, Any, Literal, get_args

from pydantic import AliasChoices, BaseModel, ConfigDict, Field, StringConstraints, field_validator

if TYPE_CHECKING:
    from .licenses._kb import ContentType

__all__ = [
    "COMPONENTS",
    "CONTROL_CHARACTERS",
    "MAX_BASES",
    "MAX_CLAIMS",
    "TEXT_PATTERN",
    "Access",
    "BaseRelation",
    "Component",
    "ComponentInfo",
    "ComponentName",
    "Release",
]

ComponentName = Literal[
    "model_architecture",
    "model_parameters_final",
    "model_parameters_intermediate",
    "model_metadata",
    "model_card",
    "data_card",
    "technical_report",
    "research_paper",
    "evaluation_results",
    "sample_model_outputs",
    "training_code",
    "inference_code",
    "evaluation_code",
    "evaluation_data",
    "supporting_libraries",
    "data_preprocessing_code",
    "datasets",
]


@dataclass(frozen=True, slots=True)
class ComponentInfo:
    """A component of the Model Openness Framework 1.0 (MOT ``mof.settings.yml``)."""

    name: ComponentName
    title: str
    """MOF's name, as MOT records spell it."""
    content_type: ContentType
    mof_class: Literal[1, 2, 3]
    """The class that first requires it: III (open model), II (open tooling), I (open science)."""
    mof_required: bool


COMPONENTS: dict[str, ComponentInfo] = {
    c.name: c
    for c in (
        ComponentInfo("model_architecture", "Model architecture", "code", 3, True),
        ComponentInfo("model_parameters_final", "Model parameters (Final)", "data", 3, True),
        ComponentInfo("technical_report", "Technical report", "document", 3, True),
        ComponentInfo("evaluation_results", "Evaluation results", "document", 3, True),
        ComponentInfo("model_card", "Model card", "document", 3, True),
        ComponentInfo("data_card", "Data card", "document", 3, True),
        ComponentInfo("sample_model_outputs", "Sample model outputs", "document", 3, False),
        ComponentInfo("training_code", "Training code", "code", 2, True),
        ComponentInfo("inference_code", "Inference code", "code", 2, True),
        ComponentInfo("evaluation_code", "Evaluation code", "code", 2, True),
        ComponentInfo("evaluation_data", "Evaluation data", "data", 2, True),
        ComponentInfo("supporting_libraries", "Supporting libraries and tools", "code", 2, False),
        ComponentInfo("datasets", "Datasets", "data", 1, True),
        ComponentInfo("data_preprocessing_code", "Data preprocessing code", "code", 1, True),
        ComponentInfo("research_paper", "Research paper", "document", 1, True),
        ComponentInfo(
            "model_parameters_intermediate", "Model parameters (Intermediate)", "data", 1, True
        ),
        ComponentInfo("model_metadata", "Model metadata", "data", 1, False),
    )
}
assert set(COMPONENTS) == set(get_args(ComponentName))


class Access(enum.StrEnum):
    """How the final weights are had."""

    OPEN = "open"
    """Downloadable by anyone, no questions asked."""
    REGISTRATION = "registration"
    """Downloadable after an automatic sign-up or click-through (gated)."""
    ON_REQUEST = "on_request"
    """Downloadable only once the producer approves a request."""
    API = "api"
    """Usable only through a hosted service or API."""
    NONE = "none"
    """No public access."""


_STRICT = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True, defer_build=True)

CONTROL_CHARACTERS = r"\x00-\x08\x0b\x0e-\x1f\x7f-\x9f"
"""The C0 and C1 control characters, as a regular expression's character ranges, less tab,
newline, carriage return and form feed (text in licence files)."""
TEXT_PATTERN = f"^[^{CONTROL_CHARACTERS}]*$"
"""A text holds no control character (checked once whitespace is stripped from its ends): an
escape sequence in a name would rewrite a terminal or a report. The readers refuse the same
characters anywhere in a document (``readers._core._Limits``)."""
Text = Annotated[str, StringConstraints(pattern=TEXT_PATTERN)]
BaseRef = Annotated[Text, StringConstraints(min_length=1, max_length=500)]
"""A base model: a Hub id (``org/name``), a path to its release or a name."""

MAX_CLAIMS = 1_000
"""The most claims a release may list: every list the schema holds is bounded."""
MAX_BASES = 16
"""The most base models a release may name (a merge names each parent)."""

BaseRelation = Literal["finetune", "adapter", "quantized", "merge", "distillation"]
"""How a derived model derives from its base (the Hub's ``base_model_relation`` values)."""


class Component(BaseModel):
    """One released (or withheld) part of a release.

    Shorthands: a string is its licence, ``true`` means released with the default licence,
    ``false`` means not released.
    """

    model_config = _STRICT

    released: bool | None = Field(
        default=True,
        description=(
            "true: released; false: not released; null: the source does not say (unknown, "
            "reported as unverified rather than as not released)."
        ),
    )
    license: Text | None = Field(
        default=None,
        validation_alias=AliasChoices("license", "licence"),
        description=(
            "SPDX id or expression, Hugging Face id or licence name; NONE for no licence, "
            "NOASSERTION for unknown; absent: the release's default licence."
        ),
        max_length=20_000,
    )
    location: Text | None = Field(default=None, max_length=2_000)
    partial: bool = False
    notes: Text | None = Field(default=None, max_length=20_000)

    @classmethod
    def _shorthand(cls, value: Any) -> Any:
        if value is None or value is True:
            return {}
        if value is False:
            return {"released": False}
        if isinstance(value, str):
            return {"license": value}
        return value


class Release(BaseModel):
    """An AI model release: its components, their terms, and what the producer claims."""

    model_config = _STRICT

    name: Text = Field(min_length=1, max_length=500)
    producer: Text | None = Field(default=None, max_length=500)
    date: dt.date | None = None
    claims: tuple[Text, ...] = Field(
        default=(), max_length=MAX_CLAIMS, description="The producer's own words about the release."
    )
    access: Access | None = Field(
        default=None, description="How the final weights are had; absent: not stated."
    )
    license: Text | None = Field(
        default=None,
        validation_alias=AliasChoices("license", "licence"),
        description="Default licence of the components that name none.",
        max_length=20_000,
    )
    training_compute_flops: float | None = Field(default=None, ge=0, allow_inf_nan=False)
    systemic_risk: bool | None = None
    monetised: bool | None = Field(
        default=None,
        validation_alias=AliasChoices("monetised", "monetized"),
        description="EU AI Act Recital 103: provided against a price or otherwise monetised.",
    )
    base_model: tuple[BaseRef, ...] = Field(
        default=(),
        max_length=MAX_BASES,
        description="The models it derives from: Hub ids, paths or names (several for a merge).",
    )
    base_model_relation: BaseRelation | None = Field(
        default=None, description="How it derives from its base; absent: not stated."
    )
    components: dict[ComponentName, Component] = Field(default_factory=dict)

    @field_validator("claims", mode="before")
    @classmethod
    def _one_claim(cls, value: Any) -> Any:
        return (value,) if isinstance(value, str) else value

    @field_validator("base_model", mode="before")
    @classmethod
    def _one_base(cls, value: Any) -> Any:
        # One base is written as a string; ``null`` (as docs/release-format.md shows) as none.
        if value is None:
            return ()
        return (value,) if isinstance(value, str) else value

    @field_validator("components", mode="before")
    @classmethod
    def _shorthands(cls, value: Any) -> Any:
        if isinstance(value, dict):
            shorthand = Component._shorthand  # noqa: SLF001
            return {k: v if type(v) is dict else shorthand(v) for k, v in value.items()}
        return value

    def component(self, name: str) -> Component | None:
        """Return the component *name* if it is released (partly or wholly), else ``None``."""
        c = self.components.get(name)  # type: ignore[call-overload]
        return c if c is not None and c.released else None

    def unknown(self, name: str) -> bool:
        """Whether the source does not say if component *name* is released (``released: null``)."""
        c = self.components.get(name)  # type: ignore[call-overload]
        return c is not None and c.released is None

    def license_of(self, name: str) -> str | None:
        """Return the licence that applies to component *name*: its own, else the default."""
        c = self.components.get(name)  # type: ignore[call-overload]
        own: str | None = None if c is None else c.license
        return own if own is not None else self.license

    def to_mapping(self) -> dict[str, Any]:
        """Return the release as a JSON-safe mapping that :func:`score` reads back unchanged."""
        return self.model_dump(mode="json", by_alias=False, exclude_defaults=True)
