"""The corrections file's schema, as named migrations recorded in the file.

Each :class:`Migration` is applied once, in order, and recorded in a
``_migrations`` table (``migration_set``, ``name``, ``applied_at``, as sqlite-utils
does); :func:`migrate` applies the missing ones in one transaction. Never edit a
published migration: append a new one.

Examples
--------
>>> import sqlite3
>>> conn = sqlite3.connect(":memory:", isolation_level=None)
>>> migrate(conn, path="mem", timeout=1.0)
>>> sorted(applied(conn) or ())
['m001_initial', 'm002_scoped', 'm003_scoped_aliases']
>>> conn.execute("PRAGMA user_version").fetchone()[0] == len(MIGRATIONS)
True
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass

from conflictmap.errors import GazetteerError
from conflictmap.store.corrections.connection import now, transaction

__all__ = ["MIGRATIONS", "MIGRATION_SET", "Migration", "applied", "migrate", "schema_of"]

#: ``migration_set`` of this store's rows in ``_migrations``
MIGRATION_SET = "conflictmap.corrections"


@dataclass(frozen=True, slots=True)
class Migration:
    """One named, ordered schema step; applied once, recorded in ``_migrations``."""

    name: str
    statements: tuple[str, ...]


#: The schema, as the ordered migrations that build it. Never edit a published
#: migration: append a new one.
MIGRATIONS: tuple[Migration, ...] = (
    Migration(
        "m001_initial",
        (
            "CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)",
            # The append-only log. `changes` is a JSON list of
            # {"table", "key", "before", "after"}: every cell the correction changed.
            """CREATE TABLE history (
                id INTEGER PRIMARY KEY AUTOINCREMENT,
                at TEXT NOT NULL,
                action TEXT NOT NULL,
                args TEXT NOT NULL,
                summary TEXT NOT NULL,
                changes TEXT NOT NULL,
                undoes INTEGER REFERENCES history(id)
            )""",
            "CREATE INDEX history_undoes ON history(undoes)",
            """CREATE TRIGGER history_no_update BEFORE UPDATE ON history
               BEGIN SELECT RAISE(ABORT, 'the correction history is append-only'); END""",
            """CREATE TRIGGER history_no_delete BEFORE DELETE ON history
               BEGIN SELECT RAISE(ABORT, 'the correction history is append-only'); END""",
            # The state the history adds up to (kept in the same transactions).
            "CREATE TABLE places (pid TEXT PRIMARY KEY, value TEXT NOT NULL)",
            """CREATE TABLE aliases (key TEXT NOT NULL, pid TEXT NOT NULL, value TEXT NOT NULL,
                                     PRIMARY KEY (key, pid))""",
            "CREATE INDEX aliases_pid ON aliases(pid)",
            "CREATE TABLE prefer (key TEXT PRIMARY KEY, value TEXT NOT NULL)",
            "CREATE TABLE reject (key TEXT PRIMARY KEY, value TEXT NOT NULL)",
            "INSERT INTO meta VALUES ('next_place', '1')",
        ),
    ),
    # Issue 17: preferences and rejections that hold in one scope only
    # (``article:<id>`` or ``country:CC``; see conflictmap.store.scopes). Corrections
    # for everywhere stay in ``prefer`` and ``reject``.
    Migration(
        "m002_scoped",
        (
            """CREATE TABLE scoped_prefer (scope TEXT NOT NULL, key TEXT NOT NULL,
                                           value TEXT NOT NULL, PRIMARY KEY (scope, key))""",
            """CREATE TABLE scoped_reject (scope TEXT NOT NULL, key TEXT NOT NULL,
                                           value TEXT NOT NULL, PRIMARY KEY (scope, key))""",
        ),
    ),
    # Issue 17: aliases that hold in one scope only (``alias --scope``). Region
    # scopes (``region:CC.ADMIN1``) need no schema change: a scope is text.
    Migration(
        "m003_scoped_aliases",
        (
            """CREATE TABLE scoped_aliases (scope TEXT NOT NULL, key TEXT NOT NULL,
                                            pid TEXT NOT NULL, value TEXT NOT NULL,
                                            PRIMARY KEY (scope, key, pid))""",
            "CREATE INDEX scoped_aliases_pid ON scoped_aliases(pid)",
        ),
    ),
)


def applied(conn: sqlite3.Connection) -> set[str] | None:
    """Names of the migrations recorded in the file (``None``: no ``_migrations`` table)."""
    exists = conn.execute(
        "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = '_migrations'"
    ).fetchone()
    if not exists:
        return None
    rows = conn.execute(
        "SELECT name FROM _migrations WHERE migration_set = ?", (MIGRATION_SET,)
    ).fetchall()
    return {r[0] for r in rows}


def migrate(conn: sqlite3.Connection, *, path: object, timeout: float) -> None:
    """Apply the migrations the file lacks, in one transaction (nothing if none).

    Raises :class:`~conflictmap.errors.GazetteerError` for a file that is some
    other database, or one written by a newer conflictmap.
    """
    known = [m.name for m in MIGRATIONS]
    if applied(conn) == set(known):
        return
    with transaction(conn, timeout):
        done = applied(conn)
        if done is None:
            _start(conn, path)
            done = set()
        unknown = sorted(done - set(known))
        if unknown:
            raise GazetteerError(
                f"{path}: written by a newer conflictmap (migration {unknown[0]}); "
                "upgrade conflictmap to use it"
            )
        for migration in MIGRATIONS:
            if migration.name in done:
                continue
            for statement in migration.statements:
                conn.execute(statement)
            conn.execute(
                "INSERT INTO _migrations VALUES (?, ?, ?)",
                (MIGRATION_SET, migration.name, now()),
            )
        conn.execute(f"PRAGMA user_version = {len(known)}")
        if conn.execute("SELECT 1 FROM meta WHERE key = 'created_at'").fetchone() is None:
            conn.execute("INSERT INTO meta VALUES ('created_at', ?)", (now(),))


def _start(conn: sqlite3.Connection, path: object) -> None:
    """Create ``_migrations`` in an empty file; refuse a file holding other tables."""
    others = [
        r[0]
        for r in conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
        )
    ]
    if others:
        raise GazetteerError(
            f"{path}: not a conflictmap corrections file (it holds "
            f"{', '.join(sorted(others)[:3])}); move it away"
        )
    conn.execute(
        "CREATE TABLE _migrations (migration_set TEXT NOT NULL, name TEXT NOT NULL, "
        "applied_at TEXT NOT NULL, PRIMARY KEY (migration_set, name))"
    )


def schema_of(conn: sqlite3.Connection) -> dict[str, object]:
    """The schema version and the migrations recorded in the file."""
    version = conn.execute("PRAGMA user_version").fetchone()[0]
    rows = conn.execute(
        "SELECT migration_set, name, applied_at FROM _migrations ORDER BY rowid"
    ).fetchall()
    return {
        "user_version": version,
        "journal_mode": "wal",
        "migrations": [{"migration_set": s, "name": n, "applied_at": a} for s, n, a in rows],
    }
