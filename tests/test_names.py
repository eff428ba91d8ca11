"""Licences as people write them: names, addresses, producer titles, typos and quoted texts."""

from __future__ import annotations

import csv
import random
from pathlib import Path

import pytest

import openness
from openness.licenses import _classifier
from openness.licenses._names import (
    name_key,
    read_name,
    read_title,
    repository_file,
    url_key,
    version_conflict,
)
from openness.licenses._resolve import resolve_license
from openness.licenses._typos import _candidates, _index, distance, nearest

ROOT = Path(__file__).resolve().parent.parent
CC_TEXT = ROOT / "data" / "licenses" / "spdx" / "text"
LLAMA33 = "LicenseRef-scancode-llama-3.3-license-2024"
LLAMA31 = "LicenseRef-scancode-llama-3.1-license-2024"
AUP = "LicenseRef-openness-cohere-c4ai-aup"


# Every string of the issue, and what it names.
@pytest.mark.parametrize(
    ("given", "expected", "how"),
    [
        pytest.param("http://www.apache.org/licenses/LICENSE-2.0.txt", "Apache-2.0", "url"),
        pytest.param("GNU GPL v3", "GPL-3.0-only", "id"),
        pytest.param("https://creativecommons.org/licenses/by-sa/4.0/", "CC-BY-SA-4.0", "url"),
        pytest.param("llama-3.3 license", LLAMA33, "id"),
        pytest.param("Open Database License (ODbL)", "ODbL-1.0", "id"),
        pytest.param("TII Falcon License 2.0", "LicenseRef-openness-tii-falcon-2.0", "id"),
        pytest.param("falcon-llm-license", "LicenseRef-openness-tii-falcon-2.0", "id"),
        pytest.param(
            "FluxDev Non-Commercial License Agreement", "LicenseRef-scancode-flux-1-nc", "id"
        ),
        pytest.param(
            "NVIDIA Open Data License Agreement", "LicenseRef-openness-nvidia-open-data", "id"
        ),
        pytest.param(
            "https://cohere.com/c4ai-cc-by-nc-license",
            "LicenseRef-openness-cohere-c4ai-cc-by-nc",
            "id",
        ),
        pytest.param(
            "NVIDIA Nemotron Open Model License",
            "LicenseRef-openness-nvidia-nemotron-open-model",
            "id",
        ),
        pytest.param("Apache 2", "Apache-2.0", "id"),
        pytest.param("Apache License v2.0", "Apache-2.0", "id"),
        pytest.param("GPL v3", "GPL-3.0-only", "id"),
        pytest.param("GNU GPL version 3", "GPL-3.0-only", "id"),
        pytest.param("LGPLv2.1", "LGPL-2.1-only", "id"),
        pytest.param("BSD 3-Clause", "BSD-3-Clause", "id"),
        pytest.param("CC BY-NC-SA 4.0", "CC-BY-NC-SA-4.0", "id", id="cc-spaces"),
        pytest.param("cc_by_nc_sa_4.0", "CC-BY-NC-SA-4.0", "id", id="cc-underscores"),
        pytest.param("CC-BY-NC-SA 4.0", "CC-BY-NC-SA-4.0", "id", id="cc-mixed"),
        pytest.param("Llama 3.3", LLAMA33, "id"),
        pytest.param("Meta Llama 3.3 Community License", LLAMA33, "id"),
    ],
)
def test_issue_names(given: str, expected: str, how: str) -> None:
    m = openness.identify_license(given)
    assert m.license is not None, m
    assert (m.license.id, m.how, m.confidence) == (expected, how, 1.0)
    assert resolve_license(given).label == expected


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        pytest.param("https://www.apache.org/licenses/LICENSE-2.0/", "Apache-2.0", id="slash"),
        pytest.param("www.apache.org/licenses/LICENSE-2.0.html", "Apache-2.0", id="www"),
        pytest.param("https://www.gnu.org/licenses/gpl-3.0.en.html", "GPL-3.0-only", id="gnu-lang"),
        pytest.param(
            "https://www.gnu.org/licenses/old-licenses/lgpl-2.1.html", "LGPL-2.1-only", id="gnu-old"
        ),
        pytest.param("https://opensource.org/license/apache-2-0", "Apache-2.0", id="osi-new"),
        pytest.param("https://opensource.org/licenses/MIT", "MIT", id="osi-old"),
        pytest.param("https://spdx.org/licenses/BSD-3-Clause.json", "BSD-3-Clause", id="spdx"),
        pytest.param(
            "https://creativecommons.org/licenses/by-nc/4.0/legalcode.de",
            "CC-BY-NC-4.0",
            id="cc-lc",
        ),
        pytest.param(
            "http://creativecommons.org/licenses/by-nd/4.0/deed.fr", "CC-BY-ND-4.0", id="cc-deed"
        ),
        pytest.param("https://creativecommons.org/publicdomain/zero/1.0/", "CC0-1.0", id="cc-zero"),
        pytest.param(
            "https://creativecommons.org/licenses/by/3.0/de/", "CC-BY-3.0-DE", id="cc-port"
        ),
        pytest.param(
            "https://opendatacommons.org/licenses/odbl/summary/", "ODbL-1.0", id="odc-summary"
        ),
        pytest.param("https://opendatacommons.org/licenses/by/", "ODC-By-1.0", id="odc-no-version"),
        pytest.param("https://example.org/licenses/by/1.0/", None, id="unknown-site"),
        pytest.param("https://www.llama.com/llama3_3/license/", LLAMA33, id="llama"),
        pytest.param(
            "https://ai.google.dev/gemma/terms?hl=fr",
            "LicenseRef-scancode-gemma-tou-2025-03-24",
            id="gemma-query",
        ),
        pytest.param(
            "https://falconllm.tii.ae/falcon-terms-and-conditions.html",
            "LicenseRef-openness-tii-falcon-2.0",
            id="falcon",
        ),
        pytest.param(
            "https://huggingface.co/datasets/choosealicense/licenses/blob/main/markdown/mit.md",
            "MIT",
            id="choosealicense-collection",
        ),
    ],
)
def test_steward_addresses(given: str, expected: str | None) -> None:
    hit = read_name(given)
    assert (hit.licenses[0].id if hit and hit.licenses else None) == expected


@pytest.mark.parametrize(
    "given",
    [
        pytest.param("https://huggingface.co/Qwen/Qwen3-8B/blob/main/LICENSE", id="qwen3-8b"),
        pytest.param("https://github.com/openai/whisper/blob/main/LICENSE", id="whisper"),
        pytest.param("https://huggingface.co/microsoft/phi-2/resolve/main/LICENSE", id="resolve"),
        pytest.param(
            "https://raw.githubusercontent.com/openai/whisper/main/LICENSE", id="raw-github"
        ),
        pytest.param("https://github.com/LLaVA-VL/LLaVA-NeXT?tab=Apache-2.0-1-ov-file", id="tab"),
    ],
)
def test_repository_files_are_not_classified(given: str) -> None:
    assert repository_file(given)
    m = openness.identify_license(given)
    assert (m.license, m.guess, m.how) == (None, None, "repository-file")
    assert given in m.reason
    r = resolve_license(given)
    assert (r.known, r.licenses, r.unknown) == (False, (), (given,))


def test_a_table_that_names_the_file_is_kept() -> None:
    # ScanCode lists this file as the Qwen licence's text: a sourced fact, not a guess.
    m = openness.identify_license("https://huggingface.co/Qwen/Qwen2.5-72B/blob/main/LICENSE")
    assert m.license is not None
    assert (m.license.id, m.how) == ("LicenseRef-scancode-qwen-2024", "url")


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        pytest.param(
            "CC-BY-NC 4.0 + C4AI Acceptable Use Policy", ("CC-BY-NC-4.0", AUP), id="issue"
        ),
        pytest.param("Apache-2.0 and MIT", ("Apache-2.0", "MIT"), id="and"),
        pytest.param("Llama 3.3 with the Llama 3.3 Acceptable Use Policy", None, id="unknown-part"),
        pytest.param(
            "CC BY-NC 4.0 with C4AI's Acceptable Use Policy", ("CC-BY-NC-4.0", AUP), id="with"
        ),
    ],
)
def test_expressions(given: str, expected: tuple[str, ...] | None) -> None:
    hit = read_name(given)
    if expected is None:
        assert hit is None or hit.kind != "expression"
        return
    assert hit is not None
    assert (hit.kind, tuple(lic.id for lic in hit.licenses)) == ("expression", expected)
    r = resolve_license(given)
    assert (r.how, r.label) == ("expression", " AND ".join(expected))
    m = openness.identify_license(given)
    assert tuple(lic.id for lic in m.parts) == expected
    assert m.license is not None
    assert m.license.grade == min(lic.grade for lic in m.parts)


def test_the_usage_policy_adds_to_the_licence() -> None:
    r = resolve_license("CC-BY-NC 4.0 + C4AI Acceptable Use Policy")
    assert not r.is_open
    assert "non_commercial" in r.restrictions


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        pytest.param("Apach-2.0", "Apache-2.0", id="apach"),
        pytest.param("MTI", "MIT", id="mti"),
        pytest.param("lama3", "LicenseRef-openness-llama-3-license-2024", id="lama3"),
        pytest.param("GPL-3.0-onyl", "GPL-3.0-only", id="transposed"),
    ],
)
def test_typos_are_suggested_never_taken(given: str, expected: str) -> None:
    m = openness.identify_license(given)
    assert (m.license, m.how) == (None, "typo")
    assert m.alternatives[0][0].id == expected
    assert expected in m.reason
    assert not resolve_license(given).known


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        pytest.param("Apach-2.0", "Apache-2.0", id="apach"),
        pytest.param("MTI", "MIT", id="mti"),
        pytest.param("lama3", "LicenseRef-openness-llama-3-license-2024", id="lama3"),
        # Ids longer than 16 letters: the LicenseRef ids of most AI licences.
        pytest.param(
            "LicenseRef-scancode-llama-3.1-licnese-2024", LLAMA31, id="licenseref-transposed"
        ),
        pytest.param(
            "LicenseRef-scancode-bigscience-open-rail-n",
            "LicenseRef-scancode-bigscience-open-rail-m",
            id="licenseref-substituted",
        ),
        pytest.param(
            "licenseref-scncode-deepseek-la-1.0",
            "LicenseRef-scancode-deepseek-la-1.0",
            id="licenseref-prefix",
        ),
        pytest.param("Apache Licnse, Version 2.0", "Apache-2.0", id="name"),
        pytest.param("CC-BY-NC-SA-4.O", "CC-BY-NC-SA-4.0", id="letter-o"),
        pytest.param("gpl-30", "GPL-3.0-only", id="compact-equal"),
        # A family without a version: the words kept decide between equally near ids.
        pytest.param("agpl-3.0-onyl", "AGPL-3.0-only", id="deprecated-successor"),
    ],
)
def test_the_finding_says_did_you_mean(given: str, expected: str) -> None:
    m = openness.identify_license(given)
    assert (m.license, m.how, m.alternatives[0][0].id) == (None, "typo", expected)
    assert f"did you mean {expected!r}?" in m.reason
    a = openness.score({"name": "m", "components": {"model_parameters_final": {"license": given}}})
    found = [f for f in a.findings if f.rule == "weights-license-unknown"]
    assert len(found) == 1
    assert f"did you mean {expected!r}" in found[0].message


@pytest.mark.parametrize(
    "given",
    [
        "pubmed",
        "Bloom",
        "Apache-2.0",
        "Undisclosed text here",
        "license",
        "the licence agreement",
        "my own licence",
        "x" * 200,
    ],
)
def test_no_suggestion_far_from_every_id(given: str) -> None:
    assert nearest(given) == ()


@pytest.mark.parametrize(
    ("a", "b", "bound", "expected"),
    [
        ("mti", "mit", 2, 1),
        ("apach20", "apache20", 2, 1),
        ("licenserefscancodellama31licnese2024", "licenserefscancodellama31license2024", 2, 1),
        ("abc", "abc", 2, 0),
        ("", "ab", 2, 2),
        ("gpl", "mit", 2, 3),  # above the bound: bound + 1
        ("abcdef", "badcfe", 2, 3),
        ("abcdef", "badcfe", 3, 3),
    ],
)
def test_distance(a: str, b: str, bound: int, expected: int) -> None:
    assert distance(a, b, bound) == expected
    assert distance(b, a, bound) == expected


def test_every_key_two_edits_away_is_found() -> None:
    # The candidate index misses nothing within the bound: typos of every 7th key.
    rng = random.Random(20261123)  # noqa: S311 - reproducible typos, not secrets
    index = _index()
    letters = "abcdefghijklmnopqrstuvwxyz0123456789"
    for i in range(0, len(index.keys), 7):
        word = list(index.keys[i])
        for _ in range(rng.choice((1, 2))):
            j = rng.randrange(len(word))
            op = rng.choice("sdit")
            if op == "s":
                word[j] = rng.choice(letters)
            elif op == "d" and len(word) > 2:
                del word[j]
            elif op == "i":
                word.insert(j, rng.choice(letters))
            elif j + 1 < len(word):
                word[j], word[j + 1] = word[j + 1], word[j]
        typo = "".join(word)
        if distance(typo, index.keys[i], 2) <= 2:
            assert i in _candidates(index, typo, 2), (index.keys[i], typo)


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        pytest.param("agpl-3.0", "AGPL-3.0-only", id="hub-agpl"),
        pytest.param("GNU Affero General Public License v3.0", "AGPL-3.0-only", id="spdx-name"),
        pytest.param("GPL-2.0+", "GPL-2.0-or-later", id="plus"),
        pytest.param("https://opensource.org/licenses/AGPL-3.0", "AGPL-3.0-only", id="url"),
        pytest.param("Nunit", "Nunit", id="no-successor"),
    ],
)
def test_deprecated_ids_read_as_their_successor(given: str, expected: str) -> None:
    m = openness.identify_license(given)
    assert m.license is not None
    assert m.license.id == expected
    assert resolve_license(given).label == expected


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        pytest.param(
            "FAIR Noncommercial Research License v1",
            "LicenseRef-openness-fair-noncommercial-research",
            id="v1-of-unversioned",
        ),
        pytest.param("EXAONE AI Model License Agreement 1.2", None, id="another-version"),
        pytest.param("FLUX [dev] Non-Commercial License v2.0", None, id="flux-2"),
        pytest.param("Llama 3.4 Community License", None, id="llama-3.4"),
    ],
)
def test_versions(given: str, expected: str | None) -> None:
    m = openness.identify_license(given)
    assert (m.license.id if m.license else None) == expected


@pytest.mark.parametrize(
    "given",
    ["FLUX [dev] Non-Commercial License v2.0", "FLUX.1 [dev] Non-Commercial Licence, version 2"],
)
def test_a_version_the_licence_lacks_is_only_suggested(given: str) -> None:
    m = openness.identify_license(given)
    assert m.license is None
    near = m.guess or m.alternatives[0][0]
    assert near.id == "LicenseRef-scancode-flux-1-nc"


@pytest.mark.parametrize(
    ("given", "licence", "conflict"),
    [
        ("FLUX [dev] Non-Commercial License v2.0", "LicenseRef-scancode-flux-1-nc", True),
        ("cdla permissive v1", "CDLA-Permissive-2.0", True),
        ("Llama 3.1 community licence", LLAMA31, False),
        ("Falcon 180B TII terms", "LicenseRef-openness-falcon-180b-tii-1.0", False),  # a size
        ("Gemma terms of use", "LicenseRef-scancode-gemma-tou-2025-03-24", False),  # no version
    ],
)
def test_version_conflict(given: str, licence: str, conflict: bool) -> None:
    assert version_conflict(given, openness.get_license(licence)) is conflict


def test_a_confident_model_is_not_taken_for_another_version(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    flux1 = openness.get_license("LicenseRef-scancode-flux-1-nc")
    sure = openness.LicenseMatch(flux1, 0.999, (), "classifier", flux1, 0.96)
    monkeypatch.setattr(_classifier, "_match", lambda *_: sure)
    m = _classifier._name(
        _classifier.loaded_model(), "Black Forest FLUX dev noncommercial terms v2"
    )
    assert (m.license, m.guess, m.confidence) == (None, flux1, 0.999)
    assert "version" in m.reason


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("GNU General Public License v3.0", "gpl-3.0"),
        ("GNU Lesser General Public License, version 2.1", "LGPLv2.1"),
        ("Creative Commons Attribution-NonCommercial 4.0", "CC BY-NC 4"),
        ("Llama 3.3 Community License Agreement", "LLAMA-3.3 licence"),
    ],
)
def test_name_keys_agree(a: str, b: str) -> None:
    assert name_key(a) == name_key(b)


@pytest.mark.parametrize(
    ("a", "b"),
    [("GPL-2.0", "GPL-3.0"), ("Llama 3.2", "Llama 3.3"), ("CC BY-NC 4.0", "CC BY-NC-SA 4.0")],
)
def test_name_keys_keep_versions_and_parts(a: str, b: str) -> None:
    assert name_key(a) != name_key(b)


def test_url_key_leaves_names_alone() -> None:
    assert url_key("Apache License 2.0") is None


# ------------------------------------------------------------------ licences quoted in a card

CC4 = ["CC-BY-4.0", "CC-BY-SA-4.0", "CC-BY-NC-4.0", "CC-BY-ND-4.0", "CC-BY-NC-SA-4.0"]
CC4 += ["CC-BY-NC-ND-4.0"]


def _quoted(lid: str, chars: int = 2500) -> str:
    text = (CC_TEXT / f"{lid}.txt").read_text(encoding="utf-8")
    return (
        "---\nlicense: other\n---\n# A model\n\nWeights trained on public data.\n\n"
        f"## License\n\n{text[:chars]}\n\n## Citation\n\n@misc{{x}}\n"
    )


@pytest.mark.parametrize("lid", CC4)
def test_cc_quoted_in_a_card_is_told_by_its_title(lid: str) -> None:
    m = openness.identify_license(_quoted(lid))
    assert m.license is not None
    assert m.license.id == lid


@pytest.mark.parametrize("lid", CC4)
def test_cc_title_in_a_code_comment(lid: str) -> None:
    text = (CC_TEXT / f"{lid}.txt").read_text(encoding="utf-8")[:2500]
    comment = "\n".join(f"# {line}" for line in text.splitlines())
    titled = read_title(comment)
    assert titled is not None
    assert titled.id == lid


def test_cc_preamble_without_title_stays_unknown() -> None:
    text = (CC_TEXT / "CC-BY-NC-4.0.txt").read_text(encoding="utf-8")
    preamble = text[text.index("Creative Commons Corporation") : text.index("Considerations for")]
    assert read_title(preamble) is None
    m = openness.identify_license(preamble)
    assert m.license is None or not m.license.id.startswith("CC-")


def test_a_title_alone_is_a_mention() -> None:
    assert read_title("Licensed under Attribution 4.0 International, see LICENSE.") is None


# ------------------------------------------------------------------ the collected names

CASES = ROOT / "tests" / "cases" / "license_names.tsv"


def _rows() -> list[dict[str, str]]:
    with CASES.open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f, delimiter="\t"))


def test_collected_names_table() -> None:
    rows = _rows()
    assert len(rows) >= 300
    assert len({r["string"] for r in rows}) == len(rows)
    for r in rows:
        assert r["source"], r
        if r["expected"]:
            assert openness.get_license(r["expected"]).id == r["expected"]
