"""Bases stated in a card: front matter, sentences, tags, the model's name; read by the card reader.

The snippets are cut from public Hugging Face cards (source above each); where a card also has a
``base_model`` key, it is left out to test the text alone, and said so.
"""

from __future__ import annotations

import time
from pathlib import Path

import pytest

import openness
from openness.readers._basefind import find_bases
from openness.readers._core import read
from openness.readers._hfcard import _parse

ROOT = Path(__file__).resolve().parent.parent
CARDS = sorted((ROOT / "tests" / "cases" / "cards").glob("*/README.md"))


def _found(text: str, name: str) -> list[tuple[str, str | None, int | None, str]]:
    card, _ = _parse(text, "README.md")
    found = find_bases(card.meta, card.units, name=name, keys=card.keys)
    return [(b.ref, b.relation, b.line, b.confidence) for b in found]


SNIPPETS = [
    # https://huggingface.co/bartowski/Meta-Llama-3.1-8B-Instruct-GGUF (its base_model left out).
    pytest.param(
        "Meta-Llama-3.1-8B-Instruct-GGUF",
        "---\nlicense: llama3.1\ntags:\n- facebook\n- meta\n- llama\n- llama-3\n"
        "quantized_by: bartowski\n---\n\n"
        "## Llamacpp imatrix Quantizations of Meta-Llama-3.1-8B-Instruct\n\n"
        "Using llama.cpp release b3472 for quantization.\n\n"
        "Original model: https://huggingface.co/meta-llama/Meta-Llama-3.1-8B-Instruct\n",
        ("meta-llama/Meta-Llama-3.1-8B-Instruct", "quantized", 15, "medium"),
        id="gguf-llama-3.1",
    ),
    # https://huggingface.co/steampunque/Llama-3.1-8B-Instruct-MP-GGUF
    pytest.param(
        "Llama-3.1-8B-Instruct-MP-GGUF",
        "---\nlicense: llama3.1\n---\n"
        "Mixed Precision GGUF layer quantization of Llama 3.1 8B Instruct by meta-llama\n\n"
        "Original model: https://huggingface.co/meta-llama/Llama-3.1-8B-Instruct\n",
        ("meta-llama/Llama-3.1-8B-Instruct", "quantized", 6, "medium"),
        id="gguf-mixed-precision",
    ),
    # https://huggingface.co/TheBloke/Platypus2-13B-GPTQ (no base_model: only the text says it).
    pytest.param(
        "Platypus2-13B-GPTQ",
        "---\ndatasets:\n- garage-bAInd/OpenPlatypus\ninference: false\nlicense: other\n"
        "model_creator: garage-bAInd\nmodel_name: Platypus2\nmodel_type: llama\n"
        "quantized_by: TheBloke\n---\n\n# Platypus2 13B - GPTQ\n"
        "- Model creator: [garage-bAInd](https://huggingface.co/garage-bAInd)\n"
        "- Original model: [Platypus2 13B](https://huggingface.co/garage-bAInd/Platypus2-13B)\n\n"
        "## Description\n\nThis repo contains GPTQ model files for "
        "[garage-bAInd's Platypus2 13B](https://huggingface.co/garage-bAInd/Platypus2-13B).\n",
        ("garage-bAInd/Platypus2-13B", "quantized", 14, "medium"),
        id="gptq-text-only",
    ),
    # A PEFT adapter on gated Llama 2, in the Trainer's card template ("This model is a
    # fine-tuned version of ... on the None dataset", transformers' modelcard.py), as adapters
    # pushed with PEFT carry it.
    pytest.param(
        "llama2-7b-guanaco-qlora",
        "---\nlibrary_name: peft\ntags:\n- generated_from_trainer\n---\n\n"
        "# llama2-7b-guanaco-qlora\n\nThis model is a fine-tuned version of "
        "[meta-llama/Llama-2-7b-hf](https://huggingface.co/meta-llama/Llama-2-7b-hf) on the "
        "None dataset.\n",
        ("meta-llama/Llama-2-7b-hf", "adapter", 9, "medium"),
        id="peft-adapter-gated-base",
    ),
    # "A LoRA adapter for X", as adapter cards state it.
    pytest.param(
        "sql-lora",
        "---\nlicense: apache-2.0\n---\nThis is a LoRA adapter for "
        "[mistralai/Mistral-7B-v0.1](https://huggingface.co/mistralai/Mistral-7B-v0.1), "
        "trained on text-to-SQL pairs.\n",
        ("mistralai/Mistral-7B-v0.1", "adapter", 4, "medium"),
        id="lora-adapter-for",
    ),
    # https://huggingface.co/spacematt/Gemma-Moon-2-9B-it (its base_model list left out).
    pytest.param(
        "Gemma-Moon-2-9B-it",
        "---\nlibrary_name: transformers\ntags:\n- mergekit\n- merge\n---\n# merge\n\n"
        "This is a merge of pre-trained language models created using "
        "[mergekit](https://github.com/cg123/mergekit).\n\n## Merge Details\n### Merge Method\n\n"
        "This model was merged using the [DARE TIES](https://arxiv.org/abs/2311.03099) merge "
        "method using [spacematt/Gemma-Bloom-2-9B-it]"
        "(https://huggingface.co/spacematt/Gemma-Bloom-2-9B-it) as a base.\n\n"
        "### Models Merged\n\nThe following models were included in the merge:\n"
        "* [spacematt/Gemma-Loom-2-9B-it](https://huggingface.co/spacematt/Gemma-Loom-2-9B-it)\n"
        "* [spacematt/Gemma-Lingua-2-9B-it]"
        "(https://huggingface.co/spacematt/Gemma-Lingua-2-9B-it)\n",
        ("spacematt/Gemma-Bloom-2-9B-it", "merge", 14, "medium"),
        id="mergekit",
    ),
    # https://huggingface.co/deepseek-ai/DeepSeek-R1-Distill-Llama-8B (README, "Distilled Models").
    pytest.param(
        "DeepSeek-R1-Distill-Llama-8B",
        "---\nlicense: mit\nlibrary_name: transformers\n---\n# DeepSeek-R1\n\n"
        "DeepSeek-R1-Distill-Llama-8B is derived from Llama3.1-8B-Base and is originally "
        "licensed under llama3.1 license.\n",
        ("Llama3.1-8B-Base", "finetune", 7, "medium"),
        id="distill-llama",
    ),
    # https://huggingface.co/HuggingFaceH4/zephyr-7b-beta (its base_model left out).
    pytest.param(
        "zephyr-7b-beta",
        "---\nlicense: mit\n---\nZephyr-7B-β is the second model in the series, and is a "
        "fine-tuned version of [mistralai/Mistral-7B-v0.1]"
        "(https://huggingface.co/mistralai/Mistral-7B-v0.1) that was trained on on a mix of "
        "publicly available, synthetic datasets using Direct Preference Optimization (DPO).\n",
        ("mistralai/Mistral-7B-v0.1", "finetune", 4, "medium"),
        id="zephyr-text",
    ),
    # https://huggingface.co/lmsys/vicuna-7b-v1.5 (no base_model key: the text and tags only).
    pytest.param(
        "vicuna-7b-v1.5",
        "---\ninference: false\nlicense: llama2\n---\n\n# Vicuna Model Card\n\n"
        "## Model Details\n\nVicuna is a chat assistant trained by fine-tuning Llama 2 on "
        "user-shared conversations collected from ShareGPT.\n\n"
        "- **Model type:** An auto-regressive language model based on the transformer "
        "architecture\n- **Finetuned from model:** [Llama 2](https://arxiv.org/abs/2307.09288)\n",
        ("Llama 2", "finetune", 10, "medium"),
        id="vicuna-text",
    ),
    # https://huggingface.co/mlabonne/Meta-Llama-3.1-8B-Instruct-abliterated
    pytest.param(
        "Meta-Llama-3.1-8B-Instruct-abliterated",
        "---\nlicense: llama3.1\n---\n# Llama 3.1 8B Instruct abliterated\n\n"
        "This is an uncensored version of Llama 3.1 8B Instruct created with abliteration.\n",
        ("Llama 3.1 8B Instruct", "finetune", 6, "medium"),
        id="abliterated",
    ),
    # The example: a base in the model's own name only.
    pytest.param(
        "Llama-3.1-8B-Instruct-abliterated-GGUF",
        "---\nlicense: llama3.1\n---\n# Quants\n",
        ("Llama-3.1-8B", "quantized", None, "low"),
        id="name-only",
    ),
    # A tag only: the Hub's llama-2 tag on a model whose name is not Llama's.
    pytest.param(
        "Platypus2-13B",
        "---\nlicense: cc-by-nc-sa-4.0\ntags:\n- llama-2\n---\n# Platypus2-13B\n",
        ("Llama 2", None, 3, "low"),
        id="tag-only",
    ),
    # https://huggingface.co/Qwen/Qwen2.5-72B-Instruct: the front matter wins (high).
    pytest.param(
        "Qwen2.5-72B-Instruct",
        "---\nlicense: other\nbase_model: Qwen/Qwen2.5-72B\ntags:\n- chat\n---\n# Qwen2.5\n",
        ("Qwen/Qwen2.5-72B", None, 3, "high"),
        id="front-matter",
    ),
]


@pytest.mark.parametrize(("name", "text", "best"), SNIPPETS)
def test_best_base(name: str, text: str, best: tuple[str, str | None, int | None, str]) -> None:
    found = _found(text, name)
    assert found, "no base found"
    assert found[0] == best


def test_merge_names_every_parent() -> None:
    text = SNIPPETS[5].values[1]
    refs = {ref for ref, relation, _, _ in _found(str(text), "Gemma-Moon-2-9B-it")}
    assert refs == {
        "spacematt/Gemma-Bloom-2-9B-it",
        "spacematt/Gemma-Loom-2-9B-it",
        "spacematt/Gemma-Lingua-2-9B-it",
    }


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param(
            "This model is a merge of mistralai/Mistral-7B-Instruct-v0.2 and "
            "CohereForAI/c4ai-command-r-v01.",
            ["mistralai/Mistral-7B-Instruct-v0.2", "CohereForAI/c4ai-command-r-v01"],
            id="merge-of-x-and-y",
        ),
        pytest.param(
            "A model distilled from Qwen/Qwen2.5-72B-Instruct.",
            ["Qwen/Qwen2.5-72B-Instruct"],
            id="distilled-from",
        ),
        pytest.param(
            "This is a quantized version of google/gemma-2-9b.", ["google/gemma-2-9b"], id="quant"
        ),
        pytest.param("It is based on OLMo 2 7B, from AI2.", ["OLMo 2 7B"], id="based-on-name"),
    ],
)
def test_sentences(text: str, expected: list[str]) -> None:
    found = _found(f"---\nlicense: mit\n---\n{text}\n", "acme-model")
    assert [ref for ref, *_ in found] == expected


@pytest.mark.parametrize(
    "text",
    [
        # https://huggingface.co/comet24082002/roberta-large-lora-token-classification: the
        # empty PEFT template.
        pytest.param("- **Finetuned from model [optional]:** [More Information Needed]", id="tpl"),
        pytest.param("The model is based on the transformer architecture.", id="architecture"),
        pytest.param("It was fine-tuned on the UltraChat dataset.", id="fine-tuned-on-data"),
        pytest.param("We trained it from scratch on 5T tokens of RefinedWeb.", id="from-scratch"),
        pytest.param("Derived from CommonCrawl snapshots.", id="derived-from-data"),
    ],
)
def test_no_base(text: str) -> None:
    assert _found(f"---\nlicense: mit\n---\n{text}\n", "acme-model") == []


@pytest.mark.parametrize("path", CARDS, ids=[p.parent.name for p in CARDS])
def test_real_cards(path: Path) -> None:
    # The corpus's base models state no base; Qwen2.5-72B-Instruct names its base in front matter.
    release, source = read(path)
    stated = [f for f in source.findings if f.rule == "base-model-stated"]
    if path.parent.name == "Qwen--Qwen2.5-72B-Instruct":
        assert release.base_model == ("Qwen/Qwen2.5-72B",)
        assert not stated
    else:
        assert (release.base_model, stated) == ((), [])


def test_card_reader_takes_the_best_base(tmp_path: Path) -> None:
    text = str(SNIPPETS[2].values[1])
    path = tmp_path / "Platypus2-13B-GPTQ" / "README.md"
    path.parent.mkdir()
    path.write_text(text, encoding="utf-8")
    a = openness.score(path)
    assert a.release.base_model == ("garage-bAInd/Platypus2-13B",)
    assert a.release.base_model_relation == "quantized"
    stated = [f for f in a.findings if f.rule == "base-model-stated"]
    assert stated
    assert all("line" in f.message and "confidence" in f.message for f in stated)


def _hostile(size: int) -> str:
    unit = (
        "fine-tuned version of fine-tuned from derived from a merge of x, y and "
        "[a](https://huggingface.co/a/b) merge method using ((( [[[ "
    )
    body = (unit * (size // len(unit) + 1))[:size]
    return f"---\nlicense: mit\ntags: [llama-2]\n---\n{body}\n"


def _time(text: str) -> float:
    card, _ = _parse(text, "README.md")
    best = float("inf")
    for _ in range(3):
        start = time.perf_counter()
        find_bases(card.meta, card.units, name="Llama-3.1-8B-x" * 20, keys=card.keys)
        best = min(best, time.perf_counter() - start)
    return best


def test_scanning_is_linear() -> None:
    small, large = _time(_hostile(50_000)), _time(_hostile(200_000))
    # Four times the text: linear is ~4x; quadratic would be ~16x.
    assert large / small < 8, (small, large)


@pytest.mark.parametrize(
    "phrase",
    [
        "a fine-tuned version of",
        "finetuned from",
        "made by fine-tuning",
        "further trained from",
        "continued pretraining of",
        "an instruction-tuned version of",
        "derived from",
        "an abliterated version of",
        "is based on",
        "built on top of",
        "built upon",
        "a LoRA adapter for",
        "QLoRA adapters for",
        "PEFT adapter for",
        "adapter weights for",
        "a quantized version of",
        "quantizations of",
        "GGUF files for",
        "GPTQ model files for",
        "AWQ model files for",
        "EXL2 quants of",
        "GGML format model files for",
        "Original model:",
        "a merge of",
        "merged from",
        "merge method using",
        "distilled from",
        "a distillation of",
    ],
)
def test_each_trigger(phrase: str) -> None:
    found = _found(f"---\nlicense: mit\n---\nThis model is {phrase} acme/base-7b.\n", "acme-x")
    assert [ref for ref, *_ in found] == ["acme/base-7b"]
