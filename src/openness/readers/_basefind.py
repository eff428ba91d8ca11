"""Where a model card states its base model: front matter, sentences, tags, the model's name.

Many cards name no ``base_model`` in their front matter but say it in their text ("a fine-tuned
version of mistralai/Mistral-7B-v0.1", "a LoRA adapter for meta-llama/Llama-2-7b-hf"), tag it
(``llama-2``) or carry it in their own name (``Llama-3.1-8B-Instruct-abliterated-GGUF``). Each
place is reported as :class:`BaseEvidence` with its line and a confidence: high for the front
matter, medium for a sentence, low for a tag or the name.

Pure functions over the card's parsed front matter and its body's units (anything with ``line``,
``raw`` and ``text``, as the card reader's ``_Unit``); no YAML is parsed here. Every pattern is a
run of literal words or single character classes, never a nested quantifier: scanning costs time
in proportion to the text.
"""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal, Protocol, get_args

from openness._bases import normalise
from openness._findings import Finding, Severity
from openness._schema import MAX_BASES, BaseRelation

if TYPE_CHECKING:
    from collections.abc import Iterable, Mapping, Sequence

__all__ = ["BaseEvidence", "Confidence", "find_bases", "stated_finding"]

Confidence = Literal["high", "medium", "low"]
_RANK: dict[str, int] = {"high": 0, "medium": 1, "low": 2}
_RELATIONS = frozenset(get_args(BaseRelation))
_MAX_REF = 200
"""The longest base name taken from a sentence: a longer token is not a model's name."""


class _Unit(Protocol):
    @property
    def line(self) -> int: ...
    @property
    def raw(self) -> str: ...
    @property
    def text(self) -> str: ...


@dataclass(frozen=True, slots=True)
class BaseEvidence:
    """One place where a card states the model it derives from."""

    ref: str
    """The base as written: a Hub id (``org/name``) where the card links or writes one, else the
    name it gives (``Llama 2``)."""
    relation: BaseRelation | None
    """How the model derives from it, when the card says (``None``: not said)."""
    line: int | None
    """The card's line (1-based), when known."""
    confidence: Confidence
    how: str
    """What was read, for a finding: ``front matter base_model``, ``"fine-tuned version of"``."""


# --- Sentences -------------------------------------------------------------------------------

# Each trigger is literal words with single-class gaps; the base is the token after it.
_TRIGGERS: tuple[tuple[str, BaseRelation | None], ...] = (
    (r"fine[ -]?tun(?:ed|e|ing)[ ]+(?:version|variant|checkpoint)[ ]+of", "finetune"),
    (r"fine[ -]?tun(?:ed|e)[ ]+(?:from|of|on[ ]+top[ ]+of)", "finetune"),
    (r"by[ ]+fine[ -]?tuning", "finetune"),
    (
        r"(?:further|continued)[ ]+(?:pre-?)?train(?:ed|ing)[ ]+(?:from|of|on[ ]+top[ ]+of)",
        "finetune",
    ),
    (r"(?:post|instruction)[ -]?tuned[ ]+(?:version[ ]+)?(?:of|from)", "finetune"),
    (r"derived[ ]+from", "finetune"),
    (r"(?:uncensored|abliterated)[ ]+version[ ]+of", "finetune"),
    (r"(?:is|are|was|were)[ ]+based[ ]+on", "finetune"),
    (r"built[ ]+(?:up)?on[ ]+(?:top[ ]+of[ ]+)?", "finetune"),
    (r"(?:q?lora|peft)[ ]+(?:adapters?|fine[ -]?tune|finetune)[ ]+(?:for|of|on)", "adapter"),
    (r"adapters?[ ]+(?:weights[ ]+)?(?:for|of|trained[ ]+on[ ]+top[ ]+of)", "adapter"),
    (r"quanti[sz](?:ed|ations?)[ ]+(?:version[ ]+)?(?:of|from)", "quantized"),
    (
        (
            r"(?:gguf|gptq|awq|exl2|ggml)[ ]+(?:format[ ]+)?(?:model[ ]+)?"
            r"(?:files|quants|version)[ ]+(?:for|of)"
        ),
        "quantized",
    ),
    (r"quants[ ]+of", "quantized"),
    (r"original[ ]+model[ ]*:", None),
    (r"merge[ ]+of", "merge"),
    (r"merged[ ]+(?:from|with)", "merge"),
    (r"merge[ ]+method[ ]+using", "merge"),
    (r"distilled[ ]+(?:version[ ]+of|from|into)", "distillation"),
    (r"distillation[ ]+(?:of|from)", "distillation"),
)
# Every trigger starts with one of these letters: tried first, the lookahead spares the
# alternation at nearly every position (24 times faster on the corpus's cards).
_FIRST_LETTERS = "abcdefgilmopquw"
_TRIGGER = re.compile(
    f"\\b(?=[{_FIRST_LETTERS}])(?:"
    + "|".join(f"(?P<t{i}>{pattern})" for i, (pattern, _) in enumerate(_TRIGGERS))
    + ")",
    re.IGNORECASE,
)
# What the text must hold for a trigger to match (folded): to skip the rest unscanned.
_TRIGGER_WORDS: tuple[str, ...] = (
    *("tun", "train", "deriv", "based", "built", "adapter", "quant", "gguf", "gptq", "awq"),
    *("exl2", "ggml", "original", "merge", "distill", "lora", "peft", "uncensored", "abliterated"),
)
# The base after a trigger: an optional article, then one token (a Hub id or a name's first
# word), then at most three words that continue a name ("2", "7B", "v0.1", "Instruct").
_LEAD = re.compile(
    r"[ ]*(?:(?:the|an?|our|its)[ ]+)?(?:(?:base|original|pretrained|pre-trained)[ ]+)?"
    r"(?:(?:model|llm|checkpoint)(?:[ ]|:[ ]?))?[\"'`*]?"
)
_TOKEN = re.compile(r"[A-Za-z0-9][\w.+-]*(?:/[\w.+-]+)?")
_CONTINUES = re.compile(
    r"[ ](\d[\w.]*|[vV]\d[\w.]*|\d+(?:\.\d+)?[BbMm]|Instruct|Chat|Base|Coder|Vision|Nemo|"
    r"[A-Z]\d\w*)(?![\w/])"
)
_LIST_SEPARATOR = re.compile(r"[ ]*(?:,[ ]*(?:and[ ]+)?|[ ]+and[ ]+|[ ]+with[ ]+|[ ]*&[ ]*)")
_FAMILIES = (
    "llama",
    "mistral",
    "mixtral",
    "gemma",
    "qwen",
    "phi",
    "falcon",
    "olmo",
    "smollm",
    "deepseek",
    "yi",
    "bloom",
    "pythia",
    "gpt",
    "t5",
    "bert",
    "starcoder",
    "vicuna",
    "zephyr",
    "granite",
    "command",
)
_HUB_ID = re.compile(r"[A-Za-z0-9][\w.-]{0,95}/[\w.-]{1,96}")
_URL_REF = re.compile(r"https?://(?:www\.)?(?:huggingface\.co|hf\.co)/([\w.-]{1,96}/[\w.-]{1,96})")
_HF_LINK = re.compile(r"\]\((?:https?://)?(?:www\.)?(?:huggingface\.co|hf\.co)/([\w.-]+/[\w.-]+)")


def _looks_like_model(ref: str) -> bool:
    """Whether a token after a trigger names a model, not a dataset, a method or a word."""
    if _HUB_ID.fullmatch(ref) is not None:
        return not ref.lower().startswith(("datasets/", "spaces/", "http"))
    low = ref.lower()
    family = low.startswith(_FAMILIES)
    return family or (any(c.isdigit() for c in low) and any(c.isalpha() for c in low))


def _links(raw: str) -> dict[str, str]:
    """Map each Hugging Face link's label in *raw* to the ``org/name`` it links."""
    out: dict[str, str] = {}
    for m in _HF_LINK.finditer(raw):
        start = raw.rfind("[", max(0, m.start() - _MAX_REF), m.start())
        if start != -1:
            out.setdefault(raw[start + 1 : m.start()].strip(" *`"), m.group(1))
    return out


def _name_at(text: str, pos: int) -> tuple[str, int] | None:
    """Return the base named at *pos* (after a trigger) and where it ends."""
    lead = _LEAD.match(text, pos)
    start = lead.end() if lead else pos
    url = _URL_REF.match(text, start)
    if url is not None:
        return url.group(1), url.end()
    token = _TOKEN.match(text, start, min(len(text), start + _MAX_REF))
    if token is None:
        return None
    end = token.end()
    if "/" not in token.group(0):
        for _ in range(3):
            more = _CONTINUES.match(text, end)
            if more is None:
                break
            end = more.end()
    return text[start:end].rstrip(".-"), end


def _names_at(text: str, pos: int, *, listed: bool) -> list[str]:
    """Return the base named at *pos*, and for a merge, the others listed after it."""
    names: list[str] = []
    while len(names) < MAX_BASES:
        found = _name_at(text, pos)
        if found is None:
            break
        name, pos = found
        names.append(name)
        sep = _LIST_SEPARATOR.match(text, pos) if listed else None
        if sep is None:
            break
        pos = sep.end()
    return names


def _sentences(units: Iterable[_Unit]) -> list[BaseEvidence]:
    found: list[BaseEvidence] = []
    merge_list = False  # After mergekit's "The following models were included in the merge:".
    for unit in units:
        text = unit.text
        folded = text.lower()
        item = unit.raw.lstrip().startswith(("* ", "- ", "+ "))
        if merge_list and item:
            m = _HF_LINK.search(unit.raw) or _HUB_ID.search(text)
            if m is not None:
                ref = m.group(1) if m.re is _HF_LINK else m.group(0)
                found.append(
                    BaseEvidence(ref, "merge", unit.line, "medium", "a model in the merge")
                )
            continue
        merge_list = "included in the merge" in folded
        if not any(w in folded for w in _TRIGGER_WORDS):
            continue
        links: dict[str, str] | None = None
        for m in _TRIGGER.finditer(text):
            relation = _TRIGGERS[int(str(m.lastgroup)[1:])][1]
            for name in _names_at(text, m.end(), listed=relation == "merge"):
                if links is None:
                    links = _links(unit.raw) if "](" in unit.raw else {}
                ref = links.get(name, name)
                if _looks_like_model(ref):
                    how = f'"{" ".join(m.group(0).split())}"'
                    found.append(BaseEvidence(ref, relation, unit.line, "medium", how))
    return found


# --- Tags and the model's name ---------------------------------------------------------------

# A family tag the Hub's own cards use: llama-2, llama-3, gemma, mistral, qwen (and qwen2, ...).
_TAG = re.compile(
    r"(llama)[-_ ]?([123](?:\.\d)?)|(gemma)[-_ ]?([123])?|(mistral)|(qwen)([123](?:\.\d)?)?"
)
_TAG_NAMES = {"llama": "Llama", "gemma": "Gemma", "mistral": "Mistral", "qwen": "Qwen"}
# A base in a name: a family, its version, its size ("Llama-3.1-8B", "Qwen2.5-7B", "gemma-2-9b").
_IN_NAME = re.compile(
    r"(?<![a-z])(llama|mistral|mixtral|gemma|qwen|phi|falcon|olmo|smollm|yi)"
    r"(?:[-_ ]?(\d+(?:\.\d+)?))?[-_ ]((?:\d+x)?\d+(?:\.\d+)?[bm])(?![a-z0-9])",
    re.IGNORECASE,
)
# What the rest of a name says of how the model derives from the base it names.
_NAME_RELATIONS: tuple[tuple[str, BaseRelation], ...] = (
    ("gguf", "quantized"),
    ("gptq", "quantized"),
    ("awq", "quantized"),
    ("exl2", "quantized"),
    ("bnb", "quantized"),
    ("4bit", "quantized"),
    ("8bit", "quantized"),
    ("fp8", "quantized"),
    ("lora", "adapter"),
    ("adapter", "adapter"),
    ("merge", "merge"),
    ("slerp", "merge"),
    ("distill", "distillation"),
)
# Words a producer's own name for its base model may add ("Meta-Llama-3-8B" is Llama 3 8B,
# "Mistral-7B-v0.1" a version of Mistral 7B, "Llama-3.2-11B-Vision" no Llama-3.2-11B's child).
_OWN_WORDS = frozenset({"meta", "hf", "base", "pretrained", "original", "vision", "text"})
_OWN_WORD = re.compile(r"v?\d+|[a-z]")


def _name_relation(name: str) -> BaseRelation | None:
    low = name.lower()
    return next((rel for word, rel in _NAME_RELATIONS if word in low), None)


def _from_name(name: str) -> BaseEvidence | None:
    m = _IN_NAME.search(name[:_MAX_REF])
    if m is None:
        return None
    rest = (name[: m.start()] + " " + name[m.end() :]).lower()
    words = {w for w in re.findall(r"[a-z0-9]+", rest) if _OWN_WORD.fullmatch(w) is None}
    if words <= _OWN_WORDS:
        return None  # The name is the base's own: nothing derives from anything.
    relation = _name_relation(name) or "finetune"
    return BaseEvidence(m.group(0), relation, None, "low", "the model's name")


def _from_tags(tags: Sequence[Any], name: str, keys: Mapping[str, int]) -> list[BaseEvidence]:
    own = name.lower()
    found: list[BaseEvidence] = []
    for tag in tags[:100]:
        if not isinstance(tag, str) or len(tag) > 40:
            continue
        m = _TAG.fullmatch(tag.strip().lower())
        if m is None:
            continue
        family = m.group(1) or m.group(3) or m.group(5) or m.group(6)
        if family in own:
            continue  # The model's own family (Meta tags its Llama cards "llama-3").
        version = m.group(2) or m.group(4) or m.group(7)
        ref = f"{_TAG_NAMES[family]} {version}" if version else _TAG_NAMES[family]
        how = f"tag {tag.strip()!r}"
        found.append(BaseEvidence(ref, _name_relation(name), keys.get("tags"), "low", how))
    return found


# --- Front matter ----------------------------------------------------------------------------


def _front_matter(meta: Mapping[str, Any], keys: Mapping[str, int]) -> list[BaseEvidence]:
    value = meta.get("base_model")
    values = value if isinstance(value, list) else [value]
    refs = [str(v).strip() for v in values[:MAX_BASES] if isinstance(v, str | int | float)]
    relation = str(meta.get("base_model_relation") or "").strip().lower()
    rel: BaseRelation | None = relation if relation in _RELATIONS else None  # type: ignore[assignment]
    line = keys.get("base_model")
    return [BaseEvidence(r, rel, line, "high", "front matter base_model") for r in refs if r]


def find_bases(
    meta: Mapping[str, Any],
    body_units: Iterable[_Unit],
    *,
    name: str | None = None,
    keys: Mapping[str, int] | None = None,
) -> list[BaseEvidence]:
    """Return the bases a card states, the most confident first, each base once.

    :param meta: the card's front matter, parsed.
    :param body_units: the body's paragraphs, list items and headings, each with its line.
    :param name: the model's name (from the card or its folder), read for a base it names.
    :param keys: the line of each front-matter key, for the evidence's line.

    >>> from collections import namedtuple
    >>> Unit = namedtuple("Unit", "line raw text")
    >>> text = "This model is a fine-tuned version of mistralai/Mistral-7B-v0.1 on UltraChat."
    >>> [(b.ref, b.relation, b.line, b.confidence) for b in find_bases({}, [Unit(9, text, text)])]
    [('mistralai/Mistral-7B-v0.1', 'finetune', 9, 'medium')]
    """
    keys = keys or {}
    found = _front_matter(meta, keys)
    found += _sentences(body_units)
    tags = meta.get("tags")
    if isinstance(tags, list):
        found += _from_tags(tags, name or "", keys)
    if name:
        own = _from_name(name)
        if own is not None:
            found.append(own)
    named = _name_relation(name or "")
    if named is None and meta.get("quantized_by"):
        named = "quantized"  # TheBloke's and bartowski's quantizations say who quantized them.
    if meta.get("library_name") == "peft":
        # A PEFT repository holds an adapter, whatever the Trainer's template says ("a
        # fine-tuned version of").
        found = [
            dataclasses.replace(e, relation="adapter") if e.relation in {None, "finetune"} else e
            for e in found
        ]
    if named is not None:
        # "Original model: X" in a card named "...-GGUF" is its quantization's base.
        found = [e if e.relation else dataclasses.replace(e, relation=named) for e in found]
    # Each base once, at its most confident: "Qwen2.5-72B" from the name is the front matter's
    # "Qwen/Qwen2.5-72B"; the card naming itself is no base.
    seen = {normalise(name)} if name else set()
    best: list[BaseEvidence] = []
    # At one confidence, a Hub id before a bare name: it names one repository.
    for evidence in sorted(found, key=lambda e: (_RANK[e.confidence], "/" not in e.ref)):
        key = normalise(evidence.ref)
        if key is None or key in seen or key.rpartition("/")[2] in seen:
            continue
        seen.update((key, key.rpartition("/")[2]))
        best.append(evidence)
    return best[: 4 * MAX_BASES]


def stated_finding(evidence: BaseEvidence) -> Finding:
    """Return the INFO finding ``base-model-stated`` for a base found in a card."""
    where = f"line {evidence.line}" if evidence.line is not None else "the card"
    relation = f" ({evidence.relation})" if evidence.relation else ""
    return Finding(
        "base-model-stated",
        Severity.INFO,
        f"The card states a base model on {where}: {evidence.ref!r}{relation}, read from "
        f"{evidence.how} ({evidence.confidence} confidence).",
    )
