"""Digests of every output of a broad corpus: to show a change to the judge changes no verdict.

    python tasks/output_digests.py before.json                     # on the old commit
    python tasks/output_digests.py after.json --compare before.json  # on the new one

The corpus: the bundled releases, the MOT records, MOT's own test records (when ../shared is
beside the checkout), the model cards, and 4,300 generated releases (benchmarks/conftest.py's
varied releases with claims, base models, unknown and unstated licences, unmentioned and
withheld components, systemic risk and compute), the last 300 again with every memo emptied.
Each input's digest is the SHA-256 of its ``to_dict()`` (less the source, which names the input),
its ``explain()``, its flags, claims and ceiling. ``--compare`` prints the inputs whose digest
changed and exits 1 if any did.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import random
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
MOT_TESTS = ROOT.parent / "shared" / "data" / "mot" / "reference" / "test-data"
sys.path.insert(0, str(ROOT / "benchmarks"))

from conftest import fuzzed_releases  # noqa: E402 - the benchmarks' varied releases

import openness  # noqa: E402
from openness import _judge  # noqa: E402

_CLAIMS = (
    "open source",
    "fully open-sourced LLMs",
    "open weights",
    "the open-sourcing of X",
    "not open source",
    "Open Foundation Models",
    "open models",
)
_BASES = (
    "meta-llama/Llama-3.1-8B",
    "google/gemma-2-9b",
    "allenai/OLMo-2-1124-7B",
    "mistralai/Mistral-7B-v0.1",
    "unknown/base",
    "Qwen/Qwen2.5-7B",
)
_LICENSES = (
    "MIT",
    "Apache-2.0",
    "llama3.1",
    "NOASSERTION",
    "Frobnicate License 2",
    "CC-BY-NC-4.0",
    "gemma",
    "openrail",
)
_RELATIONS = ("finetune", "adapter", "quantized", "merge", "distillation")


def digest(source: object) -> str:
    """Return the digest of every output of *source*'s assessment, or the error it raises."""
    try:
        a = openness.score(source)
    except openness.InvalidReleaseError as e:
        return f"error: {e}"
    d = a.to_dict()
    d.pop("source", None)
    text = json.dumps(d, sort_keys=True, default=str) + a.explain()
    text += repr(sorted(a.flags)) + repr(a.claims) + repr(a.ceiling)
    return hashlib.sha256(text.encode()).hexdigest()


def generated(count: int, seed: int) -> list[dict[str, Any]]:
    """Return *count* varied releases, with what the evidence model reads added at random."""
    rng = random.Random(seed)
    out = []
    for m in fuzzed_releases(count, seed=seed):
        if rng.random() < 0.3:
            m["claims"] = rng.sample(_CLAIMS, rng.randint(1, 3))
        if rng.random() < 0.2:
            m["base_model"] = rng.choice(_BASES)
            if rng.random() < 0.5:
                m["base_model_relation"] = rng.choice(_RELATIONS)
        if rng.random() < 0.3:
            m["license"] = rng.choice(_LICENSES)
        for name, c in list(m["components"].items()):
            r = rng.random()
            if r < 0.08:
                c["license"] = rng.choice(_LICENSES)
            elif r < 0.12:
                m["components"][name] = {"released": None}
            elif r < 0.15:
                m["components"][name] = {"released": False}
        if rng.random() < 0.1:
            m["systemic_risk"] = rng.random() < 0.5
        if rng.random() < 0.1:
            m["training_compute_flops"] = rng.choice([1e22, 1e26])
        out.append(m)
    return out


def digests() -> dict[str, str]:
    """Return each input's digest, by its path or its place in the generated corpus."""
    paths = [
        *sorted((ROOT / "data" / "releases").glob("*.yaml")),
        *sorted((ROOT / "data" / "mot" / "models").glob("*.yml")),
        *sorted(
            (ROOT.parent / "shared" / "data" / "mot" / "reference" / "test-data").glob("*.yml")
        ),
        *sorted((ROOT / "tests" / "cases" / "cards").glob("*/README.md")),
    ]
    out = {str(p.relative_to(p.parents[2])): digest(p) for p in paths}
    corpus = generated(4300, seed=3)
    out |= {f"generated {i}": digest(m) for i, m in enumerate(corpus)}
    _judge.forget()
    out |= {f"again {i}": digest(m) for i, m in enumerate(corpus[-300:])}
    return out


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path, help="where to write the digests (JSON)")
    parser.add_argument("--compare", type=Path, help="digests of another commit to compare with")
    args = parser.parse_args(argv)
    found = digests()
    args.out.write_text(json.dumps(found, indent=0, sort_keys=True) + "\n", encoding="utf-8")
    print(f"{len(found)} inputs, digests in {args.out}")
    if args.compare is None:
        return 0
    before = json.loads(args.compare.read_text(encoding="utf-8"))
    changed = sorted(k for k in found.keys() | before.keys() if found.get(k) != before.get(k))
    for key in changed:
        print(f"changed: {key}")
    print(f"{len(changed)} of {len(found)} changed")
    return 1 if changed else 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
