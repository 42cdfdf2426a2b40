"""Lines and areas that cross the antimeridian (180°), cut so that no part crosses it.

A flat map and GeoJSON (RFC 7946 §3.1.9) both read a step from 179° E to 179° W
as a trip round the world. Two points are joined the short way: when their
longitudes differ by more than 180° the segment crosses the antimeridian, and it
is cut there into two parts, one ending at 180° and one starting at -180°
(:func:`cut_path`). Country outlines whose rings jump from 180° to -180°
(Russia's Chukotka, Fiji) are read the same way, the short way across 180°, and
cut into parts on either side (:func:`cut_area`), so that Leaflet does not fill a
band across the world. The parts of a cut area may touch or overlap (they are for
drawing, not for measuring). Latitudes at the cut are
interpolated straight in degrees, as the lines are drawn.

Examples
--------
>>> apia, suva = LatLon(-13.83, -171.77), LatLon(-18.14, 178.43)
>>> [[(p.lat, p.lon) for p in part] for part in cut_path([apia, suva])]
[[(-13.83, -171.77), (-17.44952, -180.0)], [(-17.44952, 180.0), (-18.14, 178.43)]]
>>> cut_path([LatLon(12.6, -8.0), LatLon(16.3, -0.04)])
[[LatLon(lat=12.6, lon=-8.0), LatLon(lat=16.3, lon=-0.04)]]
>>> from shapely.geometry import Polygon
>>> fiji = Polygon([(178.5, -16.0), (-179.5, -16.0), (-179.5, -17.0), (178.5, -17.0)])
>>> [[round(v, 1) for v in part.bounds] for part in cut_area(fiji).geoms]
[[178.5, -17.0, 180.0, -16.0], [-180.0, -17.0, -179.5, -16.0]]
>>> crosses([apia, suva]), crosses([LatLon(0, 170), LatLon(0, 179)])
(True, False)
"""

from __future__ import annotations

from collections.abc import Sequence
from itertools import pairwise
from typing import TYPE_CHECKING

from conflictmap.model.coords import LatLon

if TYPE_CHECKING:
    from conflictmap.geo.shapes import Shape

__all__ = ["crosses", "cut_area", "cut_line", "cut_path", "polygon_parts"]

#: Decimal places of the latitude where a path is cut (about 1 m).
_CUT_DIGITS = 5


def crosses(points: Sequence[LatLon]) -> bool:
    """True when some step of ``points`` crosses the antimeridian (joined the short way)."""
    return any(abs(b.lon - a.lon) > 180 for a, b in pairwise(points))


def _crossing_lat(a: LatLon, b: LatLon) -> float:
    """The latitude where the short way from ``a`` to ``b`` meets the antimeridian."""
    east = 180.0 if a.lon > 0 else -180.0  # the side of a's meridian
    b_lon = b.lon + (360.0 if a.lon > 0 else -360.0)  # b unwrapped beside a
    share = (east - a.lon) / (b_lon - a.lon)
    return round(a.lat + share * (b.lat - a.lat), _CUT_DIGITS)


def cut_path(points: Sequence[LatLon]) -> list[list[LatLon]]:
    """``points`` as parts none of which crosses the antimeridian (see the module docstring)."""
    parts: list[list[LatLon]] = []
    part: list[LatLon] = []
    for point in points:
        if part and abs(point.lon - part[-1].lon) > 180:
            lat = _crossing_lat(part[-1], point)
            side = 180.0 if part[-1].lon > 0 else -180.0
            part.append(LatLon(lat, side))
            parts.append(part)
            part = [LatLon(lat, -side)]
        part.append(point)
    parts.append(part)
    return parts


def cut_line(line: Shape) -> Shape:
    """A shapely (multi)line with each crossing of the antimeridian cut (it is
    returned as it is when nothing crosses)."""
    from shapely.geometry import MultiLineString

    pieces: list[list[tuple[float, float]]] = []
    cut = False
    for part in getattr(line, "geoms", [line]):
        points = [LatLon(y, x) for x, y, *_ in part.coords]
        cut |= crosses(points)
        pieces += [[(p.lon, p.lat) for p in piece] for piece in cut_path(points)]
    return MultiLineString(pieces) if cut else line


def _unwrapped(coords: Sequence[tuple[float, ...]]) -> list[tuple[float, float]]:
    """A ring's points with longitudes shifted by 360° where it jumps, so it is continuous."""
    out: list[tuple[float, float]] = []
    shift = 0.0
    for x, y, *_ in coords:
        if out and abs(x + shift - out[-1][0]) > 180:
            shift += 360.0 if out[-1][0] > x + shift else -360.0
        out.append((x + shift, y))
    return out


def polygon_parts(
    exterior: Sequence[tuple[float, ...]], holes: Sequence[Sequence[tuple[float, ...]]] = ()
) -> list[Shape]:
    """The polygon of ``exterior`` and ``holes`` as parts none of which crosses 180°.

    Rings that step across the antimeridian (as spherical data such as Natural Earth's
    TopoJSON keeps them) are read the short way and the polygon is cut there; other
    polygons come back whole, and so does a ring round a pole (it has no sides to
    cut it into).

    Examples
    --------
    >>> ring = [(178.5, -16.0), (-179.5, -16.0), (-179.5, -17.0), (178.5, -17.0), (178.5, -16.0)]
    >>> [round(part.area, 2) for part in polygon_parts(ring)]
    [1.5, 0.5]
    """
    from shapely.affinity import translate
    from shapely.geometry import Polygon, box

    if not any(_jumps(ring) for ring in (exterior, *holes)):
        return [Polygon(exterior, holes)]
    outline = _unwrapped(exterior)
    if abs(outline[0][0] - outline[-1][0]) > 1e-9:
        return [Polygon(exterior, holes)]  # round a pole (Antarctica)
    whole = Polygon(outline, [_unwrapped(ring) for ring in holes])
    if not whole.is_valid:
        whole = whole.buffer(0)
    out: list[Shape] = []
    for shift in (-360.0, 0.0, 360.0):
        window = box(-180.0 + shift, -90.0, 180.0 + shift, 90.0)
        piece = whole.intersection(window)
        if piece.is_empty:
            continue
        piece = translate(piece, xoff=-shift)
        out += [p for p in getattr(piece, "geoms", [piece]) if p.geom_type == "Polygon"]
    return out


def _cut_polygon(polygon: Shape) -> list[Shape]:
    holes = [list(ring.coords) for ring in polygon.interiors]
    if not any(_jumps(ring) for ring in (list(polygon.exterior.coords), *holes)):
        return [polygon]
    return polygon_parts(list(polygon.exterior.coords), holes)


def _jumps(coords: Sequence[tuple[float, ...]]) -> bool:
    return any(abs(b[0] - a[0]) > 180 for a, b in pairwise(coords))


def cut_area(area: Shape) -> Shape:
    """A shapely (multi)polygon with its rings that jump across the antimeridian cut
    into parts on either side (returned as it is when no ring jumps)."""
    from shapely.geometry import MultiPolygon

    parts = list(getattr(area, "geoms", [area]))
    cut = [piece for part in parts for piece in _cut_polygon(part)]
    if len(cut) == len(parts) and all(a is b for a, b in zip(cut, parts, strict=True)):
        return area
    return MultiPolygon(cut)
