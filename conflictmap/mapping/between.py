"""The spot "between X and Y" as the area it means: an oval along X-Y, not a wide circle.

The statements module places an unnamed spot between two places at their midpoint
with a circle that covers every point P through which going from X to Y is at most
``between_consistent_detour`` (1.15) times the straight line, plus the places'
extents (:mod:`conflictmap.statements.judge.betweens`). Those points make an ellipse
with X and Y as its foci: as long as the circle's diameter but, for that detour,
only about half as wide, and lying along X-Y. Two towns 250 km apart gave a circle
of about 145 km radius across both sides of the road between them; :func:`zone`
draws the ellipse instead (for "halfway between", a circle round the midpoint, the
circle stays).

Examples
--------
>>> from conflictmap.model import Estimate, Place
>>> x = Place(id="t:x", name="X", lat=15.0, lon=-3.0)
>>> y = Place(id="t:y", name="Y", lat=15.0, lon=-1.0)
>>> ring = zone(x, y, Estimate(lat=15.0, lon=-2.0, radius_km=125.0), detour=1.15)
>>> len(ring), ring[0] == ring[-1]
(49, True)
>>> west = min(p[0] for p in ring); north = max(p[1] for p in ring)
>>> round(west, 2), round(north, 2)  # 125 km west of the middle (X-Y: 215 km), 64 km north
(-3.16, 15.58)
>>> zone(x, y, Estimate(lat=15.0, lon=-2.0, radius_km=50.0), detour=1.15) is None  # halfway
True
"""

from __future__ import annotations

import math

from conflictmap.geo.geodesy import geodesic_km
from conflictmap.model import Estimate, Place

__all__ = ["zone"]

#: km per degree of latitude, and of longitude at the equator (WGS84 means)
_KM_LAT, _KM_LON = 110.574, 111.320
#: points on the oval
_POINTS = 48


def zone(x: Place, y: Place, spot: Estimate, *, detour: float) -> list[list[float]] | None:
    """The ``[lon, lat]`` ring (closed) of the area "between ``x`` and ``y``" that
    ``spot`` stands for, or ``None`` when its circle is not the detour's (halfway).

    The ellipse's semi-major axis is the spot's radius (``detour`` times half the
    distance X-Y, plus the places' extents), its foci X and Y; it is laid out on a
    local flat map round the midpoint (a few km off at most for places 250 km apart).
    """
    span = geodesic_km(x.lat, x.lon, y.lat, y.lon)
    extra = spot.radius_km - detour * span / 2
    if span <= 0 or extra < -1e-6:
        return None
    a, c = spot.radius_km, span / 2
    b = math.sqrt(max(a * a - c * c, 0.0))
    lat0, lon0 = spot.lat, spot.lon
    scale = _KM_LON * math.cos(math.radians(lat0))
    dlon = (y.lon - x.lon + 540.0) % 360.0 - 180.0  # the short way round
    angle = math.atan2((y.lat - x.lat) * _KM_LAT, dlon * scale)
    ring = []
    for step in range(_POINTS):
        t = 2 * math.pi * step / _POINTS
        u, v = a * math.cos(t), b * math.sin(t)
        east = u * math.cos(angle) - v * math.sin(angle)
        north = u * math.sin(angle) + v * math.cos(angle)
        ring.append([round(lon0 + east / scale, 4), round(lat0 + north / _KM_LAT, 4)])
    ring.append(ring[0])
    return ring
