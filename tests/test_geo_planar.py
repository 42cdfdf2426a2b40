"""Outlines read from WKB are measured as shapely measures them (issue 19: start-up).

:mod:`conflictmap.geo.planar` replaces shapely for the statements' distances and area
shares; every outline and border of the base is compared with the shapely path of
:mod:`conflictmap.geo.areas`: distances and nearest points to the last bit, area shares
to rounding, sizes exactly.
"""

from __future__ import annotations

import random
import sqlite3
import struct
from pathlib import Path

import pytest
from shapely import wkb
from shapely.geometry import LineString, MultiLineString, MultiPolygon, Point, Polygon, box

from conflictmap.geo import areas, planar
from conflictmap.geo.planar import Outline
from conflictmap.store.gazetteer import Gazetteer


def _points(shape: object, rng: random.Random, ring: tuple[tuple[float, float], ...]) -> list:
    minx, miny, maxx, maxy = shape.bounds  # type: ignore[attr-defined]
    points = []
    for _ in range(2):
        points.append((rng.uniform(miny, maxy), rng.uniform(minx, maxx)))
        lat = min(89.0, max(-89.0, rng.uniform(miny - 5.0, maxy + 5.0)))
        points.append((lat, rng.uniform(minx - 5.0, maxx + 5.0)))
    lon, lat = ring[rng.randrange(len(ring))]
    points.append((lat, lon))  # on a vertex: covered, distance 0
    return points


def _rows(home: Path) -> list[tuple[str, bytes]]:
    with sqlite3.connect(f"file:{home}/base.sqlite?mode=ro", uri=True) as conn:
        shapes = conn.execute("SELECT country, wkb FROM shapes").fetchall()
        borders = conn.execute("SELECT a || '-' || b, wkb FROM borders").fetchall()
    return shapes + borders


def _measures_as_with_shapely(rows: list[tuple[str, bytes]], *, every: int) -> None:
    """Each row's outline measures as its shapely shape: type, bounds, distances and area
    shares at random points; the geodesic area or length (pure-Python geographiclib over
    every vertex, most of the cost) of every ``every``-th row."""
    rng = random.Random(19)
    kinds, measured = set(), set()
    for n, (code, blob) in enumerate(rows):
        outline = Outline.from_wkb(blob)
        shape = wkb.loads(blob)
        if outline is None:
            assert shape.geom_type == "GeometryCollection", code
            continue
        kinds.add(outline.geom_type)
        assert (outline.geom_type, outline.bounds) == (shape.geom_type, shape.bounds), code
        for lat, lon in _points(shape, rng, next(outline.rings())):
            assert planar.distance_to(outline, lat, lon) == areas.distance_to(shape, lat, lon)
            if outline.geom_type in ("Polygon", "MultiPolygon"):
                ours = planar.area_share(outline, lat, lon)
                theirs = areas.area_share(shape, lat, lon)
                assert ours == pytest.approx(theirs, abs=1e-12), (code, lat, lon)
        if n % every and outline.geom_type in measured:
            continue
        measured.add(outline.geom_type)  # each kind measured at least once
        if outline.geom_type in ("Polygon", "MultiPolygon"):
            assert areas.geodesic_area_km2(outline) == areas.geodesic_area_km2(shape), code
        else:
            assert areas.line_length_km(outline) == areas.line_length_km(shape), code
    assert kinds == measured == {"Polygon", "MultiPolygon", "LineString", "MultiLineString"}


def test_every_base_outline_and_border_measures_as_with_shapely(base_home: Path) -> None:
    """Every outline and border; the geodesic areas and lengths of one in sixteen (the
    whole sweep of them, 90% of the time, is the slow tier's test below)."""
    rows = _rows(base_home)
    assert len(rows) > 500
    _measures_as_with_shapely(rows, every=16)


@pytest.mark.slow
def test_every_base_outline_and_border_has_the_geodesic_measures_of_shapely(
    base_home: Path,
) -> None:
    """The whole-base sweep with every geodesic area and length (about 30 s of CPU)."""
    rows = _rows(base_home)
    assert len(rows) > 500
    _measures_as_with_shapely(rows, every=1)


_SHAPES = [
    box(0, 0, 2, 2),
    Polygon([(0, 0), (4, 0), (4, 4), (0, 4)], [[(1, 1), (3, 1), (3, 3), (1, 3)]]),  # a hole
    Polygon([(0, 0), (3, 0), (3, 3), (2, 3), (2, 1), (1, 1), (1, 3), (0, 3)]),  # a U
    MultiPolygon([box(0, 0, 1, 1), box(2, 2, 3, 3)]),
    LineString([(0, 0), (1, 0), (1, 0), (2, 1)]),  # a repeated vertex
    MultiLineString([[(0, 0), (1, 1)], [(1, 1), (2, 0)]]),  # equally near parts
]


@pytest.mark.parametrize("shape", _SHAPES, ids=lambda s: s.geom_type)
@pytest.mark.parametrize("byte_order", [0, 1])
def test_edge_cases_measure_as_with_shapely(shape: object, byte_order: int) -> None:
    outline = Outline.from_wkb(wkb.dumps(shape, byte_order=byte_order))  # type: ignore[arg-type]
    assert outline is not None and outline.bounds == shape.bounds  # type: ignore[attr-defined]
    # vertices, edge points, hole centres, the U's gap, points on a horizontal edge's line
    probes = [
        (y, x) for x in (-1.0, 0.0, 0.5, 1.0, 1.5, 2.0, 3.0, 4.5) for y in (0.0, 1.0, 2.0, 3.0, 0.5)
    ]
    for lat, lon in probes:
        assert planar.distance_to(outline, lat, lon) == areas.distance_to(shape, lat, lon)
        if outline.geom_type.endswith("Polygon"):
            ours, theirs = planar.area_share(outline, lat, lon), areas.area_share(shape, lat, lon)
            assert ours == pytest.approx(theirs, abs=1e-12)


def test_other_geometries_are_not_outlines() -> None:
    assert Outline.from_wkb(wkb.dumps(Point(1, 2))) is None
    assert Outline.from_wkb(wkb.dumps(Polygon())) is None
    truncated = wkb.dumps(box(0, 0, 1, 1))[:-8]
    assert Outline.from_wkb(truncated) is None
    assert Outline.from_wkb(struct.pack("<BI", 1, 7) + struct.pack("<I", 0)) is None


def test_an_outline_becomes_shapelys_geometry_for_anything_else() -> None:
    outline = Outline.from_wkb(wkb.dumps(box(0, 0, 1, 1)))
    assert outline is not None and outline.shapely().equals(box(0, 0, 1, 1))
    zone = areas.buffer_km(outline, 10.0)
    assert zone.contains(Point(0.5, 0.5)) and zone.area > 1.0


def test_the_gazetteer_gives_outlines_of_countries_and_borders(base_gazetteer: Gazetteer) -> None:
    mali = base_gazetteer.outline("ml")
    assert isinstance(mali, Outline) and mali is base_gazetteer.outline("ML")  # cached
    assert mali.bounds == base_gazetteer.shape("ML").bounds
    border = base_gazetteer.border_outline("MR", "ML")
    assert isinstance(border, Outline) and border.geom_type.endswith("LineString")
    assert border.shapely().equals_exact(base_gazetteer.border("ML", "MR"), 0.0)
    assert (
        base_gazetteer.outline("XX") is None and base_gazetteer.border_outline("ML", "JP") is None
    )
