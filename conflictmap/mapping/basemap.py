"""Geometry for the map: the offline world basemap, country outlines and border lines.

Everything comes from the gazetteer's Natural Earth shapes (public domain), so a
map needs no tiles and no network. Shapely geometries are ``(x=lon, y=lat)``;
GeoJSON keeps that order (RFC 7946), and :func:`line_latlngs` converts to the
``[lat, lon]`` order Leaflet's polylines take, at this edge only.

Examples
--------
>>> from shapely.geometry import LineString, Polygon
>>> to_geojson(Polygon([(0, 0), (1, 0), (1, 1), (0, 0)]), digits=1)["coordinates"]
[[[0.0, 0.0], [1.0, 0.0], [1.0, 1.0], [0.0, 0.0]]]
>>> line_latlngs(LineString([(-12.0, 15.5), (-11.0, 15.0)]))
[[[15.5, -12.0], [15.0, -11.0]]]
>>> min_zoom(1000.0), min_zoom(0.5)
(2, 6)
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from shapely.geometry import mapping
from shapely.geometry.base import BaseGeometry

from conflictmap.errors import ConflictmapError
from conflictmap.geo.antimeridian import cut_area

if TYPE_CHECKING:
    from conflictmap.store.gazetteer import Gazetteer

__all__ = [
    "CountryLabel",
    "Locator",
    "World",
    "default_gazetteer",
    "line_latlngs",
    "locator",
    "min_zoom",
    "shared_line",
    "shared_outline",
    "to_geojson",
    "world",
]

#: Decimal places kept in basemap coordinates (0.01° ≈ 1 km, finer than 1:110m data).
DIGITS = 2


def _round(value: Any, digits: int) -> Any:
    if isinstance(value, (list, tuple)):
        if value and isinstance(value[0], (int, float)):
            return [round(float(v), digits) for v in value]
        return [_round(v, digits) for v in value]
    return value


def to_geojson(geometry: BaseGeometry, *, digits: int = DIGITS) -> dict[str, Any]:
    """A shapely geometry as a GeoJSON geometry dict with rounded coordinates."""
    geo = mapping(geometry)
    return {"type": geo["type"], "coordinates": _round(geo["coordinates"], digits)}


def line_latlngs(geometry: BaseGeometry, *, digits: int = 4) -> list[list[list[float]]]:
    """A (multi)line as a list of ``[[lat, lon], ...]`` parts, for Leaflet polylines."""
    parts = getattr(geometry, "geoms", [geometry])
    out = []
    for part in parts:
        coords = [[round(y, digits), round(x, digits)] for x, y, *_ in part.coords]
        if len(coords) >= 2:
            out.append(coords)
    return out


def min_zoom(area_deg2: float) -> int:
    """The zoom from which a country's name is shown, from its area in square degrees."""
    for threshold, zoom in ((150.0, 2), (30.0, 3), (6.0, 4), (1.0, 5)):
        if area_deg2 >= threshold:
            return zoom
    return 6


@dataclass(frozen=True, slots=True)
class CountryLabel:
    code: str
    lat: float
    lon: float
    name: str
    min_zoom: int

    def to_list(self) -> list[Any]:
        return [round(self.lat, 2), round(self.lon, 2), self.name, self.min_zoom]


@dataclass(frozen=True, slots=True)
class World:
    """The offline basemap: every country's outline and where to write its name."""

    #: GeoJSON FeatureCollection (shared between maps: do not modify)
    geojson: dict[str, Any]
    labels: tuple[CountryLabel, ...]
    #: country code → the shape drawn (cut at 180°; shared: do not modify)
    shapes: dict[str, BaseGeometry]


@lru_cache(maxsize=4)
def world(gazetteer: Gazetteer) -> World:
    """The basemap of ``gazetteer`` (simplified Natural Earth shapes), computed once."""
    from shapely.ops import polylabel

    names = gazetteer.shape_names()
    features = []
    labels = []
    shapes = {}
    for code, whole in sorted(gazetteer.shapes(simple=True).items()):
        if whole is None or whole.is_empty:
            continue
        shape = shapes[code] = cut_area(whole)  # no band round the world for Russia or Fiji
        features.append(
            {"type": "Feature", "properties": {"cc": code}, "geometry": to_geojson(shape)}
        )
        if code == "AQ":
            continue
        parts = list(getattr(shape, "geoms", [shape]))
        largest = max(parts, key=lambda p: p.area)
        try:
            point = polylabel(largest, tolerance=0.1)
        except (ValueError, ArithmeticError):  # degenerate polygon
            point = largest.representative_point()
        labels.append(
            CountryLabel(code, point.y, point.x, names.get(code, code), min_zoom(shape.area))
        )
    return World({"type": "FeatureCollection", "features": features}, tuple(labels), shapes)


#: The locator map's frame: an equirectangular world from 60° S to 85° N, in pixels.
LOCATOR_WIDTH = 150
LOCATOR_HEIGHT = 60
LOCATOR_NORTH = 85.0
LOCATOR_SOUTH = -60.0
#: Degrees the locator's outlines are simplified by (a pixel is 2.4°).
LOCATOR_TOLERANCE = 1.5


@dataclass(frozen=True, slots=True)
class Locator:
    """A small world map (one SVG path) on which the map's script marks the current view."""

    path: str
    width: int = LOCATOR_WIDTH
    height: int = LOCATOR_HEIGHT
    north: float = LOCATOR_NORTH
    south: float = LOCATOR_SOUTH

    def to_json(self) -> dict[str, Any]:
        return {"path": self.path, "width": self.width, "height": self.height,
                "north": self.north, "south": self.south}  # fmt: skip


def _locator_xy(lon: float, lat: float) -> str:
    x = (lon + 180.0) / 360.0 * LOCATOR_WIDTH
    y = (LOCATOR_NORTH - lat) / (LOCATOR_NORTH - LOCATOR_SOUTH) * LOCATOR_HEIGHT
    return f"{x:.1f} {y:.1f}"


@lru_cache(maxsize=4)
def locator(gazetteer: Gazetteer) -> Locator:
    """The world in one SVG path (outer rings of countries north of 60° S, simplified).

    Examples
    --------
    >>> _locator_xy(-180.0, 85.0), _locator_xy(0.0, 12.5)
    ('0.0 0.0', '75.0 30.0')
    """
    rings = []
    for code, whole in sorted(gazetteer.shapes(simple=True).items()):
        if whole is None or whole.is_empty or code == "AQ":
            continue
        shape = cut_area(whole).simplify(LOCATOR_TOLERANCE, preserve_topology=False)
        for part in getattr(shape, "geoms", [shape]):
            if part.geom_type != "Polygon" or part.area < LOCATOR_TOLERANCE**2:
                continue
            points = [_locator_xy(x, y) for x, y, *_ in part.exterior.coords]
            rings.append("M" + "L".join(points) + "Z")
    return Locator("".join(rings))


def shared_outline(gazetteer: Gazetteer, a: str, b: str) -> BaseGeometry | None:
    """The stretch of outline countries ``a`` and ``b`` share in the drawn (simplified)
    shapes: their border exactly where the basemap and the country areas draw it.

    ``None`` when the simplified shapes do not touch along a line.
    """
    first, second = gazetteer.shape(a, simple=True), gazetteer.shape(b, simple=True)
    if first is None or second is None:
        return None
    return shared_line(first, second)


def shared_line(first: BaseGeometry, second: BaseGeometry) -> BaseGeometry | None:
    """The stretch of outline two shapes share (``None`` when they do not touch along a line)."""
    from shapely.ops import linemerge

    if first.is_empty or second.is_empty:
        return None
    shared = first.boundary.intersection(second.boundary)
    lines = []
    for part in getattr(shared, "geoms", [shared]):
        lines += [p for p in getattr(part, "geoms", [part]) if p.geom_type == "LineString"]
    lines = [line for line in lines if line.length > 0]
    if not lines:
        return None
    merged: BaseGeometry = linemerge(lines)
    return merged


def default_gazetteer() -> Gazetteer | None:
    """The default home's gazetteer when it is already built, else ``None`` (no build)."""
    from conflictmap.store.registry import open_gazetteer

    try:
        return open_gazetteer(progress=False, build=False)
    except (ConflictmapError, OSError):
        return None
