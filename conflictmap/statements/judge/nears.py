"""How far "near", "the outskirts" and "along the border" reach, and judging them.

"near X" reaches ``near_base_km`` plus ``near_extent_factor`` times X's extent (15 km
plus twice the extent); near a border line ``along_border_km``; near a country with
an outline ``near_area_share`` of the square root of its area (at least
``near_area_min_km``). The outskirts reach ``outskirts_km`` beyond X's extent. A
place within the radius is consistent, within ``near_approximate_factor`` times it
approximate, farther contradicts.
"""

from __future__ import annotations

import math

from conflictmap.model import Place, StatementKind, Verdict
from conflictmap.statements.base import Parsed
from conflictmap.statements.geometry import Anchor, extent_km
from conflictmap.statements.judge.words import km
from conflictmap.tuning.statements import DEFAULT, StatementsTuning

__all__ = ["judge_near", "near_radius_km", "outskirts_radius_km"]


def near_radius_km(anchor: Anchor, tuning: StatementsTuning = DEFAULT) -> float:
    """How far "near X" reaches (km).

    Examples
    --------
    >>> from conflictmap.model import Place
    >>> gao = Anchor(place=Place(id="t:gao", name="Gao", lat=16.27, lon=-0.04, kind="city",
    ...                          population=133_110))
    >>> round(near_radius_km(gao), 1), round(outskirts_radius_km(gao.place), 1)
    (21.9, 13.5)
    """
    if anchor.is_line:
        return tuning.along_border_km
    if anchor.is_area and anchor.area_km2:
        return max(tuning.near_area_min_km, tuning.near_area_share * math.sqrt(anchor.area_km2))
    return tuning.near_base_km + tuning.near_extent_factor * extent_km(anchor.place, tuning)


def outskirts_radius_km(place: Place, tuning: StatementsTuning = DEFAULT) -> float:
    """How far "the outskirts of X" reach (km).

    Examples
    --------
    >>> from conflictmap.model import Place
    >>> outskirts_radius_km(Place(id="t:v", name="V", lat=0, lon=0, kind="village"))
    11.0
    """
    return extent_km(place, tuning) + tuning.outskirts_km


def judge_near(
    parsed: Parsed,
    anchor: Anchor,
    distance: float,
    origin: str,
    tuning: StatementsTuning = DEFAULT,
) -> tuple[Verdict, str]:
    """The verdict on "near X", "the outskirts of X" or "along the border" at ``distance`` km.

    Examples
    --------
    >>> from conflictmap.model import Place, StatementKind
    >>> village = Anchor(place=Place(id="t:v", name="V", lat=0, lon=0, kind="village"))
    >>> near = Parsed(kind=StatementKind.NEAR, start=0, end=1, anchor=0, cue="not far from")
    >>> judge_near(near, village, 30.0, "straight-line (geodesic) distance")
    (<Verdict.APPROXIMATE: 'approximate'>, "straight-line (geodesic) distance 30 km; 'not far from' taken as within 17 km")
    """
    if parsed.kind is StatementKind.OUTSKIRTS:
        radius = outskirts_radius_km(anchor.place, tuning)
        what = f"the outskirts reach {km(radius)}"
    elif parsed.kind is StatementKind.ALONG_BORDER:
        radius = tuning.along_border_km
        what = f"'along the border' taken as within {km(radius)}"
    else:
        radius = near_radius_km(anchor, tuning)
        what = f"'{parsed.cue or 'near'}' taken as within {km(radius)}"
    text = f"{origin} {km(distance)}; {what}"
    if distance <= radius:
        return Verdict.CONSISTENT, text
    if distance <= tuning.near_approximate_factor * radius:
        return Verdict.APPROXIMATE, text
    return Verdict.CONTRADICTS, text
