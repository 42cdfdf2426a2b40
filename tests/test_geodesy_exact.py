"""Geodesics straight from geographiclib give geopy's figures to the last bit (the
library no longer imports geopy to measure: geopy pulls in requests and urllib3)."""

from __future__ import annotations

import math
import random

import pytest
from geopy.distance import geodesic
from geopy.point import Point

from conflictmap.geo.geodesy import destination, geodesic_km


def _pairs() -> list[tuple[float, float, float, float]]:
    rnd = random.Random(19)
    pairs = [
        (rnd.uniform(-90, 90), rnd.uniform(-400, 400), rnd.uniform(-90, 90), rnd.uniform(-400, 400))
        for _ in range(400)
    ]
    edges = [0.0, -0.0, 90.0, -90.0, 180.0, -180.0, 360.0, 12.5]
    pairs += [(a, b, -a, b + 1.0) for a in edges if abs(a) <= 90 for b in edges]
    return pairs


def test_geodesic_km_is_geopys() -> None:
    for lat1, lon1, lat2, lon2 in _pairs():
        theirs = geodesic((lat1, lon1), (lat2, lon2)).km
        assert geodesic_km(lat1, lon1, lat2, lon2) == theirs, (lat1, lon1, lat2, lon2)


@pytest.mark.parametrize("km", [0, 0.0, 50, 1234.5, -3.0])
def test_destination_is_geopys(km: float) -> None:
    for lat, lon, _, _ in _pairs()[::4]:
        bearing = (lat * 7.3 + lon) % 720 - 360
        point = geodesic(kilometers=km).destination(Point(lat, lon), bearing)
        ours = destination(lat, lon, km, bearing)
        theirs = (point.latitude, point.longitude)
        assert ours == theirs, (lat, lon, km, bearing)
        assert [math.copysign(1, x) for x in ours] == [math.copysign(1, x) for x in theirs]


def test_bad_latitude_is_refused_like_geopy() -> None:
    with pytest.raises(ValueError):
        geodesic_km(91.0, 0.0, 0.0, 0.0)
    with pytest.raises(ValueError):
        geodesic_km(math.nan, 0.0, 0.0, 0.0)
