"""Geoparsing records with worker processes, results in input order.

Workers are processes, each opening the read-only gazetteer once; the parent builds
the gazetteer first if needed (so workers never race to build it), reads, and hands
on the results. Records go to the workers in chunks; at most ``window`` chunks are in
flight, so any length of input, including an endless feed, runs in the same memory.
On Ctrl-C or a closed output pipe queued work is dropped and each worker only
finishes the article it is on; a second Ctrl-C kills them.

Examples
--------
>>> default_workers() >= 1
True
"""

from __future__ import annotations

import contextlib
import os
import queue
import signal
import threading
from collections import deque
from collections.abc import Generator, Iterable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Protocol

from conflictmap.batch.lines import Line, result_line
from conflictmap.batch.reader import RecordReader
from conflictmap.batch.records import Record
from conflictmap.errors import ConflictmapError
from conflictmap.store import sealmemo, stamps
from conflictmap.tuning.batch import BATCH

if TYPE_CHECKING:
    from concurrent.futures import Executor, Future, ProcessPoolExecutor
    from multiprocessing.synchronize import Event

    from conflictmap.store.gazetteer import Gazetteer
    from conflictmap.store.overrides import Overrides

__all__ = ["default_workers", "geoparse_records"]


def default_workers() -> int:
    """The number of cores this process may use (at least 1).

    Examples
    --------
    >>> default_workers() >= 1
    True
    """
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except (AttributeError, OSError):
        return os.cpu_count() or 1


# -- in a worker process -----------------------------------------------------------


class _StopFlag(Protocol):
    """What a worker checks between articles (a multiprocessing or threading Event)."""

    def is_set(self) -> bool: ...


@dataclass(frozen=True, slots=True, kw_only=True)
class _Worker:
    """What a worker process geoparses with, set once by :func:`_init_worker`.

    The gazetteer itself is not kept here: the process's registry
    (:mod:`conflictmap.store.registry`) holds it, opened in this process.
    """

    #: the conflictmap home (``None``: ``$CONFLICTMAP_HOME``)
    home: str | None
    overrides: Overrides | None
    statements: bool
    #: places resolved with less confidence are left out (``geoparse(min_confidence=)``)
    min_confidence: float = 0.0
    #: set by the parent when the run stops: nobody will read the rest of a chunk
    stop: _StopFlag

    def gazetteer(self) -> Gazetteer:
        """This process's gazetteer of ``home``, with the run's overrides on top."""
        from conflictmap.store.registry import open_gazetteer

        return open_gazetteer(self.home, build=False, progress=False).with_overrides(self.overrides)


_worker: list[_Worker] = []  # this process's one _Worker (a list: no global statement)


def _init_worker(
    home: str | None,
    overrides: Overrides | None,
    statements: bool,
    min_confidence: float,
    stop: Event,
) -> None:
    # The parent handles Ctrl-C and stops the workers; they must not print tracebacks.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    sealmemo.keep_none()  # a worker writes nothing in the home (it may read the memos)
    stamps.keep_none()
    worker = _Worker(
        home=home,
        overrides=overrides,
        statements=statements,
        min_confidence=min_confidence,
        stop=stop,
    )
    worker.gazetteer()  # open it now (the registry never reuses a parent's connection)
    _worker[:] = [worker]


def _ready() -> bool:
    return True


def _run_chunk(chunk: list[Record]) -> list[Line]:
    worker = _worker[0]
    gaz = worker.gazetteer()
    out = []
    for record in chunk:
        if worker.stop.is_set():  # the run was stopped: nobody will read the rest
            break
        out.append(
            result_line(
                record, gaz, statements=worker.statements, min_confidence=worker.min_confidence
            )
        )
    return out


# -- in the parent ------------------------------------------------------------------


def _prepare(home: str | None, *, progress: bool) -> None:
    """Build (or check) the gazetteer and its derived indexes here, once, so that the
    workers only open them.

    A worker ignores Ctrl-C, so an index built in a worker held an interrupted run
    for as long as the build took (a minute on a loaded machine), and every worker
    built the same index at once.
    """
    from conflictmap.resolve.variants import VariantIndex
    from conflictmap.store.gazetteer import Gazetteer

    with Gazetteer(home, progress=progress) as gaz:
        gaz.open_name_indexes()
        VariantIndex.of(gaz)


def _start(
    workers: int,
    home: str | None,
    overrides: Overrides | None,
    statements: bool,
    min_confidence: float,
) -> tuple[ProcessPoolExecutor, Event]:
    """A pool of ``workers`` started processes, and the event that stops them."""
    # Imported here: one worker runs in this process, without them (issue 19: start-up).
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor
    from concurrent.futures.process import BrokenProcessPool

    context = multiprocessing.get_context()
    stop = context.Event()
    portable = overrides if overrides is not None and not overrides.empty else None
    pool = ProcessPoolExecutor(
        max_workers=workers,
        mp_context=context,
        initializer=_init_worker,
        initargs=(home, portable, statements, min_confidence, stop),
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
    return pool, stop


def _stop(pool: ProcessPoolExecutor, stop: Event) -> None:
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


class _Chunks:
    """Records grouped into chunks for the pool, and the chunks in flight, oldest first."""

    def __init__(self, pool: Executor, *, lines: int, size: int, window: int) -> None:
        self._pool = pool
        self._lines = lines
        self._size = size
        self._window = window
        self._chunk: list[Record] = []
        self._held = 0
        #: (first line number, future) per chunk in flight, in input order
        self._pending: deque[tuple[int, Future[list[Line]]]] = deque()

    @property
    def in_flight(self) -> bool:
        return bool(self._pending)

    @property
    def full(self) -> bool:
        """As many chunks in flight as the window allows."""
        return len(self._pending) >= self._window

    @property
    def busy(self) -> bool:
        """Something is in flight or being filled (so input is not waited for long)."""
        return bool(self._pending or self._chunk)

    def add(self, record: Record) -> None:
        """Add ``record`` to the chunk being filled; send the chunk when it is full."""
        self._chunk.append(record)
        self._held += record.size
        if len(self._chunk) >= self._lines or self._held >= self._size:
            self.send()

    def send(self) -> None:
        """Send the chunk being filled, if it holds anything."""
        if self._chunk:
            self._pending.append((self._chunk[0].line, self._pool.submit(_run_chunk, self._chunk)))
            self._chunk, self._held = [], 0

    def done(self) -> Iterator[Line]:
        """The lines of the finished chunks at the head, in order (never waits)."""
        while self._pending and self._pending[0][1].done():
            yield from _collect(self._pending.popleft())

    def oldest(self, ctrl_c: _CtrlC | None = None) -> list[Line]:
        """The lines of the oldest chunk in flight, waiting for it (none if idle)."""
        return _collect(self._pending.popleft(), ctrl_c) if self._pending else []


class _CtrlC:
    """Ctrl-C in the parent of a pool: the handler only notes it, and the parent's
    loop raises :class:`KeyboardInterrupt` where it looks (:meth:`check`).

    Python's own handler raises wherever the main thread is, and an interrupt raised
    inside a finalizer is printed and dropped: the run then went on as if Ctrl-C had
    not been pressed. Installed only in the main thread (where handlers live), and
    only over Python's default handler.
    """

    def __init__(self) -> None:
        self.pressed = threading.Event()
        self._previous: Any = None

    def __enter__(self) -> _CtrlC:
        if (
            threading.current_thread() is threading.main_thread()
            and signal.getsignal(signal.SIGINT) is signal.default_int_handler
        ):  # not when Ctrl-C is ignored (a background job) or handled by the caller
            self._previous = signal.signal(signal.SIGINT, self._note)
        return self

    def __exit__(self, *exc: object) -> None:
        if self._previous is not None:
            signal.signal(signal.SIGINT, self._previous)

    def _note(self, signum: int, frame: object) -> None:
        self.pressed.set()

    def check(self) -> None:
        """Raise :class:`KeyboardInterrupt` once Ctrl-C was pressed."""
        if self.pressed.is_set():
            raise KeyboardInterrupt


def _collect(item: tuple[int, Future[list[Line]]], ctrl_c: _CtrlC | None = None) -> list[Line]:
    from concurrent.futures import TimeoutError as FutureTimeout
    from concurrent.futures.process import BrokenProcessPool

    first_line, future = item
    try:
        while ctrl_c is not None and not future.done():
            ctrl_c.check()
            with contextlib.suppress(FutureTimeout):
                future.result(timeout=BATCH.interrupt_poll_s)
        return future.result()
    except BrokenProcessPool:
        raise ConflictmapError(
            f"a worker process died while geoparsing the lines from line {first_line} "
            "(killed, out of memory, or the gazetteer changed under it?); "
            "try again with --workers 1 or a lower --max-size"
        ) from None


def _drive(reader: RecordReader, chunks: _Chunks, ctrl_c: _CtrlC | None = None) -> Iterator[Line]:
    """Feed the pool from ``reader`` and yield the results in order until both run dry."""
    ended = False
    idle = BATCH.interrupt_poll_s if ctrl_c is not None else None
    while not ended or chunks.in_flight:
        if ctrl_c is not None:
            ctrl_c.check()
        yield from chunks.done()  # hand on what is ready at the head, in order
        if ended or chunks.full:
            yield from chunks.oldest(ctrl_c)  # wait for the oldest
            continue
        try:
            # Block on input only when nothing else can make progress.
            record = reader.get(timeout=BATCH.idle_s if chunks.busy else idle)
        except queue.Empty:
            chunks.send()  # the input is idle: do not sit on a partial chunk
            continue
        if record is None:
            ended = True
            chunks.send()
            continue
        chunks.add(record)


def geoparse_records(
    records: Iterable[Record],
    *,
    home: str | os.PathLike[str] | None = None,
    overrides: Overrides | None = None,
    workers: int | None = None,
    statements: bool = True,
    min_confidence: float = 0.0,
    chunk_lines: int = BATCH.chunk_lines,
    chunk_bytes: int = BATCH.chunk_bytes,
    window: int | None = None,
    progress: bool = False,
) -> Generator[Line, None, None]:
    """Geoparse ``records`` with ``workers`` processes; yield ``(line, ok)`` in input order.

    ``records`` is consumed lazily, on a reader thread: at most ``window`` chunks
    (default ``4 × workers``), the chunk being filled and ``chunk_lines`` queued
    records are read ahead of what was yielded. A partial chunk is sent to the
    workers when the input pauses, so a live feed gets its results promptly.
    ``workers=1`` runs in this process; ``None`` or ``0`` uses every core.
    ``min_confidence`` leaves out, on every line, the places resolved with less
    confidence (as :func:`~conflictmap.pipeline.geoparse` does).

    Raises
    ------
    GazetteerError
        When the gazetteer cannot be opened (before any line is read).
    ConflictmapError
        When a worker process dies (killed, out of memory).

    """
    from conflictmap.store.registry import open_gazetteer

    workers = workers if workers else default_workers()
    if workers < 1:
        raise ValueError("workers must be at least 1")
    home_str = os.fspath(home) if home is not None else None
    if workers == 1:
        gaz = open_gazetteer(home_str, progress=progress).with_overrides(overrides)
        for record in records:
            yield result_line(record, gaz, statements=statements, min_confidence=min_confidence)
        return
    _prepare(home_str, progress=progress)
    pool, stop = _start(workers, home_str, overrides, statements, min_confidence)
    window = window or BATCH.window_per_worker * workers
    chunks = _Chunks(pool, lines=chunk_lines, size=chunk_bytes, window=window)
    reader = RecordReader(records, chunk_lines)
    finished = False
    try:
        with _CtrlC() as ctrl_c:
            yield from _drive(reader, chunks, ctrl_c)
        finished = True
    finally:
        reader.close()
        if finished:
            pool.shutdown(wait=True)
        else:
            _stop(pool, stop)
