"""A spot "between X and Y" is drawn as the oval along X-Y it stands for (issue 18)."""

from __future__ import annotations

from typing import Any

from geopy.distance import geodesic
from shapely.geometry import Point, Polygon

from conflictmap.mapping.layers import DrawingBuilder
from conflictmap.pipeline import geoparse
from conflictmap.store.gazetteer import Gazetteer


def _spots(text: str, gazetteer: Gazetteer) -> tuple[Any, list[dict[str, Any]]]:
    result = geoparse(text, gazetteer=gazetteer)
    spec = DrawingBuilder([result], gazetteer=gazetteer).build().spec()
    return result, [i for i in spec["items"] if i.get("kind") == "estimate-area"]


def test_between_two_towns_is_an_oval_along_them_inside_the_old_circle(
    base_gazetteer: Gazetteer,
) -> None:
    result, spots = _spots("A convoy was ambushed between Gao and Ansongo.", base_gazetteer)
    (statement,) = [s for s in result.statements if s.estimate is not None]
    (spot,) = spots
    assert spot["t"] == "area"  # it was a circle of the estimate's radius
    oval = Polygon(spot["geojson"]["coordinates"][0])
    gao, ansongo = (result.place_by_id[p] for p in (statement.anchor, statement.anchor2))
    assert oval.contains(Point(gao.lon, gao.lat)) and oval.contains(Point(ansongo.lon, ansongo.lat))
    est = statement.estimate
    far = [geodesic((est.lat, est.lon), (lat, lon)).km for lon, lat in oval.exterior.coords]
    assert max(far) < est.radius_km * 1.01  # within the circle, and as long as it
    assert max(far) > est.radius_km * 0.99
    assert min(far) < est.radius_km * 0.6  # but narrow across: a detour of 1.15
    # its long axis runs along Gao-Ansongo
    tips = sorted(oval.exterior.coords, key=lambda p: -Point(p).distance(Point(est.lon, est.lat)))
    near = min(Point(tips[0]).distance(Point(p.lon, p.lat)) for p in (gao, ansongo))
    assert near < 0.5 * Point(tips[0]).distance(Point(est.lon, est.lat))


def test_halfway_between_keeps_its_circle(base_gazetteer: Gazetteer) -> None:
    _, spots = _spots("Clashes were reported halfway between Gao and Ansongo.", base_gazetteer)
    assert [s["t"] for s in spots] == ["circle"]
