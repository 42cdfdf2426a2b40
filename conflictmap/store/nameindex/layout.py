"""The byte layout of a name index file (see :mod:`conflictmap.store.nameindex`).

A fixed header, then ten sections (eleven with ``ids``), each starting at a multiple of 8 bytes:

==============  ================================  =====================================
section         type                              what
==============  ================================  =====================================
trie            bytes                             the marisa-trie of the folded names
starts, ends    uint32 x names (each)             a name's candidates, by trie id
places, flags   uint32 x candidates (each)        place number and match flags
coords          float64 x 2 x places              latitude, longitude
population      int64 x places
strings         uint32 x 10 x places              string numbers (``NONE``: NULL)
string_ends     uint32 x strings                  where each string ends in ``blob``
blob            bytes                             the strings, UTF-8
ids             int64 x places                    (only with ``IDS``) each place's GeoNames id
==============  ================================  =====================================

The ``ids`` section is written when every place of the layer is ``geonames:<rid>``
(an imported layer: a GeoNames import keeps the GeoNames id as the row id), so the
ids rise with the place numbers and "does this layer hold place ``geonames:N``?" is
a bisection, with no query (:meth:`~conflictmap.store.nameindex.NameIndex.rows_of`).

>>> HEADER.size
96
>>> sections(Counts(trie=5, names=2, candidates=3, places=1, strings=4, blob=9))[:3]
[(96, 5), (104, 8), (112, 8)]
"""

from __future__ import annotations

import struct
from dataclasses import dataclass

__all__ = [
    "FIELDS",
    "HEADER",
    "IDS",
    "MAGIC",
    "NONE",
    "SHARDED",
    "STRING_FIELDS",
    "VERSION",
    "Counts",
    "Shard",
    "read_shard_table",
    "sections",
    "shard_table",
    "total_length",
]

MAGIC = b"CMNAMEIX"
#: bumped whenever the layout or the way candidates are merged changes
VERSION = 1
#: the version field of an index whose names are in several tries (a layer of more
#: than ``name_index_shard_keys`` names): the trie section starts with a table of
#: them (:func:`shard_table`), and the header's padding holds how many there are
SHARDED = 2
#: added to the version field (of format 1 or 2) when the file ends with the ``ids``
#: section
IDS = 0x10
#: magic, version, CRC-32 of the trie section, CRC-32 of the file after the header,
#: 4 bytes of padding (format 2: the number of tries), stamp, then the counts, then the file's total length
HEADER = struct.Struct("<8sIIII16s7Q")
#: a NULL string
NONE = 0xFFFFFFFF
#: the place columns, in the order of ``PLACE_COLUMNS``
#: (``conflictmap.store.gazetteer.base``)
FIELDS = (
    "pid", "name", "lat", "lon", "country", "feature", "kind", "admin1", "admin1_name",
    "population", "layer", "source", "admin2",
)  # fmt: skip
#: the columns stored as strings, in the order of the ``strings`` section's rows
STRING_FIELDS = tuple(f for f in FIELDS if f not in ("lat", "lon", "population"))


@dataclass(frozen=True, slots=True)
class Counts:
    """The sizes the header records: trie bytes, names, candidates, places, strings,
    blob bytes."""

    trie: int
    names: int
    candidates: int
    places: int
    strings: int
    blob: int


def _pad(n: int) -> int:
    return (n + 7) // 8 * 8


def sections(counts: Counts, *, ids: bool = False) -> list[tuple[int, int]]:
    """``(offset, length)`` of each section, in the order of the module's table (the
    ``ids`` section only when ``ids``)."""
    lengths = [
        counts.trie,
        4 * counts.names,
        4 * counts.names,
        4 * counts.candidates,
        4 * counts.candidates,
        16 * counts.places,
        8 * counts.places,
        4 * len(STRING_FIELDS) * counts.places,
        4 * counts.strings,
        counts.blob,
    ] + ([8 * counts.places] if ids else [])
    out = []
    at = HEADER.size
    for length in lengths:
        out.append((at, length))
        at = _pad(at + length)
    return out


def total_length(counts: Counts, *, ids: bool = False) -> int:
    """The length of the whole file (``ids``: with the ``ids`` section)."""
    offset, length = sections(counts, ids=ids)[-1]
    return offset + length


@dataclass(frozen=True, slots=True)
class Shard:
    """One trie of a sharded index: its first name, where its bytes are (in the trie
    section, after the table), their length, the trie id of its first name in the whole
    index (its ``base``), and how many names it holds."""

    first: str
    offset: int
    length: int
    base: int
    names: int


_SHARD = struct.Struct("<QQQQQ")


def shard_table(shards: list[Shard]) -> bytes:
    """The table at the start of a sharded index's trie section, 8-byte aligned: the
    shards' offsets counted from the section's start.

    >>> table = shard_table([Shard("a", 0, 8, 0, 2), Shard("m", 8, 16, 2, 3)])
    >>> [(s.first, s.offset, s.base) for s in read_shard_table(table + bytes(24), 2)]
    [('a', 88, 0), ('m', 96, 2)]
    """
    firsts = [shard.first.encode("utf-8", "surrogatepass") for shard in shards]
    size = _SHARD.size * len(shards) + sum(len(f) for f in firsts)
    size += -size % 8
    rows = b"".join(
        _SHARD.pack(size + s.offset, s.length, s.base, s.names, len(f))
        for s, f in zip(shards, firsts, strict=True)
    )
    body = rows + b"".join(firsts)
    return body + bytes(size - len(body))


def read_shard_table(section: bytes | memoryview, count: int) -> list[Shard]:
    """The shards a sharded index's trie section lists (``count`` of them).

    Raises
    ------
    ValueError
        When the table does not fit the section or its shards overlap it.
    """
    at = _SHARD.size * count
    shards = []
    for n in range(count):
        offset, length, base, names, first = _SHARD.unpack_from(section, n * _SHARD.size)
        name = bytes(section[at : at + first])
        if len(name) != first or offset < at or offset + length > len(section):
            raise ValueError(f"shard {n} outside the trie section")
        shards.append(Shard(name.decode("utf-8", "surrogatepass"), offset, length, base, names))
        at += first
    return shards
