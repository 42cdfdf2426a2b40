"""The batch runner's parts, one at a time: records, the reader thread, lines, chunks, stats."""

from __future__ import annotations

import io
import json
import queue
import threading
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from pathlib import Path

import pytest

from conflictmap.batch import lines, pool
from conflictmap.batch.reader import RecordReader
from conflictmap.batch.records import Record, read_records
from conflictmap.batch.writer import BatchStats
from conflictmap.store.gazetteer import Gazetteer
from conflictmap.store.registry import use_gazetteer

# -- records -----------------------------------------------------------------------


def test_records_are_numbered_by_input_line_and_blank_lines_skipped() -> None:
    data = b'\n{"id": 7, "text": "Gao"}\n  \n{"text": "Kidal"}\n'
    got = list(read_records(io.BytesIO(data)))
    assert [(r.line, r.id, r.text, r.error) for r in got] == [
        (2, 7, "Gao", None),
        (4, 4, "Kidal", None),
    ]
    assert [r.size for r in got] == [3, 5]


def test_a_record_without_text_has_size_zero() -> None:
    assert Record(1, None, None, "line 1: no text").size == 0


# -- the reader thread ---------------------------------------------------------------


def test_reader_hands_on_records_in_order_then_none() -> None:
    records = [Record(i, str(i), "Gao") for i in range(1, 6)]
    reader = RecordReader(records, size=2)
    got = [reader.get(timeout=5) for _ in range(6)]
    reader.close()
    assert [r.line if r is not None else None for r in got] == [1, 2, 3, 4, 5, None]


def test_reader_reraises_what_reading_raised_in_the_main_thread() -> None:
    def broken() -> Iterator[Record]:
        yield Record(1, "a", "Gao")
        raise OSError("disk gone")

    reader = RecordReader(broken(), size=4)
    assert reader.get(timeout=5) == Record(1, "a", "Gao")
    with pytest.raises(OSError, match="disk gone"):
        reader.get(timeout=5)
    reader.close()


def test_reader_times_out_on_a_silent_feed_and_stops_when_closed() -> None:
    started = threading.Event()

    def silent() -> Iterator[Record]:
        started.set()
        yield Record(1, "a", "Gao")
        threading.Event().wait(0.5)  # a feed that pauses
        yield Record(2, "b", "Kidal")

    reader = RecordReader(silent(), size=1)
    assert started.wait(5)
    assert reader.get(timeout=5) is not None
    with pytest.raises(queue.Empty):
        reader.get(timeout=0.01)
    reader.close()
    reader._thread.join(timeout=5)
    assert not reader._thread.is_alive()


# -- one line ------------------------------------------------------------------------


def test_error_line_names_the_record_and_its_line() -> None:
    line = lines.error_line(Record(9, {"k": 1}, None), "line 9: the text is empty")
    assert json.loads(line) == {"id": {"k": 1}, "line": 9, "error": "line 9: the text is empty"}
    assert line.endswith(b"\n") and line.count(b"\n") == 1


def test_result_line_of_an_unusable_record_is_its_error(tiny_gazetteer: Gazetteer) -> None:
    line, ok = lines.result_line(Record(3, "x", None, "line 3: no text"), tiny_gazetteer)
    assert not ok and json.loads(line)["error"] == "line 3: no text"


def test_result_line_keeps_a_non_text_id_as_given(tiny_gazetteer: Gazetteer) -> None:
    line, ok = lines.result_line(Record(1, [1, "a"], "Fighting near Gao."), tiny_gazetteer)
    out = json.loads(line)
    assert ok and out["id"] == [1, "a"] and next(iter(out)) == "id"


# -- chunks in flight ------------------------------------------------------------------


@contextmanager
def as_worker(gaz: Gazetteer, home: Path, stop: threading.Event) -> Iterator[None]:
    """This process as a worker geoparsing with ``gaz`` (injected into the registry)."""
    saved = list(pool._worker)
    with use_gazetteer(gaz, home=home):
        pool._worker[:] = [
            pool._Worker(home=str(home), overrides=None, statements=False, stop=stop)
        ]
        try:
            yield
        finally:
            pool._worker[:] = saved


@pytest.fixture
def thread_pool(tiny_gazetteer: Gazetteer, tmp_path: Path) -> Iterator[ThreadPoolExecutor]:
    """A thread pool standing in for worker processes, with this process as the worker."""
    with (
        as_worker(tiny_gazetteer, tmp_path, threading.Event()),
        ThreadPoolExecutor(max_workers=2) as executor,
    ):
        yield executor


def _ids(got: list[lines.Line]) -> list[str]:
    return [json.loads(line)["id"] for line, _ in got]


def test_chunks_close_at_their_line_limit_and_keep_input_order(
    thread_pool: ThreadPoolExecutor,
) -> None:
    chunks = pool._Chunks(thread_pool, lines=2, size=10**6, window=8)
    for i in range(5):
        chunks.add(Record(i + 1, f"r{i}", "Fighting near Gao."))
    assert chunks.busy and chunks.in_flight and not chunks.full
    assert len(chunks._pending) == 2 and len(chunks._chunk) == 1
    chunks.send()
    got: list[lines.Line] = []
    while chunks.in_flight:
        got += chunks.oldest()
    assert _ids(got) == ["r0", "r1", "r2", "r3", "r4"]
    assert not chunks.busy and chunks.oldest() == []


def test_chunks_close_at_their_byte_limit(thread_pool: ThreadPoolExecutor) -> None:
    chunks = pool._Chunks(thread_pool, lines=100, size=20, window=8)
    chunks.add(Record(1, "a", "x" * 15))
    assert len(chunks._pending) == 0
    chunks.add(Record(2, "b", "x" * 15))  # 30 characters held: over the limit
    assert len(chunks._pending) == 1 and not chunks._chunk


def test_chunks_are_full_at_the_window(thread_pool: ThreadPoolExecutor) -> None:
    chunks = pool._Chunks(thread_pool, lines=1, size=10**6, window=2)
    chunks.add(Record(1, "a", "Gao"))
    assert not chunks.full
    chunks.add(Record(2, "b", "Gao"))
    assert chunks.full
    done = list(chunks.done()) + chunks.oldest() + chunks.oldest()
    assert sorted(_ids(done)) == ["a", "b"]


def test_a_stopped_worker_skips_the_rest_of_its_chunk(
    tiny_gazetteer: Gazetteer, tmp_path: Path
) -> None:
    stop = threading.Event()
    stop.set()
    with as_worker(tiny_gazetteer, tmp_path, stop):
        assert pool._run_chunk([Record(1, "a", "Gao")]) == []


def test_drive_yields_every_line_in_order(thread_pool: ThreadPoolExecutor) -> None:
    records = [Record(i + 1, f"r{i}", "Fighting near Gao.") for i in range(7)]
    chunks = pool._Chunks(thread_pool, lines=3, size=10**6, window=2)
    reader = RecordReader(records, size=3)
    got = list(pool._drive(reader, chunks))
    reader.close()
    assert _ids(got) == [f"r{i}" for i in range(7)]
    assert all(ok for _, ok in got)


def test_workers_must_be_positive() -> None:
    with pytest.raises(ValueError, match="at least 1"):
        list(pool.geoparse_records([], workers=-1))


# -- stats -------------------------------------------------------------------------------


def test_batch_stats_count_the_lines_that_hold_results() -> None:
    assert BatchStats(lines=5, errors=2).ok == 3
