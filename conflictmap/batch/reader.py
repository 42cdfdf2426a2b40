"""Reading records on a thread into a small bounded queue.

The batch's main loop can then wait for input *or* finished work, so results reach
the output as soon as they are ready even when the input is a slow live feed
(``tail -f feed.jsonl | conflictmap extract --jsonl -``); the bounded queue keeps
the read-ahead constant.

Examples
--------
>>> from conflictmap.batch.records import Record
>>> reader = RecordReader([Record(1, "a", "Gao"), Record(2, "b", "Kidal")], size=1)
>>> [reader.get(timeout=5).id, reader.get(timeout=5).id, reader.get(timeout=5)]
['a', 'b', None]
>>> reader.close()
"""

from __future__ import annotations

import queue
import threading
from collections.abc import Iterable, Iterator

from conflictmap.batch.records import Record
from conflictmap.tuning.batch import BATCH

__all__ = ["RecordReader"]


class _End:
    """The marker the reader thread queues after the last record."""


_END = _End()


class RecordReader:
    """Reads ``records`` on a daemon thread, at most ``size`` of them ahead.

    Parameters
    ----------
    records : iterable of Record
        Consumed on the thread; an exception it raises is re-raised by :meth:`get`.
    size : int
        Records queued ahead of :meth:`get` (at least 1).
    """

    def __init__(self, records: Iterable[Record], size: int) -> None:
        self._queue: queue.Queue[Record | _End | BaseException] = queue.Queue(maxsize=max(1, size))
        self._closed = threading.Event()
        self._thread = threading.Thread(
            target=self._run, args=(iter(records),), name="conflictmap-reader", daemon=True
        )
        self._thread.start()

    def _run(self, records: Iterator[Record]) -> None:
        item: _End | BaseException = _END
        try:
            for record in records:
                if not self._put(record):
                    return
        except BaseException as error:  # noqa: BLE001 - handed to the main thread, re-raised there
            item = error
        self._put(item)

    def _put(self, item: Record | _End | BaseException) -> bool:
        while not self._closed.is_set():
            try:
                self._queue.put(item, timeout=BATCH.put_poll_s)
                return True
            except queue.Full:
                continue
        return False

    def get(self, timeout: float | None) -> Record | None:
        """The next record; ``None`` at the end.

        Raises
        ------
        queue.Empty
            When nothing arrives within ``timeout`` seconds.
        BaseException
            Whatever reading the records raised (a missing file, Ctrl-C...).
        """
        item = self._queue.get(timeout=timeout)
        if isinstance(item, _End):
            return None
        if isinstance(item, BaseException):
            raise item
        return item

    def close(self) -> None:
        """Stop reading: the thread ends at its next record or wait."""
        self._closed.set()
