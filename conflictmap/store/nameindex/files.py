"""The name index file of a home: its stamp, opening it, rebuilding it atomically.

>>> index_path(Path("/h/base.sqlite"), "0123456789abcdef").name
'base-names-0123456789abcdef.idx'
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import sqlite3
import threading
import time
import zlib
from pathlib import Path

from conflictmap.files import remove_stale
from conflictmap.store.nameindex.build import UnrepresentableError, write_index
from conflictmap.store.nameindex.layout import HEADER, VERSION
from conflictmap.store.nameindex.reader import IndexDamagedError, NameIndex
from conflictmap.tuning.imports import IMPORT

__all__ = [
    "IndexDamagedError",
    "UnrepresentableError",
    "check_index",
    "ensure_index",
    "index_path",
    "layer_stamp",
    "rebuild_index",
    "too_big_to_index",
]

#: a temporary file of an earlier version (named at random, no process id) older than
#: this is left over from a killed rebuild
_STALE_TEMP_S = 600.0


def layer_stamp(conn: sqlite3.Connection, schema: str) -> str:
    """What identifies one stored layer (``schema``: ``""`` or ``"imp."``): a hash of its
    ``meta`` table (a build or an import rewrites it) and of the index format version
    (an imported layer's since its index has the ``ids`` section: the earlier ones rebuilt)."""
    rows = conn.execute(f"SELECT key, value FROM {schema}meta").fetchall()
    version = f"{VERSION}+ids" if schema == "imp." else str(VERSION)
    text = f"name index v{version}\n{sorted(rows)}"
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def too_big_to_index(conn: sqlite3.Connection, *, imported: bool) -> bool:
    """True when the layers of ``conn`` are to be read from SQLite alone: its imported
    layer (when ``imported``) holds more places than a name index may be built for in
    bounded memory (:class:`~conflictmap.tuning.imports.ImportTuning`'s
    ``name_index_max_places``), or its count cannot be read.

    >>> conn = sqlite3.connect(":memory:")
    >>> too_big_to_index(conn, imported=False)
    False
    >>> _ = conn.execute("ATTACH ':memory:' AS imp")
    >>> _ = conn.execute("CREATE TABLE imp.meta (key TEXT, value TEXT)")
    >>> _ = conn.execute("INSERT INTO imp.meta VALUES ('places', '20000')")
    >>> too_big_to_index(conn, imported=True)
    False
    >>> _ = conn.execute("UPDATE imp.meta SET value = '300000000'")
    >>> too_big_to_index(conn, imported=True)
    True
    """
    if not imported:
        return False
    try:
        row = conn.execute("SELECT value FROM imp.meta WHERE key = 'places'").fetchone()
    except sqlite3.DatabaseError:
        return True
    places = str(row[0]) if row else ""
    return not places.isdigit() or int(places) > IMPORT.name_index_max_places


def index_path(layer_file: Path, stamp: str) -> Path:
    """Where the index of the layer file ``layer_file`` with ``stamp`` lives: beside the
    file (a symlinked layer's index beside its target, so homes sharing it share it)."""
    real = layer_file.resolve()
    return real.with_name(f"{real.stem}-names-{stamp}.idx")


def ensure_index(
    conn: sqlite3.Connection, layer_file: Path, *, schema: str, columns: str
) -> NameIndex:
    """The current index of the layer ``schema`` of ``conn`` (stored in ``layer_file``):
    opened, or rebuilt first when it is missing, stale or damaged.

    Raises
    ------
    UnrepresentableError
        When the layer holds a value the packed arrays cannot store exactly.
    OSError
        When the folder cannot be written and holds no usable index.
    """
    stamp = layer_stamp(conn, schema)
    path = index_path(layer_file, stamp)
    try:
        index = NameIndex(path, stamp)
    except (OSError, IndexDamagedError):
        return rebuild_index(conn, layer_file, schema=schema, columns=columns)
    _remove_left(path)  # a rebuild killed after another process finished its own
    return index


def check_index(
    conn: sqlite3.Connection, layer_file: Path, *, schema: str, columns: str
) -> tuple[Path, str | None]:
    """Verify a layer's index whole (its CRC-32 included); rebuild it when it fails.

    Returns the index's path and what was wrong with it (``None``: it was sound).
    """
    stamp = layer_stamp(conn, schema)
    path = index_path(layer_file, stamp)
    try:
        NameIndex(path, stamp, verify=True).close()
    except (OSError, IndexDamagedError) as error:
        rebuild_index(conn, layer_file, schema=schema, columns=columns).close()
        return path, str(error)
    return path, None


def rebuild_index(
    conn: sqlite3.Connection, layer_file: Path, *, schema: str, columns: str
) -> NameIndex:
    """Rebuild the index of a layer from SQLite and open it.

    Written to a temporary file beside the layer, checked whole, then renamed over
    the index: a reader (or a process killed meanwhile) sees the old index or the new
    one. Indexes of the layer's earlier stamps and temporary files left by a killed
    rebuild are removed.
    """
    stamp = layer_stamp(conn, schema)
    path = index_path(layer_file, stamp)
    tmp, fd = _temporary(path)
    try:
        with os.fdopen(fd, "w+b") as out:
            write_index(conn, out, stamp=stamp, schema=schema, columns=columns,
                        scratch=path.parent)  # fmt: skip
            out.flush()
            os.fsync(out.fileno())
        os.chmod(tmp, 0o644)  # as the home's other files, whatever the umask
        NameIndex(Path(tmp), stamp).close()  # only a whole index is renamed:
        _check_crc(Path(tmp))  # read in chunks (the map would hold every page)
        os.replace(tmp, path)
    finally:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
    _remove_old(path)
    return NameIndex(path, stamp)


def _temporary(path: Path) -> tuple[Path, int]:
    """A temporary file for the index ``path``, open for writing: named after this thread
    and process, so a later run can tell one a killed rebuild left."""
    tmp = path.with_name(f".{path.name}.t{threading.get_native_id()}.{os.getpid()}.tmp")
    return tmp, os.open(tmp, os.O_RDWR | os.O_CREAT | os.O_TRUNC, 0o644)


def _check_crc(path: Path) -> None:
    """Raise :class:`IndexDamagedError` unless the CRC-32 of what follows the header of
    the index ``path`` is the one its header holds."""
    with path.open("rb") as file:
        crc = HEADER.unpack(file.read(HEADER.size))[3]
        found = 0
        while chunk := file.read(1 << 20):
            found = zlib.crc32(chunk, found)
    if found != crc:
        raise IndexDamagedError(f"{path}: the CRC does not match (damaged)")


def _remove_old(keep: Path) -> None:
    """The layer's other indexes, and temporary files no rebuild is writing any more."""
    now = time.time()
    stem = keep.name.rsplit("-", 1)[0]  # "base-names"
    for old in keep.parent.glob(f"{stem}-*.idx"):
        if old != keep:
            with contextlib.suppress(OSError):
                old.unlink()
    _remove_left(keep, now)


def _remove_left(keep: Path, now: float | None = None) -> None:
    """Temporary files of the layer's rebuilds that were killed: their process is gone,
    or (an earlier version's random name) older than :data:`_STALE_TEMP_S`."""
    now = time.time() if now is None else now
    stem = keep.name.rsplit("-", 1)[0]  # "base-names"
    with contextlib.suppress(OSError):
        remove_stale(keep.parent, f".{stem}-*.idx.*.tmp")
    for tmp in keep.parent.glob(f".{stem}-*.idx.*.tmp"):
        if any(part.isdigit() for part in tmp.name.split(".")):
            continue  # a process id: a live rebuild's
        with contextlib.suppress(OSError):
            if now - tmp.stat().st_mtime > _STALE_TEMP_S:
                tmp.unlink()
