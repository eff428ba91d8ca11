"""Claims: the rung a producer's own words assert, in phrasings taken from real cards and reports."""

from __future__ import annotations

import gc
import time

import pytest

from openness._claims import Claim, classify_claim

SOURCE, WEIGHTS = Claim.OPEN_SOURCE, Claim.OPEN_WEIGHTS


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # Google AI blog, 2018-11-02 (data/releases/bert-large.yaml).
        pytest.param("Open Sourcing BERT", SOURCE, id="open-sourcing-title"),
        # Google's FMTI report, Dec 2025 (shared data/fmti/Dec2025/reports/Google_*.csv).
        pytest.param(
            "The open-sourcing of our SynthID text watermarking tool",
            SOURCE,
            id="the-open-sourcing-of",
        ),
        # OpenAI's simple-evals README, quoted in OpenAI's FMTI report, Dec 2025.
        pytest.param(
            "We are open sourcing it so we can be transparent about the accuracy numbers",
            SOURCE,
            id="open-sourcing-verb",
        ),
        # Nemotron-4 340B technical report (data/releases/nemotron-4-340b.yaml).
        pytest.param(
            "we are also open-sourcing the synthetic data generation pipeline",
            SOURCE,
            id="open-sourcing-hyphen",
        ),
        # Hugging Face terms of service, 2022-09-15 (data/licenses/scancode/huggingface-tos-*).
        pytest.param("Hugging Face Open-Sources Libraries", SOURCE, id="open-sources"),
        # tests/cases/cards/deepseek-ai--DeepSeek-R1/README.md.
        pytest.param(
            "To support the research community, we have open-sourced DeepSeek-R1-Zero, DeepSeek-R1",
            SOURCE,
            id="open-sourced",
        ),
        # tests/cases/cards/LLM360--Amber/README.md.
        pytest.param(
            "LLM360 is an initiative for comprehensive and fully open-sourced LLMs",
            SOURCE,
            id="fully-open-sourced",
        ),
        # tests/cases/cards/microsoft--phi-2/README.md.
        pytest.param(
            "The intention behind crafting this open-source model is to provide the research",
            SOURCE,
            id="open-source-model",
        ),
        # Granite 3.0 technical report (data/releases/granite-3.0-8b.yaml).
        pytest.param(
            "a new set of lightweight, state-of-the-art, open foundation models",
            WEIGHTS,
            id="open-foundation-models",
        ),
        # The European Open Source AI Index's note on Falcon (shared data/osai/records/Falcon.yaml).
        pytest.param("Open foundation model.", WEIGHTS, id="open-foundation-model"),
        # The Code Llama paper's title (ICSE 2024 LLM4Code; shared data/osai/records).
        pytest.param(
            "Code Llama: Open Foundation Models for Code", WEIGHTS, id="open-foundation-title"
        ),
        # tests/cases/cards/google--gemma-2-9b/README.md.
        pytest.param(
            "Gemma is a family of lightweight, state-of-the-art open models from Google",
            WEIGHTS,
            id="open-models",
        ),
        # tests/cases/cards/CohereForAI--c4ai-command-r-plus/README.md.
        pytest.param(
            "C4AI Command R+ is an open weights research release", WEIGHTS, id="open-weights"
        ),
        # Google's FMTI report, Dec 2025: the first sentence denies, the second asserts.
        pytest.param(
            "Gemini 2.5 Pro is not an open model. However, our open model Gemma 3 is provided "
            "with open weights on various platforms",
            WEIGHTS,
            id="denied-then-asserted",
        ),
        # The docstring's own case: open weights asserted, open source denied.
        pytest.param("open-weight, not open source", WEIGHTS, id="open-weight-not-open-source"),
        # Google's FMTI report, Dec 2025.
        pytest.param("Gemini 2.5 Pro is not an open model", None, id="not-an-open-model"),
        # OSI blog title, July 2023 (shared research/licences.md).
        pytest.param("Meta's LLaMa 2 license is not Open Source", None, id="not-open-source"),
        # Alibaba's FMTI report, Dec 2025.
        pytest.param(
            "The developer does not disclose open-source code and prompts",
            None,
            id="does-not-disclose-open-source",
        ),
        # The Opening up ChatGPT index's grading scale (shared data/opening-up-chatgpt).
        pytest.param(
            "The project is not licensed clearly or does not use a true Open Source Initiative "
            "(OSI)-approved license",
            None,
            id="does-not-use-open-source",
        ),
        # The real sentences above, negated as producers negate them ("not", "no", "rather than").
        pytest.param("We are not open sourcing it", None, id="not-open-sourcing"),
        pytest.param("Google never open-sources its Gemini models", None, id="never-open-sources"),
        pytest.param("DeepSeek-R1 is not open-sourced", None, id="not-open-sourced"),
        pytest.param(
            "Gemini 2.5 Pro is not an open foundation model", None, id="not-open-foundation-model"
        ),
        pytest.param(
            "closed rather than open foundation models", None, id="rather-than-open-foundation"
        ),
        # Not claims: the plural noun, and words that only begin like the claims.
        pytest.param("Datasets gathered from open sources", None, id="open-sources-noun"),
        pytest.param("An open sourcerer", None, id="open-sourcer"),
        pytest.param("An open foundation for research", None, id="open-foundation-alone"),
    ],
)
def test_classify_claim(text: str, expected: Claim | None) -> None:
    assert classify_claim(text) is expected


# Texts made to make a backtracking search slow: a claim word cut short, over and over.
HOSTILE = [
    pytest.param("open-", id="open-hyphen"),
    pytest.param("open sourc", id="open-sourc"),
    pytest.param("open foundation ", id="open-foundation"),
    pytest.param("not open source ", id="negated"),
    pytest.param("open" + "-" * 97 + " ", id="hyphen-runs"),
]


def _seconds(*texts: str) -> list[float]:
    # CPU time, not wall time: other processes on a busy machine take the wall clock, not this.
    # The best of several rounds, taken in turn.
    best = [float("inf")] * len(texts)
    gc.disable()
    try:
        for _ in range(7):
            for i, text in enumerate(texts):
                start = time.process_time()
                classify_claim(text)
                best[i] = min(best[i], time.process_time() - start)
    finally:
        gc.enable()
    return best


@pytest.mark.parametrize("unit", HOSTILE)
def test_claims_scale_linearly(unit: str) -> None:
    small, large = _seconds(unit * (50_000 // len(unit)), unit * (200_000 // len(unit)))
    # Four times the text: near 4 times the time when linear, 16 times when quadratic.
    assert large < 10 * small + 0.005
