"""The licence knowledge base: complete, valid, canonical, and every known spelling resolves."""

from __future__ import annotations

import csv
import json
import subprocess
import sys
from pathlib import Path

import pytest

import openness
from openness.licenses import _kb

ROOT = Path(__file__).resolve().parent.parent
KB_FILE = ROOT / "src" / "openness" / "data" / "licenses.json"
LIC = ROOT / "data" / "licenses"
with (LIC / "huggingface" / "hf-license-ids.csv").open(encoding="utf-8") as _f:
    HF_IDS = list(csv.DictReader(_f))


def test_file_is_what_the_sources_build() -> None:
    done = subprocess.run(
        [sys.executable, str(ROOT / "tasks" / "build_kb.py"), "--check"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr


def test_file_is_canonical_json() -> None:
    text = KB_FILE.read_text(encoding="utf-8")
    assert text == json.dumps(json.loads(text), indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def test_every_entry_validates_and_names_its_source() -> None:
    kb = _kb._load()
    for key in kb.raw:
        lic = kb.get(key)
        assert lic.id.lower() == key
        assert lic.source
        for name, term in lic.terms.items():
            assert term.source, (lic.id, name)


def test_every_spdx_licence_is_known() -> None:
    spdx = json.loads((LIC / "spdx" / "spdx-license-list-3.28.0.json").read_text())
    for lid, meta in spdx.items():
        lic = openness.get_license(lid)
        assert lic.id == lid
        assert lic.osi_approved is meta["osiApproved"]


@pytest.mark.parametrize("row", HF_IDS, ids=[r["hf_license_id"] for r in HF_IDS])
def test_every_hugging_face_id_resolves(row: dict[str, str]) -> None:
    hf = row["hf_license_id"]
    lic = openness.get_license(hf)
    expected = row["spdx_id"] or row["scancode_spdx_key"]
    if expected:
        # Versionless GNU ids resolve to SPDX's deprecated id of the same meaning (-only).
        assert lic.id in {expected, expected.removesuffix("-only")}
    if hf in {"other", "unknown"}:
        # The Hub's words for "no listed licence" never count as open terms.
        assert not lic.is_open


def test_every_scancode_key_resolves() -> None:
    index = json.loads((LIC / "scancode" / "index.json").read_text())
    for entry in index:
        if entry["is_exception"]:
            continue
        assert _kb.lookup_license(entry["license_key"]) is not None, entry["license_key"]


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        pytest.param("apache-2.0", "Apache-2.0", id="spdx-lowercase"),
        pytest.param("Apache License, Version 2.0", "Apache-2.0", id="long-name"),
        pytest.param("Apache 2.0", "Apache-2.0", id="mot-spelling"),
        pytest.param("BSD-3", "BSD-3-Clause", id="mot-bsd"),
        pytest.param("MIT License", "MIT", id="mit-name"),
        pytest.param("CC BY-SA 4.0", "CC-BY-SA-4.0", id="cc-spaces"),
        pytest.param(
            "Creative Commons Attribution Non Commercial 4.0", "CC-BY-NC-4.0", id="hf-full-name"
        ),
        pytest.param(
            "licenseref-scancode-llama-3.1-license-2024",
            "LicenseRef-scancode-llama-3.1-license-2024",
            id="licenseref",
        ),
        pytest.param(
            "llama-3.1-license-2024",
            "LicenseRef-scancode-llama-3.1-license-2024",
            id="scancode-key",
        ),
        pytest.param("openrail++", "LicenseRef-scancode-bigscience-open-rail-m2", id="hf-rail"),
    ],
)
def test_get_license(given: str, expected: str) -> None:
    assert openness.get_license(given).id == expected


@pytest.mark.parametrize("given", ["", "   ", "llama-9", "apache 9.9", "my own licence"])
def test_unknown_license(given: str) -> None:
    with pytest.raises(openness.UnknownLicenseError, match="Unknown license"):
        openness.get_license(given)


@pytest.mark.parametrize(
    ("given", "grade", "is_open"),
    [
        ("MIT", openness.LicenseGrade.OPEN, True),
        ("GPL-3.0-only", openness.LicenseGrade.OPEN, True),
        ("CC-BY-4.0", openness.LicenseGrade.OPEN, True),
        ("OpenMDW-1.0", openness.LicenseGrade.OPEN, True),
        ("CC-BY-NC-4.0", openness.LicenseGrade.NONCOMMERCIAL, False),
        ("CC-BY-ND-4.0", openness.LicenseGrade.NONCOMMERCIAL, False),
        ("JSON", openness.LicenseGrade.RESTRICTED, False),
    ],
)
def test_grades(given: str, grade: openness.LicenseGrade, is_open: bool) -> None:
    lic = openness.get_license(given)
    assert lic.grade is grade
    assert lic.is_open is is_open


def test_osi_approved_means_no_restriction() -> None:
    kb = _kb._load()
    for key in kb.raw:
        lic = kb.get(key)
        if lic.osi_approved:
            assert lic.is_open, lic.id


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        pytest.param("Apache-2.0", "<License Apache-2.0 OPEN>", id="osi"),
        pytest.param("CC-BY-NC-4.0", "<License CC-BY-NC-4.0 NONCOMMERCIAL>", id="nc"),
        pytest.param(
            "llama3.1",
            "<License LicenseRef-scancode-llama-3.1-license-2024 RESTRICTED>",
            id="llama",
        ),
    ],
)
def test_repr_is_short(given: str, expected: str) -> None:
    assert repr(openness.get_license(given)) == expected
    assert str(openness.get_license(given)) == expected


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("Apache-2.0", id="id"),
        pytest.param("Permission is hereby granted, free of charge, to any person", id="text"),
        pytest.param("no licence here at all", id="none"),
    ],
)
def test_match_repr_is_readable(text: str) -> None:
    # A match holds a licence, a guess and alternatives: each stays one short token.
    shown = repr(openness.identify_license(text))
    assert shown.startswith("LicenseMatch(")
    assert len(shown) < 600
    assert "source=" not in shown


@pytest.mark.parametrize(
    ("data", "pin", "problem"),
    [
        # One byte more: an edit that, say, makes a licence open.
        pytest.param(b" ", None, "not the pinned", id="altered"),
        pytest.param(b"{not json", "self", "not the table's JSON", id="not-json"),
        pytest.param(b"{}", "self", "not the table's JSON", id="no-licences"),
    ],
)
def test_an_altered_knowledge_base_is_refused(data: bytes, pin: str | None, problem: str) -> None:
    import hashlib  # noqa: PLC0415

    from openness.licenses._kb import KB_SHA256, checked_kb  # noqa: PLC0415

    real = (Path(openness.__file__).parent / "data" / "licenses.json").read_bytes()
    given = real + data if pin is None else data
    sha = KB_SHA256 if pin is None else hashlib.sha256(given).hexdigest()
    with pytest.raises(openness.ModelFileError, match=problem):
        checked_kb(given, sha)
    assert checked_kb(real).sha256 == KB_SHA256
