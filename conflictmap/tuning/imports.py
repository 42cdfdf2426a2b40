"""The GeoNames import's limits: what a row may hold and how big a zip member may be.

None of these was fitted on data and none changes what a real GeoNames file gives:
they refuse input no GeoNames table holds, before it can reach the resolver or fill
the memory or the disk. Each comment says what the number bounds and where its value
comes from.

Examples
--------
>>> IMPORT.max_population > 8_100_000_000, IMPORT.max_inflation
(True, 50.0)
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["IMPORT", "ImportTuning"]


@dataclass(frozen=True, kw_only=True)
class ImportTuning:
    """Limits of :mod:`conflictmap.store.geonames`."""

    #: the largest population a row may give: more than the world's (8.1 billion in the
    #: UN World Population Prospects 2024), so only a broken or hostile row is refused.
    max_population: int = 10_000_000_000
    #: the largest uncompressed zip member read (8 GiB): ``allCountries.txt``, the
    #: largest GeoNames table, is about 1.5 GB (the size the import's docs were written
    #: against); this leaves five times that for growth.
    max_member_bytes: int = 8 << 30
    #: the largest ratio of a zip member's size to its compressed size. GeoNames tables
    #: deflate 2.4-4.7 times (measured with zlib level 9 on the seven country files and
    #: the admin-code files in ../shared/data/geonames); a zip of zeros inflates about
    #: 1,030 times. Ten times the most compressible table measured.
    max_inflation: float = 50.0
    #: members smaller than this (16 MiB) are read whatever their ratio: a small table
    #: of repeated rows compresses well and costs nothing to read.
    inflation_floor_bytes: int = 16 << 20


#: the defaults
IMPORT = ImportTuning()
