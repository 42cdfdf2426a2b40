"""Shapes for drawing and exporting: where shapely's ``(x=lon, y=lat)`` meets ``(lat, lon)``.

Shapely geometries (the gazetteer's country outlines and border lines) are in
``(x=lon, y=lat)`` degrees; the map's script and the library's edges want
``(lat, lon)``, and GeoJSON wants ``[lon, lat]`` positions (RFC 7946). Every such
flip for the map, the exports and the statements happens in these functions, and
only here: code elsewhere builds lines and boxes from
:class:`~conflictmap.model.LatLon` points (:func:`line_through`, :func:`segment`,
:func:`box`) and asks here what a shape is (:func:`is_line`, :func:`is_area`).

Examples
--------
>>> from shapely.geometry import LineString, box
>>> geojson_geometry(box(0, 0, 1, 1), digits=1)["type"]
'Polygon'
>>> geojson_position(16.27167, -0.04472)
[-0.04472, 16.27167]
>>> line_latlngs(LineString([(-12.0, 15.5), (-11.0, 15.0)]))
[[[15.5, -12.0], [15.0, -11.0]]]
>>> bounds_latlon(box(-12.0, 10.0, 4.0, 25.0))
(LatLon(lat=10.0, lon=-12.0), LatLon(lat=25.0, lon=4.0))
>>> nearest_boundary_latlon(box(0, 0, 2, 2), LatLon(lat=1.0, lon=3.0))
LatLon(lat=1.0, lon=2.0)
>>> nearest_boundary_latlon(box(0, 0, 2, 2), LatLon(lat=1.0, lon=1.0)) is None
True
>>> [round(v, 3) for v in label_latlon(box(0, 0, 2, 2))]
[1.0, 1.0]
>>> line = line_through([LatLon(14.0, -5.0), LatLon(16.0, -5.0)])
>>> is_line(line), is_area(line), bounds_latlon(line)[1]
(True, False, LatLon(lat=16.0, lon=-5.0))
>>> is_area(box_of(south=10.0, west=-5.0, north=20.0, east=5.0))
True
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, TypeAlias

from conflictmap.model.coords import LatLon

if TYPE_CHECKING:
    from shapely.geometry.base import BaseGeometry

__all__ = [
    "Coordinates",
    "GeoJSONGeometry",
    "Shape",
    "bounds_latlon",
    "box_of",
    "geojson_geometry",
    "geojson_position",
    "is_area",
    "is_line",
    "label_latlon",
    "line_latlngs",
    "line_through",
    "nearest_boundary_latlon",
    "segment",
]

#: a shapely geometry in ``(x=lon, y=lat)`` degrees, as code outside ``geo`` holds one
#: (shapely ships no type hints)
Shape: TypeAlias = Any

#: GeoJSON ``coordinates``: a position ``[lon, lat]`` or nested lists of positions.
Coordinates: TypeAlias = "Sequence[float] | Sequence[Coordinates]"
#: A GeoJSON geometry object: ``{"type": ..., "coordinates": ...}``.
GeoJSONGeometry: TypeAlias = "dict[str, str | Coordinates]"

#: Degrees polylabel may be off by when placing a country's label (about 10 km).
_LABEL_TOLERANCE = 0.1
_LINES = frozenset({"LineString", "MultiLineString"})
_AREAS = frozenset({"Polygon", "MultiPolygon"})


def _rounded(value: object, digits: int) -> Coordinates:
    if isinstance(value, (list, tuple)):
        if value and isinstance(value[0], (int, float)):
            return [round(float(v), digits) for v in value]
        return [_rounded(v, digits) for v in value]
    raise TypeError(f"not GeoJSON coordinates: {value!r}")


def geojson_geometry(geometry: BaseGeometry, *, digits: int) -> GeoJSONGeometry:
    """A shapely geometry as a GeoJSON geometry, coordinates rounded to ``digits`` places.

    Shapely's ``(x, y)`` is already GeoJSON's ``[lon, lat]``: nothing is swapped.
    """
    from shapely.geometry import mapping

    geo = mapping(geometry)
    return {"type": str(geo["type"]), "coordinates": _rounded(geo["coordinates"], digits)}


def geojson_position(lat: float, lon: float, *, digits: int = 6) -> list[float]:
    """A GeoJSON position: ``[lon, lat]``, rounded to ``digits`` places."""
    return [round(lon, digits), round(lat, digits)]


def line_latlngs(geometry: BaseGeometry, *, digits: int = 4) -> list[list[list[float]]]:
    """A (multi)line as a list of ``[[lat, lon], ...]`` parts (Leaflet's polyline order).

    Parts with fewer than two points are left out.
    """
    parts = getattr(geometry, "geoms", [geometry])
    out = []
    for part in parts:
        coords = [[round(y, digits), round(x, digits)] for x, y, *_ in part.coords]
        if len(coords) >= 2:
            out.append(coords)
    return out


def bounds_latlon(geometry: BaseGeometry) -> tuple[LatLon, LatLon]:
    """The geometry's box as its south-west and north-east corners."""
    west, south, east, north = geometry.bounds
    return LatLon(south, west), LatLon(north, east)


def nearest_boundary_latlon(area: BaseGeometry, point: LatLon) -> LatLon | None:
    """The point of ``area``'s outline nearest ``point``; ``None`` when ``point`` is inside."""
    from shapely.geometry import Point
    from shapely.ops import nearest_points

    spot = Point(point.lon, point.lat)
    if area.contains(spot):
        return None
    nearest = nearest_points(area.boundary, spot)[0]
    return LatLon(nearest.y, nearest.x)


def label_latlon(area: BaseGeometry) -> LatLon:
    """Where to write an area's name: the pole of inaccessibility of its largest part."""
    from shapely.ops import polylabel

    parts = list(getattr(area, "geoms", [area]))
    largest = max(parts, key=lambda p: p.area)
    try:
        point = polylabel(largest, tolerance=_LABEL_TOLERANCE)
    except (ValueError, ArithmeticError):  # degenerate polygon
        point = largest.representative_point()
    return LatLon(point.y, point.x)


def is_line(shape: Shape | None) -> bool:
    """True for a line or multiline (a border).

    Examples
    --------
    >>> is_line(None), is_line(segment(LatLon(0, 0), LatLon(1, 1)))
    (False, True)
    """
    return shape is not None and shape.geom_type in _LINES


def is_area(shape: Shape | None) -> bool:
    """True for a polygon or multipolygon (a country's outline).

    Examples
    --------
    >>> is_area(box_of(south=0, west=0, north=1, east=1)), is_area(None)
    (True, False)
    """
    return shape is not None and shape.geom_type in _AREAS


def line_through(points: Sequence[LatLon]) -> Shape:
    """A line through ``points`` in order (at least two).

    Examples
    --------
    >>> line_through([LatLon(0, 0), LatLon(1, 0), LatLon(1, 1)]).length
    2.0
    """
    from shapely.geometry import LineString

    return LineString([(point.lon, point.lat) for point in points])


def segment(a: LatLon, b: LatLon) -> Shape:
    """The straight segment from ``a`` to ``b`` (straight in degrees, not a geodesic).

    Examples
    --------
    >>> segment(LatLon(0, 0), LatLon(3, 4)).length
    5.0
    """
    return line_through([a, b])


def box_of(*, south: float, west: float, north: float, east: float) -> Shape:
    """The rectangle between two latitudes and two longitudes.

    Examples
    --------
    >>> bounds_latlon(box_of(south=0, west=1, north=2, east=3))
    (LatLon(lat=0.0, lon=1.0), LatLon(lat=2.0, lon=3.0))
    """
    import shapely

    return shapely.box(west, south, east, north)
