"""The state the history adds up to: reading and writing its cells, replaying it.

The state is the tables of :data:`~conflictmap.store.corrections.base.TABLES`
(``places``, ``aliases``, ``prefer``, ``reject`` and their scoped kin), each cell a
JSON object. A write plans its changes in a :class:`Plan` inside its
transaction; the history (:func:`history`) records them, and :func:`replay_problems`
checks that replaying the history from nothing gives the current state.

Examples
--------
>>> import sqlite3
>>> from conflictmap.store.corrections.migrations import migrate
>>> conn = sqlite3.connect(":memory:", isolation_level=None)
>>> migrate(conn, path="mem", timeout=1.0)
>>> plan = Plan(conn)
>>> plan.ensure("reject", ("hagel",), {"name": "Hagel"})
>>> [(c.table, c.key, c.after) for c in plan.changes()]
[('reject', ('hagel',), {'name': 'Hagel'})]
"""

from __future__ import annotations

import sqlite3
import sys
import uuid
import warnings
from collections.abc import Mapping, Sequence
from typing import Any, cast

from conflictmap.errors import CorrectionError, CorrectionWarning
from conflictmap.store.corrections.base import (
    FEATURE_OF_KIND,
    TABLES,
    CellKey,
    Change,
    Correction,
    Value,
)
from conflictmap.store.corrections.cells import cell_problem, decode, history_row
from conflictmap.store.corrections.connection import dumps, now, snapshot
from conflictmap.text.folding import fold

__all__ = [
    "PlaceIndex",
    "Plan",
    "State",
    "append_history",
    "check_references",
    "history",
    "new_place_id",
    "pid_order",
    "place_value",
    "plan_undo",
    "read_state",
    "replay_problems",
    "require_user_place",
    "undo_target",
    "write_cell",
]

#: table -> cell key -> value
State = dict[str, dict[CellKey, Value]]


class Plan:
    """The cells one correction changes, read and written inside its transaction."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn
        self._before: dict[tuple[str, CellKey], Value | None] = {}
        self._after: dict[tuple[str, CellKey], Value | None] = {}
        #: the history row this write undoes, if it is an undo
        self.undoes: int | None = None

    def get(self, table: str, key: CellKey) -> Value | None:
        cell = (table, key)
        if cell in self._after:
            return self._after[cell]
        return _read_cell(self.conn, table, key)

    def set(self, table: str, key: CellKey, value: Value | None) -> None:
        cell = (table, key)
        if cell not in self._before:
            self._before[cell] = _read_cell(self.conn, table, key)
        self._after[cell] = value

    def ensure(self, table: str, key: CellKey, value: Value) -> None:
        """Set the cell only if it is absent (keeps the first spelling of an alias)."""
        if self.get(table, key) is None:
            self.set(table, key, value)

    def changes(self) -> list[Change]:
        return [
            Change(table, key, self._before[(table, key)], after)
            for (table, key), after in self._after.items()
            if self._before[(table, key)] != after
        ]


def _read_cell(conn: sqlite3.Connection, table: str, key: CellKey) -> Value | None:
    columns = TABLES[table]
    where = " AND ".join(f"{c} = ?" for c in columns)
    row = conn.execute(f"SELECT value FROM {table} WHERE {where}", key).fetchone()
    if row is None:
        return None
    value, problem = _checked(table, key, row[0])
    if problem is not None:
        raise CorrectionError(
            f"{table} {list(key)} in the corrections file is damaged ({problem}); "
            "remove that row or restore the file from an export"
        )
    return value


def _checked(table: str, key: CellKey, text: object) -> tuple[Value, str | None]:
    """A stored cell decoded, and what is wrong with it (``None``: nothing)."""
    try:
        value = decode(text)
    except ValueError as error:
        return {}, str(error)
    problem = cell_problem(table, key, value)
    return (cast("Value", value), None) if problem is None else ({}, problem)


def write_cell(conn: sqlite3.Connection, table: str, key: CellKey, value: Value | None) -> None:
    """Store one cell (``None`` deletes it)."""
    columns = TABLES[table]
    if value is None:
        where = " AND ".join(f"{c} = ?" for c in columns)
        conn.execute(f"DELETE FROM {table} WHERE {where}", key)
    else:
        marks = ",".join("?" * (len(columns) + 1))
        conn.execute(
            f"INSERT OR REPLACE INTO {table} ({', '.join(columns)}, value) VALUES ({marks})",
            (*key, dumps(value)),
        )


def new_place_id(conn: sqlite3.Connection) -> str:
    """The next ``user:<n>`` id (the counter moves on inside the write's transaction)."""
    row = conn.execute("SELECT value FROM meta WHERE key = 'next_place'").fetchone()
    number = int(row[0])
    conn.execute("UPDATE meta SET value = ? WHERE key = 'next_place'", (str(number + 1),))
    return f"user:{number}"


def append_history(
    conn: sqlite3.Connection,
    action: str,
    args: Mapping[str, Any],
    summary: str,
    changes: Sequence[Change],
    undoes: int | None,
) -> Correction:
    """Append one row to the history (inside the write's transaction)."""
    at = now()
    cursor = conn.execute(
        "INSERT INTO history (at, action, args, summary, changes, undoes) "
        "VALUES (?, ?, ?, ?, ?, ?)",
        (at, action, dumps(dict(args)), summary,
         dumps([c.to_dict() for c in changes]), undoes),
    )  # fmt: skip
    row_id = cursor.lastrowid
    assert row_id is not None
    return Correction(row_id, at, action, summary, dict(args), tuple(changes), undoes)


def place_value(
    *, name: str, lat: float, lon: float, country: str | None, kind: str, uid: str | None = None
) -> Value:
    """The stored cell of a place the user adds (a fresh ``uid`` unless one is given)."""
    return {
        "name": name,
        "lat": lat,
        "lon": lon,
        "country": country,
        "kind": kind,
        "feature": FEATURE_OF_KIND.get(kind),
        "uid": uid or uuid.uuid4().hex,
        "added_at": now(),
    }


def require_user_place(plan: Plan, pid: str) -> None:
    """Refuse a ``user:`` id this store does not hold (read under the write lock)."""
    if pid.startswith("user:") and plan.get("places", (pid,)) is None:
        raise CorrectionError(
            f"unknown place id {pid!r}: no place the user added has it "
            "(see 'conflictmap gazetteer history')"
        )


def read_state(conn: sqlite3.Connection, *, damaged: list[str] | None = None) -> State:
    """Every sound cell of every state table, read in one snapshot.

    A table the file lacks (a read-only file written before the migration that adds
    it) reads as empty. A damaged cell (hand-edited: not JSON, latitude 999, ...) is
    left out and described in ``damaged``, or in a :class:`~conflictmap.errors.CorrectionWarning`
    when no list is given.
    """
    state: State = {}
    problems: list[str] = []
    with snapshot(conn):
        present = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        for table, columns in TABLES.items():
            if table not in present:  # a read-only file from before a later migration
                state[table] = {}
                continue
            rows = conn.execute(f"SELECT {', '.join(columns)}, value FROM {table}").fetchall()
            cells: dict[CellKey, Value] = {}
            for row in rows:
                key = tuple(row[:-1])
                value, problem = _checked(table, key, row[-1])
                if problem is None:
                    cells[key] = value
                else:
                    problems.append(f"{table} {list(key)}: {problem}")
            state[table] = cells
    if damaged is not None:
        damaged.extend(problems)
        return state
    for problem in problems:
        warnings.warn(f"corrections file: skipped {problem}", CorrectionWarning, stacklevel=2)
    return state


def history(conn: sqlite3.Connection, *, damaged: list[str] | None = None) -> list[Correction]:
    """Every history row, oldest first, each with its status (active, undone, damaged).

    What is damaged in a row (hand-edited) is described in ``damaged`` if given.
    """
    rows = conn.execute(
        "SELECT id, at, action, summary, args, changes, undoes FROM history ORDER BY id"
    ).fetchall()
    undone_by: dict[int, int] = {}
    for row in reversed(rows):  # an undo row is always newer than its target
        row_id, undoes = row[0], row[6]
        if undoes is not None and row_id not in undone_by:
            undone_by.setdefault(undoes, row_id)
    out = []
    for row in rows:
        correction, problem = history_row(row, undone_by.get(row[0]))
        out.append(correction)
        if problem is not None and damaged is not None:
            damaged.append(problem)
    return out


def undo_target(rows: Sequence[Correction], correction_id: int | None) -> Correction:
    """The row an undo reverts (default: the latest active one that is not an undo)."""
    if correction_id is None:
        for row in reversed(rows):
            if row.action != "undo" and row.status == "active":
                return row
        raise CorrectionError("there is no correction to undo")
    for row in rows:
        if row.id == correction_id:
            if row.status == "damaged":
                raise CorrectionError(
                    f"correction #{row.id} is damaged in the corrections file: it cannot be undone"
                )
            if row.status == "undone":
                raise CorrectionError(
                    f"correction #{row.id} is already undone (by #{row.undone_by}); "
                    f"to apply it again: conflictmap gazetteer undo --id {row.undone_by}"
                )
            return row
    raise CorrectionError(f"there is no correction #{correction_id}")


def plan_undo(plan: Plan, correction_id: int | None) -> tuple[Correction, str]:
    """Plan the revert of a correction; the target row and the undo's summary.

    Cells a later correction changed again are left as they are.
    """
    rows = history(plan.conn)
    target = undo_target(rows, correction_id)
    plan.undoes = target.id
    for change in reversed(target.changes):
        if plan.get(change.table, change.key) == change.after:
            plan.set(change.table, change.key, change.before)
    if target.action == "undo" and target.undoes is not None:
        original = next(r for r in rows if r.id == target.undoes)
        return target, f"undid #{target.id}, re-applying #{original.id}: {original.summary}"
    return target, f"undid #{target.id}: {target.summary}"


def check_references(conn: sqlite3.Connection, changes: Sequence[Change]) -> None:
    """Refuse a state where an alias or preference names a user place that is gone."""
    removed = {c.key[0] for c in changes if c.table == "places" and c.after is None}
    state = read_state(conn, damaged=[]) if removed else {}
    for pid in sorted(removed):
        users = [v["name"] for (_key, ref), v in sorted(state["aliases"].items()) if ref == pid]
        users += [v["name"] for key, v in sorted(state["scoped_aliases"].items()) if key[2] == pid]
        for table in ("prefer", "scoped_prefer"):
            users += [v["name"] for v in state[table].values() if v["place"] == pid]
        if users:
            raise CorrectionError(
                f"{pid} is still used by a later correction of {users[0]!r}: undo that one first"
            )


def replay_problems(conn: sqlite3.Connection, rows: Sequence[Correction]) -> list[str]:
    """What differs between the current state and replaying ``rows`` from nothing
    (damaged cells are named first)."""
    problems: list[str] = []
    current_state = read_state(conn, damaged=problems)
    replay: dict[tuple[str, CellKey], Value] = {}
    for row in rows:
        for change in row.changes:
            cell = (change.table, change.key)
            if replay.get(cell) != change.before:
                problems.append(f"#{row.id}: {change.table} {list(change.key)} "
                                "did not hold its recorded 'before' value")  # fmt: skip
            if change.after is None:
                replay.pop(cell, None)
            else:
                replay[cell] = change.after
    current = {
        (table, key): value
        for table, cells in current_state.items()
        for key, value in cells.items()
    }
    differ = [c for c in set(current) | set(replay) if current.get(c) != replay.get(c)]
    if differ:
        problems.append(f"state differs from the replayed history at {len(differ)} cells")
    top = max((int(k[1][0].split(":")[1]) for k in current if k[0] == "places"), default=0)
    counter = int(conn.execute("SELECT value FROM meta WHERE key='next_place'").fetchone()[0])
    if counter <= top:
        problems.append(f"place counter {counter} is not above user:{top}")
    return problems


class PlaceIndex:
    """The stored user places by ``uid`` and by folded name, read once.

    An import matches every place of its file against the stored ones; one index
    keeps that linear in the two counts (a scan per entry decoded 45,150 stored
    cells to replay an import of 300 places: tests/test_hostile_corrections.py).
    """

    def __init__(self, conn: sqlite3.Connection) -> None:
        self._uids: dict[str, str] = {}
        self._names: dict[str, list[tuple[float, float, str]]] = {}
        for pid, text in conn.execute("SELECT pid, value FROM places").fetchall():
            place, problem = _checked("places", (pid,), text)
            if problem is not None:  # a damaged row is nobody's match
                continue
            uid = place.get("uid")
            if isinstance(uid, str):
                self._uids.setdefault(uid, str(pid))
            spot = (float(place["lat"]), float(place["lon"]), str(pid))
            self._names.setdefault(fold(place["name"]), []).append(spot)

    def same_uid(self, uid: str) -> str | None:
        """The user place with this ``uid``, if there is one."""
        return self._uids.get(uid)

    def same_place(self, key: str, lat: float, lon: float) -> str | None:
        """The user place with this folded name at these coordinates, if there is one."""
        for place_lat, place_lon, pid in self._names.get(key, ()):
            if abs(place_lat - lat) < 1e-7 and abs(place_lon - lon) < 1e-7:
                return pid
        return None


def pid_order(pid: str) -> tuple[int, str]:
    """Sort key putting ``user:2`` before ``user:10``."""
    number = pid.partition(":")[2]
    return (int(number) if number.isdigit() else sys.maxsize, pid)
