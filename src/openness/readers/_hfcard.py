"""Hugging Face model cards: a local ``README.md`` → a release, with the evidence the card shows.

The YAML front matter is found as the Hub finds it (``huggingface_hub``'s ``REGEX_YAML_BLOCK``: a
``---`` block at the top) and loaded safely. The body is read for three things: the producer's
claims ("open source", "open weights", negations and comparisons with other models understood),
evidence of released components (links to code, datasets, papers, checkpoints, training logs) and
licence statements ("The code and model are released under Apache 2.0"). A ``LICENSE`` file beside
the card is read for its title. What the card does not show is reported as missing evidence: a
component the card does not point to is not listed, and one it points to without a licence gets
``NOASSERTION`` (counted as not open) and a finding saying so.
"""

from __future__ import annotations

import functools
import hashlib
import os
import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, NamedTuple, get_args

from openness._claims import classify_claim
from openness._findings import Finding, Severity
from openness._normalise import normalise
from openness._schema import COMPONENTS, MAX_BASES, BaseRelation
from openness.errors import InvalidReleaseError
from openness.licenses._resolve import (
    MAX_LICENSE_FILE_BYTES,
    license_file,
    names_file,
    resolve_license,
)

from ._basefind import find_bases, stated_finding
from ._core import LineIndex, Notes, Reading, Source, parse_document

if TYPE_CHECKING:
    from pathlib import Path

__all__ = ["card_index", "detect", "split_card", "to_release"]

# huggingface_hub/repocard.py REGEX_YAML_BLOCK (the Hub's own): a --- block at the very top.
# Matched by _front_matter, in linear time.
_FRONT_MATTER = re.compile(r"^(\s*---[\r\n]+)([\S\s]*?)([\r\n]+---(\r\n|\n|$))")
_OPENING = re.compile(r"^\s*---[ \t]*(\r\n|\n|$)")
_EMPTY = re.compile(r"^(\s*---[\r\n]+)()(---(\r\n|\n|$))")
_CLOSING = re.compile(r"(?<=[\r\n])---(?:\r\n|\n|\Z)")

_NOASSERTION = "NOASSERTION"
_WEIGHT_SUFFIXES = (".safetensors", ".bin", ".gguf", ".pt", ".pth", ".ckpt", ".onnx", ".h5")
# A model-specific licence file (DeepSeek's LICENSE-MODEL) governs the weights before a general one.
_LICENSE_FILES = (
    "LICENSE-MODEL",
    "LICENSE_MODEL",
    "MODEL_LICENSE",
    "LICENSE",
    "LICENSE.md",
    "LICENSE.txt",
    "LICENCE",
    "LICENCE.md",
    "LICENCE.txt",
)
_MAX_CLAIMS = 20
# A card states its licence a few times; each candidate statement may cost a classifier call, so
# a card of thousands ("License: q1. License: q2. ...") is read within a bounded budget.
_MAX_STATEMENTS = 20
_MAX_TRIED = 200
_MAX_SENTENCE = 2000
"""A statement is sought in a sentence's first characters: a real one is a line or two."""
_MAX_TITLE = 200
_MAX_CLAIM_CHARS = 300


def split_card(text: str, source: str) -> tuple[dict[str, Any], str, int]:
    r"""Split a card into its front matter (parsed), its body and the body's first line.

    :raises InvalidReleaseError: when the front matter is missing, never closed, not YAML or not
        a mapping.

    >>> split_card("---\nlicense: mit\n---\n# Demo\n", "README.md")
    ({'license': 'mit'}, '# Demo\n', 4)
    """
    meta, body, body_line, _ = _split(text, source)
    return meta, body, body_line


def _front_matter(text: str) -> tuple[str, str, int] | None:
    r"""Return what :data:`_FRONT_MATTER` matches: (opening, YAML, end), or ``None``.

    The regex backtracks in cubic time on a run of line breaks (2,000 take it 6 s); this finds
    its match in linear time. The opening ``\s*---[\r\n]+`` takes all the leading white space
    and first all the line breaks after the dashes; the YAML is then the shortest text followed
    by ``[\r\n]+---(\r\n|\n|$)``: up to the first run of line breaks that a closing ``---``
    ends. When there is none, the regex gives back the opening's last line break, and matches
    only if a closing ``---`` follows the opening: an empty block.

    >>> _front_matter("---\nlicense: mit\n---\n# Demo\n")
    ('---\n', 'license: mit', 21)
    >>> _front_matter("---\n\n---\n")
    ('---\n', '', 9)
    """
    start = len(text) - len(text.lstrip())  # str.isspace() is re's \s
    if not text.startswith("---", start):
        return None
    yaml_start = len(text) - len(text[start + 3 :].lstrip("\r\n"))
    if yaml_start == start + 3:
        return None
    closing = _CLOSING.search(text, yaml_start + 1)
    if closing is not None:
        # rstrip stops after yaml_start: the character there is no line break.
        yaml_end = len(text[: closing.start()].rstrip("\r\n"))
        return text[:yaml_start], text[yaml_start:yaml_end], closing.end()
    if yaml_start - start > 4:  # Two line breaks or more: the opening can give one back.
        closing = _CLOSING.match(text, yaml_start)
        if closing is not None:
            return text[: yaml_start - 1], "", closing.end()
    return None


def _split(text: str, source: str) -> tuple[dict[str, Any], str, int, tuple[str, str]]:
    """Do :func:`split_card`, returning also the front matter (opening, YAML) for its keys."""
    found = _front_matter(text)
    if found is None and (empty := _EMPTY.match(text)) is not None:
        found = empty.group(1), "", empty.end()
    if found is None:
        if _OPENING.match(text):
            raise InvalidReleaseError(
                source,
                "front matter",
                "the YAML front matter opened with '---' on line 1 is never closed by a '---' line",
            )
        raise InvalidReleaseError(
            source,
            "front matter",
            "no YAML front matter ('---' block at the top): not a Hugging Face model card",
        )
    head, yaml_text, end = found
    body = text[end:]
    offset = head.count("\n")
    meta: Any = {}
    if yaml_text.strip():
        # Pad with blank lines so that YAML errors name the card's own line numbers.
        padded = "\n" * offset + yaml_text
        meta = parse_document(padded.encode(), source, suffix=".yaml")
    if meta is None:
        meta = {}
    if not isinstance(meta, dict):
        raise InvalidReleaseError(
            source, "front matter", f"expected a YAML mapping, got {type(meta).__name__}"
        )
    body_line = text[:end].count("\n") + 1
    return meta, body, body_line, (head, yaml_text)


# --- The body: units of text with their line -------------------------------------------------


class _Unit(NamedTuple):
    line: int
    raw: str
    """The Markdown as written (links kept)."""
    text: str
    """Plain text: links, emphasis and tags removed."""
    table: bool
    folded: str
    """The plain text, folded by :func:`_fold`: to skip the patterns whose words it lacks."""


# A fence is a line whose first non-blank characters are ``` or ~~~.
_FENCES = ("```", "~~~")
_COMMENT = re.compile(r"<!--.*?-->", re.DOTALL)
# A link or an image, replaced by its label: by _unlink, in linear time.
_LINK = re.compile(r"!?\[([^\]]*)\]\(([^)\s]*)[^)]*\)")
_TAG = re.compile(r"<[^>]{0,500}>")
_EMPHASIS = re.compile(r"(\*\*|__|`)")
_LIST = re.compile(r"^\s*(?:[-*+]|\d+[.)])\s+")
_HEADING = re.compile(r"^\s{0,3}#{1,6}\s+")


def _unlink(text: str) -> str:
    """Replace each link or image by its label, as ``_LINK.sub(label)`` does, in linear time.

    The regex is cubic on an unclosed link ("[" then "](" repeated), quadratic on a run of "[".
    Its match from a "[" depends only on the first "]" after it: that it is followed by "(" and
    some ")" (the first ends the link). So a failed "[" fails every "[" before the same "]", and
    a "(" that no ")" follows leaves no link to find.

    >>> _unlink('See ![the logo](logo.png), [the code](https://x.y/z "Z") and [no] link.')
    'See the logo, the code and [no] link.'
    """
    out: list[str] = []
    done = 0  # Text before this is in out.
    start = text.find("[")
    while start != -1:
        label_end = text.find("]", start + 1)
        if label_end == -1:
            break
        if not text.startswith("(", label_end + 1):
            start = text.find("[", label_end + 1)
            continue
        end = text.find(")", label_end + 2)
        if end == -1:
            break
        image = start > done and text[start - 1] == "!"
        out += (text[done : start - 1 if image else start], text[start + 1 : label_end])
        done = end + 1
        start = text.find("[", done)
    out.append(text[done:])
    return "".join(out)


# A heading's marker then a list item's (_HEADING's, then _LIST's match in what is left), in one
# match: each optional group takes its pattern's first match, and nothing after them can fail.
_MARKERS = re.compile(r"^(?:\s{0,3}#{1,6}\s+)?(?:\s*(?:[-*+]|\d+[.)])\s+)?")


def _plain(raw: str) -> str:
    # A pattern is tried only on text with the characters it needs.
    text = _unlink(raw) if "](" in raw else raw
    if "<" in text:
        text = _TAG.sub(" ", text)
    if "`" in text or "**" in text or "__" in text:
        text = _EMPHASIS.sub("", text)
    text = _MARKERS.sub("", text, count=1)
    # str.split() splits on exactly the characters re's \s matches in a str pattern.
    return " ".join(text.split())


# Python's re, ignoring case, matches the ASCII letter i to U+0130 and U+0131 and s to U+017F (and
# k to U+212A, which lower() maps to k): folded to the letter first, these keep every match.
_FOLDS = (("\u0130", "i"), ("\u0131", "i"), ("\u017f", "s"))


def _fold(text: str) -> str:
    """Lowercase *text* so that each match of a case-insensitive pattern spells its words in it.

    An ASCII word a pattern needs (``"open"`` for :data:`_claims._OPEN_SOURCE`) is in the folded
    text wherever the pattern matches, ignoring case, in the text: a text whose folding lacks the
    word cannot match, and its costly search is skipped. Folding keeps the length (U+0130, whose
    lowercase is two characters, is replaced first).

    >>> _fold("OPEN-\u017fource, L\u0130CENSED")
    'open-source, licensed'
    """
    if not text.isascii():
        for char, letter in _FOLDS:
            if char in text:
                text = text.replace(char, letter)
    return text.lower()


class _Blocks:
    """Collect a card body's units: paragraphs and list items (with their continuation lines)."""

    def __init__(self) -> None:
        self.units: list[_Unit] = []
        self.para: list[str] = []
        self.line = 0

    def flush(self) -> None:
        if self.para:
            raw = " ".join(self.para)
            text = _plain(raw)
            self.units.append(_Unit(self.line, raw, text, table=False, folded=_fold(text)))
            self.para = []

    def single(self, n: int, raw: str, *, table: bool) -> None:
        self.flush()
        text = _plain(raw.replace("|", " ")) if table else _plain(raw)
        self.units.append(_Unit(n, raw, text, table=table, folded=_fold(text)))

    def extend(self, n: int, raw: str, *, new: bool) -> None:
        if new:
            self.flush()
        if not self.para:
            self.line = n
        self.para.append(raw)


def _uncomment(body: str) -> str:
    """Blank the HTML comments, invisible on the Hub, keeping the line count."""
    if "<!--" not in body:
        return body
    # No comment ends after the last "-->": searched no further, a run of unclosed "<!--" costs
    # linear time, not quadratic (each searched to the end).
    end = body.rfind("-->") + 3
    return _COMMENT.sub(lambda m: "\n" * m.group(0).count("\n"), body[:end]) + body[end:]


def _units(body: str, first_line: int) -> list[_Unit]:
    """Cut the body into paragraphs, list items, headings and table rows, skipping code."""
    blocks = _Blocks()
    fenced = False
    for i, line in enumerate(_uncomment(body).splitlines()):
        n, stripped = first_line + i, line.strip()
        if stripped.startswith(_FENCES):
            blocks.flush()
            fenced = not fenced
        elif fenced:
            continue
        elif not stripped:
            blocks.flush()
        elif stripped.startswith("|"):
            blocks.single(n, stripped, table=True)
        elif stripped.startswith("#") and _HEADING.match(line):
            blocks.single(n, stripped, table=False)
        else:
            # A list item starts a unit of its own; its indented continuation lines join it.
            blocks.extend(n, stripped, new=_LIST.match(line) is not None)
    blocks.flush()
    return blocks.units


_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[\"'“(\[]?[A-Z0-9])")


def _sentences(text: str) -> list[str]:
    return [s for s in map(str.strip, _SENTENCE_END.split(text)) if s]


# --- Claims ----------------------------------------------------------------------------------

# A comparison with other models is not a claim about this one ("outperforms open-source
# models"), unless it counts the release among them ("outperforms *other* open-source models").
_COMPARISON = re.compile(
    r"\b(?:outperform\w*|better than|than|compared?|comparable|comparison|versus|vs\.?|"
    r"against|rival\w*|surpass\w*|beats?|competitive with|on par with|match(?:es|ing)?)\b",
    re.IGNORECASE,
)
_SELF_INCLUDED = re.compile(r"\bother\s+(?:[\w-]+\s+){0,2}?open", re.IGNORECASE)
# "open source" naming something other than the release: a community, a tool, software.
_ELSEWHERE = re.compile(
    r"\bopen[\s-]*source[d]?\s+(?:community|communities|ecosystem|movement|world|developers?|"
    r"contributors?|projects?|tools?|librar(?:y|ies)|software|frameworks?|initiatives?|"
    r"efforts?|spirit)\b",
    re.IGNORECASE,
)


def claim_of(sentence: str) -> str | None:
    """Return the part of *sentence* that claims openness for the release, or ``None``.

    >>> claim_of("Gemma is a family of lightweight, state-of-the-art open models from Google.")
    'Gemma is a family of lightweight, state-of-the-art open models from Google.'
    >>> claim_of("The models outperform many of the available open source and closed chat models.")
    >>> claim_of("DeepSeek-V3 outperforms other open-source models.")
    'DeepSeek-V3 outperforms other open-source models.'
    >>> claim_of("We support the open source community.")
    """
    if "open" not in _fold(sentence):
        sentence = normalise(sentence)  # "&#111;pen", "o*pen*", a Cyrillic o...
        if "open" not in _fold(sentence):
            return None  # Every claim, and every "open source community", says "open".
    text = _ELSEWHERE.sub("", sentence)
    m = _COMPARISON.search(text)
    if m is None:
        return sentence if classify_claim(text) else None
    head = text[: m.start()]
    if classify_claim(head):
        return sentence[: m.start()].rstrip(" ,;:-") if text == sentence else head.strip()
    tail = text[m.start() :]
    if _SELF_INCLUDED.search(tail) and classify_claim(tail):
        return sentence
    return None


# --- Evidence --------------------------------------------------------------------------------

_URL = re.compile(r"https?://[^\s)\]>\"'<|]+")
_HF_DATASET = re.compile(
    r"^https?://(?:www\.)?huggingface\.co/datasets/[\w.-]+/[\w.-]+", re.IGNORECASE
)
_CODE_HOST = re.compile(
    r"^https?://(?:www\.)?(?:github\.com|gitlab\.com|codeberg\.org|bitbucket\.org)/[\w.-]+/[\w.-]+",
    re.IGNORECASE,
)
_PAPER = re.compile(
    r"^https?://(?:www\.)?(?:arxiv\.org/(?:abs|pdf)/|aclanthology\.org/|openreview\.net/|"
    r"doi\.org/|proceedings\.|papers\.nips\.cc/)",
    re.IGNORECASE,
)
_LOGS = re.compile(r"^https?://(?:www\.)?wandb\.ai/", re.IGNORECASE)

# Words in a link's line that say what the linked code is for; a rule per MOF component.
_CODE_PURPOSE: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("training_code", re.compile(r"\b(?:train\w*|pre-?train\w*|fine-?tun\w*)\b", re.IGNORECASE)),
    ("evaluation_code", re.compile(r"\beval\w*\b|\bbenchmark\w*\b", re.IGNORECASE)),
    (
        "data_preprocessing_code",
        re.compile(
            r"\b(?:data|dataset|corpus)\b.{0,40}\b(?:process\w*|clean\w*|filter\w*|curat\w*|"
            r"dedup\w*|prep\w*|toolkit|pipeline|tokeni[sz]\w*)|\bdolma\b",
            re.IGNORECASE,
        ),
    ),
    ("inference_code", re.compile(r"\binferen\w*\b|\bserving\b", re.IGNORECASE)),
)
_CODE_WORDS = re.compile(
    r"\b(?:code|repo|repository|repositories|source|implementation|github)\b", re.IGNORECASE
)
_DATA_TRAINING = re.compile(
    r"\b(?:train\w*|pre-?train\w*|fine-?tun\w*|sft|dpo|rlhf|mix|corpus|stage|data)\b", re.IGNORECASE
)
_DATA_EVAL = re.compile(r"\beval\w*\b|\bbenchmark\w*\b", re.IGNORECASE)
_DATA_CARD = re.compile(r"\b(?:datasheet|data\s*card|dataset\s*card)\b", re.IGNORECASE)
_REPORT = re.compile(r"\b(?:technical|tech)\s+report\b", re.IGNORECASE)
_CHECKPOINTS = re.compile(
    r"\bintermediate\s+checkpoints?\b|\bcheckpoints?\b.{0,200}?"
    r"(?:\brevision\b|\bbranch(?:es)?\b|\bstep\s?\d|\bstep(?:s|XXX)\b)",
    re.IGNORECASE,
)
_NEGATED = re.compile(r"\b(?:no|not|never|without|nor)\b[\w\s,-]{0,30}$", re.IGNORECASE)
_CARD_FOR = re.compile(r"^model card (?:for|of)\s+", re.IGNORECASE)
_EVAL_HEADING = re.compile(r"\b(?:evaluation|benchmark|results?|performance)\b", re.IGNORECASE)
_PRODUCER = re.compile(
    r"^(?:developed by|model developers?|model creators?|created by|organi[sz]ation|authors?)"
    r"\s*:\s*(.+)$",
    re.IGNORECASE,
)


@dataclass(slots=True)
class _Found:
    """One component the card shows, where, and why."""

    line: int
    location: str | None
    why: str


@dataclass(slots=True)
class _Card:
    meta: dict[str, Any]
    units: list[_Unit]
    keys: dict[str, int]
    claims: dict[str, int] = field(default_factory=dict)
    found: dict[str, _Found] = field(default_factory=dict)
    statements: list[tuple[int, str, set[str], str]] = field(default_factory=list)
    """(line, sentence, scopes, licence text) for each licence statement."""
    producer: str | None = None
    title: str | None = None
    tried: int = 0
    """Licence statements looked up so far (each may ask the classifier): at most _MAX_TRIED."""

    def show(self, component: str, line: int, location: str | None, why: str) -> None:
        if component not in self.found:
            self.found[component] = _Found(line, location, why)


_KEY = re.compile(r"^([A-Za-z_][\w.-]*)\s*:")


def _key_lines(front: tuple[str, str]) -> dict[str, int]:
    """Return the line of each top-level key in the front matter (opening, YAML)."""
    keys: dict[str, int] = {}
    head, yaml_text = front
    start = head.count("\n")
    for i, line in enumerate(yaml_text.splitlines()):
        m = _KEY.match(line)
        if m and m.group(1) not in keys:
            keys[m.group(1)] = start + i + 1
    return keys


# A file in a repository: /blob/<ref>/<path>, the path not ending with "/" (checked apart: the
# regex /(?:blob|raw|resolve)/[^/]+/(?:.*/)?[^/]+\.?\w*$ is quadratic on a URL ending so).
_FILE_IN_REPO = re.compile(r"/(?:blob|raw|resolve)/[^/]+/.", re.IGNORECASE)
_PDF = re.compile(r"\.pdf(?:[?#].*)?$", re.IGNORECASE)


def _paper(context: str) -> str:
    return "technical_report" if _REPORT.search(context) else "research_paper"


def _dataset_link(card: _Card, unit: _Unit, url: str, context: str) -> None:
    if _DATA_CARD.search(context):
        card.show("data_card", unit.line, url, f"data card link on line {unit.line}")
    elif _DATA_EVAL.search(context) and not _DATA_TRAINING.search(context):
        card.show("evaluation_data", unit.line, url, f"dataset link on line {unit.line}")
    elif _DATA_TRAINING.search(context):
        card.show("datasets", unit.line, url, f"training data link on line {unit.line}")


def _code_link(card: _Card, unit: _Unit, url: str, context: str) -> None:
    if not url.endswith("/") and _FILE_IN_REPO.search(url):
        if _PDF.search(url):
            card.show(_paper(context), unit.line, url, f"paper link on line {unit.line}")
        return  # A file in a repository (a LICENSE, a README), not code released.
    purposes = [name for name, rx in _CODE_PURPOSE if rx.search(context)]
    if not purposes and _CODE_WORDS.search(context):
        # A repository named for no purpose: the least it holds is code to run the model.
        purposes = ["inference_code"]
    for name in purposes:
        card.show(name, unit.line, url, f"code link on line {unit.line}")


def _links(card: _Card, unit: _Unit) -> None:
    for m in _URL.finditer(unit.raw):
        url = m.group(0).rstrip(".,;:")
        # What a link is for is said next to it: its label, the words just before or after.
        context = _plain(unit.raw[max(0, m.start() - 120) : m.end() + 60])
        if _CODE_HOST.match(url):
            _code_link(card, unit, url, context)
        elif _HF_DATASET.match(url):
            _dataset_link(card, unit, url, context)
        elif _PAPER.match(url):
            card.show(_paper(context), unit.line, url, f"paper link on line {unit.line}")
        elif _LOGS.match(url):
            card.show("model_metadata", unit.line, url, f"training logs on line {unit.line}")


# A licence statement: "... released under Apache 2.0", "License: MIT".
_LICENSE_AFTER = re.compile(
    r"(?:\b(?:released|licen[cs]ed|available|distributed|made available|provided)\s+under\s+"
    r"(?:the\s+|an?\s+)?|\blicen[cs]e\s*:\s*(?:the\s+)?)"
    r"(?P<lic>(?:[^.;:()\n]|\.(?=\d)){2,80}?)(?=\s*(?:[.;:()]\s|[.;:()]?$|,|\s+and\s+(?:the\s+)?"
    r"(?:model|code|data|weights|acceptable)|\s+for\s|\s+with\s|\s+which\s))",
    re.IGNORECASE,
)
_SCOPES: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("code", re.compile(r"\bcode\b|\bcodebase\b|\bsoftware\b", re.IGNORECASE)),
    (
        "model",
        re.compile(r"\bmodels?\b|\bweights?\b|\bcheckpoints?\b|\bparameters\b", re.IGNORECASE),
    ),
    ("data", re.compile(r"\bdata(?:sets?)?\b|\bcorpus\b", re.IGNORECASE)),
    ("all", re.compile(r"\b(?:all|everything|artifacts?|artefacts?)\b", re.IGNORECASE)),
)


def _may_state(folded: str) -> bool:
    """Whether folded text has a word :data:`_LICENSE_AFTER` needs ("under", "licen[cs]e")."""
    return "under" in folded or "licen" in folded


def _statements(card: _Card, line: int, sentences: list[str]) -> None:
    for whole in sentences:
        if card.tried >= _MAX_TRIED or len(card.statements) >= _MAX_STATEMENTS:
            return  # Enough: later statements would not be kept.
        sentence = whole[:_MAX_SENTENCE]
        if not _may_state(_fold(sentence)):
            continue
        named: dict[str, int] | None = None
        for m in _LICENSE_AFTER.finditer(sentence):
            lic = m.group("lic").strip(" *_\"'")
            card.tried += 1
            if card.tried > _MAX_TRIED:
                return
            if not resolve_license(lic).known:
                continue
            if named is None:
                named = _first_named(sentence)
            # The scopes named before the statement ("The code and model are released under").
            scopes = {name for name, end in named.items() if end <= m.start()}
            card.statements.append((line, sentence, scopes or {"model"}, lic))


def _first_named(sentence: str) -> dict[str, int]:
    r"""Return where each scope of :data:`_SCOPES` is first named in *sentence*: its end.

    A scope's pattern matches whole words and a statement starts a word (its pattern starts with
    ``\b`` and a letter), so the text before a statement names a scope if and only if the first
    word that names it in the sentence ends before the statement. One search per scope and
    sentence, not one per statement: a sentence of many statements costs linear time.
    """
    return {name: m.end() for name, rx in _SCOPES if (m := rx.search(sentence))}


def _claims(card: _Card, line: int, sentences: list[str]) -> None:
    for sentence in sentences:
        if len(card.claims) >= _MAX_CLAIMS:
            return  # Enough: later claims would not be kept.
        claim = claim_of(sentence)
        if claim:
            if len(claim) > _MAX_CLAIM_CHARS:
                claim = claim[: _MAX_CLAIM_CHARS - 1].rstrip() + "…"
            card.claims.setdefault(claim, line)


def _facts(card: _Card, unit: _Unit) -> None:
    m = _PRODUCER.match(unit.text) if ":" in unit.text else None
    if m and card.producer is None:
        card.producer = m.group(1).strip(" .")[:200] or None
    if "checkpoint" not in unit.folded:
        return  # Both of _CHECKPOINTS' alternatives say "checkpoint".
    cm = _CHECKPOINTS.search(unit.text)
    if cm and not _NEGATED.search(unit.text[max(0, cm.start() - 40) : cm.start()]):
        why = f"checkpoints described on line {unit.line}"
        card.show("model_parameters_intermediate", unit.line, None, why)


_DIGIT = re.compile(r"\d")


def _evades(raw: str) -> bool:
    """Whether a unit says "open" only once normalised (an entity, a tag, a look-alike)."""
    return "open" in _fold(normalise(raw))


def _read_body(card: _Card, body: str, body_line: int) -> None:
    card.units = _units(body, body_line)
    in_eval = False
    for unit in card.units:
        if unit.raw.startswith("#") and _HEADING.match(unit.raw) is not None:
            if card.title is None and unit.raw.lstrip().startswith("# "):
                card.title = _CARD_FOR.sub("", unit.text)
            in_eval = _EVAL_HEADING.search(unit.text) is not None
        elif unit.table and in_eval and _DIGIT.search(unit.text):
            card.show("evaluation_results", unit.line, None, f"results table on line {unit.line}")
        _links(card, unit)
        # A table's cells label rows ("Fully open models:"), they claim nothing. Every claim and
        # statement says a word of its pattern: text without one is not cut into sentences.
        stating = _may_state(unit.folded)
        claiming = not unit.table and ("open" in unit.folded or _evades(unit.raw))
        sentences = _sentences(unit.text) if stating or claiming else []
        if stating:
            _statements(card, unit.line, sentences)
        _facts(card, unit)
        if claiming:
            if "open" not in unit.folded:  # Said only once normalised: "op<b></b>en".
                sentences = _sentences(_plain(normalise(unit.raw)))
            _claims(card, unit.line, sentences)


def _parse(text: str, source: str) -> tuple[_Card, int]:
    meta, body, body_line, front = _split(text, source)
    card = _Card(meta=meta, units=[], keys=_key_lines(front))
    _read_body(card, body, body_line)
    return card, body_line


def card_index(text: str, source: str = "<card>") -> LineIndex:
    """Index where a card's keys, claims, evidence and licence statements are, by line."""
    card, _ = _parse(text, source)
    return _index_of(card)


def _index_of(card: _Card) -> LineIndex:
    return LineIndex(
        keys=dict(card.keys),
        claims=dict(card.claims),
        components={name: f.line for name, f in card.found.items()},
        statements={s: line for line, s, _, _ in card.statements},
    )


# --- From card to release --------------------------------------------------------------------


def _text(value: Any) -> str | None:
    if value is None or isinstance(value, dict | list):
        return None
    text = str(value).strip()
    return text or None


def _as_list(value: Any) -> list[str]:
    if isinstance(value, list):
        return [t for v in value if (t := _text(v))]
    t = _text(value)
    return [t] if t else []


@dataclass(frozen=True, slots=True)
class _Folder:
    """The folder the card is in, listed once (a stat costs as much as a listing)."""

    path: Path
    names: list[str] | None
    """The names in the folder, ``None`` when it cannot be listed."""
    folded: frozenset[str] | None
    """The names lowercased, when all are ASCII: what a file system ignoring case compares."""

    @classmethod
    def of(cls, card: Path | None) -> _Folder | None:
        if card is None:
            return None
        try:
            names = os.listdir(card.parent)  # noqa: PTH208 (names only: no Path for each)
        except OSError:
            return cls(card.parent, None, None)
        # How a file system ignoring case folds other characters (U+212A onto K) is its own.
        ascii_only = "".join(names).isascii()
        return cls(card.parent, names, frozenset(map(str.lower, names)) if ascii_only else None)

    def lacks(self, name: str) -> bool:
        """Whether the listing shows that opening *name* would fail, even ignoring case.

        For the names of :data:`_LICENSE_FILES` (ASCII, no trailing dot or space that Windows
        would drop); a licence link is opened as given.
        """
        return self.folded is not None and name.lower() not in self.folded


class _LicenseFile(NamedTuple):
    """The licence file beside a card: its name, its title if a known licence, its digest."""

    name: str
    title: str | None
    """The file's first lines, only when they name a licence openness knows."""
    sha256: str


_NO_FILE = _LicenseFile("", None, "")


def _license_file(folder: _Folder | None, link: str | None) -> _LicenseFile:
    """Return the licence file beside the card, if any (``_NO_FILE`` when none).

    Only licence file names are opened, and only inside the card's folder once symbolic links are
    resolved (:func:`openness._resolve.license_file`). The file's content is never echoed unless
    it names a known licence: otherwise the file is shown by its name and SHA-256.
    """
    if folder is None:
        return _NO_FILE
    names = list(_LICENSE_FILES)
    if link and not re.match(r"^[a-z]+://", link) and names_file(link):
        names.insert(0, link.strip())
    for name in names:
        if name in _LICENSE_FILES and folder.lacks(name):
            continue  # Not listed: the stat below could only fail.
        path = license_file(name, folder.path)
        if path is None:
            continue
        try:
            with path.open("rb") as f:
                data = f.read(MAX_LICENSE_FILE_BYTES)
        except OSError:
            continue
        return _LicenseFile(name, _title(data[:8192]), hashlib.sha256(data).hexdigest())
    return _NO_FILE


def _title(head: bytes) -> str | None:
    """Return a licence file's title (its first lines) when it names a known licence."""
    if b"\0" in head:
        return None  # Binary: no title.
    lines = [
        ln.strip(" #*=\t").replace("\\", "")
        for ln in head.decode("utf-8", "replace").splitlines()
        if ln.strip(" #*=\t-") and not ln.strip().lower().startswith("copyright")
    ]
    for title in (" ".join(lines[:2]), *lines[:2]):
        if title and len(title) <= _MAX_TITLE and resolve_license(title).known:
            return title
    return None


# The folder's paths in pathlib's order: by name, ignoring case on Windows.
_PATH_ORDER = str.lower if os.name == "nt" else None


def _suffix(name: str) -> str:
    """Return the suffix of a file *name*, as :attr:`pathlib.PurePath.suffix` does."""
    i = name.rfind(".")
    return name[i:] if 0 < i < len(name) - 1 else ""


def _weights_beside(folder: _Folder | None) -> list[str]:
    if folder is None or folder.names is None:
        return []
    return [
        name
        for name in sorted(folder.names, key=_PATH_ORDER)[:1000]
        if _suffix(name).lower() in _WEIGHT_SUFFIXES or name.endswith(".safetensors.index.json")
    ]


def _name_and_org(meta: dict[str, Any], card: _Card, path: Path | None) -> tuple[str, str | None]:
    """Return the release's name, and the organisation of an ``org--name`` folder (Hub cache)."""
    folder = path.parent.name if path is not None and path.name.lower() == "readme.md" else ""
    folder = folder.removeprefix("models--")
    org, _, repo = folder.partition("--")
    if not repo:
        org, repo = "", folder
    index = meta.get("model-index")
    indexed = (
        _text(index[0].get("name"))
        if isinstance(index, list) and index and isinstance(index[0], dict)
        else None
    )
    name = _text(meta.get("model_name")) or indexed or repo or card.title
    if not name:
        name = path.stem if path is not None else "unnamed"
    return name[:500], org or None


# Words of a gate that say a person decides: "Requests will be processed by the M42 Team within 2
# working days", "Submit for manual review". "Requests are processed immediately" is automatic.
_MANUAL = re.compile(
    r"\bmanual\w*\b|\b(?:be|are|is|been)\s+reviewed\b|\bfor\s+review\b|\bapproval\b|"
    r"\bapproved\b|\bwithin\s+\d+\s+(?:\w+\s+)?days?\b|\bprocessed\s+by\b",
    re.IGNORECASE,
)
_AUTOMATIC = re.compile(r"\b(?:immediately|automatic\w*|instantly)\b", re.IGNORECASE)


def _access(meta: dict[str, Any], notes: Notes, keys: dict[str, int]) -> str | None:
    gating = {k: v for k, v in meta.items() if isinstance(k, str) and k.startswith("extra_gated")}
    gated = meta.get("gated")
    if not gating and gated in (None, False, "false"):
        notes.findings.append(
            Finding(
                "hf-access-not-stated",
                Severity.INFO,
                "The card has no gating fields (extra_gated_*): it does not say the weights are "
                "gated, but the Hub can gate a repository without them (missing evidence).",
                component="model_parameters_final",
            )
        )
        return None
    words = " ".join(str(v) for k, v in gating.items() if not isinstance(v, dict | list))
    manual = str(gated).lower() == "manual" or (
        _MANUAL.search(words) is not None and _AUTOMATIC.search(words) is None
    )
    first = min((keys[k] for k in gating if k in keys), default=None)
    where = f" (line {first})" if first else ""
    if manual:
        notes.findings.append(
            Finding(
                "hf-gated-manual",
                Severity.WARN,
                f"The card's gate{where} says requests are reviewed or approved: the weights "
                "are had only on request.",
                component="model_parameters_final",
            )
        )
        access = "on_request"
    else:
        fields = meta.get("extra_gated_fields")
        asked = ", ".join(str(k) for k in fields)[:200] if isinstance(fields, dict) else ""
        notes.findings.append(
            Finding(
                "hf-gated",
                Severity.INFO,
                f"The card gates the weights{where}: users must accept terms"
                + (f" and give: {asked}" if asked else "")
                + ".",
                component="model_parameters_final",
            )
        )
        access = "registration"
    if meta.get("extra_gated_eu_disallowed") is True:
        notes.findings.append(
            Finding(
                "hf-gated-eu-disallowed",
                Severity.WARN,
                "The gate refuses users in the European Union (extra_gated_eu_disallowed): "
                "access discriminates by place.",
                "OWD 5: No Discrimination Against Persons or Groups",
                "model_parameters_final",
            )
        )
    return access


def _licence_key(meta: dict[str, Any], key: str) -> Any:
    """Return ``meta[key]``, else its British spelling (``licence``), as a release file's."""
    if key in meta:
        return meta[key]
    return meta.get(key.replace("license", "licence"))


def _file_finding(found: _LicenseFile) -> Finding:
    return Finding(
        "hf-license-file",
        Severity.INFO,
        f"{found.name} beside the card is titled {found.title!r}."
        if found.title
        else f"{found.name} beside the card (SHA-256 {found.sha256}) has no title naming a known "
        "licence (not identified; its text is not shown).",
        license=found.title,
    )


def _card_license(
    meta: dict[str, Any], notes: Notes, folder: _Folder | None
) -> tuple[str | None, dict[str, Any]]:
    """Return the licence of the repository's content: the card's ``license``, resolved."""
    ids = _as_list(_licence_key(meta, "license"))
    name = _text(_licence_key(meta, "license_name"))
    link = _text(_licence_key(meta, "license_link"))
    found = _license_file(folder, link)
    file_name, title = found.name or None, found.title
    extra: dict[str, Any] = {}
    if file_name:
        notes.findings.append(_file_finding(found))
    if not ids:
        if file_name:
            # An unknown title: the file is the licence, read by the rules beside the card.
            return title or file_name, extra
        notes.findings.append(
            Finding(
                "hf-no-license",
                Severity.WARN,
                "The card declares no licence (no 'license' in its front matter, no LICENSE "
                "file beside it): no right to use, modify or share is shown.",
                component="model_parameters_final",
            )
        )
        return None, extra
    resolved: list[str] = []
    for lic in ids:
        if lic.lower() == "other":
            options = [t for t in (name, title, link) if t]
            best = next((t for t in options if resolve_license(t).known), None)
            resolved.append(best or (options[0] if options else _NOASSERTION))
        elif lic.lower() == "unknown":
            resolved.append(_NOASSERTION)
        else:
            resolved.append(lic)
            if title and resolve_license(title).known and resolve_license(lic).known:
                card_ids = {x.id for x in resolve_license(lic).licenses}
                file_ids = {x.id for x in resolve_license(title).licenses}
                if card_ids != file_ids:
                    notes.findings.append(
                        Finding(
                            "hf-license-mismatch",
                            Severity.WARN,
                            f"The card says {lic!r} but {file_name} is {title!r}: which terms "
                            "govern is unclear.",
                            license=lic,
                        )
                    )
    if link:
        extra["license_link"] = link
    return " AND ".join(resolved), extra


@functools.cache
def _scope_of() -> dict[str, str | None]:
    """Each component's scope in a licence statement ("code", "data", "model") or ``None``."""
    return {
        name: (
            "code"
            if info.content_type == "code"
            else "data"
            if name in {"datasets", "evaluation_data", "data_card"}
            else "model"
            if name.startswith("model_parameters")
            else None
        )
        for name, info in COMPONENTS.items()
    }


def _component_licenses(card: _Card, notes: Notes) -> dict[str, str]:
    """Licence per component from the card's own statements, by scope."""
    out: dict[str, str] = {}
    for line, _sentence, scopes, lic in card.statements:
        for name, scope in _scope_of().items():
            if scope is None or name in out:
                continue
            if scope in scopes or "all" in scopes:
                out[name] = lic
                if name == "model_parameters_final":
                    notes.findings.append(
                        Finding(
                            "hf-license-statement",
                            Severity.INFO,
                            f"The card states on line {line} that the model is under {lic!r}.",
                            component=name,
                            license=lic,
                        )
                    )
    return out


def _check_statement(card: _Card, notes: Notes, license_text: str | None) -> str | None:
    """Compare what the card's text says of the model's licence with its front matter."""
    said = next(
        ((line, lic) for line, _, scopes, lic in card.statements if scopes & {"model", "all"}),
        None,
    )
    if said is None:
        return license_text
    line, lic = said
    if license_text is None:
        return lic
    declared = resolve_license(license_text)
    stated = resolve_license(lic)
    if declared.known and {x.id for x in declared.licenses} != {x.id for x in stated.licenses}:
        notes.findings.append(
            Finding(
                "hf-license-mismatch",
                Severity.WARN,
                f"The front matter declares {license_text!r} but line {line} says the model is "
                f"under {lic!r}: which terms govern is unclear.",
                component="model_parameters_final",
                license=lic,
            )
        )
    return license_text


def to_release(doc: Any, source: Source) -> Reading:
    """Map a model card's text onto a native release, with its findings and claims' lines."""
    notes = Notes(source)
    if not isinstance(doc, str):
        raise InvalidReleaseError(
            notes.name, "", "the hf-card format reads a Markdown file (a model card's README.md)"
        )
    card, _ = _parse(doc, notes.name)
    meta = card.meta
    path = notes.path
    name, org = _name_and_org(meta, card, path)
    folder = _Folder.of(path)
    license_text, _notes = _card_license(meta, notes, folder)
    license_text = _check_statement(card, notes, license_text)
    out: dict[str, Any] = {"name": name}
    producer = card.producer or org
    if producer:
        out["producer"] = producer
    if license_text is not None:
        out["license"] = license_text
    access = _access(meta, notes, card.keys)
    if access is not None:
        out["access"] = access
    base = _as_list(meta.get("base_model"))[:MAX_BASES]
    relation = (_text(meta.get("base_model_relation")) or "").lower()
    if base:
        out["base_model"] = [b[:500] for b in base]
        if relation in get_args(BaseRelation):
            out["base_model_relation"] = relation
        notes.findings.append(
            Finding(
                "hf-base-model",
                Severity.INFO,
                f"Derived from {', '.join(base)}"
                + (f" ({relation})" if relation else "")
                + ": the base model binds this derivative to its terms (see Assessment.base).",
            )
        )
    else:
        stated = find_bases(meta, card.units, name=name, keys=card.keys)
        notes.findings.extend(map(stated_finding, stated))
        if stated:
            base, relation = [stated[0].ref], stated[0].relation or ""
            out["base_model"] = base
            if relation:
                out["base_model_relation"] = relation
    if card.claims:
        out["claims"] = list(card.claims)
    out["components"] = _components(card, notes, folder, base, relation)
    notes.lines = _index_of(card)  # After the components: their evidence's lines are known.
    return notes.reading(out)


def _weights(
    notes: Notes, folder: _Folder | None, base: list[str], relation: str
) -> dict[str, Any]:
    weights: dict[str, Any] = {}
    files = _weights_beside(folder)
    if files:
        weights["notes"] = f"weight files beside the card: {', '.join(files[:5])}"
    else:
        notes.findings.append(
            Finding(
                "hf-weights-in-repository",
                Severity.INFO,
                "The final weights are taken to be in the repository this card describes (a "
                "Hugging Face model repository); no weight file was found beside the card.",
                component="model_parameters_final",
            )
        )
    if relation == "adapter":
        weights["partial"] = True
        weights["notes"] = f"an adapter: usable only with {', '.join(base)}"
    return weights


def _datasets(meta: dict[str, Any], base: list[str]) -> dict[str, Any] | None:
    datasets = _as_list(meta.get("datasets"))
    if not datasets:
        return None
    entry: dict[str, Any] = {
        "location": f"https://huggingface.co/datasets/{datasets[0]}",
        "notes": "listed in the card's datasets: " + ", ".join(datasets)[:2000],
    }
    if base:
        entry["partial"] = True
        entry["notes"] += "; the base model's training data is not covered by this card"
    return entry


# In the repository the card describes: the card's own licence applies.
_IN_REPOSITORY = frozenset({"model_parameters_final", "model_card", "evaluation_results"})


def _components(  # noqa: C901 - one mapping step per kind of evidence
    card: _Card, notes: Notes, folder: _Folder | None, base: list[str], relation: str
) -> dict[str, dict[str, Any]]:
    comps: dict[str, dict[str, Any]] = {
        "model_parameters_final": _weights(notes, folder, base, relation),
        "model_card": {"notes": "this card"},
    }
    if isinstance(card.meta.get("model-index"), list):
        card.show("evaluation_results", card.keys.get("model-index", 1), None, "model-index")
    datasets = _datasets(card.meta, base)
    if datasets is not None:
        card.found.pop("datasets", None)
        comps["datasets"] = datasets
    for comp, found in card.found.items():
        comps[comp] = {"notes": found.why}
        if found.location:
            comps[comp]["location"] = found.location
    if "training_code" in comps and "model_architecture" not in comps:
        # Code that trains a model defines it: the architecture is in the training code.
        comps["model_architecture"] = {
            **comps["training_code"],
            "notes": "defined in the training code (" + comps["training_code"]["notes"] + ")",
        }
        card.found.setdefault("model_architecture", card.found["training_code"])
    stated = _component_licenses(card, notes)
    for comp, entry in comps.items():
        if comp in _IN_REPOSITORY:
            continue
        entry["license"] = stated.get(comp, _NOASSERTION)
        if comp not in stated:
            notes.findings.append(
                Finding(
                    "hf-license-not-stated",
                    Severity.WARN,
                    f"The card shows the {COMPONENTS[comp].title.lower()} "
                    f"({entry.get('location') or 'in the card'}) but not its licence: whether "
                    "it is open is unverified until stated (missing evidence).",
                    component=comp,
                )
            )
    unseen = [
        COMPONENTS[c].title.lower()
        for c in ("training_code", "data_preprocessing_code", "datasets", "research_paper")
        if c not in comps
    ]
    if unseen:
        notes.findings.append(
            Finding(
                "hf-not-shown",
                Severity.INFO,
                f"The card shows no evidence of: {', '.join(unseen)}; whether they are released "
                "is unverified (missing evidence, not proof of absence).",
            )
        )
    # A card describes what its writer chose to mention: what it leaves out is unknown, not
    # withheld (a MOT or native record, whose writer declared the components, reads otherwise).
    for comp in COMPONENTS:
        comps.setdefault(comp, {"released": None})
    return comps


def detect(doc: Any, _: Source) -> bool:
    """Whether *doc* is a card's text: Markdown opening with YAML front matter."""
    return isinstance(doc, str) and _OPENING.match(doc) is not None
