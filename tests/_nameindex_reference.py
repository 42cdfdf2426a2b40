"""The name index builder as it was before it streamed (kept as the reference the streamed
build must equal byte for byte: tests/test_name_index_stream.py, bench/derived_indexes.py),
with the ``ids`` section added (each place's GeoNames id, when every place is
``geonames:<rid>``).

Building the name index of one SQLite layer (see :mod:`conflictmap.store.nameindex`).

One index per layer file: a new import rebuilds the imported layer's index only.
The layers' rows are merged at lookup time, as the SQLite rows are
(:meth:`~conflictmap.store.gazetteer.layers.Layers.candidates`).
"""

from __future__ import annotations

import sqlite3
import zlib
from array import array
from bisect import bisect_left
from collections.abc import Iterator
from typing import Any, BinaryIO

import marisa_trie

from conflictmap.store.nameindex.layout import (
    FIELDS,
    HEADER,
    IDS,
    MAGIC,
    NONE,
    STRING_FIELDS,
    VERSION,
    Counts,
    sections,
)

__all__ = ["UnrepresentableError", "write_index"]

#: distinct strings remembered for sharing (bounded: a huge layer still builds)
_SHARED_STRINGS = 1 << 18
_STRING_AT = [FIELDS.index(f) for f in STRING_FIELDS]


class UnrepresentableError(ValueError):
    """A stored value the packed arrays cannot hold exactly (the SQLite path is used)."""


class _Places:
    """The packed place arrays, filled one row at a time."""

    def __init__(self) -> None:
        self.coords = array("d")
        self.population = array("q")
        self.strings = array("I")
        self.ends = array("I")
        self.blob = bytearray()
        self._shared: dict[str, int] = {}

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
            self.blob += value.encode("utf-8", "surrogatepass")
            number = len(self.ends)
            self.ends.append(len(self.blob))
            if len(self._shared) >= _SHARED_STRINGS:
                self._shared.clear()
            self._shared[value] = number
        return number


def _rows(conn: sqlite3.Connection, sql: str) -> Iterator[tuple[Any, ...]]:
    cursor = conn.execute(sql)
    while batch := cursor.fetchmany(4096):
        yield from batch


def _load_places(
    conn: sqlite3.Connection, schema: str, columns: str
) -> tuple[_Places, array[int], bool]:
    """Every place of the layer, the ``rid`` of each, in ``rid`` order, and whether every
    place is ``geonames:<rid>``."""
    places = _Places()
    rids = array("q")
    geonames = True
    for row in _rows(conn, f"SELECT p.rid, {columns} FROM {schema}places p ORDER BY p.rid"):
        rids.append(int(row[0]))
        places.add(row[1:])
        geonames = geonames and row[1] == f"geonames:{row[0]}"
    return places, rids, geonames


def write_index(conn: sqlite3.Connection, out: BinaryIO, *, stamp: str, schema: str,
                columns: str) -> Counts:  # fmt: skip
    """Write the index of one layer (``schema``: ``""`` for the base file, ``"imp."``
    for the attached imported one) to ``out``; return its counts.

    Each name's candidates are its rows of the ``names`` table in ``rid`` order (the
    order of its primary key, as a query by key returns them).

    Raises
    ------
    UnrepresentableError
        When a stored value does not fit the packed arrays exactly.
    """
    places, rids, ids = _load_places(conn, schema, columns)
    keys: list[str] = []
    spans = array("I")
    entry_places, entry_flags = array("I"), array("I")
    sql = f"SELECT key, rid, flags FROM {schema}names ORDER BY key, rid"
    for key, rid, flags in _rows(conn, sql):
        if type(key) is not str or type(flags) is not int or not 0 <= flags < 2**32:
            raise UnrepresentableError(f"name row {key!r}, {rid!r}, {flags!r}")
        if not keys or keys[-1] != key:
            keys.append(key)
            spans.append(len(entry_places))
        at = bisect_left(rids, rid)
        if at == len(rids) or rids[at] != rid:
            raise UnrepresentableError(f"name {key!r}: no place {rid!r}")
        entry_places.append(at)
        entry_flags.append(flags)
    spans.append(len(entry_places))
    trie = marisa_trie.Trie(keys)
    starts, ends = array("I", bytes(4 * len(keys))), array("I", bytes(4 * len(keys)))
    for position, key in enumerate(keys):
        tid = trie.key_id(key)
        starts[tid], ends[tid] = spans[position], spans[position + 1]
    trie_bytes = trie.tobytes()
    counts = Counts(
        trie=len(trie_bytes), names=len(keys), candidates=len(entry_places),
        places=len(rids), strings=len(places.ends), blob=len(places.blob),
    )  # fmt: skip
    parts = [trie_bytes, starts, ends, entry_places, entry_flags, places.coords,
             places.population, places.strings, places.ends, places.blob]  # fmt: skip
    parts += [rids] if ids else []
    _write_sections(out, counts, stamp, [memoryview(p).cast("B") for p in parts], ids=ids)
    return counts


def _write_sections(
    out: BinaryIO, counts: Counts, stamp: str, parts: list[memoryview], *, ids: bool
) -> None:
    """The header (with the CRCs of the trie and of all that follows the header), then
    each section at its offset."""
    body = bytearray()
    for (offset, length), part in zip(sections(counts, ids=ids), parts, strict=True):
        assert len(part) == length, (offset, length, len(part))
        body += bytes(offset - HEADER.size - len(body))
        body += part
    crc = zlib.crc32(body)
    trie_crc = zlib.crc32(parts[0])
    total = HEADER.size + len(body)
    header = HEADER.pack(
        MAGIC, VERSION | (IDS if ids else 0), trie_crc, crc, 0, stamp.encode("ascii"), counts.trie, counts.names,
        counts.candidates, counts.places, counts.strings, counts.blob, total,
    )  # fmt: skip
    out.write(header)
    out.write(body)
