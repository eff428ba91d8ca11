"""Downloaded model folders: one release each, read from the card, the licence text and the files."""

from __future__ import annotations

import hashlib
import io
import json
import shutil
from contextlib import redirect_stderr
from pathlib import Path

import pytest

import openness
from openness._cli import expand, main
from openness.readers._folder import is_model_folder, repo_of

ROOT = Path(__file__).resolve().parent.parent
CARDS = ROOT / "tests" / "cases" / "cards"
HUB = ROOT / "tests" / "cases" / "hub"
# The Apache-2.0 text, as beside the Mistral-7B card on the Hub (its LICENSE is the plain text).
APACHE = (ROOT / "LICENSE").read_text(encoding="utf-8")
SHA = "7231864981174d9bee8c7687c24c8344414eae6b"
MISTRAL_CARD = (CARDS / "mistralai--Mistral-7B-v0.1" / "README.md").read_text(encoding="utf-8")
# The same card with no licence in its front matter: the LICENSE text alone must decide.
UNLICENSED_CARD = MISTRAL_CARD.replace("license: apache-2.0\n", "", 1)


def _folder(root: Path, files: dict[str, str | bytes]) -> Path:
    root.mkdir(parents=True, exist_ok=True)
    for name, content in files.items():
        path = root / name
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
    return root


DOWNLOADED = {
    "README.md": UNLICENSED_CARD,
    "LICENSE": APACHE,
    "config.json": '{"architectures": ["MistralForCausalLM"], "model_type": "mistral"}',
    "generation_config.json": '{"bos_token_id": 1}',
    "tokenizer.json": '{"version": "1.0", "model": {"type": "BPE"}}',
    "tokenizer_config.json": '{"add_bos_token": true}',
    "special_tokens_map.json": '{"bos_token": "<s>"}',
    "model-00001-of-00002.safetensors": b"\x00" * 16,
    "model-00002-of-00002.safetensors": b"\x00" * 16,
    "model.safetensors.index.json": '{"metadata": {"total_size": 32}}',
}


def test_the_licence_text_decides_not_its_title(tmp_path: Path) -> None:
    folder = _folder(tmp_path / "Mistral-7B-v0.1", DOWNLOADED)
    a = openness.score(folder)
    assert a.release.license == "Apache-2.0"
    found = [f for f in a.findings if f.rule == "folder-license-file"]
    assert found
    assert found[0].license == "Apache-2.0"
    assert "hf-license-file" not in {f.rule for f in a.findings}
    assert a.level >= openness.Level.OPEN_WEIGHTS


def test_a_licence_text_beside_a_card_that_disagrees_is_a_mismatch(tmp_path: Path) -> None:
    card = MISTRAL_CARD.replace("license: apache-2.0", "license: mit", 1)
    folder = _folder(tmp_path / "m", {**DOWNLOADED, "README.md": card})
    a = openness.score(folder)
    assert a.release.license == "mit"
    assert "folder-license-mismatch" in {f.rule for f in a.findings}


@pytest.mark.parametrize(
    ("files", "expected"),
    [
        pytest.param(DOWNLOADED, True, id="downloaded-folder"),
        pytest.param({"README.md": MISTRAL_CARD}, True, id="card-only"),
        pytest.param(
            {"config.json": "{}", "model.safetensors": b"\x00"}, True, id="config-and-weights"
        ),
        pytest.param({"config.json": "{}", "tokenizer.json": "{}"}, False, id="config-no-weights"),
        pytest.param({"README.md": "# Notes\n\nNo front matter.\n"}, False, id="plain-readme"),
        pytest.param({"a.yaml": "name: a\n", "b.yaml": "name: b\n"}, False, id="releases"),
    ],
)
def test_is_model_folder(tmp_path: Path, files: dict[str, str | bytes], expected: bool) -> None:
    assert is_model_folder(_folder(tmp_path / "d", files)) is expected


def test_score_and_audit_agree_and_read_no_json_as_a_release(tmp_path: Path) -> None:
    folder = _folder(tmp_path / "Mistral-7B-v0.1", DOWNLOADED)
    assert list(expand([str(folder)])) == [str(folder)]
    score_out, audit_out = io.StringIO(), io.StringIO()
    err = io.StringIO()
    with redirect_stderr(err):
        assert main(["score", str(folder), "--format", "json"], score_out) == 0
        assert main(["audit", str(folder), "--format", "json"], audit_out) == 0
    assert err.getvalue() == ""
    scored, audited = json.loads(score_out.getvalue()), json.loads(audit_out.getvalue())
    assert len(scored) == len(audited) == 1
    assert scored[0]["release"]["name"] == audited[0]["name"] == "Mistral-7B-v0.1"
    assert scored[0]["level"] == audited[0]["level"]


def test_a_cache_snapshot_is_named_by_its_repository(tmp_path: Path) -> None:
    snapshot = tmp_path / "hub" / "models--mistralai--Mistral-7B-v0.1" / "snapshots" / SHA
    _folder(snapshot, DOWNLOADED)
    assert repo_of(snapshot) == ("mistralai/Mistral-7B-v0.1", SHA)
    a = openness.score(snapshot)
    assert a.release.name == "mistralai/Mistral-7B-v0.1"
    assert a.release.producer
    documents = a.source["documents"]
    assert {d["file"] for d in documents} == {"README.md", "LICENSE"}
    for d in documents:
        assert d["repo"] == "mistralai/Mistral-7B-v0.1"
        assert d["commit"] == SHA
        assert d["sha256"] == hashlib.sha256((snapshot / d["file"]).read_bytes()).hexdigest()


@pytest.mark.parametrize(
    ("weights", "rule", "note"),
    [
        pytest.param(
            ["model.safetensors"], "folder-weights", "model.safetensors", id="safetensors"
        ),
        pytest.param(["pytorch_model.bin"], "folder-weights", "pytorch_model.bin", id="bin"),
        pytest.param(["consolidated.pt"], "folder-weights", "consolidated.pt", id="pt"),
        pytest.param(["m.Q4_K_M.gguf", "m.Q8_0.gguf"], "folder-weights", "GGUF", id="gguf"),
        # A trainer's state is not the model's weights.
        pytest.param(["training_args.bin"], "folder-no-weights", None, id="trainer-state"),
        pytest.param([], "folder-no-weights", None, id="none"),
    ],
)
def test_weight_files_are_evidence(
    tmp_path: Path, weights: list[str], rule: str, note: str | None
) -> None:
    files: dict[str, str | bytes] = {"README.md": MISTRAL_CARD, "config.json": "{}"}
    files |= dict.fromkeys(weights, b"\x00")
    a = openness.score(_folder(tmp_path / "m", files))
    assert rule in {f.rule for f in a.findings}
    weights_entry = a.release.components["model_parameters_final"]
    if note is not None:
        assert note in (weights_entry.notes or "")


def test_a_folder_without_a_card_is_read_from_its_files(tmp_path: Path) -> None:
    files: dict[str, str | bytes] = {
        "config.json": "{}",
        "model.safetensors": b"\x00",
        "LICENSE": APACHE,
    }
    a = openness.score(_folder(tmp_path / "bare-model", files))
    assert a.release.name == "bare-model"
    assert a.release.license == "Apache-2.0"
    assert {"folder-no-card", "folder-weights"} <= {f.rule for f in a.findings}


def test_components_never_mentioned_are_unknown_not_withheld(tmp_path: Path) -> None:
    a = openness.score(_folder(tmp_path / "m", DOWNLOADED))
    mentioned = next(f for f in a.findings if f.rule == "folder-not-mentioned")
    assert "datasets" in mentioned.message
    assert "unknown" in mentioned.message


def test_a_directory_of_releases_keeps_working() -> None:
    releases = ROOT / "data" / "releases"
    assert list(expand([str(releases)])) == [
        str(p) for p in sorted(releases.iterdir()) if p.suffix in {".yaml", ".yml", ".json"}
    ]


def test_a_directory_of_cards_is_one_release_per_folder() -> None:
    folders = sorted(d for d in CARDS.iterdir() if (d / "README.md").is_file())
    assert list(expand([str(CARDS)])) == [str(d) for d in folders]


@pytest.mark.parametrize(
    ("target", "expected"),
    [
        pytest.param("allenai/OLMo-2-1124-7B", "hf:allenai/OLMo-2-1124-7B", id="bare-hub-id"),
        pytest.param("{tmp}", "model folder", id="empty-directory"),
    ],
)
def test_what_is_not_a_release_says_what_to_write(
    tmp_path: Path, target: str, expected: str
) -> None:
    with pytest.raises(openness.InvalidReleaseError, match=expected):
        openness.score(target.format(tmp=tmp_path))


def test_a_bundled_card_folder_reads_as_its_card() -> None:
    folder = CARDS / "allenai--OLMo-2-1124-7B"
    by_folder, by_card = openness.score(folder), openness.score(folder / "README.md")
    assert by_folder.release.license == by_card.release.license
    assert by_folder.level == by_card.level


def test_copied_folder_is_the_same_release(tmp_path: Path) -> None:
    copy = tmp_path / "copy"
    shutil.copytree(CARDS / "google--gemma-2-9b", copy)
    assert openness.score(copy).level == openness.score(CARDS / "google--gemma-2-9b").level
