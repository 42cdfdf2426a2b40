"""Opening the corrections file: checked once, switched to WAL, migrated.

Examples
--------
>>> import tempfile
>>> from pathlib import Path
>>> folder = tempfile.TemporaryDirectory()
>>> with open_store(Path(folder.name) / "c.sqlite", 1.0, check=True) as conn:
...     conn.execute("PRAGMA journal_mode").fetchone()[0]
'wal'
>>> folder.cleanup()
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from conflictmap.store.corrections.connection import (
    connect,
    failed,
    is_corruption,
    move_aside,
    set_wal,
)
from conflictmap.store.corrections.migrations import migrate

__all__ = ["open_store"]


@contextmanager
def open_store(path: Path, timeout: float, *, check: bool) -> Iterator[sqlite3.Connection]:
    """A migrated connection (``check``: run ``PRAGMA quick_check`` first).

    A corrupt file is moved aside and reported with
    :class:`~conflictmap.errors.GazetteerCorruptError`; any other SQLite error
    becomes one clear :class:`~conflictmap.errors.GazetteerError`.
    """
    conn = connect(path, timeout)
    try:
        try:
            conn.execute(f"PRAGMA busy_timeout = {int(timeout * 1000)}")
            if check:
                rows = conn.execute("PRAGMA quick_check").fetchall()
                if [r[0] for r in rows] != ["ok"]:
                    detail = "; ".join(str(r[0]) for r in rows[:3])
                    raise sqlite3.DatabaseError(f"database disk image is malformed ({detail})")
            set_wal(conn, timeout)
            conn.execute("PRAGMA synchronous = FULL")
            migrate(conn, path=path, timeout=timeout)
            yield conn
        except sqlite3.DatabaseError as error:
            if is_corruption(error):
                conn.close()
                raise move_aside(path, error) from None
            raise failed(path, timeout, error) from None
    finally:
        conn.close()
