"""Batch scoring: many releases streamed in input order, on one core, all cores or a cluster.

Records are read lazily (a ``.jsonl`` file one line at a time), sent to workers in chunks with a
bounded number of chunks in flight, and given back in input order: memory stays constant however
long the input. Workers are joblib's (loky processes by default); ``backend="dask"`` runs the same
call on the Dask cluster of the current ``distributed.Client``.
"""

from __future__ import annotations

import contextlib
import functools
import itertools
import os
import stat
import threading
import warnings
from collections.abc import Callable, Generator, Iterable, Iterator, Mapping
from concurrent.futures import BrokenExecutor
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, BinaryIO, TypeAlias, TypeVar, overload

from ._judge import assess
from ._schema import Release
from ._score import score
from .errors import InvalidReleaseError, OpennessError
from .readers._core import MAX_BYTES, read_bytes

if TYPE_CHECKING:
    from ._assessment import Assessment

__all__ = [
    "AUTO_MIN_BYTES",
    "CHUNK_SIZE",
    "WINDOW",
    "BatchError",
    "abandon",
    "auto_jobs",
    "score_many",
    "stream",
]

CHUNK_SIZE = 512
"""The most records sent to a worker at once; chunks start smaller and double up to it."""
_FIRST_CHUNK = 16
WINDOW = 8
"""Chunks in flight (sent, or scored and not yet taken) per worker, at most."""

AUTO_MIN_BYTES = 20_000_000
"""The input size (bytes of release files) from which ``--jobs auto`` considers workers.

Measured on 2 cores (docs/performance.md): workers lost at 10,000 releases (5 MB of JSONL) and
won at 100,000 (52 MB) when the cores were free; below that, starting them costs more."""
_AUTO_FREE_CORES = 2

_T = TypeVar("_T")

BATCH_ERROR_SCHEMA_VERSION = "1"
"""Version of :meth:`BatchError.to_dict`'s layout (docs/schemas/batch-error.schema.json)."""


def _cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # Not on every platform (macOS, Windows).
        return os.cpu_count() or 1


def _load() -> float:
    try:
        return os.getloadavg()[0]
    except (AttributeError, OSError):  # Windows has no load average.
        return 0.0


def auto_jobs(size: int, *, cores: int | None = None, load: float | None = None) -> int:
    """Return how many processes ``--jobs auto`` scores an input of *size* bytes with.

    One, unless the input is at least :data:`AUTO_MIN_BYTES` and more than two cores are free
    (cores less the load average): then as many workers as cores are free. Workers pay for
    themselves only on a large input with cores nobody else is using; on two cores, the main
    process that writes the output and one worker already share them.

    >>> auto_jobs(5_000_000, cores=8, load=0.0)
    1
    >>> auto_jobs(50_000_000, cores=8, load=1.5)
    6
    >>> auto_jobs(50_000_000, cores=2, load=0.0)
    1
    """
    cores = _cores() if cores is None else cores
    load = _load() if load is None else load
    free = int(cores - load)
    if size < AUTO_MIN_BYTES or free <= _AUTO_FREE_CORES:
        return 1
    return min(cores, free)


_Record: TypeAlias = tuple[int, object, str | None, int | None]
"""A record: its index among all records, the source (a path, a mapping, a Release or a JSONL
line's bytes), the name of a JSONL record (``file.jsonl:LINE``) and its line number."""


@dataclass(frozen=True, slots=True)
class BatchError:
    """A record that could not be scored: batch scoring reports it in its place and goes on.

    >>> print(BatchError(3, "releases.jsonl:4", "access: unknown value", 4))
    releases.jsonl:4: access: unknown value
    """

    index: int
    """The record's position among all the records read (0 for the first)."""
    source: str
    """Where the record came from: a path, ``file.jsonl:LINE`` or ``<mapping>``."""
    message: str
    """What is wrong, naming the field when there is one."""
    line: int | None = None
    """The record's line number in its JSONL file (1 for the first line)."""
    internal: bool = False
    """Whether openness itself failed on the record (a bug to report), not the record."""

    def __str__(self) -> str:
        return f"{self.source}: {self.message}"

    def to_dict(self) -> dict[str, Any]:
        """Return the error as a JSON document, e.g. a JSONL output line in the record's place.

        >>> BatchError(3, "releases.jsonl:4", "access: unknown value", 4).to_dict()["error"]
        {'index': 3, 'source': 'releases.jsonl:4', 'message': 'access: unknown value', 'line': 4}
        """
        return {
            "schema_version": BATCH_ERROR_SCHEMA_VERSION,
            "error": {
                "index": self.index,
                "source": self.source,
                "message": self.message,
                "line": self.line,
            },
        }


def _is_jsonl(source: object) -> bool:
    return isinstance(source, str | os.PathLike) and os.fspath(source).lower().endswith(".jsonl")


def _lines(f: BinaryIO, name: str) -> Iterator[tuple[bytes | BatchError, str, int]]:
    """Yield each non-blank line of a JSONL file with its name and number, one at a time.

    A line longer than :data:`MAX_BYTES` is skipped with an error, never held in memory.
    """
    limit = MAX_BYTES + 1
    for number in itertools.count(1):
        line = f.readline(limit)
        if not line:
            return
        where = f"{name}:{number}"
        if len(line) == limit and not line.endswith(b"\n"):
            while (rest := f.readline(limit)) and not rest.endswith(b"\n"):
                pass
            problem = f"line is longer than the limit of {MAX_BYTES:,} bytes"
            yield BatchError(-1, where, problem, number), where, number
            continue
        data = line.rstrip(b"\r\n")
        if data and not data.isspace():
            yield data, where, number


def _open_regular(name: str) -> BinaryIO | None:
    """Open *name* for reading if it is a regular file, else return ``None``.

    Opened without blocking (a FIFO would wait for a writer forever) and checked on the open
    file, so that a name swapped for a device after a check is still refused: /dev/zero would be
    read forever, /dev/urandom flood the errors.
    """
    fd = os.open(name, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
    if not stat.S_ISREG(os.fstat(fd).st_mode):
        os.close(fd)
        return None
    if hasattr(os, "set_blocking"):
        os.set_blocking(fd, True)
    return os.fdopen(fd, "rb")


def _records(sources: Iterable[object]) -> Iterator[_Record]:
    """Yield the numbered records of *sources*, ``.jsonl`` files expanded into their lines."""
    index = itertools.count()
    for source in sources:
        if not _is_jsonl(source):
            yield next(index), source, None, None
            continue
        name = os.fspath(source)  # type: ignore[call-overload]
        try:
            f = _open_regular(name)
        except OSError as e:
            problem = "no such file" if isinstance(e, FileNotFoundError) else str(e.strerror)
            i = next(index)
            yield i, BatchError(i, name, problem), None, None
            continue
        if f is None:
            i = next(index)
            problem = "not a regular file (a pipe, socket, device or directory): expected JSONL"
            yield i, BatchError(i, name, problem), None, None
            continue
        with f:
            for item, where, number in _lines(f, name):
                i = next(index)
                if isinstance(item, BatchError):
                    yield i, BatchError(i, item.source, item.message, item.line), where, number
                else:
                    yield i, item, where, number


def _error(
    index: int, item: object, name: str | None, line: int | None, e: Exception
) -> BatchError:
    if isinstance(e, InvalidReleaseError):
        message = f"{e.field}: {e.problem}" if e.field else e.problem
        return BatchError(index, e.source, message, line)
    if name is None:
        if isinstance(item, str | os.PathLike):
            name = str(os.fspath(item))
        else:
            name = "<release>" if isinstance(item, Release) else "<mapping>"
    return BatchError(index, name, str(e), line)


def _score_record(record: _Record, fmt: str | None) -> Assessment | BatchError:
    index, item, name, line = record
    if isinstance(item, BatchError):
        return item
    try:
        if isinstance(item, bytes) and name is not None:
            release, src = read_bytes(item, name, fmt)
            return assess(release, src)
        return score(item, format=fmt)
    except OpennessError as e:
        return _error(index, item, name, line, e)
    except (RecursionError, MemoryError) as e:
        # Input no limit caught: the record is refused, the batch goes on.
        return _error(index, item, name, line, _too_big(e))
    except Exception as e:  # noqa: BLE001 - one record's failure must not lose the others
        error = _error(index, item, name, line, e)
        message = f"internal error ({type(e).__name__}): please report it with this record"
        return BatchError(error.index, error.source, message, error.line, internal=True)


def _too_big(e: BaseException) -> OpennessError:
    what = "nested too deeply" if isinstance(e, RecursionError) else "too large to read"
    return OpennessError(f"the record is {what}")


def _score_chunk(
    chunk: list[_Record], fmt: str | None, render: Callable[[Assessment], _T]
) -> list[_T | BatchError]:
    """Score a chunk in a worker; *render* turns each assessment into what is sent back."""
    out: list[_T | BatchError] = []
    for record in chunk:
        result = _score_record(record, fmt)
        out.append(result if isinstance(result, BatchError) else render(result))
    return out


def _chunks(records: Iterator[_Record], largest: int) -> Iterator[list[_Record]]:
    """Cut records into chunks, small first so that short inputs still spread over workers."""
    size = min(_FIRST_CHUNK, largest)
    while chunk := list(itertools.islice(records, size)):
        yield chunk
        size = min(size * 2, largest)


def stream(
    sources: Iterable[object] | str | os.PathLike[str],
    render: Callable[[Assessment], _T],
    *,
    n_jobs: int | None = 1,
    backend: str | None = None,
    format: str | None = None,  # noqa: A002
    chunk_size: int = CHUNK_SIZE,
    progress: Callable[[int], None] | None = None,
    on_lost: Callable[[str], None] | None = None,
) -> Iterator[_T | BatchError]:
    """:func:`score_many`, with *render* applied to each assessment where it is made.

    *render* must be a module-level function, which workers import: the command line renders
    text there, so that only text comes back from the workers. *on_lost* is told, in a
    sentence, when a worker died and its records were scored again in this process (by
    default a :class:`RuntimeWarning`).
    """
    if isinstance(sources, Mapping | Release):
        raise TypeError("score_many takes many sources: pass a list, e.g. [release]")
    if isinstance(sources, str | os.PathLike):
        sources = [sources]
    if chunk_size < 1:
        raise ValueError(f"chunk_size must be at least 1, got {chunk_size}")
    if n_jobs == 0:
        raise ValueError("n_jobs must not be 0: 1 for this process, -1 for every core")
    records = _records(sources)
    if backend is None and n_jobs in {1, None}:
        results = _serial(records, format, render)
    else:
        results = _parallel(
            records,
            format,
            render,
            n_jobs=n_jobs,
            backend=backend,
            chunk_size=chunk_size,
            on_lost=on_lost or _warn_lost,
        )
    return results if progress is None else _counted(results, progress)


def _counted(results: Iterator[_T], progress: Callable[[int], None]) -> Iterator[_T]:
    """Yield *results*, calling ``progress(n)`` after the n-th has been taken."""
    try:
        for n, result in enumerate(results, 1):
            yield result
            progress(n)
    finally:
        # Closed early: close the workers' stream now, as without a progress callback.
        close = getattr(results, "close", None)
        if close is not None:
            close()


def _serial(
    records: Iterator[_Record], fmt: str | None, render: Callable[[Assessment], _T]
) -> Iterator[_T | BatchError]:
    # One core: no workers and no chunks; each result as soon as it is made.
    for record in records:
        result = _score_record(record, fmt)
        yield result if isinstance(result, BatchError) else render(result)


def _parallel(
    records: Iterator[_Record],
    fmt: str | None,
    render: Callable[[Assessment], _T],
    *,
    n_jobs: int | None,
    backend: str | None,
    chunk_size: int,
    on_lost: Callable[[str], None],
) -> Iterator[_T | BatchError]:
    from joblib import Parallel, delayed, effective_n_jobs, parallel_config  # noqa: PLC0415

    chunks = _chunks(records, chunk_size)
    task = delayed(_score_chunk)
    while True:
        # The backend is configured only while the Parallel is made: it keeps it, and the
        # configuration must not outlive this generator's turns (it is thread-wide).
        with parallel_config(backend=backend) if backend else contextlib.nullcontext():
            window = WINDOW * max(1, effective_n_jobs(n_jobs))
            parallel = Parallel(
                n_jobs=n_jobs, return_as="generator", pre_dispatch="all", batch_size=1
            )
        lost: list[list[_Record]] = []
        # joblib hands a worker a new chunk as soon as one completes, however far the consumer
        # lags: chunks go in waves of a bounded number, so that memory stays bounded too.
        with parallel:
            while not lost and (wave := list(itertools.islice(chunks, window))):
                tasks = [task(c, fmt, render) for c in wave]
                lost = yield from _wave(functools.partial(parallel, tasks), wave)
        if not lost:
            return
        # A worker died (killed, out of memory): the wave's unfinished chunks are scored again
        # here, once, in their places, as --jobs 1 would score them; new workers take the rest.
        on_lost(_lost_message(lost))
        for chunk in lost:
            yield from _serial(iter(chunk), fmt, render)


def _wave(
    start: Callable[[], Iterator[list[_T | BatchError]]], wave: list[list[_Record]]
) -> Generator[_T | BatchError, None, list[list[_Record]]]:
    """Yield a wave's results in order; return its unfinished chunks if a worker died.

    *start* sends the wave to the workers (a dead worker may be found there already).
    """
    done = 0
    try:
        results = start()
        for chunk in results:
            yield from chunk
            done += 1
    except GeneratorExit:
        if _STOPPING.is_set():
            # Stopping (a signal): joblib abandons the wave and kills its workers.
            close = getattr(results, "close", None)
            if close is not None:
                close()
        else:
            # Closed early: let the wave finish, rather than have joblib abandon it.
            with contextlib.suppress(BrokenExecutor):
                for _ in results:
                    pass
        raise
    except BrokenExecutor:
        return wave[done:]
    return []


def _lost_message(lost: list[list[_Record]]) -> str:
    first, last = lost[0][0], lost[-1][-1]
    count = sum(len(c) for c in lost)
    where = _record_name(first) if count == 1 else f"{_record_name(first)} to {_record_name(last)}"
    return (
        f"a worker process stopped (killed, or out of memory) while scoring {where}: "
        f"{count:,} record{'s' if count != 1 else ''} scored again in this process"
    )


def _record_name(record: _Record) -> str:
    index, item, name, _ = record
    if name is not None:
        return name
    if isinstance(item, BatchError):
        return item.source
    if isinstance(item, str | os.PathLike):
        return str(os.fspath(item))
    return f"record {index + 1}"


_STOPPING = threading.Event()


def abandon(results: Iterator[object]) -> None:
    """Stop a batch at once, killing its worker processes (the command line on SIGTERM).

    Closing *results* otherwise waits for the chunks in flight, so that the workers stay
    usable; here joblib abandons them and kills the workers, and loky's executor, which keeps
    workers for the next batch, is shut down too: no process is left behind.
    """
    # loky's bookkeeping thread may trip over the work abandoned under it (a KeyError, printed
    # as a thread's traceback): nothing of it is wanted, the work is abandoned on purpose.
    hook = threading.excepthook
    threading.excepthook = _ignore
    _STOPPING.set()
    try:
        with warnings.catch_warnings():
            # joblib warns that the tasks in flight were cancelled: that is the point here.
            warnings.filterwarnings("ignore", category=UserWarning, module=r"joblib\.")
            close = getattr(results, "close", None)
            if close is not None:
                close()
        _shutdown_executor()
    finally:
        _STOPPING.clear()
        threading.excepthook = hook


def _ignore(_args: threading.ExceptHookArgs) -> None:
    return


def _shutdown_executor() -> None:
    try:
        from joblib.externals.loky import reusable_executor  # noqa: PLC0415
    except ImportError:  # pragma: no cover - joblib vendors loky
        return
    # The executor kept for the next batch: a private name of loky's, hence getattr.
    executor = getattr(reusable_executor, "_executor", None)
    if executor is not None:
        executor.shutdown(wait=True, kill_workers=True)


def _warn_lost(message: str) -> None:
    warnings.warn(message, RuntimeWarning, stacklevel=3)


@overload
def score_many(
    sources: Iterable[object] | str | os.PathLike[str],
    *,
    n_jobs: int | None = ...,
    backend: str | None = ...,
    format: str | None = ...,
    chunk_size: int = ...,
    progress: Callable[[int], None] | None = ...,
    transform: None = ...,
) -> Iterator[Assessment | BatchError]: ...


@overload
def score_many(
    sources: Iterable[object] | str | os.PathLike[str],
    *,
    n_jobs: int | None = ...,
    backend: str | None = ...,
    format: str | None = ...,
    chunk_size: int = ...,
    progress: Callable[[int], None] | None = ...,
    transform: Callable[[Assessment], _T],
) -> Iterator[_T | BatchError]: ...


def score_many(
    sources: Iterable[object] | str | os.PathLike[str],
    *,
    n_jobs: int | None = 1,
    backend: str | None = None,
    format: str | None = None,  # noqa: A002
    chunk_size: int = CHUNK_SIZE,
    progress: Callable[[int], None] | None = None,
    transform: Callable[[Assessment], _T] | None = None,
) -> Iterator[_T | Assessment | BatchError]:
    """Score many releases, streaming: results come in input order, as they are ready.

    A bad record gives a :class:`BatchError` in its place (with its line number in a JSONL file)
    and the others are still scored. Memory stays constant: records are read lazily and at most
    :data:`WINDOW` chunks per worker are in flight. A loky worker process that dies (killed,
    out of memory) loses no record: the records its wave had not returned are scored again,
    once, in this process, in their places, with a :class:`RuntimeWarning` naming them; new
    workers score the rest.

    :param sources: an iterable of sources :func:`score` reads (paths, mappings,
        :class:`Release` s), or a path to a ``.jsonl`` file of native releases, one per line;
        ``.jsonl`` paths in the iterable are expanded too.
    :param n_jobs: worker processes (joblib's convention: ``-1`` for every core); ``1`` scores
        in this process.
    :param backend: a joblib backend: ``"loky"`` (the default with ``n_jobs != 1``),
        ``"threading"``, or ``"dask"`` for the cluster of the current ``distributed.Client``
        (``pip install 'openness[dask]'``).
    :param format: force a reader (``"native"``, ``"mot"``...) for every record.
    :param chunk_size: the most records sent to a worker at once.
    :param transform: a module-level function applied to each assessment where it is made;
        its result is yielded instead. Workers send back text or small rows far faster than
        assessments (each is pickled, and unpickling one costs about what scoring it does):
        with workers, give what you keep of an assessment, e.g. a row.
    :param progress: called with the number of results taken so far, after each (in this
        process, as the results are consumed): a progress line, a counter. Keep it cheap.
    :raises TypeError: when *sources* is one release rather than many.

    >>> import openness
    >>> rows = [{"name": "a", "access": "open", "license": "MIT",
    ...          "components": {"model_parameters_final": {}}}, {"name": "b", "acess": "open"}]
    >>> for r in openness.score_many(rows):
    ...     print(r.level.name if isinstance(r, openness.Assessment) else f"error: {r}")
    OPEN_WEIGHTS
    error: <mapping>: acess: unknown field (did you mean 'access'?)
    """
    return stream(
        sources,
        transform or _same,
        n_jobs=n_jobs,
        backend=backend,
        format=format,
        chunk_size=chunk_size,
        progress=progress,
    )


def _same(a: Assessment) -> Assessment:
    return a
