"""The bulk load of place dumps: places written in file order, name keys merged once, sorted.

Writing each name key of a dump row straight into the layer costs a random insert
into the ``names`` B-tree (keyed by the folded name), and once that tree outgrows
SQLite's page cache every insert reads pages back. Instead:

* places go into the layer batch by batch, in file order (the dumps are sorted by
  id, so the ``places`` B-tree is written left to right); a row whose id the layer
  already holds loses the names its earlier dump row gave it, and keeps those from
  ``alternateNamesV2`` and admin-code files (flag :data:`~.base.AUX_NAME`);
* the name keys of a batch of rows are appended to a staging table as two JSON
  objects mapping each key to its row's id, the rows' own names and their other
  names (``load.rows``, one row per batch, numbered by its first and last dump row,
  in a file attached next to the temporary layer, so an insert is an append), and
  merged into ``names`` once, when the call's dumps are read: unpacked by
  ``json_each`` (which gives every member, a key repeated by several rows too) and
  sorted by key, so that the tree is written left to right. Keys staged for a row
  that a later row of the same call replaced are left out (``temp.replaced``; a
  row whose id another row of its batch has is staged on its own, :func:`staged_batch`);
* into an empty layer (a first import), the secondary indexes are dropped at the
  first row and built after the merge, from the loaded tables;
* for big dumps, a second process stages the name keys (:mod:`.worker`) while this
  one writes the places;
* the index of names by place (``names_rid``), which no lookup uses, is built only
  when an import first replaces rows the layer already holds (it finds the names to
  drop), and kept from then on.

The staging file is removed with the temporary layer.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any

from conflictmap.store.basebuild.writer import OWN_NAME
from conflictmap.store.geonames.base import AUX_NAME, ProgressFn
from conflictmap.store.geonames.layer import PLACE_SQL
from conflictmap.store.schema import LAYER_SCHEMA
from conflictmap.tuning.imports import IMPORT

if TYPE_CHECKING:
    from conflictmap.store.geonames.worker import FileCount, Worker

__all__ = [
    "LOAD_ROWS",
    "NAMES_RID",
    "SORTED_DONE",
    "SORTED_NAMES",
    "BulkLoad",
    "json_keys",
    "staged_batch",
    "staged_keys",
]

#: the staging table (in the database attached as ``load``): one row per batch of
#: dump rows (the numbers of its first and last row; :func:`staged_batch`), its
#: rows' name keys as two JSON objects mapping each key to its row's id (own names,
#: other names)
LOAD_ROWS = (
    "CREATE TABLE IF NOT EXISTS load.rows "
    "(first INTEGER NOT NULL, last INTEGER NOT NULL, own TEXT NOT NULL, alt TEXT NOT NULL)"
)
#: the rows of the call that a later row replaced (the import's own: a worker
#: process may be writing ``load``)
_REPLACED = "CREATE TEMP TABLE IF NOT EXISTS replaced (rid INTEGER NOT NULL, seq INTEGER NOT NULL)"

#: the index of names by place, which only an import that replaces rows needs
NAMES_RID = "CREATE INDEX IF NOT EXISTS names_rid ON names(rid)"

#: the layer's other secondary indexes, dropped while a first import loads
_INDEXES = tuple(
    line.strip().rstrip(";")
    for line in LAYER_SCHEMA.splitlines()
    if line.strip().startswith("CREATE INDEX") and line.strip().rstrip(";") != NAMES_RID
)

_OWN = int(OWN_NAME)

#: the staged keys of the rows that no later row of the call replaced, with their flags
_STAGED = (
    "SELECT j.key AS key, j.value AS rid, {flags} AS flags "
    "FROM {schema}.rows r, json_each(r.{column}) j{live}"
)
_LIVE = " WHERE NOT EXISTS (SELECT 1 FROM temp.replaced x WHERE x.rid = j.value AND x.seq > r.last)"

#: the staged keys sorted by a :class:`~.worker.Worker` (in ``load``), ready to be
#: copied into an empty ``names``: the same table, so that SQLite copies its pages
SORTED_NAMES = (
    "CREATE TABLE IF NOT EXISTS load.sorted "
    + (LAYER_SCHEMA.split("CREATE TABLE IF NOT EXISTS names ", 1)[1].split(";", 1)[0])
)
#: the table, in ``load``, of the keys a worker sorted (one row when it did)
SORTED_DONE = "CREATE TABLE IF NOT EXISTS load.sorted_done (names INTEGER NOT NULL)"


def staged_keys(schema: str, live: str = "") -> str:
    """The staged keys of ``schema.rows`` (``live``: :data:`_LIVE` or nothing), as
    ``key, rid, flags`` rows."""
    own = _STAGED.format(flags=_OWN, column="own", live=live, schema=schema)
    alt = _STAGED.format(flags=0, column="alt", live=live, schema=schema)
    return f"{own} UNION ALL {alt}"


def json_keys(keys: list[str]) -> str | None:
    """A JSON array of folded keys (``None`` for none).

    Folded keys are letters and digits only (``tests/test_folding_reference.py``
    checks every character), so no key needs escaping.

    Examples
    --------
    >>> json_keys(["kona", "kɔnna"]), json_keys([])
    ('["kona","kɔnna"]', None)
    """
    return '["' + '","'.join(keys) + '"]' if keys else None


def _members(rows: Iterable[tuple[int, list[str]]]) -> str:
    """A JSON object mapping each of the keys to its row's id."""
    return (
        "{"
        + ",".join('"' + f'":{rid},"'.join(keys) + f'":{rid}' for rid, keys in rows if keys)
        + "}"
    )


def staged_batch(
    first: int, rids: list[int], keys: Sequence[tuple[list[str], list[str]]]
) -> list[tuple[int, int, str, str]]:
    """The staging rows of a batch of dump rows numbered from ``first``: ids ``rids``,
    their own keys and their other keys (:data:`LOAD_ROWS`).

    One row for the batch; a row whose id another row of the batch has gets a row of
    its own (numbered as itself), so that what replaced it is found by its number as
    for any row. Folded keys need no escaping (:func:`json_keys`).

    Examples
    --------
    >>> staged_batch(7, [5, 9], [(["kona"], ["konna"]), (["gao"], [])])
    [(7, 8, '{"kona":5,"gao":9}', '{"konna":5}')]
    >>> staged_batch(7, [5, 9, 5], [(["kona"], []), (["gao"], []), (["kona"], [])])[1:]
    [(7, 7, '{"kona":5}', '{}'), (9, 9, '{"kona":5}', '{}')]
    """
    rows = list(zip(rids, keys, strict=True))
    alone: list[int] = []
    if len(set(rids)) < len(rids):
        seen: dict[int, int] = {}
        for rid in rids:
            seen[rid] = seen.get(rid, 0) + 1
        alone = [index for index, rid in enumerate(rids) if seen[rid] > 1]
        rows = [row for row in rows if seen[row[0]] == 1]
    out = [
        (first, first + len(rids) - 1, _members((r, o) for r, (o, _) in rows),
         _members((r, a) for r, (_, a) in rows))
    ]  # fmt: skip
    for index in alone:
        own, alt = keys[index]
        rid, seq = rids[index], first + index
        out.append((seq, seq, _members([(rid, own)]), _members([(rid, alt)])))
    return out


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
    worker : Worker, optional
        The process staging the name keys of this call's dumps (then ``load`` is
        not touched until it has finished, and :meth:`add` stages no keys).
    """

    def __init__(
        self, conn: sqlite3.Connection, existing: Any, worker: Worker | None = None
    ) -> None:
        self.conn = conn
        self.existing = existing
        self.worker = worker
        #: what the worker staged of each file, once it has finished
        self.counted: list[FileCount] = []
        if worker is None:
            conn.execute(LOAD_ROWS)
        conn.execute(_REPLACED)
        self.fresh = bool(conn.execute("SELECT NOT EXISTS (SELECT 1 FROM places)").fetchone()[0])
        self.dropped = False
        self.places: list[tuple[Any, ...]] = []
        self.rows: list[tuple[list[str], list[str]]] = []
        self.seq = 0
        #: the sum of the ids added (to compare with the worker's)
        self.ids = 0
        self.staged = 0

    def add(self, place: tuple[Any, ...], own: list[str], alt: list[str]) -> None:
        """One place row (``place[0]`` is its id), its own name keys and its other keys."""
        if self.fresh and not self.dropped:
            for statement in (NAMES_RID, *_INDEXES):
                self.conn.execute(f"DROP INDEX IF EXISTS main.{_index_name(statement)}")
            self.dropped = True
        self.seq += 1
        self.ids += place[0]
        self.places.append(place)
        if self.worker is None:
            self.rows.append((own, alt))
        if len(self.places) >= IMPORT.batch_rows:
            self.flush()

    def flush(self) -> None:
        """Write the buffered places, and stage their name keys."""
        if not self.places:
            return
        conn = self.conn
        first = self.seq - len(self.places) + 1
        old = self.existing(p[0] for p in self.places)
        if old and not self.fresh:  # (a fresh layer's names are all still staged)
            # The names of a place by its id: built once, when a first row is replaced.
            conn.execute(NAMES_RID)
            ids = [(rid,) for rid in old]
            # The dump row defines its own names: drop the ones an earlier import of
            # this row wrote, keep those from alternateNames and admin-code files.
            conn.executemany(f"DELETE FROM names WHERE rid = ? AND (flags & {AUX_NAME}) = 0", ids)
            conn.executemany(
                f"UPDATE names SET flags = {AUX_NAME} WHERE rid = ? AND flags <> {AUX_NAME}", ids
            )
        if old:
            conn.executemany(
                "INSERT INTO temp.replaced VALUES (?, ?)",
                ((p[0], first + i) for i, p in enumerate(self.places) if p[0] in old),
            )
        conn.executemany(PLACE_SQL, self.places)
        if self.worker is None:
            staged = staged_batch(first, [p[0] for p in self.places], self.rows)
            conn.executemany("INSERT INTO load.rows VALUES (?,?,?,?)", staged)
            self.staged += len(self.rows)
        self.places.clear()
        self.rows.clear()

    def merge(self, progress: ProgressFn | None) -> None:
        """Write the staged name keys into the layer (and its indexes, if dropped).

        The places' indexes are built first: a worker may still be staging (and
        sorting) the names meanwhile.
        """
        self.flush()
        conn = self.conn
        if self.dropped:
            if progress is not None:
                progress("indexing", 0, 0)
            for statement in _INDEXES:
                conn.execute(statement)
            self.dropped = False
        if self.worker is not None:
            self.counted, presorted = self.worker.finish(conn)
            self.worker = None
            self.staged = sum(counted.rows for counted in self.counted)
            if presorted and self._copy_sorted(progress):
                self.staged = 0
        if self.staged:
            if progress is not None:
                progress("writing the names", 0, 0)
            conn.execute("CREATE INDEX IF NOT EXISTS temp.replaced_rid ON replaced (rid, seq)")
            replaced = conn.execute("SELECT EXISTS (SELECT 1 FROM temp.replaced)").fetchone()[0]
            staged = staged_keys("load", _LIVE if replaced else "")
            # A row's keys are unique: only the layer's own rows can conflict.
            conn.execute(
                f"INSERT INTO names (key, rid, flags) SELECT key, rid, flags FROM ({staged}) "
                "WHERE true ORDER BY key, rid "
                "ON CONFLICT (key, rid) DO UPDATE SET flags = flags | excluded.flags"
            )
            conn.execute("DELETE FROM load.rows")
            conn.execute("DELETE FROM temp.replaced")
            self.staged = 0
        self.fresh = False

    def _copy_sorted(self, progress: ProgressFn | None) -> bool:
        """Copy the keys the worker sorted into ``names``, if nothing can conflict:
        ``names`` is empty and no row of the call was replaced (the worker sorts only
        rows of rising ids, into a layer that held no place)."""
        conn = self.conn
        clash = conn.execute(
            "SELECT EXISTS (SELECT 1 FROM main.names) OR EXISTS (SELECT 1 FROM temp.replaced)"
        ).fetchone()[0]
        if clash:
            return False
        if progress is not None:
            progress("writing the names", 0, 0)
        conn.execute("INSERT INTO main.names SELECT * FROM load.sorted")
        conn.execute("DELETE FROM load.rows")
        return True
