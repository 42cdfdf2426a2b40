"""The layered gazetteer, opened read-only: base, curated, imported, corrections.

Layers live in separate SQLite files under the conflictmap home so that each can
be rebuilt or replaced without touching the others::

    base.sqlite         built from installed data; includes the curated layer
    imported.sqlite     GeoNames dumps the user imported (village-level coverage)
    corrections.sqlite  the user's fixes (see conflictmap.store.corrections)

A later layer wins: an imported row replaces the base row with the same place id,
and a correction outranks everything.
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Any

from conflictmap.errors import GazetteerCorruptError, GazetteerNotBuiltError, UnknownPlaceError
from conflictmap.model import Place
from conflictmap.paths import BASE_DB, CORRECTIONS_DB, IMPORTED_DB, resolve_home
from conflictmap.store.build import (
    CURATED_ALIAS,
    OWN_NAME,
    UPPER_ONLY,
    build_base,
    needs_rebuild,
    print_progress,
)
from conflictmap.store.overrides import Overrides
from conflictmap.text.folding import fold

__all__ = ["CORRECTED", "Candidate", "Gazetteer"]

#: flag on a candidate that comes from the user's corrections
CORRECTED = 8
#: flag on a candidate the user prefers for this name
PREFERRED = 16

_PLACE_COLUMNS = (
    "p.pid, p.name, p.lat, p.lon, p.country, p.feature, p.kind, p.admin1, p.admin1_name, "
    "p.population, p.layer, p.source"
)
_BATCH = 400
#: attributes a view with other overrides must not share
_OVERRIDE_DEPENDENT = frozenset({"overrides", "never_place_keys", "_run_overrides"})
#: names whose stored candidates are kept in memory (bounded: constant memory on any feed)
_CACHE_KEYS = 4096


@dataclass(frozen=True, slots=True)
class Candidate:
    """A place that a folded name may refer to, with how the name matched it."""

    place: Place
    flags: int = 0

    @property
    def own_name(self) -> bool:
        return bool(self.flags & OWN_NAME)

    @property
    def curated(self) -> bool:
        return bool(self.flags & CURATED_ALIAS)

    @property
    def upper_only(self) -> bool:
        return bool(self.flags & UPPER_ONLY)

    @property
    def corrected(self) -> bool:
        return bool(self.flags & CORRECTED)

    @property
    def preferred(self) -> bool:
        return bool(self.flags & PREFERRED)


def _place(row: Sequence[Any]) -> Place:
    return Place(
        id=row[0],
        name=row[1],
        lat=row[2],
        lon=row[3],
        country=row[4],
        feature=row[5],
        kind=row[6],
        admin1=row[7],
        admin1_name=row[8],
        population=row[9] or 0,
        layer=row[10],
        source=row[11],
    )


def _open_ro(path: Path) -> sqlite3.Connection:
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True, check_same_thread=False)
    conn.execute("PRAGMA query_only=ON")
    return conn


class Gazetteer:
    """Read-only access to every gazetteer layer.

    Parameters
    ----------
    home : path, optional
        The conflictmap home (default: ``$CONFLICTMAP_HOME`` or the user data folder).
    build : bool
        Build the base layer when it is missing or stale (default ``True``).
    progress : bool
        Show a progress bar on stderr while building.
    overrides : Overrides, optional
        Per-run corrections laid on top of the stored ones.

    Examples
    --------
    >>> gaz = Gazetteer.from_places([Place(id="t:1", name="Gao", lat=16.27, lon=-0.04,
    ...                                     country="ML", kind="city")])
    >>> [c.place.name for c in gaz.candidates("gao")]
    ['Gao']
    """

    def __init__(
        self,
        home: str | Path | None = None,
        *,
        build: bool = True,
        progress: bool = True,
        overrides: Overrides | None = None,
        _conn: sqlite3.Connection | None = None,
    ) -> None:
        self.home = resolve_home(home)
        self._lock = threading.Lock()
        self._places: dict[str, Place] = {}
        if _conn is not None:
            self._conn = _conn
            self.layers = ["base"]
        else:
            base = self.home / BASE_DB
            if needs_rebuild(base):
                if not build:
                    raise GazetteerNotBuiltError(
                        f"no gazetteer in {self.home}: run 'conflictmap gazetteer build'"
                    )
                build_base(self.home, progress=print_progress if progress else None)
            try:
                self._conn = _open_ro(base)
                self.layers = ["base"]
                imported = self.home / IMPORTED_DB
                if imported.exists():
                    try:
                        self._conn.execute(
                            "ATTACH DATABASE ? AS imp", (f"file:{imported}?mode=ro",)
                        )
                    except sqlite3.DatabaseError as error:
                        raise GazetteerCorruptError(
                            f"{imported}: the file is damaged ({error}); "
                            "move it away and import again"
                        ) from None
                    self.layers.append("imported")
            except sqlite3.DatabaseError as error:
                raise GazetteerCorruptError(f"{base}: {error}") from error
        self._run_overrides = overrides
        self._corrections_stamp = self._corrections_mtime()
        stored = self._stored_overrides()
        self.overrides = stored.merged(overrides) if overrides else stored

    # -- construction helpers -------------------------------------------------

    @classmethod
    def from_places(
        cls,
        places: Iterable[Place],
        *,
        aliases: Iterable[tuple[str, str]] = (),
        never: Iterable[str] = (),
        demonyms: Iterable[tuple[str, str]] = (),
        overrides: Overrides | None = None,
    ) -> Gazetteer:
        """A tiny in-memory gazetteer (for tests and examples)."""
        from conflictmap.store.schema import create_layer

        conn = sqlite3.connect(":memory:", check_same_thread=False)
        create_layer(conn, shapes=True)
        rid_of = {}
        for rid, place in enumerate(places, start=1):
            rid_of[place.id] = rid
            conn.execute(
                "INSERT INTO places VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
                (
                    rid, place.id, place.name, place.lat, place.lon, place.country,
                    (place.feature or "P")[:1], place.feature, place.kind, place.admin1,
                    place.admin1_name, place.population, place.layer, place.source,
                ),
            )  # fmt: skip
            conn.execute("INSERT OR IGNORE INTO names VALUES (?,?,?)", (fold(place.name), rid, 1))
        for alias, pid in aliases:
            conn.execute(
                "INSERT OR IGNORE INTO names VALUES (?,?,?)", (fold(alias), rid_of[pid], 2)
            )
        for name in never:
            conn.execute("INSERT INTO never_places VALUES (?,?,?)", (fold(name), name, "test"))
        for demonym, pid in demonyms:
            conn.execute(
                "INSERT INTO demonyms VALUES (?,?,?,?)", (fold(demonym), demonym, pid, "test")
            )
        gaz = cls.__new__(cls)
        gaz.home = Path(".")
        gaz._lock = threading.Lock()
        gaz._places = {}
        gaz._conn = conn
        gaz.layers = ["base"]
        gaz.overrides = overrides or Overrides()
        return gaz

    def with_overrides(self, overrides: Overrides | None) -> Gazetteer:
        """A view of this gazetteer with per-run overrides on top (shares the connection)."""
        if overrides is None or overrides.empty:
            return self
        view = Gazetteer.__new__(Gazetteer)
        # Share the connection and the caches of the read-only layers; not what
        # depends on the overrides.
        view.__dict__.update(
            {k: v for k, v in self.__dict__.items() if k not in _OVERRIDE_DEPENDENT}
        )
        view.overrides = self.overrides.merged(overrides)
        view._run_overrides = overrides
        return view

    def _corrections_mtime(self) -> tuple[float, ...]:
        path = self.home / CORRECTIONS_DB
        stamps = []
        for candidate in (path, path.with_name(path.name + "-wal")):
            try:
                stat = candidate.stat()
            except OSError:
                stamps.append(0.0)
            else:
                stamps += [stat.st_mtime, float(stat.st_size)]
        return tuple(stamps)

    def refresh(self) -> bool:
        """Re-read the user's corrections if another process changed them.

        A long-running process (a notebook, a batch run) calls this before each
        article, so a fix made meanwhile with ``conflictmap gazetteer alias`` holds.
        Returns True when the corrections were reloaded.
        """
        previous = getattr(self, "_corrections_stamp", None)
        if previous is None:  # an in-memory gazetteer has no corrections file
            return False
        stamp = self._corrections_mtime()
        if stamp == previous:
            return False
        self._corrections_stamp = stamp
        stored = self._stored_overrides()
        run = getattr(self, "_run_overrides", None)
        self.overrides = stored.merged(run) if run else stored
        return True

    def _stored_overrides(self) -> Overrides:
        path = self.home / CORRECTIONS_DB
        if not path.exists():
            return Overrides()
        from conflictmap.store.corrections import CorrectionStore

        self.overrides = Overrides()  # exists() below sees the data layers only
        return CorrectionStore(path).overrides(known=self.exists)

    def close(self) -> None:
        self._conn.close()

    def __enter__(self) -> Gazetteer:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- queries --------------------------------------------------------------

    def _query(self, sql: str, params: Sequence[Any] = ()) -> list[Any]:
        with self._lock:
            try:
                return self._conn.execute(sql, params).fetchall()
            except sqlite3.DatabaseError as error:
                if "malformed" not in str(error) and "not a database" not in str(error):
                    raise
                raise self._damaged(error) from None

    def _damaged(self, error: sqlite3.DatabaseError) -> GazetteerCorruptError:
        """Name the layer file that fails its check (a corrupt page met in a query)."""
        layers = [("main", self.home / BASE_DB, "rebuild it: conflictmap gazetteer build --force")]
        if "imported" in self.layers:
            layers.append(("imp", self.home / IMPORTED_DB, "move it away and import again"))
        for schema, path, fix in layers:
            try:
                ok = self._conn.execute(f"PRAGMA {schema}.quick_check(1)").fetchone()[0] == "ok"
            except sqlite3.DatabaseError:
                ok = False
            if not ok:
                return GazetteerCorruptError(f"{path}: the file is damaged ({error}); {fix}")
        return GazetteerCorruptError(f"{self.home}: a gazetteer file is damaged ({error})")

    @cached_property
    def _has_imported(self) -> bool:
        return "imported" in self.layers

    def candidates(self, key: str) -> list[Candidate]:
        """Every place the folded name ``key`` may refer to, corrections applied.

        A rejected name has no candidates; a preferred place carries
        :data:`PREFERRED`; places added or aliased by the user carry :data:`CORRECTED`.
        """
        ov = self.overrides
        if key in ov.reject:
            return []
        found = dict(self._stored_candidates(key))
        for pid in ov.aliases.get(key, ()):
            place = self.get(pid)
            previous = found.get(pid)
            found[pid] = Candidate(
                place, (previous.flags if previous else 0) | CORRECTED | CURATED_ALIAS
            )
        preferred = ov.prefer.get(key)
        if preferred is not None:
            place = self.get(preferred)
            previous = found.get(preferred)
            found[preferred] = Candidate(
                place, (previous.flags if previous else 0) | CORRECTED | PREFERRED
            )
        return [
            c
            if c.place.id not in ov.places
            else Candidate(ov.places[c.place.id], c.flags | CORRECTED)
            for c in found.values()
        ]

    @cached_property
    def _candidate_cache(self) -> dict[str, dict[str, Candidate]]:
        return {}

    @cached_property
    def _known_cache(self) -> dict[str, bool]:
        return {}

    def _stored_candidates(self, key: str) -> dict[str, Candidate]:
        """Candidates of ``key`` in the base and imported layers, before overrides.

        The layers are read-only, so answers are cached (at most ``_CACHE_KEYS``
        names, oldest dropped first); callers must not mutate the returned dict.
        """
        cache = self._candidate_cache
        found = cache.get(key)
        if found is not None:
            return found
        found = {}
        sql = f"SELECT {_PLACE_COLUMNS}, n.flags FROM names n JOIN places p ON p.rid = n.rid WHERE n.key = ?"
        rows = self._query(sql, (key,))
        if self._has_imported:
            rows += self._query(
                sql.replace("names n JOIN places p", "imp.names n JOIN imp.places p"), (key,)
            )
        for row in rows:
            place = _place(row)
            previous = found.get(place.id)
            flags = row[12] | (previous.flags if previous else 0)
            if previous is not None and place.layer != "imported":
                place = previous.place
            found[place.id] = Candidate(place, flags)
        if self._has_imported:
            # A base or curated place matched by a name only that layer knows: the
            # imported row with the same id still replaces it.
            older = [pid for pid, c in found.items() if c.place.layer != "imported"]
            for start in range(0, len(older), _BATCH):
                chunk = older[start : start + _BATCH]
                marks = ",".join("?" * len(chunk))
                sql = f"SELECT {_PLACE_COLUMNS} FROM imp.places p WHERE p.pid IN ({marks})"
                for row in self._query(sql, chunk):
                    found[row[0]] = Candidate(_place(row), found[row[0]].flags)
        with self._lock:
            if len(cache) >= _CACHE_KEYS:
                cache.pop(next(iter(cache)), None)
            cache[key] = found
        return found

    def known_keys(self, keys: Iterable[str]) -> set[str]:
        """The subset of folded ``keys`` that some layer knows as a name."""
        keys = list(dict.fromkeys(keys))
        cache = self._known_cache  # key -> known in a stored layer (bounded, see _CACHE_KEYS)
        known = {k for k in keys if cache.get(k)}
        asked = [k for k in keys if k not in cache]
        found: set[str] = set()
        tables = ["names"] + (["imp.names"] if self._has_imported else [])
        for start in range(0, len(asked), _BATCH):
            chunk = asked[start : start + _BATCH]
            marks = ",".join("?" * len(chunk))
            for table in tables:
                found.update(
                    row[0]
                    for row in self._query(
                        f"SELECT DISTINCT key FROM {table} WHERE key IN ({marks})", chunk
                    )
                )
        with self._lock:
            if len(cache) + len(asked) > 16 * _CACHE_KEYS:
                cache.clear()
            cache.update((k, k in found) for k in asked)
        known |= found
        known |= {k for k in keys if k in self.overrides.aliases or k in self.overrides.prefer}
        return known - self.overrides.reject

    def keys_with_prefix(self, prefix: str, *, limit: int = 20) -> list[str]:
        """Known folded names that start with ``prefix`` (an index range scan)."""
        upper = prefix + "\uffff"
        out: list[str] = []
        tables = ["names"] + (["imp.names"] if self._has_imported else [])
        for table in tables:
            out += [
                r[0]
                for r in self._query(
                    f"SELECT DISTINCT key FROM {table} WHERE key >= ? AND key < ? LIMIT ?",
                    (prefix, upper, limit),
                )
            ]
        return sorted(set(out))[:limit]

    def is_never_place(self, key: str) -> bool:
        """True when ``key`` is a name that is never a place (curated or rejected)."""
        if key in self.overrides.reject:
            return True
        if key in self.overrides.aliases or key in self.overrides.prefer:
            return False
        return bool(self._query("SELECT 1 FROM never_places WHERE key = ?", (key,)))

    @cached_property
    def never_place_keys(self) -> frozenset[str]:
        rows = self._query("SELECT key FROM never_places")
        return frozenset(r[0] for r in rows) | self.overrides.reject

    def get(self, pid: str) -> Place:
        """The place with id ``pid`` from the highest layer that has it.

        Raises
        ------
        UnknownPlaceError
            When no layer holds ``pid``.
        """
        if pid in self.overrides.places:
            return self.overrides.places[pid]
        cached = self._places.get(pid)
        if cached is not None:
            return cached
        sql = f"SELECT {_PLACE_COLUMNS} FROM places p WHERE p.pid = ?"
        rows = []
        if self._has_imported:
            rows = self._query(sql.replace("places p", "imp.places p"), (pid,))
        if not rows:
            rows = self._query(sql, (pid,))
        if not rows:
            raise UnknownPlaceError(f"unknown place id {pid!r}")
        place = _place(rows[0])
        self._places[pid] = place
        return place

    def exists(self, pid: str) -> bool:
        try:
            self.get(pid)
        except UnknownPlaceError:
            return False
        return True

    def country(self, code: str) -> Place | None:
        """The country entry for an ISO 3166-1 alpha-2 code."""
        # Cached: the query scans every place (no index on country), ~18 ms each.
        cache = self.__dict__.setdefault("_country_cache", {})
        code = code.upper()
        if code not in cache:
            rows = self._query(
                f"SELECT {_PLACE_COLUMNS} FROM places p WHERE p.country = ? AND p.kind = 'country' "
                "ORDER BY p.layer = 'curated' DESC LIMIT 1",
                (code,),
            )
            cache[code] = _place(rows[0]) if rows else None
        return cache[code]

    def demonym(self, key: str) -> list[str]:
        """Place ids whose demonym folds to ``key`` ("malian" → ["geonames:2453866"]).

        Regional demonyms with no place ("Arab") are known but name nothing: ``[]``.
        """
        rows = self._query("SELECT place FROM demonyms WHERE key = ?", (key,))
        return [r[0] for r in rows if r[0]]

    def words(self, name: str) -> dict[str, float]:
        """A word list: ``first_name``/``last_name`` (share %) or ``english`` (rank)."""
        cache = self.__dict__.setdefault("_words", {})
        if name not in cache:
            cache[name] = dict(self._query("SELECT key, value FROM words WHERE list = ?", (name,)))
        return cache[name]

    @property
    def first_names(self) -> dict[str, float]:
        """Given names (folded) with their share of the population in percent."""
        return self.words("first_name")

    @cached_property
    def abbreviations(self) -> dict[str, str]:
        """Case-sensitive abbreviations ("Ky.") → place id."""
        return dict(self._query("SELECT surface, place FROM abbreviations"))

    @cached_property
    def demonym_keys(self) -> frozenset[str]:
        return frozenset(r[0] for r in self._query("SELECT key FROM demonyms"))

    def region(self, country: str, admin1: str) -> Place | None:
        """The first-level region ``admin1`` of ``country``, if the gazetteer has it."""
        rows = self._query(
            f"SELECT {_PLACE_COLUMNS} FROM places p WHERE p.country = ? AND p.admin1 = ? "
            "AND p.feature = 'ADM1' LIMIT 1",
            (country, admin1),
        )
        return _place(rows[0]) if rows else None

    # -- shapes ---------------------------------------------------------------

    def shape(self, code: str, *, simple: bool = False) -> Any:
        """The country's polygon as a shapely geometry in ``(lon, lat)``, or ``None``."""
        from shapely import wkb

        column = "simple" if simple else "wkb"
        rows = self._query(f"SELECT {column} FROM shapes WHERE country = ?", (code.upper(),))
        return wkb.loads(rows[0][0]) if rows else None

    def shapes(self, *, simple: bool = True) -> dict[str, Any]:
        """Every country polygon (for a basemap)."""
        from shapely import wkb

        column = "simple" if simple else "wkb"
        return {
            code: wkb.loads(blob)
            for code, blob in self._query(f"SELECT country, {column} FROM shapes")
        }

    def shape_names(self) -> dict[str, str]:
        """Natural Earth's short label name of each country shape ("Dem. Rep. Congo")."""
        return {
            code: name for code, name in self._query("SELECT country, name FROM shapes") if name
        }

    def border(self, a: str, b: str) -> Any:
        """The shared border of two countries as a shapely line, or ``None``."""
        x, y = sorted((a.upper(), b.upper()))
        cache = self.__dict__.setdefault("_border_cache", {})  # a few hundred pairs at most
        if (x, y) not in cache:
            rows = self._query("SELECT wkb FROM borders WHERE a = ? AND b = ?", (x, y))
            if rows:
                from shapely import wkb  # only when there is a line: importing it costs ~0.1 s

                cache[(x, y)] = wkb.loads(rows[0][0])
            else:
                cache[(x, y)] = None
        return cache[(x, y)]

    @cached_property
    def _sizes(self) -> dict[str, float]:
        """Geodesic areas (km²) of countries and lengths (km) of borders, from the build."""
        sizes: dict[str, float] = {}
        try:
            for code, area in self._query("SELECT country, area_km2 FROM shapes"):
                if area is not None:
                    sizes[code] = float(area)
            for a, b, length in self._query("SELECT a, b, length_km FROM borders"):
                if length is not None:
                    sizes[f"{a}-{b}"] = float(length)
        except sqlite3.OperationalError:  # an in-memory test gazetteer without the columns
            pass
        return sizes

    def area_km2(self, code: str) -> float | None:
        """The geodesic area of a country's outline (km²), measured at build time."""
        return self._sizes.get(code.upper())

    def border_length_km(self, a: str, b: str) -> float | None:
        """The geodesic length of two countries' shared border (km)."""
        x, y = sorted((a.upper(), b.upper()))
        return self._sizes.get(f"{x}-{y}")

    def neighbours(self, code: str) -> list[str]:
        code = code.upper()
        rows = self._query("SELECT a, b FROM borders WHERE a = ? OR b = ?", (code, code))
        return sorted({a if b == code else b for a, b in rows})

    @cached_property
    def _country_index(self) -> Any:
        from shapely import STRtree

        shapes = self.shapes(simple=False)
        codes = list(shapes)
        return codes, STRtree([shapes[c] for c in codes]), shapes

    def country_at(self, lat: float, lon: float) -> str | None:
        """The ISO code of the country containing the point, if any."""
        from shapely.geometry import Point

        codes, tree, _shapes = self._country_index
        point = Point(lon, lat)
        for index in tree.query(point, predicate="intersects"):
            return codes[int(index)]
        return None

    # -- information ----------------------------------------------------------

    def meta(self, layer: str = "base") -> dict[str, str]:
        table = "meta" if layer == "base" else "imp.meta"
        try:
            return dict(self._query(f"SELECT key, value FROM {table}"))
        except sqlite3.OperationalError:
            return {}

    def counts(self) -> dict[str, dict[str, int]]:
        out = {}
        for layer, prefix in (("base", ""), ("imported", "imp.")):
            if layer == "imported" and not self._has_imported:
                continue
            rows = self._query(f"SELECT layer, COUNT(*) FROM {prefix}places GROUP BY layer")
            names = self._query(f"SELECT COUNT(*) FROM {prefix}names")[0][0]
            out[layer] = {**{f"places_{k}": v for k, v in rows}, "names": names}
        return out
