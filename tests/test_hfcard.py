"""Hugging Face model cards: real cards (tests/cases/cards, each citing its source) → releases."""

from __future__ import annotations

import contextlib
import re
import time
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

import openness
from openness import Level
from openness.readers._hfcard import (
    _COMMENT,
    _FILE_IN_REPO,
    _FRONT_MATTER,
    _LINK,
    _front_matter,
    _uncomment,
    _unlink,
    card_index,
    claim_of,
    split_card,
)

CARDS = Path(__file__).resolve().parent / "cases" / "cards"
R = Level.RESTRICTED_WEIGHTS
W = Level.OPEN_WEIGHTS

# (card folder, highest level the card can show, access, open-washing?, reader findings expected)
# Each card's source is cited in an HTML comment at the top of its body.
CASES = [
    # Gated behind Meta's form; a comparison with "open source ... chat models" is no claim.
    ("meta-llama--Llama-3.1-8B", R, "registration", False, {"hf-gated", "hf-license-file"}),
    # "support the open source community" names the community, not the release.
    ("meta-llama--Meta-Llama-3-8B", R, "registration", False, {"hf-gated"}),
    # The gate refuses EU users (extra_gated_eu_disallowed: true).
    ("meta-llama--Llama-3.2-11B-Vision", R, "registration", False, {"hf-gated-eu-disallowed"}),
    # "open models", "open weights" under the Gemma terms; "Requests are processed immediately".
    ("google--gemma-2-9b", R, "registration", True, {"hf-gated"}),
    # Apache-2.0 weights, no claim: honest open weights.
    ("mistralai--Mistral-7B-v0.1", W, None, False, {"hf-access-not-stated"}),
    # Code and model under Apache 2.0 (stated), datasets, checkpoints; comparisons only.
    ("allenai--OLMo-2-1124-7B", Level.OPEN_SCIENCE, None, False, {"hf-license-not-stated"}),
    # 154 intermediate checkpoints, the Pile, the GitHub repository for training.
    ("EleutherAI--pythia-6.9b", Level.OPEN_SCIENCE, None, False, {"hf-license-not-stated"}),
    # BigScience BLOOM RAIL 1.0: use restrictions.
    ("bigscience--bloom", R, None, False, set()),
    # BigCode OpenRAIL-M: use restrictions; model-index results; The Stack v2.
    ("bigcode--starcoder2-15b", R, None, False, set()),
    # MIT weights, "this open-source model": the card shows no code and no data, so the claim is
    # unverified (a card's silence is not proof they are withheld), not open-washing.
    ("microsoft--phi-2", W, None, False, {"hf-license-file", "claim-unverified"}),
    # license: other, license_name: qwen; LICENSE titled "Qwen LICENSE AGREEMENT".
    ("Qwen--Qwen2.5-72B-Instruct", R, None, False, {"hf-base-model", "hf-license-file"}),
    # license_name: qwen-research (non-commercial).
    ("Qwen--Qwen2.5-3B", R, None, False, {"hf-license-file"}),
    # No licence key; LICENSE-MODEL is the DeepSeek License; "outperforms other open-source models".
    ("deepseek-ai--DeepSeek-V3", R, None, True, {"hf-license-file"}),
    # MIT code and weights, "we have open-sourced DeepSeek-R1": the card shows no training code
    # or data; the claim is unverified on this evidence.
    ("deepseek-ai--DeepSeek-R1", W, None, False, {"hf-license-statement", "claim-unverified"}),
    # FLUX.1 [dev] Non-Commercial License, gated, "Open weights to drive new scientific research".
    ("black-forest-labs--FLUX.1-dev", R, "registration", True, {"hf-gated"}),
    # CreativeML Open RAIL++-M.
    ("stabilityai--stable-diffusion-xl-base-1.0", R, None, False, {"hf-license-file"}),
    # license: unknown (the Falcon-180B TII License is only in the gate's prompt).
    ("tiiuae--falcon-180B", R, "registration", False, {"hf-gated"}),
    # Fully open claims with code, data, checkpoints and paper linked, their licences unstated.
    ("LLM360--Amber", Level.OPEN_SCIENCE, None, None, {"hf-license-not-stated"}),
    # Apache-2.0, datasets and nanotron linked, no claim.
    ("HuggingFaceTB--SmolLM2-1.7B", Level.OPEN_SCIENCE, None, False, set()),
    # CC-BY-NC-4.0, gated, "an open weights research release".
    ("CohereForAI--c4ai-command-r-plus", R, "registration", True, {"hf-gated"}),
]


@pytest.mark.parametrize(
    ("folder", "ceiling", "access", "washing", "reader"), CASES, ids=[c[0] for c in CASES]
)
def test_real_card(
    folder: str, ceiling: Level, access: str | None, washing: bool | None, reader: set[str]
) -> None:
    a = openness.score(CARDS / folder / "README.md")
    assert a.source["format"] == "hf-card"
    assert a.level <= ceiling
    if ceiling <= R:
        assert a.level == R  # Weights in a model repository, but terms or access fail the OWD.
    else:
        assert a.level >= W
    assert (a.release.access.value if a.release.access else None) == access
    if washing is not None:
        assert ("open-washing" in a.flags) is washing
    assert reader <= {f.rule for f in a.findings}
    assert a.release.components["model_card"].released


def test_there_are_at_least_15_real_cards() -> None:
    cards = sorted(CARDS.glob("*/README.md"))
    assert len(cards) >= 15
    for card in cards:
        assert "<!-- Source: https://huggingface.co/" in card.read_text(), card


def test_olmo_card_evidence() -> None:
    r = openness.score(CARDS / "allenai--OLMo-2-1124-7B" / "README.md").release
    assert r.name == "OLMo-2-1124-7B"
    assert r.producer == "Allen Institute for AI (Ai2)"
    assert r.license == "apache-2.0"
    assert r.claims == ()
    comps = r.components
    # "The code and model are released under Apache 2.0" covers the code the card links.
    assert comps["training_code"].license == "Apache 2.0"
    assert comps["training_code"].location == "https://github.com/allenai/OLMo"
    assert comps["evaluation_code"].location == "https://github.com/allenai/OLMo-Eval"
    assert comps["research_paper"].location == "https://arxiv.org/abs/2501.00656"
    assert comps["model_parameters_intermediate"].released
    # The datasets' licences are not in the card: missing evidence, not assumed.
    assert comps["datasets"].license == "NOASSERTION"
    assert "allenai/olmo-mix-1124" in (comps["datasets"].notes or "")
    # Not mentioned by the card: unknown (unverified), not "not released".
    assert r.component("data_preprocessing_code") is None
    assert r.unknown("data_preprocessing_code")


def test_other_license_resolved_from_license_file() -> None:
    r = openness.score(CARDS / "black-forest-labs--FLUX.1-dev" / "README.md").release
    # license: other + license_name, which the knowledge base knows.
    assert openness.get_license(r.license or "").id == "LicenseRef-scancode-flux-1-nc"
    # license: other + a license_name the KB does not know: the LICENSE-MODEL beside names it.
    v3 = openness.score(CARDS / "deepseek-ai--DeepSeek-V3" / "README.md").release
    assert v3.license == "DEEPSEEK LICENSE AGREEMENT"


def test_claims_are_the_producers_words() -> None:
    r = openness.score(CARDS / "google--gemma-2-9b" / "README.md").release
    assert r.claims[0].startswith("Gemma is a family of lightweight, state-of-the-art open models")
    assert any("with open weights" in c for c in r.claims)


@pytest.mark.parametrize(
    ("sentence", "claimed"),
    [
        ("a fully open language model", True),
        ("This model is not open source.", False),
        ("It outperforms open-source models of its size.", False),
        ("It outperforms other open-source models of its size.", True),
        ("We are an open model, better than closed ones.", True),
        ("Contributions from the open source community are welcome.", False),
        ("It is the best open-access model currently available.", False),
    ],
)
def test_claim_of(sentence: str, claimed: bool) -> None:
    assert (claim_of(sentence) is not None) is claimed


def test_index_gives_lines() -> None:
    text = (CARDS / "google--gemma-2-9b" / "README.md").read_text()
    index = card_index(text)
    assert index.keys["license"] == 2
    assert index.keys["extra_gated_heading"] == 5
    line = index.claims[next(iter(index.claims))]
    assert text.splitlines()[line - 1].startswith("Gemma is a family")


def _write(tmp_path: Path, text: str, name: str = "README.md") -> Path:
    folder = tmp_path / "acme--demo"
    folder.mkdir(exist_ok=True)
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("---\nlicense: mit\n# never closed\n", "never closed"),
        ("# A README without metadata\n", "no YAML front matter"),
        ("---\n- a\n- b\n---\nbody\n", "expected a YAML mapping, got list"),
        ("---\nlicense: [mit\n---\nbody\n", "malformed YAML at line 3"),
        ("---\nlicense: mit\nlicense: apache-2.0\n---\n", "duplicate key"),
        ("---\nx: !!python/object/apply:os.system [ls]\n---\n", "not allowed"),
    ],
    ids=["unclosed", "no-front-matter", "not-mapping", "bad-yaml", "duplicate", "python-tag"],
)
def test_bad_cards(tmp_path: Path, text: str, message: str) -> None:
    with pytest.raises(openness.InvalidReleaseError, match=message):
        openness.score(_write(tmp_path, text))


def test_binary_card(tmp_path: Path) -> None:
    path = tmp_path / "README.md"
    path.write_bytes(b"---\x00\x01\x02")
    with pytest.raises(openness.InvalidReleaseError, match="binary"):
        openness.score(path)


def test_empty_front_matter_and_no_licence(tmp_path: Path) -> None:
    a = openness.score(_write(tmp_path, "---\n---\n# Demo model\n\nA small model.\n"))
    assert a.release.name == "demo"
    assert a.release.producer == "acme"
    assert a.release.license is None
    assert "hf-no-license" in {f.rule for f in a.findings}
    assert a.level == Level.RESTRICTED_WEIGHTS


def test_manual_gate_is_on_request(tmp_path: Path) -> None:
    # Real wording of a manually reviewed gate (m42-health/med42-70b).
    card = (
        "---\nlicense: other\nlicense_name: med42\nextra_gated_description: >-\n  Requests "
        "will be processed by the M42 Team within 2 working days.\n---\n# Med42\n"
    )
    a = openness.score(_write(tmp_path, card))
    assert a.release.access is openness.Access.ON_REQUEST
    assert "on-request" in a.flags


def test_weight_files_beside_are_evidence(tmp_path: Path) -> None:
    path = _write(tmp_path, "---\nlicense: apache-2.0\n---\n# Demo\n")
    (path.parent / "model.safetensors").write_bytes(b"")
    a = openness.score(path)
    assert "model.safetensors" in (a.release.components["model_parameters_final"].notes or "")
    assert "hf-weights-in-repository" not in {f.rule for f in a.findings}


def test_license_mismatch(tmp_path: Path) -> None:
    path = _write(tmp_path, "---\nlicense: apache-2.0\n---\n# Demo\n")
    (path.parent / "LICENSE").write_text("MIT License\n\nCopyright (c) 2024 Acme\n")
    a = openness.score(path)
    assert "hf-license-mismatch" in {f.rule for f in a.findings}


def test_adapter_weights_are_partial(tmp_path: Path) -> None:
    card = "---\nlicense: apache-2.0\nbase_model: acme/base\nbase_model_relation: adapter\n---\n"
    r = openness.score(_write(tmp_path, card)).release
    assert r.components["model_parameters_final"].partial
    assert r.base_model == ("acme/base",)


def test_format_forced(tmp_path: Path) -> None:
    path = _write(tmp_path, "---\nlicense: mit\n---\n# Demo\n", name="card.txt")
    assert openness.score(path, format="hf-card").source["format"] == "hf-card"
    with pytest.raises(openness.InvalidReleaseError, match="Markdown file"):
        openness.score({"name": "x"}, format="hf-card")


def test_split_card_crlf() -> None:
    meta, body, line = split_card("---\r\nlicense: mit\r\n---\r\nHello\r\n", "x")
    assert meta == {"license": "mit"}
    assert body == "Hello\r\n"
    assert line == 4


# Hostile cards: each took the regexes it defeats minutes to hours (cubic or quadratic time).
HOSTILE = {
    "front-matter-line-breaks": "---\n" + "\n" * 200_000 + "x",
    "unclosed-links": "---\n---\n" + "[" * 70_000 + "](" * 70_000,
    "unclosed-comments": "---\n---\n" + "<!--" * 50_000,
    "licence-statements": "---\n---\n" + "The code is licensed under Apache 2.0 and " * 5_000,
    "code-url-ending-with-slash": "---\n---\nhttps://github.com/a/b/blob/x/" + "a" * 200_000 + "/",
}


@pytest.mark.parametrize("text", HOSTILE.values(), ids=HOSTILE.keys())
def test_hostile_card_is_read_in_linear_time(tmp_path: Path, text: str) -> None:
    path = _write(tmp_path, text)
    start = time.perf_counter()
    with contextlib.suppress(openness.InvalidReleaseError):
        openness.score(path)
    assert time.perf_counter() - start < 5


# The linear-time readers of the front matter, links, comments and file URLs match as the
# regexes they stand for.
_MARKDOWNISH = st.text(alphabet="-\n\r \tx![]()<>a:/", max_size=40)


@given(st.lists(st.sampled_from(["---", "\n", "\r\n", "\r", " ", "x", "-", "a: b"]), max_size=12))
def test_front_matter_is_the_hub_regex(parts: list[str]) -> None:
    text = "".join(parts)
    m = _FRONT_MATTER.match(text)
    assert _front_matter(text) == (None if m is None else (m.group(1), m.group(2), m.end()))


@given(_MARKDOWNISH)
def test_unlink_is_the_link_regex(text: str) -> None:
    assert _unlink(text) == _LINK.sub(lambda m: m.group(1), text)


@given(st.lists(st.sampled_from(["<!--", "-->", "-", "<", ">", "\n", "x"]), max_size=12))
def test_uncomment_is_the_comment_regex(parts: list[str]) -> None:
    body = "".join(parts)
    assert _uncomment(body) == _COMMENT.sub(lambda m: "\n" * m.group(0).count("\n"), body)


_FILE_URL = re.compile(r"/(?:blob|raw|resolve)/[^/]+/(?:.*/)?[^/]+\.?\w*$", re.IGNORECASE)


@given(st.lists(st.sampled_from(["/", "blob", "RAW", "resolve", "main", "a", ".", "_", "é"])))
def test_file_in_repository_is_the_former_regex(parts: list[str]) -> None:
    url = "https://github.com" + "".join(parts)
    found = not url.endswith("/") and _FILE_IN_REPO.search(url) is not None
    assert found == (_FILE_URL.search(url) is not None)


_LICENSE_KEYS = re.compile(r"^license(_name|_link)?:", re.MULTILINE)


@pytest.mark.parametrize(
    "card",
    [
        pytest.param("microsoft--phi-2", id="license-and-link"),
        pytest.param("meta-llama--Llama-3.1-8B", id="llama"),
        pytest.param("google--gemma-2-9b", id="gemma-no-file"),
        pytest.param("black-forest-labs--FLUX.1-dev", id="other-with-name"),
    ],
)
def test_british_licence_key_reads_as_license(tmp_path: Path, card: str) -> None:
    # A release file may spell the key "licence"; a card that does is read the same.
    real = CARDS / card
    folder = tmp_path / card
    folder.mkdir()
    for f in real.iterdir():
        (folder / f.name).write_bytes(f.read_bytes())
    text = (real / "README.md").read_text(encoding="utf-8")
    renamed, n = _LICENSE_KEYS.subn(lambda m: f"licence{m.group(1) or ''}:", text)
    assert n >= 1
    (folder / "README.md").write_text(renamed, encoding="utf-8")
    want, got = openness.score(real / "README.md"), openness.score(folder / "README.md")
    assert got.release.license is not None
    assert got.release.license == want.release.license
    assert (got.level, got.flags) == (want.level, want.flags)
    assert "hf-no-license" not in {f.rule for f in got.findings}


def test_license_key_wins_over_licence(tmp_path: Path) -> None:
    a = openness.score(_write(tmp_path, "---\nlicense: mit\nlicence: cc-by-nc-4.0\n---\n# Demo\n"))
    assert a.release.license == "mit"
