"""Claims: what a producer's own words say about how open the release is."""

from __future__ import annotations

import enum
import re

from ._normalise import normalise

__all__ = ["Claim", "classify_claim"]


class Claim(enum.Enum):
    """The rung a claim asserts."""

    OPEN_SOURCE = "open source"
    OPEN_WEIGHTS = "open weights"


# "open source", "open-sourced", "open-sourcing", "open-sources", "opensource"; not "open sources"
# with a space, which is also the plural noun ("data gathered from open sources"). Each quantifier
# runs over one character class and is followed by a literal, so a search is linear in the text.
_OPEN_SOURCE = re.compile(
    r"\b(?:open(?:[\s-]*sourc(?:ed?|ing)|-?sources)|"
    r"(?:fully|truly|completely|totally|100%)[\s-]+open)\b",
    re.IGNORECASE,
)
# "open weights", "open models" and "open foundation models": the foundation-model literature uses
# the term for models "with broadly available model weights" (Kapoor et al., "On the Societal
# Impact of Open Foundation Models", ICML 2024), which asserts open weights, not open source.
_OPEN_WEIGHTS = re.compile(
    r"\bopen[\s-]*(?:weights?|models?|foundation[\s-]+models?)\b", re.IGNORECASE
)
_NEGATION = re.compile(
    r"(?:\bnot\b|n't\b|\bnever\b|\bno\b|\bnor\b|\bneither\b|\brather than\b|\binstead of\b|"
    r"\bnon[\s-]?|\bfalls? short of\b|\bisn't\b|\bwithout being\b)[\w\s,-]{0,12}$",
    re.IGNORECASE,
)


def _asserted(pattern: re.Pattern[str], text: str) -> bool:
    for m in pattern.finditer(text):
        before = text[max(0, m.start() - 40) : m.start()]
        if not _NEGATION.search(before):
            return True
    return False


def classify_claim(text: str) -> Claim | None:
    """Return the strongest rung *text* asserts, or ``None``; negations are understood.

    >>> classify_claim("a fully open language model")
    <Claim.OPEN_SOURCE: 'open source'>
    >>> classify_claim("open-weight, not open source")
    <Claim.OPEN_WEIGHTS: 'open weights'>
    >>> classify_claim("Code Llama: Open Foundation Models for Code")
    <Claim.OPEN_WEIGHTS: 'open weights'>
    >>> classify_claim("this model is not open source") is None
    True
    """
    text = normalise(text)  # Entities, tags, emphasis, format characters, look-alikes undone.
    if _asserted(_OPEN_SOURCE, text):
        return Claim.OPEN_SOURCE
    if _asserted(_OPEN_WEIGHTS, text):
        return Claim.OPEN_WEIGHTS
    return None
