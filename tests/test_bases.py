"""The releases openness knows, by Hub id: the table is what data/ builds, and lookups find them."""

from __future__ import annotations

import json
import subprocess
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

import openness
from openness import _bases
from openness._bases import hub_id, known_base, normalise

if TYPE_CHECKING:
    from collections.abc import Iterator

ROOT = Path(__file__).resolve().parent.parent
BASES_FILE = ROOT / "src" / "openness" / "data" / "bases.json"


def test_file_is_what_the_data_builds() -> None:
    done = subprocess.run(
        [sys.executable, str(ROOT / "tasks" / "build_bases.py"), "--check"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr


def test_file_is_canonical_json() -> None:
    text = BASES_FILE.read_text(encoding="utf-8")
    assert text == json.dumps(json.loads(text), indent=2, sort_keys=True) + "\n"


def test_header_counts_each_source() -> None:
    doc = json.loads(BASES_FILE.read_text(encoding="utf-8"))
    assert set(doc["built_from"]) == {"native", "mot", "opening-up-chatgpt", "aliases"}
    for fmt in ("native", "mot", "opening-up-chatgpt"):
        counts = doc["counts"][fmt]
        on_disk = [r for r in doc["records"] if r["format"] == fmt]
        assert counts["records"] == len(on_disk) > 0
        assert counts["id"] > 0
    assert sum(sum(c.values()) - c["records"] for c in doc["counts"].values()) == len(doc["keys"])


@pytest.mark.parametrize(
    ("ref", "source", "hub"),
    [
        pytest.param(
            "meta-llama/Llama-3.1-8B",
            "data/releases/llama-3.1-8b.yaml",
            "meta-llama/Llama-3.1-8B",
            id="llama-3.1-8b",
        ),
        pytest.param(
            "allenai/OLMo-2-1124-7B",
            "data/releases/olmo-2-1124-7b.yaml",
            "allenai/OLMo-2-1124-7B",
            id="olmo-2",
        ),
        pytest.param(
            "mistralai/Mistral-7B-v0.1",
            "data/releases/mistral-7b.yaml",
            "mistralai/Mistral-7B-v0.1",
            id="mistral-7b",
        ),
        # The curated corpus wins over the MOT record of the same model.
        pytest.param(
            "LLM360/Amber", "data/releases/amber.yaml", "LLM360/Amber", id="curated-first"
        ),
        # Renamed on the Hub (data/kb/base_aliases.yaml), the old id redirects.
        pytest.param(
            "meta-llama/Meta-Llama-3.1-8B",
            "data/releases/llama-3.1-8b.yaml",
            "meta-llama/Llama-3.1-8B",
            id="alias-renamed",
        ),
        # An alias names a MOT record that gives no Hub id of its own.
        pytest.param(
            "meta-llama/Meta-Llama-3-8B",
            "data/mot/models/Llama-3-8B.yml",
            "meta-llama/Meta-Llama-3-8B",
            id="alias-mot",
        ),
        pytest.param(
            "hf://meta-llama/Llama-3.1-8B@main",
            "data/releases/llama-3.1-8b.yaml",
            "meta-llama/Llama-3.1-8B",
            id="hf-url-revision",
        ),
        pytest.param(
            "hf:allenai/OLMo-2-1124-7B",
            "data/releases/olmo-2-1124-7b.yaml",
            "allenai/OLMo-2-1124-7B",
            id="hf-shorthand",
        ),
        pytest.param(
            "https://huggingface.co/mistralai/Mistral-7B-v0.1/tree/main/",
            "data/releases/mistral-7b.yaml",
            "mistralai/Mistral-7B-v0.1",
            id="https-tree",
        ),
        pytest.param(
            "  META-LLAMA/LLAMA-3.1-8B  ",
            "data/releases/llama-3.1-8b.yaml",
            "meta-llama/Llama-3.1-8B",
            id="case-and-blanks",
        ),
        # Names: the id without its org, the release's name, a name in prose.
        pytest.param(
            "Llama-3.1-8B", "data/releases/llama-3.1-8b.yaml", "meta-llama/Llama-3.1-8B", id="name"
        ),
        pytest.param(
            "Mistral 7B", "data/releases/mistral-7b.yaml", "mistralai/Mistral-7B-v0.1", id="prose"
        ),
        pytest.param(
            "Qwen/Qwen2.5-7B-Instruct",
            "data/mot/models/Qwen2.5-7B-Instruct.yml",
            "Qwen/Qwen2.5-7B-Instruct",
            id="mot",
        ),
        pytest.param(
            "tiiuae/falcon-40b-instruct",
            "data/opening-up-chatgpt/projects/Falcon-40B-instruct.yaml",
            "tiiuae/falcon-40b-instruct",
            id="expert",
        ),
    ],
)
def test_known_base(ref: str, source: str, hub: str) -> None:
    found = known_base(ref)
    assert found is not None
    assert (found.source, found.id) == (source, hub)
    assert isinstance(found.release, openness.Release)
    assert found.release.to_mapping() == openness.score(ROOT / source).release.to_mapping()


@pytest.mark.parametrize(
    "ref",
    [
        pytest.param("acme/never-released", id="unknown-id"),
        pytest.param("meta-llama/Llama-3.1-8B-Instruct-abliterated", id="unknown-derivative"),
        pytest.param("https://huggingface.co/datasets/allenai/OLMo-2-1124-7B", id="dataset-url"),
        pytest.param("", id="empty"),
        pytest.param("/", id="slash"),
        pytest.param("x" * 10_000, id="10kb"),
        pytest.param("meta-llama/" + "a/" * 5_000, id="10kb-path"),
        pytest.param("meta-llama/Llama-3.1-8B\x1b[2J", id="escape"),
        pytest.param("meta-llama/Llama-3.1-8B\x00", id="nul"),
        pytest.param("hf://" + "@" * 900, id="revisions"),
    ],
)
def test_unknown_or_hostile_is_none(ref: str) -> None:
    start = time.perf_counter()
    assert known_base(ref) is None
    assert time.perf_counter() - start < 0.05


def test_mot_link_to_another_size_is_refused() -> None:
    # MOT's CodeGemma-2B record links the 7B repository, and its 7B record the 2B one: both links
    # are refused as another model's; each record is found by its own name.
    assert known_base("google/codegemma-7b") is None
    assert known_base("google/codegemma-2b") is None
    found = known_base("CodeGemma-7B")
    assert found is not None
    assert found.source == "data/mot/models/CodeGemma-7B.yml"


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        pytest.param("https://huggingface.co/LLM360/Amber/tree/main", "LLM360/Amber", id="tree"),
        pytest.param("https://huggingface.co/LLM360/Amber#files", "LLM360/Amber", id="fragment"),
        pytest.param("https://hf.co/LLM360/Amber?x=1", "LLM360/Amber", id="hf-co-query"),
        pytest.param("https://huggingface.co/datasets/LLM360/AmberDatasets", None, id="dataset"),
        pytest.param("https://huggingface.co/spaces/x/y", None, id="space"),
        pytest.param("https://huggingface.co/meta-llama", None, id="org-only"),
        pytest.param("https://github.com/LLM360/amber-train", None, id="github"),
    ],
)
def test_hub_id(given: str, expected: str | None) -> None:
    assert hub_id(given) == expected


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        pytest.param("Meta-Llama/Llama-3.1-8B", "meta-llama/llama-3.1-8b", id="lower"),
        pytest.param("hf://a/b@v1.0", "a/b", id="revision"),
        pytest.param("https://huggingface.co/a/b/blob/main/README.md", "a/b", id="file"),
        pytest.param("https://huggingface.co/models/a/b", "a/b", id="models-prefix"),
        pytest.param("Llama  3.1\t8B", "llama-3.1-8b", id="spaces"),
        pytest.param("a\x07b", None, id="bell"),
        pytest.param("   ", None, id="blank"),
    ],
)
def test_normalise(given: str, expected: str | None) -> None:
    assert normalise(given) == expected


@pytest.fixture
def reloaded() -> Iterator[None]:
    _bases._load.cache_clear()
    _bases._release.cache_clear()
    yield
    _bases._load.cache_clear()
    _bases._release.cache_clear()


@pytest.mark.usefixtures("reloaded")
def test_altered_file_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(_bases, "BASES_SHA256", "0" * 64)
    with pytest.raises(openness.ModelFileError, match="SHA-256") as info:
        known_base("meta-llama/Llama-3.1-8B")
    assert "\n" not in str(info.value)


def test_import_does_not_read_the_table() -> None:
    code = (
        "import sys\n"
        "opened = []\n"
        "sys.addaudithook(lambda e, a: e == 'open' and opened.append(str(a[0])))\n"
        "import openness\n"
        "openness.score({'name': 'x', 'license': 'MIT'})\n"
        "assert not [p for p in opened if p.endswith('bases.json')], opened\n"
        "from openness._bases import known_base\n"
        "assert known_base('meta-llama/Llama-3.1-8B') is not None\n"
        "assert [p for p in opened if p.endswith('bases.json')], 'the audit hook saw no open'\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
