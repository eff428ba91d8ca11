"""The evidence model: pass, fail or unverified; a proven level and a ceiling; derived models
bound by their base; the interval only narrows as evidence comes in."""

from __future__ import annotations

import io
import shutil
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import assume, given
from hypothesis import strategies as st
from test_properties import SETTINGS, check_consistent, licences, mapping_of, releases

import openness
from openness import Level, Status
from openness._cli import main

ROOT = Path(__file__).resolve().parent.parent
CARDS = ROOT / "tests" / "cases" / "cards"
BUNDLED = ROOT / "data" / "releases"


# Cards that leave facts out: unverified, never an accusation ---------------------------------


@pytest.mark.parametrize(
    "folder",
    [
        # A fully open family the OSI validated: the card links its dataset and paper without
        # their licences, and never mentions its data-processing code.
        "allenai--OLMo-2-1124-7B",
        "HuggingFaceTB--SmolLM2-1.7B",
        "LLM360--Amber",
        "EleutherAI--pythia-6.9b",
    ],
)
def test_open_cards_that_leave_facts_out_are_unverified(folder: str) -> None:
    a = openness.score(CARDS / folder / "README.md")
    assert "open-washing" not in a.flags, a.explain()
    assert a.osaid.status is Status.UNVERIFIED, a.explain()
    assert a.ceiling >= Level.OPEN_SOURCE
    assert a.level <= a.ceiling
    assert a.osaid.missing_evidence
    check_consistent(a)


def test_a_card_never_mentioning_a_component_reads_it_as_unknown() -> None:
    a = openness.score(CARDS / "allenai--OLMo-2-1124-7B" / "README.md")
    assert a.release.unknown("data_preprocessing_code")
    rules = {f.rule for f in a.osaid.findings}
    assert "data-preprocessing-code-not-stated" in rules
    assert "data-preprocessing-code-not-released" not in rules


def test_a_native_release_keeps_the_mof_convention() -> None:
    # Its writer declared the components: one absent is not released (proof), not unknown.
    a = openness.score(
        {
            "name": "x",
            "access": "open",
            "license": "MIT",
            "components": {"model_parameters_final": {}},
        }
    )
    assert a.osaid.status is Status.FAIL
    assert "training-code-not-released" in {f.rule for f in a.osaid.findings}
    assert a.ceiling == a.level


@pytest.mark.parametrize(
    ("license_text", "owd"),
    [
        pytest.param("NOASSERTION", Status.UNVERIFIED, id="not-stated"),
        pytest.param("Some Company Model Licence v2", Status.UNVERIFIED, id="not-recognised"),
        pytest.param("NONE", Status.FAIL, id="no-licence-is-proof"),
        pytest.param("llama3.1", Status.FAIL, id="restrictive-is-proof"),
        pytest.param("Apache-2.0", Status.PASS, id="open"),
    ],
)
def test_an_unknown_licence_is_unverified_not_restrictive(license_text: str, owd: Status) -> None:
    a = openness.score(
        {
            "name": "x",
            "access": "open",
            "license": license_text,
            "components": {"model_parameters_final": {}},
        }
    )
    assert a.owd.status is owd, a.explain()
    assert a.owd.passed is (owd is Status.PASS)
    if owd is Status.UNVERIFIED:
        assert a.level == Level.RESTRICTED_WEIGHTS
        assert a.ceiling >= Level.OPEN_WEIGHTS
        assert all(f.evidence == "missing" for f in a.owd.findings if f.severity == 2)


def test_findings_say_missing_evidence_or_proof() -> None:
    a = openness.score(CARDS / "allenai--OLMo-2-1124-7B" / "README.md")
    assert {f.evidence for f in a.findings} == {"missing", "proof"}
    assert all(f.to_dict()["evidence"] == f.evidence for f in a.findings)


# Derived models, bound by their base --------------------------------------------------------


def _derived(tmp_path: Path, bases: list[str], release: dict[str, Any]) -> Path:
    """Write *release* beside copies of the bundled *bases*, which it names by file."""
    for name in bases:
        shutil.copy(BUNDLED / name, tmp_path / name)
    path = tmp_path / "derived.yaml"
    path.write_text(yaml.safe_dump(release), encoding="utf-8")
    return path


# Each real derivative as its Hub card describes it (source in the comment); the base is the
# bundled release of the base model.
DERIVED = [
    pytest.param(
        # https://huggingface.co/deepseek-ai/DeepSeek-R1-Distill-Llama-8B: "license: mit";
        # "derived from Llama3.1-8B-Base and is originally licensed under llama3.1 license".
        ["llama-3.1-8b.yaml"],
        {
            "name": "DeepSeek-R1-Distill-Llama-8B",
            "license": "MIT",
            "access": "open",
            "base_model": "llama-3.1-8b.yaml",
            "components": {"model_parameters_final": {}},
        },
        Status.FAIL,
        {"open-washing", "use-restrictions", "user-threshold"},
        id="distillation-into-llama-labelled-mit",
    ),
    pytest.param(
        # https://huggingface.co/teknium/OpenHermes-2.5-Mistral-7B: apache-2.0, a fine-tune of
        # mistralai/Mistral-7B-v0.1 (Apache-2.0).
        ["mistral-7b.yaml"],
        {
            "name": "OpenHermes-2.5-Mistral-7B",
            "license": "Apache-2.0",
            "access": "open",
            "base_model": "mistral-7b.yaml",
            "components": {"model_parameters_final": {}},
        },
        Status.PASS,
        set(),
        id="finetune-of-an-apache-base",
    ),
    pytest.param(
        # https://huggingface.co/bartowski/Meta-Llama-3.1-8B-Instruct-GGUF: license llama3.1.
        ["llama-3.1-8b.yaml"],
        {
            "name": "Meta-Llama-3.1-8B-Instruct-GGUF",
            "license": "llama3.1",
            "access": "open",
            "base_model": "llama-3.1-8b.yaml",
            "components": {"model_parameters_final": {}},
        },
        Status.FAIL,
        {"use-restrictions", "user-threshold"},
        id="gguf-quantization-of-llama",
    ),
    pytest.param(
        # A LoRA adapter labelled apache-2.0 on google/gemma-2-9b (gated, Gemma terms): usable
        # only with the base, so released in part and bound by the Gemma terms.
        ["gemma-2-9b.yaml"],
        {
            "name": "gemma-2-9b-lora",
            "license": "Apache-2.0",
            "access": "open",
            "base_model": "gemma-2-9b.yaml",
            "components": {"model_parameters_final": {"partial": True}},
        },
        Status.FAIL,
        {"open-washing", "use-restrictions"},
        id="adapter-on-a-gated-base",
    ),
    pytest.param(
        # A merge of CohereForAI/c4ai-command-r-plus (CC-BY-NC-4.0) and Mistral-7B (Apache-2.0).
        ["command-r-plus.yaml", "mistral-7b.yaml"],
        {
            "name": "merge",
            "license": "Apache-2.0",
            "access": "open",
            "base_model": ["mistral-7b.yaml", "command-r-plus.yaml"],
            "components": {"model_parameters_final": {}},
        },
        Status.FAIL,
        {"open-washing", "non-commercial"},
        id="merge-of-non-commercial-and-apache",
    ),
    pytest.param(
        [],
        {
            "name": "of-an-unknown-base",
            "license": "Apache-2.0",
            "access": "open",
            "base_model": "someone/never-heard-of-7b",
            "components": {"model_parameters_final": {}},
        },
        Status.UNVERIFIED,
        set(),
        id="unknown-base",
    ),
]


@pytest.mark.parametrize(("bases", "release", "owd", "flags"), DERIVED)
def test_derived_models_are_bound_by_their_base(
    tmp_path: Path, bases: list[str], release: dict[str, Any], owd: Status, flags: set[str]
) -> None:
    a = openness.score(_derived(tmp_path, bases, release))
    assert a.owd.status is owd, a.explain()
    assert flags <= a.flags, a.explain()
    if not flags:
        assert "open-washing" not in a.flags
    if bases:
        assert a.base is not None
        assert a.base.name == openness.score(tmp_path / release_base(release)).name
    else:
        assert a.base is None
        assert any("never-heard-of" in f.message for f in a.owd.findings)
    check_consistent(a)


def release_base(release: dict[str, Any]) -> str:
    base = release["base_model"]
    return base if isinstance(base, str) else base[0]


def test_a_label_its_base_forbids_is_a_claim(tmp_path: Path) -> None:
    a = openness.score(_derived(tmp_path, ["llama-3.1-8b.yaml"], DERIVED[0].values[1]))
    [label] = [c for c in a.claims if c.text == "licensed MIT"]
    assert label.verdict == "open-washing"
    [finding] = [f for f in a.findings if f.rule == "claim-base-license"]
    assert finding.claim == "licensed MIT"
    assert "llama" in finding.message.lower()
    assert "user_threshold" in finding.message


def test_osaid_needs_the_bases_data_information(tmp_path: Path) -> None:
    # Post-training code and data all open, but the Llama base's training data is undisclosed.
    open_ = {"license": "Apache-2.0"}
    release = {
        "name": "post-trained",
        "access": "open",
        "license": "Apache-2.0",
        "base_model": "llama-3.1-8b.yaml",
        "components": dict.fromkeys(
            [
                "model_parameters_final",
                "training_code",
                "inference_code",
                "model_architecture",
                "data_preprocessing_code",
                "datasets",
                "data_card",
            ],
            open_,
        ),
    }
    a = openness.score(_derived(tmp_path, ["llama-3.1-8b.yaml"], release))
    assert a.osaid.status is Status.FAIL
    assert "data-information-base" in {f.rule for f in a.osaid.findings}


def test_a_chain_two_deep_is_followed(tmp_path: Path) -> None:
    first = _derived(tmp_path, ["llama-3.1-8b.yaml"], DERIVED[0].values[1])
    first.rename(tmp_path / "distill.yaml")
    second = {
        "name": "finetune-of-the-distillation",
        "license": "Apache-2.0",
        "access": "open",
        "base_model": "distill.yaml",
        "components": {"model_parameters_final": {}},
    }
    path = tmp_path / "second.yaml"
    path.write_text(yaml.safe_dump(second), encoding="utf-8")
    a = openness.score(path)
    assert a.base is not None
    assert a.base.base is not None
    assert a.base.base.name == "Llama-3.1-8B"
    assert {"use-restrictions", "user-threshold", "open-washing"} <= a.flags


def test_a_cycle_is_refused_in_one_line(tmp_path: Path) -> None:
    for name, base in (("a.yaml", "b.yaml"), ("b.yaml", "a.yaml")):
        (tmp_path / name).write_text(
            yaml.safe_dump(
                {
                    "name": name,
                    "license": "MIT",
                    "base_model": base,
                    "components": {"model_parameters_final": {}},
                }
            ),
            encoding="utf-8",
        )
    with pytest.raises(openness.InvalidReleaseError, match="base model cycle"):
        openness.score(tmp_path / "a.yaml")


def test_a_base_outside_the_release_folder_is_not_read(tmp_path: Path) -> None:
    inner = tmp_path / "inner"
    inner.mkdir()
    shutil.copy(BUNDLED / "llama-3.1-8b.yaml", tmp_path / "llama.yaml")
    path = inner / "derived.yaml"
    path.write_text(
        yaml.safe_dump(
            {
                "name": "x",
                "license": "MIT",
                "access": "open",
                "base_model": "../llama.yaml",
                "components": {"model_parameters_final": {}},
            }
        ),
        encoding="utf-8",
    )
    a = openness.score(path)
    assert a.base is None
    assert a.owd.status is Status.UNVERIFIED


def test_fail_on_use_restrictions_catches_a_llama_finetune(tmp_path: Path) -> None:
    path = _derived(tmp_path, ["llama-3.1-8b.yaml"], DERIVED[0].values[1])
    code = main(["audit", "--fail-on", "use-restrictions", str(path)], io.StringIO())
    assert code == 1


# The interval only narrows as evidence comes in ---------------------------------------------


@SETTINGS
@given(releases, st.sampled_from(sorted(openness.COMPONENTS)), st.one_of(st.none(), licences))
def test_saying_whether_a_component_is_released_narrows_the_interval(
    release: dict[str, Any], name: str, license_id: str | None
) -> None:
    unknown = mapping_of(release)
    unknown["components"][name] = {"released": None}
    a = openness.score(unknown)
    withheld = mapping_of(unknown)
    withheld["components"][name] = {"released": False}
    released = mapping_of(unknown)
    released["components"][name] = {"license": license_id} if license_id else {}
    for told in (withheld, released):
        b = openness.score(told)
        assert b.level >= a.level, (a.explain(), b.explain())
        assert b.ceiling <= a.ceiling, (a.explain(), b.explain())


@SETTINGS
@given(releases, st.one_of(st.none(), st.sampled_from(sorted(openness.COMPONENTS))), licences)
def test_stating_an_unstated_licence_narrows_the_interval(
    release: dict[str, Any], name: str | None, license_id: str
) -> None:
    unstated = mapping_of(release)
    if name is None:
        unstated["license"] = "NOASSERTION"
    else:
        unstated["components"].setdefault(name, {})["license"] = "NOASSERTION"
        unstated["components"][name].pop("released", None)
    stated = mapping_of(unstated)
    if name is None:
        stated["license"] = license_id
    else:
        stated["components"][name]["license"] = license_id
    assume(license_id != "NOASSERTION")
    a, b = openness.score(unstated), openness.score(stated)
    assert b.level >= a.level, (a.explain(), b.explain())
    assert b.ceiling <= a.ceiling, (a.explain(), b.explain())
