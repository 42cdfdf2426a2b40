"""Placing an unnamed spot: "a convoy was attacked about 50km west of Gao".

An offset is the geodesic destination point from the anchor, with a radius that
combines the distance margin and the compass sector's width at that distance,
plus the anchor's extent. A distance alone is a disc around the anchor reaching
the range's far end; "near X" and "the outskirts of X" are discs of their radius
(:mod:`.nears`). Lines and areas give no point estimate.
"""

from __future__ import annotations

import math

from conflictmap.geo.geodesy import destination
from conflictmap.model import Estimate, StatementKind
from conflictmap.statements.base import Judgement, Parsed, Quantity
from conflictmap.statements.directions import Direction
from conflictmap.statements.geometry import Anchor, extent_km
from conflictmap.statements.judge.nears import near_radius_km, outskirts_radius_km
from conflictmap.statements.judge.ranges import distance_range
from conflictmap.statements.judge.words import km
from conflictmap.tuning.statements import DEFAULT, StatementsTuning

__all__ = ["estimate"]

_NEAR_KINDS = frozenset({StatementKind.NEAR, StatementKind.OUTSKIRTS})


def estimate(parsed: Parsed, anchor: Anchor, tuning: StatementsTuning = DEFAULT) -> Judgement:
    """Where an unnamed spot is, or a note saying why it cannot be placed.

    Examples
    --------
    >>> from conflictmap.model import Place, StatementKind
    >>> from conflictmap.statements.directions import parse_direction
    >>> from conflictmap.statements.units import Unit
    >>> gao = Anchor(place=Place(id="t:gao", name="Gao", lat=16.27167, lon=-0.04472, kind="city",
    ...                          population=133_110))
    >>> west = Parsed(kind=StatementKind.OFFSET, start=0, end=1, anchor=0,
    ...               distance=Quantity(value_km=50.0, unit=Unit.KM, text="50km", hedge="about",
    ...                                 step_km=10.0),
    ...               direction=parse_direction("west"))
    >>> e = estimate(west, gao).estimate
    >>> round(e.lat, 3), round(e.lon, 3), round(e.radius_km, 1)
    (16.271, -0.512, 25.5)
    """
    place = anchor.place
    if anchor.is_line and parsed.kind is StatementKind.ALONG_BORDER:
        return Judgement(
            note=(
                f"a zone within {km(tuning.along_border_km)} of the {place.name} "
                f"(a line of {km(anchor.length_km or 0.0)}): no point estimate"
            )
        )
    if anchor.shape is not None:
        return Judgement(note=f"an unnamed spot relative to {place.name}: no point estimate")
    q = parsed.distance
    if parsed.kind is StatementKind.OFFSET and q is not None and parsed.direction is not None:
        return _offset(q, parsed.direction, anchor, tuning)
    if parsed.kind is StatementKind.DISTANCE and q is not None:
        radius = distance_range(q, tuning).high + extent_km(place, tuning)
        note = f"no direction stated: somewhere within {km(radius)} of {place.name}"
        return Judgement(
            estimate=Estimate(lat=place.lat, lon=place.lon, radius_km=radius), note=note
        )
    if parsed.kind in _NEAR_KINDS:
        if place.kind.is_area:
            return Judgement(note=f"an unnamed spot near {place.name}: no point estimate")
        if parsed.kind is StatementKind.OUTSKIRTS:
            radius = outskirts_radius_km(place, tuning)
        else:
            radius = near_radius_km(anchor, tuning)
        note = f"'{parsed.cue or parsed.kind}' {place.name}: within {km(radius)}"
        return Judgement(
            estimate=Estimate(lat=place.lat, lon=place.lon, radius_km=radius), note=note
        )
    return Judgement(note="no distance stated: no estimate")


def _offset(
    q: Quantity, direction: Direction, anchor: Anchor, tuning: StatementsTuning
) -> Judgement:
    """The destination point of an offset, with its radius."""
    place = anchor.place
    extent = extent_km(place, tuning)
    r = distance_range(q, tuning)
    if r.centre <= 0:
        return Judgement(note="no distance to place the spot")
    lat, lon = destination(place.lat, place.lon, r.centre, direction.bearing)
    lateral = r.centre * math.tan(math.radians(direction.half_arc))
    radius = math.hypot(r.half_width, lateral) + extent
    note = (
        f"placed {km(r.centre)} {direction.code} of {place.name} "
        f"(geodesic destination point); radius = distance margin {km(r.half_width)} "
        f"and sector width {km(lateral)} combined, plus {place.name}'s extent {km(extent)}"
    )
    return Judgement(estimate=Estimate(lat=lat, lon=lon, radius_km=radius), note=note)
