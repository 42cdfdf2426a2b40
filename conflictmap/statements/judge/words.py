"""How the judge writes numbers and ranks verdicts."""

from __future__ import annotations

from collections.abc import Iterable

from conflictmap.model import Verdict
from conflictmap.statements.base import Quantity
from conflictmap.statements.geometry import Anchor

__all__ = ["ORDER", "border_note", "hedged", "km", "worst"]

#: verdicts from best to worst
ORDER = (Verdict.CONSISTENT, Verdict.APPROXIMATE, Verdict.CONTRADICTS)


def worst(verdicts: Iterable[Verdict]) -> Verdict:
    """The worst of some verdicts (a statement is as wrong as its wrongest part).

    Examples
    --------
    >>> worst([Verdict.CONSISTENT, Verdict.APPROXIMATE])
    <Verdict.APPROXIMATE: 'approximate'>
    """
    return max(verdicts, key=ORDER.index)


def km(value: float, *, unit: bool = True) -> str:
    """A distance as the notes write it: whole km from 10 km, one decimal below.

    Examples
    --------
    >>> km(313.4), km(7.25), km(400, unit=False)
    ('313 km', '7.2 km', '400')
    >>> worst([Verdict.CONSISTENT, Verdict.CONTRADICTS, Verdict.APPROXIMATE])
    <Verdict.CONTRADICTS: 'contradicts'>
    """
    text = f"{value:.0f}" if value >= 10 else f"{value:.1f}"
    return f"{text} km" if unit else text


def hedged(q: Quantity) -> str:
    """A stated distance with its hedge: "some 400 km", "30–40 km".

    Examples
    --------
    >>> from conflictmap.statements.units import Unit
    >>> hedged(Quantity(value_km=30.0, max_km=40.0, unit=Unit.KM, text="30 to 40 km"))
    '30–40 km'
    """
    words = [q.hedge] if q.hedge else []
    if q.max_km is not None:
        words.append(f"{km(q.value_km, unit=False)}–{km(q.max_km)}")
    else:
        words.append(km(q.value_km))
    return " ".join(words)


def border_note(anchor: Anchor) -> str:
    """What a bare border reference says: the line and its length.

    Examples
    --------
    >>> from conflictmap.model import Place
    >>> border_note(Anchor(place=Place(id="border:ML-MR", name="Mali–Mauritania border", lat=15,
    ...                                lon=-10, kind="border")))
    'Mali–Mauritania border: no border line in the gazetteer'
    """
    if anchor.is_line:
        return f"the {anchor.place.name}, a line of {km(anchor.length_km or 0.0)}"
    return f"{anchor.place.name}: no border line in the gazetteer"
