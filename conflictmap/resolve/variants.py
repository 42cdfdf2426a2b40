"""Transliteration-aware lookup: the gazetteer places a spelling variant may mean.

A name the gazetteer does not know ("Deir el-Zour", "Kupyansk") is looked up by its
:func:`~conflictmap.text.translit.skeleton` in an index of the skeletons of every
name the gazetteer holds; the names found are ranked by how alike their spelling is
(:func:`~conflictmap.text.translit.similarity`), and only close ones are kept, so
the resolver then chooses among their places by prominence and the article's
context as for any name.

The index is built on first use (about 7 s of CPU over the 640,000 names of the
base gazetteer, ``python bench/translit.py``) and kept in the home as a small SQLite
table (``translit-<stamp>.sqlite``, one row per skeleton), so later processes look up
only the skeletons their article asks for: loading the whole index (260,000 skeletons)
cost every process 0.4 s of CPU and 110 MB.

Examples
--------
>>> from conflictmap.model import Place
>>> from conflictmap.store.gazetteer import Gazetteer
>>> gaz = Gazetteer.from_places([
...     Place(id="t:1", name="Deir ez-Zor", lat=35.3, lon=40.1, country="SY", kind="city"),
...     Place(id="t:2", name="Java", lat=42.4, lon=44.0, country="GE", kind="town")])
>>> variant_keys(gaz, "deirelzor")  # "Deir el-Zor"
[('deirezzor', 0.889)]
>>> variant_keys(gaz, "jawa")  # too short to guess at
[]
"""

from __future__ import annotations

import marshal
import os
import sqlite3
import threading
import time
import weakref
from collections import defaultdict
from pathlib import Path

from conflictmap.paths import BASE_DB, IMPORTED_DB
from conflictmap.resolve.variantstore import build_stored, sealed, stamp_of, tidy, write_buckets
from conflictmap.store.gazetteer import Candidate, Gazetteer
from conflictmap.text.translit import RULES, Spellings, skeleton, ukrainian_h
from conflictmap.tuning.resolve import ResolveTuning

__all__ = ["VariantIndex", "variant_candidates", "variant_keys"]

_LOCK = threading.Lock()
_BY_STAMP: dict[str, VariantIndex] = {}
_BY_GAZETTEER: weakref.WeakKeyDictionary[Gazetteer, VariantIndex] = weakref.WeakKeyDictionary()


class VariantIndex:
    """Skeleton → the folded names that have it (in memory, or read from its table)."""

    def __init__(self, buckets: dict[str, list[str]], *, path: Path | None = None) -> None:
        self.buckets = buckets
        self._table = _Table(path) if path is not None else None

    @classmethod
    def build(cls, keys: set[str]) -> VariantIndex:
        """The index of ``keys`` (sorted within each skeleton, so it is reproducible)."""
        buckets: defaultdict[str, list[str]] = defaultdict(list)
        for key in sorted(keys):
            buckets[skeleton(key)].append(key)
        return cls(dict(buckets))

    @classmethod
    def of(cls, gazetteer: Gazetteer) -> VariantIndex:
        """The index of ``gazetteer``'s names: from memory, the home's table, or built."""
        stamp = _stamp(gazetteer)
        with _LOCK:
            found = _BY_STAMP.get(stamp) if stamp else _BY_GAZETTEER.get(gazetteer)
        if found is not None:
            return found
        path = Path(gazetteer.home) / f"translit-{stamp}.sqlite" if stamp else None
        index = cls({}, path=path) if path is not None and _Table.readable(path) else None
        if index is None:
            index = cls._built(gazetteer, path, stamp)
        elif path is not None:
            tidy(path, None)
        with _LOCK:
            if stamp:
                _BY_STAMP[stamp] = index
            else:
                _BY_GAZETTEER[gazetteer] = index
        return index

    @classmethod
    def _built(cls, gazetteer: Gazetteer, path: Path | None, stamp: str) -> VariantIndex:
        """The index built now: in bounded memory into ``path`` from the layer files
        (:func:`~conflictmap.resolve.variantstore.build_stored`), else in memory (then
        stored at ``path`` when there is one)."""
        started = time.time()
        files = _layer_files(gazetteer) if path is not None else None
        if path is not None and files and build_stored(path, files, stamp, started):
            return cls({}, path=path)
        index = _marshalled(path) or cls.build(gazetteer.name_keys())
        if path is not None:
            _write(path, index, started)
        return index

    def lookup(self, key: str) -> list[str]:
        """The names sharing ``key``'s skeleton."""
        if self._table is not None:
            return self._table.names(skeleton(key))
        return self.buckets.get(skeleton(key), [])

    def spellings(self, key: str) -> Spellings:
        """The names sharing ``key``'s skeleton, ready to compare (their spellings read
        from the table, which holds them, or made now)."""
        return self.spellings_of(skeleton(key))

    def spellings_of(self, probe: str) -> Spellings:
        """:meth:`spellings` of the names whose skeleton is ``probe``."""
        if self._table is None:
            return Spellings(self.buckets.get(probe, []))
        row = self._table.row(probe)
        return Spellings.stored(row[0], row[1]) if row else Spellings([])


class _Table:
    """The stored index: one row per skeleton, its names joined by newlines.

    One connection per process (a connection must not cross a fork), read-only.
    """

    def __init__(self, path: Path) -> None:
        self.path = path
        self._lock = threading.Lock()
        self._conn: tuple[int, sqlite3.Connection] | None = None

    @staticmethod
    def readable(path: Path) -> bool:
        """True when ``path`` is a whole index: not another table, not a file cut short
        (as a crash mid-write could leave it), no byte of it changed since it was
        written (:func:`~conflictmap.resolve.variantstore.sealed`), its spellings made
        by the rules of this version (:data:`~conflictmap.text.translit.RULES`)."""
        try:
            if not sealed(path):
                return False
            table = _Table(path)
            table.row("")
            return table.rules() == RULES
        except (OSError, sqlite3.Error):
            return False

    def names(self, key: str) -> list[str]:
        row = self.row(key)
        return row[0].split("\n") if row else []

    def row(self, key: str) -> tuple[str, str] | None:
        """The names of the skeleton ``key`` and their spellings (joined by newlines)."""
        sql = "SELECT names, spelled FROM skeletons WHERE skeleton = ?"
        with self._lock:
            found: tuple[str, str] | None = self._connection().execute(sql, (key,)).fetchone()
        return found

    def rules(self) -> str | None:
        """The version of the spelling rules the table was made with."""
        with self._lock:
            found = self._connection().execute("SELECT value FROM meta WHERE key = 'rules'")
            row = found.fetchone()
        return row[0] if row else None

    def _connection(self) -> sqlite3.Connection:
        if self._conn is None or self._conn[0] != os.getpid():
            uri = f"file:{self.path}?mode=ro&immutable=1"
            conn = sqlite3.connect(uri, uri=True, check_same_thread=False)
            self._conn = (os.getpid(), conn)
        return self._conn[1]


def _stamp(gazetteer: Gazetteer) -> str:
    """What identifies the stored names ("" for an in-memory gazetteer).

    Remembered per set of open layers (every view of one gazetteer shares them, and
    what they read cannot change while they are open): asked once per name looked up.
    """
    layers = gazetteer.data_layers if isinstance(gazetteer, Gazetteer) else None
    stamp = _STAMPS.get(layers) if layers is not None else None
    if stamp is None:
        stamp = ""
        if (Path(gazetteer.home) / BASE_DB).exists():
            stamp = stamp_of([gazetteer.meta(layer) for layer in gazetteer.layers])
        if layers is not None:
            _STAMPS[layers] = stamp
    return stamp


_STAMPS: weakref.WeakKeyDictionary[object, str] = weakref.WeakKeyDictionary()


def _layer_files(gazetteer: Gazetteer) -> list[Path] | None:
    """The files of ``gazetteer``'s stored layers, base first (``None``: not all stored)."""
    files = {"base": BASE_DB, "imported": IMPORTED_DB}
    names = getattr(gazetteer, "layers", None)
    if not isinstance(names, list) or not names or any(n not in files for n in names):
        return None
    paths = [Path(gazetteer.home) / files[name] for name in names]
    return paths if all(p.is_file() for p in paths) else None


def _marshalled(path: Path | None) -> VariantIndex | None:
    """The index an earlier version kept beside it (``translit-<stamp>.marshal``)."""
    if path is None:
        return None
    try:
        data = marshal.loads(path.with_suffix(".marshal").read_bytes())
    except (OSError, ValueError, EOFError, TypeError):
        return None
    return VariantIndex(data) if isinstance(data, dict) else None


def _write(path: Path, index: VariantIndex, started: float) -> None:
    """Store ``index`` (built in memory) at ``path`` all at once (a temporary file, then
    a rename; :func:`~conflictmap.resolve.variantstore.write_buckets`)."""
    write_buckets(path, index.buckets, started)


def variant_keys(
    gazetteer: Gazetteer, key: str, config: ResolveTuning | None = None
) -> list[tuple[str, float]]:
    """Known names ``key`` may be a spelling of, most alike first, with their similarity.

    A Russian ``g`` is tried as the Ukrainian ``h`` too ("Gorlovka", "Horlivka").
    Only names of at least ``config.variant_min_letters`` letters are guessed at, and
    only names at least ``config.variant_similarity`` alike are kept (at most
    ``config.variant_keys``).
    """
    config = config or ResolveTuning()
    if len(key) < config.variant_min_letters:
        return []
    stamp = _stamp(gazetteer)
    memo = (stamp, key, config.variant_similarity, config.variant_keys)
    if stamp and (known := _KEYS.get(memo)) is not None:
        return list(known)
    close = _variant_keys(gazetteer, key, config)
    if stamp:
        with _LOCK:
            if len(_KEYS) >= _KEYS_KEPT:
                _KEYS.pop(next(iter(_KEYS)), None)
            _KEYS[memo] = tuple(close)
    return close


#: answers of :func:`variant_keys` for stored layers, by stamp, name and settings: the
#: same names recur from article to article (bounded, oldest dropped first)
_KEYS: dict[tuple[str, str, float, int], tuple[tuple[str, float], ...]] = {}
_KEYS_KEPT = 4096


def _variant_keys(gazetteer: Gazetteer, key: str, config: ResolveTuning) -> list[tuple[str, float]]:
    index = VariantIndex.of(gazetteer)
    best: dict[str, float] = {}
    for probe in dict.fromkeys((key, ukrainian_h(key))):
        for other, score in _spellings(index, probe).alike(probe, config.variant_similarity):
            if other != key:
                best[other] = max(best.get(other, 0.0), score)
    close = list(best.items())
    close.sort(key=lambda item: (-item[1], item[0]))
    return close[: config.variant_keys]


def _spellings(index: VariantIndex, key: str) -> Spellings:
    """The names sharing ``key``'s skeleton, made ready to compare (kept per index:
    names with one skeleton recur, "gorlovka" and "gorlivka"; bounded)."""
    kept = _BUCKETS.get(index)
    if kept is None:
        kept = _BUCKETS.setdefault(index, _Kept())
    probe = skeleton(key)
    found = kept.buckets.get(probe)
    if found is None:
        found = index.spellings_of(probe)
        if kept.names >= _BUCKET_NAMES_KEPT:
            kept.buckets.clear()
            kept.names = 0
        kept.buckets[probe] = found
        kept.names += len(found.spelled)  # one spelling per name
    return found


class _Kept:
    """The buckets :func:`_spellings` made for one index, and how many names they hold."""

    __slots__ = ("buckets", "names")

    def __init__(self) -> None:
        self.buckets: dict[str, Spellings] = {}
        self.names = 0


#: the buckets :func:`_spellings` made, per index (at most about this many names each)
_BUCKETS: weakref.WeakKeyDictionary[VariantIndex, _Kept] = weakref.WeakKeyDictionary()
_BUCKET_NAMES_KEPT = 1 << 17


def variant_candidates(
    gazetteer: Gazetteer, key: str, config: ResolveTuning | None = None
) -> list[Candidate]:
    """The candidate places of the names ``key`` may be a spelling of (none: ``[]``)."""
    found: dict[str, Candidate] = {}
    for other, _ in variant_keys(gazetteer, key, config):
        for candidate in gazetteer.candidates(other):
            found.setdefault(candidate.place.id, candidate)
    return list(found.values())
