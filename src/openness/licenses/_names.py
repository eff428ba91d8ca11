"""Licences as people write them: names, ids, addresses and expressions, read by rules.

:func:`read_name` runs before the classifier (:func:`openness.identify_license`) and before the
classifier's fallback in :func:`openness._resolve.resolve_license`. It answers only where a rule
is certain and says nothing otherwise:

- an id, alias or name of the knowledge base, written with any spacing, case, punctuation or
  filler word ("GNU GPL version 3", "Apache License v2.0", "CC_BY_NC_SA_4.0", "llama-3.3 license");
- a licence steward's address, whatever the scheme, ``www.``, query, trailing slash, file suffix,
  ``legalcode`` or language part (apache.org, gnu.org, opensource.org, spdx.org,
  creativecommons.org, opendatacommons.org, choosealicense.com and every address the knowledge
  base names: llama.com, ai.google.dev/gemma, falconllm.tii.ae, cohere.com...);
- an address of a file in a repository (GitHub, GitLab, the Hugging Face Hub): its words name a
  repository, not a licence, so it is reported as such and never classified;
- parts joined by ``+``, ``and`` or ``with`` (a licence and a usage policy): an AND of the parts,
  when every part is known.

:func:`openness._typos.nearest` gives the known ids a mistyped one is nearest to ("Apach-2.0" ->
Apache-2.0); a suggestion is never taken as the licence. A deprecated SPDX id reads as its
successor (:func:`successor`): ``agpl-3.0`` names AGPL-3.0-only, as SPDX says.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ._kb import get_license, known_keys, lookup_license

if TYPE_CHECKING:
    from ._kb import License

__all__ = [
    "NameHit",
    "name_key",
    "read_name",
    "read_title",
    "repository_file",
    "successor",
    "successor_key",
    "url_key",
    "version_conflict",
    "versions",
]

_QUOTES = str.maketrans(
    {"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"', "\u2013": "-", "\u2014": "-"}
)
# Phrases that name one thing in several ways, each replaced by its short form. Applied in order
# to the lower-cased name, before it is cut into tokens.
_PHRASES: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(pattern), short)
    for pattern, short in (
        (r"\blicen[cs]e[sd]?\b", " license "),
        (r"\bgnu\b", " "),
        (r"\b(?:lesser|library) general public\b", " lgpl "),
        (r"\baffero general public\b", " agpl "),
        (r"\bgeneral public\b", " gpl "),
        (r"\bfree documentation\b", " fdl "),
        (r"\bmozilla public\b", " mpl "),
        (r"\beclipse public\b", " epl "),
        (r"\bcreative commons\b", " cc "),
        (r"\bcc[-_ ]?zero\b", " cc 0 "),
        (r"\battribution\b", " by "),
        (r"\bnon[-_ ]?commercial\b", " nc "),
        (r"\bshare[-_ ]?alike\b", " sa "),
        (r"\bno[-_ ]?deriv(?:ative)?s?\b", " nd "),
        (r"\bopen database\b", " odbl "),
        (r"\bopen data commons\b", " odc "),
        (r"\bapache software\b", " apache "),
        (r"\bmeta llama\b", " llama "),
        (r"\b(\d+(?:\.\d+)*)\s*\+", r" \1 or later "),
        (r"\bor[-_ ]later\b", " or later "),
        (r"(?<=[a-z])v(?=\d)", " "),  # GPLv3, LGPLv2.1
    )
)
# Words that do not tell one licence from another in a name.
_FILLER = frozenset(
    {"the", "license", "agreement", "version", "ver", "v", "international", "community", "of"}
)
_LETTER_DIGIT = re.compile(r"(?<=[a-z])(?=\d)|(?<=\d)(?=[a-z])")
_TOKEN = re.compile(r"\d+(?:\.\d+)*|[a-z]+|[^\W\d_a-z]+")
_TRAILING_ZERO = re.compile(r"(?:\.0)+$")
_PAREN = re.compile(r"\s*[(\[]([^()\[\]]*)[)\]]\s*")


def name_key(name: str) -> str:
    """Return the key two spellings of one licence's name share.

    Case, punctuation, letter-digit joins, a version's trailing ``.0`` and filler words go;
    phrases with a usual short form take it ("General Public" -> ``gpl``).

    >>> name_key("GNU General Public License, Version 3.0")
    'gpl 3'
    >>> name_key("LGPLv2.1") == name_key("GNU Lesser General Public License v2.1")
    True
    >>> name_key("Meta Llama 3.3 Community License")
    'llama 3.3'
    """
    text = unicodedata.normalize("NFKC", name).translate(_QUOTES).lower()
    for pattern, short in _PHRASES:
        text = pattern.sub(short, text)
    text = _LETTER_DIGIT.sub(" ", text)
    out: list[str] = []
    for token in _TOKEN.findall(text):
        word = _TRAILING_ZERO.sub("", token) if token[0].isdigit() else token
        if word in _FILLER or (out and out[-1] == word):
            continue
        out.append(word)
    return " ".join(out)


# ---------------------------------------------------------------------------------------------
# Deprecated ids
# ---------------------------------------------------------------------------------------------


def successor_key(key: str) -> str | None:
    """Return the knowledge-base key of the live id that replaces deprecated *key*, if any.

    SPDX deprecated its bare GNU ids: ``GPL-3.0`` is ``GPL-3.0-only``, ``GPL-3.0+`` is
    ``GPL-3.0-or-later`` (SPDX License List 3.0). Another deprecated id has no successor here.

    >>> successor_key("agpl-3.0"), successor_key("gpl-2.0+"), successor_key("nunit")
    ('agpl-3.0-only', 'gpl-2.0-or-later', None)
    """
    _, deprecated = known_keys()
    if key not in deprecated:
        return key
    live = f"{key[:-1]}-or-later" if key.endswith("+") else f"{key}-only"
    lic = lookup_license(live)
    return lic.id.lower() if lic is not None and not lic.deprecated else None


def successor(lic: License) -> License:
    """Return the live licence that replaces *lic* when it is a deprecated SPDX id, else *lic*.

    >>> successor(get_license("AGPL-3.0")).id
    'AGPL-3.0-only'
    """
    if not lic.deprecated:
        return lic
    key = successor_key(lic.id.lower())
    return get_license(key) if key is not None else lic


# ---------------------------------------------------------------------------------------------
# Addresses
# ---------------------------------------------------------------------------------------------

_SCHEME = re.compile(r"^[a-z][a-z0-9+.\-]*://")
_SUFFIX = re.compile(r"(?:\.(?:txt|html?|md|markdown|php|json|rdf|xml|pdf))+$")
# The legal code, a deed or a translation of the same licence: the licence is the same.
_CC_TAIL = re.compile(r"/(?:legalcode|deed)(?:\.[a-z]{2,3}(?:[-_][a-z0-9]{2,4})?)?$")
_LANG_SUFFIX = re.compile(r"(?<=[a-z0-9])\.[a-z]{2}(?:[-_][a-z]{2})?$")
_HOSTS = {"llama.meta.com": "llama.com"}


def url_key(address: str) -> str | None:
    """Return an address without scheme, ``www.``, query, fragment, suffix or trailing slash.

    ``None`` when *address* is not an address.

    >>> url_key("HTTP://www.apache.org/licenses/LICENSE-2.0.txt")
    'apache.org/licenses/license-2.0'
    >>> url_key("https://creativecommons.org/licenses/by-nc/4.0/legalcode.fr")
    'creativecommons.org/licenses/by-nc/4.0'
    >>> url_key("Apache 2") is None
    True
    """
    text = address.strip().lower()
    has_scheme = _SCHEME.match(text) is not None
    if not has_scheme and not text.startswith("www."):
        return None
    text = _SCHEME.sub("", text)
    text = text.removeprefix("www.")
    text = re.split(r"[?#]", text, maxsplit=1)[0].rstrip("/")
    if " " in text or "." not in text.partition("/")[0]:
        return None
    text = _SUFFIX.sub("", text).rstrip("/")
    if "/" in text:
        text = _LANG_SUFFIX.sub("", text)  # gpl-3.0.en.html: a translation of the same page
    if text.startswith("creativecommons.org/"):
        text = _CC_TAIL.sub("", text).rstrip("/")
    host, _, path = text.partition("/")
    host = _HOSTS.get(host, host)
    return f"{host}/{path}" if path else host


_REPO_FILE = (
    # github.com/<owner>/<repo>/blob|raw|blame|tree/<ref>/<path>, and the repository page itself
    re.compile(r"^github\.com/[^/]+/[^/]+(?:/(?:blob|raw|blame|tree)/.+)?$"),
    re.compile(r"^raw\.githubusercontent\.com/[^/]+/[^/]+/.+$"),
    re.compile(r"^gitlab\.com/.+/-/(?:blob|raw|tree)/.+$"),
    re.compile(r"^gitee\.com/[^/]+/[^/]+/(?:blob|raw)/.+$"),
    # huggingface.co/[datasets|spaces/]<owner>/<repo>/blob|raw|resolve/<ref>/<path>
    re.compile(
        r"^(?:hf\.co|huggingface\.co)/(?:(?:datasets|spaces)/)?[^/]+/[^/]+/(?:blob|raw|resolve)/.+$"
    ),
)
# choosealicense.com's licence texts, a collection whose file names are licence ids.
_CHOOSEALICENSE_FILE = re.compile(
    r"^(?:github\.com/github/choosealicense\.com/blob/[^/]+/_licenses|"
    r"huggingface\.co/datasets/choosealicense/licenses/(?:blob|raw|resolve)/[^/]+/markdown)"
    r"/([a-z0-9.\-]+)$"
)


def repository_file(address: str) -> bool:
    """Whether *address* points at a file (or the page) of a code or model repository.

    Such an address names a repository, not a licence; only the file's text can tell.

    >>> repository_file("https://huggingface.co/Qwen/Qwen3-8B/blob/main/LICENSE")
    True
    >>> repository_file("https://www.apache.org/licenses/LICENSE-2.0")
    False
    """
    text = address.strip().lower()
    if not _SCHEME.match(text) and not text.startswith("www."):
        return False
    text = re.split(r"[?#]", _SCHEME.sub("", text).removeprefix("www."), maxsplit=1)[0]
    text = text.rstrip("/")
    return any(p.match(text) for p in _REPO_FILE)


_CC = re.compile(
    r"^creativecommons\.org/(?:licenses/([a-z\-]+)/(\d\.\d)(?:/([a-z]{2}(?:-[a-z]{2})?))?"
    r"|publicdomain/zero/(1\.0))$"
)
_ODC = {"odbl": "ODbL", "by": "ODC-By", "pddl": "PDDL", "dbcl": "DbCL"}


def _steward(key: str) -> License | None:
    """Return the licence a steward's address pattern names (those the tables do not list)."""
    host, _, path = key.partition("/")
    found: str | None = None
    if host == "creativecommons.org":
        m = _CC.match(key)
        if m is None:
            return None
        if m.group(4):
            return lookup_license("CC0-1.0")
        parts, version, port = m.group(1), m.group(2), m.group(3)
        found = f"CC-{parts.upper()}-{version}" + (f"-{port.upper()}" if port else "")
    elif host == "apache.org":
        m = re.fullmatch(r"licenses/license-(\d\.\d)", path)
        found = f"Apache-{m.group(1)}" if m else None
    elif host == "gnu.org":
        m = re.fullmatch(r"licenses/(?:old-licenses/)?(a?gpl|lgpl|fdl)(?:-(\d\.\d))?", path)
        if m and m.group(2):
            name = "GFDL" if m.group(1) == "fdl" else m.group(1).upper()
            found = f"{name}-{m.group(2)}-only"
        elif m:
            found = m.group(1)  # The Hub's family ids: gpl, lgpl, agpl.
    elif host in {"opensource.org", "spdx.org", "choosealicense.com"}:
        m = re.fullmatch(r"licenses?/([^/]+)", path)
        # opensource.org writes versions with hyphens (apache-2-0).
        found = re.sub(r"(?<=\d)-(?=\d)", ".", m.group(1)) if m else None
    elif host == "opendatacommons.org":
        m = re.fullmatch(r"licenses/(odbl|by|pddl|dbcl)(?:/(\d\.\d))?(?:/.*)?", path)
        found = f"{_ODC[m.group(1)]}-{m.group(2) or '1.0'}" if m else None
    else:
        m = _CHOOSEALICENSE_FILE.match(key)
        found = m.group(1) if m else None
    return lookup_license(found) if found else None


# ---------------------------------------------------------------------------------------------
# Tables derived from the knowledge base
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Tables:
    names: dict[str, str]
    """name_key -> licence key, where the key names one licence (or one that is not deprecated)."""
    urls: dict[str, str]
    """url_key -> licence key, likewise."""


def _unique(found: dict[str, set[str]], deprecated: set[str]) -> dict[str, str]:
    out: dict[str, str] = {}
    for key, targets in found.items():
        live = targets - deprecated
        if key and (len(targets) == 1 or len(live) == 1):
            out[key] = next(iter(targets if len(targets) == 1 else live))
    return out


@functools.cache
def _tables() -> _Tables:
    keys, deprecated = known_keys()
    names: dict[str, set[str]] = {}
    urls: dict[str, set[str]] = {}
    for alias, target in keys.items():
        url = url_key(f"https://{alias}") if "/" in alias and " " not in alias else None
        if url is not None and "." in alias.partition("/")[0]:
            urls.setdefault(url, set()).add(target)
        else:
            names.setdefault(name_key(alias), set()).add(target)
    return _Tables(_unique(names, deprecated), _unique(urls, deprecated))


# ---------------------------------------------------------------------------------------------
# Reading a name
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class NameHit:
    """What the rules read in a licence name."""

    kind: str
    """``id`` (an id, alias or name), ``url`` (a steward's address), ``expression`` (an AND of
    known parts) or ``repository-file`` (an address of a file in a repository: no licence)."""
    licenses: tuple[License, ...] = ()
    """The licence, or every part of an expression; empty for a repository file."""
    reason: str = ""
    """One sentence saying what was read."""

    @property
    def expression(self) -> str:
        """The licences as an SPDX-style expression (parts joined by ``AND``)."""
        return " AND ".join(lic.id for lic in self.licenses)


_VERSIONED = re.compile(r"\d")
_JOINS = re.compile(r"\s+(?:\+|&|and|with|plus)\s+|\s*\+\s*(?=[A-Za-z])", re.IGNORECASE)
_MAX_NAME = 300


def _by_name(key: str) -> License | None:
    """Return the licence a name key names, if it names one."""
    names = _tables().names
    target = names.get(key)
    if target is not None:
        return successor(get_license(target))
    # "FAIR Noncommercial Research License v1": the first version of a licence whose id and name
    # carry no version is that licence.
    first = names.get(key[:-2]) if key.endswith(" 1") else None
    lic = get_license(first) if first is not None else None
    return lic if lic is not None and not _VERSIONED.search(f"{lic.id} {lic.name}") else None


def _one(text: str) -> tuple[License, str] | None:
    """Return the licence *text* names by id, name or address, and how (``id`` or ``url``)."""
    lic = lookup_license(text)
    if lic is not None:
        return successor(lic), "id"
    url = url_key(text)
    if url is not None:
        if repository_file(text) and not _CHOOSEALICENSE_FILE.match(url):
            return None
        target = _tables().urls.get(url)
        lic = get_license(target) if target else _steward(url)
        return (successor(lic), "url") if lic is not None else None
    tables = _tables()
    lic = _by_name(name_key(text))
    if lic is not None:
        return lic, "id"
    # "Open Database License (ODbL)": the name and its short form, if they agree.
    if _PAREN.search(text):
        outside = _PAREN.sub(" ", text).strip()
        inside = [m.group(1) for m in _PAREN.finditer(text)]
        found = {t for t in (tables.names.get(name_key(s)) for s in [outside, *inside]) if t}
        if len(found) == 1:
            return successor(get_license(found.pop())), "id"
    return None


def read_name(text: str) -> NameHit | None:
    """Read a licence name, id, address or ``+``/``and``/``with`` expression by rules.

    ``None`` when no rule is certain (the classifier may still try).

    >>> read_name("GNU GPL v3").licenses[0].id
    'GPL-3.0-only'
    >>> read_name("https://creativecommons.org/licenses/by-sa/4.0/").licenses[0].id
    'CC-BY-SA-4.0'
    >>> read_name("https://github.com/openai/whisper/blob/main/LICENSE").kind
    'repository-file'
    """
    text = text.strip()
    if not text or len(text) > _MAX_NAME or "\n" in text:
        return None
    found = _one(text)
    if found is not None:
        lic, how = found
        return NameHit(how, (lic,), f"{text!r} names {lic.id}")
    if repository_file(text):
        return NameHit(
            "repository-file",
            (),
            f"{text} is a file in a repository: its licence is the file's text, not the address",
        )
    parts = [p.strip() for p in _JOINS.split(text) if p.strip()]
    if len(parts) > 1:
        licenses: dict[str, License] = {}
        for part in parts:
            one = _one(part)
            if one is None:
                return None
            licenses[one[0].id] = one[0]
        hit = NameHit("expression", tuple(licenses.values()))
        return NameHit("expression", hit.licenses, f"{text!r} names {hit.expression}")
    return None


# ---------------------------------------------------------------------------------------------
# Versions
# ---------------------------------------------------------------------------------------------

# A version: digits, dotted or not, not followed by a letter ("11B" and "72B" are sizes) and not
# a year; "v2", "version 2.0" and "3.1" alike. Trailing ".0" go: "2.0" and "2" are one version.
_SIZE = re.compile(r"(?<![\w.])\d+(?:\.\d+)?[bmkt]\b", re.IGNORECASE)  # 11B, 1.5b: a model's size
_VERSION = re.compile(r"(?<![\d.])(\d{1,3}(?:\.\d+)*)(?![\d.]*[a-z\d])", re.IGNORECASE)


def versions(text: str) -> frozenset[str]:
    """Return the version numbers written in a licence name.

    >>> sorted(versions("FLUX [dev] Non-Commercial License v2.0"))
    ['2']
    >>> sorted(versions("Falcon 2 11B TII License, 2024"))
    ['2']
    """
    lower = unicodedata.normalize("NFKC", text).lower().replace("_", " ")
    lower = _LETTER_DIGIT.sub(" ", _SIZE.sub(" ", lower))
    return frozenset(_TRAILING_ZERO.sub("", m.group(1)) for m in _VERSION.finditer(lower))


@functools.cache
def _licence_versions() -> dict[str, frozenset[str]]:
    """Licence key -> every version number its id, names, aliases and addresses carry."""
    keys, _ = known_keys()
    found: dict[str, set[str]] = {}
    for alias, target in keys.items():
        found.setdefault(target, set()).update(versions(alias))
    return {k: frozenset(v) for k, v in found.items()}


def version_conflict(text: str, lic: License) -> bool:
    """Whether *text* writes versions and *lic* is known by none of them.

    "FLUX [dev] Non-Commercial License v2.0" is not the FLUX.1 [dev] licence, however alike the
    words: a model's answer is not taken when the version it was given is not the licence's.

    >>> version_conflict("FLUX [dev] Non-Commercial License v2.0",
    ...                  get_license("LicenseRef-scancode-flux-1-nc"))
    True
    >>> version_conflict("Llama 3.1 community licence", get_license("llama3.1"))
    False
    """
    written = versions(text)
    return bool(written) and not written & _licence_versions().get(lic.id.lower(), frozenset())


# ---------------------------------------------------------------------------------------------
# Titles of licences quoted in a card, a README or a comment
# ---------------------------------------------------------------------------------------------

# The CC legal code's title line: "Attribution-NonCommercial-ShareAlike 4.0 International", or
# its first line "Creative Commons Attribution-NonCommercial 4.0 International Public License",
# possibly behind comment or markdown marks.
_CC_TITLE = re.compile(
    r"^[\s#*>/;|\-]*(?:creative\s+commons\s+)?(attribution(?:-noncommercial)?"
    r"(?:-sharealike|-noderivatives|-noderivs)?)\s+(\d\.\d)\s+(international|unported|generic)"
    r"(?:\s+public\s+licen[cs]e)?[\s*#:]*$",
    re.IGNORECASE | re.MULTILINE,
)
# Clauses only the CC legal code has: without one, a title line is just a mention.
_CC_CLAUSE = re.compile(
    r"creative commons corporation|licensed material|licensed rights|public licen[cs]es?\b.{0,40}"
    r"(?:irrevocable|terms and conditions)",
    re.IGNORECASE | re.DOTALL,
)
_CC_PARTS = {"noncommercial": "NC", "sharealike": "SA", "noderivatives": "ND", "noderivs": "ND"}


def read_title(text: str) -> License | None:
    r"""Return the Creative Commons licence a quoted legal code's title line names.

    The CC 4.0 legal codes open with the same preamble; the title line tells them apart. Only a
    text that also has a clause of the legal code counts, and only one licence's title.

    >>> read_title("Attribution-NonCommercial 4.0 International\n\nThe Licensed Material ...").id
    'CC-BY-NC-4.0'
    >>> read_title("Licensed under Attribution 4.0 International.") is None
    True
    """
    found: set[str] = set()
    for m in _CC_TITLE.finditer(text[:200_000]):
        words = m.group(1).lower().split("-")[1:]
        parts = "".join(f"-{_CC_PARTS[w]}" for w in words)
        found.add(f"CC-BY{parts}-{m.group(2)}")
    if len(found) != 1 or _CC_CLAUSE.search(text[:200_000]) is None:
        return None
    return lookup_license(found.pop())
