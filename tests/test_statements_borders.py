"""Borders from the gazetteer's country shapes: lines, zones, distances, one-sided phrases."""

from __future__ import annotations

import pytest
import shapely
from geopy.distance import geodesic

from conflictmap.model import Place, StatementKind
from conflictmap.pipeline import geoparse
from conflictmap.statements.base import Parsed
from conflictmap.statements.borders import (
    border_line,
    border_place_for,
    border_zone,
    distance_to_border,
    partner_country,
)
from conflictmap.statements.geometry import Geometries
from conflictmap.statements.judge import judge
from conflictmap.store.gazetteer import Gazetteer

# Points in Mali and Mauritania (lat, lon), some near the border, some far from it.
POINTS = [
    (15.2311, -9.5903),  # Nioro du Sahel
    (14.6937, -6.0197),  # Diabaly
    (12.60915, -7.97522),  # Bamako
    (16.6194, -7.2556),  # Nampala
    (16.5, -11.4),  # Ayoun el Atrous area, Mauritania
    (22.0, -6.5),
]


def _dense_minimum_km(line: object, lat: float, lon: float) -> float:
    dense = shapely.segmentize(line, 0.005)
    return min(geodesic((lat, lon), (y, x)).km for x, y in shapely.get_coordinates(dense))


def test_the_mali_mauritania_border_is_a_line(base_gazetteer: Gazetteer) -> None:
    line = border_line(base_gazetteer, "ML", "MR")
    assert line is not None and line.geom_type in ("LineString", "MultiLineString")
    place = border_place_for(base_gazetteer, "MR", "ML")
    assert place is not None
    assert (place.id, place.kind) == ("border:ML-MR", "border")
    assert distance_to_border(line, place.lat, place.lon)[0] < 1.0
    assert border_line(base_gazetteer, "ML", "FR") is None
    assert border_place_for(base_gazetteer, "ML", "ML") is None


@pytest.mark.parametrize(("lat", "lon"), POINTS)
def test_distance_to_a_border_is_the_geodesic_minimum(
    base_gazetteer: Gazetteer, lat: float, lon: float
) -> None:
    line = border_line(base_gazetteer, "ML", "MR")
    km, bearing = distance_to_border(line, lat, lon)
    reference = _dense_minimum_km(line, lat, lon)
    assert km == pytest.approx(reference, rel=0.01, abs=0.5)
    assert bearing is None or 0.0 <= bearing < 360.0


def test_the_zone_along_a_border(base_gazetteer: Gazetteer) -> None:
    line = border_line(base_gazetteer, "ML", "MR")
    zone = border_zone(line, 50.0)
    checked = 0
    minx, miny, maxx, maxy = line.bounds
    for i in range(12):
        for j in range(12):
            lon = minx - 1 + (maxx - minx + 2) * i / 11
            lat = miny - 1 + (maxy - miny + 2) * j / 11
            km, _ = distance_to_border(line, lat, lon)
            if abs(km - 50.0) < 3.0:
                continue  # the zone's edge is drawn in a local projection: a few km slack
            assert zone.contains(shapely.Point(lon, lat)) == (km < 50.0), (lat, lon, km)
            checked += 1
    assert checked > 100


def test_partner_of_a_one_sided_border_comes_from_the_focus() -> None:
    touching = {frozenset(("ML", "MR")), frozenset(("MR", "SN")), frozenset(("ML", "SN"))}

    def shares(a: str, b: str) -> bool:
        return frozenset((a, b)) in touching

    assert partner_country("MR", {"ML": 0.6, "FR": 0.4}, shares_border=shares) == "ML"
    assert partner_country("MR", {"FR": 0.6, "SN": 0.3, "ML": 0.1}, shares_border=shares) == "SN"
    assert partner_country("MR", {"ML": 0.9}, shares_border=shares, prefer="SN") == "SN"
    assert partner_country("MR", {"FR": 1.0}, shares_border=shares) is None


def test_a_named_place_along_the_border_is_measured_to_the_line(
    base_gazetteer: Gazetteer,
) -> None:
    border = border_place_for(base_gazetteer, "ML", "MR")
    assert border is not None
    anchor = Geometries(base_gazetteer).anchor(border)
    assert anchor.is_line
    nioro = Place(id="t:nioro", name="Nioro du Sahel", lat=15.2311, lon=-9.5903, kind="town")
    bamako = Place(id="t:bamako", name="Bamako", lat=12.60915, lon=-7.97522, kind="capital")
    parsed = Parsed(kind=StatementKind.ALONG_BORDER, start=0, end=1, anchor=1, cue="along")
    near = judge(parsed, nioro, anchor)
    far = judge(parsed, bamako, anchor)
    assert near.verdict == "consistent" and far.verdict == "contradicts"
    assert near.measured is not None
    line = anchor.shape.shapely()  # the statements measure an Outline
    assert near.measured.distance_km == pytest.approx(
        _dense_minimum_km(line, nioro.lat, nioro.lon), rel=0.01, abs=0.5
    )


def test_along_the_border_with_one_country_becomes_the_shared_border(
    base_gazetteer: Gazetteer,
) -> None:
    text = (
        "French jets struck rebels in Mali on Sunday. The French also targeted sites along "
        "the border with Mauritania."
    )
    result = geoparse(text, gazetteer=base_gazetteer)
    along = [s for s in result.statements if s.kind == "along-border"]
    assert len(along) == 1
    assert along[0].anchor == "border:ML-MR"
    assert along[0].subject is None and along[0].estimate is None
    assert result.place_by_id["border:ML-MR"].kind == "border"
    assert text[along[0].start : along[0].end] == "along the border with Mauritania"
