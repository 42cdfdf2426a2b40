"""Reading a name index file (see :mod:`conflictmap.store.nameindex`).

The file is memory-mapped read-only (the pages are shared by every process and
worker that opens it), the trie included (marisa-trie maps a buffer). Candidate rows are read from the packed arrays on demand, in the
shape of a row selected with ``PLACE_COLUMNS``.
"""

from __future__ import annotations

import contextlib
import mmap
import os
import zlib
from bisect import bisect_left
from collections.abc import Callable, Sequence
from pathlib import Path

import marisa_trie

from conflictmap.store import sealmemo
from conflictmap.store.nameindex.layout import (
    HEADER,
    IDS,
    MAGIC,
    NONE,
    SHARDED,
    STRING_FIELDS,
    VERSION,
    Counts,
    read_shard_table,
    sections,
    total_length,
)
from conflictmap.store.nameindex.shards import ShardedTrie

__all__ = ["IndexDamagedError", "NameIndex", "PlaceRow"]

#: a place as ``PLACE_COLUMNS`` selects it: id, name, lat, lon, country, feature, kind,
#: admin1, admin1_name, population, layer, source, admin2
PlaceRow = tuple[
    str, str, float, float, "str | None", "str | None", str, "str | None", "str | None",
    int, str, "str | None", "str | None",
]  # fmt: skip

_NSTR = len(STRING_FIELDS)
#: decoded strings an index keeps (cleared when full)
_STRINGS_KEPT = 1 << 16


class _Strings(dict[int, "str | None"]):
    """``_string(number)`` memoised (a damaged reference raises as before, unkept)."""

    def __init__(self, decode: Callable[[int], str | None]) -> None:
        super().__init__()
        self._decode = decode

    def __missing__(self, number: int) -> str | None:
        if len(self) >= _STRINGS_KEPT:
            self.clear()
        found = self[number] = self._decode(number)
        return found


class IndexDamagedError(ValueError):
    """A name index file that is not a whole, current index (rebuilt from SQLite)."""


class NameIndex:
    """A name index, open.

    Parameters
    ----------
    path : path
        The index file.
    stamp : str
        The stamp the open layers give (:func:`~conflictmap.store.nameindex.layers_stamp`);
        a file with another stamp is stale.

    Raises
    ------
    IndexDamagedError
        When the file is short, long, stale, of another format version, or its trie
        (or, with ``verify``, the whole file) fails its CRC.
    OSError
        When it cannot be read.
    """

    def __init__(self, path: Path, stamp: str, *, verify: bool = False) -> None:
        self.path = path
        with path.open("rb") as handle:
            info = os.fstat(handle.fileno())  # the file mapped, whatever is renamed over it
            if info.st_size < HEADER.size:
                raise IndexDamagedError(f"{path}: {info.st_size} bytes, shorter than the header")
            self._map = mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ)
        try:
            self.counts = self._check(stamp, info, verify=verify)
            self._views()
        except IndexDamagedError:
            self.close()
            raise

    def _check(self, stamp: str, info: os.stat_result, *, verify: bool) -> Counts:
        """The header's counts, after the checks of the class docstring.

        The trie's CRC is checked at every opening (marisa must never read damaged
        bytes), unless :mod:`~conflictmap.store.sealmemo` holds that check of the file
        (``info``) since it last changed; the whole file's only when ``verify`` (after a
        rebuild, and by ``conflictmap gazetteer index --check``): the rest is read
        through bounds-checked arrays.
        """
        magic, version, trie_crc, crc, shards, stored, *numbers = HEADER.unpack_from(self._map)
        self._shards, self._has_ids = shards, bool(version & IDS)
        if magic != MAGIC or version & ~IDS != (SHARDED if shards > 1 else VERSION) or shards == 1:
            raise IndexDamagedError(f"{self.path}: not a version {VERSION} name index")
        if stored != stamp.encode("ascii"):
            raise IndexDamagedError(f"{self.path}: stale (stamp {stored!r}, layers {stamp!r})")
        counts = Counts(*numbers[:6])
        length = total_length(counts, ids=self._has_ids)
        if numbers[6] != len(self._map) or length != len(self._map):
            raise IndexDamagedError(f"{self.path}: {len(self._map)} bytes, not {numbers[6]}")
        offset, length = sections(counts)[0]
        with memoryview(self._map) as whole, whole[offset : offset + length] as trie:
            if not sealmemo.checked(self.path, info, trie_crc, lambda: zlib.crc32(trie)):
                raise IndexDamagedError(f"{self.path}: the trie's CRC does not match (damaged)")
            if verify and zlib.crc32(whole[HEADER.size :]) != crc:
                raise IndexDamagedError(f"{self.path}: the CRC does not match (damaged)")
        return counts

    def _views(self) -> None:
        parts = sections(self.counts, ids=self._has_ids)
        whole = memoryview(self._map)
        view = [whole[offset : offset + length] for offset, length in parts]
        self._trie_bytes = view[0]  # the trie reads the mapped pages: kept alive here
        try:
            if self._shards > 1:
                table = read_shard_table(self._trie_bytes, self._shards)
                self._trie: marisa_trie.Trie | ShardedTrie = ShardedTrie(self._trie_bytes, table)
            else:
                self._trie = marisa_trie.Trie()
                self._trie.map(self._trie_bytes)
        except (RuntimeError, ValueError) as error:  # what marisa raises on bad bytes
            raise IndexDamagedError(f"{self.path}: the trie does not read ({error})") from None
        if len(self._trie) != self.counts.names:
            raise IndexDamagedError(f"{self.path}: {len(self._trie)} names in the trie")
        #: ``contains(key)``: is ``key`` a name of the index (the trie's own test, for filter())
        self.contains: Callable[[str], bool] = self._trie.__contains__
        self._starts, self._ends = view[1].cast("I"), view[2].cast("I")
        self._places, self._flags = view[3].cast("I"), view[4].cast("I")
        self._coords, self._population = view[5].cast("d"), view[6].cast("q")
        self._strings, self._string_ends = view[7].cast("I"), view[8].cast("I")
        self._blob = view[9]
        #: each place's GeoNames id, rising (``None``: the file has no ``ids`` section)
        self._ids = view[10].cast("q") if self._has_ids else None
        #: decoded strings by number: most fields (country, kind, layer, admin codes) repeat
        self._decoded = _Strings(self._string)

    def __contains__(self, key: object) -> bool:
        return key in self._trie

    def has_prefix(self, prefix: str) -> bool:
        """True when some name of the index starts with ``prefix`` (one walk of the trie)."""
        if isinstance(self._trie, ShardedTrie):
            return self._trie.has_prefix(prefix)
        return next(self._trie.iterkeys(prefix), None) is not None

    def __len__(self) -> int:
        return self.counts.names

    def keys(self) -> list[str]:
        """Every folded name of the index."""
        return list(self._trie.keys())

    def candidates(self, key: str) -> list[tuple[PlaceRow, int]]:
        """``(place row, flags)`` of each candidate of ``key`` (``[]`` for an unknown name).

        Raises
        ------
        IndexDamagedError
            When the arrays point outside themselves.
        """
        tid = self._trie.get(key)
        if tid is None:
            return []
        try:
            start, end = self._starts[tid], self._ends[tid]
            return [(self.place(self._places[e]), self._flags[e]) for e in range(start, end)]
        except IndexError:
            raise IndexDamagedError(f"{self.path}: a reference out of range") from None

    def rows_of(self, pids: Sequence[str]) -> tuple[list[PlaceRow], list[str]]:
        """The rows of those places of ``pids`` that the layer holds, and the ids it cannot
        tell about (every one of them when the file has no ``ids`` section).

        Raises
        ------
        IndexDamagedError
            When the ``ids`` section names a place that is not there.
        """
        ids = self._ids
        if ids is None:
            return [], list(pids)
        rows = []
        for pid in pids:
            number = _geonames_id(pid)
            at = -1 if number is None else bisect_left(ids, number)
            if 0 <= at < len(ids) and ids[at] == number:
                try:
                    row = self.place(at)
                except IndexError:
                    row = None
                if row is None or row[0] != pid:
                    raise IndexDamagedError(f"{self.path}: place {at} is not {pid}")
                rows.append(row)
        return rows, []

    def place(self, number: int) -> PlaceRow:
        """The row of place ``number``."""
        at = _NSTR * number
        s = list(map(self._decoded.__getitem__, self._strings[at : at + _NSTR]))
        if len(s) != _NSTR:
            raise IndexError(number)
        lat, lon = self._coords[2 * number], self._coords[2 * number + 1]
        population = self._population[number]
        # s: pid, name, country, feature, kind, admin1, admin1_name, layer, source, admin2
        return (s[0], s[1], lat, lon, s[2], s[3], s[4], s[5], s[6], population,  # type: ignore[return-value]
                s[7], s[8], s[9])  # fmt: skip

    def _string(self, number: int) -> str | None:
        if number == NONE:
            return None
        start = self._string_ends[number - 1] if number else 0
        end = self._string_ends[number]
        return str(self._blob[start:end], "utf-8", "surrogatepass")

    def close(self) -> None:
        """Release the mapping (once nothing read from it is in use)."""
        self.__dict__.pop("_trie", None)
        self.__dict__.pop("contains", None)
        self.__dict__.pop("_decoded", None)
        for name in _VIEWS:
            view = self.__dict__.pop(name, None)
            if view is not None:
                view.release()
        with contextlib.suppress(BufferError):  # a view still held elsewhere: unmapped at exit
            self._map.close()


def _geonames_id(pid: str) -> int | None:
    """The ``N`` of a place id ``geonames:N`` written as the ``ids`` section's places are
    (``None``: no place of such a section has that id).

    >>> _geonames_id("geonames:2460596"), _geonames_id("geonames:02460596"), _geonames_id("user:1")
    (2460596, None, None)
    """
    if not pid.startswith("geonames:"):
        return None
    try:
        number = int(pid[9:])
    except ValueError:
        return None
    return number if pid == f"geonames:{number}" else None


_VIEWS = ("_trie_bytes", "_starts", "_ends", "_places", "_flags", "_coords", "_population",
          "_strings", "_string_ends", "_blob", "_ids")  # fmt: skip
