"""A downloaded model folder → one release: its card, its licence files as text, its weights.

A folder as people have it from the Hugging Face Hub (``README.md``, ``LICENSE``,
``config.json``, tokenizer files, weights) is one release, not a directory of release files. It
is recognised (:func:`is_model_folder`) by a ``README.md`` opening with YAML front matter, or by a
``config.json`` beside weight files. The card is read by the card reader; then the folder adds
what it shows:

- licence files (``LICENSE-MODEL``, ``LICENSE*``, ``LICENCE*``, ``COPYING*``) are read as text
  through the licence classifier, never judged by their title;
- ``USE_POLICY*`` files are noted, and classified, as terms of use;
- weight files (``*.safetensors``, ``*.gguf``, ``*.bin``, ``*.pt``...) are evidence that the
  weights are released;
- a snapshot in the Hugging Face cache layout (``models--org--name/snapshots/<sha>/``) is named
  ``org/name`` and its documents are recorded with the commit they were downloaded at.

``config.json`` and the tokenizer files are never read as releases. Every file read is recorded
in :attr:`Source.documents` with its SHA-256 (the assessment's audit trail).
"""

from __future__ import annotations

import hashlib
import os
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from openness._findings import Finding, Severity
from openness._schema import COMPONENTS, Release
from openness.licenses._resolve import (
    MAX_LICENSE_FILE_BYTES,
    how_read,
    resolve_license,
    resolve_license_file,
)

from ._core import MAX_BYTES, Source, _decode, _read_file, _validate

if TYPE_CHECKING:
    from pathlib import Path

__all__ = [
    "WEIGHT_SUFFIXES",
    "is_model_folder",
    "read_folder",
    "repo_of",
    "weight_files",
]

WEIGHT_SUFFIXES = (".safetensors", ".gguf", ".bin", ".pt", ".pth", ".ckpt", ".onnx", ".h5")
"""The suffixes of files that hold a model's weights."""
# Files with a weight suffix that are not the model's weights: a trainer's state.
_NOT_WEIGHTS = re.compile(
    r"^(?:training_args|optimizer|scheduler|rng_state\w*|scaler|trainer_state)\.(?:bin|pt|pth)$",
    re.IGNORECASE,
)
# A model-specific licence first: it governs the weights before a general one (DeepSeek's).
_LICENSE_NAME = re.compile(
    r"^(?:(?:LICEN[CS]E[-_]?MODEL|MODEL[-_]LICEN[CS]E)(?:\.\w+)?|(?:LICEN[CS]E|COPYING)"
    r"(?:[-_.][\w.-]*)?)$",
    re.IGNORECASE,
)
_MODEL_LICENSE = re.compile(r"model", re.IGNORECASE)
_USE_POLICY = re.compile(
    r"^(?:USE[-_]POLICY|ACCEPTABLE[-_]USE[-_]POLICY)(?:\.\w+)?$", re.IGNORECASE
)
_CARD_NAMES = ("README.md", "readme.md", "README.MD", "Readme.md")
_SNAPSHOT = re.compile(r"^[0-9a-f]{40}$")
_MAX_LICENSE_FILES = 8
_NOASSERTION = "NOASSERTION"
# What a card's licence says when it names none: the files beside it decide.
_UNSTATED = {None, "", "other", "unknown", _NOASSERTION.lower()}


@dataclass(frozen=True, slots=True)
class _Listing:
    path: Path
    names: list[str]

    @classmethod
    def of(cls, path: Path) -> _Listing:
        try:
            names = sorted(os.listdir(path))  # noqa: PTH208 (names only)
        except OSError:
            names = []
        return cls(path, names)

    def card(self) -> Path | None:
        for name in _CARD_NAMES:
            if name in self.names and (self.path / name).is_file():
                return self.path / name
        return None

    def files(self, pattern: re.Pattern[str]) -> list[str]:
        return [n for n in self.names if pattern.match(n) and (self.path / n).is_file()]


def _head(path: Path, size: int) -> bytes:
    """Return at most *size* bytes of the file at *path*: a huge file is never read whole."""
    with path.open("rb") as f:
        return f.read(size)


def weight_files(names: list[str]) -> list[str]:
    """Return the names of weight files among *names* (a trainer's state excluded).

    >>> weight_files(["config.json", "model.safetensors", "optimizer.pt", "q4.gguf"])
    ['model.safetensors', 'q4.gguf']
    """
    return [
        n
        for n in names
        if (n.lower().endswith(WEIGHT_SUFFIXES) or n.endswith(".safetensors.index.json"))
        and not _NOT_WEIGHTS.match(n.rsplit("/", 1)[-1])
    ]


def _has_front_matter(card: Path) -> bool:
    try:
        with card.open("rb") as f:
            head = f.read(64)
    except OSError:
        return False
    return head.removeprefix(b"\xef\xbb\xbf").lstrip().startswith(b"---")


def is_model_folder(path: Path) -> bool:
    """Whether the directory *path* is one model's folder (a card, or a config and weights).

    A directory of release files (``data/releases/``) is not: its YAML files are releases.
    """
    if not path.is_dir():
        return False
    listing = _Listing.of(path)
    card = listing.card()
    if card is not None and _has_front_matter(card):
        return True
    return "config.json" in listing.names and bool(weight_files(listing.names))


def repo_of(path: Path) -> tuple[str, str] | None:
    """Return (repository id, commit) of a snapshot folder in the Hugging Face cache layout.

    >>> from pathlib import Path
    >>> repo_of(Path("hub/models--allenai--OLMo-2-1124-7B/snapshots/" + "a" * 40))
    ('allenai/OLMo-2-1124-7B', 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa')
    >>> repo_of(Path("downloads/OLMo"))
    """
    parts = path.resolve().parts if not path.is_absolute() else path.parts
    if len(parts) < 3 or parts[-2] != "snapshots" or not _SNAPSHOT.match(parts[-1]):
        return None
    repo = parts[-3]
    if not repo.startswith("models--"):
        return None
    org, sep, name = repo.removeprefix("models--").partition("--")
    return (f"{org}/{name}" if sep else org), parts[-1]


def _document(source: Source, name: str, data: bytes) -> None:
    """Record a file read in the audit trail: its repository and commit when known, its hash."""
    entry: dict[str, Any] = {}
    if source.repo is not None:
        entry["repo"] = source.repo
    if source.commit is not None:
        entry["commit"] = source.commit
    entry |= {"file": name, "sha256": hashlib.sha256(data).hexdigest()}
    source.documents.append(entry)


def _read_card(card: Path, source: Source) -> dict[str, Any]:
    from ._hfcard import to_release  # noqa: PLC0415 - the card reader, imported when used

    data = _read_file(card, source.name)
    text = _decode(data, source.name)
    _document(source, card.name, data)
    reading = to_release(text, source)
    # The folder's own source (this reader made it) gathers what the card's reader noticed.
    source.findings.extend(reading.findings)
    source.lines = reading.lines
    return reading.mapping


def _license_of_files(
    listing: _Listing, source: Source, *, card_known: bool
) -> tuple[str | None, str | None]:
    """Classify the licence files as text: return (licence of the weights, file it came from).

    A file the classifier does not recognise is a warning when nothing else names the licence;
    beside a card that declares a known licence, it is noted only.
    """
    names = listing.files(_LICENSE_NAME)[:_MAX_LICENSE_FILES]
    # LICENSE-MODEL before LICENSE: the model's own terms govern the weights.
    names.sort(key=lambda n: (_MODEL_LICENSE.search(n) is None, len(n), n))
    chosen: tuple[str | None, str | None] = (None, None)
    for name in names:
        path = listing.path / name
        try:
            data = _head(path, MAX_LICENSE_FILE_BYTES + 1)
        except OSError:
            continue
        _document(source, name, data)
        found = resolve_license_file(path, name)
        if found.known and found.licenses:
            label = " AND ".join(x.id for x in found.licenses)
            how = how_read(found)
            source.findings.append(
                Finding(
                    "folder-license-file",
                    Severity.INFO,
                    f"{name} in the folder, read as text: {how}.",
                    license=label,
                )
            )
            if chosen[0] is None:
                chosen = (label, name)
        else:
            guess = (
                f" (best guess {found.guess.id} at {found.confidence:.3f}, below the threshold)"
                if found.guess is not None and found.confidence is not None
                else ""
            )
            source.findings.append(
                Finding(
                    "folder-license-file-unknown",
                    Severity.INFO if card_known else Severity.WARN,
                    f"{name} in the folder, read as text, is no licence openness recognises"
                    f"{guess}: "
                    + (
                        "the card's declared licence stands."
                        if card_known
                        else "its terms are unverified (missing evidence)."
                    ),
                    license=name,
                )
            )
    return chosen


def _use_policies(listing: _Listing, source: Source) -> None:
    for name in listing.files(_USE_POLICY)[:_MAX_LICENSE_FILES]:
        try:
            data = _head(listing.path / name, MAX_BYTES)
        except OSError:
            continue
        _document(source, name, data)
        source.findings.append(
            Finding(
                "folder-use-policy",
                Severity.INFO,
                f"{name} in the folder: an acceptable-use policy, terms of use that restrict what "
                "the model may be used for.",
                component="model_parameters_final",
            )
        )


# Findings of the card reader that the folder's own reading replaces: the licence file judged by
# its title (the folder reads it as text), and the weights taken to be in the repository.
_REPLACED = frozenset({"hf-license-file", "hf-weights-in-repository"})


def _merge_license(
    out: dict[str, Any],
    card_license: str | None,
    source: Source,
    found: tuple[str | None, str | None],
) -> None:
    label, file_name = found
    if label is None:
        if card_license is None:
            out.pop("license", None)
        return
    # The card's own licence was dropped of the title-based findings; compare it with the text.
    declared = out.get("license")
    if (
        declared is None
        or str(card_license).lower() in _UNSTATED
        or not resolve_license(declared).known
    ):
        out["license"] = label
        source.findings[:] = [f for f in source.findings if f.rule != "hf-no-license"]
        return
    card_ids = {x.id for x in resolve_license(declared).licenses}
    if card_ids != set(label.split(" AND ")):
        source.findings.append(
            Finding(
                "folder-license-mismatch",
                Severity.WARN,
                f"The card declares {declared!r} but {file_name}, read as text, is {label}: "
                "which terms govern is unclear.",
                license=label,
            )
        )


def _weights(out: dict[str, Any], listing: _Listing, source: Source) -> None:
    comps: dict[str, Any] = out.setdefault("components", {})
    files = weight_files(listing.names)
    weights = comps.setdefault("model_parameters_final", {})
    if not files:
        source.findings.append(
            Finding(
                "folder-no-weights",
                Severity.INFO,
                "No weight file in the folder: the weights may be in the repository it was "
                "downloaded from (not checked here).",
                component="model_parameters_final",
            )
        )
        return
    quantized = all(f.lower().endswith(".gguf") for f in files)
    shown = ", ".join(files[:5]) + (f" and {len(files) - 5} more" if len(files) > 5 else "")
    note = f"weight files in the folder: {shown}"
    if quantized:
        note += " (GGUF: quantized weights, a derivative of the original)"
    old = weights.get("notes")
    weights["notes"] = f"{old}; {note}" if old and "adapter" in old else note
    source.findings.append(
        Finding(
            "folder-weights",
            Severity.INFO,
            f"Weight files in the folder ({shown}): evidence that the weights are released.",
            component="model_parameters_final",
        )
    )


def _unknown_components(out: dict[str, Any], source: Source) -> None:
    """Components neither the card nor the folder mention: unknown, not "not released"."""
    comps: dict[str, Any] = out.setdefault("components", {})
    unmentioned = [
        c for c in COMPONENTS if comps.get(c, {"released": None}).get("released", True) is None
    ]
    if not unmentioned:
        return
    for c in unmentioned:
        comps[c] = {"released": None}
    source.findings.append(
        Finding(
            "folder-not-mentioned",
            Severity.INFO,
            f"Neither the card nor the folder mention: {', '.join(unmentioned)}; unknown on this "
            "evidence (missing evidence, not proof of absence).",
        )
    )


def read_folder(
    path: Path, display: str | None = None, *, repo: tuple[str, str] | None = None
) -> tuple[Release, Source]:
    """Read the model folder at *path* as one release.

    :param repo: the (repository id, commit) the folder holds, when known (a Hub snapshot).
    :raises InvalidReleaseError: when its card cannot be read.
    """
    listing = _Listing.of(path)
    name = display or str(path)
    snapshot = repo or repo_of(path)
    card = listing.card()
    source = Source(name, format="hf-folder", path=card or path / "README.md")
    if snapshot is not None:
        source.repo, source.commit = snapshot
    source_repo_id = source.repo
    card_license: str | None = None
    if card is not None and _has_front_matter(card):
        out = _read_card(card, source)
        card_license = _card_license(card)
        source.findings[:] = [f for f in source.findings if f.rule not in _REPLACED]
    else:
        out = {"name": path.name, "components": {}}
        source.findings.append(
            Finding(
                "folder-no-card",
                Severity.WARN,
                "The folder has no model card (README.md with front matter): only its files "
                "are evidence.",
            )
        )
    if source_repo_id is not None:
        out["name"] = source_repo_id
        org = source_repo_id.partition("/")[0]
        if "/" in source_repo_id and not out.get("producer"):
            out["producer"] = org
    declared = out.get("license")
    card_known = (
        str(card_license).lower() not in _UNSTATED
        and declared is not None
        and resolve_license(declared).known
    )
    found = _license_of_files(listing, source, card_known=card_known)
    _merge_license(out, card_license, source, found)
    _use_policies(listing, source)
    _weights(out, listing, source)
    _unknown_components(out, source)
    source.sha256 = _digest(source.documents)
    return _validate(out, source), source


def _card_license(card: Path) -> str | None:
    from ._hfcard import split_card  # noqa: PLC0415

    try:
        meta, _, _ = split_card(card.read_text("utf-8", "replace"), str(card))
    except (OSError, ValueError):
        return None
    lic = meta.get("license")
    return None if lic is None else str(lic)


def _digest(documents: list[dict[str, Any]]) -> str | None:
    """Return the SHA-256 of a folder: of its documents' names and hashes, one a line, in order."""
    if not documents:
        return None
    lines = "".join(f"{d.get('repo', '')}\t{d['file']}\t{d['sha256']}\n" for d in documents)
    return hashlib.sha256(lines.encode()).hexdigest()
