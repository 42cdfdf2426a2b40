"""The GeoNames import's limits: what a row may hold and how big a zip member may be.

None of these was fitted on data and none changes what a real GeoNames file gives:
they refuse input no GeoNames table holds, before it can reach the resolver or fill
the memory or the disk. Each comment says what the number bounds and where its value
comes from.

Examples
--------
>>> IMPORT.max_population > 8_100_000_000, IMPORT.max_inflation
(True, 50.0)
>>> DOWNLOAD.max_bytes >> 30, DOWNLOAD.deadline_s / 3600
(2, 2.0)
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["DOWNLOAD", "IMPORT", "DownloadTuning", "ImportTuning"]


@dataclass(frozen=True, kw_only=True)
class ImportTuning:
    """Limits of :mod:`conflictmap.store.geonames`."""

    #: the largest population a row may give: more than the world's (8.1 billion in the
    #: UN World Population Prospects 2024), so only a broken or hostile row is refused.
    max_population: int = 10_000_000_000
    #: the longest place or region name a layer row is read with (characters; longer
    #: ones are cut): the limit corrections put on names (store.corrections.base.MAX_NAME),
    #: over twice the longest name in the base (89, measured on the built base.sqlite
    #: of 2026-12-02; a region name: 40).
    max_name_chars: int = 200
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
    #: names whose folded keys the import keeps (then the cache is emptied): bounds its
    #: memory (about 20 MB at 2^17 names). Not fitted: GeoNames names repeat mostly
    #: within a country file (13 places called Kona in ML.txt), and a dump is sorted by
    #: id, not by name, so any cache much larger than a country's common names gains
    #: little.
    name_cache: int = 1 << 17
    #: dump rows written per batch (``executemany``): bounds the rows held in memory
    #: (about 20 MB at 20,000 rows of a diverse dump); larger batches gained nothing
    #: measurable.
    batch_rows: int = 20_000
    #: SQLite's helper threads for sorting (``PRAGMA threads``): the names' sort and
    #: the index builds at the end of an import use a second core (the machines the
    #: import is measured on have two).
    sort_threads: int = 1
    #: place dumps of at least this many bytes (8 MiB, about 65,000 rows) in one import
    #: get their name keys staged by a second process
    #: (:mod:`conflictmap.store.geonames.worker`). Measured 2026-12-02 (load 7): the
    #: child costs 0.16 s of CPU to start and takes about 22 µs of CPU per row off the
    #: import's process (a 300k-row diverse dump: 12.7-15.6 s CPU in one process;
    #: 6.9-8.0 s in the import's and 6.2-6.7 s in the child), so it pays from about
    #: 10,000 rows; the threshold leaves the country files of a few MB in one process,
    #: where a second process is not worth its start.
    worker_min_bytes: int = 8 << 20
    #: the most places an imported layer may hold and still get a precompiled name
    #: index (:mod:`conflictmap.store.nameindex`); a bigger layer is read from SQLite
    #: alone. The index is built streaming, in memory that does not grow with the
    #: layer (``bench/derived_indexes.py``); its arrays number places, candidates and
    #: string bytes in 32 bits, so this keeps far below 2^32 while taking in
    #: ``allCountries`` (about 13M places) eight times over.
    name_index_max_places: int = 100_000_000
    #: names per trie of a name index (a bigger layer's names are split into several
    #: tries in key order): bounds the build's memory, since marisa-trie holds its keys
    #: while it builds (about 80 bytes a name: 632 MB peak for the 7.7M names of a
    #: 3M-row diverse import, ``bench/derived_indexes.py``, 2026-12-02), at about
    #: 170 MB. The base (760,000 names) stays one trie.
    name_index_shard_keys: int = 1 << 21


#: the defaults
IMPORT = ImportTuning()


@dataclass(frozen=True, kw_only=True)
class DownloadTuning:
    """Limits of :mod:`conflictmap.store.download` and :mod:`conflictmap.store.fetch`."""

    #: the largest file downloaded (2 GiB): ``allCountries.zip``, the largest GeoNames
    #: dump, is about 400 MB (a quarter of the 1.5 GB table it holds, at the 2.4-4.7
    #: times measured for ``max_inflation``); five times that.
    max_bytes: int = 2 << 30
    #: seconds one file may take in all (two hours): ``allCountries.zip`` at 1 Mbit/s
    #: takes about 55 minutes; twice that. ``--deadline`` changes it.
    deadline_s: float = 7200.0
    #: the slowest transfer accepted, in bytes per second, over every ``--timeout``
    #: window: a server that trickles (a byte every few seconds) is given up after one
    #: window instead of holding the download for hours. 1 KiB/s fetches a country file
    #: (ML.zip, about 0.6 MB) in ten minutes: slower is a stalled or hostile server.
    min_rate: float = 1024.0


#: the defaults
DOWNLOAD = DownloadTuning()
