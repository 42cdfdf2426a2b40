"""The events stage's direct constructors build what the keyword constructors build.

:func:`conflictmap.model.direct.direct` takes every field positionally, in the order
the class declares them (issue 20: one Event, Draft, Hit, Located and Dated per clause
or event of a long article, without keyword parsing). The call sites pass values in
that order: a field moved in a class would shift them silently, so the orders are
pinned here, and each constructor is checked against the class's own.
"""

from __future__ import annotations

import dataclasses
import datetime as dt

from conflictmap.events import drafts, extract, places, when
from conflictmap.events.base import Event, EventType, SubEventType, TimePrecision
from conflictmap.events.drafts import Draft
from conflictmap.events.lexicon import Family, Hit, new_hit
from conflictmap.events.places import Located
from conflictmap.events.when import Dated


def _names(cls: type) -> list[str]:
    return [f.name for f in dataclasses.fields(cls)]


def test_the_field_orders_the_call_sites_pass() -> None:
    assert _names(Hit) == ["start", "end", "text", "family"]
    assert _names(Located) == ["place", "estimate", "anchor", "position"]
    assert _names(Dated) == ["date", "precision", "text", "own"]
    assert _names(Draft) == [
        "start", "end", "hits", "sentence", "sub_type", "typed", "actor1", "actor2",
        "placed", "trigger", "toll_from", "claim",
    ]  # fmt: skip
    assert _names(Event) == [
        "start", "end", "text", "type", "sub_type", "date", "date_text", "time_precision",
        "place", "estimate", "anchor", "actor1", "actor2", "fatalities", "fatalities_text",
        "confidence",
    ]  # fmt: skip


def test_each_builds_what_its_class_builds() -> None:
    hit = Hit(start=3, end=9, text="killed", family=Family.KILL)
    assert new_hit(3, 9, "killed", Family.KILL) == hit
    located = places._LOCATED("t:1", None, None, 4)
    assert located == Located(place="t:1", position=4)
    day = dt.date(2013, 1, 14)
    dated = when._DATED(day, TimePrecision.DAY, "on Monday", True)
    assert dated == Dated(date=day, precision=TimePrecision.DAY, text="on Monday", own=True)
    sub = SubEventType.ATTACK
    args = (0, 20, (hit,), (0, 30), sub, True, "gunmen", None, False, hit, (), None)
    assert drafts._DRAFT(*args) == Draft(
        start=0, end=20, hits=(hit,), sentence=(0, 30), sub_type=sub, typed=True,
        actor1="gunmen", actor2=None, placed=False, trigger=hit,
    )  # fmt: skip
    kind = EventType.VIOLENCE_AGAINST_CIVILIANS
    values = (0, 20, "x", kind, sub, day, "on Monday", TimePrecision.DAY, "t:1", None, None)
    assert extract._EVENT(*values, "gunmen", None, 11, "11", 0.8) == Event(
        start=0, end=20, text="x", type=kind, sub_type=sub, date=day, date_text="on Monday",
        time_precision=TimePrecision.DAY, place="t:1", actor1="gunmen", fatalities=11,
        fatalities_text="11", confidence=0.8,
    )  # fmt: skip
