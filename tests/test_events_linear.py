"""The events stage does work in proportion to the article (issue 20), counted, not timed.

The stage on an article made of k units and on one of 2k units: the Python lines it
runs (``sys.settrace`` events: each call, each line, each turn of a loop or a
comprehension) must double, not more. A scan of every mention, statement or phrase per clause, the kind of
slip that made long articles quadratic, shows up as calls that quadruple. The units are
the dense family's sentence with its places, and prose whose numbers change from one
sentence to the next (nothing repeats).
"""

from __future__ import annotations

import datetime as dt
import re
import sys
from collections.abc import Callable
from types import FrameType
from typing import Any

from conflictmap.events import fatalities, find_events
from conflictmap.model import Mention, Place, PlaceKind

_PLACES = {
    "Gao": Place(id="t:gao", name="Gao", lat=16.27, lon=-0.04, country="ML", kind=PlaceKind.TOWN),
    "Bamako": Place(id="t:bko", name="Bamako", lat=12.65, lon=-8.0, country="ML",
                    kind=PlaceKind.CAPITAL),
    "Kidal": Place(id="t:kid", name="Kidal", lat=18.44, lon=1.41, country="ML",
                   kind=PlaceKind.TOWN),
}  # fmt: skip
_NAMES = re.compile("|".join(_PLACES))

_DENSE = (
    "Rebels attacked Gao, some 300 km north-east of Bamako, and fled towards Kidal near "
    "the Algerian border. "
)


def _prose(n: int) -> str:
    return "".join(
        f"On Monday gunmen who stormed Kidal killed {n + 3} soldiers, officials said on "
        f"Tuesday. Protesters marched in Bamako on {n % 28 + 1} March; police fired tear gas. "
        f"Jets struck positions {n + 10} km from Gao the next day. "
        for n in range(n)
    )


def _calls(text: str) -> int:
    mentions = tuple(
        Mention(start=m.start(), end=m.end(), text=m.group(), place=_PLACES[m.group()].id)
        for m in _NAMES.finditer(text)
    )
    count = 0

    def trace(_frame: FrameType, _event: str, _arg: Any) -> Callable[..., Any]:
        nonlocal count
        count += 1  # a call, a line, a loop's turn (a comprehension's too)
        return trace

    day = dt.date(2013, 1, 14)
    fatalities.toll.cache_clear()  # kept across articles: an earlier one's tolls would hit
    sys.settrace(trace)
    try:
        find_events(text, mentions=mentions, places=list(_PLACES.values()), article_date=day)
    finally:
        sys.settrace(None)
    return count


def _growth(make: Callable[[int], str], k: int) -> float:
    _calls(make(k))  # patterns compiled, lexicons built, the word gates read
    return _calls(make(2 * k)) / _calls(make(k))


def test_dense_places_double_when_the_text_doubles() -> None:
    assert _growth(lambda n: _DENSE * n, 200) < 2.05


def test_prose_that_never_repeats_doubles_when_the_text_doubles() -> None:
    assert _growth(_prose, 100) < 2.05
