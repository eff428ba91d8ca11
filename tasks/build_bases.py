"""Build ``src/openness/data/bases.json``: the releases openness knows, keyed by their Hub ids.

Run from the repository root::

    python tasks/build_bases.py            # writes the file and prints what it indexed
    python tasks/build_bases.py --check    # exits 1 if the file on disk is not what data/ builds

Each record is read through openness's own readers and stored as the release's ``to_mapping()``
with its source file and format. Its keys, lower-cased:

- Hub ids (``org/name``) from the record's own Hub link (a MOT record's ``release.huggingface``,
  an expert record's ``project.link``) and the locations of its final weights and model card
  (other components may point at another model: a MOT record's architecture at its base's repo);
- names: each Hub id's name without the org, and the release's name;
- the aliases listed in ``data/kb/base_aliases.yaml``, each with its source.

Sources, curated first: the bundled corpus (``data/releases/``, native), the Model Openness Tool
records (``data/mot/models/``), the opening-up-chatgpt expert records
(``data/opening-up-chatgpt/projects/``). The European Open Source AI Index records
(``data/osai/``) have no reader in openness and are not indexed. When two records claim one key,
Hub ids before names, the first source wins; the rejected claims are printed.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from openness._bases import BASES_SHA256, hub_id, normalise  # noqa: E402
from openness.readers._core import read  # noqa: E402

OUT = ROOT / "src" / "openness" / "data" / "bases.json"
ALIASES = ROOT / "data" / "kb" / "base_aliases.yaml"
SOURCES = (
    ("native", "data/releases", "*.yaml"),
    ("mot", "data/mot/models", "*.yml"),
    ("opening-up-chatgpt", "data/opening-up-chatgpt/projects", "*.yaml"),
)
# The components whose location is the release's own repository.
_OWN = ("model_parameters_final", "model_card")
REFUSED: list[str] = []
"""The ids refused as another model's, for the report."""
_URL = re.compile(r"https?://(?:www\.)?huggingface\.co/[^\s'\"<>)\]]+", re.IGNORECASE)


# Words that name a variant of a model, not the model: an id for another variant names another
# repository ("falcon-180B" is not "Falcon-180B-chat"). "base" is what a name without one means.
_VARIANTS = frozenset({"chat", "instruct", "it", "sft", "dpo", "rlhf", "delta", "hf", "base"})
_NEUTRAL = frozenset({"base", "hf"})
_TOKEN = re.compile(r"[a-z]+|\d+")
# A parameter count: "7b", "1.5b", "8x7b", "220m".
_SIZE = re.compile(r"(\d+(?:x\d+)?(?:\.\d+)?)\s*([bm])(?![a-z])")


def _tokens(text: str) -> tuple[set[str], set[str], str]:
    """Return the words (of two letters or more), the sizes and the squashed text."""
    low = text.lower()
    found = _TOKEN.findall(low)
    words = {t for t in found if t.isalpha() and len(t) > 1}
    sizes = {"".join(m) for m in _SIZE.findall(low)}
    return words, sizes, "".join(found)


def _mismatch(hub: str, name: str, *, own: bool) -> str | None:
    """Say why *hub* is not the id of the release *name*, else ``None``.

    MOT and expert records sometimes link another model (a copied record's link, the base's
    repository as the weights): the id must share a word with the name (or the squashed name hold
    the id's) and, when both give a size, the same size; the id must not lack a variant the name
    says (chat, instruct, ...), and an id other than the record's own link must name no other.
    """
    id_words, id_sizes, id_text = _tokens(hub.split("/", 1)[1])
    words, sizes, text = _tokens(name)
    plain, id_plain = words - _VARIANTS, id_words - _VARIANTS
    if (
        plain
        and not any(w in id_text for w in plain)
        and not any(w in text for w in id_plain)
        and id_text not in text
    ):
        return "shares no word with the name"
    if sizes and id_sizes and not sizes & id_sizes:
        return f"another size ({', '.join(sorted(id_sizes))})"
    # A record's own link may name the variant its family record describes ("Jais" links
    # jais-13b-chat), never drop the variant its name says.
    variants = ((words - id_words) if own else (words ^ id_words)) & _VARIANTS - _NEUTRAL
    if variants:
        return f"names another variant ({', '.join(sorted(variants))})"
    return None


@dataclass(slots=True)
class Record:
    """One record read: its release mapping, where it came from, and the keys it claims."""

    release: dict[str, Any]
    source: str
    format: str
    ids: list[str] = field(default_factory=list)
    """Hub ids, in the order found."""
    names: list[str] = field(default_factory=list)


def _own_links(doc: Any, fmt: str) -> list[str]:
    """Return the Hub links a record gives for itself, outside what its reader maps."""
    if not isinstance(doc, dict):
        return []
    if fmt == "mot":
        release = doc.get("release")
        link = release.get("huggingface") if isinstance(release, dict) else None
    elif fmt == "opening-up-chatgpt":
        project = doc.get("project")
        link = project.get("link") if isinstance(project, dict) else None
    else:
        link = None
    return _URL.findall(link) if isinstance(link, str) else []


def _record(path: Path, fmt: str) -> Record:
    release, source = read(path)
    if source.format != fmt:
        msg = f"{path}: read as {source.format}, expected {fmt}"
        raise SystemExit(msg)
    own = _own_links(yaml.safe_load(path.read_text(encoding="utf-8")), fmt)
    links = [(link, True) for link in own]
    for name in _OWN:
        component = release.components.get(name)  # type: ignore[call-overload]
        if component is not None and component.location:
            links.append((component.location, False))
    ids: list[str] = []
    for link, is_own in links:
        found = hub_id(link)
        if found is None or found.lower() in map(str.lower, ids):
            continue
        why = _mismatch(found, release.name, own=is_own)
        if why is None:
            ids.append(found)
        else:
            REFUSED.append(f"id {found!r} for {path.relative_to(ROOT)} ({release.name!r}): {why}")
    names = [i.split("/", 1)[1] for i in ids]
    names.append(release.name)
    return Record(
        release=release.to_mapping(),
        source=path.relative_to(ROOT).as_posix(),
        format=fmt,
        ids=ids,
        names=list(dict.fromkeys(k for n in names if (k := normalise(n)))),
    )


def records() -> list[Record]:
    out: list[Record] = []
    for fmt, folder, pattern in SOURCES:
        out += [_record(p, fmt) for p in sorted((ROOT / folder).glob(pattern))]
    return out


def _aliases() -> list[dict[str, str]]:
    doc = yaml.safe_load(ALIASES.read_text(encoding="utf-8"))
    entries = doc["aliases"]
    for entry in entries:
        if set(entry) != {"alias", "id", "source"}:
            msg = f"{ALIASES}: each alias has alias, id and source: {entry}"
            raise SystemExit(msg)
    return entries


def build() -> tuple[str, list[str]]:
    """Return the file's text and the report's lines (rejected claims)."""
    recs = records()
    keys: dict[str, int] = {}
    kinds: dict[str, str] = {}
    report: list[str] = []

    def claim(key: str, index: int, how: str) -> None:
        held = keys.setdefault(key, index)
        kinds.setdefault(key, how)
        if held != index:
            report.append(
                f"{how} {key!r}: {recs[index].source} rejected, held by {recs[held].source}"
            )

    # Hub ids before names: a record's own id outranks another record's name.
    for index, rec in enumerate(recs):
        for key in dict.fromkeys(map(normalise, rec.ids)):
            if key is not None:
                claim(key, index, "id")
    for index, rec in enumerate(recs):
        for key in rec.names:
            claim(key, index, "name")
    # A curated alias wins over a record's claim: it is a reviewed statement, the claim a guess.
    for entry in _aliases():
        target = normalise(entry["id"])
        if target is None or target not in keys:
            msg = f"{ALIASES}: alias {entry['alias']!r} names {entry['id']!r}, not indexed"
            raise SystemExit(msg)
        alias = normalise(entry["alias"])
        names = [alias, alias.split("/", 1)[1]] if alias and "/" in alias else [alias]
        for key in filter(None, names):
            held = keys.get(key)
            if held is not None and held != keys[target]:
                report.append(f"alias {key!r}: {recs[held].source} overridden by the alias")
            keys[key] = keys[target]
            kinds[key] = "alias"
        if "/" in entry["alias"] and not recs[keys[target]].ids:
            # The curated alias is the Hub id of a record that gives none.
            recs[keys[target]].ids.append(entry["alias"])
    counts: dict[str, dict[str, int]] = {}
    for fmt, _, _ in SOURCES:
        mine = {i for i, r in enumerate(recs) if r.format == fmt}
        held = [kinds[k] for k, i in keys.items() if i in mine]
        counts[fmt] = {"records": len(mine)} | {
            kind: held.count(kind) for kind in ("id", "name", "alias")
        }
    doc = {
        "built_from": {fmt: f"{folder}/{pattern}" for fmt, folder, pattern in SOURCES}
        | {"aliases": ALIASES.relative_to(ROOT).as_posix()},
        "counts": counts,
        "keys": keys,
        "records": [
            {"release": r.release, "source": r.source, "format": r.format, "ids": r.ids}
            for r in recs
        ],
    }
    return json.dumps(doc, indent=2, sort_keys=True) + "\n", REFUSED + report


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="compare with the file on disk")
    args = parser.parse_args()
    text, report = build()
    digest = hashlib.sha256(text.encode()).hexdigest()
    if args.check:
        on_disk = OUT.read_text(encoding="utf-8") if OUT.exists() else ""
        if on_disk != text:
            print(f"{OUT} is stale: run python tasks/build_bases.py", file=sys.stderr)
            return 1
        if digest != BASES_SHA256:
            print(
                f"{OUT}: pin BASES_SHA256 = {digest!r} in src/openness/_bases.py", file=sys.stderr
            )
            return 1
        print(f"{OUT} is up to date")
        return 0
    OUT.write_text(text, encoding="utf-8")
    doc = json.loads(text)
    for line in report:
        print(line)
    print(f"{len(report)} claims rejected (a key held by an earlier record)")
    for fmt, c in doc["counts"].items():
        print(
            f"{fmt}: {c['records']} records; keys: {c['id']} Hub ids, {c['name']} names, "
            f"{c['alias']} aliases"
        )
    print(f"wrote {OUT.relative_to(ROOT)}: {len(doc['keys'])} keys; SHA-256 {digest}")
    if digest != BASES_SHA256:
        print(f"pin it: BASES_SHA256 = {digest!r} in src/openness/_bases.py")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
