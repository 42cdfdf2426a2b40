"""Batch geoparsing of JSON Lines: one ``{"id", "text"}`` per line in, one result per line out.

``conflictmap extract --jsonl FILE --workers N`` is a thin shell over
:func:`~conflictmap.batch.writer.extract_jsonl`. Guarantees:

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
* **Workers** are processes, each opening the read-only gazetteer once (see
  :mod:`.pool`). On Ctrl-C or a closed output pipe (``| head``) queued work is
  dropped and each worker only finishes the article it is on.

Output is UTF-8 JSON, one object per line.

Modules, in the order a line passes through them: :mod:`.records` (reading and
parsing lines), :mod:`.reader` (the read-ahead thread), :mod:`.pool` (worker
processes, results in order), :mod:`.lines` (one record to one output line),
:mod:`.writer` (a whole run into a stream); :mod:`.dask` runs the pipeline inside Dask.

Examples
--------
>>> from conflictmap.model import Place
>>> from conflictmap.store.gazetteer import Gazetteer
>>> gaz = Gazetteer.from_places([Place(id="t:1", name="Gao", lat=16.27, lon=-0.04,
...                                     country="ML", kind="city")])
>>> line, ok = result_line(parse_record(1, '{"id": "a1", "text": "Fighting near Gao."}'), gaz)
>>> ok, line[:12]
(True, b'{"id": "a1",')
"""

from __future__ import annotations

from conflictmap.batch.lines import result_line
from conflictmap.batch.pool import default_workers, geoparse_records
from conflictmap.batch.records import Record, parse_record, read_records
from conflictmap.batch.writer import BatchStats, extract_jsonl

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
