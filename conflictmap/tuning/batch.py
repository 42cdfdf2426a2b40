"""The batch runner's numbers: how much input is read ahead and how it is chunked.

None of these was fitted on data, and none changes an output line: they trade memory
and latency against the cost of sending work to worker processes. Each comment says
what the number bounds and why it has its value.

Examples
--------
>>> BATCH.window_per_worker * 2, BATCH.chunk_lines
(8, 8)
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["BATCH", "BatchTuning"]


@dataclass(frozen=True, kw_only=True)
class BatchTuning:
    """Reading, chunking and waiting in :mod:`conflictmap.batch.pool`."""

    #: chunks in flight per worker process: enough that a worker finishing a chunk finds
    #: the next one queued, few enough that read-ahead stays small. The first version's
    #: value (not tuned since).
    window_per_worker: int = 4
    #: a chunk closes at this many lines: one message per chunk amortises the cost of
    #: pickling work to a worker over several articles. The first version's value.
    chunk_lines: int = 8
    #: ... or once it holds this many bytes of input (1 MiB), so a chunk of long
    #: articles stays bounded in memory. The first version's value.
    chunk_bytes: int = 1024 * 1024
    #: seconds without input after which a partial chunk is sent anyway (live feeds):
    #: short enough not to be seen by a person watching a feed, long enough that a
    #: file read at disk speed fills its chunks. The first version's value.
    idle_s: float = 0.05
    #: the longest the parent of a pool waits on one thing before it looks whether
    #: Ctrl-C was pressed (its handler only notes it): a person sees the run stop
    #: within this. Not fitted: a quarter of a second is below what reads as a delay.
    interrupt_poll_s: float = 0.25
    #: seconds the reader thread waits on a full queue before checking whether the run
    #: was closed (how quickly Ctrl-C or ``| head`` stops it). The first version's value.
    put_poll_s: float = 0.1


BATCH = BatchTuning()
