"""The WKB line midpoint agrees with shapely's ``interpolate(0.5, normalized=True)``."""

from __future__ import annotations

import sqlite3

import pytest
from shapely import wkb
from shapely.geometry import LineString, MultiLineString, Point

from conflictmap.geo.lines import wkb_midpoint
from conflictmap.store.gazetteer import Gazetteer


def _shapely_midpoint(line: object) -> tuple[float, float]:
    middle = line.interpolate(0.5, normalized=True)  # type: ignore[attr-defined]
    return (middle.x, middle.y)


def test_every_base_border_midpoint_is_shapelys(base_home: object) -> None:
    path = f"file:{base_home}/base.sqlite?mode=ro"  # type: ignore[str-bytes-safe]
    with sqlite3.connect(path, uri=True) as conn:
        rows = conn.execute("SELECT a, b, wkb FROM borders").fetchall()
    assert len(rows) > 200
    kinds = set()
    for a, b, blob in rows:
        line = wkb.loads(blob)
        kinds.add(line.geom_type)
        assert wkb_midpoint(blob) == _shapely_midpoint(line), (a, b)
    assert kinds == {"LineString", "MultiLineString"}


@pytest.mark.parametrize(
    "line",
    [
        LineString([(0, 0), (3, 0), (3, 2)]),
        LineString([(0, 0), (0, 0), (1, 1)]),  # a zero-length segment
        MultiLineString([[(0, 0), (1, 0)], [(5, 5), (6, 5)]]),  # halfway is a part's end
        MultiLineString([[(0, 0), (1, 0)], [(5, 5), (5, 5)], [(6, 5), (7, 5)]]),
        MultiLineString([[(0.1, 0.7), (1.3, 2.9), (-4.4, 1.0)], [(2.2, 2.2), (9.1, -3.3)]]),
    ],
)
def test_midpoint_edge_cases_are_shapelys(line: object) -> None:
    blob = wkb.dumps(line)  # type: ignore[arg-type]
    assert wkb_midpoint(blob) == _shapely_midpoint(line)
    big_endian = wkb.dumps(line, byte_order=0)  # type: ignore[arg-type]
    assert wkb_midpoint(big_endian) == _shapely_midpoint(line)


def test_not_a_line_is_none() -> None:
    assert wkb_midpoint(wkb.dumps(Point(1, 2))) is None


def test_gazetteer_border_midpoint(base_gazetteer: Gazetteer) -> None:
    line = base_gazetteer.border("ML", "MR")
    assert base_gazetteer.border_midpoint("mr", "ml") == _shapely_midpoint(line)
    assert base_gazetteer.border_midpoint("ML", "ML") is None
