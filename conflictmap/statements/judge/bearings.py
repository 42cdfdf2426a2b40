"""Judging a stated direction against the measured bearing.

A compass word covers its own sector (±22.5° for "north" or "north-east", ±11.25°
for "north-northeast") plus the angle the places' extents subtend at that
distance; approximate within ``approximate_arc_deg`` more; else contradicts.
"""

from __future__ import annotations

import math

from conflictmap.geo.geodesy import bearing_difference, compass
from conflictmap.model import Verdict
from conflictmap.statements.directions import Direction
from conflictmap.tuning.statements import DEFAULT, StatementsTuning

__all__ = ["judge_direction"]


def judge_direction(
    direction: Direction,
    bearing: float,
    distance: float,
    slack: float,
    tuning: StatementsTuning = DEFAULT,
) -> tuple[Verdict, str]:
    """The verdict on a stated direction, given the measured bearing and distance (km).

    Examples
    --------
    >>> from conflictmap.statements.directions import parse_direction
    >>> judge_direction(parse_direction("north"), 42.0, 313.0, 12.0)[0]
    <Verdict.APPROXIMATE: 'approximate'>
    >>> judge_direction(parse_direction("north-east"), 42.0, 313.0, 12.0)[1]
    'bearing 42° (NE) is 3° from NE (NE covers ±22.5°)'
    """
    diff = bearing_difference(bearing, direction.bearing)
    slack_deg = math.degrees(math.atan2(slack, distance))
    allowed = direction.half_arc + slack_deg
    code = direction.code
    text = (
        f"bearing {bearing:.0f}° ({compass(bearing, points=direction.points)}) is {diff:.0f}° "
        f"from {code} ({code} covers ±{direction.half_arc:g}°)"
    )
    if diff <= allowed:
        return Verdict.CONSISTENT, text
    if diff <= allowed + tuning.approximate_arc_deg:
        return Verdict.APPROXIMATE, text
    return Verdict.CONTRADICTS, text
