"""What a stated distance allows: the hedge, the rounding and the range, as kilometres.

The allowed relative margin is the larger of the hedge's margin (``about_margin``,
15%, for "some"/"about"; ``exact_margin``, 5%, with no hedge) and half the number's
rounding step ("400" is rounded to the hundred: ±50). "more than" is open upwards
(consistent up to ``more_than_factor`` times the number), "up to"/"within"
downwards; ranges keep their ends.
"""

from __future__ import annotations

from dataclasses import dataclass

from conflictmap.statements.base import Quantity
from conflictmap.statements.hedges import Bound
from conflictmap.tuning.statements import DEFAULT, StatementsTuning

__all__ = ["Range", "distance_range"]


@dataclass(frozen=True, slots=True, kw_only=True)
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


def _between(low: float, high: float, **flags: bool) -> Range:
    return Range(low=low, high=high, centre=(low + high) / 2, half_width=(high - low) / 2, **flags)


def distance_range(q: Quantity, tuning: StatementsTuning = DEFAULT) -> Range:
    """What a stated distance allows, before place extents are added.

    Parameters
    ----------
    q : Quantity
        The stated distance.
    tuning : StatementsTuning, optional
        The margins (``exact_margin``, ``about_margin``, ``rounding_tolerance``,
        ``more_than_factor``).

    Examples
    --------
    >>> from conflictmap.statements.units import Unit
    >>> r = distance_range(Quantity(value_km=400.0, unit=Unit.KM, text="400 km", hedge="some",
    ...                             step_km=100.0))
    >>> round(r.low, 6), round(r.high, 6), r.centre
    (340.0, 460.0, 400.0)
    >>> r = distance_range(Quantity(value_km=37.0, unit=Unit.KM, text="37 km"))
    >>> round(r.low, 2), round(r.high, 2)
    (35.15, 38.85)
    >>> r = distance_range(Quantity(value_km=30.0, max_km=40.0, unit=Unit.KM, text="30 to 40 km"))
    >>> round(r.low, 1), round(r.high, 1), r.centre
    (28.5, 42.0, 35.0)
    """
    v = q.value_km
    rounding = (q.step_km * tuning.rounding_tolerance) / v if v > 0 else 0.0
    exact_margin = tuning.exact_margin
    exact = max(exact_margin, rounding)
    about = max(tuning.about_margin, rounding)
    bound = q.bound
    if q.max_km is not None:
        margin = about if bound is Bound.ABOUT else exact_margin
        low, high = v * (1 - margin), q.max_km * (1 + margin)
        return Range(low=low, high=high, centre=(v + q.max_km) / 2, half_width=(high - low) / 2)
    if bound is Bound.ABOUT:
        return Range(low=v * (1 - about), high=v * (1 + about), centre=v, half_width=v * about)
    if bound is Bound.NEARLY:
        return _between(v * (1 - about), v * (1 + exact_margin))
    if bound is Bound.MIN:
        return _between(v * (1 - exact_margin), v * tuning.more_than_factor, open_high=True)
    if bound is Bound.MAX:
        high = v * (1 + exact_margin)
        return Range(low=0.0, high=high, centre=high / 2, half_width=high / 2, open_low=True)
    return Range(low=v * (1 - exact), high=v * (1 + exact), centre=v, half_width=v * exact)
