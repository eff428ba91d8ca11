"""The rule catalogue: every finding id, as data, written once.

Each id says how much its findings weigh, the flag it raises, the clause it applies, whether it
reports *missing evidence* (the source does not say) or *proof* (the source says, and it fails),
and one line for people. ``docs/errors.md``'s findings tables, SARIF's ``rules[]``, the flag set
and the tests' id sets are derived from here; a rule that yields an id not catalogued fails the
tests.

A verdict is ``unverified`` when nothing proves a failure and every blocking finding behind it is
missing evidence: a failure needs proof.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from typing import Literal

__all__ = ["CATALOGUE", "FLAGS", "Entry", "Evidence", "Severity", "evidence_of"]


class Severity(enum.IntEnum):
    """How much a finding weighs, after sqlglot's ErrorLevel."""

    INFO = 0
    """Context a reader should know; changes no verdict."""
    WARN = 1
    """A weakness or missing evidence worth a look; changes no verdict by itself."""
    BLOCK = 2
    """Fails the requirement the finding cites (or leaves it unverified, for missing evidence)."""


Evidence = Literal["missing", "proof"]


@dataclass(frozen=True, slots=True)
class Entry:
    """One rule id of the catalogue."""

    severity: Severity
    doc: str
    """One line for people: what the finding means."""
    evidence: Evidence = "proof"
    """``missing``: the source does not say (the verdict is unverified); ``proof``: it says."""
    flag: str | None = None
    """The flag its findings raise in :attr:`openness.Assessment.flags`."""
    clause: str | None = None
    """The clause applied, when it is one for every finding of the id (else each finding's)."""


_B, _W, _I = Severity.BLOCK, Severity.WARN, Severity.INFO
_MISSING: Evidence = "missing"

# --- The final weights: the same checks once per standard, by prefix -------------------------

# Each finding cites the clause of the term that decided (``_rules``), so none is fixed here.
_WEIGHTS_CLAUSES = ("", "osaid-", "eu-")
# suffix -> severity, evidence, flag (raised by the Open Weight Definition's ids only), doc
_WEIGHTS: dict[str, tuple[Severity, Evidence, str | None, str]] = {
    "not-released": (_B, "proof", None, "the final weights are not released"),
    "not-stated": (
        _B,
        _MISSING,
        None,
        "the source never mentions the final weights: whether they are released is unverified",
    ),
    "not-downloadable": (_B, "proof", None, "the weights are listed but access is api or none"),
    "on-request": (_B, "proof", "on-request", "the weights are released only on request"),
    "gated": (_W, "proof", "gated", "the weights are behind registration or a click-through"),
    "partial": (_B, "proof", None, "only part of the final weights is released"),
    "no-license": (_B, "proof", "no-license", "the weights carry no licence (NONE)"),
    "license-unknown": (
        _B,
        _MISSING,
        "unknown-license",
        "the weights' licence is not stated (NOASSERTION) or not recognised: unverified",
    ),
    "license-not-open": (
        _B,
        "proof",
        "license-not-open",
        "a known licence that is neither OSI-approved, FSF-libre nor an open data licence",
    ),
    "non-commercial": (_B, "proof", "non-commercial", "term non_commercial or commercial_use"),
    "no-derivatives": (_B, "proof", "no-derivatives", "term no_derivatives"),
    "use-restrictions": (
        _B,
        "proof",
        "use-restrictions",
        "term field_of_use_restrictions (use restrictions, an acceptable-use policy)",
    ),
    "output-restrictions": (_B, "proof", "output-restrictions", "term output_restrictions"),
    "revocable": (_B, "proof", "revocable", "term revocable: the licensor may change the terms"),
    "user-threshold": (
        _B,
        "proof",
        "user-threshold",
        "term user_threshold: a separate licence above a number of users",
    ),
    "revenue-threshold": (
        _B,
        "proof",
        "revenue-threshold",
        "term revenue_threshold: a separate licence above a revenue",
    ),
    "naming-mandate": (
        _W,
        "proof",
        "naming-mandate",
        "term naming_mandate: derivatives must carry a name",
    ),
    "base-unknown": (
        _B,
        _MISSING,
        None,
        "a derived model whose base is not known: the terms the base imposes are unverified",
    ),
    "base-not-open": (
        _B,
        "proof",
        None,
        "a derived model is bound by its base's terms, and the base's weights fail this standard",
    ),
    "base-unverified": (
        _B,
        _MISSING,
        None,
        "a derived model whose base's verdict on this standard is itself unverified",
    ),
}

# --- Components the OSAID asks for, and MOF Class I's ----------------------------------------

_REQUIRED_CODE = (
    "training-code",
    "inference-code",
    "model-architecture",
    "data-preprocessing-code",
)
_OPTIONAL_CODE = ("supporting-libraries", "evaluation-code")
_SCIENCE = ("datasets", "model-parameters-intermediate", "research-paper")


def _components() -> dict[str, Entry]:
    code = "OSAID 1.0: Code"
    out: dict[str, Entry] = {}
    for c in _REQUIRED_CODE:
        out |= {
            f"{c}-not-released": Entry(_B, "required code is not released", clause=code),
            f"{c}-not-stated": Entry(
                _B,
                "the source never mentions this required code: unverified",
                _MISSING,
                clause=code,
            ),
            f"{c}-partial": Entry(_B, "required code is released only in part", clause=code),
            f"{c}-not-osi": Entry(_B, "not under an OSI-approved licence", clause=code),
            f"{c}-license-unknown": Entry(
                _B,
                "its licence is not stated or not recognised: unverified",
                _MISSING,
                clause=code,
            ),
        }
    for c in _OPTIONAL_CODE:
        out |= {
            f"{c}-not-listed": Entry(
                _I, "not listed; OSAID asks for it where it was used", clause=code
            ),
            f"{c}-partial": Entry(
                _W, "released only in part (optional: not blocking)", clause=code
            ),
            f"{c}-not-osi": Entry(
                _W, "not under an OSI-approved licence (optional: not blocking)", clause=code
            ),
            f"{c}-license-unknown": Entry(
                _W, "its licence is not stated or not recognised (optional)", _MISSING, clause=code
            ),
        }
    for a, b in (
        ("inference-code", "model-architecture"),
        ("model-architecture", "inference-code"),
    ):
        out[f"{a}-in-{b}"] = Entry(_I, "one stands in for the other", clause=code)
        out[f"{a}-in-{b}-unverified"] = Entry(
            _B,
            "not shown under OSI terms; the other could stand in, but its licence is not stated",
            _MISSING,
            clause=code,
        )
    clauses = {
        "datasets": "MOF 1.0 Class I: Datasets",
        "model-parameters-intermediate": "MOF 1.0 Class I: Model parameters (Intermediate)",
        "research-paper": "MOF 1.0 Class I: Research paper",
    }
    for c in _SCIENCE:
        clause = clauses[c]
        out |= {
            f"{c}-not-released": Entry(_B, "not released", clause=clause),
            f"{c}-not-stated": Entry(
                _B, "the source never mentions it: unverified", _MISSING, clause=clause
            ),
            f"{c}-partial": Entry(_B, "released only in part", clause=clause),
            f"{c}-not-open": Entry(_B, "not under open terms", clause=clause),
            f"{c}-license-unknown": Entry(
                _B,
                "its licence is not stated or not recognised: unverified",
                _MISSING,
                clause=clause,
            ),
        }
    return out


def _weights() -> dict[str, Entry]:
    out: dict[str, Entry] = {}
    for prefix in _WEIGHTS_CLAUSES:
        for suffix, (severity, evidence, flag, doc) in _WEIGHTS.items():
            if prefix == "eu-" and suffix == "gated":
                continue  # Registration does not stop weights being publicly available.
            out[f"{prefix}weights-{suffix}"] = Entry(
                severity, doc, evidence, flag if prefix == "" else None
            )
    return out


_DATA = "OSAID 1.0: Data Information"
_EU = "EU AI Act Art. 53(2)"

CATALOGUE: dict[str, Entry] = {
    **_weights(),
    **_components(),
    "data-information-missing": Entry(
        _B, "no data card, technical report, research paper or datasets is released", clause=_DATA
    ),
    "data-information-not-stated": Entry(
        _B,
        "the source mentions no data information, and never says whether any is released",
        _MISSING,
        clause=_DATA,
    ),
    "data-information-not-open": Entry(
        _B, "data information is released, but none under open terms", clause=_DATA
    ),
    "data-information-license-unknown": Entry(
        _B,
        "data information is released, but its licences are not stated or not recognised",
        _MISSING,
        clause=_DATA,
    ),
    "data-information-base": Entry(
        _B,
        "a derived model: the base's training data is not disclosed as OSAID requires",
        clause=_DATA,
    ),
    "data-information-base-unverified": Entry(
        _B,
        "a derived model: whether the base's data information is released is unverified",
        _MISSING,
        clause=_DATA,
    ),
    "eu-architecture-information-missing": Entry(
        _B,
        "no information on the model architecture is public",
        clause=f"{_EU}: information on the model architecture made publicly available",
    ),
    "eu-architecture-information-not-stated": Entry(
        _B,
        "the source does not say whether information on the architecture is public",
        _MISSING,
        clause=f"{_EU}: information on the model architecture made publicly available",
    ),
    "eu-usage-information-missing": Entry(
        _B,
        "no model card or technical report: no information on usage",
        clause=f"{_EU}: information on model usage made publicly available",
    ),
    "eu-usage-information-not-stated": Entry(
        _B,
        "the source does not say whether information on usage is public",
        _MISSING,
        clause=f"{_EU}: information on model usage made publicly available",
    ),
    "eu-systemic-risk": Entry(
        _B,
        "designated with systemic risk, or trained with at least 1e25 FLOP (Art. 51(2))",
        flag="systemic-risk",
        clause=f"{_EU}, last sentence; Art. 51",
    ),
    "eu-systemic-risk-unknown": Entry(
        _B,
        "neither training compute nor a designation is stated: the exemption is unverified",
        _MISSING,
        clause=f"{_EU}, last sentence; Art. 51",
    ),
    "eu-monetised": Entry(
        _B,
        "provided against a price or otherwise monetised",
        flag="monetised",
        clause="EU AI Act Recital 103",
    ),
    "eu-monetisation-unknown": Entry(
        _B,
        "whether the model is monetised is not stated: the exemption is unverified",
        _MISSING,
        clause="EU AI Act Recital 103",
    ),
    "eu-remaining-duties": Entry(
        _I,
        "even when exempt, Art. 53(1)(c) and (d) still apply",
        clause="EU AI Act Art. 53(1)(c), (d); Recital 104",
    ),
    "mof-missing": Entry(_B, "a component the class requires is not released"),
    "mof-not-stated": Entry(
        _B, "the source never mentions a component the class requires: unverified", _MISSING
    ),
    "mof-partial": Entry(_B, "a required component is released only in part"),
    "mof-license-not-open": Entry(_B, "a required component is not under an open licence"),
    "mof-license-unknown": Entry(
        _B, "a required component's licence is not stated or not recognised: unverified", _MISSING
    ),
    "mof-license-not-type-appropriate": Entry(
        _W, "an open licence not meant for the component's content type: a conditional pass"
    ),
    "mof-paper-for-report": Entry(_I, "the research paper stands in for the technical report"),
    "mof-class-capped": Entry(
        _W, "MOT's rule gives Class I but the release does not pass the OSAID: Class II at most"
    ),
    "mof-class-withheld": Entry(
        _W, "MOT's rule gives a class but the final weights cannot be freely downloaded"
    ),
    "mof-unverified": Entry(
        _I, "a better MOF class is within reach if the unverified facts turn out open", _MISSING
    ),
    "claim-open-source": Entry(
        _B,
        "a claim of open source that even the most open reading of the evidence does not reach",
        flag="open-washing",
        clause="OSAID 1.0",
    ),
    "claim-open-weights": Entry(
        _B,
        "a claim of open weights that even the most open reading of the evidence does not reach",
        flag="open-washing",
        clause="OWD 0.3",
    ),
    "claim-unverified": Entry(
        _W,
        "a claim above the proven level that the unverified facts could still bear out",
        _MISSING,
        flag="unverified-claim",
    ),
    "claim-base-license": Entry(
        _B,
        "a derived release labelled with terms its base's licence does not let derivatives take",
        flag="open-washing",
        clause="OWD 3: Derived Works",
    ),
    "base-model": Entry(_I, "a derived model, read with its base's assessment"),
    "base-model-unknown": Entry(
        _W, "the base model is not known to openness: the terms it imposes are unverified", _MISSING
    ),
    "access-not-stated": Entry(
        _I, "access is not stated: listed weights are taken as downloadable (MOF convention)"
    ),
    "license-unknown": Entry(
        _W,
        "a component's licence (other than the weights') is not stated or not recognised",
        _MISSING,
        flag="unknown-license",
    ),
    "license-identified-by-classifier": Entry(
        _I, "a licence text was recognised by the classifier, with its confidence"
    ),
    "license-guess-not-counted": Entry(
        _I, "the classifier's best guess was below its threshold: the licence stays unknown"
    ),
    # Readers.
    "mot-not-included": Entry(
        _I, "a Model Openness Tool record says 'Component not included': read as not released"
    ),
    "hf-weights-in-repository": Entry(
        _I, "the final weights are taken to be in the repository the card describes"
    ),
    "hf-access-not-stated": Entry(_I, "the card has no gating fields"),
    "hf-gated": Entry(_I, "the card gates the weights behind accepted terms and a form"),
    "hf-gated-manual": Entry(_W, "the card's gate reviews requests: read as access on request"),
    "hf-gated-eu-disallowed": Entry(_W, "the gate refuses users in the European Union"),
    "hf-no-license": Entry(_W, "the card declares no licence: no rights shown", _MISSING),
    "hf-license-file": Entry(_I, "a LICENSE file beside the card, and what it was read as"),
    "hf-license-statement": Entry(_I, "the card's text states a licence"),
    "hf-license-mismatch": Entry(
        _W, "the card's licence field and its text or LICENSE file disagree"
    ),
    "hf-license-not-stated": Entry(_W, "the card shows a component but not its licence", _MISSING),
    "hf-base-model": Entry(_I, "the card names a base model"),
    "base-model-stated": Entry(
        _I, "the card's text, tags or name state a base model, with the line and a confidence"
    ),
    "hf-not-shown": Entry(
        _I, "the card shows no evidence of some components: they are unverified", _MISSING
    ),
    "osai-record": Entry(_I, "read from a European Open Source AI Index record, with its grades"),
    "hub-gating": Entry(_I, "the Hub's gated field for the repository, read as the access"),
    "hub-disabled": Entry(_W, "the repository is disabled on the Hub: access none"),
    "hub-file-gated": Entry(
        _I, "a licence or policy file is behind the repository's gate: not read", _MISSING
    ),
    "hub-offline": Entry(
        _I, "read offline from the Hugging Face cache: gating and files unverified", _MISSING
    ),
    "hub-file-too-large": Entry(
        _I, "a licence or policy file on the Hub is larger than 1 MiB: not read", _MISSING
    ),
    "hub-base-read": Entry(_I, "a base model the card names was read from the Hub (or its cache)"),
    "hub-dataset-license": Entry(_I, "a dataset the card links declares a licence in its own card"),
    "hub-dataset-unverified": Entry(
        _W,
        "a dataset the card links could not be read or declares no recognised licence",
        _MISSING,
    ),
    "hub-license-link": Entry(
        _I, "a licence written as a repository file's address, fetched and read as text"
    ),
    "hub-license-link-unread": Entry(
        _W,
        "a licence written as a repository file's address was not fetched (offline, failed)",
        _MISSING,
    ),
    "hub-license-link-unknown": Entry(
        _W, "a licence file fetched by its address is no licence openness recognises", _MISSING
    ),
    "hub-license-link-mismatch": Entry(
        _W, "the card names one licence and the file its license_link points to is another"
    ),
    "folder-license-file": Entry(
        _I, "a licence file in a model folder or Hub repository, read as text, is recognised"
    ),
    "folder-license-file-unknown": Entry(
        _W, "a licence file, read as text, is no licence openness recognises", _MISSING
    ),
    "folder-license-mismatch": Entry(
        _W, "the card declares one licence and the licence file, read as text, is another"
    ),
    "folder-use-policy": Entry(_I, "an acceptable-use policy (USE_POLICY*) in the folder"),
    "folder-weights": Entry(_I, "weight files in the folder: evidence the weights are released"),
    "folder-no-weights": Entry(_I, "no weight file in the folder: the weights may be elsewhere"),
    "folder-no-card": Entry(_W, "a model folder without a model card: only its files are evidence"),
    "folder-not-mentioned": Entry(
        _I, "components neither the card nor the folder mention: unknown", _MISSING
    ),
    "cyclonedx-model": Entry(_I, "the ML-BOM's machine-learning-model read as the final weights"),
    "expert-record": Entry(_I, "read from an opening-up-chatgpt expert record, with its grades"),
    "expert-weights-partial": Entry(
        _I, "the record grades the weights partial: released in part or restricted access"
    ),
    "expert-license-unnamed": Entry(
        _W, "the record grades the licensing open but names no recognised licence", _MISSING
    ),
    "expert-license-graded-down": Entry(
        _I, "the record grades the licensing lower than the licence it names"
    ),
}
"""Every finding id openness produces (see the module's docstring)."""

FLAGS: frozenset[str] = frozenset(
    {e.flag for e in CATALOGUE.values() if e.flag} | {"api-only", "closed"}
)
"""Every flag an assessment can raise: those of the catalogue's ids, and two of the level."""


def evidence_of(rule: str) -> Evidence:
    """Return whether findings of *rule* report missing evidence or proof (proof if unknown)."""
    entry = CATALOGUE.get(rule)
    return "proof" if entry is None else entry.evidence
