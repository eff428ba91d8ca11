"""Hugging Face Hub ids → a release: the model card, licence files and ``model_info``.

``hf:org/name``, ``hf://org/name`` or ``https://huggingface.co/org/name``, each with an optional
``@revision``. Needs the ``hub`` extra (``pip install 'openness[hub]'``: ``huggingface_hub``),
whose client, cache and token handling are used as they are: the token comes from
huggingface_hub's usual places (``HF_TOKEN``, the saved login) and openness never reads, prints
or records it.

What is read, for one assessment (a :class:`_Session` shares the client, the limits and the audit
trail between the model and everything read for it):

- ``model_info`` (the commit a revision resolves to, gating, ``disabled``, the files, the
  parameter count, the Hub's ``base_model:<relation>:`` tags), then the card (``README.md``) and
  the repository's ``LICENSE*``, ``LICENSE-MODEL`` and ``USE_POLICY*`` files, downloaded into the
  Hugging Face cache and read as a model folder (:mod:`openness._folder`: licence files as text);
- the base models the card names that openness does not know (``base_model``): each read from the
  Hub the same way, when the judge asks (``Source.resolve_base``), at most :data:`MAX_HUB_BASES`;
- the dataset cards the card links (``datasets``): each ``README.md`` of the dataset repository,
  whose ``license`` (``license_name`` for ``other``) is the evidence for the datasets' licence, at
  most :data:`MAX_HUB_DATASETS`;
- a licence written as a repository file's address (a Hub ``blob/<rev>/LICENSE``, a GitHub
  ``blob/<rev>/LICENSE``): the file is fetched and classified as text (:func:`fetch_license`), at
  most :data:`MAX_LICENSE_LINKS`.

Every file read is recorded in the source's documents (the audit trail) with its repository, the
commit it resolved to and its SHA-256. With ``HF_HUB_OFFLINE=1`` the cached snapshots are read;
what only the network can tell (gating, the files not downloaded, a GitHub file) is then
unverified, never guessed. Every failure of the model itself (no such model, a gated repository,
a rate limit, the network) is one :class:`HubError` line; a base, a dataset or a licence file that
cannot be read leaves what it would have proven unverified, with a finding naming it.
"""

from __future__ import annotations

import functools
import hashlib
import importlib
import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from openness._findings import Finding, Severity
from openness._schema import Release
from openness.errors import InvalidReleaseError
from openness.licenses._names import repository_file

if TYPE_CHECKING:
    from openness.licenses._resolve import Resolution

    from ._core import Source

__all__ = [
    "MAX_HUB_BASES",
    "MAX_HUB_DATASETS",
    "MAX_LICENSE_LINKS",
    "HubError",
    "fetch_license",
    "parse_hub_id",
    "read_hub",
]

MAX_HUB_BASES = 8
"""The most base models read from the Hub for one assessment (a chain, a merge's parents)."""
MAX_HUB_DATASETS = 8
"""The most dataset cards read from the Hub for one assessment."""
MAX_LICENSE_LINKS = 4
"""The most licence files fetched by address for one assessment."""
MAX_LICENSE_BYTES = 1024 * 1024
"""The largest licence file fetched (a licence text is tens of kilobytes)."""
MAX_CARD_BYTES = 10 * 1024 * 1024
"""The largest card downloaded (the readers' limit on a document)."""
TIMEOUT = 10.0
"""Seconds a GitHub request may take."""

_ID = re.compile(
    r"^(?:hf://|hf:|https?://(?:www\.)?huggingface\.co/)"
    r"(?P<repo>[A-Za-z0-9][\w.-]{0,95}(?:/[A-Za-z0-9][\w.-]{0,95})?)"
    r"(?:/(?:tree|blob|resolve)/(?P<tree>[\w.\-/%]+?))?/?(?:@(?P<rev>[\w.\-/%]+))?$",
    re.IGNORECASE,
)
# A base written as a bare Hub id (org/name, with an optional @revision), as cards write them.
_BARE_ID = re.compile(r"^[A-Za-z0-9][\w.-]{0,95}/[A-Za-z0-9][\w.-]{0,95}(?:@[\w.\-/%]{1,200})?$")
# A dataset id: org/name, or a legacy name without an organisation.
_DATASET_ID = re.compile(r"^[A-Za-z0-9][\w.-]{0,95}(?:/[A-Za-z0-9][\w.-]{0,95})?$")
_LICENSE_FILE = re.compile(
    r"^(?:LICEN[CS]E|COPYING|MODEL[-_]LICEN[CS]E|USE[-_]POLICY)[\w.-]*$", re.IGNORECASE
)
_MAX_FILES = 8
_GATING = {"auto": "registration", "manual": "on_request"}
# The Hub's tags for a model's tree: base_model:<relation>:<org/name>.
_RELATION_TAG = re.compile(r"^base_model:(adapter|quantized|finetune|merge|distillation):")
# What a card's licence says when it names none: its license_link or license_name decides.
_UNSTATED = {"", "other", "unknown", "noassertion"}


class HubError(InvalidReleaseError):
    """Raised when a Hub model cannot be read: not found, gated, rate-limited, offline..."""


class _TooLargeError(Exception):
    """A file on the Hub is larger than what openness reads of its kind."""


def parse_hub_id(text: str) -> tuple[str, str | None]:
    """Return (repository id, revision) of a Hub id.

    >>> parse_hub_id("hf:allenai/OLMo-2-1124-7B@stage1")
    ('allenai/OLMo-2-1124-7B', 'stage1')
    >>> parse_hub_id("https://huggingface.co/mistralai/Mistral-7B-v0.1/tree/main")
    ('mistralai/Mistral-7B-v0.1', 'main')
    """
    m = _ID.match(text.strip())
    if m is None:
        raise HubError(text, "", "not a Hugging Face Hub id: expected hf:org/name[@revision]")
    return m.group("repo"), m.group("rev") or m.group("tree")


def _client() -> Any:
    try:
        return importlib.import_module("huggingface_hub")
    except ImportError:
        raise HubError(
            "<hub>",
            "",
            "reading Hugging Face Hub ids needs the hub extra: pip install 'openness[hub]'",
        ) from None


def _problem(e: Exception, repo: str, kind: str = "model") -> str:  # noqa: PLR0911 - one line each
    """One line for a failure of the client, naming what went wrong, never the token."""
    errors = importlib.import_module("huggingface_hub.errors")
    status = getattr(getattr(e, "response", None), "status_code", None)
    if isinstance(e, _TooLargeError):
        return f"{repo}: {e}"
    if isinstance(e, errors.GatedRepoError) or status in {401, 403}:
        return (
            f"{repo} is gated ({status or 'access refused'}): accept its terms on the Hub and "
            "log in (hf auth login, or HF_TOKEN)"
        )
    if isinstance(e, errors.RevisionNotFoundError):
        return f"{repo}: no such revision on the Hub"
    if isinstance(e, errors.RepositoryNotFoundError) or status == 404:
        return f"{repo}: no such {kind} on the Hub (or it is private)"
    if isinstance(e, errors.DisabledRepoError):
        return f"{repo}: the repository is disabled on the Hub"
    if status == 429:
        return f"{repo}: the Hub's rate limit was reached (429): try again later"
    if isinstance(e, errors.OfflineModeIsEnabled | errors.LocalEntryNotFoundError):
        return f"{repo}: not in the Hugging Face cache, and offline (HF_HUB_OFFLINE)"
    if status is not None:
        return f"{repo}: the Hub answered HTTP {status}"
    return f"{repo}: cannot reach the Hub ({type(e).__name__})"


def _offline() -> bool:
    return os.environ.get("HF_HUB_OFFLINE", "").strip().lower() in {"1", "true", "yes", "on"}


@dataclass(slots=True)
class _Session:
    """What one assessment reads from the Hub: the client, the limits and the audit trail."""

    hub: Any
    offline: bool
    trail: list[dict[str, Any]] | None = None
    """The first model's documents: what is read for its bases is recorded there too."""
    bases: int = 0
    datasets: int = 0
    links: int = 0
    read: dict[str, tuple[Release, Source]] = field(default_factory=dict)
    """The bases read, by repository and revision: a merge naming one twice reads it once."""

    def record(self, documents: list[dict[str, Any]], read_for: str) -> None:
        """Add *documents* (read for a base model) to the assessment's audit trail."""
        if self.trail is not None and documents is not self.trail:
            self.trail.extend(
                d if "read_for" in d else d | {"read_for": read_for} for d in documents
            )


def _download(session: _Session, repo: str, file: str, *, limit: int, **where: Any) -> Path:
    """Download *file* of *repo* into the cache (offline: find it there), at most *limit* bytes.

    Online, the file's size is asked first (a ``HEAD``): a larger file is never downloaded.
    """
    hub = session.hub
    if not session.offline:
        url = hub.hf_hub_url(repo, file, **where)
        size = getattr(hub.get_hf_file_metadata(url), "size", None)
        if size is not None and size > limit:
            msg = f"{file} is larger than {limit:,} bytes: not read"
            raise _TooLargeError(msg)
    path = Path(hub.hf_hub_download(repo, file, local_files_only=session.offline, **where))
    if path.stat().st_size > limit:
        msg = f"{file} is larger than {limit:,} bytes: not read"
        raise _TooLargeError(msg)
    return path


def _head(path: Path, limit: int) -> bytes:
    """Return at most *limit* + 1 bytes of the file at *path* (never the whole of a large one)."""
    with path.open("rb") as f:
        return f.read(limit + 1)


def read_hub(text: str) -> tuple[Release, Source]:
    """Read the Hub model *text* names (``hf:org/name[@revision]``).

    :raises HubError: when the hub extra is missing or the model cannot be read.
    """
    repo, revision = parse_hub_id(text)
    session = _Session(_client(), _offline())
    return _read_guarded(session, repo, revision, text.strip())


def _read_guarded(
    session: _Session, repo: str, revision: str | None, name: str
) -> tuple[Release, Source]:
    try:
        return _read(session, repo, revision, name)
    except HubError:
        raise
    except Exception as e:  # noqa: BLE001 - the client's and its transport's errors alike
        # Whatever the client raises (HTTP, timeouts, the transport's own errors) is one line.
        raise HubError(name, "", _problem(e, repo)) from None


def _read(session: _Session, repo: str, revision: str | None, name: str) -> tuple[Release, Source]:
    from ._folder import read_folder, weight_files  # noqa: PLC0415

    findings: list[Finding] = []
    info = None
    if session.offline:
        files: list[str] | None = None
        findings.append(
            Finding(
                "hub-offline",
                Severity.INFO,
                "Read offline from the Hugging Face cache (HF_HUB_OFFLINE): gating and the "
                "repository's files were not checked on the Hub (unverified).",
                component="model_parameters_final",
            )
        )
    else:
        info = session.hub.HfApi().model_info(repo, revision=revision)
        files = [s.rfilename for s in info.siblings or []]
    readme = _download_files(session, repo, revision, files, findings)
    folder = readme.parent
    commit = folder.name
    release, source = read_folder(folder, name, repo=(repo, commit))
    source.format = "hf-hub"
    source.findings.extend(findings)
    if session.trail is None:
        session.trail = source.documents
    source.resolve_base = functools.partial(_resolve_base, session, source)
    meta = _front_matter(readme)
    if info is not None:
        release = _with_info(release, source, info, weight_files(files or []))
    release = _with_datasets(session, release, source, meta)
    return _with_license_links(session, release, source, meta, repo), source


def _download_files(
    session: _Session,
    repo: str,
    revision: str | None,
    files: list[str] | None,
    findings: list[Finding],
) -> Path:
    """Download the card and the licence files into the cache; return the card's path.

    *files* are the repository's files (``None`` offline: the usual licence file names are looked
    for in the cache). A licence file behind the gate or too large is a finding, not an error.
    """
    wanted = ["README.md"]
    if files is not None:
        wanted += [f for f in files if "/" not in f and _LICENSE_FILE.match(f)][:_MAX_FILES]
    else:
        wanted += ["LICENSE", "LICENSE.md", "LICENSE.txt", "LICENSE-MODEL", "USE_POLICY.md"]
    errors = importlib.import_module("huggingface_hub.errors")
    # Downloaded by the revision asked for, so that the cache records the reference (main, a
    # branch) and works offline by it; the snapshot's folder is the commit it resolved to.
    readme = _download(session, repo, "README.md", limit=MAX_CARD_BYTES, revision=revision)
    for file in wanted[1:]:
        try:
            _download(session, repo, file, limit=MAX_LICENSE_BYTES, revision=revision)
        except errors.GatedRepoError:
            findings.append(
                Finding(
                    "hub-file-gated",
                    Severity.INFO,
                    f"{file} is behind the repository's gate: not read (unverified).",
                    license=file,
                )
            )
        except _TooLargeError as e:
            findings.append(
                Finding("hub-file-too-large", Severity.INFO, f"{e} (unverified).", license=file)
            )
        except (errors.EntryNotFoundError, errors.LocalEntryNotFoundError):
            continue  # Offline: the licence file names tried that were never cached.
    return readme


def _front_matter(card: Path) -> dict[str, Any]:
    """Return a card's front matter, parsed safely (``{}`` when it has none that parses)."""
    from ._hfcard import split_card  # noqa: PLC0415

    try:
        text = _head(card, MAX_CARD_BYTES).decode("utf-8", "replace")
        meta, _, _ = split_card(text, card.name)
    except (OSError, ValueError):
        return {}
    return meta if isinstance(meta, dict) else {}


def _updated(
    release: Release, top: dict[str, Any], components: dict[str, dict[str, Any]] | None = None
) -> Release:
    """Return *release* with the fields *top* sets and the components' fields *components* sets."""
    merged = release.model_dump(exclude_unset=True) | top
    if components:
        comps: dict[str, dict[str, Any]] = {
            k: v.model_dump(exclude_unset=True) for k, v in release.components.items()
        }
        for name, fields in components.items():
            comps[name] = comps.get(name, {}) | fields
        merged["components"] = comps
    return Release.model_validate(merged)


def _with_info(release: Release, source: Source, info: Any, weights: list[str]) -> Release:
    """Add what ``model_info`` shows: gating, disabled, the weight files, the parameter count.

    And how the model derives from its base, when its card does not say: the Hub's
    ``base_model:<relation>:`` tags, an ``adapter_config.json``, weights that are all GGUF.
    """
    update: dict[str, Any] = {}
    components: dict[str, dict[str, Any]] = {}
    gated = info.gated
    access = _GATING.get(str(gated).lower(), "open") if gated is not None else None
    if access is not None:
        update["access"] = access
        source.findings.append(
            Finding(
                "hub-gating",
                Severity.INFO,
                f"The Hub gates the repository: gated={str(gated).lower()} → access {access}.",
                component="model_parameters_final",
            )
        )
    if getattr(info, "disabled", False):
        source.findings.append(
            Finding(
                "hub-disabled",
                Severity.WARN,
                "The repository is disabled on the Hub: its files cannot be downloaded.",
                component="model_parameters_final",
            )
        )
        update["access"] = "none"
    weights_entry = release.components.get("model_parameters_final")
    if weights and weights_entry is not None:
        params = getattr(getattr(info, "safetensors", None), "total", None)
        shown = ", ".join(weights[:5]) + (
            f" and {len(weights) - 5} more" if len(weights) > 5 else ""
        )
        note = f"weight files in the repository: {shown}"
        if params:
            note += f"; {params:,} parameters"
        components["model_parameters_final"] = {"notes": note}
        source.findings[:] = [f for f in source.findings if f.rule != "folder-no-weights"]
        source.findings.append(
            Finding(
                "folder-weights",
                Severity.INFO,
                f"Weight files in the repository ({shown}): evidence that the weights are "
                "released.",
                component="model_parameters_final",
            )
        )
    if release.base_model and release.base_model_relation is None:
        relation = _relation(info, weights)
        if relation is not None:
            update["base_model_relation"] = relation
            if relation == "adapter" and weights_entry is not None and not weights_entry.partial:
                # As the card reader marks an adapter: part of the weights, usable with its base.
                note = f"an adapter: usable only with {', '.join(release.base_model)}"
                old = components.get("model_parameters_final", {}).get("notes")
                components["model_parameters_final"] = {
                    "partial": True,
                    "notes": f"{note}; {old}" if old else note,
                }
    return _updated(release, update, components) if update or components else release


def _relation(info: Any, weights: list[str]) -> str | None:
    """How a model derives from its base, as the Hub or its files show it."""
    for tag in getattr(info, "tags", None) or []:
        m = _RELATION_TAG.match(str(tag))
        if m is not None:
            return m.group(1)
    files = {s.rfilename for s in getattr(info, "siblings", None) or []}
    if "adapter_config.json" in files:
        return "adapter"
    if weights and all(w.lower().endswith(".gguf") for w in weights):
        return "quantized"
    return None


# --- Base models ------------------------------------------------------------------------------


def _base_target(ref: str) -> tuple[str, str | None] | None:
    """Return (repository, revision) of a base written as a Hub id, else ``None``."""
    text = ref.strip()
    if _ID.match(text):
        return parse_hub_id(text)
    if _BARE_ID.match(text):
        repo, _, revision = text.partition("@")
        return repo, revision or None
    return None


def _resolve_base(
    session: _Session, derived: Source, ref: str
) -> tuple[Release, Source] | str | None:
    """Read the base model *ref* from the Hub, for the judge (``Source.resolve_base``).

    Returns its release and source, or one line saying why it cannot be read; ``None`` when
    *ref* is not a Hub id.
    """
    target = _base_target(ref)
    if target is None:
        return None
    repo, revision = target
    key = f"{repo}@{revision or ''}"
    found = session.read.get(key)
    if found is not None:
        return found
    if session.bases >= MAX_HUB_BASES:
        return (
            f"not read: at most {MAX_HUB_BASES} base models are read from the Hub for one "
            "assessment"
        )
    session.bases += 1
    try:
        release, source = _read_guarded(session, repo, revision, f"hf:{repo}")
    except HubError as e:
        return e.problem.removeprefix(f"{repo}: ")
    session.read[key] = (release, source)
    session.record(source.documents, "base_model")
    where = "the Hugging Face cache" if session.offline else "the Hub"
    derived.findings.append(
        Finding(
            "hub-base-read",
            Severity.INFO,
            f"Base model {repo} read from {where} at commit {source.commit}: its card and "
            "licence files bind this derivative (see Assessment.base).",
        )
    )
    return release, source


# --- Dataset cards ----------------------------------------------------------------------------


def _ids(value: Any) -> list[str]:
    values = value if isinstance(value, list) else [value]
    return [str(v).strip() for v in values if isinstance(v, str | int | float) and str(v).strip()]


def _card_license(meta: dict[str, Any]) -> str | None:
    """Return the licence a card's front matter declares (``license_name`` for ``other``)."""
    ids = _ids(meta.get("license"))
    name = _ids(meta.get("license_name"))
    link = _ids(meta.get("license_link"))
    if not ids:
        return None
    parts = [
        (name[0] if name else link[0] if link else i) if i.lower() == "other" else i for i in ids
    ]
    return " AND ".join(parts)[:2000]


def _dataset(session: _Session, dataset: str) -> tuple[str | None, str | None]:
    """Read a dataset's card: (its licence's label, why it is unverified); records the card."""
    from openness.licenses._resolve import resolve_license  # noqa: PLC0415

    if _DATASET_ID.match(dataset) is None:
        return None, "not a Hub dataset id"
    try:
        path = _download(session, dataset, "README.md", limit=MAX_CARD_BYTES, repo_type="dataset")
    except Exception as e:  # noqa: BLE001 - any failure leaves the licence unverified
        return None, _problem(e, dataset, "dataset").removeprefix(f"{dataset}: ")
    data = _head(path, MAX_CARD_BYTES)
    if session.trail is not None:
        session.trail.append(
            {
                "repo": dataset,
                "repo_type": "dataset",
                "commit": path.parent.name,
                "file": "README.md",
                "sha256": hashlib.sha256(data).hexdigest(),
                "read_for": "dataset",
            }
        )
    declared = _card_license(_front_matter(path))
    if declared is None:
        return None, "its card declares no licence"
    found = resolve_license(declared)
    if not found.known:
        return None, f"its card's licence {declared[:100]!r} is not one openness recognises"
    return found.label, None


def _with_datasets(
    session: _Session, release: Release, source: Source, meta: dict[str, Any]
) -> Release:
    """Read the dataset cards the card links: their licences are the datasets' evidence."""
    datasets = list(dict.fromkeys(_ids(meta.get("datasets"))))
    entry = release.components.get("datasets")
    if not datasets or entry is None:
        return release
    labels: list[str] = []
    unverified = False
    for dataset in datasets:
        if session.datasets >= MAX_HUB_DATASETS:
            why: str | None = f"not read: at most {MAX_HUB_DATASETS} dataset cards are read"
            label = None
        else:
            session.datasets += 1
            label, why = _dataset(session, dataset)
        if label is not None:
            labels.append(label)
            source.findings.append(
                Finding(
                    "hub-dataset-license",
                    Severity.INFO,
                    f"The card links the dataset {dataset}, whose card declares {label}.",
                    component="datasets",
                    license=label,
                )
            )
            continue
        unverified = True
        source.findings.append(
            Finding(
                "hub-dataset-unverified",
                Severity.WARN,
                f"The card links the dataset {dataset}, whose licence is unverified: {why}.",
                component="datasets",
            )
        )
    stated = entry.license
    if unverified or not labels or (stated is not None and stated.upper() != "NOASSERTION"):
        return release  # Missing evidence stays missing; a licence the card's text states stands.
    label = " AND ".join(dict.fromkeys(labels))
    source.findings[:] = [
        f
        for f in source.findings
        if not (f.rule == "hf-license-not-stated" and f.component == "datasets")
    ]
    return _updated(release, {}, {"datasets": {"license": label}})


# --- Licence files by address -----------------------------------------------------------------

# A licence file's address: on the Hub (a model's or a dataset's blob/resolve URL) or on GitHub.
_HUB_FILE = re.compile(
    r"^https?://(?:www\.)?(?:huggingface\.co|hf\.co)/(?P<kind>datasets/|spaces/)?"
    r"(?P<repo>[\w.-]+/[\w.-]+)/(?:blob|resolve|raw)/(?P<rev>[\w.-]+)/(?P<path>[\w./%+-]+)$",
    re.IGNORECASE,
)
_GITHUB_FILE = re.compile(
    r"^https?://(?:(?:www\.)?github\.com/(?P<repo>[\w.-]+/[\w.-]+)/(?:blob|raw)|"
    r"raw\.githubusercontent\.com/(?P<raw>[\w.-]+/[\w.-]+))"
    r"/(?P<rev>[\w.-]+)/(?P<path>[\w./%+-]+)$",
    re.IGNORECASE,
)
_COMMIT = re.compile(r"^[0-9a-f]{40}$")


def fetch_license(url: str) -> tuple[Resolution, dict[str, Any]] | str:
    """Fetch the licence file at *url* and classify its text: (resolution, document read).

    For a Hub ``blob/<rev>/LICENSE`` (through the Hub's client and cache: offline, from the cache)
    or a GitHub ``blob/<rev>/LICENSE`` (its raw file, through the same HTTP client, without the
    Hub's token, at most :data:`MAX_LICENSE_BYTES` and :data:`TIMEOUT` seconds). Returns one line
    saying why it was not read when it cannot be read here: the hub extra is missing, the network
    is off (``HF_HUB_OFFLINE``) for a GitHub file, the address is neither, the fetch fails or the
    file is too large; the caller then reports the licence as unverified, naming the address.
    """
    text = url.strip()
    hub_file, github_file = _HUB_FILE.match(text), _GITHUB_FILE.match(text)
    if (hub_file is None and github_file is None) or not _safe_path(text):
        return "not the address of a file on the Hugging Face Hub or GitHub"
    try:
        hub = importlib.import_module("huggingface_hub")
    except ImportError:
        return "reading it needs the hub extra: pip install 'openness[hub]'"
    session = _Session(hub, _offline())
    if hub_file is not None:
        return _fetch_hub_file(session, hub_file)
    assert github_file is not None
    if session.offline:
        return "offline (HF_HUB_OFFLINE): GitHub is not asked"
    return _fetch_github_file(session, github_file)


def _safe_path(url: str) -> bool:
    """Whether the address, once decoded, names a file without leaving its repository."""
    from urllib.parse import unquote  # noqa: PLC0415

    decoded = unquote(url)
    return ".." not in decoded and "\\" not in decoded and decoded.isprintable()


def _fetch_hub_file(session: _Session, m: re.Match[str]) -> tuple[Resolution, dict[str, Any]] | str:
    from urllib.parse import unquote  # noqa: PLC0415

    kind = {"datasets/": "dataset", "spaces/": "space"}.get((m.group("kind") or "").lower())
    repo, file = m.group("repo"), unquote(m.group("path"))
    try:
        path = _download(
            session,
            repo,
            file,
            limit=MAX_LICENSE_BYTES,
            revision=m.group("rev"),
            repo_type=kind,
        )
    except Exception as e:  # noqa: BLE001 - any failure leaves the licence unverified
        return _problem(e, repo, kind or "model")
    data = _head(path, MAX_LICENSE_BYTES)
    document = {"repo": repo, "commit": path.parent.name, "file": file}
    if kind is not None:
        document["repo_type"] = kind
    return _classified(data, document)


def _fetch_github_file(
    session: _Session, m: re.Match[str]
) -> tuple[Resolution, dict[str, Any]] | str:
    repo, rev, file = m.group("repo") or m.group("raw"), m.group("rev"), m.group("path")
    raw = f"https://raw.githubusercontent.com/{repo}/{rev}/{file}"
    chunks: list[bytes] = []
    size = 0
    try:
        # Redirects are not followed: the address read is the one named. The Hub's token is added
        # per request by huggingface_hub, never by its client: this request carries none.
        with session.hub.get_session().stream(
            "GET", raw, timeout=TIMEOUT, follow_redirects=False
        ) as response:
            if response.status_code != 200:
                return f"GitHub answered HTTP {response.status_code}"
            length = response.headers.get("content-length", "")
            if length.isdigit() and int(length) > MAX_LICENSE_BYTES:
                return f"larger than {MAX_LICENSE_BYTES:,} bytes: not read"
            for chunk in response.iter_bytes():
                size += len(chunk)
                if size > MAX_LICENSE_BYTES:
                    return f"larger than {MAX_LICENSE_BYTES:,} bytes: not read"
                chunks.append(chunk)
    except Exception as e:  # noqa: BLE001 - any failure leaves the licence unverified
        return f"cannot reach GitHub ({type(e).__name__})"
    document: dict[str, Any] = {"repo": f"github:{repo}", "ref": rev, "file": file}
    if _COMMIT.match(rev):
        document["commit"] = rev
    return _classified(b"".join(chunks), document)


def _classified(data: bytes, document: dict[str, Any]) -> tuple[Resolution, dict[str, Any]] | str:
    from openness.licenses._resolve import resolve_license  # noqa: PLC0415

    if len(data) > MAX_LICENSE_BYTES:
        return f"larger than {MAX_LICENSE_BYTES:,} bytes: not read"
    document["sha256"] = hashlib.sha256(data).hexdigest()
    if b"\0" in data[:8192]:
        return "not a text file"
    text = data.decode("utf-8", "replace")
    return resolve_license(text), document


def _links(release: Release, meta: dict[str, Any]) -> dict[str, list[str]]:
    """Return the licences written as a repository file's address, each with where it is."""
    found: dict[str, list[str]] = {}
    if release.license and repository_file(release.license):
        found.setdefault(release.license.strip(), []).append("license")
    for name, component in release.components.items():
        text = component.license
        if component.released and text and repository_file(text):
            found.setdefault(text.strip(), []).append(name)
    declared = {i.lower() for i in _ids(meta.get("license"))}
    link = _ids(meta.get("license_link"))
    if link and repository_file(link[0]) and (not declared or declared <= _UNSTATED):
        found.setdefault(link[0], []).append("license_link")
    return found


def _already_read(url: str, repo: str, source: Source) -> bool:
    """Whether *url* is a file of *repo* that was downloaded and read as a licence file."""
    m = _HUB_FILE.match(url)
    if m is None or m.group("kind") or m.group("repo").lower() != repo.lower():
        return False
    return any(d.get("file") == m.group("path") for d in source.documents)


def _read_link(session: _Session, url: str, source: Source) -> str | None:
    from openness.licenses._resolve import how_read  # noqa: PLC0415

    """Fetch the licence file at *url* and return what it is (a label), with findings; else None."""
    if session.links >= MAX_LICENSE_LINKS:
        fetched: tuple[Resolution, dict[str, Any]] | str = (
            f"not read: at most {MAX_LICENSE_LINKS} licence files are fetched"
        )
    else:
        session.links += 1
        fetched = fetch_license(url)
    if isinstance(fetched, str):
        source.findings.append(
            Finding(
                "hub-license-link-unread",
                Severity.WARN,
                f"The licence is written as the address {url}, which was not read ({fetched}): "
                "its terms are unverified.",
                license=url,
            )
        )
        return None
    resolution, document = fetched
    source.documents.append(document | {"read_for": "license_link"})
    if not resolution.known:
        source.findings.append(
            Finding(
                "hub-license-link-unknown",
                Severity.WARN,
                f"The licence file at {url} (SHA-256 {document['sha256']}), read as text, is no "
                "licence openness recognises: its terms are unverified.",
                license=url,
            )
        )
        return None
    label = resolution.label
    how = how_read(resolution)
    source.findings.append(
        Finding(
            "hub-license-link",
            Severity.INFO,
            f"The licence file at {url}, read as text: {how}.",
            license=label,
        )
    )
    return label


def _with_license_links(
    session: _Session, release: Release, source: Source, meta: dict[str, Any], repo: str
) -> Release:
    """Fetch and classify the licences written as a repository file's address.

    An address that is the licence is replaced by what its file is; a card's ``license_link``
    decides a licence the card does not name, and is compared with one it names.
    """
    from openness.licenses._resolve import resolve_license  # noqa: PLC0415

    top: dict[str, Any] = {}
    components: dict[str, dict[str, Any]] = {}
    for url, where in _links(release, meta).items():
        label = None if _already_read(url, repo, source) else _read_link(session, url, source)
        if label is None:
            continue
        named = resolve_license(release.license)
        for place in where:
            if place == "license" or (place == "license_link" and not named.known):
                top["license"] = label
            elif place != "license_link":
                components[place] = {"license": label}
            elif {x.id for x in named.licenses} != set(label.split(" AND ")):
                source.findings.append(
                    Finding(
                        "hub-license-link-mismatch",
                        Severity.WARN,
                        f"The card names {release.license!r} but its license_link {url}, read "
                        f"as text, is {label}: which terms govern is unclear.",
                        license=label,
                    )
                )
    return _updated(release, top, components) if top or components else release
