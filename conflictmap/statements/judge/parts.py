"""Judging "northern X", "central X": by the share of X's area on each side of the subject.

With X's outline, a side holds when at least ``side_share`` of X's area lies
behind the subject on each named axis (north: the share south of it); the centre
when both shares are within ``centre_offset`` of one half. Of a list of sides
("northern and eastern X") the subject may lie in any: the best verdict. Without an outline, a
region is judged by the bearing from its centre point.
"""

from __future__ import annotations

from dataclasses import replace

from conflictmap.geo.areas import area_share
from conflictmap.geo.geodesy import bearing_difference, compass, geodesic_km, initial_bearing
from conflictmap.model import Measured, Place, PlaceKind, Verdict
from conflictmap.statements.base import Judgement, Parsed
from conflictmap.statements.directions import Compass, Direction
from conflictmap.statements.geometry import Anchor, extent_km
from conflictmap.statements.judge.words import ORDER
from conflictmap.tuning.statements import DEFAULT, StatementsTuning

__all__ = ["part_of", "verdict_from_shares"]

#: areas judged by bearing from their centre point (the gazetteer has no outline of them)
_NO_OUTLINE_AREAS = frozenset({PlaceKind.REGION, PlaceKind.DISTRICT})


def _grade(value: float, consistent: float, approximate: float) -> Verdict:
    """Consistent up to ``consistent``, approximate up to ``approximate``, else contradicts."""
    if value <= consistent:
        return Verdict.CONSISTENT
    if value <= approximate:
        return Verdict.APPROXIMATE
    return Verdict.CONTRADICTS


def part_of(
    parsed: Parsed, subject: Place | None, anchor: Anchor, tuning: StatementsTuning = DEFAULT
) -> Judgement:
    """The verdict on a subject said to lie in a part of the anchor's area.

    Examples
    --------
    >>> from conflictmap.geo.shapes import box_of
    >>> from conflictmap.model import Place, StatementKind
    >>> from conflictmap.statements.directions import parse_direction
    >>> land = Anchor(place=Place(id="t:c", name="Squareland", lat=15.0, lon=0.0, kind="country"),
    ...               shape=box_of(south=10.0, west=-5.0, north=20.0, east=5.0), area_km2=1.2e6)
    >>> north = Parsed(kind=StatementKind.PART_OF, start=0, end=1, anchor=0,
    ...                direction=parse_direction("northern"), cue="northern")
    >>> part_of(north, Place(id="t:n", name="N", lat=18.3, lon=0.5), land).verdict
    <Verdict.CONSISTENT: 'consistent'>
    >>> verdict_from_shares(Compass.NE, south=0.3, west=0.9)
    <Verdict.APPROXIMATE: 'approximate'>
    """
    if parsed.listed and subject is not None:
        judged = [part_of(replace(parsed, direction=d, listed=()), subject, anchor, tuning)
                  for d in parsed.listed]  # fmt: skip
        return min(judged, key=lambda j: ORDER.index(j.verdict) if j.verdict else len(ORDER))
    direction = parsed.direction
    place = anchor.place
    word = parsed.cue or (direction.code if direction else "part")
    if subject is None or direction is None:
        return Judgement(note=f"a part of {place.name} ({word}): an area, not a spot")
    km = geodesic_km(place.lat, place.lon, subject.lat, subject.lon)
    bearing = initial_bearing(place.lat, place.lon, subject.lat, subject.lon)
    measured = Measured(distance_km=km, bearing_deg=bearing, direction=compass(bearing))
    if anchor.shape is not None and anchor.is_area:
        south, west = area_share(anchor.shape, subject.lat, subject.lon)
        shares = (
            f"{south * 100:.0f}% of {place.name}'s area lies south of {subject.name}, "
            f"{west * 100:.0f}% west of it"
        )
        verdict = verdict_from_shares(direction.code, south=south, west=west, tuning=tuning)
        return Judgement(
            measured=measured, verdict=verdict, note=f"{shares}; {_rule(direction, tuning)}"
        )
    if place.kind in _NO_OUTLINE_AREAS and direction.code is not Compass.CENTRE:
        return _by_bearing(subject, place, direction, km, bearing, measured, tuning)
    return Judgement(measured=measured, note=f"no outline of {place.name} to judge a part by")


def _rule(direction: Direction, t: StatementsTuning) -> str:
    """The rule a verdict by area shares followed, in words."""
    if direction.code is Compass.CENTRE:
        return (
            f"central: both shares {(0.5 - t.centre_offset) * 100:.0f}–"
            f"{(0.5 + t.centre_offset) * 100:.0f}% (approximate "
            f"{(0.5 - t.centre_approximate_offset) * 100:.0f}–"
            f"{(0.5 + t.centre_approximate_offset) * 100:.0f}%)"
        )
    return (
        f"a side: at least {t.side_share * 100:.0f}% of the area behind it on each named axis "
        f"(approximate {t.side_approximate_share * 100:.0f}%)"
    )


def _by_bearing(
    subject: Place,
    place: Place,
    direction: Direction,
    km: float,
    bearing: float,
    measured: Measured,
    tuning: StatementsTuning,
) -> Judgement:
    """A side of a region with no outline, judged by bearing from its centre point."""
    if km <= extent_km(place, tuning) * tuning.region_centre_share:
        return Judgement(
            measured=measured,
            verdict=Verdict.CONSISTENT,
            note=f"{subject.name} is near the centre point of {place.name}",
        )
    diff = bearing_difference(bearing, direction.bearing)
    consistent = tuning.region_bearing_deg
    verdict = _grade(diff, consistent, tuning.region_approximate_bearing_deg)
    note = (
        f"judged by bearing from {place.name}'s centre point (no outline): "
        f"{bearing:.0f}° is {diff:.0f}° from {direction.code} "
        f"(consistent within {consistent:g}°)"
    )
    return Judgement(measured=measured, verdict=verdict, note=note)


def verdict_from_shares(
    code: Compass, *, south: float, west: float, tuning: StatementsTuning = DEFAULT
) -> Verdict:
    """The verdict on a side (or the centre) from the shares of the area south and west.

    Examples
    --------
    >>> verdict_from_shares(Compass.N, south=0.45, west=0.9), verdict_from_shares(Compass.S, south=0.9, west=0.5)
    (<Verdict.CONSISTENT: 'consistent'>, <Verdict.CONTRADICTS: 'contradicts'>)
    """
    if code is Compass.CENTRE:
        off = max(abs(south - 0.5), abs(west - 0.5))
        return _grade(off, tuning.centre_offset, tuning.centre_approximate_offset)
    behind = []
    for letter in code.letters:
        if letter in "NS":
            behind.append(south if letter == "N" else 1 - south)
        else:
            behind.append(west if letter == "E" else 1 - west)
    least = min(behind)
    if least >= tuning.side_share:
        return Verdict.CONSISTENT
    if least >= tuning.side_approximate_share:
        return Verdict.APPROXIMATE
    return Verdict.CONTRADICTS
