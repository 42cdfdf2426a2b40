"""geo.shapes: the one place the map and the exports flip shapely's (x=lon, y=lat)."""

from __future__ import annotations

import pytest
from shapely.geometry import LineString, MultiLineString, MultiPolygon, Point, box

from conflictmap.geo import shapes
from conflictmap.model import LatLon


def test_line_latlngs_flips_every_part_and_drops_single_points() -> None:
    line = MultiLineString([[(-12.0, 15.5), (-11.0, 15.0)], [(2.0, 13.0), (2.0, 13.0)]])
    assert shapes.line_latlngs(line) == [[[15.5, -12.0], [15.0, -11.0]], [[13.0, 2.0], [13.0, 2.0]]]
    short = LineString([(0.123456, 1.0), (0.0, 1.0)])
    assert shapes.line_latlngs(short, digits=2) == [[[1.0, 0.12], [1.0, 0.0]]]


def test_geojson_geometry_keeps_lon_lat_and_rounds_nested_rings() -> None:
    geometry = shapes.geojson_geometry(MultiPolygon([box(0.123, 10.456, 1, 11)]), digits=1)
    assert geometry["type"] == "MultiPolygon"
    ring = geometry["coordinates"][0][0]  # type: ignore[index]
    assert [0.1, 10.5] in ring and all(len(p) == 2 for p in ring)  # type: ignore[union-attr]


def test_geojson_position_is_lon_first() -> None:
    assert shapes.geojson_position(12.6, -7.98) == [-7.98, 12.6]
    assert shapes.geojson_position(1.23456789, 2.0, digits=3) == [2.0, 1.235]


def test_bounds_are_south_west_then_north_east() -> None:
    south_west, north_east = shapes.bounds_latlon(LineString([(-17.0, 10.0), (4.0, 25.0)]))
    assert south_west == LatLon(lat=10.0, lon=-17.0) and north_east == LatLon(lat=25.0, lon=4.0)


def test_nearest_boundary_point_of_an_area_from_outside_and_inside() -> None:
    square = box(0, 0, 2, 2)  # x = lon 0..2, y = lat 0..2
    assert shapes.nearest_boundary_latlon(square, LatLon(lat=3.0, lon=1.0)) == LatLon(2.0, 1.0)
    assert shapes.nearest_boundary_latlon(square, LatLon(lat=1.0, lon=1.5)) is None


def test_label_point_sits_in_the_largest_part() -> None:
    area = MultiPolygon([box(0, 0, 1, 1), box(10, 20, 14, 24)])
    point = shapes.label_latlon(area)
    assert area.geoms[1].contains(Point(point.lon, point.lat))
    assert point.lat == pytest.approx(22.0, abs=0.2) and point.lon == pytest.approx(12.0, abs=0.2)
