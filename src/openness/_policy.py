"""Policies: what a procurement or compliance tool demands of a release; decisions with reasons.

A :class:`Policy` is read from YAML or JSON (strict: an unknown key is an error with a suggestion);
:func:`check` scores a release and gives a :class:`Decision`: one :class:`Reason` per requirement,
each with its status (``pass``, ``fail`` or ``unverified``) and the findings and clauses behind it.
The bundled policies (``data/policies/*.yaml``) are pinned by SHA-256 and documented in
docs/policies.md.
"""

from __future__ import annotations

import fnmatch
import hashlib
import json
import os
from dataclasses import dataclass
from importlib.resources import files
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from ._assessment import Assessment, Verdict
from ._catalogue import CATALOGUE, FLAGS
from ._findings import Finding, Severity
from ._report import _md  # The reports' one Markdown escape: punctuation, @, controls.
from ._rules import Level
from ._schema import COMPONENTS, ComponentName
from ._score import score
from .errors import InvalidPolicyError, InvalidReleaseError
from .licenses._resolve import resolve_license

if TYPE_CHECKING:
    from collections.abc import Iterable, Mapping

__all__ = [
    "BUNDLED",
    "DECISION_SCHEMA_VERSION",
    "Decision",
    "Policy",
    "Reason",
    "Status",
    "bundled_policies",
    "check",
    "load_policy",
]

DECISION_SCHEMA_VERSION = "1"
"""Version of :meth:`Decision.to_dict`'s layout."""

Status = Literal["pass", "fail", "unverified"]

BUNDLED: dict[str, str] = {
    "commercial-use": "d7570fa052bdc10b6f64d4bf48d796fa27a7da81193cb7ffad74d8ce69b8e08d",
    "eu-open-source-exemption": "79cc4cc81acf6365ce701a97b8d5032fc6903d9d0d2d1ac78cb595eb62508bee",
    "open-science": "4b3841009320fc75e3721997d37972852c41cd7fd5400718b89edb314ce45d81",
    "osaid": "b1b20d880c21c0ec6df72aaffe505fb1ed4229c0377884dcd478a05dfde08c48",
    "owd": "a7e14667741ee2949ccb915660ba5ff06652f6c1a1e6b85fd3237b81744be805",
}
"""The bundled policies by name, each with the pinned SHA-256 of its file."""

_MAX_POLICY_BYTES = 1_000_000
_STANDARDS = ("osaid", "owd", "eu_ai_act")
_STANDARD_TITLES = {
    "osaid": "OSI Open Source AI Definition 1.0",
    "owd": "Open Weight Definition 0.3",
    "eu_ai_act": "EU AI Act Art. 53(2) open-source exemption",
}
Demand = Literal["released", "open", "osi"]

# Licence terms a policy may forbid by their knowledge-base name, and the flag each raises.
_TERM_FLAGS = {
    "non_commercial": "non-commercial",
    "no_derivatives": "no-derivatives",
    "field_of_use_restrictions": "use-restrictions",
    "use_restrictions": "use-restrictions",
    "output_restrictions": "output-restrictions",
    "revocable": "revocable",
    "user_threshold": "user-threshold",
    "revenue_threshold": "revenue-threshold",
    "naming_mandate": "naming-mandate",
}
# Flags that only a licence's terms raise: an unrecognised licence leaves them unverified.
_TERM_ONLY = frozenset(_TERM_FLAGS.values())
_FORBIDDABLE = sorted({*FLAGS, *_TERM_FLAGS})


def _suggest(word: str, options: Iterable[str]) -> str:
    import difflib  # noqa: PLC0415 - only a misspelt policy needs it

    near = difflib.get_close_matches(word, sorted(options), n=1, cutoff=0.6)
    return f" (did you mean {near[0]!r}?)" if near else ""


class LicenseRules(BaseModel):
    """Licences allowed and denied, as SPDX ids or expressions; ``*`` and ``?`` globs allowed."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    allow: tuple[str, ...] = ()
    """When not empty, every licence of every released component must match one of these."""
    deny: tuple[str, ...] = ()
    """No licence of a released component may match one of these."""


class Policy(BaseModel):
    """What a release must meet: levels, standards, MOF class, forbidden terms, licences.

    >>> p = Policy.model_validate({"name": "weights", "require": ["owd"], "unverified": "warn"})
    >>> p.require, p.unverified
    (('owd',), 'warn')
    """

    model_config = ConfigDict(extra="forbid", frozen=True)

    name: str = Field(min_length=1, max_length=200)
    description: str = Field(default="", max_length=10_000)
    min_level: Level | None = None
    """The lowest :class:`Level` accepted, by name (``OPEN_WEIGHTS``)."""
    require: tuple[Literal["osaid", "owd", "eu_ai_act"], ...] = ()
    """Standards whose verdict must pass."""
    mof_class: Literal[1, 2, 3] | None = None
    """The MOF class demanded, or a better one (1 is best)."""
    forbid: tuple[str, ...] = ()
    """Flags (``user-threshold``) or licence terms (``user_threshold``) the release may not have."""
    licenses: LicenseRules = LicenseRules()
    components: dict[ComponentName, Demand] = Field(default_factory=dict)
    """Per component: ``released``, ``open`` (open licence) or ``osi`` (OSI-approved licence)."""
    unverified: Literal["fail", "warn", "pass"] = "fail"
    """What an unverified requirement counts as: a failure, a warning (passes), or a pass."""

    @field_validator("min_level", mode="before")
    @classmethod
    def _level_by_name(cls, value: object) -> object:
        if isinstance(value, str):
            try:
                return Level[value.strip().upper()]
            except KeyError:
                hint = _suggest(value.strip().upper(), Level.__members__)
                raise ValueError(f"unknown level {value!r}{hint}") from None
        return value

    @field_validator("require", mode="before")
    @classmethod
    def _known_standards(cls, value: object) -> object:
        if isinstance(value, list | tuple):
            for item in value:
                if isinstance(item, str) and item not in _STANDARDS:
                    hint = _suggest(item, _STANDARDS)
                    raise ValueError(f"unknown standard {item!r}{hint}; expected {_STANDARDS}")
        return value

    @field_validator("forbid")
    @classmethod
    def _known_flags(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        out: list[str] = []
        for item in value:
            word = item.strip().lower()
            flag = _TERM_FLAGS.get(word, word.replace("_", "-"))
            if flag not in FLAGS:
                raise ValueError(f"unknown flag or term {item!r}{_suggest(word, _FORBIDDABLE)}")
            if flag not in out:
                out.append(flag)
        return tuple(out)

    @field_validator("components", mode="before")
    @classmethod
    def _known_components(cls, value: object) -> object:
        if isinstance(value, dict):
            for key in value:
                if isinstance(key, str) and key not in COMPONENTS:
                    raise ValueError(f"unknown component {key!r}{_suggest(key, COMPONENTS)}")
        return value

    def sha256(self) -> str:
        """Return the SHA-256 of the policy's canonical JSON (the same from YAML or JSON)."""
        text = json.dumps(self.to_dict(), sort_keys=True, separators=(",", ":"))
        return hashlib.sha256(text.encode()).hexdigest()

    def to_dict(self) -> dict[str, Any]:
        """Return the policy as a JSON-safe mapping (levels by name)."""
        data = self.model_dump(mode="json")
        data["min_level"] = None if self.min_level is None else self.min_level.name
        return data


def _explain(error: ValidationError, source: str) -> InvalidPolicyError:
    """Turn pydantic's first error into one line naming the field and what was expected."""
    first = error.errors(include_url=False)[0]
    loc = [str(p) for p in first["loc"]]
    where = ".".join(loc)
    kind = first["type"]
    if kind == "extra_forbidden":
        parent: type[BaseModel] = LicenseRules if loc[:1] == ["licenses"] else Policy
        return InvalidPolicyError(
            source, where, f"unknown field{_suggest(loc[-1], parent.model_fields)}"
        )
    if kind == "missing":
        return InvalidPolicyError(source, where, "required field is missing")
    if kind == "value_error":
        return InvalidPolicyError(source, where, str(first["ctx"]["error"]))
    got = first.get("input")
    shown = repr(got) if not isinstance(got, dict | list) else type(got).__name__
    if len(shown) > 60:
        shown = shown[:57] + "..."
    return InvalidPolicyError(source, where, f"{first['msg']} (got {shown})")


def _from_mapping(data: object, source: str) -> Policy:
    if not isinstance(data, dict):
        raise InvalidPolicyError(source, "", f"expected a mapping, got {type(data).__name__}")
    try:
        return Policy.model_validate(data)
    except ValidationError as e:
        raise _explain(e, source) from None


def _refuse_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in pairs:
        if key in out:
            raise ValueError(f"duplicate key {key!r}")
        out[key] = value
    return out


def _parse(data: bytes, source: str, *, json_text: bool) -> Policy:
    """Read a policy document's bytes: JSON when *json_text*, else YAML (safely)."""
    if len(data) > _MAX_POLICY_BYTES:
        raise InvalidPolicyError(source, "", f"larger than {_MAX_POLICY_BYTES:,} bytes")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise InvalidPolicyError(source, "", "not UTF-8 text") from None
    if json_text:
        try:
            doc = json.loads(text, object_pairs_hook=_refuse_duplicates)
        except RecursionError:
            raise InvalidPolicyError(source, "", "nested too deeply") from None
        except ValueError as e:
            raise InvalidPolicyError(source, "", f"malformed JSON: {e}") from None
    else:
        from .readers._yaml import load_yaml  # noqa: PLC0415 - PyYAML is imported once YAML is read

        try:
            doc = load_yaml(text, source)
        except InvalidReleaseError as e:
            raise InvalidPolicyError(source, e.field, e.problem) from None
    return _from_mapping(doc, source)


def _bundled_bytes(name: str) -> bytes:
    data = (files("openness") / "data" / "policies" / f"{name}.yaml").read_bytes()
    if hashlib.sha256(data).hexdigest() != BUNDLED[name]:
        msg = f"bundled policy {name!r} does not match its pinned SHA-256: reinstall openness"
        raise InvalidPolicyError(name, "", msg)
    return data


def load_policy(policy: Policy | Mapping[str, Any] | str | os.PathLike[str]) -> Policy:
    """Return a policy: itself, a mapping, a bundled policy's name, or a YAML or JSON file.

    :raises InvalidPolicyError: when the policy cannot be read; the message names the source,
        the field and what was expected.

    >>> load_policy("owd").require
    ('owd',)
    """
    if isinstance(policy, Policy):
        return policy
    if isinstance(policy, str) and policy in BUNDLED:
        return _parse(_bundled_bytes(policy), policy, json_text=False)
    if isinstance(policy, str | os.PathLike):
        path = Path(policy)
        name = os.fspath(policy)
        try:
            with path.open("rb") as f:
                data = f.read(_MAX_POLICY_BYTES + 1)
        except FileNotFoundError:
            hint = _suggest(name, BUNDLED)
            msg = f"no such file, nor a bundled policy{hint}; bundled: {', '.join(BUNDLED)}"
            raise InvalidPolicyError(name, "", msg) from None
        except OSError as e:
            raise InvalidPolicyError(name, "", f"cannot read: {e.strerror}") from None
        return _parse(data, name, json_text=path.suffix.lower() == ".json")
    if isinstance(policy, dict):
        return _from_mapping(policy, "<policy>")
    raise InvalidPolicyError(
        "<policy>",
        "",
        f"expected a Policy, a mapping, a name or a path, got {type(policy).__name__}",
    )


def bundled_policies() -> list[Policy]:
    """Return the bundled policies, sorted by name."""
    return [load_policy(name) for name in sorted(BUNDLED)]


def verdict_status(verdict: Verdict) -> Status:
    """Return a verdict's status: ``pass``, ``fail`` or ``unverified``."""
    return verdict.status.value


@dataclass(frozen=True, slots=True)
class Reason:
    """One requirement of a policy, its status and the findings and clauses behind it."""

    requirement: str
    """Which requirement: ``require.osaid``, ``min_level``, ``forbid.user-threshold``..."""
    status: Status
    message: str
    """A sentence for people; free to reword."""
    findings: tuple[Finding, ...] = ()
    clauses: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        """Return the reason as a JSON-safe mapping."""
        return {
            "requirement": self.requirement,
            "status": self.status,
            "message": self.message,
            "clauses": list(self.clauses),
            "findings": [f.to_dict() for f in self.findings],
        }


@dataclass(frozen=True, slots=True)
class Decision:
    """A release checked against a policy: passed or not, and why, requirement by requirement."""

    status: Status
    """``fail`` if a requirement failed; else ``unverified`` if one is unverified (and the
    policy does not count that as a pass); else ``pass``."""
    passed: bool
    """Whether the release meets the policy: on ``pass``, or on ``unverified`` when the policy
    says ``unverified: warn``."""
    reasons: tuple[Reason, ...]
    policy: dict[str, str]
    """The policy's ``name`` and ``sha256``."""
    assessment: Assessment

    def __bool__(self) -> bool:
        return self.passed

    @property
    def name(self) -> str:
        """The release's name."""
        return self.assessment.name

    def to_dict(self) -> dict[str, Any]:
        """Return a JSON-safe mapping with the assessment it was decided on."""
        return {
            "schema_version": DECISION_SCHEMA_VERSION,
            "release": self.assessment.name,
            "policy": dict(self.policy),
            "status": self.status,
            "passed": self.passed,
            "reasons": [r.to_dict() for r in self.reasons],
            "assessment": self.assessment.to_dict(),
        }

    def to_json(self, **kwargs: Any) -> str:
        """Return :meth:`to_dict` as JSON text."""
        return json.dumps(self.to_dict(), ensure_ascii=False, **kwargs)


def _clauses(findings: Iterable[Finding]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(f.clause for f in findings if f.clause))


def _reason(
    requirement: str, status: Status, message: str, findings: Iterable[Finding] = ()
) -> Reason:
    found = tuple(findings)
    return Reason(requirement, status, message, found, _clauses(found))


def _blocking(findings: Iterable[Finding]) -> list[Finding]:
    return [f for f in findings if f.severity is not Severity.INFO]


def _require(a: Assessment, standard: str) -> Reason:
    verdict: Verdict = getattr(a, standard)
    status = verdict_status(verdict)
    title = _STANDARD_TITLES[standard]
    words = {"pass": "passes", "fail": "fails", "unverified": "cannot be verified against"}
    found = [] if status == "pass" else _blocking(verdict.findings)
    return _reason(f"require.{standard}", status, f"{words[status]} the {title}", found)


def _level_findings(a: Assessment, level: Level) -> list[Finding]:
    """Return the blocking findings that keep *a* below *level*."""
    out = [f for f in a.owd.findings if f.severity is Severity.BLOCK]
    if level >= Level.OPEN_CODE:
        out += [f for f in a.osaid.findings if f.severity is Severity.BLOCK]
    if level >= Level.OPEN_SCIENCE:
        out += [
            f
            for f in a.findings
            if f.severity is Severity.BLOCK
            and not f.rule.startswith("mof-")
            and (f.clause or "").startswith("MOF 1.0 Class I:")
        ]
    return list(dict.fromkeys(out))


def _min_level(a: Assessment, level: Level) -> Reason:
    if a.level >= level:
        return _reason("min_level", "pass", f"reaches {a.level.name}, at least {level.name}")
    ceiling = getattr(a, "ceiling", None)
    status: Status = "unverified" if ceiling is not None and ceiling >= level else "fail"
    message = f"reaches {a.level.name}, below {level.name}"
    if status == "unverified":
        message += f" (it could reach {ceiling.name} were every unverified fact open)"  # type: ignore[union-attr]
    return _reason("min_level", status, message, _level_findings(a, level))


_ROMAN = {1: "I", 2: "II", 3: "III"}


def _mof(a: Assessment, wanted: int) -> Reason:
    got = a.mof_class
    if got is not None and got <= wanted:
        return _reason("mof_class", "pass", f"MOF Class {_ROMAN[got]}, at least {_ROMAN[wanted]}")
    prefixes = tuple(f"MOF 1.0 Class {_ROMAN[c]}:" for c in range(wanted, 4))
    found = [
        f
        for f in a.findings
        if f.severity is Severity.BLOCK
        and f.rule.startswith("mof-")
        and (f.clause or "").startswith(prefixes)
    ]
    shown = f"Class {_ROMAN[got]}" if got else "no MOF class"
    return _reason("mof_class", "fail", f"{shown}, not Class {_ROMAN[wanted]} or better", found)


# Each flag's rules, so that a reason cites the findings that raised the flag.
_FLAG_RULES: dict[str, frozenset[str]] = {}
for _rule, _entry in CATALOGUE.items():
    if _entry.flag is not None:
        _FLAG_RULES[_entry.flag] = _FLAG_RULES.get(_entry.flag, frozenset()) | {_rule}


def _forbid(a: Assessment, flag: str) -> Reason:
    requirement = f"forbid.{flag}"
    if flag in a.flags:
        rules = _FLAG_RULES.get(flag, frozenset())
        found = [f for f in a.findings if f.rule in rules]
        return _reason(requirement, "fail", f"has {flag}", found)
    if flag in _TERM_ONLY and "unknown-license" in a.flags:
        found = [f for f in a.findings if f.rule in _FLAG_RULES["unknown-license"]]
        message = f"cannot exclude {flag}: a licence is not recognised"
        return _reason(requirement, "unverified", message, found)
    return _reason(requirement, "pass", f"no {flag}")


def _released(a: Assessment) -> dict[str, str | None]:
    """Return each released component's licence text (partly released ones too)."""
    release = a.release
    return {n: release.license_of(n) for n, c in release.components.items() if c.released}


def _matches(license_id: str, patterns: tuple[str, ...]) -> str | None:
    lowered = license_id.lower()
    return next((p for p in patterns if fnmatch.fnmatchcase(lowered, p.lower())), None)


def _license_reasons(a: Assessment, rules: LicenseRules) -> list[Reason]:
    denied: list[str] = []
    outside: list[str] = []
    unknown: list[str] = []
    for name, text in _released(a).items():
        r = resolve_license(text)
        label = f"{COMPONENTS[name].title} ({r.label or 'no licence'})"
        ids = [lic.id for lic in r.licenses]
        whole = (text or "").strip()
        if not r.known:
            unknown.append(label)
        if rules.deny and (
            any(_matches(i, rules.deny) for i in ids) or (whole and _matches(whole, rules.deny))
        ):
            denied.append(label)
        if (
            rules.allow
            and ids
            and not (
                all(_matches(i, rules.allow) for i in ids)
                or (whole and _matches(whole, rules.allow))
            )
        ):
            outside.append(label)
    unknown_findings = [f for f in a.findings if f.rule in _FLAG_RULES.get("unknown-license", ())]
    out: list[Reason] = []
    for key, patterns, bad, verb in (
        ("licenses.deny", rules.deny, denied, "denied"),
        ("licenses.allow", rules.allow, outside, "not allowed"),
    ):
        if not patterns:
            continue
        if bad:
            out.append(_reason(key, "fail", f"{verb}: {', '.join(bad)}"))
        elif unknown:
            message = f"licence not recognised: {', '.join(unknown)}"
            out.append(_reason(key, "unverified", message, unknown_findings))
        else:
            out.append(_reason(key, "pass", f"no licence {verb}"))
    return out


def _component(a: Assessment, name: ComponentName, demand: Demand) -> Reason:
    requirement = f"components.{name}"
    title = COMPONENTS[name].title
    c = a.release.components.get(name)
    found = [f for f in a.findings if f.component == name and f.severity is Severity.BLOCK]
    released = False if c is None else c.released
    status: Status = "fail"
    if released is None:
        message = f"{title}: the source does not say whether it is released"
        status = "unverified"
    elif not released or c is None:
        message = f"{title} is not released"
    elif demand == "released":
        return _reason(requirement, "pass", f"{title} is released")
    elif c.partial:
        message = f"{title} is only partly released"
    else:
        return _licensed(requirement, title, a.release.license_of(name), demand, found)
    return _reason(requirement, status, message, found)


def _licensed(
    requirement: str, title: str, text: str | None, demand: Demand, found: list[Finding]
) -> Reason:
    r = resolve_license(text)
    if not r.known:
        message = f"{title}: licence {r.label!r} not recognised"
        return _reason(requirement, "unverified", message, found)
    ok = r.is_open if demand == "open" else r.is_open and r.osi_approved
    kind = "an open" if demand == "open" else "an OSI-approved"
    if ok:
        return _reason(requirement, "pass", f"{title} is under {kind} licence ({r.label})")
    message = f"{title} is not under {kind} licence ({r.label or 'none'})"
    return _reason(requirement, "fail", message, found)


def _reasons(a: Assessment, policy: Policy) -> list[Reason]:
    out: list[Reason] = []
    if policy.min_level is not None:
        out.append(_min_level(a, policy.min_level))
    out.extend(_require(a, s) for s in policy.require)
    if policy.mof_class is not None:
        out.append(_mof(a, policy.mof_class))
    out.extend(_forbid(a, flag) for flag in policy.forbid)
    out.extend(_license_reasons(a, policy.licenses))
    out.extend(_component(a, n, d) for n, d in policy.components.items())
    return out


def decide(a: Assessment, policy: Policy) -> Decision:
    """Check an assessment against a policy that is already loaded."""
    reasons = tuple(_reasons(a, policy))
    statuses = {r.status for r in reasons}
    status: Status
    if "fail" in statuses:
        status = "fail"
    elif "unverified" in statuses and policy.unverified != "pass":
        status = "unverified"
    else:
        status = "pass"
    passed = status == "pass" or (status == "unverified" and policy.unverified == "warn")
    return Decision(
        status=status,
        passed=passed,
        reasons=reasons,
        policy={"name": policy.name, "sha256": policy.sha256()},
        assessment=a,
    )


def check(
    source: object,
    policy: Policy | Mapping[str, Any] | str | os.PathLike[str],
    *,
    format: str | None = None,  # noqa: A002
) -> Decision:
    """Check a release against a policy.

    :param source: what :func:`score` reads (a path, a mapping, a :class:`Release`), or an
        :class:`Assessment` already made.
    :param policy: a :class:`Policy`, a mapping, a bundled policy's name (``"osaid"``) or a YAML
        or JSON file.
    :param format: force a reader for *source*.
    :raises InvalidPolicyError: when the policy cannot be read.
    :raises InvalidReleaseError: when the release cannot be read.

    >>> d = check({"name": "demo", "access": "open", "license": "Apache-2.0",
    ...            "components": {"model_parameters_final": {}}}, "owd")
    >>> d.passed, [(r.requirement, r.status) for r in d.reasons]
    (True, [('require.owd', 'pass')])
    """
    loaded = load_policy(policy)
    a = source if isinstance(source, Assessment) else score(source, format=format)
    return decide(a, loaded)


# Outputs of ``openness check``: the JSON is :meth:`Decision.to_dict`; the others below.

_MARK = {"pass": "pass", "fail": "FAIL", "unverified": "unverified"}


def _not_passed(d: Decision) -> list[Reason]:
    return [r for r in d.reasons if r.status != "pass"]


def decision_row(d: Decision) -> list[str]:
    """Return a table row: release, policy, status, the requirements not passed."""
    shown = "pass" if d.passed and d.status == "pass" else _MARK[d.status]
    if d.status == "unverified" and d.passed:
        shown = "unverified (warn)"
    missed = ", ".join(f"{r.requirement} {r.status}" for r in _not_passed(d)) or "-"
    return [d.name, d.policy["name"], shown, missed]


def decisions_to_markdown(decisions: Iterable[Decision]) -> str:
    """Return a Markdown report: per release, its status and every reason not passed."""
    lines = ["| release | policy | status | passed |", "|---|---|---|---|"]
    details: list[str] = []
    for d in decisions:
        lines.append(
            f"| {_md(d.name)} | {_md(d.policy['name'])} | {d.status} | "
            f"{'yes' if d.passed else 'no'} |"
        )
        missed = _not_passed(d)
        if missed:
            details.append(f"\n### {_md(d.name)}: {d.status}\n")
            for r in missed:
                clauses = f" ({_md('; '.join(r.clauses))})" if r.clauses else ""
                details.append(f"- **{r.requirement}** {r.status}: {_md(r.message)}{clauses}")
                details.extend(f"  - {_md(f.message)}" for f in r.findings)
    return "\n".join([*lines, *details]) + "\n"


def _reason_text(r: Reason) -> str:
    why = "; ".join(f.message for f in r.findings)
    return f"{r.requirement} {r.status}: {r.message}" + (f" ({why})" if why else "")


def decisions_to_junit(decisions: Iterable[Decision]) -> str:
    """Return a JUnit XML report: a test suite per policy, a test case per requirement."""
    from xml.etree import ElementTree as ET  # noqa: PLC0415 - only JUnit output needs it

    root = ET.Element("testsuites", name="openness check")
    suites: dict[str, ET.Element] = {}
    for d in decisions:
        suite = suites.get(d.policy["name"])
        if suite is None:
            suite = ET.SubElement(root, "testsuite", name=d.policy["name"])
            suite.set("tests", "0")
            suite.set("failures", "0")
            suite.set("skipped", "0")
            suites[d.policy["name"]] = suite
        for r in d.reasons:
            case = ET.SubElement(suite, "testcase", classname=d.name, name=r.requirement)
            suite.set("tests", str(int(suite.get("tests", "0")) + 1))
            counts_as: str = r.status
            if r.status == "unverified":
                counts_as = {"fail": "fail", "warn": "unverified", "pass": "pass"}[
                    _unverified_setting(d)
                ]
            if counts_as == "fail":
                failure = ET.SubElement(case, "failure", message=_reason_text(r), type=r.status)
                failure.text = "\n".join(
                    f"[{f.severity.name}] {f.message} ({f.clause})" for f in r.findings
                )
                suite.set("failures", str(int(suite.get("failures", "0")) + 1))
            elif counts_as == "unverified":
                ET.SubElement(case, "skipped", message=_reason_text(r))
                suite.set("skipped", str(int(suite.get("skipped", "0")) + 1))
    return ET.tostring(root, encoding="unicode", xml_declaration=True) + "\n"


def _unverified_setting(d: Decision) -> str:
    """Return what the decision's policy made of unverified requirements."""
    if d.status == "unverified":
        return "warn" if d.passed else "fail"
    return "pass" if d.passed else "fail"


def decisions_to_sarif(decisions: Iterable[Decision]) -> dict[str, Any]:
    """Return a SARIF 2.1.0 log: one result per requirement not passed, at the release's file."""
    from ._sarif import _Locator, location, sarif_log  # noqa: PLC0415

    rules: dict[str, dict[str, Any]] = {}
    results: list[dict[str, Any]] = []
    for d in decisions:
        where = _Locator(d.assessment)
        for r in _not_passed(d):
            rule_id = f"policy/{r.requirement}"
            fails = r.status == "fail" or not d.passed
            rules.setdefault(
                rule_id,
                {
                    "id": rule_id,
                    "name": "".join(
                        p.capitalize() for p in r.requirement.replace(".", "-").split("-")
                    ),
                    "shortDescription": {"text": f"Policy requirement {r.requirement}"},
                    "defaultConfiguration": {"level": "error"},
                },
            )
            line = where.line(r.findings[0]) if r.findings else 1
            key = "|".join((d.name, d.policy["name"], r.requirement, r.message))
            results.append(
                {
                    "ruleId": rule_id,
                    "level": "error" if fails else "warning",
                    "message": {"text": f"{d.name}: {d.policy['name']}: {_reason_text(r)}"},
                    "locations": location(where.uri(), line),
                    "partialFingerprints": {
                        "opennessPolicy/v1": hashlib.sha256(key.encode()).hexdigest()[:32]
                    },
                    "properties": {
                        "release": d.name,
                        "policy": d.policy["name"],
                        "status": r.status,
                        "clauses": list(r.clauses),
                    },
                }
            )
    return sarif_log(rules, results)
