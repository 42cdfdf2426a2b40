"""The user's corrections: a small SQLite store that never loses a fix.

Corrections live in their own file, ``corrections.sqlite`` in the conflictmap home,
apart from the base and imported layers, so rebuilding or re-importing the
gazetteer never touches them. The store keeps two things:

* the **state** the resolver applies (added places, aliases, preferred places,
  rejected names), read as an :class:`~conflictmap.store.overrides.Overrides`
  snapshot each time a :class:`~conflictmap.store.gazetteer.Gazetteer` opens;
* an append-only **history**: every correction is one row saying what changed,
  when, and each changed cell's value before and after (JSON). ``undo`` appends
  the inverse of an earlier row; it never edits or deletes history. An undone
  correction shows as ``undone``; undoing the undo re-applies it.

Guarantees
----------
* Every write is one short ``BEGIN IMMEDIATE`` transaction in WAL mode with
  ``synchronous=FULL`` and a busy timeout, so several processes may write at once
  and nothing committed is lost, even if a process is killed mid-write.
* The schema is created and upgraded by named migrations, recorded in the file
  (a ``_migrations`` table with ``name`` and ``applied_at``, as sqlite-utils does)
  and applied in one transaction when the file is opened.
* The file is checked (``PRAGMA quick_check``) when opened; a corrupt file is
  moved aside (renamed with a timestamp, never overwritten) and reported with
  :class:`~conflictmap.errors.GazetteerCorruptError`.
* Bad input (coordinates out of range, an unknown place id, an empty name)
  raises :class:`~conflictmap.errors.CorrectionError` and changes nothing.

Examples
--------
>>> import tempfile
>>> from pathlib import Path
>>> folder = tempfile.TemporaryDirectory()
>>> store = CorrectionStore(Path(folder.name) / "corrections.sqlite")
>>> store.add("Ndjolbaye", lat=14.12, lon=-4.21, country="ML").place_id
'user:1'
>>> store.alias("Ndjolbay", "user:1").message
"#2 alias 'Ndjolbay' → user:1"
>>> store.reject("Hagel").correction.id
3
>>> ov = store.overrides()
>>> ov.aliases["ndjolbay"], ov.places["user:1"].layer.value, sorted(ov.reject)
(('user:1',), 'corrections', ['hagel'])
>>> store.undo().message
"#4 undid #3: reject 'Hagel'"
>>> [(c.id, c.action, c.status) for c in store.history()]
[(1, 'add', 'active'), (2, 'alias', 'active'), (3, 'reject', 'undone'), (4, 'undo', 'active')]
>>> folder.cleanup()
"""

from __future__ import annotations

import hashlib
import json
import math
import os
import random
import sqlite3
import sys
import time
import unicodedata
import uuid
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from types import MappingProxyType
from typing import TYPE_CHECKING, Any

from conflictmap.errors import CorrectionError, GazetteerCorruptError, GazetteerError
from conflictmap.model import Layer, Place, PlaceKind
from conflictmap.store.overrides import Overrides
from conflictmap.text.folding import fold

if TYPE_CHECKING:
    from conflictmap.store.gazetteer import Gazetteer

__all__ = [
    "EXPORT_FORMAT",
    "MIGRATIONS",
    "Applied",
    "Change",
    "Correction",
    "CorrectionStore",
    "Migration",
    "StoreCheck",
]

#: the ``format`` marker of an exported corrections file
EXPORT_FORMAT = "conflictmap-corrections"
EXPORT_VERSION = 1
#: ``migration_set`` of this store's rows in ``_migrations``
MIGRATION_SET = "conflictmap.corrections"

#: kinds a user may give an added place (a border is a line, not a pin)
USER_KINDS = tuple(k.value for k in PlaceKind if k is not PlaceKind.BORDER)
_FEATURE_OF_KIND = {
    "capital": "PPLC",
    "city": "PPL",
    "town": "PPL",
    "village": "PPL",
    "spot": "PPLX",
    "district": "ADM2",
    "region": "ADM1",
    "country": "PCLI",
    "continent": "CONT",
}
_MAX_NAME = 200
_MAX_IMPORT_BYTES = 64 * 1024**2
_SQLITE_CORRUPT = 11
_SQLITE_NOTADB = 26


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
)

#: state tables and their key columns
_TABLES: Mapping[str, tuple[str, ...]] = MappingProxyType(
    {"places": ("pid",), "aliases": ("key", "pid"), "prefer": ("key",), "reject": ("key",)}
)

Value = dict[str, Any]
CellKey = tuple[str, ...]


# -- results ---------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Change:
    """One cell of the state, before and after a correction (``None``: absent)."""

    table: str
    key: CellKey
    before: Value | None
    after: Value | None

    def inverse(self) -> Change:
        return Change(self.table, self.key, self.after, self.before)

    def to_dict(self) -> dict[str, Any]:
        return {
            "table": self.table,
            "key": list(self.key),
            "before": self.before,
            "after": self.after,
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Change:
        return cls(data["table"], tuple(data["key"]), data["before"], data["after"])


@dataclass(frozen=True, slots=True)
class Correction:
    """One row of the history.

    ``status`` is ``"active"`` or ``"undone"`` (an active undo row undid it;
    ``undone_by`` names that row).
    """

    id: int
    at: str
    action: str
    summary: str
    args: Mapping[str, Any]
    changes: tuple[Change, ...]
    undoes: int | None = None
    status: str = "active"
    undone_by: int | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "at": self.at,
            "action": self.action,
            "summary": self.summary,
            "status": self.status,
            "undoes": self.undoes,
            "undone_by": self.undone_by,
            "args": dict(self.args),
            "changes": [c.to_dict() for c in self.changes],
        }


@dataclass(frozen=True, slots=True)
class Applied:
    """The outcome of a write: the new history row (``None`` if nothing changed)."""

    correction: Correction | None
    message: str
    place_id: str | None = None

    @property
    def changed(self) -> bool:
        return self.correction is not None


@dataclass(frozen=True, slots=True)
class StoreCheck:
    """What :meth:`CorrectionStore.verify` found."""

    integrity: str
    corrections: int
    problems: tuple[str, ...] = ()

    @property
    def ok(self) -> bool:
        return self.integrity == "ok" and not self.problems


# -- validation --------------------------------------------------------------------


def clean_name(name: object, *, what: str = "name") -> tuple[str, str]:
    """``(name, folded key)`` for a user-given name, or :class:`CorrectionError`.

    Examples
    --------
    >>> clean_name("  Ségou  ")
    ('Ségou', 'segou')
    >>> clean_name("--")
    Traceback (most recent call last):
    ...
    conflictmap.errors.CorrectionError: the name '--' has no letters or digits
    """
    if not isinstance(name, str):
        raise CorrectionError(f"the {what} must be text, not {type(name).__name__}")
    text = " ".join(unicodedata.normalize("NFC", name).split())
    if not text:
        raise CorrectionError(f"the {what} is empty")
    if len(text) > _MAX_NAME:
        raise CorrectionError(f"the {what} is longer than {_MAX_NAME} characters")
    key = fold(text)
    if not key:
        raise CorrectionError(f"the {what} {text!r} has no letters or digits")
    return text, key


def check_coordinates(lat: object, lon: object) -> tuple[float, float]:
    """Latitude in [-90, 90] and longitude in [-180, 180] as floats, or an error.

    Examples
    --------
    >>> check_coordinates(14.5, -4.2)
    (14.5, -4.2)
    >>> check_coordinates(91, 0)
    Traceback (most recent call last):
    ...
    conflictmap.errors.CorrectionError: latitude 91 is outside [-90, 90]
    """
    out = []
    for label, value, limit in (("latitude", lat, 90), ("longitude", lon, 180)):
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise CorrectionError(f"{label} {value!r} is not a number")
        number = float(value)
        if not math.isfinite(number):
            raise CorrectionError(f"{label} {value!r} is not a finite number")
        if not -limit <= number <= limit:
            raise CorrectionError(f"{label} {value:g} is outside [-{limit}, {limit}]")
        out.append(number)
    return out[0], out[1]


def _check_pid(pid: object) -> str:
    if not isinstance(pid, str) or not pid.strip():
        raise CorrectionError("the place id is empty (e.g. geonames:2457163 or user:3)")
    pid = pid.strip()
    if any(c.isspace() for c in pid) or ":" not in pid:
        raise CorrectionError(f"{pid!r} is not a place id (e.g. geonames:2457163 or user:3)")
    return pid


def _now() -> str:
    return datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def _dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def _is_corruption(error: sqlite3.DatabaseError) -> bool:
    code = getattr(error, "sqlite_errorcode", None)
    if code is not None:
        return (code & 0xFF) in (_SQLITE_CORRUPT, _SQLITE_NOTADB)
    text = str(error).lower()  # Python 3.10 has no error codes
    return "malformed" in text or "not a database" in text


# -- a write in progress -----------------------------------------------------------


class _Plan:
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
    columns = _TABLES[table]
    where = " AND ".join(f"{c} = ?" for c in columns)
    row = conn.execute(f"SELECT value FROM {table} WHERE {where}", key).fetchone()
    return json.loads(row[0]) if row else None


def _write_cell(conn: sqlite3.Connection, table: str, key: CellKey, value: Value | None) -> None:
    columns = _TABLES[table]
    if value is None:
        where = " AND ".join(f"{c} = ?" for c in columns)
        conn.execute(f"DELETE FROM {table} WHERE {where}", key)
    else:
        marks = ",".join("?" * (len(columns) + 1))
        conn.execute(
            f"INSERT OR REPLACE INTO {table} ({', '.join(columns)}, value) VALUES ({marks})",
            (*key, _dumps(value)),
        )


# -- the store ---------------------------------------------------------------------


class CorrectionStore:
    """The corrections file of a conflictmap home.

    Every method opens the file, does one short transaction and closes it, so a
    store object is cheap and safe to use from several processes at once.

    Parameters
    ----------
    path : path
        The corrections file (``$CONFLICTMAP_HOME/corrections.sqlite``).
    gazetteer : Gazetteer, optional
        Used to check place ids (and the country of an added place). Default:
        the gazetteer of the folder holding ``path``, opened when first needed.
    timeout : float
        Seconds to wait for another process's write to finish.
    """

    def __init__(
        self,
        path: str | os.PathLike[str],
        *,
        gazetteer: Gazetteer | None = None,
        timeout: float = 30.0,
    ) -> None:
        self.path = Path(path)
        self.timeout = timeout
        self._gazetteer = gazetteer
        self._checked = False

    def __repr__(self) -> str:
        return f"CorrectionStore({str(self.path)!r})"

    # -- opening ----------------------------------------------------------------

    def _connect(self) -> sqlite3.Connection:
        path = self.path
        if path.is_dir():
            raise GazetteerError(f"{path}: is a folder, not a corrections file")
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            raise GazetteerError(
                f"{path.parent}: cannot create the folder ({error.strerror or error})"
            ) from None
        try:
            conn = sqlite3.connect(
                path, timeout=self.timeout, isolation_level=None, check_same_thread=False
            )
        except sqlite3.Error as error:
            raise GazetteerError(f"{path}: cannot open the corrections file ({error})") from None
        return conn

    @contextmanager
    def _open(self) -> Iterator[sqlite3.Connection]:
        """A checked, migrated connection; corruption is moved aside and reported."""
        conn = self._connect()
        try:
            try:
                conn.execute(f"PRAGMA busy_timeout = {int(self.timeout * 1000)}")
                if not self._checked:
                    rows = conn.execute("PRAGMA quick_check").fetchall()
                    if [r[0] for r in rows] != ["ok"]:
                        detail = "; ".join(str(r[0]) for r in rows[:3])
                        raise sqlite3.DatabaseError(f"database disk image is malformed ({detail})")
                self._set_wal(conn)
                conn.execute("PRAGMA synchronous = FULL")
                self._migrate(conn)
                self._checked = True
                yield conn
            except sqlite3.DatabaseError as error:
                if _is_corruption(error):
                    conn.close()
                    raise self._corrupt(error) from None
                raise self._failed(error) from None
        finally:
            conn.close()

    def _failed(self, error: sqlite3.Error) -> GazetteerError:
        text = str(error)
        if "locked" in text or "busy" in text:
            return GazetteerError(
                f"{self.path}: busy: another process kept it locked for over {self.timeout:g} s"
            )
        if "readonly" in text or "read-only" in text:
            return GazetteerError(f"{self.path}: cannot write the corrections file ({text})")
        return GazetteerError(f"{self.path}: {text}")

    def _set_wal(self, conn: sqlite3.Connection) -> None:
        mode = conn.execute("PRAGMA journal_mode").fetchone()[0]
        if str(mode).lower() == "wal":
            return
        deadline = time.monotonic() + self.timeout
        while True:
            try:
                conn.execute("PRAGMA journal_mode = WAL").fetchone()
                return
            except sqlite3.OperationalError as error:
                if "locked" not in str(error) or time.monotonic() > deadline:
                    raise
                time.sleep(0.01)

    def _corrupt(self, error: sqlite3.Error) -> GazetteerCorruptError:
        """Move the corrupt file (and its WAL) aside and describe it."""
        stamp = datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%SZ")
        aside = self.path.with_name(f"{self.path.name}.corrupt-{stamp}")
        count = 1
        while aside.exists():
            count += 1
            aside = self.path.with_name(f"{self.path.name}.corrupt-{stamp}-{count}")
        try:
            os.rename(self.path, aside)
        except FileNotFoundError:
            return GazetteerCorruptError(
                f"{self.path}: corrupt ({error}); another process already moved it aside"
            )
        except OSError as move:
            return GazetteerCorruptError(
                f"{self.path}: corrupt ({error}); could not move it aside "
                f"({move.strerror or move}): move or delete it yourself"
            )
        for suffix in ("-wal", "-shm"):
            extra = Path(f"{self.path}{suffix}")
            if extra.exists():
                # the main file is aside already; a stray -shm is harmless
                with suppress(OSError):
                    os.rename(extra, f"{aside}{suffix}")
        return GazetteerCorruptError(
            f"{self.path}: corrupt ({error}); kept as {aside.name}, a new empty "
            "corrections file will be started"
        )

    def _migrate(self, conn: sqlite3.Connection) -> None:
        known = [m.name for m in MIGRATIONS]
        if _applied(conn) == set(known):
            return
        with _transaction(conn, self.timeout):
            applied = _applied(conn)
            if applied is None:
                others = [
                    r[0]
                    for r in conn.execute(
                        "SELECT name FROM sqlite_master WHERE type = 'table' "
                        "AND name NOT LIKE 'sqlite_%'"
                    )
                ]
                if others:
                    raise GazetteerError(
                        f"{self.path}: not a conflictmap corrections file (it holds "
                        f"{', '.join(sorted(others)[:3])}); move it away"
                    )
                conn.execute(
                    "CREATE TABLE _migrations (migration_set TEXT NOT NULL, name TEXT NOT NULL, "
                    "applied_at TEXT NOT NULL, PRIMARY KEY (migration_set, name))"
                )
                applied = set()
            unknown = sorted(applied - set(known))
            if unknown:
                raise GazetteerError(
                    f"{self.path}: written by a newer conflictmap (migration {unknown[0]}); "
                    "upgrade conflictmap to use it"
                )
            for migration in MIGRATIONS:
                if migration.name in applied:
                    continue
                for statement in migration.statements:
                    conn.execute(statement)
                conn.execute(
                    "INSERT INTO _migrations VALUES (?, ?, ?)",
                    (MIGRATION_SET, migration.name, _now()),
                )
            conn.execute(f"PRAGMA user_version = {len(known)}")
            if conn.execute("SELECT 1 FROM meta WHERE key = 'created_at'").fetchone() is None:
                conn.execute("INSERT INTO meta VALUES ('created_at', ?)", (_now(),))

    def _gaz(self) -> Gazetteer:
        if self._gazetteer is None:
            from conflictmap.store.gazetteer import Gazetteer

            self._gazetteer = Gazetteer(self.path.parent, build=False, progress=False)
        return self._gazetteer

    # -- reading ------------------------------------------------------------------

    def exists(self) -> bool:
        """True when the corrections file exists."""
        return self.path.exists()

    def overrides(self, *, known: Callable[[str], bool] | None = None) -> Overrides:
        """The current corrections as the snapshot the resolver applies.

        Parameters
        ----------
        known : callable, optional
            ``known(place_id)`` tells whether the gazetteer holds a place; aliases and
            preferences pointing at places it no longer holds (say, after removing
            an imported layer) are skipped, not lost: they apply again once the
            place is back.
        """
        if not self.path.exists():
            return Overrides()
        with self._open() as conn:
            state = _read_state(conn)
        places = {cell[0]: _place_of(cell[0], value) for cell, value in state["places"].items()}

        def usable(pid: str) -> bool:
            if pid in places:
                return True
            if pid.startswith("user:"):
                return False
            return known is None or known(pid)

        aliases: dict[str, list[str]] = {}
        for key, pid in sorted(state["aliases"]):
            if usable(pid):
                aliases.setdefault(key, []).append(pid)
        prefer = {
            key[0]: value["place"]
            for key, value in state["prefer"].items()
            if usable(value["place"])
        }
        return Overrides(
            places=MappingProxyType(places),
            aliases=MappingProxyType({k: tuple(v) for k, v in aliases.items()}),
            prefer=MappingProxyType(prefer),
            reject=frozenset(k[0] for k in state["reject"]),
        )

    def history(self) -> list[Correction]:
        """Every correction, oldest first, with its status (active or undone)."""
        if not self.path.exists():
            return []
        with self._open() as conn:
            return _history(conn)

    def get(self, correction_id: int) -> Correction:
        """One history row, by id."""
        for row in self.history():
            if row.id == correction_id:
                return row
        raise CorrectionError(f"there is no correction #{correction_id}")

    def schema(self) -> dict[str, Any]:
        """The schema version and the migrations recorded in the file."""
        if not self.path.exists():
            return {"user_version": 0, "migrations": []}
        with self._open() as conn:
            version = conn.execute("PRAGMA user_version").fetchone()[0]
            rows = conn.execute(
                "SELECT migration_set, name, applied_at FROM _migrations ORDER BY rowid"
            ).fetchall()
        return {
            "user_version": version,
            "journal_mode": "wal",
            "migrations": [{"migration_set": s, "name": n, "applied_at": a} for s, n, a in rows],
        }

    def verify(self) -> StoreCheck:
        """Check the file: SQLite's integrity check, and that replaying the history
        from nothing gives exactly the current state."""
        if not self.path.exists():
            return StoreCheck("ok", 0)
        problems: list[str] = []
        with self._open() as conn, _snapshot(conn):
            rows = conn.execute("PRAGMA integrity_check").fetchall()
            integrity = "; ".join(str(r[0]) for r in rows)
            replay: dict[tuple[str, CellKey], Value] = {}
            history = _history(conn)
            for row in history:
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
                for table, cells in _read_state(conn).items()
                for key, value in cells.items()
            }
            differ = [c for c in set(current) | set(replay) if current.get(c) != replay.get(c)]
            if differ:
                problems.append(f"state differs from the replayed history at {len(differ)} cells")
            top = max((int(k[1][0].split(":")[1]) for k in current if k[0] == "places"), default=0)
            counter = int(
                conn.execute("SELECT value FROM meta WHERE key='next_place'").fetchone()[0]
            )
            if counter <= top:
                problems.append(f"place counter {counter} is not above user:{top}")
        return StoreCheck(integrity, len(history), tuple(problems))

    # -- writing ------------------------------------------------------------------

    def _write(
        self,
        action: str,
        args: Mapping[str, Any],
        plan_fn: Callable[[_Plan], str],
    ) -> tuple[Correction | None, str]:
        """Run ``plan_fn`` in one ``BEGIN IMMEDIATE`` transaction and log what changed."""
        with self._open() as conn, _transaction(conn, self.timeout):
            plan = _Plan(conn)
            summary = plan_fn(plan)
            changes = plan.changes()
            if not changes:
                return None, summary
            for change in changes:
                _write_cell(conn, change.table, change.key, change.after)
            _check_references(conn, changes)
            at = _now()
            undoes = plan.undoes
            cursor = conn.execute(
                "INSERT INTO history (at, action, args, summary, changes, undoes) "
                "VALUES (?, ?, ?, ?, ?, ?)",
                (at, action, _dumps(dict(args)), summary,
                 _dumps([c.to_dict() for c in changes]), undoes),
            )  # fmt: skip
            row_id = cursor.lastrowid
            assert row_id is not None
            return Correction(
                row_id, at, action, summary, dict(args), tuple(changes), undoes
            ), summary

    def _new_place_id(self, plan: _Plan) -> str:
        row = plan.conn.execute("SELECT value FROM meta WHERE key = 'next_place'").fetchone()
        number = int(row[0])
        plan.conn.execute("UPDATE meta SET value = ? WHERE key = 'next_place'", (str(number + 1),))
        return f"user:{number}"

    def _check_known(self, pid: str) -> None:
        """Refuse a place id the gazetteer lacks (user ids are checked in the write)."""
        if pid.startswith("user:"):
            return
        if not self._gaz().exists(pid):
            raise CorrectionError(
                f"unknown place id {pid!r} (find ids with 'conflictmap gazetteer search NAME')"
            )

    @staticmethod
    def _require_user_place(plan: _Plan, pid: str) -> None:
        """Refuse a ``user:`` id this store does not hold (read under the write lock)."""
        if pid.startswith("user:") and plan.get("places", (pid,)) is None:
            raise CorrectionError(
                f"unknown place id {pid!r}: no place the user added has it "
                "(see 'conflictmap gazetteer history')"
            )

    def add(
        self,
        name: str,
        *,
        lat: float,
        lon: float,
        country: str | None = None,
        kind: str = "village",
        aliases: Iterable[str] = (),
    ) -> Applied:
        """Add a place the gazetteer lacks; its name and ``aliases`` resolve to it.

        Adding the same name at the same coordinates again returns the existing
        place (with any new aliases added) instead of a duplicate.

        Returns
        -------
        Applied
            ``place_id`` is the new (or existing) ``user:<n>`` id.
        """
        name, key = clean_name(name)
        lat, lon = check_coordinates(lat, lon)
        if kind not in USER_KINDS:
            raise CorrectionError(f"unknown kind {kind!r} (one of {', '.join(USER_KINDS)})")
        cleaned_aliases = [clean_name(a, what="alias") for a in aliases]
        country = self._country(country, lat, lon)
        args = {
            "name": name,
            "lat": lat,
            "lon": lon,
            "country": country,
            "kind": kind,
            "aliases": [a for a, _ in cleaned_aliases],
        }
        found: list[str] = []

        def plan_fn(plan: _Plan) -> str:
            pid = _same_place(plan.conn, key, lat, lon)
            if pid is None:
                pid = self._new_place_id(plan)
                value = {
                    "name": name,
                    "lat": lat,
                    "lon": lon,
                    "country": country,
                    "kind": kind,
                    "feature": _FEATURE_OF_KIND.get(kind),
                    "uid": uuid.uuid4().hex,
                    "added_at": _now(),
                }
                plan.set("places", (pid,), value)
            found.append(pid)
            for text, alias_key in [(name, key), *cleaned_aliases]:
                plan.ensure("aliases", (alias_key, pid), {"name": text})
                plan.set("reject", (alias_key,), None)
            return f"add {name!r} ({lat:g}, {lon:g}) as {pid}"

        correction, summary = self._write("add", args, plan_fn)
        pid = found[-1]
        if correction is None:
            return Applied(None, f"{name} is already {pid}", pid)
        return Applied(correction, f"#{correction.id} {summary}", pid)

    def _country(self, country: str | None, lat: float, lon: float) -> str | None:
        if country is None or not country.strip():
            if self._gazetteer is None:
                return None
            return self._gazetteer.country_at(lat, lon)
        code = country.strip().upper()
        if len(code) != 2 or not code.isascii() or not code.isalpha():
            raise CorrectionError(f"country {country!r} is not a two-letter ISO code (e.g. ML)")
        if self._gazetteer is not None and self._gazetteer.country(code) is None:
            raise CorrectionError(f"unknown country code {code!r}")
        return code

    def alias(self, alias: str, place_id: str) -> Applied:
        """Make ``alias`` resolve to ``place_id`` (over every other reading of it)."""
        alias, key = clean_name(alias, what="alias")
        pid = _check_pid(place_id)

        self._check_known(pid)

        def plan_fn(plan: _Plan) -> str:
            self._require_user_place(plan, pid)
            plan.ensure("aliases", (key, pid), {"name": alias})
            plan.set("reject", (key,), None)
            return f"alias {alias!r} → {pid}"

        correction, summary = self._write("alias", {"alias": alias, "place": pid}, plan_fn)
        if correction is None:
            return Applied(None, f"nothing to change: {alias!r} already resolves to {pid}", pid)
        return Applied(correction, f"#{correction.id} {summary}", pid)

    def prefer(self, name: str, place_id: str) -> Applied:
        """When ``name`` is ambiguous, choose ``place_id`` over every heuristic."""
        name, key = clean_name(name)
        pid = _check_pid(place_id)

        self._check_known(pid)

        def plan_fn(plan: _Plan) -> str:
            self._require_user_place(plan, pid)
            current = plan.get("prefer", (key,))
            if current is None or current.get("place") != pid:
                plan.set("prefer", (key,), {"name": name, "place": pid})
            plan.set("reject", (key,), None)
            return f"prefer {pid} for {name!r}"

        correction, summary = self._write("prefer", {"name": name, "place": pid}, plan_fn)
        if correction is None:
            return Applied(None, f"nothing to change: {name!r} already prefers {pid}", pid)
        return Applied(correction, f"#{correction.id} {summary}", pid)

    def reject(self, name: str) -> Applied:
        """``name`` is never a place (in any article, until undone)."""
        name, key = clean_name(name)

        def plan_fn(plan: _Plan) -> str:
            plan.ensure("reject", (key,), {"name": name})
            return f"reject {name!r}"

        correction, summary = self._write("reject", {"name": name}, plan_fn)
        if correction is None:
            return Applied(None, f"nothing to change: {name!r} is already rejected")
        return Applied(correction, f"#{correction.id} {summary}")

    def undo(self, correction_id: int | None = None) -> Applied:
        """Revert a correction (default: the latest active one that is not an undo).

        The revert is a new history row holding the inverse changes; undoing that
        row re-applies the original. Cells a later correction changed again are
        left as they are (the later correction wins).
        """
        target_box: list[Correction] = []

        def plan_fn(plan: _Plan) -> str:
            history = _history(plan.conn)
            target = _undo_target(history, correction_id)
            target_box.append(target)
            plan.undoes = target.id
            for change in reversed(target.changes):
                if plan.get(change.table, change.key) == change.after:
                    plan.set(change.table, change.key, change.before)
            if target.action == "undo" and target.undoes is not None:
                original = next(r for r in history if r.id == target.undoes)
                return f"undid #{target.id}, re-applying #{original.id}: {original.summary}"
            return f"undid #{target.id}: {target.summary}"

        correction, summary = self._write("undo", {"id": correction_id}, plan_fn)
        target = target_box[-1]
        if correction is None:
            raise CorrectionError(
                f"correction #{target.id} ({target.summary}) has no effect left to undo: "
                "later corrections changed the same names"
            )
        return Applied(correction, f"#{correction.id} {summary}")

    # -- sharing ------------------------------------------------------------------

    def snapshot(self) -> dict[str, Any]:
        """The current corrections as a shareable JSON-ready object (see :meth:`export`)."""
        if self.path.exists():
            with self._open() as conn:
                state = _read_state(conn)
        else:
            state = {t: {} for t in _TABLES}
        places = []
        for (pid,), value in sorted(state["places"].items(), key=lambda kv: _pid_order(kv[0][0])):
            places.append(
                {
                    "id": pid,
                    "uid": value.get("uid"),
                    "name": value["name"],
                    "lat": value["lat"],
                    "lon": value["lon"],
                    "country": value.get("country"),
                    "kind": value.get("kind", "village"),
                }
            )
        return {
            "format": EXPORT_FORMAT,
            "version": EXPORT_VERSION,
            "exported_at": _now(),
            "places": places,
            "aliases": [
                {"name": value["name"], "place": pid}
                for (_key, pid), value in sorted(state["aliases"].items())
            ],
            "prefer": [
                {"name": value["name"], "place": value["place"]}
                for _key, value in sorted(state["prefer"].items())
            ],
            "reject": [{"name": value["name"]} for _key, value in sorted(state["reject"].items())],
        }

    def export(self, path: str | os.PathLike[str]) -> dict[str, int]:
        """Write the current corrections to a JSON file, atomically.

        Returns the number of entries of each section.
        """
        from conflictmap.files import atomic_write

        data = self.snapshot()
        atomic_write(path, json.dumps(data, ensure_ascii=False, indent=2) + "\n")
        return {k: len(data[k]) for k in ("places", "aliases", "prefer", "reject")}

    def import_file(self, path: str | os.PathLike[str]) -> Applied:
        """Apply an exported corrections file (idempotent: a replay adds nothing).

        The whole file is checked first; one bad entry rejects the file and
        changes nothing. Added places are matched to ones already here by their
        ``uid`` (or name and coordinates), so they are not duplicated.
        """
        source = Path(path)
        try:
            size = source.stat().st_size
            if size > _MAX_IMPORT_BYTES:
                raise CorrectionError(f"{source}: larger than {_MAX_IMPORT_BYTES // 1024**2} MB")
            raw = source.read_bytes()
        except OSError as error:
            raise CorrectionError(f"{source}: cannot read ({error.strerror or error})") from None
        return self.import_bytes(raw, source=str(source))

    def import_bytes(self, raw: bytes, *, source: str = "corrections") -> Applied:
        """Like :meth:`import_file`, for the bytes of such a file."""
        try:
            data = json.loads(raw.decode("utf-8-sig"))
        except UnicodeDecodeError:
            raise CorrectionError(f"{source}: not UTF-8 text") from None
        except json.JSONDecodeError as error:
            raise CorrectionError(
                f"{source}: not valid JSON (line {error.lineno}, column {error.colno}: {error.msg})"
            ) from None
        bundle = _parse_bundle(data, source)
        defined = {p["id"] for p in bundle.places}
        for section, entries in (("aliases", bundle.aliases), ("prefer", bundle.prefer)):
            for i, entry in enumerate(entries):
                ref = entry["place"]
                if ref in defined:
                    continue
                if ref.startswith("user:"):
                    raise CorrectionError(
                        f"{source}: {section}[{i}]: {ref} is not one of the places in the file"
                    )
                try:
                    self._check_known(ref)
                except CorrectionError as error:
                    raise CorrectionError(f"{source}: {section}[{i}]: {error}") from None
        digest = hashlib.sha256(raw).hexdigest()
        counts: dict[str, int] = {}

        def plan_fn(plan: _Plan) -> str:
            local: dict[str, str] = {}
            for entry in bundle.places:
                pid = _same_uid(plan.conn, entry["uid"]) if entry.get("uid") else None
                if pid is None:
                    pid = _same_place(plan.conn, entry["key"], entry["lat"], entry["lon"])
                if pid is None:
                    pid = self._new_place_id(plan)
                    plan.set(
                        "places",
                        (pid,),
                        {
                            "name": entry["name"],
                            "lat": entry["lat"],
                            "lon": entry["lon"],
                            "country": entry["country"],
                            "kind": entry["kind"],
                            "feature": _FEATURE_OF_KIND.get(entry["kind"]),
                            "uid": entry.get("uid") or uuid.uuid4().hex,
                            "added_at": _now(),
                        },
                    )
                local[entry["id"]] = pid
                plan.ensure("aliases", (entry["key"], pid), {"name": entry["name"]})
                plan.set("reject", (entry["key"],), None)

            def target(ref: str) -> str:
                return local.get(ref, ref)

            for entry in bundle.aliases:
                pid = target(entry["place"])
                plan.ensure("aliases", (entry["key"], pid), {"name": entry["name"]})
                plan.set("reject", (entry["key"],), None)
            for entry in bundle.prefer:
                pid = target(entry["place"])
                current = plan.get("prefer", (entry["key"],))
                if current is None or current.get("place") != pid:
                    plan.set("prefer", (entry["key"],), {"name": entry["name"], "place": pid})
                plan.set("reject", (entry["key"],), None)
            for entry in bundle.reject:
                plan.ensure("reject", (entry["key"],), {"name": entry["name"]})
            for change in plan.changes():
                table = change.table if change.after is not None else "lifted"
                counts[table] = counts.get(table, 0) + 1
            parts = [
                f"{counts[t]} {one if counts[t] == 1 else many}"
                for t, one, many in _LABELS
                if counts.get(t)
            ]
            return f"import {Path(source).name}: " + ", ".join(parts)

        args = {"file": source, "sha256": digest}
        correction, summary = self._write("import", args, plan_fn)
        if correction is None:
            return Applied(None, f"nothing new in {source}: every correction in it is here")
        return Applied(correction, f"#{correction.id} {summary}")


_LABELS = (
    ("places", "place", "places"),
    ("aliases", "alias", "aliases"),
    ("prefer", "preference", "preferences"),
    ("reject", "rejection", "rejections"),
    ("lifted", "rejection lifted", "rejections lifted"),
)


@dataclass(frozen=True, slots=True)
class _Bundle:
    places: tuple[dict[str, Any], ...] = ()
    aliases: tuple[dict[str, Any], ...] = ()
    prefer: tuple[dict[str, Any], ...] = ()
    reject: tuple[dict[str, Any], ...] = ()


def _parse_bundle(data: object, source: str) -> _Bundle:
    """Check an exported corrections object; every problem names its entry."""
    if not isinstance(data, dict) or data.get("format") != EXPORT_FORMAT:
        raise CorrectionError(
            f'{source}: not a conflictmap corrections file (no "format": "{EXPORT_FORMAT}")'
        )
    version = data.get("version")
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        raise CorrectionError(f"{source}: bad version {version!r}")
    if version > EXPORT_VERSION:
        raise CorrectionError(
            f"{source}: written by a newer conflictmap (version {version}); upgrade to read it"
        )
    sections: dict[str, list[dict[str, Any]]] = {}
    for section in ("places", "aliases", "prefer", "reject"):
        items = data.get(section, [])
        if not isinstance(items, list):
            raise CorrectionError(f"{source}: {section} must be a list")
        out = []
        for i, item in enumerate(items):
            where = f"{section}[{i}]"
            if not isinstance(item, dict):
                raise CorrectionError(f"{source}: {where}: must be an object")
            try:
                out.append(_parse_entry(section, item))
            except CorrectionError as error:
                raise CorrectionError(f"{source}: {where}: {error}") from None
        sections[section] = out
    ids = [p["id"] for p in sections["places"]]
    if len(set(ids)) != len(ids):
        raise CorrectionError(f"{source}: places: an id appears twice")
    return _Bundle(
        tuple(sections["places"]),
        tuple(sections["aliases"]),
        tuple(sections["prefer"]),
        tuple(sections["reject"]),
    )


def _parse_entry(section: str, item: Mapping[str, Any]) -> dict[str, Any]:
    name, key = clean_name(item.get("name"))
    entry: dict[str, Any] = {"name": name, "key": key}
    if section == "places":
        pid = _check_pid(item.get("id"))
        if not pid.startswith("user:"):
            raise CorrectionError(f"place id {pid!r}: added places have user:<n> ids")
        lat, lon = check_coordinates(item.get("lat"), item.get("lon"))
        kind = item.get("kind") or "village"
        if kind not in USER_KINDS:
            raise CorrectionError(f"unknown kind {kind!r}")
        country = item.get("country")
        if country is not None and (
            not isinstance(country, str) or len(country) != 2 or not country.isalpha()
        ):
            raise CorrectionError(f"country {country!r} is not a two-letter code")
        uid = item.get("uid")
        if uid is not None and (not isinstance(uid, str) or not uid.strip()):
            raise CorrectionError(f"uid {uid!r} is not a string")
        entry.update(
            id=pid, lat=lat, lon=lon, kind=kind, uid=uid,
            country=country.upper() if country else None,
        )  # fmt: skip
    elif section in ("aliases", "prefer"):
        entry["place"] = _check_pid(item.get("place"))
    return entry


# -- helpers over a connection -------------------------------------------------------


@contextmanager
def _transaction(conn: sqlite3.Connection, timeout: float) -> Iterator[None]:
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


def _applied(conn: sqlite3.Connection) -> set[str] | None:
    exists = conn.execute(
        "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = '_migrations'"
    ).fetchone()
    if not exists:
        return None
    rows = conn.execute(
        "SELECT name FROM _migrations WHERE migration_set = ?", (MIGRATION_SET,)
    ).fetchall()
    return {r[0] for r in rows}


@contextmanager
def _snapshot(conn: sqlite3.Connection) -> Iterator[None]:
    """A read transaction: several SELECTs see one state, whatever other writers do."""
    if conn.in_transaction:
        yield
        return
    conn.execute("BEGIN")
    try:
        yield
    finally:
        conn.execute("COMMIT")


def _read_state(conn: sqlite3.Connection) -> dict[str, dict[CellKey, Value]]:
    state: dict[str, dict[CellKey, Value]] = {}
    with _snapshot(conn):
        for table, columns in _TABLES.items():
            rows = conn.execute(f"SELECT {', '.join(columns)}, value FROM {table}").fetchall()
            state[table] = {tuple(r[:-1]): json.loads(r[-1]) for r in rows}
    return state


def _history(conn: sqlite3.Connection) -> list[Correction]:
    rows = conn.execute(
        "SELECT id, at, action, summary, args, changes, undoes FROM history ORDER BY id"
    ).fetchall()
    undone_by: dict[int, int] = {}
    for row in reversed(rows):  # an undo row is always newer than its target
        row_id, undoes = row[0], row[6]
        if undoes is not None and row_id not in undone_by:
            undone_by.setdefault(undoes, row_id)
    out = []
    for row_id, at, action, summary, args, changes, undoes in rows:
        by = undone_by.get(row_id)
        out.append(
            Correction(
                id=row_id,
                at=at,
                action=action,
                summary=summary,
                args=json.loads(args),
                changes=tuple(Change.from_dict(c) for c in json.loads(changes)),
                undoes=undoes,
                status="undone" if by is not None else "active",
                undone_by=by,
            )
        )
    return out


def _undo_target(history: Sequence[Correction], correction_id: int | None) -> Correction:
    if correction_id is None:
        for row in reversed(history):
            if row.action != "undo" and row.status == "active":
                return row
        raise CorrectionError("there is no correction to undo")
    for row in history:
        if row.id == correction_id:
            if row.status == "undone":
                raise CorrectionError(
                    f"correction #{row.id} is already undone (by #{row.undone_by}); "
                    f"to apply it again: conflictmap gazetteer undo --id {row.undone_by}"
                )
            return row
    raise CorrectionError(f"there is no correction #{correction_id}")


def _check_references(conn: sqlite3.Connection, changes: Sequence[Change]) -> None:
    """Refuse a state where an alias or preference names a user place that is gone."""
    removed = {c.key[0] for c in changes if c.table == "places" and c.after is None}
    for pid in sorted(removed):
        alias = conn.execute("SELECT value FROM aliases WHERE pid = ? LIMIT 1", (pid,)).fetchone()
        users = [json.loads(alias[0])["name"]] if alias else []
        users += [
            json.loads(v)["name"]
            for (v,) in conn.execute("SELECT value FROM prefer")
            if json.loads(v).get("place") == pid
        ]
        if users:
            raise CorrectionError(
                f"{pid} is still used by a later correction of {users[0]!r}: undo that one first"
            )


def _place_of(pid: str, value: Mapping[str, Any]) -> Place:
    return Place(
        id=pid,
        name=value["name"],
        lat=value["lat"],
        lon=value["lon"],
        country=value.get("country"),
        feature=value.get("feature"),
        kind=PlaceKind(value.get("kind", "village")),
        layer=Layer.CORRECTIONS,
        source="added by the user (conflictmap gazetteer add)",
    )


def _same_place(conn: sqlite3.Connection, key: str, lat: float, lon: float) -> str | None:
    for pid, value in conn.execute("SELECT pid, value FROM places"):
        place = json.loads(value)
        if (
            fold(place["name"]) == key
            and abs(place["lat"] - lat) < 1e-7
            and abs(place["lon"] - lon) < 1e-7
        ):
            return str(pid)
    return None


def _same_uid(conn: sqlite3.Connection, uid: str) -> str | None:
    for pid, value in conn.execute("SELECT pid, value FROM places"):
        if json.loads(value).get("uid") == uid:
            return str(pid)
    return None


def _pid_order(pid: str) -> tuple[int, str]:
    number = pid.partition(":")[2]
    return (int(number) if number.isdigit() else sys.maxsize, pid)
