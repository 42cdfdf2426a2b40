"""Judging a stated distance against the measured one.

Consistent within the allowed range (:func:`~.ranges.distance_range`) widened by
both places' extents; approximate within ``approximate_widening`` times the margin
and the extents ("off by up to the same margin again"), or when a distance too
long for the straight line fits as a road distance (up to ``road_factor`` times
the straight line: an assumption, said in the note); else contradicts. "By road"
in the article allows the shorter straight line outright.
"""

from __future__ import annotations

from conflictmap.model import Verdict
from conflictmap.statements.base import Quantity
from conflictmap.statements.judge.ranges import distance_range
from conflictmap.statements.judge.words import hedged, km
from conflictmap.tuning.statements import DEFAULT, StatementsTuning

__all__ = ["judge_distance"]


def judge_distance(
    q: Quantity,
    measured: float,
    slack: float,
    origin: str,
    tuning: StatementsTuning = DEFAULT,
) -> tuple[Verdict, str]:
    """The verdict on a stated distance and a note with the figures.

    Parameters
    ----------
    q : Quantity
        The stated distance.
    measured : float
        The measured distance (km).
    slack : float
        The places' extents added (km).
    origin : str
        How ``measured`` was measured (opens the note).

    Examples
    --------
    >>> from conflictmap.statements.units import Unit
    >>> q = Quantity(value_km=400.0, unit=Unit.KM, text="400 km", hedge="some", step_km=100.0)
    >>> verdict, note = judge_distance(q, 313.0, 12.0, "straight-line (geodesic) distance")
    >>> verdict
    <Verdict.APPROXIMATE: 'approximate'>
    >>> off, road, assumed = note.split(": ")[1].split("; ")
    >>> off, road
    ('87 km (22%) shorter than stated', 'it fits a road distance (1.28 times the straight line')
    >>> assumed
    'roads assumed up to 1.5 times)'
    """
    r = distance_range(q, tuning)
    low, high = r.low, r.high
    if q.road:
        low = low / tuning.road_factor  # a road distance allows a shorter straight line
    lo, hi = max(0.0, low - slack), high + slack
    kind = "road distance, " if q.road else ""
    span = f"allowed {km(lo)}–{km(hi)}" if not r.open_high else f"allowed at least {km(lo)}"
    head = f"{origin} {km(measured)}; stated {hedged(q)} ({kind}{span})"
    if lo <= measured <= hi:
        return Verdict.CONSISTENT, head
    if measured > hi and r.open_high:
        return Verdict.APPROXIMATE, f"{head}: far more than stated, though not wrong"
    ref = q.value_km if measured < q.value_km else (q.max_km or q.value_km)
    gap = abs(measured - ref)
    share = gap / ref * 100 if ref else 0.0
    off = f"{gap:.0f} km ({share:.0f}%) {'shorter' if measured < ref else 'longer'} than stated"
    widen = tuning.approximate_widening
    wide_lo = max(0.0, low - (widen - 1) * (q.value_km - low) - widen * slack)
    wide_hi = high + (widen - 1) * (high - q.value_km) + widen * slack
    factor = tuning.road_factor
    if measured < lo and not q.road and not q.straight and measured * factor >= lo:
        return Verdict.APPROXIMATE, (
            f"{head}: {off}; it fits a road distance "
            f"({ref / measured:.2f} times the straight line; roads assumed up to "
            f"{factor:g} times)"
        )
    if wide_lo <= measured <= wide_hi:
        return Verdict.APPROXIMATE, f"{head}: {off}"
    return Verdict.CONTRADICTS, f"{head}: {off}"
