"""A point as the library's edges pass it: ``(lat, lon)`` in degrees, WGS84.

Shapely's ``(x=lon, y=lat)`` order never leaves :mod:`conflictmap.geo`, which converts
at its edges; everywhere else a point is a :class:`LatLon`.

>>> gao = LatLon(lat=16.27167, lon=-0.04472)
>>> gao.lat, gao.lon
(16.27167, -0.04472)
"""

from __future__ import annotations

from typing import NamedTuple

__all__ = ["LatLon"]


class LatLon(NamedTuple):
    """Latitude and longitude in degrees."""

    lat: float
    lon: float
