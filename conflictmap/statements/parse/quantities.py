"""Stated distances read off an offset match: the number or range, unit, hedge and manner.

:func:`quantity` reads the named groups of the offset pattern
(:mod:`conflictmap.statements.parse.offsets`): ``hedge``, ``vague`` ("a few",
"several"), ``num`` and ``num2`` (a range), ``odd`` ("50-odd"), ``unit``, ``orso``
("or so") and ``adverbs`` ("by road", "as the crow flies").
"""

from __future__ import annotations

import re
from typing import NamedTuple

from conflictmap.statements.base import Quantity
from conflictmap.statements.hedges import normalise_hedge
from conflictmap.statements.numbers import parse_number, rounding_step
from conflictmap.statements.parse.fragments import squeeze_spaces
from conflictmap.statements.units import to_km, unit_code
from conflictmap.tuning.statements import DEFAULT, StatementsTuning

__all__ = ["Quantities", "quantity"]


class _Number(NamedTuple):
    """A number or range as written, in its own unit."""

    value: float
    top: float | None
    step: float
    #: where the number starts in the match (the vague words or the first digit)
    group: str


def _number(match: re.Match[str], tuning: StatementsTuning) -> _Number | None:
    vague = match.group("vague")
    if vague is not None:
        low, high = tuning.vague_range(squeeze_spaces(vague))
        return _Number(low, high, 1.0, "vague")
    value = parse_number(match.group("num"))
    if value is None:
        return None
    step = rounding_step(match.group("num"))
    top = None
    if match.group("num2"):
        top = parse_number(match.group("num2"))
        if top is None:
            return None
        if top < value:
            value, top = top, value
    return _Number(value, top, step, "num")


def _hedge(match: re.Match[str]) -> str | None:
    hedge = normalise_hedge(match.group("hedge"))
    if match.group("orso") or match.group("odd"):
        hedge = hedge or ("or so" if match.group("orso") else "about")
    return hedge


def quantity(match: re.Match[str], tuning: StatementsTuning = DEFAULT) -> Quantity | None:
    """The :class:`~conflictmap.statements.base.Quantity` an offset match states, if any.

    ``None`` for an unknown unit, an unreadable number, or a zero distance.

    Examples
    --------
    >>> import re
    >>> from conflictmap.statements.parse.offsets import OFFSET
    >>> q = quantity(OFFSET.search("some 30 to 40 km by road north of"))
    >>> q.value_km, q.max_km, q.hedge, q.road, q.text
    (30.0, 40.0, 'some', True, '30 to 40 km')
    >>> quantity(OFFSET.search("a few miles from")).max_km
    8.04672
    """
    unit = unit_code(match.group("unit"))
    if unit is None:
        return None
    number = _number(match, tuning)
    if number is None:
        return None
    value, top = number.value, number.top
    if value <= 0 and not top:
        return None
    adverbs = (match.group("adverbs") or "").lower()
    unit_end = match.end("unit") - match.start(0)
    number_start = match.start(number.group) - match.start(0)
    return Quantity(
        value_km=to_km(value, unit),
        max_km=to_km(top, unit) if top is not None else None,
        unit=unit,
        text=match.group(0)[number_start:unit_end],
        hedge=_hedge(match),
        step_km=to_km(number.step, unit),
        road="road" in adverbs or "overland" in adverbs,
        straight="crow" in adverbs or "by air" in adverbs,
    )


#: the groups :func:`quantity` reads
_GROUPS = ("vague", "num", "num2", "odd", "unit", "hedge", "orso", "adverbs")


class Quantities:
    """:func:`quantity` for the matches of one article, each distinct phrase read once.

    What :func:`quantity` reads of a match is its groups and the text from the number
    to the unit, so a distance the article repeats ("some 300 km") is read once.

    Examples
    --------
    >>> from conflictmap.statements.parse.offsets import OFFSET
    >>> read = Quantities(DEFAULT)
    >>> first, again = (read(m) for m in OFFSET.finditer("50 km from X and 50 km from Y"))
    >>> first is again, first.value_km
    (True, 50.0)
    """

    def __init__(self, tuning: StatementsTuning) -> None:
        self.tuning = tuning
        self._read: dict[tuple[str | None, ...], Quantity | None] = {}

    def __call__(self, match: re.Match[str]) -> Quantity | None:
        first = "vague" if match.group("vague") is not None else "num"
        key = (*match.group(*_GROUPS), match.string[match.start(first) : match.end("unit")])
        if key not in self._read:
            self._read[key] = quantity(match, self.tuning)
        return self._read[key]
