"""Measure a statement against the gazetteer and judge it; place unnamed spots.

Measurements are geodesic on WGS84 (geopy and geographiclib through
:mod:`conflictmap.geo.geodesy`): the distance and initial bearing from the
anchor to the subject, or from the nearest point of a border line or a
country's outline.

Verdicts
--------
``consistent``
    what the article says fits the gazetteer within the statement's own precision;
``approximate``
    it fits only loosely: off by up to the same margin again, or a stated
    distance that fits as a *road* distance but not as a straight line;
``contradicts``
    it does not fit.

A statement with a distance and a direction gets the worse of the two verdicts.

Tolerances follow the statement's precision:

* distance: the larger of the hedge margin (:data:`~conflictmap.statements.hedges.ABOUT_MARGIN`
  = 15% for "some"/"about", 5% with no hedge) and half the number's rounding step
  ("400" is rounded to the hundred: ±50), plus the extents of both places;
  "more than" is open upwards, "up to"/"within" downwards, ranges keep their ends;
* direction: the word's own sector (±22.5° for "north" or "north-east", ±11.25° for
  "north-northeast"), plus the angle the places' extents subtend; approximate
  within one more half-sector (22.5°);
* road versus straight line: a stated distance is taken as a straight line
  unless the article says "by road". Roads are longer, so a stated distance up
  to :data:`ROAD_FACTOR` times the straight line that fails as a straight line
  but fits as a road distance is judged ``approximate``, with a note.

Examples
--------
>>> from conflictmap.model import Place
>>> from conflictmap.statements.parse import Parsed, Quantity
>>> from conflictmap.statements.directions import parse_direction
>>> from conflictmap.statements.geometry import Anchor
>>> bamako = Place(id="t:1", name="Bamako", lat=12.60915, lon=-7.97522, kind="capital",
...                population=1_297_281)
>>> diabaly = Place(id="t:2", name="Diabaly", lat=14.6937, lon=-6.0197, kind="town")
>>> stated = Parsed("offset", 0, 0, 1, distance=Quantity(400.0, None, "km", "400 km",
...                 hedge="some", step_km=100.0), direction=parse_direction("north"))
>>> j = judge(stated, diabaly, Anchor(bamako))
>>> round(j.measured.distance_km), round(j.measured.bearing_deg), j.verdict
(313, 42, 'approximate')
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from conflictmap.geo.areas import area_share, distance_to
from conflictmap.geo.geodesy import (
    bearing_difference,
    compass,
    destination,
    geodesic_km,
    initial_bearing,
)
from conflictmap.model import Estimate, Measured, Place
from conflictmap.statements.borders import ALONG_BORDER_KM, distance_to_border
from conflictmap.statements.directions import Direction
from conflictmap.statements.geometry import Anchor, extent_km
from conflictmap.statements.hedges import ABOUT_MARGIN, hedge_bound
from conflictmap.statements.parse import CENTRAL, Parsed, Quantity

__all__ = [
    "APPROXIMATE",
    "CONSISTENT",
    "CONTRADICTS",
    "ROAD_FACTOR",
    "Judgement",
    "Range",
    "distance_range",
    "judge",
]

CONSISTENT = "consistent"
APPROXIMATE = "approximate"
CONTRADICTS = "contradicts"
_RANK = {CONSISTENT: 0, APPROXIMATE: 1, CONTRADICTS: 2}

#: how much longer than the straight line a road distance may be (assumption)
ROAD_FACTOR = 1.5
#: relative margin of a number with no hedge
EXACT_MARGIN = 0.05
#: "between X and Y" places an unnamed spot only when X and Y are at most this far apart
#: ("flights between London and Amsterdam" are not a place); roads may run farther
BETWEEN_SPOT_MAX_KM = 250.0
#: extra arc beyond a word's own sector that is still "approximate"
APPROX_ARC = 22.5


@dataclass(frozen=True, slots=True)
class Judgement:
    measured: Measured | None = None
    verdict: str | None = None
    estimate: Estimate | None = None
    note: str | None = None


@dataclass(frozen=True, slots=True)
class Range:
    """The straight-line distances a stated distance allows (km).

    ``low``..``high`` is consistent; ``centre`` and ``half_width`` place an
    unnamed spot; ``open_high``/``open_low`` mark "more than" and "up to".
    """

    low: float
    high: float
    centre: float
    half_width: float
    open_high: bool = False
    open_low: bool = False


def distance_range(q: Quantity) -> Range:
    """What a stated distance allows, before place extents are added.

    Examples
    --------
    >>> from conflictmap.statements.parse import Quantity
    >>> r = distance_range(Quantity(400.0, None, "km", "400 km", hedge="some", step_km=100.0))
    >>> round(r.low, 6), round(r.high, 6), r.centre
    (340.0, 460.0, 400.0)
    >>> r = distance_range(Quantity(37.0, None, "km", "37 km"))
    >>> round(r.low, 2), round(r.high, 2)
    (35.15, 38.85)
    >>> r = distance_range(Quantity(30.0, 40.0, "km", "30 to 40 km"))
    >>> round(r.low, 1), round(r.high, 1), r.centre
    (28.5, 42.0, 35.0)
    """
    v = q.value_km
    rounding = (q.step_km / 2.0) / v if v > 0 else 0.0
    exact = max(EXACT_MARGIN, rounding)
    about = max(ABOUT_MARGIN, rounding)
    bound = hedge_bound(q.hedge)
    if q.max_km is not None:
        margin = about if bound == "about" else EXACT_MARGIN
        low, high = v * (1 - margin), q.max_km * (1 + margin)
        return Range(low, high, (v + q.max_km) / 2, (high - low) / 2)
    if bound == "about":
        return Range(v * (1 - about), v * (1 + about), v, v * about)
    if bound == "nearly":
        low, high = v * (1 - about), v * (1 + EXACT_MARGIN)
        return Range(low, high, (low + high) / 2, (high - low) / 2)
    if bound == "min":
        low, high = v * (1 - EXACT_MARGIN), v * 1.5
        return Range(low, high, (low + high) / 2, (high - low) / 2, open_high=True)
    if bound == "max":
        high = v * (1 + EXACT_MARGIN)
        return Range(0.0, high, high / 2, high / 2, open_low=True)
    return Range(v * (1 - exact), v * (1 + exact), v, v * exact)


def judge(
    parsed: Parsed,
    subject: Place | None,
    anchor: Anchor | None,
    anchor2: Anchor | None = None,
) -> Judgement:
    """Measure, judge and (for an unnamed subject) place one statement.

    ``subject`` is ``None`` for an unnamed spot (or a name the gazetteer lacks):
    the statement then yields an :class:`~conflictmap.model.Estimate` when it
    locates a spot (an offset, a distance, "near", "outskirts", "between").
    """
    if anchor is None:
        return Judgement(note="the anchor is not in the gazetteer")
    kind = parsed.kind
    if kind == "border":
        return Judgement(note=_border_note(anchor))
    if kind in ("between", "road-between"):
        return _between(parsed, subject, anchor, anchor2)
    if kind == "part-of":
        return _part_of(parsed, subject, anchor)
    if anchor.place.kind == "continent":
        return Judgement(note=f"{anchor.place.name} is too large to measure from")
    if subject is None:
        return _estimate(parsed, anchor)
    distance, bearing, origin = _measure(anchor, subject)
    shown_points = 16 if parsed.direction is not None and parsed.direction.points == 16 else 8
    measured = Measured(
        distance_km=distance, bearing_deg=bearing if bearing is not None else 0.0,
        direction=compass(bearing, points=shown_points) if bearing is not None else None,
    )  # fmt: skip
    slack = anchor.extent_km + extent_km(subject)
    parts: list[tuple[str, str]] = []
    if kind in ("offset", "distance") and parsed.distance is not None:
        parts.append(_judge_distance(parsed.distance, distance, slack, origin))
    if kind in ("offset", "direction") and parsed.direction is not None:
        if bearing is None or distance <= slack:
            parts.append((CONSISTENT, f"too close ({_km(distance)}) to judge a direction"))
        else:
            parts.append(_judge_direction(parsed.direction, bearing, distance, slack))
    if kind in ("near", "along-border", "outskirts"):
        parts.append(_judge_near(parsed, anchor, distance, origin))
    if not parts:
        return Judgement(measured=measured, note=origin)
    verdict = max((v for v, _ in parts), key=_RANK.__getitem__)
    return Judgement(measured=measured, verdict=verdict, note="; ".join(n for _, n in parts))


# -- measuring ---------------------------------------------------------------------


def _measure(anchor: Anchor, subject: Place) -> tuple[float, float | None, str]:
    """Distance, bearing and a phrase saying from where they were measured."""
    place = anchor.place
    if anchor.is_line:
        km, bearing = distance_to_border(anchor.shape, subject.lat, subject.lon)
        return km, bearing, f"measured to the nearest point of the {place.name}"
    if anchor.is_area:
        km, (lat, lon) = distance_to(anchor.shape, subject.lat, subject.lon)
        if km <= 0.0:
            return 0.0, None, f"{subject.name} lies inside {place.name}"
        bearing = initial_bearing(lat, lon, subject.lat, subject.lon)
        return km, bearing, f"measured to the nearest point of {place.name}'s outline"
    km = geodesic_km(place.lat, place.lon, subject.lat, subject.lon)
    bearing = initial_bearing(place.lat, place.lon, subject.lat, subject.lon)
    return km, bearing, "straight-line (geodesic) distance"


def _judge_distance(q: Quantity, measured: float, slack: float, origin: str) -> tuple[str, str]:
    r = distance_range(q)
    low, high = r.low, r.high
    if q.road:
        low = low / ROAD_FACTOR  # a road distance allows a shorter straight line
    lo, hi = max(0.0, low - slack), high + slack
    stated = f"stated {_hedged(q)}"
    kind = "road distance, " if q.road else ""
    span = f"allowed {_km(lo)}–{_km(hi)}" if not r.open_high else f"allowed at least {_km(lo)}"
    head = f"{origin} {_km(measured)}; {stated} ({kind}{span})"
    if lo <= measured <= hi:
        return CONSISTENT, head
    if measured > hi and r.open_high:
        return APPROXIMATE, f"{head}: far more than stated, though not wrong"
    ref = q.value_km if measured < q.value_km else (q.max_km or q.value_km)
    gap = abs(measured - ref)
    share = gap / ref * 100 if ref else 0.0
    off = f"{gap:.0f} km ({share:.0f}%) {'shorter' if measured < ref else 'longer'} than stated"
    wide_lo = max(0.0, low - (q.value_km - low) - 2 * slack)
    wide_hi = high + (high - q.value_km) + 2 * slack
    if measured < lo and not q.road and not q.straight and measured * ROAD_FACTOR >= lo:
        return APPROXIMATE, (
            f"{head}: {off}; it fits a road distance "
            f"({ref / measured:.2f} times the straight line; roads assumed up to "
            f"{ROAD_FACTOR:g} times)"
        )
    if wide_lo <= measured <= wide_hi:
        return APPROXIMATE, f"{head}: {off}"
    return CONTRADICTS, f"{head}: {off}"


def _judge_direction(
    direction: Direction, bearing: float, distance: float, slack: float
) -> tuple[str, str]:
    diff = bearing_difference(bearing, direction.bearing)
    slack_deg = math.degrees(math.atan2(slack, distance))
    allowed = direction.half_arc + slack_deg
    text = (
        f"bearing {bearing:.0f}° ({compass(bearing, points=direction.points)}) is {diff:.0f}° "
        f"from {direction.code} ({direction.code} covers ±{direction.half_arc:g}°)"
    )
    if diff <= allowed:
        return CONSISTENT, text
    if diff <= allowed + APPROX_ARC:
        return APPROXIMATE, text
    return CONTRADICTS, text


def near_radius_km(anchor: Anchor) -> float:
    """How far "near X" reaches: 15 km plus twice X's extent; lines 50 km; areas 15%
    of the square root of their area (at least 50 km)."""
    if anchor.is_line:
        return ALONG_BORDER_KM
    if anchor.is_area and anchor.area_km2:
        return max(50.0, 0.15 * math.sqrt(anchor.area_km2))
    return 15.0 + 2.0 * extent_km(anchor.place)


def _judge_near(parsed: Parsed, anchor: Anchor, distance: float, origin: str) -> tuple[str, str]:
    if parsed.kind == "outskirts":
        radius = extent_km(anchor.place) + 10.0
        what = f"the outskirts reach {_km(radius)}"
    elif parsed.kind == "along-border":
        radius = ALONG_BORDER_KM
        what = f"'along the border' taken as within {_km(radius)}"
    else:
        radius = near_radius_km(anchor)
        what = f"'{parsed.cue or 'near'}' taken as within {_km(radius)}"
    text = f"{origin} {_km(distance)}; {what}"
    if distance <= radius:
        return CONSISTENT, text
    if distance <= 2 * radius:
        return APPROXIMATE, text
    return CONTRADICTS, text


# -- unnamed spots -----------------------------------------------------------------


def _estimate(parsed: Parsed, anchor: Anchor) -> Judgement:
    place = anchor.place
    if anchor.is_line and parsed.kind == "along-border":
        return Judgement(
            note=(
                f"a zone within {_km(ALONG_BORDER_KM)} of the {place.name} "
                f"(a line of {_km(anchor.length_km or 0.0)}): no point estimate"
            )
        )
    if anchor.shape is not None:
        return Judgement(note=f"an unnamed spot relative to {place.name}: no point estimate")
    extent = extent_km(place)
    q = parsed.distance
    if parsed.kind == "offset" and q is not None and parsed.direction is not None:
        r = distance_range(q)
        if r.centre <= 0:
            return Judgement(note="no distance to place the spot")
        lat, lon = destination(place.lat, place.lon, r.centre, parsed.direction.bearing)
        lateral = r.centre * math.tan(math.radians(parsed.direction.half_arc))
        radius = math.hypot(r.half_width, lateral) + extent
        note = (
            f"placed {_km(r.centre)} {parsed.direction.code} of {place.name} "
            f"(geodesic destination point); radius = distance margin {_km(r.half_width)} "
            f"and sector width {_km(lateral)} combined, plus {place.name}'s extent {_km(extent)}"
        )
        return Judgement(estimate=Estimate(lat=lat, lon=lon, radius_km=radius), note=note)
    if parsed.kind == "distance" and q is not None:
        r = distance_range(q)
        radius = r.high + extent
        note = f"no direction stated: somewhere within {_km(radius)} of {place.name}"
        return Judgement(
            estimate=Estimate(lat=place.lat, lon=place.lon, radius_km=radius), note=note
        )
    if parsed.kind in ("near", "outskirts"):
        if place.kind in ("country", "region", "district"):
            return Judgement(note=f"an unnamed spot near {place.name}: no point estimate")
        radius = extent + 10.0 if parsed.kind == "outskirts" else near_radius_km(anchor)
        note = f"'{parsed.cue or parsed.kind}' {place.name}: within {_km(radius)}"
        return Judgement(
            estimate=Estimate(lat=place.lat, lon=place.lon, radius_km=radius), note=note
        )
    return Judgement(note="no distance stated: no estimate")


# -- between -----------------------------------------------------------------------

_DETOUR = {"between": (1.15, 1.5), "road-between": (1.3, 1.7)}


def _between(parsed: Parsed, subject: Place | None, a: Anchor, b: Anchor | None) -> Judgement:
    if b is None:
        return Judgement(note="the second anchor is not in the gazetteer")
    x, y = a.place, b.place
    if a.shape is not None or b.shape is not None:
        return Judgement(note="'between' two areas is not measured")
    span = geodesic_km(x.lat, x.lon, y.lat, y.lon)
    consistent, approximate = _DETOUR[parsed.kind]
    halfway = parsed.cue == "halfway"
    road = "by road, " if parsed.kind == "road-between" else ""
    if subject is None:
        if parsed.kind == "between" and span > BETWEEN_SPOT_MAX_KM:
            return Judgement(
                note=f"{x.name} and {y.name} are {_km(span)} apart: too far to place a spot between"
            )
        bearing = initial_bearing(x.lat, x.lon, y.lat, y.lon)
        lat, lon = destination(x.lat, x.lon, span / 2, bearing)
        radius = (0.2 if halfway else consistent / 2) * span + max(a.extent_km, b.extent_km)
        reach = (
            "the midpoint ± 20% of the way"
            if halfway
            else (
                f"every point through which {x.name} to {y.name} is at most {consistent:g} times "
                f"the straight line{' (roads wind)' if road else ''}"
            )
        )
        note = f"placed midway between {x.name} and {y.name} ({_km(span)} apart); the radius covers {reach}"
        return Judgement(estimate=Estimate(lat=lat, lon=lon, radius_km=radius), note=note)
    d1 = geodesic_km(x.lat, x.lon, subject.lat, subject.lon)
    d2 = geodesic_km(subject.lat, subject.lon, y.lat, y.lon)
    slack = a.extent_km + b.extent_km + 2 * extent_km(subject)
    detour = max(1.0, (d1 + d2 - slack) / span) if span > 0 else math.inf
    from shapely.geometry import LineString

    segment = LineString([(x.lon, x.lat), (y.lon, y.lat)])
    off, _ = distance_to(segment, subject.lat, subject.lon)
    measured = Measured(distance_km=off, bearing_deg=initial_bearing(x.lat, x.lon, subject.lat, subject.lon),
                        direction=compass(initial_bearing(x.lat, x.lon, subject.lat, subject.lon)))  # fmt: skip
    note = (
        f"{subject.name} is {_km(off)} off the straight line {x.name}–{y.name} "
        f"({_km(span)}); going through it is {detour:.2f} times as long "
        f"({road}consistent up to {consistent:g}, approximate up to {approximate:g})"
    )
    verdict = (
        CONSISTENT
        if detour <= consistent
        else APPROXIMATE
        if detour <= approximate
        else CONTRADICTS
    )
    if halfway and span > 0:
        skew = abs(d1 - d2) / span
        note += f"; {skew * 100:.0f}% off the midpoint"
        part = CONSISTENT if skew <= 0.2 else APPROXIMATE if skew <= 0.4 else CONTRADICTS
        verdict = max(verdict, part, key=_RANK.__getitem__)
    return Judgement(measured=measured, verdict=verdict, note=note)


# -- parts of areas ----------------------------------------------------------------

_AXES = {"N": (1, 0), "S": (-1, 0), "E": (0, 1), "W": (0, -1)}


def _part_of(parsed: Parsed, subject: Place | None, anchor: Anchor) -> Judgement:
    direction = parsed.direction
    place = anchor.place
    word = parsed.cue or (direction.code if direction else "part")
    if subject is None or direction is None:
        return Judgement(note=f"a part of {place.name} ({word}): an area, not a spot")
    km = geodesic_km(place.lat, place.lon, subject.lat, subject.lon)
    bearing = initial_bearing(place.lat, place.lon, subject.lat, subject.lon)
    measured = Measured(distance_km=km, bearing_deg=bearing, direction=compass(bearing))
    if anchor.is_area:
        south, west = area_share(anchor.shape, subject.lat, subject.lon)
        shares = (
            f"{south * 100:.0f}% of {place.name}'s area lies south of {subject.name}, "
            f"{west * 100:.0f}% west of it"
        )
        verdict = _verdict_from_shares(direction.code, south, west)
        rule = (
            "central: both shares 20–80% (approximate 10–90%)"
            if direction.code == CENTRAL
            else "a side: at least 40% of the area behind it on each named axis (approximate 25%)"
        )
        return Judgement(measured=measured, verdict=verdict, note=f"{shares}; {rule}")
    if place.kind in ("region", "district") and direction.code != CENTRAL:
        if km <= extent_km(place) / 2:
            return Judgement(measured=measured, verdict=CONSISTENT,
                             note=f"{subject.name} is near the centre point of {place.name}")  # fmt: skip
        diff = bearing_difference(bearing, direction.bearing)
        verdict = CONSISTENT if diff <= 67.5 else APPROXIMATE if diff <= 90 else CONTRADICTS
        note = (
            f"judged by bearing from {place.name}'s centre point (no outline): "
            f"{bearing:.0f}° is {diff:.0f}° from {direction.code} (consistent within 67.5°)"
        )
        return Judgement(measured=measured, verdict=verdict, note=note)
    return Judgement(measured=measured, note=f"no outline of {place.name} to judge a part by")


def _verdict_from_shares(code: str, south: float, west: float) -> str:
    if code == CENTRAL:
        worst = max(abs(south - 0.5), abs(west - 0.5))
        return CONSISTENT if worst <= 0.3 else APPROXIMATE if worst <= 0.4 else CONTRADICTS
    behind = []
    for letter in set(code):
        ns, ew = _AXES[letter]
        if ns:
            behind.append(south if ns > 0 else 1 - south)
        if ew:
            behind.append(west if ew > 0 else 1 - west)
    least = min(behind)
    return CONSISTENT if least >= 0.4 else APPROXIMATE if least >= 0.25 else CONTRADICTS


# -- words -------------------------------------------------------------------------


def _border_note(anchor: Anchor) -> str:
    if anchor.is_line:
        return f"the {anchor.place.name}, a line of {_km(anchor.length_km or 0.0)}"
    return f"{anchor.place.name}: no border line in the gazetteer"


def _hedged(q: Quantity) -> str:
    words = [q.hedge] if q.hedge else []
    if q.max_km is not None:
        words.append(f"{_km(q.value_km, unit=False)}–{_km(q.max_km)}")
    else:
        words.append(_km(q.value_km))
    return " ".join(words)


def _km(value: float, *, unit: bool = True) -> str:
    text = f"{value:.0f}" if value >= 10 else f"{value:.1f}"
    return f"{text} km" if unit else text
