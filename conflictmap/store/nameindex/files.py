"""The name index file of a home: its stamp, opening it, rebuilding it atomically.

>>> index_path(Path("/h/base.sqlite"), "0123456789abcdef").name
'base-names-0123456789abcdef.idx'
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import sqlite3
import tempfile
import time
from pathlib import Path

from conflictmap.store.nameindex.build import UnrepresentableError, write_index
from conflictmap.store.nameindex.layout import VERSION
from conflictmap.store.nameindex.reader import IndexDamagedError, NameIndex

__all__ = [
    "IndexDamagedError",
    "UnrepresentableError",
    "check_index",
    "ensure_index",
    "index_path",
    "layer_stamp",
    "rebuild_index",
]

#: a temporary file older than this is left over from a killed rebuild
_STALE_TEMP_S = 600.0


def layer_stamp(conn: sqlite3.Connection, schema: str) -> str:
    """What identifies one stored layer (``schema``: ``""`` or ``"imp."``): a hash of its
    ``meta`` table (a build or an import rewrites it) and of the index format version."""
    rows = conn.execute(f"SELECT key, value FROM {schema}meta").fetchall()
    text = f"name index v{VERSION}\n{sorted(rows)}"
    return hashlib.sha256(text.encode()).hexdigest()[:16]


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
    try:
        return NameIndex(index_path(layer_file, stamp), stamp)
    except (OSError, IndexDamagedError):
        pass
    return rebuild_index(conn, layer_file, schema=schema, columns=columns)


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
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as out:
            write_index(conn, out, stamp=stamp, schema=schema, columns=columns)
            out.flush()
            os.fsync(out.fileno())
        os.chmod(tmp, 0o644)  # as the home's other files (mkstemp makes it 0600)
        NameIndex(Path(tmp), stamp, verify=True).close()  # only a whole index is renamed
        os.replace(tmp, path)
    finally:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
    _remove_old(path)
    return NameIndex(path, stamp)


def _remove_old(keep: Path) -> None:
    """The layer's other indexes, and temporary files no rebuild is writing any more."""
    now = time.time()
    stem = keep.name.rsplit("-", 1)[0]  # "base-names"
    for old in keep.parent.glob(f"{stem}-*.idx"):
        if old != keep:
            with contextlib.suppress(OSError):
                old.unlink()
    for tmp in keep.parent.glob(f".{stem}-*.idx.*.tmp"):
        with contextlib.suppress(OSError):
            if now - tmp.stat().st_mtime > _STALE_TEMP_S:
                tmp.unlink()
