"""Batch scoring: score_many and ``openness score --jobs``, over the real releases."""

from __future__ import annotations

import itertools
import json
import random
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

import openness
from openness import BatchError, score_many
from openness._batch import WINDOW
from openness._cli import _row, main
from openness._rules import facts_of
from openness._score import _judge, _judged

if TYPE_CHECKING:
    from collections.abc import Iterator

ROOT = Path(__file__).resolve().parent.parent
PATHS = sorted((ROOT / "data" / "releases").glob("*.yaml"))
MOT = sorted((ROOT / "data" / "mot" / "models").glob("*.yml"))


def _mapping(path: Path) -> dict[str, Any]:
    return openness.score(path).release.to_mapping()


RELEASES = [_mapping(p) for p in PATHS]
GOOD = RELEASES[0]


def _same(a: object) -> object:
    """What must not change between two ways of scoring: everything but the source."""
    if isinstance(a, BatchError):
        return a
    assert isinstance(a, openness.Assessment)
    d = a.to_dict()
    del d["source"]
    return d


# A JSONL file: each line, then what score_many must give for it (None: an assessment).
LINES: list[tuple[str, str | None]] = [
    (json.dumps(RELEASES[0]), None),
    ("", None),  # A blank line is skipped, but counted.
    ("{not json", "malformed JSON at line 1, column 2"),
    (json.dumps({**RELEASES[1], "acess": "open"}), "acess: unknown field (did you mean 'access'?)"),
    ("[1, 2]", "expected a mapping (a release), got list"),
    (json.dumps({"name": "x", "components": {"weights": {}}}), "components.weights: unknown"),
    (json.dumps(RELEASES[2], ensure_ascii=False), None),
    ("   ", None),
    (json.dumps({"name": ""}), "name: String should have at least 1 character"),
    (json.dumps(RELEASES[3]), None),
]


@pytest.fixture(scope="module")
def jsonl(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("batch") / "releases.jsonl"
    path.write_text("".join(f"{line}\n" for line, _ in LINES), encoding="utf-8")
    return path


def _expected_lines() -> list[tuple[int, str | None]]:
    return [(n, err) for n, (line, err) in enumerate(LINES, 1) if line.strip()]


@pytest.mark.parametrize("n_jobs", [1, 2], ids=["one-core", "two-workers"])
def test_jsonl_bad_records_are_reported_in_place(jsonl: Path, n_jobs: int) -> None:
    results = list(score_many(jsonl, n_jobs=n_jobs, chunk_size=2))
    expected = _expected_lines()
    assert len(results) == len(expected)
    for i, (result, (line, error)) in enumerate(zip(results, expected, strict=True)):
        if error is None:
            assert isinstance(result, openness.Assessment), result
            assert result.source["name"] == f"{jsonl}:{line}"
            assert result.source["format"] == "native"
            raw = LINES[line - 1][0].encode()
            assert result.to_dict() == openness.score(json.loads(raw)).to_dict() | {
                "source": result.source
            }
        else:
            assert isinstance(result, BatchError), result
            assert (result.index, result.line, result.source) == (i, line, f"{jsonl}:{line}")
            assert result.message.startswith(error), result.message
            assert str(result) == f"{jsonl}:{line}: {result.message}"


def test_a_jsonl_record_source_hashes_its_line(jsonl: Path) -> None:
    import hashlib  # noqa: PLC0415

    first = next(iter(score_many(jsonl)))
    assert isinstance(first, openness.Assessment)
    assert first.source["sha256"] == hashlib.sha256(LINES[0][0].encode()).hexdigest()


@pytest.mark.parametrize("n_jobs", [1, 2, -1], ids=["one-core", "two-workers", "every-core"])
def test_results_match_score_in_input_order(n_jobs: int) -> None:
    # Paths, mappings and Releases mixed, as score() takes them.
    sources: list[object] = [*PATHS[:10], *RELEASES[10:20]]
    sources += [openness.Release.model_validate(m) for m in RELEASES[20:30]]
    sources += [str(p) for p in MOT[:20]]
    got = list(score_many(sources, n_jobs=n_jobs, chunk_size=3))
    assert [a.to_dict() for a in got] == [openness.score(s).to_dict() for s in sources]  # type: ignore[union-attr]


@pytest.mark.parametrize("n_jobs", [1, 2], ids=["one-core", "two-workers"])
def test_transform_is_applied_where_releases_are_scored(n_jobs: int) -> None:
    sources = [*RELEASES[:12], {"name": ""}, *RELEASES[12:20]]
    got = list(score_many(sources, n_jobs=n_jobs, chunk_size=4, transform=_row))
    assert got[:12] + got[13:] == [_row(openness.score(m)) for m in RELEASES[:20]]
    assert isinstance(got[12], BatchError)


def test_missing_files_are_errors_in_place(tmp_path: Path) -> None:
    missing = tmp_path / "nope.jsonl"
    got = list(score_many([GOOD, missing, tmp_path / "nope.yaml", GOOD]))
    assert [type(r).__name__ for r in got] == [
        "Assessment",
        "BatchError",
        "BatchError",
        "Assessment",
    ]
    assert got[1] == BatchError(1, str(missing), "no such file")
    assert isinstance(got[2], BatchError)
    assert got[2].message == "no such file"


def test_other_errors_name_the_source_too(monkeypatch: pytest.MonkeyPatch) -> None:
    # E.g. the classifier's file found altered: reported in place, as a bad record is.
    def broken(_: object, **__: object) -> openness.Assessment:
        raise openness.ModelFileError("classifier.joblib: SHA-256 differs")

    monkeypatch.setattr("openness._batch.score", broken)
    release = openness.Release.model_validate(GOOD)
    got = list(score_many([PATHS[0], GOOD, release]))
    assert [(e.source, e.message) for e in got] == [  # type: ignore[union-attr]
        (str(PATHS[0]), "classifier.joblib: SHA-256 differs"),
        ("<mapping>", "classifier.joblib: SHA-256 differs"),
        ("<release>", "classifier.joblib: SHA-256 differs"),
    ]


def test_an_overlong_line_is_skipped_without_reading_it_whole(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("openness._batch.MAX_BYTES", 100)
    path = tmp_path / "long.jsonl"
    small = json.dumps({"name": "a", "access": "open"})
    path.write_text(f"{small}\n{'x' * 1000}\n{small}\n", encoding="utf-8")
    got = list(score_many(path))
    assert isinstance(got[0], openness.Assessment)
    assert got[1] == BatchError(1, f"{path}:2", "line is longer than the limit of 100 bytes", 2)
    assert isinstance(got[2], openness.Assessment)
    assert got[2].source["name"] == f"{path}:3"


class _Counted:
    """An endless source of releases that counts how many were taken."""

    def __init__(self) -> None:
        self.taken = 0

    def __iter__(self) -> Iterator[dict[str, Any]]:
        for i in itertools.count():
            self.taken += 1
            yield {**GOOD, "name": f"release {i}"}


def test_one_core_streams_an_endless_input() -> None:
    source = _Counted()
    got = list(itertools.islice(score_many(source), 5))
    assert [a.name for a in got] == [f"release {i}" for i in range(5)]  # type: ignore[union-attr]
    assert source.taken == 5


def test_workers_take_a_bounded_window_of_an_endless_input() -> None:
    source = _Counted()
    results = score_many(source, n_jobs=2, chunk_size=4)
    got = list(itertools.islice(results, 10))
    assert [a.name for a in got] == [f"release {i}" for i in range(10)]  # type: ignore[union-attr]
    # A bounded window of chunks per worker in flight, besides those already given back.
    assert source.taken <= 10 + WINDOW * 2 * 4
    results.close()  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    ("sources", "kwargs", "error"),
    [
        pytest.param(GOOD, {}, TypeError, id="one-mapping"),
        pytest.param(openness.Release.model_validate(GOOD), {}, TypeError, id="one-release"),
        pytest.param([GOOD], {"n_jobs": 0}, ValueError, id="no-jobs"),
        pytest.param([GOOD], {"chunk_size": 0}, ValueError, id="empty-chunks"),
    ],
)
def test_misuse_raises_at_once(sources: Any, kwargs: dict[str, Any], error: type) -> None:
    with pytest.raises(error):
        score_many(sources, **kwargs)


@pytest.mark.enable_socket  # The cluster's scheduler and workers talk on this machine only.
def test_the_dask_backend_runs_on_a_local_cluster() -> None:
    import distributed  # noqa: PLC0415 - the dask extra, only for this test

    with (
        distributed.LocalCluster(
            n_workers=2, threads_per_worker=1, processes=False, dashboard_address=None
        ) as cluster,
        distributed.Client(cluster, timeout="30s"),
    ):
        got = list(score_many([*RELEASES, {"name": ""}], backend="dask", chunk_size=8))
    assert [_same(a) for a in got[:-1]] == [_same(openness.score(m)) for m in RELEASES]
    assert isinstance(got[-1], BatchError)
    assert got[-1].index == len(RELEASES)


# The command line.


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_cli_jsonl_reports_bad_lines_and_prints_the_others(
    jsonl: Path, capsys: pytest.CaptureFixture[str], jobs: str
) -> None:
    code, out, err = _run(capsys, "score", str(jsonl), "--format", "jsonl", "--jobs", jobs)
    assert code == 2
    expected = _expected_lines()
    records = [json.loads(line) for line in out.splitlines()]
    good = [line for line, error in expected if error is None]
    assert [r["source"]["name"] for r in records] == [f"{jsonl}:{n}" for n in good]
    bad = [(line, error) for line, error in expected if error is not None]
    assert len(err.splitlines()) == len(bad)
    for text, (line, error) in zip(err.splitlines(), bad, strict=True):
        assert text.startswith(f"openness: {jsonl}:{line}: {error}")


def test_cli_json_streams_the_same_bytes_as_one_document(
    capsys: pytest.CaptureFixture[str],
) -> None:
    paths = [str(p) for p in PATHS[:5]]
    code, out, _ = _run(capsys, "score", "--format", "json", "--jobs", "2", *paths)
    assert code == 0
    whole = [openness.score(p).to_dict() for p in paths]
    assert out == json.dumps(whole, indent=2, ensure_ascii=False) + "\n"


@pytest.mark.parametrize("fmt", ["table", "json", "jsonl"])
def test_cli_jobs_do_not_change_the_output(capsys: pytest.CaptureFixture[str], fmt: str) -> None:
    paths = [str(ROOT / "data" / "releases"), *(str(p) for p in MOT[:30])]
    one = _run(capsys, "score", "--format", fmt, *paths)
    two = _run(capsys, "score", "--format", fmt, "--jobs", "2", *paths)
    assert one == two
    assert one[0] == 0


@pytest.mark.parametrize("jobs", ["0", "x"])
def test_cli_bad_jobs_is_a_usage_error(capsys: pytest.CaptureFixture[str], jobs: str) -> None:
    with pytest.raises(SystemExit) as e:
        main(["score", "--jobs", jobs, str(PATHS[0])])
    assert e.value.code == 2
    assert "--jobs" in capsys.readouterr().err


# The rules are judged once per release profile (_score._judged): that is only right if no rule
# reads the fields the profile leaves out. Each release here is scored afresh twice, once with
# those fields changed, and must be judged the same.


def _fuzzed(seed: int) -> dict[str, Any]:
    rng = random.Random(seed)  # noqa: S311 - a fixed corpus, not a secret
    licences = ["MIT", "Apache-2.0", "llama3.1", "cc-by-nc-4.0", "NONE", "custom terms", None]
    components: dict[str, Any] = {}
    for name in openness.COMPONENTS:
        if rng.random() < 0.5:
            c: dict[str, Any] = {"license": rng.choice(licences)}
            c["partial"] = rng.random() < 0.2
            c["released"] = rng.random() < 0.9
            components[name] = c
    out: dict[str, Any] = {"name": f"fuzzed {seed}", "components": components}
    out["access"] = rng.choice(["open", "registration", "on_request", "api", "none", None])
    out["license"] = rng.choice(licences)
    out["claims"] = rng.choice([[], ["open source"], ["open weights"], ["not open source"]])
    out["monetised"] = rng.choice([True, False, None])
    out["training_compute_flops"] = rng.choice([None, 1e20, 2e25])
    return out


PROFILES = [*RELEASES, *(_mapping(p) for p in MOT[::9]), *(_fuzzed(s) for s in range(60))]


def _renamed(m: dict[str, Any]) -> dict[str, Any]:
    components = {
        name: {**c, "location": "https://example.org/x", "notes": "changed"}
        for name, c in m.get("components", {}).items()
    }
    changed = {"name": "other", "producer": "someone else", "date": "2001-01-01"}
    return {**m, **changed, "base_model": "another/model", "components": components}


@pytest.mark.parametrize("mapping", PROFILES, ids=lambda m: str(m["name"])[:30])
def test_rules_read_nothing_the_profile_leaves_out(mapping: dict[str, Any]) -> None:
    release = openness.Release.model_validate(mapping)
    other = openness.Release.model_validate(_renamed(mapping))
    assert _judge(facts_of(release)) == _judge(facts_of(other))
    assert _judged(release) == _judge(facts_of(release))
