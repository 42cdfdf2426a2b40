"""Closeness to confidently placed names: within 100 km, within 500 km; the grid finds them."""

from __future__ import annotations

import math
from dataclasses import replace

from hypothesis import given, settings
from hypothesis import strategies as st

from conflictmap.geo.geodesy import EARTH_RADIUS_KM, distance_km
from conflictmap.model import Place
from conflictmap.resolve.evidence.proximity import AnchorGrid, Near, Proximity, anchors_of
from conflictmap.tuning.resolve import ResolveTuning

from .resolve_cases import article, believe, by_place, case, gazetteer, ranked_first, resolve

TUNED = ResolveTuning()


def test_anchors_are_confident_points_and_regions_not_countries() -> None:
    gaz = gazetteer()
    text = "Fighters moved from Mopti to Oualo, in Mali."
    read = article(gaz, text)
    anchors = anchors_of(read, believe(gaz, text), TUNED.anchor_share)
    assert {p.id for p in anchors.values()} == {
        "geonames:2453348"
    }  # Mopti; Oualo is split, Mali a country


def test_near_beats_far() -> None:
    found = case("near")
    gaz = gazetteer()
    read = article(gaz, found.text)
    (terms,) = Proximity(TUNED).start(read)(believe(gaz, found.text))
    assert by_place(read, "oualo", terms) == {
        "geonames:2452354": TUNED.near,  # 51 km from Mopti
        "geonames:2452353": TUNED.far,  # 150 km
    }
    assert ranked_first(resolve(gaz, found.text), found.name) == found.want
    zeroed = replace(TUNED, near=0.0)
    assert ranked_first(resolve(gaz, found.text, zeroed), found.name) == "geonames:2452353"


def test_far_beats_nothing() -> None:
    found = case("far")
    gaz = gazetteer()
    read = article(gaz, found.text)
    (terms,) = Proximity(TUNED).start(read)(believe(gaz, found.text))
    assert by_place(read, "niama", terms) == {
        "geonames:6687459": TUNED.far,
        "geonames:2452805": 0.0,
    }
    assert ranked_first(resolve(gaz, found.text), found.name) == found.want
    zeroed = replace(TUNED, far=0.0)
    assert ranked_first(resolve(gaz, found.text, zeroed), found.name) == "geonames:2452805"


def test_an_anchor_does_not_count_for_itself() -> None:
    mopti = Place(id="t:m", name="Mopti", lat=14.4843, lon=-4.18296, kind="city")
    grid = AnchorGrid({0: mopti}, cell_degrees=1.0, scan=48)
    assert grid.nearness(mopti, 100.0, 500.0, skip=1) is Near.NONE  # the same place
    assert grid.nearness(replace(mopti, id="t:other"), 100.0, 500.0, skip=0) is Near.NONE  # skipped


_lat = st.floats(-60.0, 60.0)
_lon = st.floats(-180.0, 180.0)


@settings(max_examples=60, deadline=None)
@given(
    anchors=st.lists(st.tuples(_lat, _lon), min_size=1, max_size=80),
    place=st.tuples(_lat, _lon),
    cell=st.sampled_from([0.5, 1.0, 2.0]),
)
def test_the_grid_finds_what_a_scan_finds(anchors, place, cell) -> None:  # type: ignore[no-untyped-def]
    points = {
        i: Place(id=f"a:{i}", name="A", lat=lat, lon=lon) for i, (lat, lon) in enumerate(anchors)
    }
    target = Place(id="t:x", name="X", lat=place[0], lon=place[1])
    scan = AnchorGrid(points, cell_degrees=cell, scan=10_000)
    grid = AnchorGrid(points, cell_degrees=cell, scan=0)
    for near, far in ((100.0, 500.0), (50.0, 1500.0)):
        assert grid.nearness(target, near, far, skip=-1) == scan.nearness(
            target, near, far, skip=-1
        )


def test_an_anchor_on_the_antimeridian_is_found_from_across_it() -> None:
    # Hypothesis found it: an anchor at exactly 180 E sat in a column the grid's lookup
    # (which wraps round the globe) never visited, so a place 11 km away at 179.9 W was far.
    anchor = Place(id="a:1", name="A", lat=0.0, lon=180.0)
    target = Place(id="t:x", name="X", lat=0.0, lon=-179.9)
    for cell in (0.5, 1.0, 2.0):
        grid = AnchorGrid({0: anchor}, cell_degrees=cell, scan=0)
        assert grid.nearness(target, 100.0, 500.0, skip=-1) is Near.NEAR, cell


def _cell_by_cell(grid: AnchorGrid, place: Place, km: float, skip: int) -> bool:
    """The grid's search as it was: every cell of the window looked up, every distance
    in kilometres (the bisected rows and haversine cuts must find just what it found)."""
    span = 111.0 * grid.cell
    dlat = math.ceil(km / span)
    coslat = max(math.cos(math.radians(min(abs(place.lat) + dlat * grid.cell, 89.0))), 0.01)
    columns = grid.columns
    dlon = min(columns // 2, math.ceil(km / (span * coslat)))
    cy, cx = grid._cell_of(place.lat, place.lon)
    half = columns // 2
    for y in range(cy - dlat, cy + dlat + 1):
        for x in range(cx - dlon, cx + dlon + 1):
            for idx, anchor in grid.cells.get((y, (x + half) % columns - half), ()):
                if idx == skip or anchor.id == place.id:
                    continue
                if distance_km(place.lat, place.lon, anchor.lat, anchor.lon) <= km:
                    return True
    return False


_any_lat = st.floats(-89.9, 89.9)
#: longitudes anywhere, or by the antimeridian, where the window wraps round the globe
_any_lon = _lon | st.floats(170.0, 180.0) | st.floats(-180.0, -170.0)


@settings(max_examples=150, deadline=None)
@given(
    anchors=st.lists(st.tuples(_any_lat, _any_lon), min_size=1, max_size=60),
    place=st.tuples(_any_lat, _any_lon),
    cell=st.sampled_from([0.5, 0.7, 1.0, 2.0, 7.0]),
    km=st.sampled_from([5.0, 100.0, 500.0, 1500.0, 6000.0, 30000.0]),
    skip=st.integers(-1, 3),
)
def test_the_grid_finds_what_its_cell_by_cell_search_found(  # type: ignore[no-untyped-def]
    anchors, place, cell, km, skip
) -> None:
    points = {
        i: Place(id=f"a:{i % 7}", name="A", lat=lat, lon=lon)
        for i, (lat, lon) in enumerate(anchors)
    }
    # one anchor may sit on the place (same id: skipped) or right at the cut's distance
    points[len(points)] = Place(id="t:x", name="X", lat=place[0], lon=place[1])
    target = Place(id="t:x", name="X", lat=place[0], lon=place[1])
    grid = AnchorGrid(points, cell_degrees=cell, scan=0)
    assert grid._grid_within(target, km, skip=skip) == _cell_by_cell(grid, target, km, skip)
    for lat, lon in anchors[:5]:  # places due north of an anchor, on its cut or either side
        for scale in (1 - 1e-12, 1.0, 1 + 1e-12, 1 + 1e-8):
            north = lat + math.degrees(km / EARTH_RADIUS_KM) * scale
            if north < 90.0:
                other = Place(id="t:y", name="Y", lat=north, lon=lon)
                want = _cell_by_cell(grid, other, km, skip)
                assert grid._grid_within(other, km, skip=skip) == want


def test_the_grid_looks_across_the_antimeridian_both_ways() -> None:
    for cell in (0.5, 0.7, 1.0, 2.0):
        for here, there in ((-179.5, 179.5), (179.5, -179.5), (-179.9, 178.0), (179.9, -178.0)):
            anchor = Place(id="a:1", name="A", lat=10.0, lon=there)
            target = Place(id="t:x", name="X", lat=10.0, lon=here)
            grid = AnchorGrid({0: anchor}, cell_degrees=cell, scan=0)
            assert grid._grid_within(target, 300.0, skip=-1), (cell, here, there)
            assert _cell_by_cell(grid, target, 300.0, -1)
