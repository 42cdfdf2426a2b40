"""The stored transliteration index (``translit-<stamp>.sqlite``): building, sealing, checking.

The file is a SQLite table, one row per skeleton: its names (sorted, joined by
newlines) and their :func:`~conflictmap.text.translit.spelling` (in the same order,
made at once by :func:`~conflictmap.text.translit.spelled_all`), so that a process
looking a name up only reads what it compares (making the spellings was an eighth of
the variant lookups of a run); a ``meta`` row holds the version of the rules that made
them (:data:`~conflictmap.text.translit.RULES`). It is built beside the home's layers from their names in bounded memory:
SQLite reads every layer's distinct keys, computes each key's skeleton through a
function registered on the connection, and sorts the pairs with its own external
sorter; the rows come out in skeleton order and are written in batches. A
13-million-row import is indexed so without holding its names in memory (the
in-memory build, :meth:`~conflictmap.resolve.variants.VariantIndex.build`, stays for
in-memory gazetteers).

Every file is sealed: its header's ``application_id`` says what it is
(:data:`APPLICATION_ID`), and its ``user_version`` holds the CRC-32 of the whole
file (those four bytes read as zeros). A file is used only when its length is what
its header says and its CRC matches (:func:`sealed`), so a bit flipped anywhere in
it (rows, b-tree pages, header) makes it rebuilt, not read.

Writes go to a temporary file named after the thread and process
(``.translit-<stamp>.sqlite.t<thread>.<pid>.tmp``), fsynced, then renamed.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import sqlite3
import threading
import zlib
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path

from conflictmap.files import remove_stale
from conflictmap.store import sealmemo
from conflictmap.text.translit import RULES, skeleton, spelled_all

__all__ = [
    "APPLICATION_ID",
    "build_stored",
    "sealed",
    "stamp_of",
    "temporary",
    "tidy",
    "write_buckets",
]

#: the header's ``application_id`` of a sealed index ("CMT2": format 2, the names'
#: spellings stored beside them; format 1 had the names only)
APPLICATION_ID = int.from_bytes(b"CMT2", "big")
#: where SQLite keeps ``user_version`` (the CRC-32) in the file's header
_CRC_AT = 60
#: rows written to the table at once
_BATCH = 8192
#: the sorter's and page cache's memory per connection while building (KiB; SQLite
#: spills sorted runs of this size to its temporary files)
_CACHE_KIB = 32768
_CHUNK = 1 << 20
#: a row of the table: a skeleton, its names and their spellings (joined by newlines)
_Row = tuple[str, str, str]


def stamp_of(metas: Sequence[dict[str, str]]) -> str:
    """The stamp of layers whose ``meta`` tables are ``metas`` (in layer order).

    >>> stamp_of([{"built": "1"}])
    '46369927ab85f268'
    """
    parts = [str(sorted(meta.items())) for meta in metas]
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()[:16]


def temporary(path: Path) -> Path:
    """The temporary file the index ``path`` is written to by this thread of this process
    (two threads of a process may build at once)."""
    return path.with_name(f".{path.name}.t{threading.get_native_id()}.{os.getpid()}.tmp")


def _crc(path: Path) -> int:
    """The CRC-32 of the file, its ``user_version`` read as zeros (bounded memory)."""
    crc = 0
    with path.open("rb") as file:
        head = bytearray(file.read(_CHUNK))
        head[_CRC_AT : _CRC_AT + 4] = bytes(4)
        crc = zlib.crc32(head)
        while chunk := file.read(_CHUNK):
            crc = zlib.crc32(chunk, crc)
    return crc


def _seal(tmp: Path) -> None:
    """Store the file's CRC-32 in its header, then flush it to disk."""
    crc = _crc(tmp)
    with tmp.open("r+b") as file:
        file.seek(_CRC_AT)
        file.write(crc.to_bytes(4, "big"))
        file.flush()
        os.fsync(file.fileno())


def sealed(path: Path, *, memo: bool = True) -> bool:
    """True when ``path`` is a whole, sealed index: a SQLite file of the length its
    header says (SQLite reads a last page cut short as if the rest were zeros), with
    :data:`APPLICATION_ID` and the CRC-32 its header holds (the whole file is read unless
    ``memo`` and :mod:`~conflictmap.store.sealmemo` holds its check since it last
    changed)."""
    with path.open("rb") as file:
        head = file.read(100)
    if len(head) < 100 or not head.startswith(b"SQLite format 3\x00"):
        return False
    page_size = int.from_bytes(head[16:18], "big")
    pages = int.from_bytes(head[28:32], "big")
    if int.from_bytes(head[68:72], "big") != APPLICATION_ID or head[24:28] != head[92:96]:
        return False
    info = path.stat()
    if pages * (65536 if page_size == 1 else page_size) != info.st_size:
        return False
    crc = int.from_bytes(head[_CRC_AT : _CRC_AT + 4], "big")
    if not memo:
        return _crc(path) == crc
    return sealmemo.checked(path, info, crc, lambda: _crc(path))


def _create(tmp: Path) -> sqlite3.Connection:
    tmp.unlink(missing_ok=True)  # a killed process with this pid left it
    conn = sqlite3.connect(tmp)
    conn.execute("PRAGMA journal_mode = OFF")  # a new file: nothing to roll back to
    conn.execute(f"PRAGMA cache_size = -{_CACHE_KIB}")
    conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
    conn.execute(
        "CREATE TABLE skeletons (skeleton TEXT PRIMARY KEY, names TEXT NOT NULL, "
        "spelled TEXT NOT NULL) WITHOUT ROWID"
    )
    conn.execute("CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)")
    conn.execute("INSERT INTO meta VALUES ('rules', ?)", (RULES,))
    return conn


def _publish(tmp: Path, path: Path, rows: Iterable[_Row]) -> None:
    """Write ``rows`` (in skeleton order) to ``tmp``, seal it, rename it to ``path``."""
    try:
        conn = _create(tmp)
        try:
            batch: list[_Row] = []
            for row in rows:
                batch.append(row)
                if len(batch) >= _BATCH:
                    conn.executemany("INSERT INTO skeletons VALUES (?, ?, ?)", batch)
                    batch.clear()
            conn.executemany("INSERT INTO skeletons VALUES (?, ?, ?)", batch)
            conn.commit()
        finally:
            conn.close()
        _seal(tmp)
        os.chmod(tmp, 0o644)  # as the home's other files, whatever the umask
        os.replace(tmp, path)
    finally:
        for left in (tmp, tmp.with_name(tmp.name + "-journal")):
            with contextlib.suppress(OSError):
                left.unlink()


def write_buckets(path: Path, buckets: dict[str, list[str]], started: float) -> None:
    """Store an index built in memory at ``path`` (a read-only home: nothing stored)."""
    if any("\n" in name for names in buckets.values() for name in names):
        return  # names are folded words: never, but the table could not hold it
    rows = sorted(_row(key, names) for key, names in buckets.items())
    with contextlib.suppress(OSError, sqlite3.Error):
        _publish(temporary(path), path, rows)
        tidy(path, started)


class _NotStorable(ValueError):
    """A name the table cannot hold (a newline in it)."""


def _row(skel: str, names: Sequence[str]) -> _Row:
    return skel, "\n".join(names), "\n".join(spelled_all(names))


def _pairs(conn: sqlite3.Connection, schemas: Sequence[str]) -> Iterator[tuple[str, str]]:
    both = " UNION ALL ".join(f"SELECT DISTINCT key FROM {s}names" for s in schemas)
    cursor = conn.execute(f"SELECT skeleton(key) AS s, key FROM ({both}) ORDER BY s, key")
    while batch := cursor.fetchmany(_BATCH):
        yield from batch


def _groups(pairs: Iterator[tuple[str, str]]) -> Iterator[tuple[str, list[str]]]:
    """Each skeleton of ``(skeleton, key)`` pairs in order and its keys (a key of two
    layers once)."""
    current: str | None = None
    names: list[str] = []
    for skel, key in pairs:
        if skel != current:
            if current is not None:
                yield current, names
            current, names = skel, []
        elif names[-1] == key:
            continue  # a name of both layers
        if "\n" in key:
            raise _NotStorable(key)
        names.append(key)
    if current is not None:
        yield current, names


def _stored(path: Path) -> Iterator[_Row]:
    """The rows of the index at ``path`` in skeleton order (the order of its key)."""
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True, check_same_thread=False)
    try:
        cursor = conn.execute("SELECT skeleton, names, spelled FROM skeletons ORDER BY 1")
        while batch := cursor.fetchmany(_BATCH):
            yield from batch
    finally:
        conn.close()


def _merged(base: Iterator[_Row], added: Iterator[tuple[str, list[str]]]) -> Iterator[_Row]:
    """The rows of two layers' names from the base's stored rows and the other layer's
    names (both in skeleton order), as the rows of all the names are made: a
    skeleton of the base alone keeps its row, one of the other layer's names gets the
    row of its names and the base's (a name of both once)."""
    mine, theirs = next(base, None), next(added, None)
    while mine is not None or theirs is not None:
        if theirs is None or (mine is not None and mine[0] < theirs[0]):
            assert mine is not None
            yield mine
            mine = next(base, None)
        elif mine is None or theirs[0] < mine[0]:
            yield _row(*theirs)
            theirs = next(added, None)
        else:
            names = mine[1].split("\n")
            extra = set(theirs[1]).difference(names)
            yield _row(mine[0], sorted([*names, *extra])) if extra else mine
            mine, theirs = next(base, None), next(added, None)


def _base_index(path: Path, base_meta: dict[str, str]) -> Path | None:
    """The base layer's own index beside ``path``, when it is whole and made by these
    rules (as :meth:`~conflictmap.resolve.variants.VariantIndex.of` would read it; its
    CRC read in full, the memo of the index in use left as it is)."""
    found = path.with_name(f"translit-{stamp_of([base_meta])}.sqlite")
    try:
        if found == path or not found.is_file() or not sealed(found, memo=False):
            return None
        conn = sqlite3.connect(f"file:{found}?mode=ro", uri=True)
        try:
            rules = conn.execute("SELECT value FROM meta WHERE key = 'rules'").fetchone()
        finally:
            conn.close()
    except (OSError, sqlite3.Error):
        return None
    return found if rules == (RULES,) else None


def _rows(conn: sqlite3.Connection, path: Path, metas: Sequence[dict[str, str]]) -> Iterator[_Row]:
    """The rows of the layers' index: with an imported layer and the base's own index
    beside ``path``, the base's rows as stored and only the imported names' skeletons
    made (the base's 640,000 names are most of the work); else every name's."""
    schemas = [""] + [f"l{n}." for n in range(1, len(metas))]
    base = _base_index(path, metas[0]) if len(metas) == 2 else None
    if base is not None:
        return _merged(_stored(base), _groups(_pairs(conn, schemas[1:])))
    return (_row(skel, names) for skel, names in _groups(_pairs(conn, schemas)))


def build_stored(path: Path, layers: Sequence[Path], stamp: str, started: float) -> bool:
    """Build the index of the stored ``layers`` (the base file first) at ``path`` in
    bounded memory; ``False`` when it could not be stored (then nothing is left).

    The layers are read in one transaction, and only when their ``meta`` tables still
    give ``stamp`` (a layer replaced meanwhile names another index).
    """
    tmp = temporary(path)
    try:
        uri = "file:{}?mode=ro"
        conn = sqlite3.connect(uri.format(layers[0]), uri=True, check_same_thread=False)
        try:
            schemas = [""] + [f"l{n}." for n in range(1, len(layers))]
            for n, layer in enumerate(layers[1:], start=1):
                conn.execute(f"ATTACH ? AS l{n}", (uri.format(layer),))
            conn.execute(f"PRAGMA cache_size = -{_CACHE_KIB}")
            conn.create_function("skeleton", 1, skeleton, deterministic=True)
            conn.execute("BEGIN")
            metas = [dict(conn.execute(f"SELECT key, value FROM {s}meta")) for s in schemas]
            if stamp_of(metas) != stamp:
                return False
            _publish(tmp, path, _rows(conn, path, metas))
        finally:
            conn.close()
    except (OSError, sqlite3.Error, _NotStorable):
        return False
    tidy(path, started)
    return True


def tidy(path: Path, started: float | None) -> None:
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
