"""SQLite plumbing of the corrections file: connecting, WAL, transactions, corruption.

Every write is one short ``BEGIN IMMEDIATE`` transaction (:func:`transaction`) in
WAL mode; a read that runs several SELECTs runs them in one read transaction
(:func:`snapshot`). A corrupt file is moved aside, never overwritten
(:func:`move_aside`).

Examples
--------
>>> import sqlite3
>>> conn = sqlite3.connect(":memory:", isolation_level=None)
>>> with transaction(conn, 1.0):
...     _ = conn.execute("CREATE TABLE t (x)")
>>> conn.in_transaction
False
>>> is_corruption(sqlite3.DatabaseError("file is not a database"))
True
"""

from __future__ import annotations

import json
import os
import random
import sqlite3
import time
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from conflictmap.errors import GazetteerCorruptError, GazetteerError

__all__ = [
    "connect",
    "dumps",
    "failed",
    "is_corruption",
    "move_aside",
    "now",
    "set_wal",
    "snapshot",
    "transaction",
]

_SQLITE_CORRUPT = 11
_SQLITE_NOTADB = 26


def now() -> str:
    """The current UTC time, to the microsecond, as ISO 8601 with a ``Z``."""
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def dumps(value: Any) -> str:
    """Compact, key-sorted JSON (how cells and history rows are stored)."""
    return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def is_corruption(error: sqlite3.DatabaseError) -> bool:
    """True when SQLite says the file is damaged or not a database at all."""
    code = getattr(error, "sqlite_errorcode", None)
    if code is not None:
        return (code & 0xFF) in (_SQLITE_CORRUPT, _SQLITE_NOTADB)
    text = str(error).lower()  # an error made without a code (not raised by sqlite3)
    return "malformed" in text or "not a database" in text


def connect(path: Path, timeout: float) -> sqlite3.Connection:
    """Open (creating the folder if needed) the corrections file in autocommit mode."""
    if path.is_dir():
        raise GazetteerError(f"{path}: is a folder, not a corrections file")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise GazetteerError(
            f"{path.parent}: cannot create the folder ({error.strerror or error})"
        ) from None
    try:
        conn = sqlite3.connect(path, timeout=timeout, isolation_level=None, check_same_thread=False)
    except sqlite3.Error as error:
        raise GazetteerError(f"{path}: cannot open the corrections file ({error})") from None
    return conn


def failed(path: Path, timeout: float, error: sqlite3.Error) -> GazetteerError:
    """One clear line for an SQLite error that is not corruption."""
    text = str(error)
    if "locked" in text or "busy" in text:
        return GazetteerError(
            f"{path}: busy: another process kept it locked for over {timeout:g} s"
        )
    if "readonly" in text or "read-only" in text:
        return GazetteerError(f"{path}: cannot write the corrections file ({text})")
    return GazetteerError(f"{path}: {text}")


def set_wal(conn: sqlite3.Connection, timeout: float) -> None:
    """Switch the file to WAL mode (waiting up to ``timeout`` s for other connections)."""
    mode = conn.execute("PRAGMA journal_mode").fetchone()[0]
    if str(mode).lower() == "wal":
        return
    deadline = time.monotonic() + timeout
    while True:
        try:
            conn.execute("PRAGMA journal_mode = WAL").fetchone()
            return
        except sqlite3.OperationalError as error:
            if "locked" not in str(error) or time.monotonic() > deadline:
                raise
            time.sleep(0.01)


def move_aside(path: Path, error: sqlite3.Error) -> GazetteerCorruptError:
    """Move the corrupt file (and its WAL) aside and describe it."""
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    aside = path.with_name(f"{path.name}.corrupt-{stamp}")
    count = 1
    while aside.exists():
        count += 1
        aside = path.with_name(f"{path.name}.corrupt-{stamp}-{count}")
    try:
        os.rename(path, aside)
    except FileNotFoundError:
        return GazetteerCorruptError(
            f"{path}: corrupt ({error}); another process already moved it aside"
        )
    except OSError as move:
        return GazetteerCorruptError(
            f"{path}: corrupt ({error}); could not move it aside "
            f"({move.strerror or move}): move or delete it yourself"
        )
    for suffix in ("-wal", "-shm"):
        extra = Path(f"{path}{suffix}")
        if extra.exists():
            # the main file is aside already; a stray -shm is harmless
            with suppress(OSError):
                os.rename(extra, f"{aside}{suffix}")
    return GazetteerCorruptError(
        f"{path}: corrupt ({error}); kept as {aside.name}, a new empty "
        "corrections file will be started"
    )


@contextmanager
def transaction(conn: sqlite3.Connection, timeout: float) -> Iterator[None]:
    """``BEGIN IMMEDIATE`` … ``COMMIT``: takes the write lock up front (waiting for it)."""
    _begin(conn, timeout)
    try:
        yield
    except BaseException:
        with suppress(sqlite3.Error):  # if the connection is gone, SQLite rolled back
            conn.execute("ROLLBACK")
        raise
    conn.execute("COMMIT")


def _begin(conn: sqlite3.Connection, timeout: float) -> None:
    """Take the write lock, polling every few milliseconds for up to ``timeout`` s.

    SQLite's own busy handler backs off to sleeps of 25–100 ms, so a process that
    writes in a loop can starve another for its whole run; short random polls let
    writers take turns.
    """
    deadline = time.monotonic() + timeout
    conn.execute("PRAGMA busy_timeout = 0")
    try:
        while True:
            try:
                conn.execute("BEGIN IMMEDIATE")
                return
            except sqlite3.OperationalError as error:
                if "locked" not in str(error) or time.monotonic() > deadline:
                    raise
                time.sleep(random.uniform(0.0005, 0.003))
    finally:
        conn.execute(f"PRAGMA busy_timeout = {int(timeout * 1000)}")


@contextmanager
def snapshot(conn: sqlite3.Connection) -> Iterator[None]:
    """A read transaction: several SELECTs see one state, whatever other writers do."""
    if conn.in_transaction:
        yield
        return
    conn.execute("BEGIN")
    try:
        yield
    finally:
        conn.execute("COMMIT")
