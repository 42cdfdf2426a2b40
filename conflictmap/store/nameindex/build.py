"""Building the name index of one SQLite layer (see :mod:`conflictmap.store.nameindex`).

One index per layer file: a new import rebuilds the imported layer's index only.
The layers' rows are merged at lookup time, as the SQLite rows are
(:meth:`~conflictmap.store.gazetteer.layers.Layers.candidates`).

The build streams: the names and places come from key- and ``rid``-ordered cursors
and go to their sections in chunks (the strings through a temporary file), and the
trie is built in shards of at most :data:`~conflictmap.tuning.imports.ImportTuning`'s
``name_index_shard_keys`` names, so its memory does not grow with the layer. A layer
of one shard gives the file the in-memory build gave (format 1). A layer whose every
place is ``geonames:<rid>`` (an imported one) also gets the ``ids`` section.
"""

from __future__ import annotations

import sqlite3
import zlib
from array import array
from bisect import bisect_left
from collections.abc import Iterator
from itertools import islice
from pathlib import Path
from typing import Any, BinaryIO

import marisa_trie

from conflictmap.store.nameindex.layout import (
    FIELDS,
    HEADER,
    IDS,
    MAGIC,
    NONE,
    SHARDED,
    STRING_FIELDS,
    VERSION,
    Counts,
    Shard,
    sections,
    shard_table,
    total_length,
)
from conflictmap.tuning.imports import IMPORT

__all__ = ["UnrepresentableError", "write_index"]

#: distinct strings remembered for sharing (bounded: a huge layer still builds)
_SHARED_STRINGS = 1 << 18
_STRING_AT = [FIELDS.index(f) for f in STRING_FIELDS]
#: rows read, and array items written, at once
_CHUNK = 1 << 16


class UnrepresentableError(ValueError):
    """A stored value the packed arrays cannot hold exactly (the SQLite path is used)."""


class _Places:
    """The packed place arrays, filled one row at a time and written in chunks."""

    def __init__(self, blob: BinaryIO) -> None:
        self.coords = array("d")
        self.population = array("q")
        self.strings = array("I")
        self.ends = array("I")
        self._blob = blob
        self.blob_length = 0
        self.string_count = 0
        self._shared: dict[str, int] = {}
        #: every place so far is ``geonames:<rid>`` (the layer can have an ``ids`` section)
        self.geonames_ids = True

    def add(self, row: tuple[Any, ...]) -> None:
        lat, lon, population = row[2], row[3], row[9]
        if population is None:
            population = 0  # as a query's row reads (rows.py reads NULL as 0)
        if not (type(lat) is float and type(lon) is float and type(population) is int
                and -(2**63) <= population < 2**63):  # fmt: skip
            raise UnrepresentableError(f"place {row[0]!r}: {lat!r}, {lon!r}, {population!r}")
        self.coords.extend((lat, lon))
        self.population.append(population)
        for at in _STRING_AT:
            self.strings.append(self._string(row[at]))

    def _string(self, value: object) -> int:
        if value is None:
            return NONE
        if type(value) is not str:
            raise UnrepresentableError(f"not a string: {value!r}")
        number = self._shared.get(value)
        if number is None:
            data = value.encode("utf-8", "surrogatepass")
            self._blob.write(data)
            self.blob_length += len(data)
            if self.blob_length >= 2**32 or self.string_count >= NONE:
                raise UnrepresentableError("more strings than 32-bit numbers reach")
            number = self.string_count
            self.string_count += 1
            self.ends.append(self.blob_length)
            if len(self._shared) >= _SHARED_STRINGS:
                self._shared.clear()
            self._shared[value] = number
        return number


class _Out:
    """The index file, written section by section at known offsets."""

    def __init__(self, out: BinaryIO, counts: Counts) -> None:
        self.out = out
        self.at = [offset for offset, _ in sections(counts)]

    def put(self, section: int, item: int, data: array[Any] | bytes) -> None:
        """Write ``data`` into ``section`` from its item ``item`` (of ``data``'s size)."""
        size = data.itemsize if isinstance(data, array) else 1
        self.out.seek(self.at[section] + item * size)
        self.out.write(memoryview(data).cast("B"))


def _rows(conn: sqlite3.Connection, sql: str) -> Iterator[tuple[Any, ...]]:
    cursor = conn.execute(sql)
    while batch := cursor.fetchmany(4096):
        yield from batch


def _keys(conn: sqlite3.Connection, schema: str) -> Iterator[str]:
    for (key,) in _rows(conn, f"SELECT DISTINCT key FROM {schema}names ORDER BY key"):
        if type(key) is not str:
            raise UnrepresentableError(f"name {key!r}")
        yield key


def _shards(conn: sqlite3.Connection, schema: str, spill: BinaryIO) -> list[Shard]:
    """Build the tries of the layer's names, each of at most ``name_index_shard_keys``
    names in key order, into ``spill`` one after another."""
    keys = _keys(conn, schema)
    shards: list[Shard] = []
    base = 0
    while True:
        first: list[str] = []

        def taken(chunk: Iterator[str], first: list[str] = first) -> Iterator[str]:
            for key in chunk:
                if not first:
                    first.append(key)
                yield key

        trie = marisa_trie.Trie(taken(islice(keys, IMPORT.name_index_shard_keys)))
        if not first and shards:
            return shards
        data = trie.tobytes()
        shards.append(Shard(first[0] if first else "", spill.tell(), len(data), base, len(trie)))
        spill.write(data + bytes(-len(data) % 8))  # each trie 8-byte aligned
        base += len(trie)
        if len(trie) < IMPORT.name_index_shard_keys:
            return shards


def _trie_of(spill: BinaryIO, shard: Shard) -> marisa_trie.Trie:
    spill.seek(shard.offset)
    return marisa_trie.Trie().frombytes(spill.read(shard.length))


class _Numbers:
    """A place's number (its position in ``rid`` order) from its ``rid``."""

    def __init__(self, conn: sqlite3.Connection, schema: str) -> None:
        count, low, high = conn.execute(
            f"SELECT count(*), min(rid), max(rid) FROM {schema}places"
        ).fetchone()
        self.count = int(count)
        self.low = low if self.count else 0
        self.rids: array[int] | None = None
        if self.count and high - low + 1 != self.count:  # not 1..n: look each rid up
            rids = array("q")
            for (rid,) in _rows(conn, f"SELECT rid FROM {schema}places ORDER BY rid"):
                rids.append(rid)
            self.rids = rids

    def of(self, rid: object, key: str) -> int:
        if type(rid) is int:
            if self.rids is None:
                if 0 <= rid - self.low < self.count:
                    return rid - self.low
            else:
                at = bisect_left(self.rids, rid)
                if at < len(self.rids) and self.rids[at] == rid:
                    return at
        raise UnrepresentableError(f"name {key!r}: no place {rid!r}")


def _entries(conn: sqlite3.Connection, schema: str, out: _Out, tries: list[Shard],
             spill: BinaryIO, numbers: _Numbers) -> int:  # fmt: skip
    """Write each name's candidate range (by trie id) and the candidates (place number,
    flags) in key, ``rid`` order; return how many candidates were written."""
    sql = f"SELECT key, rid, flags FROM {schema}names ORDER BY key, rid"
    places, flags = array("I"), array("I")
    written = 0
    shard_at, trie, starts, ends, last = -1, marisa_trie.Trie(), array("I"), array("I"), 0
    previous: str | None = None
    for key, rid, row_flags in _rows(conn, sql):
        if type(key) is not str or type(row_flags) is not int or not 0 <= row_flags < 2**32:
            raise UnrepresentableError(f"name row {key!r}, {rid!r}, {row_flags!r}")
        if key != previous:
            if previous is not None:
                ends[last] = written + len(places)
            while shard_at + 1 < len(tries) and key >= tries[shard_at + 1].first:
                if shard_at >= 0:
                    _put_ranges(out, tries[shard_at], starts, ends)
                shard_at += 1
                trie = _trie_of(spill, tries[shard_at])
                starts = array("I", bytes(4 * tries[shard_at].names))
                ends = array("I", bytes(4 * tries[shard_at].names))
            tid = trie.get(key)
            if tid is None or (previous is not None and key < previous):
                raise UnrepresentableError(f"name {key!r}: the layer changed while indexed")
            starts[tid], last, previous = written + len(places), tid, key
        places.append(numbers.of(rid, key))
        flags.append(row_flags)
        if len(places) >= _CHUNK:
            out.put(3, written, places)
            out.put(4, written, flags)
            written += len(places)
            places, flags = array("I"), array("I")
    if previous is not None:
        ends[last] = written + len(places)
    out.put(3, written, places)
    out.put(4, written, flags)
    if shard_at >= 0:
        _put_ranges(out, tries[shard_at], starts, ends)
    return written + len(places)


def _put_ranges(out: _Out, shard: Shard, starts: array[int], ends: array[int]) -> None:
    out.put(1, shard.base, starts)
    out.put(2, shard.base, ends)


def _places(conn: sqlite3.Connection, schema: str, columns: str, out: _Out,
            blob: BinaryIO) -> _Places:  # fmt: skip
    """Write the packed places in ``rid`` order (their strings' bytes go to ``blob``)."""
    places = _Places(blob)
    done = ends_done = 0
    for rid, *row in _rows(conn, f"SELECT p.rid, {columns} FROM {schema}places p ORDER BY p.rid"):
        places.add(tuple(row))
        if places.geonames_ids and row[0] != f"geonames:{rid}":
            places.geonames_ids = False
        if len(places.population) >= _CHUNK:
            done, ends_done = _flush(out, places, done, ends_done)
    _flush(out, places, done, ends_done)
    return places


def _flush(out: _Out, places: _Places, done: int, ends_done: int) -> tuple[int, int]:
    out.put(5, 2 * done, places.coords)
    out.put(6, done, places.population)
    out.put(7, len(STRING_FIELDS) * done, places.strings)
    out.put(8, ends_done, places.ends)
    done, ends_done = done + len(places.population), ends_done + len(places.ends)
    for name in ("coords", "population", "strings", "ends"):
        setattr(places, name, array(getattr(places, name).typecode))
    return done, ends_done


def write_index(conn: sqlite3.Connection, out: BinaryIO, *, stamp: str, schema: str,
                columns: str, scratch: Path | None = None) -> Counts:  # fmt: skip
    """Write the index of one layer (``schema``: ``""`` for the base file, ``"imp."``
    for the attached imported one) to ``out`` (a file open for reading and writing);
    return its counts. Temporary files go to ``scratch`` (removed however this ends).

    Each name's candidates are its rows of the ``names`` table in ``rid`` order (the
    order of its primary key, as a query by key returns them).

    Raises
    ------
    UnrepresentableError
        When a stored value does not fit the packed arrays exactly.
    """
    import shutil  # only when building: every start imports this module's errors
    import tempfile

    numbers = _Numbers(conn, schema)
    candidates = conn.execute(f"SELECT count(*) FROM {schema}names").fetchone()[0]
    with tempfile.TemporaryFile(dir=scratch) as spill, tempfile.TemporaryFile(dir=scratch) as blob:
        tries = _shards(conn, schema, spill)
        names = sum(shard.names for shard in tries)
        table = shard_table(tries) if len(tries) > 1 else b""
        trie_length = len(table) + sum(s.length for s in tries)
        if max(names, candidates, numbers.count) >= 2**32:
            raise UnrepresentableError("more rows than 32-bit numbers reach")
        counts = Counts(trie=trie_length, names=names, candidates=candidates,
                        places=numbers.count, strings=0, blob=0)  # fmt: skip
        sink = _Out(out, counts)
        _put_tries(sink, table, tries, spill)
        if _entries(conn, schema, sink, tries, spill, numbers) != candidates:
            raise UnrepresentableError("the layer changed while it was indexed")
        places = _places(conn, schema, columns, sink, blob)
        counts = Counts(trie=trie_length, names=names, candidates=candidates,
                        places=numbers.count, strings=places.string_count,
                        blob=places.blob_length)  # fmt: skip
        offset, length = sections(counts)[-1]
        out.seek(offset)
        blob.seek(0)
        shutil.copyfileobj(blob, out, 1 << 20)
        out.truncate(offset + length)
        if places.geonames_ids:
            _put_ids(out, counts, numbers)
    _write_header(out, counts, stamp, len(tries), ids=places.geonames_ids)
    return counts


def _put_ids(out: BinaryIO, counts: Counts, numbers: _Numbers) -> None:
    """The ``ids`` section: each place's ``rid`` (its GeoNames id), in chunks."""
    offset, length = sections(counts, ids=True)[-1]
    out.seek(offset)
    for start in range(0, numbers.count, _CHUNK):
        end = min(start + _CHUNK, numbers.count)
        if numbers.rids is None:
            chunk = array("q", range(numbers.low + start, numbers.low + end))
        else:
            chunk = numbers.rids[start:end]
        out.write(memoryview(chunk).cast("B"))
    out.truncate(offset + length)


def _put_tries(out: _Out, table: bytes, tries: list[Shard], spill: BinaryIO) -> None:
    out.put(0, 0, table)
    for shard in tries:
        spill.seek(shard.offset)
        out.put(0, len(table) + shard.offset, spill.read(shard.length))


def _write_header(out: BinaryIO, counts: Counts, stamp: str, shards: int, *, ids: bool) -> None:
    """The header: the CRC-32 of the trie section and of all that follows the header
    (read back from ``out``); ``ids``: the file ends with the ``ids`` section."""
    trie_offset, trie_length = sections(counts)[0]
    out.flush()
    out.seek(HEADER.size)
    crc = trie_crc = 0
    left = trie_offset + trie_length - HEADER.size
    while chunk := out.read(1 << 20):
        if left > 0:
            trie_crc = zlib.crc32(chunk[:left], trie_crc)
            left -= len(chunk)
        crc = zlib.crc32(chunk, crc)
    sharded = shards > 1
    version = (SHARDED if sharded else VERSION) | (IDS if ids else 0)
    header = HEADER.pack(
        MAGIC, version, trie_crc, crc, shards if sharded else 0,
        stamp.encode("ascii"), counts.trie, counts.names, counts.candidates, counts.places,
        counts.strings, counts.blob, total_length(counts, ids=ids),
    )  # fmt: skip
    out.seek(0)
    out.write(header)
    out.flush()
