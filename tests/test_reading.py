"""Each reader returns what it makes of a document (a Reading) and never changes its Source."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

import openness
from openness.readers._core import READERS, Reading, Source, parse_document

if TYPE_CHECKING:
    from collections.abc import Callable

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "data"


def _cyclonedx(path: Path) -> bytes:
    return json.dumps(openness.to_cyclonedx(openness.score(path))).encode()


# One real document per reader: (reader, file, its bytes when the file is not read as it is).
CASES = [
    ("native", DATA / "releases" / "olmo-7b.yaml", None),
    ("mot", DATA / "mot" / "models" / "Amber.yml", None),
    (
        "opening-up-chatgpt",
        DATA / "opening-up-chatgpt" / "projects" / "olmo-7b-instruct.yaml",
        None,
    ),
    ("osai-index", DATA / "osai" / "records" / "OLMo.yaml", None),
    ("cyclonedx", DATA / "releases" / "llama-3.1-8b.yaml", _cyclonedx),
    ("hf-card", ROOT / "tests" / "cases" / "cards" / "allenai--OLMo-2-1124-7B" / "README.md", None),
]


@pytest.mark.parametrize(("reader", "path", "make"), CASES, ids=[c[0] for c in CASES])
def test_a_reader_returns_its_reading_and_leaves_the_source(
    reader: str, path: Path, make: Callable[[Path], bytes] | None
) -> None:
    data = make(path) if make else path.read_bytes()
    r = READERS[reader]
    doc = data.decode() if r.text else parse_document(data, str(path), suffix=path.suffix)
    source = Source(str(path), path=path)
    before = copy.deepcopy(source)
    reading = r.to_release(doc, source)
    assert isinstance(reading, Reading)
    assert source == before  # never changed: what it noticed is in the reading
    a = openness.score(path) if make is None else None
    if a is not None:
        found = {f.rule for f in a.findings}
        assert {f.rule for f in reading.findings} <= found  # the assessment reports them
        if reading.lines is not None:
            assert a.lines == reading.lines  # the outputs place findings with the reader's index
            assert {c.line for c in a.claims} <= {None, *reading.lines.claims.values()}
