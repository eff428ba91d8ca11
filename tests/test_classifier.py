"""The licence classifier: rules first, the model for the rest, and unknown below the threshold."""

from __future__ import annotations

import hashlib
import io
import json
import re
import subprocess
import sys
from collections import Counter
from pathlib import Path

import numpy as np
import pytest
from sklearn.feature_extraction.text import TfidfVectorizer

import openness
from openness import _cli
from openness.errors import ModelFileError
from openness.licenses import _classifier
from openness.licenses._resolve import resolve_license

ROOT = Path(__file__).resolve().parent.parent
LIC = ROOT / "data" / "licenses"
PKG = ROOT / "src" / "openness" / "data"
DOC = PKG / "classifier.json"
ARRAYS = PKG / "classifier.npz"
INFO = json.loads(DOC.read_text(encoding="utf-8"))
LLAMA31 = "LicenseRef-scancode-llama-3.1-license-2024"


def _text(rel: str) -> str:
    text = (LIC / rel).read_text(encoding="utf-8")
    if text.startswith("---"):  # ScanCode front matter
        text = text.split("---", 2)[2]
    return text


def _markdown(text: str) -> str:
    paras = [" ".join(p.split()) for p in re.split(r"\n\s*\n", text) if p.strip()]
    return "\n\n".join([f"# {paras[0]}", *(f"- {p}" for p in paras[1:])])


def _card(body: str, meta: str = "license: other") -> str:
    return (
        f"---\n{meta}\ntags:\n- text-generation\n---\n# Model card\n\nA 7B model trained on "
        f"public data.\n\n## License\n\n{body}\n\n## Citation\n\n@misc{{x, title={{x}}}}\n"
    )


# ------------------------------------------------------------------ exact rules


@pytest.mark.parametrize(
    ("given", "expected", "how"),
    [
        pytest.param("apache 2", "Apache-2.0", "id", id="alias"),
        pytest.param("CC BY-NC 4.0", "CC-BY-NC-4.0", "id", id="cc-spelling"),
        pytest.param("Llama 3.1 Community License Agreement", LLAMA31, "id", id="ai-name"),
        pytest.param("https://www.llama.com/llama3_1/license/", LLAMA31, "id", id="ai-url"),
        pytest.param(
            "https://huggingface.co/Qwen/Qwen2.5-72B/blob/main/LICENSE",
            "LicenseRef-scancode-qwen-2024",
            "url",
            id="scancode-text-url",
        ),
        pytest.param(
            _card("See LICENSE.", "license: apache-2.0"), "Apache-2.0", "model-card", id="card-id"
        ),
        pytest.param(
            _card("See LICENSE.", "license: other\nlicense_name: llama3.1"),
            LLAMA31,
            "model-card",
            id="card-license-name",
        ),
    ],
)
def test_rules_come_first(given: str, expected: str, how: str) -> None:
    m = openness.identify_license(given)
    assert m.license is not None
    assert (m.license.id, m.how, m.confidence) == (expected, how, 1.0)


# ------------------------------------------------------------------ the model on real texts

TEXTS = [
    pytest.param("spdx/text/Apache-2.0.txt", None, "Apache-2.0", id="apache-2.0"),
    pytest.param("spdx/text/MIT.txt", None, "MIT", id="mit"),
    pytest.param("spdx/text/GPL-3.0-only.txt", None, "GPL-3.0-only", id="gpl-3.0"),
    pytest.param("spdx/text/CC-BY-NC-4.0.txt", None, "CC-BY-NC-4.0", id="cc-by-nc-4.0"),
    pytest.param("meta-llama/llama3_1-LICENSE.txt", None, LLAMA31, id="llama-3.1-meta"),
    pytest.param(
        "meta-llama/llama3-LICENSE.txt",
        None,
        "LicenseRef-openness-llama-3-license-2024",
        id="llama-3-meta",
    ),
    pytest.param(
        "scancode/gemma-tou-2024-04-01.LICENSE",
        "markdown",
        "LicenseRef-scancode-gemma-tou-2024-04-01",
        id="gemma-markdown",
    ),
    pytest.param(
        "scancode/bigscience-open-rail-m.LICENSE",
        "card",
        "LicenseRef-scancode-bigscience-open-rail-m",
        id="openrail-in-card",
    ),
    pytest.param(
        "scancode/deepseek-la-1.0.LICENSE",
        "header",
        "LicenseRef-scancode-deepseek-la-1.0",
        id="deepseek-header",
    ),
    pytest.param("spdx/text/BSD-3-Clause.txt", "header", "BSD-3-Clause", id="bsd-3-header"),
    pytest.param("spdx/text/Apache-2.0.txt", "no-appendix", "Apache-2.0", id="apache-no-appendix"),
]


def _variant(text: str, how: str | None) -> str:
    if how == "markdown":
        return _markdown(text)
    if how == "card":
        return _card(text)
    if how == "header":
        return f"Copyright (c) 2024 Example Labs, Inc.\nAll rights reserved.\n\n{text}"
    if how == "no-appendix":
        return text.split("APPENDIX", maxsplit=1)[0]
    return text


@pytest.mark.parametrize(("rel", "how", "expected"), TEXTS)
def test_recognises_real_texts(rel: str, how: str | None, expected: str) -> None:
    m = openness.identify_license(_variant(_text(rel), how))
    assert m.how == "classifier"
    assert m.license is not None, m.to_dict()
    assert m.license.id == expected
    assert m.threshold <= m.confidence <= 1.0
    assert all(p <= m.confidence for _, p in m.alternatives)


@pytest.mark.parametrize(
    "given",
    [
        pytest.param(
            "This repository holds the training code of our model. We thank the maintainers of "
            "the datasets and the compute sponsors.\nResults are in the paper.",
            id="readme-prose",
        ),
        pytest.param("pubmed", id="dataset-name"),
        pytest.param(
            "License only specified in original dataset starcoderdata", id="mot-not-a-name"
        ),
        pytest.param(
            (ROOT / "data" / "mot" / "NOTICE.md").read_text(encoding="utf-8"), id="notice-prose"
        ),
    ],
)
def test_unknown_stays_unknown(given: str) -> None:
    m = openness.identify_license(given)
    assert m.license is None
    assert m.confidence < m.threshold
    assert not m.known


def test_empty_text() -> None:
    m = openness.identify_license("   ")
    assert (m.license, m.how, m.guess) == (None, "none", None)


def test_alternatives_are_the_next_candidates() -> None:
    m = openness.identify_license(_text("scancode/llama-3.2-license-2024.LICENSE"))
    assert m.guess is not None
    ids = [lic.id for lic, _ in m.alternatives]
    assert m.guess.id not in ids
    assert "LicenseRef-scancode-llama-3.1-license-2024" in ids
    confidences = [p for _, p in m.alternatives]
    assert confidences == sorted(confidences, reverse=True)
    assert json.loads(json.dumps(m.to_dict()))["alternatives"][0]["license"] == ids[0]


# ------------------------------------------------------------------ in score()


def test_resolution_by_classifier_counts_above_threshold() -> None:
    r = resolve_license(_text("spdx/text/MIT.txt"))
    assert (r.how, r.known, r.label) == ("classifier", True, "MIT")
    assert r.confidence is not None
    assert r.confidence > 0.9


def test_resolution_below_threshold_is_unknown_with_its_guess() -> None:
    r = resolve_license("Bloom")  # a MOT record's licence: a model's name, not a licence's
    assert (r.how, r.known, r.licenses) == ("classifier", False, ())
    assert r.guess is not None
    assert r.confidence is not None


def _release(weights_licence: str) -> dict[str, object]:
    return {
        "name": "demo",
        "access": "open",
        "components": {"model_parameters_final": {"license": weights_licence}},
    }


def test_score_reports_the_classifier_and_counts_its_licence() -> None:
    a = openness.score(_release(_text("spdx/text/Apache-2.0.txt")))
    found = [f for f in a.findings if f.rule == "license-identified-by-classifier"]
    assert [f.license for f in found] == ["Apache-2.0"]
    assert "confidence" in found[0].message
    assert a.owd.passed


def test_score_names_the_guess_below_threshold_without_counting_it() -> None:
    a = openness.score(_release("Bloom"))
    found = [f for f in a.findings if f.rule == "license-guess-not-counted"]
    assert len(found) == 1
    assert "confidence" in found[0].message
    assert "unknown-license" in a.flags
    assert not a.owd.passed


# ------------------------------------------------------------------ the command line


@pytest.mark.parametrize(
    ("rel", "expected"),
    [
        pytest.param("spdx/text/Apache-2.0.txt", "Apache-2.0", id="apache-text"),
        pytest.param("spdx/text/BSD-3-Clause.txt", "BSD-3-Clause", id="bsd-3-text"),
        pytest.param("scancode/llama-3.1-license-2024.LICENSE", LLAMA31, id="llama-3.1-text"),
    ],
)
def test_a_path_is_read_as_its_text(rel: str, expected: str) -> None:
    m = openness.identify_license(LIC / rel)
    assert m.license is not None
    assert m.license.id == expected
    assert m == openness.identify_license(_text(rel))


def test_a_path_with_bad_utf8_is_read_with_replacement(tmp_path: Path) -> None:
    path = tmp_path / "LICENSE"
    path.write_bytes(b"\xff\xfe" + _text("spdx/text/Apache-2.0.txt").encode())
    m = openness.identify_license(path)
    assert m.license is not None
    assert m.license.id == "Apache-2.0"


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        pytest.param(Path("/does/not/exist/LICENSE"), "cannot read", id="missing"),
        pytest.param(ROOT / "data", "not a regular file", id="directory"),
        pytest.param(Path("/dev/null"), "not a regular file", id="device"),
    ],
)
def test_a_path_that_is_not_a_file_is_one_clear_error(given: Path, expected: str) -> None:
    with pytest.raises(openness.OpennessError) as info:
        openness.identify_license(given)
    message = str(info.value)
    assert message.startswith(f"{given}: ")
    assert expected in message
    assert "\n" not in message


@pytest.mark.parametrize(
    "given",
    [
        pytest.param(b"MIT", id="bytes"),
        pytest.param(42, id="int"),
        pytest.param(None, id="none"),
        pytest.param(["MIT"], id="list"),
    ],
)
def test_neither_text_nor_path_is_a_type_error(given: object) -> None:
    with pytest.raises(openness.OpennessError) as info:
        openness.identify_license(given)  # type: ignore[arg-type]
    assert isinstance(info.value, TypeError)
    assert type(given).__name__ in str(info.value)
    assert "\n" not in str(info.value)


def test_cli_reads_a_licence_file(tmp_path: Path) -> None:
    path = tmp_path / "LICENSE"
    path.write_text(_variant(_text("spdx/text/BSD-3-Clause.txt"), "header"), encoding="utf-8")
    out = io.StringIO()
    assert _cli.main(["license", str(path)], out) == 0
    assert out.getvalue().startswith("BSD-3-Clause: ")
    assert "recognised by the classifier, confidence" in out.getvalue()
    out = io.StringIO()
    assert _cli.main(["license", "--format", "json", str(path)], out) == 0
    doc = json.loads(out.getvalue())
    assert (doc["license"]["id"], doc["match"]["how"]) == ("BSD-3-Clause", "classifier")


def test_cli_unknown_names_the_guess() -> None:
    # Not recognising a text is an answer (exit 0), not a usage error.
    out = io.StringIO()
    assert _cli.main(["license", "Bloom"], out) == 0
    lines = out.getvalue().strip().splitlines()
    assert len(lines) == 1
    assert lines[0].startswith("unrecognised:")
    assert "best guess" in lines[0]


# ------------------------------------------------------------------ the model file


def _sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def test_model_files_are_pinned_and_small() -> None:
    doc, arrays = DOC.read_bytes(), ARRAYS.read_bytes()
    assert _sha(doc) == _classifier.MODEL_SHA256
    assert _sha(arrays) == INFO["arrays"]["sha256"]
    assert len(arrays) == INFO["arrays"]["size_bytes"]
    assert len(doc) + len(arrays) < 20_000_000


def _flip(data: bytes, at: int) -> bytes:
    return data[:at] + bytes([data[at] ^ 1]) + data[at + 1 :]


@pytest.fixture
def parsed(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The files the loader parsed (json.loads, np.load), in order."""
    seen: list[str] = []
    real_json, real_np = json.loads, np.load

    def json_loads(*a: object, **k: object) -> object:
        seen.append("json")
        return real_json(*a, **k)  # type: ignore[arg-type]

    def np_load(*a: object, **k: object) -> object:
        seen.append("npz")
        return real_np(*a, **k)  # type: ignore[arg-type]

    monkeypatch.setattr(json, "loads", json_loads)
    monkeypatch.setattr(np, "load", np_load)
    return seen


@pytest.mark.parametrize(
    ("doc_at", "arrays_at", "what", "parsed_first"),
    [
        pytest.param(None, 0, "classifier.npz", ["json"], id="npz-first-byte"),
        pytest.param(None, -1, "classifier.npz", ["json"], id="npz-last-byte"),
        pytest.param(None, 5_000_000, "classifier.npz", ["json"], id="npz-middle"),
        pytest.param(10, None, "classifier.json", [], id="json-format"),
        pytest.param(-2, None, "classifier.json", [], id="json-end"),
    ],
)
def test_altered_model_file_is_refused_before_parsing(
    parsed: list[str], doc_at: int | None, arrays_at: int | None, what: str, parsed_first: list[str]
) -> None:
    doc, arrays = DOC.read_bytes(), ARRAYS.read_bytes()
    if doc_at is not None:
        doc = _flip(doc, doc_at % len(doc))
    if arrays_at is not None:
        arrays = _flip(arrays, arrays_at % len(arrays))
    with pytest.raises(ModelFileError, match=rf"{what} SHA-256 .* does not match the pinned"):
        _classifier.load_model_file(doc, arrays)
    assert parsed == parsed_first, "a file was parsed before its hash was checked"


def _npz(**arrays: object) -> bytes:
    buf = io.BytesIO()
    np.savez(buf, **arrays)  # type: ignore[arg-type]
    return buf.getvalue()


def _doc(arrays: bytes, **fields: object) -> bytes:
    pinned = {"sha256": _sha(arrays)}
    return json.dumps({"format": _classifier.FORMAT, "arrays": pinned, **fields}).encode()


PICKLED = _npz(x=np.array([{"a": 1}], dtype=object))  # an object array: stored as a pickle


@pytest.mark.parametrize(
    ("doc", "arrays", "expected"),
    [
        pytest.param(b'{"format": 1}', b"", r"layout 1, this openness reads 2", id="old-layout"),
        pytest.param(b"[2]", b"", r"layout None", id="not-a-mapping"),
        pytest.param(b"\xff{", b"", r"classifier\.json is not JSON", id="not-json"),
        pytest.param(b'{"format": 2}', b"", r"lacks 'arrays'", id="no-arrays"),
        pytest.param(_doc(b"PK"), b"PK", r"lacks 'model'", id="no-model"),
        pytest.param(
            _doc(b"x", model={}), b"y", r"classifier\.npz SHA-256 .* pinned", id="arrays-unpinned"
        ),
        pytest.param(
            _doc(b"not a zip", model={}), b"not a zip", r"cannot be read", id="npz-not-a-zip"
        ),
        pytest.param(_doc(PICKLED, model={}), PICKLED, r"cannot be read", id="npz-pickled"),
        pytest.param(
            _doc(ARRAYS.read_bytes(), model={"urls": {}}),
            ARRAYS.read_bytes(),
            r"cannot be read",
            id="model-without-indexes",
        ),
    ],
)
def test_a_file_it_cannot_read_is_refused(doc: bytes, arrays: bytes, expected: str) -> None:
    with pytest.raises(ModelFileError, match=expected):
        _classifier.load_model_file(doc, arrays, _sha(doc))
    with pytest.raises(ModelFileError, match=r"run python tasks/train_classifier\.py"):
        _classifier.load_model_file(doc, arrays, _sha(doc))


def test_no_array_is_a_pickle() -> None:
    with np.load(ARRAYS, allow_pickle=False) as npz:
        kinds = {npz[name].dtype.kind for name in npz.files}
    assert kinds <= set("biuf"), kinds


def test_import_does_not_load_numpy_or_sklearn() -> None:
    code = (
        "import sys, openness; "
        "print(sorted(m for m in ('numpy', 'sklearn', 'joblib', 'scipy') if m in sys.modules))"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"


def test_every_class_is_a_knowledge_base_licence() -> None:
    model = _classifier.loaded_model()
    for cls in (*model.texts.classes, *model.names.classes):
        assert openness.get_license(cls).id == cls


# ------------------------------------------------------------------ features match scikit-learn


SAMPLES = [
    _text("spdx/text/Apache-2.0.txt"),
    _text("meta-llama/llama3_1-LICENSE.txt")[:3000],
    "Llama 3.1  Community\tLicense — “Agreement” v2.0, © 2024 Meta Platforms, Inc.",
    "https://www.llama.com/llama3_1/license/",
]


@pytest.mark.parametrize("text", SAMPLES, ids=["apache", "llama", "punctuation", "url"])
def test_features_are_scikit_learns(text: str) -> None:
    pattern = r"(?u)\b\w+\b"
    words = TfidfVectorizer(token_pattern=pattern, ngram_range=(1, 2)).build_analyzer()
    chars = TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 4)).build_analyzer()
    assert _classifier.word_ngrams(text) == words(text)
    assert _classifier.char_wb_ngrams(text) == chars(text)
    index = _classifier.loaded_model().texts
    assert index.words is not None
    ids, counts, length = index.words.count(text)
    expected = sorted(
        (index.vocab[g], n) for g, n in Counter(words(text)).items() if g in index.vocab
    )
    assert list(zip(ids.tolist(), counts.tolist(), strict=True)) == expected
    assert length == len(words(text))


# ------------------------------------------------------------------ the recorded evaluation


def test_recorded_metrics_meet_the_targets() -> None:
    """The held-out figures of the shipped model (docs/classifier.md); `--check` re-derives."""
    text = INFO["metrics"]["text"]
    assert text["test_ai"]["top1_accuracy"] >= 0.97
    assert text["test_top100_spdx"]["top1_accuracy"] >= 0.97
    assert text["test"]["top1_accuracy"] >= 0.98
    assert min(text["test"]["by_kind"].values()) >= 0.98  # markdown, truncated, in a card
    assert text["test"]["confident_wrong"] < 0.005
    assert text["test"]["non_licence"]["false_accept"] < 0.01
    assert set(INFO["split"]["test"]).isdisjoint(INFO["split"]["train"])
    assert set(INFO["split"]["test"]).isdisjoint(INFO["split"]["validation"])
    assert len(INFO["top100_spdx"]) == 100


def test_recorded_name_metrics_meet_the_targets() -> None:
    """The real held-out names, ids and addresses: top-1 and confident-wrong per kind."""
    held = INFO["metrics"]["names_heldout"]
    assert held["identify_license"]["all"]["n"] >= 300
    assert held["identify_license"]["all"]["top1_accuracy"] >= 0.97
    for way in ("model", "identify_license"):
        assert held[way]["all"]["confident_wrong"] < 0.005, way
    assert set(INFO["metrics"]["name_references"]) == set(INFO["name_split"]["train"])
    kinds = INFO["name_split"]
    assert set(kinds["train"]).isdisjoint(kinds["validation"] + kinds["test"])
    assert {"name", "url", "hub-license-name", "typo"} <= set(kinds["train"])


def test_no_held_out_name_is_a_reference() -> None:
    """No string of the held-out names is among the name model's references (any kind)."""
    sys.path.insert(0, str(ROOT / "tasks"))
    try:
        import train_classifier as train  # noqa: PLC0415
    finally:
        sys.path.remove(str(ROOT / "tasks"))
    from openness.licenses._kb import normalise_name  # noqa: PLC0415

    references, _ = train.name_rows(train.kb())
    held = {normalise_name(text) for text, _, _ in train.heldout()}
    held |= {normalise_name(typo) for _, typo in _benchmark_typos()}
    assert len(held) >= 600
    assert held.isdisjoint(text for text, _, _ in references)
    assert {kind for _, _, kind in references} == set(train.NAME_TRAIN_KINDS)


def _benchmark_typos() -> list[tuple[str, str]]:
    """The generated typos benchmarks/bench_identify.py measures suggestions on."""
    sys.path.insert(0, str(ROOT / "benchmarks"))
    try:
        import bench_identify  # noqa: PLC0415
    finally:
        sys.path.remove(str(ROOT / "benchmarks"))
    typos: list[tuple[str, str]] = bench_identify.TYPOS
    return typos


def test_a_cards_front_matter_is_read_by_the_card_reader() -> None:
    """The classifier reads no front matter of its own: the card reader parses it, with its limits.

    A YAML anchor is a plain card to the card reader; a line-by-line reading would skip it.
    """
    m = openness.identify_license(
        "---\nlicense: &terms apache-2.0\nextra: *terms\n---\n# A model\n"
    )
    assert (m.license.id if m.license else None, m.how) == ("Apache-2.0", "model-card")
    bomb = (
        "---\na: &a [x, x, x, x, x, x, x, x, x]\n"
        + "".join(
            f"{b}: &{b} [*{a}, *{a}, *{a}, *{a}, *{a}, *{a}, *{a}, *{a}, *{a}]\n"
            for a, b in zip("abcdefgh", "bcdefghi", strict=True)
        )
        + "license: *i\n---\nMIT License\n"
    )
    assert (
        openness.identify_license(bomb).how != "model-card"
    )  # refused by the card reader's limits
