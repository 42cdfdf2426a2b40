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

import contextlib
import hashlib
import marshal
import os
import sqlite3
import threading
import time
import weakref
from collections import defaultdict
from pathlib import Path

from conflictmap.files import remove_stale
from conflictmap.store.gazetteer import Candidate, Gazetteer
from conflictmap.text.translit import Spellings, skeleton, ukrainian_h
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
            started = time.time()
            index = _marshalled(path) or cls.build(gazetteer.name_keys())
            if path is not None:
                _write(path, index, started)
        elif path is not None:
            _tidy(path, None)
        with _LOCK:
            if stamp:
                _BY_STAMP[stamp] = index
            else:
                _BY_GAZETTEER[gazetteer] = index
        return index

    def lookup(self, key: str) -> list[str]:
        """The names sharing ``key``'s skeleton."""
        if self._table is not None:
            return self._table.names(skeleton(key))
        return self.buckets.get(skeleton(key), [])


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
        (as a crash mid-write could leave it)."""
        try:
            if not _whole(path):
                return False
            _Table(path).names("")
        except (OSError, sqlite3.Error):
            return False
        return True

    def names(self, key: str) -> list[str]:
        with self._lock:
            if self._conn is None or self._conn[0] != os.getpid():
                uri = f"file:{self.path}?mode=ro&immutable=1"
                conn = sqlite3.connect(uri, uri=True, check_same_thread=False)
                self._conn = (os.getpid(), conn)
            row = (
                self._conn[1]
                .execute("SELECT names FROM skeletons WHERE skeleton = ?", (key,))
                .fetchone()
            )
        return row[0].split("\n") if row else []


def _stamp(gazetteer: Gazetteer) -> str:
    """What identifies the stored names ("" for an in-memory gazetteer).

    Remembered per set of open layers (every view of one gazetteer shares them, and
    what they read cannot change while they are open): asked once per name looked up.
    """
    layers = gazetteer.data_layers if isinstance(gazetteer, Gazetteer) else None
    stamp = _STAMPS.get(layers) if layers is not None else None
    if stamp is None:
        stamp = ""
        if (Path(gazetteer.home) / "base.sqlite").exists():
            parts = [str(sorted(gazetteer.meta(layer).items())) for layer in gazetteer.layers]
            stamp = hashlib.sha256("\n".join(parts).encode()).hexdigest()[:16]
        if layers is not None:
            _STAMPS[layers] = stamp
    return stamp


_STAMPS: weakref.WeakKeyDictionary[object, str] = weakref.WeakKeyDictionary()


def _marshalled(path: Path | None) -> VariantIndex | None:
    """The index an earlier version kept beside it (``translit-<stamp>.marshal``)."""
    if path is None:
        return None
    try:
        data = marshal.loads(path.with_suffix(".marshal").read_bytes())
    except (OSError, ValueError, EOFError, TypeError):
        return None
    return VariantIndex(data) if isinstance(data, dict) else None


def _whole(path: Path) -> bool:
    """False for a file shorter or longer than its SQLite header says it is.

    SQLite itself refuses a file that lacks whole pages, but reads a last page cut
    short as if the rest were zeros (the names on it silently missing).
    """
    with path.open("rb") as file:
        head = file.read(100)
    if len(head) < 100 or not head.startswith(b"SQLite format 3\x00"):
        return False
    page_size = int.from_bytes(head[16:18], "big")
    pages = int.from_bytes(head[28:32], "big")
    if head[24:28] != head[92:96] or not pages:  # a header from before SQLite 3.7.0
        return True
    return pages * (65536 if page_size == 1 else page_size) == path.stat().st_size


def _write(path: Path, index: VariantIndex, started: float) -> None:
    """Store ``index`` at ``path`` all at once (a temporary file, then a rename).

    The temporary file is named after this thread and process
    (``.translit-<stamp>.sqlite.t<thread>.<pid>.tmp``), so a later run removes what a
    killed one left (:func:`_tidy`).
    """
    if any("\n" in name for names in index.buckets.values() for name in names):
        return  # names are folded words: never, but the table could not hold it
    thread = threading.get_native_id()  # two threads of a process may build at once
    tmp = path.with_name(f".{path.name}.t{thread}.{os.getpid()}.tmp")
    with contextlib.suppress(OSError, sqlite3.Error):  # a read-only home: in memory only
        tmp.unlink(missing_ok=True)  # a killed process with this pid left it
        try:
            conn = sqlite3.connect(tmp)
            with conn:
                conn.execute(
                    "CREATE TABLE skeletons (skeleton TEXT PRIMARY KEY, names TEXT NOT NULL)"
                    " WITHOUT ROWID"
                )
                conn.executemany(
                    "INSERT INTO skeletons VALUES (?, ?)",
                    ((key, "\n".join(names)) for key, names in index.buckets.items()),
                )
            conn.close()
            os.chmod(tmp, 0o644)  # as the home's other files, whatever the umask
            os.replace(tmp, path)
        finally:
            for left in (tmp, tmp.with_name(tmp.name + "-journal")):
                with contextlib.suppress(OSError):
                    left.unlink()
        _tidy(path, started)


def _tidy(path: Path, started: float | None) -> None:
    """Remove what earlier runs left beside the index ``path``.

    Always: the temporary files of runs that were killed (their process is gone; a name
    with no process id is from a version that named them at random) and the
    ``.marshal`` index this one replaced. With ``started`` (the time this run began
    building ``path``): the indexes of other gazetteers (another stamp: the layers
    changed) made before then.
    """
    folder = path.parent
    with contextlib.suppress(OSError):
        remove_stale(folder, ".translit-*.tmp*")
        for left in folder.glob(".translit-*.sqlite.*.tmp*"):
            if not any(part.isdigit() for part in left.name.split(".")):
                left.unlink(missing_ok=True)
        path.with_suffix(".marshal").unlink(missing_ok=True)
        if started is None:
            return
        for other in [*folder.glob("translit-*.sqlite"), *folder.glob("translit-*.marshal")]:
            if other.stem != path.stem and other.stat().st_mtime < started:
                other.unlink(missing_ok=True)


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
        found = Spellings(index.lookup(key))
        if kept.names >= _BUCKET_NAMES_KEPT:
            kept.buckets.clear()
            kept.names = 0
        kept.buckets[probe] = found
        kept.names += len(found.names)
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
