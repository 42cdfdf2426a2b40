"""The byte layout of a name index file (see :mod:`conflictmap.store.nameindex`).

A fixed header, then ten sections, each starting at a multiple of 8 bytes:

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
==============  ================================  =====================================

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
    "MAGIC",
    "NONE",
    "STRING_FIELDS",
    "VERSION",
    "Counts",
    "sections",
    "total_length",
]

MAGIC = b"CMNAMEIX"
#: bumped whenever the layout or the way candidates are merged changes
VERSION = 1
#: magic, version, CRC-32 of the trie section, CRC-32 of the file after the header,
#: 4 bytes of padding, stamp, then the counts, then the file's total length
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


def sections(counts: Counts) -> list[tuple[int, int]]:
    """``(offset, length)`` of each section, in the order of the module's table."""
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
    ]
    out = []
    at = HEADER.size
    for length in lengths:
        out.append((at, length))
        at = _pad(at + length)
    return out


def total_length(counts: Counts) -> int:
    """The length of the whole file."""
    offset, length = sections(counts)[-1]
    return offset + length
