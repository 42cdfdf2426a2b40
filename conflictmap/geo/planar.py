"""Country outlines and border lines read straight from WKB: measured without shapely.

Importing shapely (and with it numpy, whose OpenBLAS also starts a thread pool)
costs more CPU than the rest of a one-article ``extract`` (issue 19: start-up). The
statements only ask three things of an anchor's outline or border line: its bounds,
the nearest point to a subject (:func:`distance_to`) and the shares of an area south
and west of a subject (:func:`area_share`). :class:`Outline` holds the parsed
coordinates of a 2-D ``Polygon``, ``MultiPolygon``, ``LineString`` or
``MultiLineString`` and answers those with the same arithmetic as
:mod:`conflictmap.geo.areas` on shapely geometries: the same projections, GEOS's
``DistanceOp`` walk (``Distance::pointToSegment``, ``LineSegment::closestPoint``,
envelope pruning, first of equals wins) and ``RayCrossingCounter`` point location
(with an exact orientation where the floating-point one is in doubt), so distances
and nearest points agree to the last bit; area shares clip the rings in pure Python
(Sutherland-Hodgman on a half-plane), which agrees with GEOS's overlay to rounding
(``tests/test_geo_planar.py`` compares both over every outline of the base).
Anything else (a buffer zone, a drawing) asks :meth:`Outline.shapely`.

Examples
--------
>>> import struct
>>> square = struct.pack("<BIII", 1, 3, 1, 5) + struct.pack(
...     "<10d", 0, 0, 2, 0, 2, 2, 0, 2, 0, 0)
>>> outline = Outline.from_wkb(square)
>>> outline.geom_type, outline.bounds
('Polygon', (0.0, 0.0, 2.0, 2.0))
>>> km, (lat, lon) = distance_to(outline, 1.0, 3.0)
>>> round(km, 1), round(lat, 3), round(lon, 3)
(111.3, 1.0, 2.0)
>>> distance_to(outline, 1.0, 1.0)
(0.0, (1.0, 1.0))
>>> [round(share, 2) for share in area_share(outline, 1.0, 0.5)]
[0.5, 0.25]
>>> Outline.from_wkb(struct.pack("<BIdd", 1, 1, 1.0, 2.0)) is None  # a point
True
"""

from __future__ import annotations

import math
import struct
import sys
from collections.abc import Iterator, Sequence
from itertools import pairwise
from typing import Any

from conflictmap.geo.geodesy import geodesic_km

__all__ = ["Outline", "area_share", "distance_to"]

#: kilometres per degree of latitude on the mean sphere (as :mod:`conflictmap.geo.areas`)
KM_PER_DEGREE = 6371.0088 * math.pi / 180.0

Ring = tuple[tuple[float, float], ...]
_KINDS = {2: "LineString", 3: "Polygon", 5: "MultiLineString", 6: "MultiPolygon"}
_AREAS = frozenset({"Polygon", "MultiPolygon"})
#: GEOS's ``DP_SAFE_EPSILON``: the orientation filter's relative error bound
_SAFE_EPSILON = 1e-15


class Outline:
    """A 2-D (multi)polygon or (multi)line parsed from WKB, in ``(x=lon, y=lat)``.

    ``parts`` holds one tuple of rings per polygon (shell first, then holes), or
    one one-line tuple per line.
    """

    __slots__ = ("_bounds", "_shapely", "geom_type", "parts", "wkb")

    def __init__(self, geom_type: str, parts: tuple[tuple[Ring, ...], ...], wkb: bytes) -> None:
        self.geom_type = geom_type
        self.parts = parts
        self.wkb = wkb
        self._bounds: tuple[float, float, float, float] | None = None
        self._shapely: Any = None

    @classmethod
    def from_wkb(cls, blob: bytes) -> Outline | None:
        """The outline or line of ``blob``; ``None`` for any other geometry (or empty)."""
        blob = bytes(blob)
        try:
            geom_type, parts = _read(blob)
        except (struct.error, KeyError, ValueError):
            return None
        if not parts or not all(part and all(part) for part in parts):
            return None
        return cls(geom_type, parts, blob)

    @property
    def bounds(self) -> tuple[float, float, float, float]:
        """``(minx, miny, maxx, maxy)``, as shapely's ``bounds``."""
        if self._bounds is None:
            xs = [x for ring in self.rings() for x, _ in ring]
            ys = [y for ring in self.rings() for _, y in ring]
            self._bounds = (min(xs), min(ys), max(xs), max(ys))
        return self._bounds

    def rings(self) -> Iterator[Ring]:
        """Every ring (or line) in order: GEOS's linear components."""
        for part in self.parts:
            yield from part

    def shapely(self) -> Any:
        """The same geometry as a shapely object (imports shapely)."""
        if self._shapely is None:
            from shapely import wkb

            self._shapely = wkb.loads(self.wkb)
        return self._shapely

    def __repr__(self) -> str:
        return f"<Outline {self.geom_type} of {sum(len(r) for r in self.rings())} points>"


def _read(blob: bytes) -> tuple[str, tuple[tuple[Ring, ...], ...]]:
    order = "<" if blob[:1] == b"\x01" else ">"
    (code,) = struct.unpack_from(f"{order}I", blob, 1)
    geom_type = _KINDS[code]
    if code in (2, 3):
        part, _ = _part(blob, 5, order, code)
        return geom_type, (part,)
    (count,) = struct.unpack_from(f"{order}I", blob, 5)
    parts, offset = [], 9
    for _ in range(count):
        inner = "<" if blob[offset : offset + 1] == b"\x01" else ">"
        (inner_code,) = struct.unpack_from(f"{inner}I", blob, offset + 1)
        if inner_code != code - 3:
            raise ValueError("a part of another kind")
        part, offset = _part(blob, offset + 5, inner, inner_code)
        parts.append(part)
    return geom_type, tuple(parts)


def _part(blob: bytes, offset: int, order: str, code: int) -> tuple[tuple[Ring, ...], int]:
    """One line (code 2) or one polygon's rings (code 3) starting at ``offset``."""
    if code == 2:
        ring, offset = _ring(blob, offset, order)
        return (ring,), offset
    (count,) = struct.unpack_from(f"{order}I", blob, offset)
    offset += 4
    rings = []
    for _ in range(count):
        ring, offset = _ring(blob, offset, order)
        rings.append(ring)
    return tuple(rings), offset


def _ring(blob: bytes, offset: int, order: str) -> tuple[Ring, int]:
    (n,) = struct.unpack_from(f"{order}I", blob, offset)
    flat = struct.unpack_from(f"{order}{2 * n}d", blob, offset + 4)
    return tuple(zip(flat[0::2], flat[1::2], strict=True)), offset + 4 + 16 * n


def _to_local(ring: Ring, lat0: float, lon0: float) -> list[tuple[float, float]]:
    """``ring`` in the sinusoidal projection of :func:`conflictmap.geo.areas.to_local`."""
    cos, radians, k = math.cos, math.radians, KM_PER_DEGREE
    return [((lon - lon0) * cos(radians(lat)) * k, (lat - lat0) * k) for lon, lat in ring]


def _from_local(x: float, y: float, lat0: float, lon0: float) -> tuple[float, float]:
    """``(lat, lon)`` of a local point, as :func:`conflictmap.geo.areas.from_local`."""
    lat = y / KM_PER_DEGREE + lat0
    cos = max(math.cos(math.radians(lat)), 1e-9)
    return lat, x / (cos * KM_PER_DEGREE) + lon0


def _orientation(ax: float, ay: float, bx: float, by: float, qx: float, qy: float) -> int:
    """GEOS's ``Orientation::index(a, b, q)``: 1 left, -1 right, 0 collinear."""
    left = (ax - qx) * (by - qy)
    right = (ay - qy) * (bx - qx)
    det = left - right
    if left > 0.0 and right > 0.0:
        total = left + right
    elif left < 0.0 and right < 0.0:
        total = -left - right
    else:
        total = 0.0
    if total == 0.0 or abs(det) >= _SAFE_EPSILON * total:
        return (det > 0.0) - (det < 0.0)
    from fractions import Fraction  # rarely needed; importing it compiles a regex

    fa, fb, fq = (
        (Fraction(ax), Fraction(ay)),
        (Fraction(bx), Fraction(by)),
        (Fraction(qx), Fraction(qy)),
    )
    exact = (fb[0] - fa[0]) * (fq[1] - fb[1]) - (fb[1] - fa[1]) * (fq[0] - fb[0])
    return (exact > 0) - (exact < 0)


def _locate_origin(ring: Sequence[tuple[float, float]]) -> int:
    """Where ``(0, 0)`` is for a closed ring: 1 inside, 0 on it, -1 outside
    (GEOS's ``RayCrossingCounter``)."""
    crossings = 0
    for (x1, y1), (x2, y2) in pairwise(ring):
        if x1 < 0.0 and x2 < 0.0:
            continue
        if x2 == 0.0 and y2 == 0.0:
            return 0
        if y1 == 0.0 and y2 == 0.0:
            if min(x1, x2) <= 0.0 <= max(x1, x2):
                return 0
            continue
        if (y1 > 0.0 and y2 <= 0.0) or (y2 > 0.0 and y1 <= 0.0):
            orient = _orientation(x1, y1, x2, y2, 0.0, 0.0)
            if orient == 0:
                return 0
            if y2 < y1:
                orient = -orient
            if orient == 1:
                crossings += 1
    return 1 if crossings % 2 else -1


def _covers_origin(local: list[list[list[tuple[float, float]]]]) -> bool:
    """Whether some polygon (shell, holes) covers ``(0, 0)``, boundary included."""
    for shell, *holes in local:
        where = _locate_origin(shell)
        if where == 0:
            return True
        if where < 0:
            continue
        inside = True
        for hole in holes:
            at = _locate_origin(hole)
            if at == 0:
                return True
            if at > 0:
                inside = False
                break
        if inside:
            return True
    return False


def _nearest(lines: list[list[tuple[float, float]]]) -> tuple[float, float]:
    """The point of ``lines`` nearest ``(0, 0)``, found as GEOS's ``DistanceOp``."""
    best = sys.float_info.max
    near = (math.nan, math.nan)
    for line in lines:
        xs = [x for x, _ in line]
        ys = [y for _, y in line]
        if _envelope_distance(min(xs), min(ys), max(xs), max(ys)) > best:
            continue
        for (ax, ay), (bx, by) in pairwise(line):
            dist = _to_segment(ax, ay, bx, by)
            if dist < best:
                best = dist
                near = _closest(ax, ay, bx, by)
            if best <= 0.0:
                return near
    return near


def _envelope_distance(minx: float, miny: float, maxx: float, maxy: float) -> float:
    dx = -maxx if maxx < 0.0 else (minx if minx > 0.0 else 0.0)
    dy = -maxy if maxy < 0.0 else (miny if miny > 0.0 else 0.0)
    if dx == 0.0:
        return dy
    if dy == 0.0:
        return dx
    return math.sqrt(dx * dx + dy * dy)


def _to_segment(ax: float, ay: float, bx: float, by: float) -> float:
    """GEOS's ``Distance::pointToSegment`` from ``(0, 0)``."""
    if ax == bx and ay == by:
        return math.sqrt(ax * ax + ay * ay)
    len2 = (bx - ax) * (bx - ax) + (by - ay) * (by - ay)
    r = ((0.0 - ax) * (bx - ax) + (0.0 - ay) * (by - ay)) / len2
    if r <= 0.0:
        return math.sqrt(ax * ax + ay * ay)
    if r >= 1.0:
        return math.sqrt(bx * bx + by * by)
    s = ((ay - 0.0) * (bx - ax) - (ax - 0.0) * (by - ay)) / len2
    return abs(s) * math.sqrt(len2)


def _closest(ax: float, ay: float, bx: float, by: float) -> tuple[float, float]:
    """GEOS's ``LineSegment::closestPoint`` to ``(0, 0)``."""
    if ax == 0.0 and ay == 0.0:
        factor = 0.0
    elif bx == 0.0 and by == 0.0:
        factor = 1.0
    else:
        dx, dy = bx - ax, by - ay
        len2 = dx * dx + dy * dy
        factor = ((0.0 - ax) * dx + (0.0 - ay) * dy) / len2 if len2 > 0.0 else math.nan
    if 0.0 < factor < 1.0:
        return ax + factor * (bx - ax), ay + factor * (by - ay)
    if math.sqrt(ax * ax + ay * ay) < math.sqrt(bx * bx + by * by):
        return ax, ay
    return bx, by


def distance_to(outline: Outline, lat: float, lon: float) -> tuple[float, tuple[float, float]]:
    """Geodesic km from ``(lat, lon)`` to the nearest point of ``outline``, and that point.

    :func:`conflictmap.geo.areas.distance_to` without shapely: 0 inside an area.
    """
    local = [[_to_local(ring, lat, lon) for ring in part] for part in outline.parts]
    if outline.geom_type in _AREAS and _covers_origin(local):
        return 0.0, (lat, lon)
    x, y = _nearest([ring for part in local for ring in part])
    near_lat, near_lon = _from_local(x, y, lat, lon)
    return geodesic_km(lat, lon, near_lat, near_lon), (near_lat, near_lon)


def _ring_area(ring: Sequence[tuple[float, float]]) -> float:
    """GEOS's ``Area::ofRingSigned`` (the shoelace formula from the first vertex)."""
    n = len(ring)
    if n < 3:
        return 0.0
    x0 = ring[0][0]
    total = 0.0
    for i in range(1, n - 1):
        total += (ring[i][0] - x0) * (ring[i - 1][1] - ring[i + 1][1])
    return total / 2.0


def _clip_below(
    ring: Sequence[tuple[float, float]], limit: float, axis: int
) -> list[tuple[float, float]]:
    """The closed ``ring`` cut to coordinate ``axis`` <= ``limit`` (Sutherland-Hodgman)."""
    out: list[tuple[float, float]] = []
    other = 1 - axis
    for a, b in pairwise(ring):
        a_in, b_in = a[axis] <= limit, b[axis] <= limit
        if a_in:
            out.append(a)
        if a_in != b_in:
            t = (limit - a[axis]) / (b[axis] - a[axis])
            point = [0.0, 0.0]
            point[axis] = limit
            point[other] = a[other] + t * (b[other] - a[other])
            out.append((point[0], point[1]))
    if out:
        out.append(out[0])
    return out


def _area(polygons: list[list[list[tuple[float, float]]]]) -> float:
    """The area of (multi)polygon rings: each shell less its holes, as GEOS sums it."""
    total = 0.0
    for shell, *holes in polygons:
        area = abs(_ring_area(shell))
        for hole in holes:
            area -= abs(_ring_area(hole))
        total += area
    return total


def area_share(outline: Outline, lat: float, lon: float) -> tuple[float, float]:
    """Shares of ``outline``'s area south of ``lat`` and west of ``lon`` (0 to 1).

    :func:`conflictmap.geo.areas.area_share` without shapely (same equal-area
    projection; the clipped areas agree with GEOS's to rounding).
    """
    flat = [
        [[(math.radians(x), math.sin(math.radians(y))) for x, y in ring] for ring in part]
        for part in outline.parts
    ]
    total = _area(flat)
    if total <= 0:
        return 0.5, 0.5
    minx = min(x for part in flat for ring in part for x, _ in ring)
    miny = min(y for part in flat for ring in part for _, y in ring)
    y = math.sin(math.radians(lat))
    x = math.radians(lon)
    south = _clipped_area(flat, y, 1) if y > miny else 0.0
    west = _clipped_area(flat, x, 0) if x > minx else 0.0
    return min(1.0, south / total), min(1.0, west / total)


def _clipped_area(flat: list[list[list[tuple[float, float]]]], limit: float, axis: int) -> float:
    return _area([[_clip_below(ring, limit, axis) for ring in part] for part in flat])
