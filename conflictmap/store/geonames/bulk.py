"""The bulk load of place dumps: places written in file order, name keys merged once, sorted.

Writing each name key of a dump row straight into the layer costs a random insert
into the ``names`` B-tree (keyed by the folded name), and once that tree outgrows
SQLite's page cache every insert reads pages back. Instead:

* places go into the layer batch by batch, in file order (the dumps are sorted by
  id, so the ``places`` B-tree is written left to right); a row whose id the layer
  already holds loses the names its earlier dump row gave it, and keeps those from
  ``alternateNamesV2`` and admin-code files (flag :data:`~.base.AUX_NAME`);
* name keys are appended to a staging table (``load.names``, in a file attached next
  to the temporary layer, with no index, so an insert is an append), and merged into
  ``names`` once, when the call's dumps are read: sorted by key, so that the tree
  is written left to right. Keys staged for a row that a later row of the same
  call replaced are left out (``load.replaced``);
* into an empty layer (a first import), the secondary indexes are dropped at the
  first row and built after the merge, from the loaded tables.

The staging file is removed with the temporary layer.
"""

from __future__ import annotations

import sqlite3
from typing import Any

from conflictmap.store.geonames.base import AUX_NAME, ProgressFn
from conflictmap.store.geonames.layer import PLACE_SQL
from conflictmap.store.schema import LAYER_SCHEMA

__all__ = ["BulkLoad"]

_BATCH = 20_000

#: the staging tables (in the database attached as ``load``)
_LOAD_TABLES = (
    "CREATE TABLE IF NOT EXISTS load.names "
    "(seq INTEGER NOT NULL, key TEXT NOT NULL, rid INTEGER NOT NULL, flags INTEGER NOT NULL)",
    "CREATE TABLE IF NOT EXISTS load.replaced (rid INTEGER NOT NULL, seq INTEGER NOT NULL)",
)

#: the layer's secondary indexes, dropped while a first import loads
_INDEXES = tuple(
    line.strip().rstrip(";")
    for line in LAYER_SCHEMA.splitlines()
    if line.strip().startswith("CREATE INDEX")
)


def _index_name(statement: str) -> str:
    """``names_rid`` from ``CREATE INDEX IF NOT EXISTS names_rid ON names(rid)``."""
    return statement.split("EXISTS", 1)[1].split()[0]


class BulkLoad:
    """Place dump rows of one import call, written in batches and merged once.

    ``executescript`` is never used here: it would commit the open transaction.

    Parameters
    ----------
    conn : sqlite3.Connection
        The layer's connection, with the staging file attached as ``load`` and the
        import's transaction open.
    existing : callable
        The ids, of those given, that the layer's ``places`` holds.
    """

    def __init__(self, conn: sqlite3.Connection, existing: Any) -> None:
        self.conn = conn
        self.existing = existing
        for statement in _LOAD_TABLES:
            conn.execute(statement)
        self.fresh = bool(conn.execute("SELECT NOT EXISTS (SELECT 1 FROM places)").fetchone()[0])
        self.dropped = False
        self.places: list[tuple[Any, ...]] = []
        self.names: list[tuple[int, str, int, int]] = []
        self.seq = 0
        self.staged = 0

    def add(self, place: tuple[Any, ...], keys: dict[str, int]) -> None:
        """One place row (``place[0]`` is its id) and its name keys with their flags."""
        if self.fresh and not self.dropped:
            for statement in _INDEXES:
                self.conn.execute(f"DROP INDEX IF EXISTS main.{_index_name(statement)}")
            self.dropped = True
        self.seq += 1
        seq, rid = self.seq, place[0]
        self.places.append(place)
        self.names += [(seq, key, rid, flags) for key, flags in keys.items()]
        if len(self.places) >= _BATCH:
            self.flush()

    def flush(self) -> None:
        """Write the buffered places, and stage their name keys."""
        if not self.places:
            return
        conn = self.conn
        first = self.seq - len(self.places) + 1
        old = self.existing(p[0] for p in self.places)
        if old:
            ids = [(rid,) for rid in old]
            # The dump row defines its own names: drop the ones an earlier import of
            # this row wrote, keep those from alternateNames and admin-code files.
            conn.executemany(f"DELETE FROM names WHERE rid = ? AND (flags & {AUX_NAME}) = 0", ids)
            conn.executemany(
                f"UPDATE names SET flags = {AUX_NAME} WHERE rid = ? AND flags <> {AUX_NAME}", ids
            )
            conn.executemany(
                "INSERT INTO load.replaced VALUES (?, ?)",
                ((p[0], first + i) for i, p in enumerate(self.places) if p[0] in old),
            )
        conn.executemany(PLACE_SQL, self.places)
        conn.executemany("INSERT INTO load.names VALUES (?,?,?,?)", self.names)
        self.staged += len(self.names)
        self.places.clear()
        self.names.clear()

    def merge(self, progress: ProgressFn | None) -> None:
        """Write the staged name keys into the layer (and its indexes, if dropped)."""
        self.flush()
        conn = self.conn
        if self.staged:
            if progress is not None:
                progress("writing the names", 0, 0)
            conn.execute("CREATE INDEX IF NOT EXISTS load.replaced_rid ON replaced (rid, seq)")
            replaced = conn.execute("SELECT EXISTS (SELECT 1 FROM load.replaced)").fetchone()[0]
            live = (
                " WHERE NOT EXISTS (SELECT 1 FROM load.replaced r "
                "WHERE r.rid = n.rid AND r.seq > n.seq)"
                if replaced
                else " WHERE true"
            )
            # A row's keys are unique (a dict): only the layer's own rows can conflict.
            conn.execute(
                "INSERT INTO names (key, rid, flags) SELECT key, rid, flags "
                f"FROM load.names n{live} ORDER BY key, rid "
                "ON CONFLICT (key, rid) DO UPDATE SET flags = flags | excluded.flags"
            )
            conn.execute("DELETE FROM load.names")
            conn.execute("DELETE FROM load.replaced")
            self.staged = 0
        if self.dropped:
            if progress is not None:
                progress("indexing", 0, 0)
            for statement in _INDEXES:
                conn.execute(statement)
            self.dropped = False
        self.fresh = False
