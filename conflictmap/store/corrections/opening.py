"""Opening the corrections file: checked once, switched to WAL, migrated.

A read (the gazetteer's corrections, ``history``, ``export``) needs no write, so
where the file or its folder cannot be written (a read-only home) it opens the
file read-only instead: ``mode=ro``, and ``immutable=1`` when there is no
``-wal`` file (SQLite could not create the ``-shm`` file it would need).

Examples
--------
>>> import tempfile
>>> from pathlib import Path
>>> folder = tempfile.TemporaryDirectory()
>>> path = Path(folder.name) / "c.sqlite"
>>> with open_store(path, 1.0, check=True) as conn:
...     conn.execute("PRAGMA journal_mode").fetchone()[0]
'wal'
>>> with open_store(path, 1.0, check=True, write=False) as conn:
...     conn.execute("SELECT COUNT(*) FROM history").fetchone()[0]
0
>>> folder.cleanup()
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import quote

from conflictmap.errors import GazetteerCorruptError, GazetteerError
from conflictmap.store.corrections.connection import (
    connect,
    failed,
    is_corruption,
    move_aside,
    set_wal,
)
from conflictmap.store.corrections.migrations import MIGRATIONS, applied, migrate

__all__ = ["open_store", "writable"]


def writable(path: Path) -> bool:
    """True when SQLite may write ``path`` and create its ``-wal``/``-shm`` files."""
    folder = path.parent
    if not os.access(folder, os.W_OK):
        return False
    return not path.exists() or os.access(path, os.W_OK)


@contextmanager
def open_store(
    path: Path, timeout: float, *, check: bool, write: bool = True
) -> Iterator[sqlite3.Connection]:
    """A migrated connection (``check``: run ``PRAGMA quick_check`` first).

    ``write=False`` promises no write: where the file cannot be written the
    connection is read-only. A corrupt file is moved aside (left in place when
    read-only) and reported with :class:`~conflictmap.errors.GazetteerCorruptError`;
    any other SQLite error becomes one clear :class:`~conflictmap.errors.GazetteerError`.
    """
    read_only = not write and path.exists() and not writable(path)
    conn = _connect_read_only(path, timeout) if read_only else connect(path, timeout)
    try:
        try:
            conn.execute(f"PRAGMA busy_timeout = {int(timeout * 1000)}")
            if check:
                _quick_check(conn)
            if read_only:
                _check_migrated(conn, path)
            else:
                set_wal(conn, timeout)
                conn.execute("PRAGMA synchronous = FULL")
                migrate(conn, path=path, timeout=timeout)
            yield conn
        except sqlite3.DatabaseError as error:
            if is_corruption(error):
                conn.close()
                if read_only:
                    raise GazetteerCorruptError(
                        f"{path}: corrupt ({error}); the folder is read-only, so it was "
                        "left in place: move it away"
                    ) from None
                raise move_aside(path, error) from None
            raise failed(path, timeout, error) from None
    finally:
        conn.close()


def _connect_read_only(path: Path, timeout: float) -> sqlite3.Connection:
    """The file opened read-only: immutable unless a ``-wal`` file holds recent writes."""
    wal = Path(f"{path}-wal")
    uri = f"file:{quote(str(path.resolve()))}?mode=ro"
    if not wal.exists():
        uri += "&immutable=1"
    try:
        return sqlite3.connect(
            uri, uri=True, timeout=timeout, isolation_level=None, check_same_thread=False
        )
    except sqlite3.Error as error:
        raise GazetteerError(f"{path}: cannot open the corrections file ({error})") from None


def _quick_check(conn: sqlite3.Connection) -> None:
    rows = conn.execute("PRAGMA quick_check").fetchall()
    if [r[0] for r in rows] != ["ok"]:
        detail = "; ".join(str(r[0]) for r in rows[:3])
        raise sqlite3.DatabaseError(f"database disk image is malformed ({detail})")


def _check_migrated(conn: sqlite3.Connection, path: Path) -> None:
    """Refuse, in one line, a read-only file this version cannot read as it is
    (another database, or one written by a newer conflictmap)."""
    known = {m.name for m in MIGRATIONS}
    done = applied(conn)
    if done is None:
        raise GazetteerError(f"{path}: not a conflictmap corrections file")
    if done - known:
        raise GazetteerError(
            f"{path}: written by a newer conflictmap (migration {sorted(done - known)[0]}); "
            "upgrade conflictmap to use it"
        )
    # A missing later migration only adds tables; reading treats them as empty
    # (state.read_state), so a read-only file from an older conflictmap still reads.
