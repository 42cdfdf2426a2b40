"""One judge rule at a time (``statements/judge/``), at the edges of its tolerances.

Places are put at exact geodesic distances and bearings from an origin (geopy), so
each case sits just inside or just outside a tolerance the README states.
"""

from __future__ import annotations

import math

import pytest
from geopy.distance import geodesic

from conflictmap.geo.shapes import box_of, line_through
from conflictmap.model import LatLon, Place, PlaceKind, StatementKind, Verdict
from conflictmap.statements.assemble import stated
from conflictmap.statements.base import Parsed, Quantity
from conflictmap.statements.directions import Compass, Direction, parse_direction
from conflictmap.statements.ends import described, is_dropped
from conflictmap.statements.geometry import Anchor, extent_km
from conflictmap.statements.judge import judge
from conflictmap.statements.judge.bearings import judge_direction
from conflictmap.statements.judge.betweens import between
from conflictmap.statements.judge.distances import judge_distance
from conflictmap.statements.judge.estimates import estimate
from conflictmap.statements.judge.nears import judge_near, near_radius_km
from conflictmap.statements.judge.parts import part_of, verdict_from_shares
from conflictmap.statements.judge.ranges import distance_range
from conflictmap.statements.units import Unit

ORIGIN = Place(id="t:o", name="Origin", lat=14.0, lon=-4.0, kind="village")
C, A, X = Verdict.CONSISTENT, Verdict.APPROXIMATE, Verdict.CONTRADICTS


def at(
    km: float, bearing: float, *, origin: Place = ORIGIN, kind: str = "village", name: str = "P"
) -> Place:
    point = geodesic(kilometers=km).destination((origin.lat, origin.lon), bearing)
    return Place(id=f"t:{name}", name=name, lat=point.latitude, lon=point.longitude, kind=kind)


def qty(value: float, hedge: str | None = None, *, top: float | None = None, step: float = 1.0,
        road: bool = False, straight: bool = False) -> Quantity:  # fmt: skip
    return Quantity(value_km=value, max_km=top, unit=Unit.KM, text=f"{value} km", hedge=hedge,
                    step_km=step, road=road, straight=straight)  # fmt: skip


def item(kind: StatementKind, *, cue: str | None = None, direction: str | None = None,
         distance: Quantity | None = None) -> Parsed:  # fmt: skip
    d = parse_direction(direction) if direction else None
    return Parsed(kind=kind, start=0, end=1, anchor=0, anchor2=1, cue=cue, direction=d,
                  distance=distance)  # fmt: skip


# -- ranges.py: what each hedge allows ---------------------------------------------------------


@pytest.mark.parametrize(
    ("q", "low", "high", "open_high", "open_low"),
    [
        (qty(100), 95.0, 105.0, False, False),  # no hedge: ±5%
        (qty(100, "about"), 85.0, 115.0, False, False),  # "about": ±15%
        (qty(400, step=100), 350.0, 450.0, False, False),  # rounding dominates: ±50
        (qty(1000, "some", step=1000), 500.0, 1500.0, False, False),  # ±half the step
        (qty(100, "nearly"), 85.0, 105.0, False, False),
        (qty(100, "more than"), 95.0, 150.0, True, False),
        (qty(100, "up to"), 0.0, 105.0, False, True),
        (qty(30, "about", top=40), 25.5, 46.0, False, False),
        (qty(30, top=40), 28.5, 42.0, False, False),
    ],
)
def test_ranges_by_hedge(
    q: Quantity, low: float, high: float, open_high: bool, open_low: bool
) -> None:
    r = distance_range(q)
    assert (r.low, r.high) == (pytest.approx(low), pytest.approx(high))
    assert (r.open_high, r.open_low) == (open_high, open_low)
    assert r.half_width == pytest.approx((r.high - r.low) / 2)


# -- distances.py -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("q", "measured", "verdict", "words"),
    [
        (qty(100), 104.0, C, "allowed 95 km–105 km"),
        (qty(100), 109.0, A, "9 km (9%) longer than stated"),  # within the margin again
        (qty(100), 111.0, X, "longer than stated"),
        (qty(100), 70.0, A, "it fits a road distance (1.43 times"),  # 70 × 1.5 ≥ 95
        (qty(100), 60.0, X, "40 km (40%) shorter"),  # 60 × 1.5 < 95 and below 90
        (qty(100, straight=True), 70.0, X, "shorter than stated"),  # no road excuse
        (qty(100, road=True), 70.0, C, "road distance, allowed 63 km–105 km"),
        (qty(100, "more than"), 200.0, A, "far more than stated, though not wrong"),
        (qty(100, "more than"), 140.0, C, "allowed at least 95 km"),
    ],
)
def test_distance_verdicts_at_their_edges(
    q: Quantity, measured: float, verdict: Verdict, words: str
) -> None:
    got, note = judge_distance(q, measured, 0.0, "measured")
    assert got is verdict
    assert words in note


def test_extents_widen_a_distance_verdict() -> None:
    assert judge_distance(qty(100), 111.0, 0.0, "m")[0] is X
    assert judge_distance(qty(100), 111.0, 6.5, "m")[0] is C  # both places 6.5 km wide in all


# -- bearings.py ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("word", "bearing", "slack", "verdict"),
    [
        ("north", 22.0, 0.0, C),
        ("north", 44.0, 0.0, A),  # within one more half-sector
        ("north", 46.0, 0.0, X),
        ("north", 30.0, 20.0, C),  # 20 km of extents at 100 km subtend 11.3°
        ("north-northeast", 34.0, 0.0, A),  # 16-point: ±11.25°
        ("north-northeast", 33.0, 0.0, C),
        ("west", 200.0, 0.0, X),
    ],
)
def test_direction_sectors(word: str, bearing: float, slack: float, verdict: Verdict) -> None:
    direction = parse_direction(word)
    assert direction is not None
    assert judge_direction(direction, bearing, 100.0, slack)[0] is verdict


def test_a_subject_inside_the_extents_is_too_close_for_a_direction() -> None:
    town = at(2.0, 180.0, kind="town")  # within the 1 km + 1.5 km of the two extents
    j = judge(item(StatementKind.DIRECTION, direction="north"), town, Anchor(place=ORIGIN))
    assert j.verdict is C and j.note is not None and j.note.startswith("too close")


# -- nears.py ---------------------------------------------------------------------------------------


def test_near_radius_by_anchor_shape() -> None:
    city = Place(id="t:c", name="C", lat=14.0, lon=-4.0, kind="city", population=400_000)
    assert near_radius_km(Anchor(place=city)) == pytest.approx(15 + 2 * 0.3 * math.sqrt(400))
    line = line_through([LatLon(14.0, -5.0), LatLon(16.0, -5.0)])
    border = Place(id="border:AA-BB", name="A–B border", lat=15.0, lon=-5.0, kind="border")
    assert near_radius_km(Anchor(place=border, shape=line)) == 50.0
    country = Place(id="t:k", name="K", lat=15.0, lon=0.0, kind="country")
    big = Anchor(place=country, shape=box_of(south=10, west=-5, north=20, east=5), area_km2=1.24e6)
    small = Anchor(place=country, shape=box_of(south=14, west=0, north=15, east=1), area_km2=1.0e4)
    assert near_radius_km(big) == pytest.approx(0.15 * math.sqrt(1.24e6))
    assert near_radius_km(small) == 50.0  # 15 km would be less than the floor


@pytest.mark.parametrize(
    ("kind", "km", "verdict"),
    [
        (StatementKind.NEAR, 16.5, C),  # a village: 15 + 2 × 1 km
        (StatementKind.NEAR, 33.0, A),
        (StatementKind.NEAR, 35.0, X),
        (StatementKind.OUTSKIRTS, 10.5, C),  # 1 km + 10 km
        (StatementKind.OUTSKIRTS, 23.0, X),
    ],
)
def test_near_and_outskirts_reach(kind: StatementKind, km: float, verdict: Verdict) -> None:
    assert judge_near(item(kind, cue="near"), Anchor(place=ORIGIN), km, "m")[0] is verdict


def test_along_a_border_is_fifty_km_either_side() -> None:
    parsed = item(StatementKind.ALONG_BORDER, cue="along")
    border = Anchor(place=Place(id="border:AA-BB", name="b", lat=0, lon=0, kind="border"),
                    shape=line_through([LatLon(0, 0), LatLon(1, 0)]))  # fmt: skip
    assert [judge_near(parsed, border, km, "m")[0] for km in (49.0, 99.0, 101.0)] == [C, A, X]


# -- estimates.py -------------------------------------------------------------------------------


def test_an_offset_spot_radius_combines_margin_sector_and_extent() -> None:
    parsed = item(StatementKind.OFFSET, direction="east", distance=qty(100, "about"))
    j = estimate(parsed, Anchor(place=ORIGIN))
    assert j.estimate is not None
    lateral = 100 * math.tan(math.radians(22.5))
    assert j.estimate.radius_km == pytest.approx(math.hypot(15.0, lateral) + 1.0)
    point = geodesic(kilometers=100).destination((ORIGIN.lat, ORIGIN.lon), 90.0)
    assert geodesic((point.latitude, point.longitude), (j.estimate.lat, j.estimate.lon)).km < 1e-6


def test_a_distance_alone_is_a_disc_reaching_the_far_end() -> None:
    j = estimate(item(StatementKind.DISTANCE, distance=qty(20, "within")), Anchor(place=ORIGIN))
    assert j.estimate is not None
    assert (j.estimate.lat, j.estimate.lon) == (ORIGIN.lat, ORIGIN.lon)
    assert j.estimate.radius_km == pytest.approx(21.0 + 1.0)


@pytest.mark.parametrize(
    ("anchor", "parsed", "note"),
    [
        (Anchor(place=Place(id="t:r", name="Mopti", lat=14.5, lon=-4.2, kind="region")),
         item(StatementKind.NEAR, cue="near"), "an unnamed spot near Mopti: no point estimate"),
        (Anchor(place=Place(id="border:ML-NE", name="Mali–Niger border", lat=15, lon=3,
                            kind="border"), shape=line_through([LatLon(14, 3), LatLon(16, 3)]),
                length_km=222.0),
         item(StatementKind.ALONG_BORDER, cue="along"), "a zone within 50 km of the Mali–Niger border"),
        (Anchor(place=ORIGIN), item(StatementKind.DIRECTION, direction="north"),
         "no distance stated: no estimate"),
    ],
)  # fmt: skip
def test_spots_that_cannot_be_placed(anchor: Anchor, parsed: Parsed, note: str) -> None:
    j = estimate(parsed, anchor)
    assert j.estimate is None and j.note is not None and j.note.startswith(note)


def test_nothing_is_measured_from_a_continent() -> None:
    africa = Place(id="t:af", name="Africa", lat=7.0, lon=21.0, kind="continent")
    j = judge(
        item(StatementKind.OFFSET, direction="north", distance=qty(50)),
        ORIGIN,
        Anchor(place=africa),
    )
    assert (j.verdict, j.note) == (None, "Africa is too large to measure from")


# -- betweens.py --------------------------------------------------------------------------------


WEST = ORIGIN
EAST = at(200.0, 90.0, name="East")


def _off_the_line(detour: float) -> Place:
    """A village north of the midpoint, so that going through it is ``detour`` × 200 km
    (plus the 4 km of the three villages' extents)."""
    half = (detour * 200.0 + 4.0) / 2
    midpoint = at(100.0, 90.0, name="Mid")
    return at(math.sqrt(half**2 - 100.0**2), 0.0, origin=midpoint, name="Off")


@pytest.mark.parametrize(
    ("detour", "plain", "road"),
    [(1.10, C, C), (1.25, A, C), (1.45, A, A), (1.60, X, A), (1.80, X, X)],
)
def test_between_detours(detour: float, plain: Verdict, road: Verdict) -> None:
    subject = _off_the_line(detour)
    a, b = Anchor(place=WEST), Anchor(place=EAST)
    assert between(item(StatementKind.BETWEEN), subject, a, b).verdict is plain
    assert between(item(StatementKind.ROAD_BETWEEN), subject, a, b).verdict is road


@pytest.mark.parametrize(("share", "verdict"), [(0.45, C), (0.35, A), (0.2, X)])
def test_halfway_needs_the_midpoint(share: float, verdict: Verdict) -> None:
    subject = at(200.0 * share, 90.0, name="On")
    j = between(
        item(StatementKind.BETWEEN, cue="halfway"), subject, Anchor(place=WEST), Anchor(place=EAST)
    )
    assert j.verdict is verdict


def test_between_spots_and_their_limit() -> None:
    far = at(300.0, 90.0, name="Far")
    spot = between(item(StatementKind.BETWEEN), None, Anchor(place=WEST), Anchor(place=far))
    assert spot.estimate is None and spot.note is not None and "too far" in spot.note
    road = between(item(StatementKind.ROAD_BETWEEN), None, Anchor(place=WEST), Anchor(place=far))
    assert road.estimate is None and road.note is not None and "would reach 196 km" in road.note
    near = at(100.0, 90.0, name="Near")
    road = between(item(StatementKind.ROAD_BETWEEN), None, Anchor(place=WEST), Anchor(place=near))
    assert road.estimate is not None and road.estimate.radius_km == pytest.approx(
        1.3 / 2 * 100 + 1, rel=1e-3
    )
    halfway = between(
        item(StatementKind.BETWEEN, cue="halfway"), None, Anchor(place=WEST), Anchor(place=EAST)
    )
    assert halfway.estimate is not None and halfway.estimate.radius_km == pytest.approx(
        0.2 * 200 + 1, rel=1e-3
    )


# -- parts.py -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("code", "south", "west", "verdict"),
    [
        (Compass.N, 0.45, 0.5, C),
        (Compass.N, 0.30, 0.5, A),
        (Compass.N, 0.20, 0.5, X),
        (Compass.SE, 0.2, 0.7, C),  # south: 80% north of it; east: 70% west of it
        (Compass.SE, 0.2, 0.3, A),
        (Compass.CENTRE, 0.25, 0.75, C),
        (Compass.CENTRE, 0.15, 0.5, A),
        (Compass.CENTRE, 0.05, 0.5, X),
    ],
)
def test_sides_and_centre_by_area_shares(
    code: Compass, south: float, west: float, verdict: Verdict
) -> None:
    assert verdict_from_shares(code, south=south, west=west) is verdict


REGION = Place(id="t:reg", name="Region", lat=14.0, lon=-4.0, kind="region")


@pytest.mark.parametrize(
    ("km", "bearing", "verdict"),
    [(15.0, 180.0, C), (100.0, 60.0, C), (100.0, 80.0, A), (100.0, 120.0, X)],
)
def test_a_region_without_outline_is_judged_by_bearing(
    km: float, bearing: float, verdict: Verdict
) -> None:
    subject = at(km, bearing, origin=REGION)
    j = part_of(
        item(StatementKind.PART_OF, direction="northern", cue="northern"),
        subject,
        Anchor(place=REGION),
    )
    assert j.verdict is verdict


def test_a_country_without_outline_is_not_judged() -> None:
    country = Place(id="t:k", name="Kland", lat=14.0, lon=-4.0, kind="country")
    j = part_of(
        item(StatementKind.PART_OF, direction="northern"), at(50.0, 0.0), Anchor(place=country)
    )
    assert j.verdict is None and j.note == "no outline of Kland to judge a part by"


# -- ends.py and assemble.py ----------------------------------------------------------------------


def test_which_places_can_be_a_subject() -> None:
    country = Place(id="t:ml", name="Mali", lat=17, lon=-4, kind="country")
    africa = Place(id="t:af", name="Africa", lat=7, lon=21, kind="continent")
    town = Place(id="t:gao", name="Gao", lat=16.3, lon=0.0, kind="city")
    assert described(StatementKind.OFFSET, town, country) is town
    assert described(StatementKind.OFFSET, country, town) is None
    assert described(StatementKind.OFFSET, town, town) is None
    assert described(StatementKind.PART_OF, country, africa) is country
    assert described(StatementKind.PART_OF, country, town) is None


def test_which_phrases_are_no_geography() -> None:
    country = Place(id="t:ml", name="Mali", lat=17, lon=-4, kind=PlaceKind.COUNTRY)
    region = Place(id="t:r", name="Gao", lat=16, lon=0, kind=PlaceKind.REGION)
    town = Place(id="t:t", name="Gao", lat=16.3, lon=0.0, kind=PlaceKind.CITY)
    assert is_dropped(item(StatementKind.NEAR, cue="around"), country, None)
    assert not is_dropped(item(StatementKind.NEAR, cue="near"), country, None)
    assert is_dropped(item(StatementKind.OUTSKIRTS, cue="outskirts"), country, None)
    assert is_dropped(item(StatementKind.BETWEEN), town, region)
    assert not is_dropped(item(StatementKind.BETWEEN), town, town)
    assert is_dropped(item(StatementKind.BETWEEN), town, None)


def test_what_is_stated() -> None:
    central = Parsed(kind=StatementKind.PART_OF, start=0, end=1, anchor=0,
                     direction=Direction(code=Compass.CENTRE, text="Central"), cue="Central")  # fmt: skip
    s = stated(central)
    assert (s.direction, s.value_text, s.distance_km) == (None, "central", None)
    s = stated(item(StatementKind.NEAR, cue="not far from"))
    assert (s.value_text, s.unit, s.hedge) == ("not far from", None, None)
    s = stated(item(StatementKind.OFFSET, direction="NNE", distance=qty(30, "some", top=40)))
    assert (s.direction, s.distance_km, s.distance_max_km, s.unit, s.hedge) == (
        "NNE",
        30,
        40,
        "km",
        "some",
    )
    assert type(s.unit) is str and type(s.direction) is str  # plain words in the JSON contract


def test_extent_by_kind_and_population() -> None:
    assert (
        extent_km(Place(id="a", name="a", lat=0, lon=0, kind="country", population=10**8)) == 100.0
    )
    assert extent_km(Place(id="b", name="b", lat=0, lon=0, kind="village")) == 1.0
    big = Place(id="c", name="c", lat=0, lon=0, kind="capital", population=4_000_000)
    assert extent_km(big) == pytest.approx(0.3 * math.sqrt(4000))
