"""Distances, bearings and destination points on the WGS84 ellipsoid (geographiclib).

All functions take and return ``lat``/``lon`` in degrees.

Examples
--------
>>> round(geodesic_km(12.60915, -7.97522, 14.6937, -6.0197))
313
>>> round(initial_bearing(12.60915, -7.97522, 14.6937, -6.0197))
42
>>> compass(42.0), compass(42.0, points=16), compass(350.0)
('NE', 'NE', 'N')
>>> lat, lon = destination(16.27167, -0.04472, 50, 270)
>>> round(geodesic_km(16.27167, -0.04472, lat, lon), 3)
50.0
"""

from __future__ import annotations

import math

from geographiclib.geodesic import Geodesic

# geographiclib is called directly, as geopy's ``geodesic`` does (same ellipsoid in km,
# same calls, same figures to the last bit): importing geopy pulls in its online
# geocoders (requests, urllib3, asyncio), about a tenth of a second at every start.

__all__ = [
    "COMPASS_8",
    "COMPASS_16",
    "bearing_difference",
    "compass",
    "destination",
    "distance_km",
    "geodesic_km",
    "initial_bearing",
]

EARTH_RADIUS_KM = 6371.0088

#: WGS84 in kilometres, as geopy's ``ELLIPSOIDS["WGS-84"]`` (major axis, flattening)
_WGS84_KM = Geodesic(6378.137, 1 / 298.257223563)


def _checked(lat: float, lon: float) -> tuple[float, float]:
    """Coordinates as geopy's ``Point`` takes them: finite, latitude within ±90,
    longitude brought into [-180, 180) when beyond ±180."""
    lat, lon = float(lat or 0.0), float(lon or 0.0)
    if not (math.isfinite(lat) and math.isfinite(lon)):
        raise ValueError(f"Point coordinates must be finite. {(lat, lon, 0.0)!r} has been passed")
    if abs(lat) > 90:
        raise ValueError("Latitude must be in the [-90; 90] range.")
    if abs(lon) > 180:
        lon = math.fmod(lon, 360.0) or 0.0
        if lon < -180.0:
            lon += 360.0
        elif lon >= 180.0:
            lon -= 360.0
    return lat, lon


COMPASS_8 = ("N", "NE", "E", "SE", "S", "SW", "W", "NW")
COMPASS_16 = (
    "N", "NNE", "NE", "ENE", "E", "ESE", "SE", "SSE",
    "S", "SSW", "SW", "WSW", "W", "WNW", "NW", "NNW",
)  # fmt: skip


def distance_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance (fast; within 0.5% of the geodesic). For ranking."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp = p2 - p1
    dl = math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(a)))


def geodesic_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Geodesic distance on WGS84 (km). For reported measurements."""
    lat1, lon1 = _checked(lat1, lon1)
    lat2, lon2 = _checked(lat2, lon2)
    # ``0 + s12 + 0.0``: geopy's ``Distance`` sums the legs from 0 and adds 0.0 km of
    # units, which turns a -0.0 into 0.0.
    return 0 + float(_WGS84_KM.Inverse(lat1, lon1, lat2, lon2, Geodesic.DISTANCE)["s12"]) + 0.0


def initial_bearing(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Initial bearing from point 1 to point 2 on the geodesic, degrees in [0, 360)."""
    result = Geodesic.WGS84.Inverse(lat1, lon1, lat2, lon2)
    return float(result["azi1"]) % 360.0


def destination(lat: float, lon: float, distance: float, bearing: float) -> tuple[float, float]:
    """The point ``distance`` km from ``(lat, lon)`` along initial ``bearing`` degrees."""
    lat, lon = _checked(lat, lon)
    km = distance + 0.0  # geopy's ``Distance(kilometers=distance)``
    found = _WGS84_KM.Direct(lat, lon, bearing, km, Geodesic.LATITUDE | Geodesic.LONGITUDE)
    return _checked(found["lat2"], found["lon2"])


def compass(bearing: float, *, points: int = 8) -> str:
    """The nearest 8- or 16-point compass name of a bearing."""
    names = COMPASS_16 if points == 16 else COMPASS_8
    step = 360.0 / len(names)
    return names[int(((bearing % 360.0) + step / 2) // step) % len(names)]


def bearing_difference(a: float, b: float) -> float:
    """Smallest absolute angle between two bearings, in [0, 180]."""
    diff = abs((a - b) % 360.0)
    return 360.0 - diff if diff > 180.0 else diff
