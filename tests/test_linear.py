"""Every pattern that sees input runs in near-linear time (issue 15, class 4 and 10).

For each family of regular expressions, a generated worst case is read at 100 KB and at 1 MB; the
larger may take at most ~20 times as long as the smaller (linear: 10 times; quadratic: 100). Each
size is timed best of three with time.perf_counter, after a warm-up that loads what is lazily
loaded (PyYAML, the classifier).
"""

from __future__ import annotations

import contextlib
import json
import time
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
import yaml

import openness
from openness.licenses._resolve import resolve_license

if TYPE_CHECKING:
    from collections.abc import Callable

ROOT = Path(__file__).resolve().parent.parent
EXPERT = yaml.safe_load(
    (ROOT / "data" / "opening-up-chatgpt" / "projects" / "BELLE.yaml").read_text()
)
MAX_RATIO = 20


def _expert(tmp: Path, license_text: str, notes: str = "") -> Callable[[], object]:
    doc = json.loads(json.dumps(EXPERT))
    doc["project"]["license"] = license_text
    if notes:
        doc["license"]["notes"] = notes
    path = tmp / f"expert-{len(license_text)}-{len(notes)}.json"
    path.write_text(json.dumps(doc), encoding="utf-8")
    return lambda: openness.score(path, format="opening-up-chatgpt")


def _card(tmp: Path, body: str) -> Callable[[], object]:
    path = tmp / f"card-{len(body)}" / "README.md"
    path.parent.mkdir()
    path.write_text("---\nlicense: mit\n---\n# A model\n\n" + body + "\n", encoding="utf-8")
    return lambda: openness.score(path, format="hf-card")


def _native_claims(tmp: Path, claim: str) -> Callable[[], object]:
    # Claims are capped in length (the schema): many of them.
    n = max(1, len(claim) // 1000)
    path = tmp / f"claims-{len(claim)}.json"
    path.write_text(json.dumps({"name": "x", "claims": [claim[:1000]] * n}), encoding="utf-8")
    return lambda: openness.score(path)


def _resolve(text: str) -> Callable[[], object]:
    counter = iter(range(1000))
    # A new text each call: resolutions are cached.
    return lambda: resolve_license(f"{next(counter)} {text}")


# (id, maker(tmp dir, size in bytes) -> the call to time)
FAMILIES: list[tuple[str, Callable[[Path, int], Callable[[], object]]]] = [
    ("expert-license-whitespace", lambda t, n: _expert(t, "a" + " " * n + "b")),
    ("expert-license-parentheses", lambda t, n: _expert(t, "(" * n)),
    ("expert-license-separators", lambda t, n: _expert(t, " , and ; +" * (n // 10))),
    ("expert-notes-gnu", lambda t, n: _expert(t, "", "GNU " * (n // 4))),
    ("expert-notes-cc-by", lambda t, n: _expert(t, "", "CC-BY-NC-SA-NC-SA" * (n // 17))),
    ("card-link-brackets", lambda t, n: _card(t, "[" * n)),
    ("card-unclosed-links", lambda t, n: _card(t, "[a](" * (n // 4))),
    ("card-comments", lambda t, n: _card(t, "<!--" * (n // 4))),
    ("card-tags", lambda t, n: _card(t, "<a" * (n // 2))),
    ("card-whitespace-claim", lambda t, n: _card(t, "open" + " " * n + "x")),
    ("card-sentences", lambda t, n: _card(t, "Open model. " * (n // 12))),
    ("card-statements", lambda t, n: _card(t, "".join(f"License: q{i}. " for i in range(n // 14)))),
    ("card-released-under", lambda t, n: _card(t, "released under " * (n // 15))),
    ("card-checkpoints", lambda t, n: _card(t, "checkpoint " * (n // 11))),
    ("card-urls", lambda t, n: _card(t, "https://github.com/a/b " * (n // 23))),
    ("native-claims", lambda t, n: _native_claims(t, "fully " * (n // 6))),
    ("native-claims-dashes", lambda t, n: _native_claims(t, "open" + "-" * n)),
    ("licence-text-words", lambda _, n: _resolve("GNU " * (n // 4))),
    ("licence-text-whitespace", lambda _, n: _resolve("MIT" + " " * n + "x\ny")),
    ("licence-expression-parentheses", lambda _, n: _resolve("(" * (n // 50))),
]


def _best(call: Callable[[], object]) -> float:
    times = []
    for _ in range(3):
        start = time.perf_counter()
        # Refused is fine: refused fast is what is timed.
        with contextlib.suppress(openness.OpennessError):
            call()
        times.append(time.perf_counter() - start)
    return min(times)


@pytest.mark.parametrize(("family", "make"), FAMILIES, ids=[f for f, _ in FAMILIES])
def test_near_linear(
    tmp_path: Path, family: str, make: Callable[[Path, int], Callable[[], object]]
) -> None:
    del family
    warm = tmp_path / "warm"
    warm.mkdir()
    _best(make(warm, 10_000))
    small, large = _best(make(tmp_path, 100_000)), _best(make(tmp_path, 1_000_000))
    # A floor of 20 ms: below it the ratio measures the clock and the machine's load.
    ratio = large / max(small, 0.02)
    assert ratio < MAX_RATIO, f"100 KB {small * 1000:.1f} ms, 1 MB {large * 1000:.1f} ms"
