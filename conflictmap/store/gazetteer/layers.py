"""The gazetteer's data layers (base, curated, imported): read-only queries, cached.

:class:`Layers` wraps one SQLite connection (the base file, with the imported
file attached as ``imp`` when there is one). Nothing here depends on the user's
corrections, so one :class:`Layers` is shared by every view of a gazetteer, and
its caches stay valid for as long as it is open.
"""

from __future__ import annotations

import sqlite3
import threading
import warnings
from collections.abc import Iterable, Mapping, Sequence
from functools import cached_property
from pathlib import Path
from typing import Any, cast

from conflictmap.errors import GazetteerCorruptError, GazetteerWarning
from conflictmap.model import Place
from conflictmap.model.kinds import Layer
from conflictmap.paths import BASE_DB, IMPORTED_DB
from conflictmap.store.gazetteer.base import BATCH, CACHE_KEYS, PLACE_COLUMNS, Candidate
from conflictmap.store.gazetteer.rows import candidate, checked_flags, checked_place
from conflictmap.store.gazetteer.wordlist import WordList
from conflictmap.store.nameindex import (
    IndexDamagedError,
    NameIndex,
    check_index,
    ensure_index,
    rebuild_index,
    too_big_to_index,
)
from conflictmap.store.nameindex.build import UnrepresentableError
from conflictmap.store.nameindex.reader import PlaceRow

__all__ = ["Layers"]


class Layers:
    """Read-only access to the base and imported layers of one home.

    Parameters
    ----------
    conn : sqlite3.Connection
        The base layer, with the imported one attached as ``imp`` if ``"imported"``
        is in ``names``.
    home : path
        The conflictmap home (names the files in error messages).
    names : list of str
        The layers open, ``["base"]`` or ``["base", "imported"]``.
    indexed : bool
        Answer name lookups from the precompiled name index of each layer
        (:mod:`conflictmap.store.nameindex`, built on first use when missing, stale or
        damaged) instead of a query per name. The answers are the same.
    """

    def __init__(
        self, conn: sqlite3.Connection, home: Path, names: Sequence[str], *, indexed: bool = False
    ) -> None:
        self.conn = conn
        self.home = home
        self.names = list(names)
        self.has_imported = "imported" in self.names
        self._lock = threading.Lock()
        self._places: dict[str, Place] = {}
        self._candidates: dict[str, dict[str, Candidate]] = {}
        self._known: dict[str, bool] = {}
        self._countries: dict[str, Place | None] = {}
        self._words: dict[str, WordList] = {}
        self._demonyms: dict[str, tuple[str, ...]] = {}
        self._warned = False
        self._indexes: tuple[NameIndex, ...] | None = None
        self._index_wanted = indexed and not too_big_to_index(conn, imported=self.has_imported)
        self._index_lock = threading.Lock()
        #: the imported layer's place columns (a layer imported before districts were
        #: stored has no ``admin2`` column: it reads as unknown until the next import)
        self._imp_columns = PLACE_COLUMNS
        if self.has_imported and not any(
            row[1] == "admin2" for row in conn.execute("PRAGMA imp.table_info(places)")
        ):
            self._imp_columns = PLACE_COLUMNS.replace("p.admin2", "NULL")

    def close(self) -> None:
        self.conn.close()

    def _index_specs(self) -> list[tuple[Path, str, str]]:
        """Each layer's file, schema and place columns."""
        specs = [(self.home / BASE_DB, "", PLACE_COLUMNS)]
        if self.has_imported:
            specs.append((self.home / IMPORTED_DB, "imp.", self._imp_columns))
        return specs

    def name_indexes(self) -> tuple[NameIndex, ...] | None:
        """The precompiled name index of each layer (opened, or built, on first use),
        or ``None`` when there are none: an in-memory layer, an unwritable home
        without them, or a stored value the packed arrays cannot hold exactly."""
        if not self._index_wanted:
            return self._indexes
        with self._index_lock:
            if self._index_wanted:
                try:
                    self._indexes = tuple(
                        ensure_index(self.conn, path, schema=schema, columns=columns)
                        for path, schema, columns in self._index_specs()
                    )
                except (OSError, UnrepresentableError, sqlite3.DatabaseError):
                    self._indexes = None
                self._index_wanted = False
        return self._indexes

    def rebuild_name_indexes(self) -> list[NameIndex]:
        """Rebuild every layer's name index from SQLite (atomically; see
        :func:`~conflictmap.store.nameindex.rebuild_index`) and use them."""
        with self._index_lock:
            fresh = [
                rebuild_index(self.conn, path, schema=schema, columns=columns)
                for path, schema, columns in self._index_specs()
            ]
            self._indexes, self._index_wanted = tuple(fresh), False
            with self._lock:
                self._candidates.clear()
        return fresh

    def check_name_indexes(self) -> list[tuple[Path, str | None]]:
        """Verify every layer's name index whole, rebuilding those that fail
        (:func:`~conflictmap.store.nameindex.check_index`)."""
        with self._index_lock:
            out = [
                check_index(self.conn, path, schema=schema, columns=columns)
                for path, schema, columns in self._index_specs()
            ]
            self._indexes, self._index_wanted = None, True
        return out

    def query(self, sql: str, params: Sequence[Any] = ()) -> list[Any]:
        """Rows of one query; a damaged file is named in a clear error."""
        with self._lock:
            try:
                return self.conn.execute(sql, params).fetchall()
            except sqlite3.DatabaseError as error:
                if "malformed" not in str(error) and "not a database" not in str(error):
                    raise
                raise self._damaged(error) from None

    def _damaged(self, error: sqlite3.DatabaseError) -> GazetteerCorruptError:
        """Name the layer file that fails its check (a corrupt page met in a query)."""
        layers = [("main", self.home / BASE_DB, "rebuild it: conflictmap gazetteer build --force")]
        if self.has_imported:
            layers.append(("imp", self.home / IMPORTED_DB, "move it away and import again"))
        for schema, path, fix in layers:
            try:
                ok = self.conn.execute(f"PRAGMA {schema}.quick_check(1)").fetchone()[0] == "ok"
            except sqlite3.DatabaseError:
                ok = False
            if not ok:
                return GazetteerCorruptError(f"{path}: the file is damaged ({error}); {fix}")
        return GazetteerCorruptError(f"{self.home}: a gazetteer file is damaged ({error})")

    def _tables(self, table: str) -> list[str]:
        return [table] + ([f"imp.{table}"] if self.has_imported else [])

    def _place(self, row: Sequence[Any]) -> Place | None:
        """The place of a row, its numbers checked (``None``: left out)."""
        place, problem = checked_place(row)
        if problem:
            self._warn(row, problem)
        return place

    def _warn(self, row: Sequence[Any], problem: str) -> None:
        """Say, once, that a row held something out of range (``problem``)."""
        if self._warned:
            return
        self._warned = True
        imported = row[10] == "imported"
        path = self.home / (IMPORTED_DB if imported else BASE_DB)
        fix = (
            "import your GeoNames files again"
            if imported
            else "conflictmap gazetteer build --force"
        )
        warnings.warn(
            f"{path}: {problem} (a layer written before numbers were checked; "
            f"to rewrite it: {fix})",
            GazetteerWarning,
            stacklevel=4,
        )

    # -- names ----------------------------------------------------------------

    def candidates(self, key: str) -> dict[str, Candidate]:
        """Candidates of ``key`` in the base and imported layers, before overrides.

        Answers are cached (at most ``CACHE_KEYS`` names, oldest dropped first);
        callers must not mutate the returned dict.
        """
        found = self._candidates.get(key)
        if found is not None:
            return found
        indexes = self.name_indexes()
        try:
            if indexes is None:
                raise IndexDamagedError("no name index")
            found = self._merged([hit for index in indexes for hit in index.candidates(key)])
        except IndexDamagedError:  # an index damaged under us: SQLite, in this process
            self._indexes = None
            found = self._queried_candidates(key)
        with self._lock:
            if len(self._candidates) >= CACHE_KEYS:
                self._candidates.pop(next(iter(self._candidates)), None)
            self._candidates[key] = found
        return found

    def _queried_candidates(self, key: str) -> dict[str, Candidate]:
        """:meth:`candidates` asked of SQLite (what the name indexes answer without a query)."""
        sql = f"SELECT {PLACE_COLUMNS}, n.flags FROM names n JOIN places p ON p.rid = n.rid WHERE n.key = ?"
        rows = self.query(sql, (key,))
        if self.has_imported:
            imp = sql.replace("names n JOIN places p", "imp.names n JOIN imp.places p")
            rows += self.query(imp.replace(PLACE_COLUMNS, self._imp_columns), (key,))
        return self._merged([(row[:13], row[13]) for row in rows])

    def _merged(self, rows: Sequence[tuple[PlaceRow, Any]]) -> dict[str, Candidate]:
        """One name's candidates from its rows (base rows first, each layer's in ``rid``
        order): a place met again keeps its position and adds its flags, the imported
        row winning; each row checked (:mod:`~conflictmap.store.gazetteer.rows`)."""
        found: dict[str, Candidate] = {}
        for row, row_flags in rows:
            place = self._place(row)
            if place is None:
                continue
            pid = place.id
            flags, problem = checked_flags(row_flags, pid)
            if problem:
                self._warn(row, problem)
            previous = found.get(pid)
            if previous is not None:
                flags |= previous.flags._value_
                if place.layer is not Layer.IMPORTED:
                    place = previous.place
            found[pid] = candidate(place, flags)
        if self.has_imported:
            self._imported_rows_win(found)
        return found

    def _imported_rows_win(self, found: dict[str, Candidate]) -> None:
        """A base or curated place matched by a name only that layer knows: the imported
        row with the same id still replaces it (the imported layer's name index says which
        ids it holds; SQLite is asked what the index cannot tell)."""
        older = [pid for pid, c in found.items() if c.place.layer != "imported"]
        indexes = self._indexes
        rows, older = indexes[1].rows_of(older) if indexes and len(indexes) > 1 else ([], older)
        for start in range(0, len(older), BATCH):
            chunk = older[start : start + BATCH]
            marks = ",".join("?" * len(chunk))
            sql = f"SELECT {self._imp_columns} FROM imp.places p WHERE p.pid IN ({marks})"
            rows += self.query(sql, chunk)
        for row in rows:
            if (place := self._place(row)) is not None:
                found[row[0]] = Candidate(place, found[row[0]].flags)

    def known_keys(self, keys: Iterable[str]) -> set[str]:
        """The subset of folded ``keys`` that some layer knows as a name (cached)."""
        keys = list(dict.fromkeys(keys))
        indexes = self.name_indexes()
        if indexes is not None:
            known = set(filter(indexes[0].contains, keys))
            for index in indexes[1:]:
                known.update(filter(index.contains, keys))
            return known
        cache = self._known  # key -> known in a stored layer (bounded, see CACHE_KEYS)
        known = {k for k in keys if cache.get(k)}
        asked = [k for k in keys if k not in cache]
        found: set[str] = set()
        for start in range(0, len(asked), BATCH):
            chunk = asked[start : start + BATCH]
            marks = ",".join("?" * len(chunk))
            for table in self._tables("names"):
                found.update(
                    row[0]
                    for row in self.query(
                        f"SELECT DISTINCT key FROM {table} WHERE key IN ({marks})", chunk
                    )
                )
        with self._lock:
            if len(cache) + len(asked) > 16 * CACHE_KEYS:
                cache.clear()
            cache.update((k, k in found) for k in asked)
        return known | found

    def name_keys(self) -> set[str]:
        """Every folded name some stored layer knows (one scan of the name index)."""
        out: set[str] = set()
        for table in self._tables("names"):
            out.update(row[0] for row in self.query(f"SELECT DISTINCT key FROM {table}"))
        return out

    def keys_with_prefix(self, prefix: str, *, limit: int = 20) -> list[str]:
        """Known folded names that start with ``prefix`` (an index range scan)."""
        upper = prefix + "\uffff"
        out: list[str] = []
        for table in self._tables("names"):
            sql = f"SELECT DISTINCT key FROM {table} WHERE key >= ? AND key < ? LIMIT ?"
            out += [r[0] for r in self.query(sql, (prefix, upper, limit))]
        return sorted(set(out))[:limit]

    def is_never_place(self, key: str) -> bool:
        """True when the curated list says ``key`` is never a place."""
        return bool(self.query("SELECT 1 FROM never_places WHERE key = ?", (key,)))

    @cached_property
    def never_place_keys(self) -> frozenset[str]:
        """Every name the curated list says is never a place."""
        return frozenset(r[0] for r in self.query("SELECT key FROM never_places"))

    # -- places ---------------------------------------------------------------

    def place(self, pid: str) -> Place | None:
        """The place with id ``pid`` from the highest layer that has it (cached)."""
        cached = self._places.get(pid)
        if cached is not None:
            return cached
        sql = f"SELECT {PLACE_COLUMNS} FROM places p WHERE p.pid = ?"
        place = None
        if self.has_imported:
            imp = f"SELECT {self._imp_columns} FROM imp.places p WHERE p.pid = ?"
            place = next(filter(None, map(self._place, self.query(imp, (pid,)))), None)
        if place is None:
            place = next(filter(None, map(self._place, self.query(sql, (pid,)))), None)
        if place is None:
            return None
        self._places[pid] = place
        return place

    def country(self, code: str) -> Place | None:
        """The country entry for an ISO 3166-1 alpha-2 code."""
        # Cached: the query scans every place (no index on country), ~18 ms each.
        code = code.upper()
        if code not in self._countries:
            rows = self.query(
                f"SELECT {PLACE_COLUMNS} FROM places p WHERE p.country = ? AND p.kind = 'country' "
                "ORDER BY p.layer = 'curated' DESC LIMIT 1",
                (code,),
            )
            self._countries[code] = next(filter(None, map(self._place, rows)), None)
        return self._countries[code]

    def region(self, country: str, admin1: str) -> Place | None:
        """The first-level region ``admin1`` of ``country``, if the gazetteer has it."""
        rows = self.query(
            f"SELECT {PLACE_COLUMNS} FROM places p WHERE p.country = ? AND p.admin1 = ? "
            "AND p.feature = 'ADM1' LIMIT 1",
            (country, admin1),
        )
        return next(filter(None, map(self._place, rows)), None)

    # -- word lists -----------------------------------------------------------

    def demonym(self, key: str) -> list[str]:
        """Place ids whose demonym folds to ``key`` (``[]`` for a regional demonym)."""
        found = self._demonyms.get(key)
        if found is None:  # the table is read once per key: it does not change while open
            rows = self.query("SELECT place FROM demonyms WHERE key = ?", (key,))
            found = self._demonyms[key] = tuple(r[0] for r in rows if r[0])
        return list(found)

    @cached_property
    def demonym_keys(self) -> frozenset[str]:
        return frozenset(r[0] for r in self.query("SELECT key FROM demonyms"))

    def words(self, name: str) -> Mapping[str, float]:
        """A word list: ``first_name``/``last_name`` (share %) or ``english`` (rank)."""
        found = self._words.get(name)
        if found is None:  # read key by key, then whole (the plain dict from then on)
            found = self._words.setdefault(name, WordList(self.query, name))
        return found if found.whole is None else found.whole

    @cached_property
    def abbreviations(self) -> dict[str, str]:
        """Case-sensitive abbreviations ("Ky.") → place id."""
        return dict(self.query("SELECT surface, place FROM abbreviations"))

    # -- information ----------------------------------------------------------

    def meta(self, layer: str = "base") -> dict[str, str]:
        table = "meta" if layer == "base" else "imp.meta"
        try:
            return dict(self.query(f"SELECT key, value FROM {table}"))
        except sqlite3.OperationalError:
            return {}

    def counts(self) -> dict[str, dict[str, int]]:
        out = {}
        for layer, prefix in (("base", ""), ("imported", "imp.")):
            if layer == "imported" and not self.has_imported:
                continue
            rows = self.query(f"SELECT layer, COUNT(*) FROM {prefix}places GROUP BY layer")
            names = cast("int", self.query(f"SELECT COUNT(*) FROM {prefix}names")[0][0])
            out[layer] = {**{f"places_{k}": v for k, v in rows}, "names": names}
        return out
