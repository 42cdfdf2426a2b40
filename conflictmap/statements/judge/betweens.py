"""Judging "between X and Y" and placing a spot there.

A named subject is between X and Y when going from X to Y through it is at most
``between_consistent_detour`` times the straight line (approximate up to
``between_approximate_detour``; roads wind, so "on the road between" allows
more). "Halfway" also asks the subject to sit near the midpoint. An unnamed spot
is placed at the geodesic midpoint, never between places more than
``between_spot_max_km`` apart ("flights between London and Amsterdam"), and on a
road only when the circle stays within ``road_spot_max_radius_km`` ("on the
Aleppo-Damascus highway" is a stretch of road, which the map draws as a line).
"""

from __future__ import annotations

import math

from conflictmap.geo.areas import distance_to
from conflictmap.geo.geodesy import compass, destination, geodesic_km, initial_bearing
from conflictmap.geo.shapes import segment
from conflictmap.model import Estimate, Measured, Place, StatementKind, Verdict
from conflictmap.statements.base import Judgement, Parsed
from conflictmap.statements.geometry import Anchor, extent_km
from conflictmap.statements.judge.words import km, worst
from conflictmap.tuning.statements import DEFAULT, StatementsTuning

__all__ = ["between"]


def _detours(kind: StatementKind, tuning: StatementsTuning) -> tuple[float, float]:
    """The consistent and approximate detour factors of a kind of "between"."""
    if kind is StatementKind.ROAD_BETWEEN:
        return tuning.road_between_consistent_detour, tuning.road_between_approximate_detour
    return tuning.between_consistent_detour, tuning.between_approximate_detour


def between(
    parsed: Parsed,
    subject: Place | None,
    a: Anchor,
    b: Anchor | None,
    tuning: StatementsTuning = DEFAULT,
) -> Judgement:
    """The verdict on a subject between ``a`` and ``b``, or the spot an unnamed one is at.

    Examples
    --------
    >>> from conflictmap.model import Place, StatementKind
    >>> a = Anchor(place=Place(id="t:a", name="A", lat=15.0, lon=-3.0))
    >>> b = Anchor(place=Place(id="t:b", name="B", lat=15.0, lon=-1.0))
    >>> p = Parsed(kind=StatementKind.BETWEEN, start=0, end=1, anchor=0, anchor2=1, cue="between")
    >>> spot = between(p, None, a, b).estimate
    >>> round(spot.lat, 2), round(spot.lon, 2)
    (15.0, -2.0)
    >>> m = Place(id="t:m", name="M", lat=15.1, lon=-2.0)
    >>> between(p, m, a, b).verdict
    <Verdict.CONSISTENT: 'consistent'>
    """
    if b is None:
        return Judgement(note="the second anchor is not in the gazetteer")
    if a.shape is not None or b.shape is not None:
        return Judgement(note="'between' two areas is not measured")
    if subject is None:
        return _spot(parsed, a, b, tuning)
    return _named(parsed, subject, a, b, tuning)


def _spot(parsed: Parsed, a: Anchor, b: Anchor, tuning: StatementsTuning) -> Judgement:
    x, y = a.place, b.place
    span = geodesic_km(x.lat, x.lon, y.lat, y.lon)
    consistent, _ = _detours(parsed.kind, tuning)
    halfway = parsed.halfway
    road = parsed.kind is StatementKind.ROAD_BETWEEN
    if parsed.kind is StatementKind.BETWEEN and span > tuning.between_spot_max_km:
        return Judgement(
            note=f"{x.name} and {y.name} are {km(span)} apart: too far to place a spot between"
        )
    bearing = initial_bearing(x.lat, x.lon, y.lat, y.lon)
    lat, lon = destination(x.lat, x.lon, span / 2, bearing)
    share = tuning.halfway_share if halfway else consistent / 2
    radius = share * span + max(a.extent(tuning), b.extent(tuning))
    if road and not halfway and radius > tuning.road_spot_max_radius_km:
        return Judgement(
            note=(
                f"a spot on the road between {x.name} and {y.name} ({km(span)} apart): "
                f"a stretch of road, not a spot (a circle would reach {km(radius)}; "
                f"spots are placed up to {km(tuning.road_spot_max_radius_km)})"
            )
        )
    reach = (
        f"the midpoint ± {tuning.halfway_share * 100:g}% of the way"
        if halfway
        else (
            f"every point through which {x.name} to {y.name} is at most {consistent:g} times "
            f"the straight line{' (roads wind)' if road else ''}"
        )
    )
    note = (
        f"placed midway between {x.name} and {y.name} ({km(span)} apart); the radius covers {reach}"
    )
    return Judgement(estimate=Estimate(lat=lat, lon=lon, radius_km=radius), note=note)


def _named(
    parsed: Parsed, subject: Place, a: Anchor, b: Anchor, tuning: StatementsTuning
) -> Judgement:
    x, y = a.place, b.place
    span = geodesic_km(x.lat, x.lon, y.lat, y.lon)
    consistent, approximate = _detours(parsed.kind, tuning)
    d1 = geodesic_km(x.lat, x.lon, subject.lat, subject.lon)
    d2 = geodesic_km(subject.lat, subject.lon, y.lat, y.lon)
    slack = a.extent(tuning) + b.extent(tuning) + 2 * extent_km(subject, tuning)
    detour = max(1.0, (d1 + d2 - slack) / span) if span > 0 else math.inf
    off, _ = distance_to(segment(x.latlon, y.latlon), subject.lat, subject.lon)
    bearing = initial_bearing(x.lat, x.lon, subject.lat, subject.lon)
    measured = Measured(distance_km=off, bearing_deg=bearing, direction=compass(bearing))
    road = "by road, " if parsed.kind is StatementKind.ROAD_BETWEEN else ""
    note = (
        f"{subject.name} is {km(off)} off the straight line {x.name}–{y.name} "
        f"({km(span)}); going through it is {detour:.2f} times as long "
        f"({road}consistent up to {consistent:g}, approximate up to {approximate:g})"
    )
    verdict = (
        Verdict.CONSISTENT
        if detour <= consistent
        else Verdict.APPROXIMATE
        if detour <= approximate
        else Verdict.CONTRADICTS
    )
    if parsed.halfway and span > 0:
        skew = abs(d1 - d2) / span
        note += f"; {skew * 100:.0f}% off the midpoint"
        verdict = worst([verdict, _halfway(skew, tuning)])
    return Judgement(measured=measured, verdict=verdict, note=note)


def _halfway(skew: float, tuning: StatementsTuning) -> Verdict:
    """The verdict on a subject ``skew`` (a share of the way) off the midpoint."""
    if skew <= tuning.halfway_share:
        return Verdict.CONSISTENT
    if skew <= tuning.halfway_approximate_share:
        return Verdict.APPROXIMATE
    return Verdict.CONTRADICTS
