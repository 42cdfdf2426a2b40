"""Batch geoparsing of JSON Lines: one ``{"id", "text"}`` per line in, one result per line out.

``conflictmap extract --jsonl FILE --workers N`` is a thin shell over
:func:`extract_jsonl`. Guarantees:

* **Order.** Output line *k* answers input line *k* (blank input lines are skipped),
  whatever the number of worker processes.
* **Constant memory.** Lines are read only as workers need them: at most
  ``window`` chunks (default ``4 × workers``) of at most ``chunk_lines`` lines or
  about ``chunk_bytes`` each are in flight, so any length of input, including an
  endless stdin feed, runs in the same memory. The gazetteer's in-memory caches are
  bounded too.
* **Live feeds.** Each result line is flushed as soon as it is in order; a pause in
  the input sends the lines read so far to the workers instead of waiting for a
  full chunk.
* **One bad line never stops the run.** A line that is not JSON, not an object, has
  no text, is over the size limit, or fails to geoparse yields
  ``{"id": ..., "line": n, "error": "line n: ..."}`` in its place.
* **Workers** are processes, each opening the read-only gazetteer once; the parent
  builds the gazetteer first if needed (so workers never race to build it), reads,
  and writes. On Ctrl-C or a closed output pipe (``| head``) queued work is dropped
  and each worker only finishes the article it is on; a second Ctrl-C kills them.

Output is UTF-8 JSON, one object per line.

Examples
--------
>>> from conflictmap.model import Place
>>> from conflictmap.store.gazetteer import Gazetteer
>>> gaz = Gazetteer.from_places([Place(id="t:1", name="Gao", lat=16.27, lon=-0.04,
...                                     country="ML", kind="city")])
>>> rec = parse_record(1, '{"id": "a1", "text": "Fighting near Gao."}')
>>> line, ok = result_line(rec, gaz)
>>> ok, json.loads(line)["mentions"][0]["text"]
(True, 'Gao')
>>> result_line(parse_record(2, "{oops"), gaz)
(b'{"id": null, "line": 2, "error": "line 2: invalid JSON (Expecting property name enclosed in double quotes)"}\\n', False)
"""

from __future__ import annotations

import json
import multiprocessing
import os
import queue
import signal
import sys
import threading
from collections import deque
from collections.abc import Generator, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType
from typing import IO, TYPE_CHECKING, Any

from conflictmap.errors import ArticleFileError, ConflictmapError
from conflictmap.store.overrides import Overrides
from conflictmap.text.article import DEFAULT_MAX_BYTES

if TYPE_CHECKING:
    from conflictmap.store.gazetteer import Gazetteer

__all__ = [
    "BatchStats",
    "Record",
    "default_workers",
    "extract_jsonl",
    "geoparse_records",
    "parse_record",
    "read_records",
    "result_line",
]

#: chunks in flight per worker process
WINDOW_PER_WORKER = 4
#: a chunk closes at this many lines ...
CHUNK_LINES = 8
#: ... or once it holds this many bytes of input
CHUNK_BYTES = 1024 * 1024
#: seconds without input after which a partial chunk is sent anyway (live feeds)
_IDLE = 0.05


@dataclass(frozen=True, slots=True)
class Record:
    """One input line: an article to geoparse, or the reason it cannot be.

    ``line`` is the 1-based line number in the input; ``id`` is the line's ``"id"``
    (any JSON value; the line number when absent).
    """

    line: int
    id: Any
    text: str | None
    error: str | None = None

    @property
    def size(self) -> int:
        return len(self.text) if self.text is not None else 0


@dataclass(frozen=True, slots=True)
class BatchStats:
    """What a batch run wrote: ``lines`` output lines, of which ``errors`` report an error."""

    lines: int
    errors: int


def default_workers() -> int:
    """The number of cores this process may use (at least 1).

    >>> default_workers() >= 1
    True
    """
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except (AttributeError, OSError):
        return os.cpu_count() or 1


# -- reading -------------------------------------------------------------------


def read_records(
    source: str | os.PathLike[str] | IO[bytes], *, max_bytes: int = DEFAULT_MAX_BYTES
) -> Iterator[Record]:
    """Yield a :class:`Record` for every non-blank line of ``source``, lazily.

    ``source`` is a path, ``"-"`` for stdin, or a binary stream. A line longer than
    ``max_bytes`` is skipped without being held in memory and yields an error record.

    Raises
    ------
    ArticleFileError
        When the file is missing, a directory, or unreadable.
    """
    if not isinstance(source, (str, os.PathLike)):
        yield from _records(source, max_bytes)
        return
    if str(source) == "-":
        yield from _records(sys.stdin.buffer, max_bytes)
        return
    path = Path(source)
    if path.is_dir():
        raise ArticleFileError(f"{path}: is a directory, not a JSON Lines file")
    try:
        stream = path.open("rb")
    except FileNotFoundError:
        raise ArticleFileError(f"{path}: no such file") from None
    except PermissionError:
        raise ArticleFileError(f"{path}: permission denied") from None
    except OSError as error:
        raise ArticleFileError(f"{path}: cannot read ({error.strerror or error})") from None
    with stream:
        yield from _records(stream, max_bytes)


def _records(stream: IO[bytes], max_bytes: int) -> Iterator[Record]:
    number = 0
    while True:
        raw = stream.readline(max_bytes + 1)
        if not raw:
            return
        number += 1
        if len(raw) > max_bytes and not raw.endswith(b"\n"):
            # Skip the rest of an over-long line without holding it in memory.
            while True:
                rest = stream.readline(1024 * 1024)
                if not rest or rest.endswith(b"\n"):
                    break
            yield Record(number, None, None, f"line {number}: larger than the size limit")
            continue
        if raw.strip():
            yield parse_record(number, raw.decode("utf-8", errors="replace"))


def parse_record(number: int, raw: str) -> Record:
    """Parse one JSON line into a :class:`Record` (never raises).

    >>> parse_record(3, '{"id": "x", "text": "Gao"}')
    Record(line=3, id='x', text='Gao', error=None)
    >>> parse_record(4, '["Gao"]').error
    'line 4: expected a JSON object with "text"'
    """
    try:
        item = json.loads(raw)
    except json.JSONDecodeError as error:
        return Record(number, None, None, f"line {number}: invalid JSON ({error.msg})")
    except (ValueError, RecursionError) as error:  # huge numbers, absurd nesting
        return Record(number, None, None, f"line {number}: invalid JSON ({error})")
    if not isinstance(item, dict):
        return Record(number, None, None, f'line {number}: expected a JSON object with "text"')
    ident = item.get("id", number)
    text = item.get("text")
    if not isinstance(text, str):
        return Record(number, ident, None, f'line {number}: no "text" string')
    if not text.strip():
        return Record(number, ident, None, f"line {number}: the text is empty")
    return Record(number, ident, text)


# -- geoparsing one record -------------------------------------------------------


def _encode(payload: dict[str, Any]) -> bytes:
    line = json.dumps(payload, ensure_ascii=False)
    try:
        return (line + "\n").encode("utf-8")
    except UnicodeEncodeError:  # lone surrogates from \ud800-style escapes in the input
        return (json.dumps(payload, ensure_ascii=True) + "\n").encode("ascii")


def _error(record: Record, message: str) -> bytes:
    return _encode({"id": record.id, "line": record.line, "error": message})


def result_line(
    record: Record, gazetteer: Gazetteer, *, statements: bool = True
) -> tuple[bytes, bool]:
    """The output line (UTF-8, newline-terminated) for ``record``, and whether it succeeded.

    Never raises for a bad article: the error is reported on the line.
    """
    from conflictmap.pipeline import geoparse

    if record.error is not None or record.text is None:
        return _error(record, record.error or f"line {record.line}: no text"), False
    try:
        result = geoparse(record.text, id=record.id, gazetteer=gazetteer, statements=statements)
        out = result.to_dict()
    except ConflictmapError as error:
        return _error(record, f"line {record.line}: {error}"), False
    except RecursionError:
        return _error(record, f"line {record.line}: the article is too deeply nested"), False
    except Exception as error:  # noqa: BLE001 - one article's bug must not end the feed
        message = " ".join(str(error).split()) or type(error).__name__
        return _error(record, f"line {record.line}: internal error: {message}"), False
    out["id"] = record.id
    return _encode(out), True


# -- workers ---------------------------------------------------------------------

_worker: dict[str, Any] = {}


def _portable(overrides: Overrides | None) -> tuple[Any, ...] | None:
    """``overrides`` as plain containers (read-only mapping proxies do not pickle)."""
    if overrides is None or overrides.empty:
        return None
    return (
        dict(overrides.places),
        dict(overrides.aliases),
        dict(overrides.prefer),
        frozenset(overrides.reject),
    )


def _restore(packed: tuple[Any, ...] | None) -> Overrides | None:
    if packed is None:
        return None
    places, aliases, prefer, reject = packed
    return Overrides(
        places=MappingProxyType(places),
        aliases=MappingProxyType(aliases),
        prefer=MappingProxyType(prefer),
        reject=reject,
    )


def _init_worker(
    home: str | None, packed: tuple[Any, ...] | None, statements: bool, stop: Any
) -> None:
    from conflictmap.store.gazetteer import Gazetteer

    # The parent handles Ctrl-C and stops the workers; they must not print tracebacks.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    # A fresh connection: never use one inherited across fork().
    gaz = Gazetteer(home, build=False, progress=False)
    _worker["gazetteer"] = gaz.with_overrides(_restore(packed))
    _worker["statements"] = statements
    _worker["stop"] = stop


def _ready() -> bool:
    return True


def _run_chunk(chunk: list[Record]) -> list[tuple[bytes, bool]]:
    gaz = _worker["gazetteer"]
    statements = _worker["statements"]
    stop = _worker["stop"]
    out = []
    for record in chunk:
        if stop.is_set():  # the run was stopped: nobody will read the rest
            break
        out.append(result_line(record, gaz, statements=statements))
    return out


class _Reader:
    """Reads records on a thread into a small bounded queue.

    The main loop can then wait for input *or* finished work, so results reach
    the output as soon as they are ready even when the input is a slow live feed
    (``tail -f feed.jsonl | conflictmap extract --jsonl -``); the bounded queue
    keeps the read-ahead constant.
    """

    _END = object()

    def __init__(self, records: Iterable[Record], size: int) -> None:
        self._queue: queue.Queue[Any] = queue.Queue(maxsize=max(1, size))
        self._closed = threading.Event()
        self._thread = threading.Thread(
            target=self._run, args=(iter(records),), name="conflictmap-reader", daemon=True
        )
        self._thread.start()

    def _run(self, records: Iterator[Record]) -> None:
        item: Any = self._END
        try:
            for record in records:
                if not self._put(record):
                    return
        except BaseException as error:  # noqa: BLE001 - handed to the main thread, re-raised there
            item = error
        self._put(item)

    def _put(self, item: Any) -> bool:
        while not self._closed.is_set():
            try:
                self._queue.put(item, timeout=0.1)
                return True
            except queue.Full:
                continue
        return False

    def get(self, timeout: float | None) -> Record | None:
        """The next record; ``None`` at the end; raises ``queue.Empty`` on timeout."""
        item = self._queue.get(timeout=timeout)
        if item is self._END:
            return None
        if isinstance(item, BaseException):
            raise item
        return item

    def close(self) -> None:
        self._closed.set()


def _stop(pool: ProcessPoolExecutor, stop: Any) -> None:
    """Drop queued work; each worker finishes the article it is on, then exits.

    Workers are not killed: one killed while sending its results can leave a
    half-written message that blocks the pool's result thread forever (and with
    it the exit of this process). A second Ctrl-C kills them.
    """
    stop.set()
    processes = list((getattr(pool, "_processes", None) or {}).values())
    try:
        pool.shutdown(wait=True, cancel_futures=True)
    except KeyboardInterrupt:
        for process in processes:
            if process.is_alive():
                process.terminate()
        raise


# -- the batch -------------------------------------------------------------------


def geoparse_records(
    records: Iterable[Record],
    *,
    home: str | os.PathLike[str] | None = None,
    overrides: Overrides | None = None,
    workers: int | None = None,
    statements: bool = True,
    chunk_lines: int = CHUNK_LINES,
    chunk_bytes: int = CHUNK_BYTES,
    window: int | None = None,
    progress: bool = False,
) -> Generator[tuple[bytes, bool], None, None]:
    """Geoparse ``records`` with ``workers`` processes; yield ``(line, ok)`` in input order.

    ``records`` is consumed lazily, on a reader thread: at most ``window`` chunks
    (default ``4 × workers``), the chunk being filled and ``chunk_lines`` queued
    records are read ahead of what was yielded. A partial chunk is sent to the
    workers when the input pauses, so a live feed gets its results promptly.
    ``workers=1`` runs in this process; ``None`` or ``0`` uses every core.

    Raises
    ------
    GazetteerError
        When the gazetteer cannot be opened (before any line is read).
    ConflictmapError
        When a worker process dies (killed, out of memory).
    """
    from conflictmap.store.gazetteer import Gazetteer
    from conflictmap.store.registry import open_gazetteer

    workers = workers if workers else default_workers()
    if workers < 1:
        raise ValueError("workers must be at least 1")
    home_str = os.fspath(home) if home is not None else None
    if workers == 1:
        gaz = open_gazetteer(home_str, progress=progress).with_overrides(overrides)
        for record in records:
            yield result_line(record, gaz, statements=statements)
        return
    # Build (or check) the gazetteer here, once, so that workers only open it.
    Gazetteer(home_str, progress=progress).close()
    window = window or WINDOW_PER_WORKER * workers
    context = multiprocessing.get_context()
    stop = context.Event()
    pool = ProcessPoolExecutor(
        max_workers=workers,
        mp_context=context,
        initializer=_init_worker,
        initargs=(home_str, _portable(overrides), statements, stop),
    )
    try:
        # Start every worker now, before the reader thread exists: a fork() while
        # that thread holds stdin's lock would leave the children stuck on it.
        pool.submit(_ready).result()
    except BrokenProcessPool:
        pool.shutdown(wait=False, cancel_futures=True)
        raise ConflictmapError(
            "the worker processes could not start (could they open the gazetteer?); try --workers 1"
        ) from None
    except BaseException:
        _stop(pool, stop)
        raise
    pending: deque[tuple[int, Future[list[tuple[bytes, bool]]]]] = deque()
    reader = _Reader(records, chunk_lines)
    chunk: list[Record] = []
    held = 0
    ended = False
    finished = False

    def submit() -> None:
        nonlocal chunk, held
        pending.append((chunk[0].line, pool.submit(_run_chunk, chunk)))
        chunk, held = [], 0

    try:
        while not ended or pending:
            # Hand on what is ready at the head, in order.
            while pending and pending[0][1].done():
                yield from _collect(pending.popleft())
            if ended or len(pending) >= window:
                if pending:
                    yield from _collect(pending.popleft())  # wait for the oldest
                continue
            try:
                # Block on input only when nothing else can make progress.
                item = reader.get(timeout=_IDLE if (pending or chunk) else None)
            except queue.Empty:
                if chunk:
                    submit()  # the input is idle: do not sit on a partial chunk
                continue
            if item is None:
                ended = True
                if chunk:
                    submit()
                continue
            chunk.append(item)
            held += item.size
            if len(chunk) >= chunk_lines or held >= chunk_bytes:
                submit()
        finished = True
    finally:
        reader.close()
        if finished:
            pool.shutdown(wait=True)
        else:
            _stop(pool, stop)


def _collect(item: tuple[int, Future[list[tuple[bytes, bool]]]]) -> list[tuple[bytes, bool]]:
    first_line, future = item
    try:
        return future.result()
    except BrokenProcessPool:
        raise ConflictmapError(
            f"a worker process died while geoparsing the lines from line {first_line} "
            "(killed, out of memory, or the gazetteer changed under it?); "
            "try again with --workers 1 or a lower --max-size"
        ) from None


def extract_jsonl(
    source: str | os.PathLike[str] | IO[bytes],
    out: IO[bytes],
    *,
    home: str | os.PathLike[str] | None = None,
    overrides: Overrides | None = None,
    workers: int | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
    statements: bool = True,
    chunk_lines: int = CHUNK_LINES,
    progress: bool = True,
) -> BatchStats:
    """Geoparse every line of ``source`` (a path, ``"-"``, or a binary stream) into ``out``.

    ``out`` is a binary stream; each line is flushed as soon as it is written, so
    a downstream reader sees results while the run goes on.

    Returns
    -------
    BatchStats
        Lines written, and how many of them report an error.
    """
    lines = errors = 0
    results = geoparse_records(
        read_records(source, max_bytes=max_bytes),
        home=home,
        overrides=overrides,
        workers=workers,
        statements=statements,
        chunk_lines=chunk_lines,
        progress=progress,
    )
    try:
        for line, ok in results:
            out.write(line)
            lines += 1
            if not ok:
                errors += 1
            out.flush()  # one line at a time: a reader downstream sees it at once
    finally:
        results.close()  # stops the workers on Ctrl-C or a closed pipe
    return BatchStats(lines=lines, errors=errors)
