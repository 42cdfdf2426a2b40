"""Country outlines at the view's resolution: 1:10m in view, 1:110m elsewhere (issue 18)."""

from __future__ import annotations

from typing import Any

from shapely.geometry import Point, shape

from conflictmap.mapping.basemap import world
from conflictmap.mapping.coast import Detail
from conflictmap.mapping.layers import DrawingBuilder
from conflictmap.mapping.orientation import around
from conflictmap.pipeline import geoparse
from conflictmap.store.gazetteer import Gazetteer

#: the Gaza Strip (south, west, north, east)
GAZA = (31.2, 34.2, 31.6, 34.6)
#: Fiji's main islands; the Lau group lies east of 180°
FIJI = (-18.3, 177.1, -16.6, 179.6)


def _features(spec: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {f["properties"]["cc"]: f for f in spec["basemap"]["world"]["features"]}


def test_gaza_lies_on_land_at_city_scale_and_at_sea_on_the_coarse_world(
    base_gazetteer: Gazetteer,
) -> None:
    coarse = world(base_gazetteer).shapes
    detail = Detail(base_gazetteer, GAZA, coarse)
    for lat, lon in ((31.515, 34.45), (31.34, 34.30)):  # Gaza City, Khan Younis
        point = Point(lon, lat)
        assert not any(s.contains(point) for s in coarse.values())
        assert [c for c, s in detail.shapes.items() if s.contains(point)] == ["PS"]
    assert not any(s.contains(Point(34.30, 31.45)) for s in detail.shapes.values())  # sea
    # outside the view's area a country keeps its coarse outline, point for point
    (box,) = around(GAZA)
    far = [Point(x, y) for x, y in coarse["EG"].exterior.coords if x < box[1] - 0.1]
    assert far and all(detail.shapes["EG"].boundary.distance(p) < 1e-9 for p in far)


def test_a_map_redraws_the_countries_in_view_and_their_border_on_their_outline(
    base_gazetteer: Gazetteer,
) -> None:
    text = "Troops massed along the border between Israel and Egypt near Rafah and Kerem Shalom."
    spec = DrawingBuilder([geoparse(text, gazetteer=base_gazetteer)], gazetteer=base_gazetteer)
    built = spec.build().spec()
    features = _features(built)
    assert features["EG"]["properties"].get("d") == 1
    assert features["IL"]["properties"].get("d") == 1
    assert "d" not in features["FR"]["properties"]  # far away: the 1:110m shape as it was
    egypt, israel = shape(features["EG"]["geometry"]), shape(features["IL"]["geometry"])
    (border,) = [i for i in built["items"] if i.get("kind") == "border"]
    points = [Point(lon, lat) for part in border["parts"] for lat, lon in part]
    assert len(points) > 10
    # every point of the dashed line is on both outlines (to the rounding of the page)
    assert max(egypt.boundary.distance(p) for p in points) < 2e-3
    assert max(israel.boundary.distance(p) for p in points) < 2e-3
    areas = {i["name"]: shape(i["geojson"]) for i in built["items"] if i["t"] == "area"}
    assert areas and all(a.symmetric_difference(egypt).area < 1e-6 or
                         a.symmetric_difference(israel).area < 1e-6 for a in areas.values())  # fmt: skip


def test_fiji_is_cut_at_180_exactly_on_both_sides(base_gazetteer: Gazetteer) -> None:
    detail = Detail(base_gazetteer, FIJI, world(base_gazetteer).shapes)
    lons = [x for part in detail.shapes["FJ"].geoms for x, _ in part.exterior.coords]
    assert any(x < -179.5 for x in lons) and any(x > 179.5 for x in lons)
    near = [x for x in lons if abs(abs(x) - 180.0) < 1e-3]
    assert near and all(abs(x) == 180.0 for x in near)  # the map's script skips those seams


def test_a_world_view_keeps_the_coarse_world(base_gazetteer: Gazetteer) -> None:
    base = world(base_gazetteer)
    detail = Detail(base_gazetteer, (-40.0, -100.0, 60.0, 60.0), base.shapes)
    assert detail.shapes == {} and detail.world(base.geojson) is base.geojson
