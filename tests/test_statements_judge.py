"""Measuring and judging statements, and placing unnamed spots, checked against geopy."""

from __future__ import annotations

import json
import math

import pytest
from geographiclib.geodesic import Geodesic
from geopy.distance import geodesic
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conflictmap.geo.shapes import box_of, line_through
from conflictmap.model import LatLon, Place, StatementKind
from conflictmap.pipeline import geoparse
from conflictmap.statements.base import Parsed, Quantity
from conflictmap.statements.directions import Compass, Direction, parse_direction
from conflictmap.statements.geometry import Anchor
from conflictmap.statements.judge import distance_range, judge
from conflictmap.statements.units import Unit
from conflictmap.store.gazetteer import Gazetteer

BAMAKO = Place(id="t:bamako", name="Bamako", lat=12.60915, lon=-7.97522, country="ML",
               kind="capital", population=1_297_281)  # fmt: skip
DIABALY = Place(id="t:diabaly", name="Diabaly", lat=14.6937, lon=-6.0197, country="ML", kind="town")
GAO = Place(id="t:gao", name="Gao", lat=16.27167, lon=-0.04472, country="ML", kind="city",
            population=133_110)  # fmt: skip


def geopy_km(a: Place, b: Place) -> float:
    return float(geodesic((a.lat, a.lon), (b.lat, b.lon)).km)


def geopy_bearing(a: Place, b: Place) -> float:
    return float(Geodesic.WGS84.Inverse(a.lat, a.lon, b.lat, b.lon)["azi1"]) % 360


def geopy_destination(a: Place, km: float, bearing: float) -> tuple[float, float]:
    point = geodesic(kilometers=km).destination((a.lat, a.lon), bearing)
    return point.latitude, point.longitude


def town(name: str, origin: Place, km: float, bearing: float, kind: str = "town") -> Place:
    lat, lon = geopy_destination(origin, km, bearing)
    return Place(id=f"t:{name.lower()}", name=name, lat=lat, lon=lon, country="ML", kind=kind)


def offset(
    value: float,
    direction: str | None,
    *,
    hedge: str | None = None,
    step: float = 1.0,
    top: float | None = None,
    road: bool = False,
    kind: StatementKind | None = None,
) -> Parsed:
    q = Quantity(
        value_km=value,
        max_km=top,
        unit=Unit.KM,
        text=f"{value} km",
        hedge=hedge,
        step_km=step,
        road=road,
    )
    d = parse_direction(direction) if direction else None
    kind_ = kind or (StatementKind.OFFSET if d else StatementKind.DISTANCE)
    return Parsed(kind=kind_, start=0, end=1, anchor=1, distance=q, direction=d)


def test_diabaly_measures_313_km_north_east_and_is_not_consistent() -> None:
    j = judge(offset(400, "north", hedge="some", step=100), DIABALY, Anchor(place=BAMAKO))
    assert j.measured is not None
    assert j.measured.distance_km == pytest.approx(geopy_km(BAMAKO, DIABALY), abs=1e-6)
    assert j.measured.bearing_deg == pytest.approx(geopy_bearing(BAMAKO, DIABALY), abs=1e-6)
    assert 300 <= j.measured.distance_km <= 330 and 35 <= j.measured.bearing_deg <= 50
    assert j.measured.direction == "NE"
    assert j.verdict == "approximate"
    assert j.note is not None and "road distance" in j.note and "shorter than stated" in j.note


def test_by_road_the_distance_fits_but_the_direction_still_does_not() -> None:
    j = judge(
        offset(400, "north", hedge="some", step=100, road=True), DIABALY, Anchor(place=BAMAKO)
    )
    assert j.verdict == "approximate"
    assert j.note is not None and "road distance, allowed" in j.note
    j = judge(
        offset(400, "north-east", hedge="some", step=100, road=True), DIABALY, Anchor(place=BAMAKO)
    )
    assert j.verdict == "consistent"


def test_a_round_hedged_number_allows_more_than_a_precise_one() -> None:
    origin = Place(id="t:o", name="O", lat=15.0, lon=-3.0, kind="village")
    some_400 = distance_range(
        Quantity(value_km=400.0, unit=Unit.KM, text="400 km", hedge="some", step_km=100.0)
    )
    exact_137 = distance_range(Quantity(value_km=137.0, unit=Unit.KM, text="137 km"))
    assert (some_400.high - some_400.low) / 400 > (exact_137.high - exact_137.low) / 137
    # the same relative shortfall (about 9%) is consistent for one and not the other
    near = town("A", origin, 400 * 0.9075, 90)
    assert judge(
        offset(400, "east", hedge="some", step=100), near, Anchor(place=origin)
    ).verdict == ("consistent")
    near = town("B", origin, 137 * 0.905, 90)
    assert judge(offset(137, "east"), near, Anchor(place=origin)).verdict == "approximate"


def test_a_sixteen_point_word_covers_a_narrower_arc() -> None:
    origin = Place(id="t:o", name="O", lat=15.0, lon=-3.0, kind="village")
    at_5 = town("A", origin, 100, 5, kind="village")
    at_20 = town("B", origin, 100, 20, kind="village")
    at_30 = town("C", origin, 100, 30, kind="village")
    verdicts = {
        (p.name, word): judge(
            Parsed(
                kind=StatementKind.DIRECTION,
                start=0,
                end=1,
                anchor=1,
                direction=parse_direction(word),
            ),
            p,
            Anchor(place=origin),
        ).verdict
        for p in (at_5, at_20, at_30)
        for word in ("north", "north-northeast", "north-northwest")
    }
    assert verdicts[("A", "north")] == "consistent"
    assert verdicts[("A", "north-northeast")] == "approximate"
    assert verdicts[("B", "north")] == "consistent"
    assert verdicts[("B", "north-northwest")] == "contradicts"
    assert verdicts[("C", "north")] == "approximate"
    assert verdicts[("C", "north-northeast")] == "consistent"


def test_open_hedges() -> None:
    origin = Place(id="t:o", name="O", lat=15.0, lon=-3.0, kind="village")
    far = town("Far", origin, 300, 0)
    close = town("Close", origin, 120, 0)
    short = town("Short", origin, 55, 0)  # too short even as a road distance
    assert judge(offset(100, "north", hedge="more than"), far, Anchor(place=origin)).verdict == (
        "approximate"
    )
    assert judge(offset(100, "north", hedge="more than"), close, Anchor(place=origin)).verdict == (
        "consistent"
    )
    assert judge(offset(100, "north", hedge="more than"), short, Anchor(place=origin)).verdict == (
        "contradicts"
    )
    assert judge(offset(150, "north", hedge="up to"), close, Anchor(place=origin)).verdict == (
        "consistent"
    )


def test_ranges_keep_their_ends() -> None:
    origin = Place(id="t:o", name="O", lat=15.0, lon=-3.0, kind="village")
    inside = town("In", origin, 38, 45)
    outside = town("Out", origin, 80, 45)
    assert judge(offset(30, "NE", top=40), inside, Anchor(place=origin)).verdict == "consistent"
    assert judge(offset(30, "NE", top=40), outside, Anchor(place=origin)).verdict == "contradicts"


@pytest.mark.parametrize(
    ("km", "direction", "hedge"),
    [(50, "west", "about"), (30, "north", "about"), (15, "north", None), (120, "NNE", "some")],
)
def test_unnamed_spot_estimate_is_the_geodesic_destination(
    km: float, direction: str, hedge: str | None
) -> None:
    j = judge(offset(km, direction, hedge=hedge), None, Anchor(place=GAO))
    assert j.estimate is not None and j.measured is None and j.verdict is None
    d = parse_direction(direction)
    assert d is not None
    lat, lon = geopy_destination(GAO, km, d.bearing)
    assert geodesic((lat, lon), (j.estimate.lat, j.estimate.lon)).km < 1e-6


def test_estimate_radius_grows_with_hedge_and_distance() -> None:
    def radius(km: float, hedge: str | None, step: float = 1.0) -> float:
        j = judge(offset(km, "west", hedge=hedge, step=step), None, Anchor(place=GAO))
        assert j.estimate is not None
        return j.estimate.radius_km

    assert radius(47, "about") > radius(47, None)
    assert radius(100, None) > radius(47, None)
    assert radius(400, "some", 100) > radius(400, None, 100)


def test_distance_only_and_near_estimates_are_discs_around_the_anchor() -> None:
    j = judge(offset(20, None, hedge="within"), None, Anchor(place=GAO))
    assert j.estimate is not None
    assert (j.estimate.lat, j.estimate.lon) == (GAO.lat, GAO.lon)
    assert 20 < j.estimate.radius_km < 30
    near = judge(
        Parsed(kind=StatementKind.NEAR, start=0, end=1, anchor=1, cue="near"),
        None,
        Anchor(place=GAO),
    )
    outskirts = judge(
        Parsed(kind=StatementKind.OUTSKIRTS, start=0, end=1, anchor=1, cue="outskirts"),
        None,
        Anchor(place=GAO),
    )
    assert near.estimate is not None and outskirts.estimate is not None
    assert outskirts.estimate.radius_km < near.estimate.radius_km


def test_near_and_outskirts_of_a_named_place() -> None:
    close = town("Close", GAO, 12, 200)
    far = town("Far", GAO, 140, 200)
    assert (
        judge(
            Parsed(kind=StatementKind.NEAR, start=0, end=1, anchor=1, cue="near"),
            close,
            Anchor(place=GAO),
        ).verdict
        == "consistent"
    )
    j = judge(
        Parsed(kind=StatementKind.NEAR, start=0, end=1, anchor=1, cue="near"),
        far,
        Anchor(place=GAO),
    )
    assert j.verdict == "contradicts"
    assert j.measured is not None and j.measured.distance_km == pytest.approx(geopy_km(GAO, far))
    assert (
        judge(
            Parsed(kind=StatementKind.OUTSKIRTS, start=0, end=1, anchor=1), close, Anchor(place=GAO)
        ).verdict
        == "consistent"
    )


def test_between() -> None:
    a = Place(id="t:a", name="A", lat=15.0, lon=-3.0, kind="town")
    b = town("B", a, 200, 90)
    mid = town("M", a, 100, 90)
    off = town("Off", a, 150, 10)
    parsed = Parsed(kind=StatementKind.BETWEEN, start=0, end=1, anchor=1, anchor2=2, cue="between")
    j = judge(parsed, mid, Anchor(place=a), Anchor(place=b))
    assert j.verdict == "consistent"
    assert j.measured is not None and j.measured.distance_km < 2
    assert judge(parsed, off, Anchor(place=a), Anchor(place=b)).verdict == "contradicts"
    spot = judge(parsed, None, Anchor(place=a), Anchor(place=b))
    assert spot.estimate is not None
    assert geodesic((spot.estimate.lat, spot.estimate.lon), (mid.lat, mid.lon)).km < 1
    road = judge(
        Parsed(kind=StatementKind.ROAD_BETWEEN, start=0, end=1, anchor=1, anchor2=2, cue="road"),
        None,
        Anchor(place=a),
        Anchor(place=b),
    )
    # a 200 km road is a stretch of road (its circle would reach 130 km), not a spot
    assert road.estimate is None and road.note is not None and "stretch of road" in road.note


def test_along_a_border_line_and_parts_of_an_outline() -> None:
    line = line_through([LatLon(14.0, -5.0), LatLon(17.0, -5.0)])
    border = Place(id="border:AA-BB", name="A–B border", lat=15.5, lon=-5.0, kind="border")
    anchor = Anchor(place=border, shape=line)
    parsed = Parsed(kind=StatementKind.ALONG_BORDER, start=0, end=1, anchor=1, cue="along")
    for km, verdict in ((30, "consistent"), (80, "approximate"), (300, "contradicts")):
        place = town("P", Place(id="x", name="x", lat=15.5, lon=-5.0), km, 90)
        j = judge(parsed, place, anchor)
        assert j.verdict == verdict
        assert j.measured is not None and j.measured.distance_km == pytest.approx(km, rel=0.01)

    country = Place(id="t:c", name="Squareland", lat=15.0, lon=0.0, kind="country")
    outline = Anchor(
        place=country, shape=box_of(south=10.0, west=-5.0, north=20.0, east=5.0), area_km2=1.2e6
    )
    north = Place(id="t:n", name="N", lat=18.3, lon=0.5)
    south = Place(id="t:s", name="S", lat=11.0, lon=0.5)
    middle = Place(id="t:m", name="M", lat=15.2, lon=-0.3)

    def part(word: str, place: Place) -> str | None:
        d = parse_direction(word) if word != "central" else None
        if word == "central":
            d = Direction(code=Compass.CENTRE, text="central")
        return judge(
            Parsed(kind=StatementKind.PART_OF, start=0, end=1, anchor=1, direction=d, cue=word),
            place,
            outline,
        ).verdict

    assert part("northern", north) == "consistent"
    assert part("northern", south) == "contradicts"
    assert part("southern", south) == "consistent"
    assert part("central", middle) == "consistent"
    assert part("central", north) == "approximate"


def test_end_to_end_on_a_tiny_gazetteer() -> None:
    gaz = Gazetteer.from_places([BAMAKO, DIABALY, GAO])
    text = (
        "Islamists attacked Diabaly, some 400 kilometres (250 miles) north of the capital "
        "Bamako. A convoy was attacked about 50km west of Gao."
    )
    result = geoparse(text, gazetteer=gaz)
    first, second = result.statements
    assert (first.kind, first.subject, first.anchor, first.verdict) == (
        "offset",
        "t:diabaly",
        "t:bamako",
        "approximate",
    )
    data = first.to_dict()
    assert data["stated"] == {"distance_km": 400, "direction": "N", "hedge": "some", "unit": "km"}
    assert data["measured"]["distance_km"] == pytest.approx(geopy_km(BAMAKO, DIABALY), abs=0.05)
    assert data["estimate"] is None
    assert second.subject is None and second.estimate is not None
    lat, lon = geopy_destination(GAO, 50, 270)
    assert geodesic((lat, lon), (second.estimate.lat, second.estimate.lon)).km < 1e-6
    assert text[second.start : second.end] == "about 50km west of Gao"
    assert math.isfinite(second.estimate.radius_km) and second.estimate.radius_km > 0


def test_an_unknown_named_subject_is_estimated() -> None:
    gaz = Gazetteer.from_places([GAO])
    result = geoparse("Rebels seized the town of Tinzawaten, 15 km north of Gao.", gazetteer=gaz)
    (statement,) = result.statements
    assert statement.subject is None
    assert statement.estimate is not None
    assert statement.subject_text == "Tinzawaten"
    lat, lon = geopy_destination(GAO, 15, 0)
    assert geodesic((lat, lon), (statement.estimate.lat, statement.estimate.lon)).km < 1e-6


def test_talks_between_two_countries_are_not_geography() -> None:
    gaz = Gazetteer.from_places(
        [
            Place(id="t:ml", name="Mali", lat=17.0, lon=-4.0, country="ML", kind="country"),
            Place(id="t:fr", name="France", lat=46.0, lon=2.0, country="FR", kind="country"),
            Place(id="t:ly", name="Libya", lat=27.0, lon=17.0, country="LY", kind="country"),
        ]
    )
    text = "Relations between Mali and France soured, inside and outside of Libya."
    assert geoparse(text, gazetteer=gaz).statements == ()


_SOUP = [
    "some", "about", "400", "two hundred", "30 to 40", "km", "kilometres", "(250 miles)", "miles",
    "north", "north-east", "NNE", "of", "from", "the capital", "Gao", "Bamako", "Diabaly", "Mali",
    "near", "between", "and", "on the road", "along the border with", "'s", "border", "northern",
    "central", ",", ".", "outskirts of", "the", "to", "lies", "halfway", "more than", "within",
    "Rebels", "attacked", "a convoy", "outside",
]  # fmt: skip
_SOUP_GAZETTEER = Gazetteer.from_places(
    [
        BAMAKO,
        DIABALY,
        GAO,
        Place(id="t:gao-bf", name="Gao", lat=11.64967, lon=-2.17777, country="BF", kind="town",
              population=26_453),
        Place(id="t:mali", name="Mali", lat=17.0, lon=-4.0, country="ML", kind="country"),
    ]
)  # fmt: skip


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(_SOUP), min_size=1, max_size=30))
def test_the_whole_chain_never_crashes_on_phrase_soup(words: list[str]) -> None:
    text = "Rebels " + " ".join(words)
    result = geoparse(text, gazetteer=_SOUP_GAZETTEER)
    for statement in result.statements:
        assert 0 <= statement.start < statement.end <= len(text)
        assert text[statement.start : statement.end] == statement.text
        json.dumps(statement.to_dict())
        if statement.estimate is not None:
            assert statement.estimate.radius_km > 0


def test_far_apart_places_give_no_spot_between_them() -> None:
    london = Place(id="t:london", name="London", lat=51.50853, lon=-0.12574, country="GB",
                   kind="capital", population=8_961_989)  # fmt: skip
    amsterdam = Place(id="t:ams", name="Amsterdam", lat=52.37403, lon=4.88969, country="NL",
                      kind="capital", population=741_636)  # fmt: skip
    result = geoparse(
        "Flights between London and Amsterdam resumed.",
        gazetteer=Gazetteer.from_places([london, amsterdam]),
    )
    (statement,) = result.statements
    assert statement.kind == "between" and statement.estimate is None
    assert statement.note is not None and "too far" in statement.note


def test_a_region_is_not_the_subject_of_near() -> None:
    alberta = Place(id="t:ab", name="Alberta", lat=52.28333, lon=-115.0, country="CA",
                    kind="region")  # fmt: skip
    hinton = Place(id="t:hinton", name="Hinton", lat=53.40009, lon=-117.58245, country="CA",
                   kind="town", population=9_640)  # fmt: skip
    result = geoparse(
        "Wildfires burned in Alberta around Hinton.",
        gazetteer=Gazetteer.from_places([alberta, hinton]),
    )
    (statement,) = result.statements
    assert (statement.kind, statement.subject, statement.subject_text) == ("near", None, None)
    assert statement.estimate is not None
    assert (statement.estimate.lat, statement.estimate.lon) == (hinton.lat, hinton.lon)
