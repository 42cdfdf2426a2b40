"""Lines and areas in kilometres: nearest points, buffer zones, areas and area shares.

Shapely geometries here are in ``(x=lon, y=lat)`` degrees, as the gazetteer
stores them; every function takes and returns ``lat``/``lon`` at its edges.

Distances to a line or an area are found in a local sinusoidal projection
centred on the query point (exact along its meridian, a few per cent off a
thousand kilometres away) and then measured on the ellipsoid between the query
point and the nearest point found, so the reported figure is a geodesic one.

Each function also takes a :class:`~conflictmap.geo.planar.Outline` (an outline or
border read from WKB without shapely); distances and area shares of one are
measured in pure Python with the same arithmetic.

Examples
--------
>>> from shapely.geometry import LineString, box
>>> line = LineString([(-5.0, 14.0), (-5.0, 16.0)])      # a meridian segment at 5° W
>>> km, (lat, lon) = distance_to(line, 15.0, -4.0)
>>> round(km), round(lat, 2), round(lon, 2)
(108, 15.0, -5.0)
>>> round(geodesic_area_km2(box(0, 0, 1, 1)))
12309
>>> south, west = area_share(box(0, 0, 2, 2), 1.0, 0.5)
>>> round(south, 2), round(west, 2)
(0.5, 0.25)
>>> zone = buffer_km(line, 50)
>>> zone.contains(__import__("shapely").Point(-4.6, 15.0)), zone.contains(__import__("shapely").Point(-4.4, 15.0))
(True, False)
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Any

from geographiclib.geodesic import Geodesic

from conflictmap.geo import planar
from conflictmap.geo.geodesy import geodesic_km
from conflictmap.geo.planar import Outline

if TYPE_CHECKING:
    from shapely.geometry.base import BaseGeometry

# numpy and shapely are imported inside the functions: an article with no border or
# area statement never pays for loading them.

__all__ = [
    "area_share",
    "buffer_km",
    "distance_to",
    "from_local",
    "geodesic_area_km2",
    "line_length_km",
    "to_local",
]

#: kilometres per degree of latitude on the mean sphere
KM_PER_DEGREE = 6371.0088 * math.pi / 180.0


def to_local(geom: BaseGeometry, lat0: float, lon0: float) -> BaseGeometry:
    """``geom`` in a sinusoidal projection centred on ``(lat0, lon0)``, in km."""
    import numpy as np
    import shapely

    def forward(coords: Any) -> Any:
        lon, lat = coords[:, 0], coords[:, 1]
        x = (lon - lon0) * np.cos(np.radians(lat)) * KM_PER_DEGREE
        y = (lat - lat0) * KM_PER_DEGREE
        return np.column_stack([x, y])

    return shapely.transform(geom, forward)


def from_local(geom: BaseGeometry, lat0: float, lon0: float) -> BaseGeometry:
    """The inverse of :func:`to_local`: km back to ``(lon, lat)`` degrees."""
    import numpy as np
    import shapely

    def backward(coords: Any) -> Any:
        x, y = coords[:, 0], coords[:, 1]
        lat = y / KM_PER_DEGREE + lat0
        cos = np.maximum(np.cos(np.radians(lat)), 1e-9)
        lon = x / (cos * KM_PER_DEGREE) + lon0
        return np.column_stack([lon, lat])

    return shapely.transform(geom, backward)


def distance_to(geom: BaseGeometry, lat: float, lon: float) -> tuple[float, tuple[float, float]]:
    """Geodesic km from ``(lat, lon)`` to the nearest point of ``geom``, and that point.

    A point inside an area is at distance 0 from it (the nearest point is itself).
    """
    if isinstance(geom, Outline):
        return planar.distance_to(geom, lat, lon)
    import shapely
    from shapely.ops import nearest_points

    local = to_local(geom, lat, lon)
    origin = shapely.Point(0.0, 0.0)
    if local.geom_type in ("Polygon", "MultiPolygon") and local.covers(origin):
        return 0.0, (lat, lon)
    _, near = nearest_points(origin, local)
    back = from_local(near, lat, lon)
    near_lat, near_lon = float(back.y), float(back.x)
    return geodesic_km(lat, lon, near_lat, near_lon), (near_lat, near_lon)


def buffer_km(geom: BaseGeometry, km: float) -> BaseGeometry:
    """The zone within ``km`` of ``geom``, in ``(lon, lat)`` degrees."""
    if isinstance(geom, Outline):
        geom = geom.shapely()
    centre = geom.centroid
    lat0, lon0 = float(centre.y), float(centre.x)
    return from_local(to_local(geom, lat0, lon0).buffer(km, quad_segs=16), lat0, lon0)


def geodesic_area_km2(geom: BaseGeometry) -> float:
    """The area of a polygon or multipolygon on the WGS84 ellipsoid, in km²."""
    parts: list[Any]
    if isinstance(geom, Outline):
        parts = list(geom.parts) if geom.geom_type in ("Polygon", "MultiPolygon") else []
    else:
        parts = [
            [polygon.exterior.coords, *(hole.coords for hole in polygon.interiors)]
            for polygon in getattr(geom, "geoms", [geom])
            if polygon.geom_type == "Polygon"
        ]
    total = 0.0
    for shell, *holes in parts:
        total += _ring_area(shell)
        for hole in holes:
            total -= _ring_area(hole)
    return total / 1e6


def line_length_km(geom: BaseGeometry) -> float:
    """The geodesic length of a line or multiline on the WGS84 ellipsoid, in km.

    Examples
    --------
    >>> from shapely.geometry import LineString
    >>> round(line_length_km(LineString([(0, 0), (0, 1), (1, 1)])), 1)
    221.9
    """
    total = 0.0
    lines = (
        geom.rings()
        if isinstance(geom, Outline)
        else (line.coords for line in getattr(geom, "geoms", [geom]))
    )
    for coords in lines:
        line_ = Geodesic.WGS84.Polygon(True)
        for lon, lat in coords:
            line_.AddPoint(lat, lon)
        _, perimeter, _ = line_.Compute(False, True)
        total += float(perimeter)
    return total / 1000.0


def _ring_area(coords: Any) -> float:
    ring = Geodesic.WGS84.Polygon()
    points = list(coords)
    if len(points) > 1 and points[0] == points[-1]:
        points = points[:-1]
    for lon, lat in points:
        ring.AddPoint(lat, lon)
    _, _, area = ring.Compute(False, True)
    return abs(float(area))


def area_share(geom: BaseGeometry, lat: float, lon: float) -> tuple[float, float]:
    """Shares of ``geom``'s area south of ``lat`` and west of ``lon`` (0 to 1).

    Measured in an equal-area cylindrical projection, so the shares are shares
    of true area.
    """
    if isinstance(geom, Outline):
        return planar.area_share(geom, lat, lon)
    import numpy as np
    import shapely

    def equal_area(coords: Any) -> Any:
        return np.column_stack([np.radians(coords[:, 0]), np.sin(np.radians(coords[:, 1]))])

    flat = shapely.transform(geom, equal_area)
    total = flat.area
    if total <= 0:
        return 0.5, 0.5
    minx, miny, maxx, maxy = flat.bounds
    y = math.sin(math.radians(lat))
    x = math.radians(lon)
    south = (
        flat.intersection(shapely.box(minx - 1, miny - 1, maxx + 1, y)).area if y > miny else 0.0
    )
    west = flat.intersection(shapely.box(minx - 1, miny - 1, x, maxy + 1)).area if x > minx else 0.0
    return min(1.0, south / total), min(1.0, west / total)
