"""Hugging Face Hub ids → a release: the model card, licence files and ``model_info``.

``hf:org/name``, ``hf://org/name`` or ``https://huggingface.co/org/name``, each with an optional
``@revision``. Needs the ``hub`` extra (``pip install 'openness[hub]'``: ``huggingface_hub``),
whose client, cache and token handling are used as they are: the token comes from
huggingface_hub's usual places (``HF_TOKEN``, the saved login) and openness never reads, prints
or records it.

What is read: ``model_info`` (the commit a revision resolves to, gating, ``disabled``, the files
and the parameter count), then the card (``README.md``) and the repository's ``LICENSE*``,
``LICENSE-MODEL`` and ``USE_POLICY*`` files, downloaded into the Hugging Face cache and read as a
model folder (:mod:`openness._folder`: licence files as text). With ``HF_HUB_OFFLINE=1`` the
cached snapshot is read; what only the Hub can tell (gating, the files not downloaded) is then
unverified, never guessed. Every failure (no such model, a gated repository, a rate limit, the
network) is one :class:`HubError` line.
"""

from __future__ import annotations

import importlib
import os
import re
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ._findings import Finding, Severity
from ._schema import Release
from .errors import InvalidReleaseError

if TYPE_CHECKING:
    from ._readers import Source

__all__ = ["HubError", "fetch_license", "parse_hub_id", "read_hub"]

_ID = re.compile(
    r"^(?:hf://|hf:|https?://(?:www\.)?huggingface\.co/)"
    r"(?P<repo>[A-Za-z0-9][\w.-]{0,95}(?:/[A-Za-z0-9][\w.-]{0,95})?)"
    r"(?:/(?:tree|blob|resolve)/(?P<tree>[\w.\-/%]+?))?/?(?:@(?P<rev>[\w.\-/%]+))?$",
    re.IGNORECASE,
)
_LICENSE_FILE = re.compile(
    r"^(?:LICEN[CS]E|COPYING|MODEL[-_]LICEN[CS]E|USE[-_]POLICY)[\w.-]*$", re.IGNORECASE
)
_MAX_FILES = 8
_GATING = {"auto": "registration", "manual": "on_request"}


class HubError(InvalidReleaseError):
    """Raised when a Hub model cannot be read: not found, gated, rate-limited, offline..."""


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


def _problem(e: Exception, repo: str) -> str:  # noqa: PLR0911 - one line per failure
    """One line for a failure of the client, naming what went wrong, never the token."""
    errors = importlib.import_module("huggingface_hub.errors")
    status = getattr(getattr(e, "response", None), "status_code", None)
    if isinstance(e, errors.GatedRepoError) or status in {401, 403}:
        return (
            f"{repo} is gated ({status or 'access refused'}): accept its terms on the Hub and "
            "log in (hf auth login, or HF_TOKEN)"
        )
    if isinstance(e, errors.RevisionNotFoundError):
        return f"{repo}: no such revision on the Hub"
    if isinstance(e, errors.RepositoryNotFoundError) or status == 404:
        return f"{repo}: no such model on the Hub (or it is private)"
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


def read_hub(text: str) -> tuple[Release, Source]:
    """Read the Hub model *text* names (``hf:org/name[@revision]``).

    :raises HubError: when the hub extra is missing or the model cannot be read.
    """
    repo, revision = parse_hub_id(text)
    hub = _client()
    name = text.strip()
    try:
        return _read(hub, repo, revision, name)
    except HubError:
        raise
    except Exception as e:  # noqa: BLE001 - the client's and its transport's errors alike
        # Whatever the client raises (HTTP, timeouts, the transport's own errors) is one line.
        raise HubError(name, "", _problem(e, repo)) from None


def _read(hub: Any, repo: str, revision: str | None, name: str) -> tuple[Release, Source]:
    from ._folder import read_folder, weight_files  # noqa: PLC0415

    findings: list[Finding] = []
    info = None
    offline = _offline()
    if offline:
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
        info = hub.HfApi().model_info(repo, revision=revision)
        files = [s.rfilename for s in info.siblings or []]
    wanted = ["README.md"]
    if files is not None:
        wanted += [f for f in files if "/" not in f and _LICENSE_FILE.match(f)][:_MAX_FILES]
    else:
        wanted += ["LICENSE", "LICENSE.md", "LICENSE.txt", "LICENSE-MODEL", "USE_POLICY.md"]
    # Downloaded by the revision asked for, so that the cache records the reference (main, a
    # branch) and works offline by it; the snapshot's folder is the commit it resolved to.
    rev = revision
    readme = None
    for file in wanted:
        try:
            path = Path(hub.hf_hub_download(repo, file, revision=rev, local_files_only=offline))
        except Exception as e:
            errors = importlib.import_module("huggingface_hub.errors")
            if file == "README.md":
                raise
            if isinstance(e, errors.GatedRepoError):
                findings.append(
                    Finding(
                        "hub-file-gated",
                        Severity.INFO,
                        f"{file} is behind the repository's gate: not read (unverified).",
                        license=file,
                    )
                )
                continue
            if isinstance(e, errors.EntryNotFoundError | errors.LocalEntryNotFoundError):
                continue  # Offline: the licence file names tried that were never cached.
            raise
        readme = readme or path
    assert readme is not None
    folder = readme.parent
    commit = folder.name
    release, source = read_folder(folder, name, repo=(repo, commit))
    source.format = "hf-hub"
    source.findings.extend(findings)
    if info is None:
        return release, source
    return _with_info(release, source, info, weight_files(files or [])), source


def _with_info(release: Release, source: Source, info: Any, weights: list[str]) -> Release:
    """Add what ``model_info`` shows: gating, disabled, the weight files, the parameter count."""
    update: dict[str, Any] = {}
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
    components = dict(release.components)
    weights_entry = components.get("model_parameters_final")
    if weights and weights_entry is not None:
        params = getattr(getattr(info, "safetensors", None), "total", None)
        shown = ", ".join(weights[:5]) + (
            f" and {len(weights) - 5} more" if len(weights) > 5 else ""
        )
        note = f"weight files in the repository: {shown}"
        if params:
            note += f"; {params:,} parameters"
        components["model_parameters_final"] = weights_entry.model_copy(update={"notes": note})
        update["components"] = components
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
    data = info.card_data.to_dict() if getattr(info, "card_data", None) is not None else {}
    base = data.get("base_model")
    if isinstance(base, list):
        base = ", ".join(str(b) for b in base)
    if base:
        update["base_model"] = str(base)[:500]
    merged = release.model_dump(exclude_unset=True) | {
        k: v for k, v in update.items() if k != "components"
    }
    if "components" in update:
        merged["components"] = {
            k: v.model_dump(exclude_unset=True) for k, v in update["components"].items()
        }
    return Release.model_validate(merged)


# A licence file's address: on the Hub (a model's or a dataset's blob/resolve URL) or on GitHub.
_HUB_FILE = re.compile(
    r"^https?://(?:www\.)?huggingface\.co/(?P<kind>datasets/|spaces/)?(?P<repo>[\w.-]+/[\w.-]+)"
    r"/(?:blob|resolve|raw)/(?P<rev>[\w.-]+)/(?P<path>[\w./-]+)$",
    re.IGNORECASE,
)
_GITHUB_FILE = re.compile(
    r"^https?://(?:www\.)?github\.com/(?P<repo>[\w.-]+/[\w.-]+)/(?:blob|raw)/(?P<rev>[\w.-]+)"
    r"/(?P<path>[\w./-]+)$",
    re.IGNORECASE,
)
_MAX_LICENSE_BYTES = 1024 * 1024


def fetch_license(url: str) -> tuple[Any, dict[str, Any]] | None:
    """Fetch the licence file at *url* and classify its text: (resolution, document read).

    For a Hub ``blob/<rev>/LICENSE`` (through the Hub's client and cache) or a GitHub
    ``blob/<rev>/LICENSE`` (its raw file). Returns ``None`` when it cannot be fetched here: the
    hub extra is missing, the network is off (``HF_HUB_OFFLINE``), the address is neither, or the
    fetch fails; the caller then reports the licence as unverified, naming the URL.
    """
    import hashlib  # noqa: PLC0415

    from ._resolve import resolve_license  # noqa: PLC0415

    hub_file, github_file = _HUB_FILE.match(url.strip()), _GITHUB_FILE.match(url.strip())
    if (hub_file is None and github_file is None) or _offline():
        return None
    try:
        hub = importlib.import_module("huggingface_hub")
    except ImportError:
        return None
    try:
        if hub_file is not None:
            kind = (hub_file.group("kind") or "").rstrip("s/") or None
            path = hub.hf_hub_download(
                hub_file.group("repo"),
                hub_file.group("path"),
                revision=hub_file.group("rev"),
                repo_type=kind,
            )
            data = Path(path).read_bytes()[: _MAX_LICENSE_BYTES + 1]
            repo, commit = hub_file.group("repo"), Path(path).parent.name
        else:
            assert github_file is not None
            raw = (
                f"https://raw.githubusercontent.com/{github_file.group('repo')}/"
                f"{github_file.group('rev')}/{github_file.group('path')}"
            )
            response = hub.get_session().get(raw, timeout=10, follow_redirects=True)
            response.raise_for_status()
            data = response.content[: _MAX_LICENSE_BYTES + 1]
            repo, commit = github_file.group("repo"), github_file.group("rev")
    except Exception:  # noqa: BLE001 - any failure leaves the licence unverified, not an error
        return None
    if len(data) > _MAX_LICENSE_BYTES:
        return None
    text = data.decode("utf-8", "replace")
    document = {
        "repo": repo,
        "commit": commit,
        "file": url,
        "sha256": hashlib.sha256(data).hexdigest(),
    }
    return resolve_license(text), document
