"""A whole JSON Lines run: read every line, geoparse, write each result once it is in order.

Examples
--------
>>> stats = BatchStats(lines=3, errors=1)
>>> stats.ok
2
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import IO, TYPE_CHECKING

from conflictmap.batch.pool import geoparse_records
from conflictmap.batch.records import read_records
from conflictmap.text.article import DEFAULT_MAX_BYTES
from conflictmap.tuning.batch import BATCH

if TYPE_CHECKING:
    from conflictmap.store.overrides import Overrides

__all__ = ["BatchStats", "extract_jsonl"]


@dataclass(frozen=True, slots=True, kw_only=True)
class BatchStats:
    """What a batch run wrote: ``lines`` output lines, of which ``errors`` report an error."""

    lines: int
    errors: int

    @property
    def ok(self) -> int:
        """Lines that hold a result."""
        return self.lines - self.errors


def extract_jsonl(
    source: str | os.PathLike[str] | IO[bytes],
    out: IO[bytes],
    *,
    home: str | os.PathLike[str] | None = None,
    overrides: Overrides | None = None,
    workers: int | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
    statements: bool = True,
    min_confidence: float = 0.0,
    chunk_lines: int = BATCH.chunk_lines,
    progress: bool = True,
) -> BatchStats:
    """Geoparse every line of ``source`` (a path, ``"-"``, or a binary stream) into ``out``.

    Parameters
    ----------
    source : path, ``"-"`` or binary stream
        One ``{"id", "text"}`` object per line.
    out : binary stream
        Each line is flushed as soon as it is written, so a downstream reader sees
        results while the run goes on.
    home, overrides, workers, statements, min_confidence, chunk_lines, progress
        As for :func:`~conflictmap.batch.pool.geoparse_records`.
    max_bytes : int
        Lines longer than this are reported as errors without being read into memory.

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
        min_confidence=min_confidence,
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
