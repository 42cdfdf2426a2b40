"""Distances, bearings and destination points on the WGS84 ellipsoid (geopy, geographiclib).

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

# geopy is imported where it is used: importing it pulls in its online geocoders
# (requests, urllib3), which costs a tenth of a second at every start.

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
    """Geodesic distance on WGS84 (geopy). For reported measurements."""
    from geopy.distance import geodesic

    return float(geodesic((lat1, lon1), (lat2, lon2)).km)


def initial_bearing(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Initial bearing from point 1 to point 2 on the geodesic, degrees in [0, 360)."""
    # geopy's geodesic uses geographiclib on WGS84; ask it for the azimuth directly.
    result = Geodesic.WGS84.Inverse(lat1, lon1, lat2, lon2)
    return float(result["azi1"]) % 360.0


def destination(lat: float, lon: float, distance: float, bearing: float) -> tuple[float, float]:
    """The point ``distance`` km from ``(lat, lon)`` along initial ``bearing`` degrees."""
    from geopy.distance import geodesic
    from geopy.point import Point

    point = geodesic(kilometers=distance).destination(Point(lat, lon), bearing)
    return float(point.latitude), float(point.longitude)


def compass(bearing: float, *, points: int = 8) -> str:
    """The nearest 8- or 16-point compass name of a bearing."""
    names = COMPASS_16 if points == 16 else COMPASS_8
    step = 360.0 / len(names)
    return names[int(((bearing % 360.0) + step / 2) // step) % len(names)]


def bearing_difference(a: float, b: float) -> float:
    """Smallest absolute angle between two bearings, in [0, 180]."""
    diff = abs((a - b) % 360.0)
    return 360.0 - diff if diff > 180.0 else diff
