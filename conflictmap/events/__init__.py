"""The events stage (issue 16): incidents in ACLED's taxonomy, dated, located, with actors.

>>> import datetime as dt
>>> [e.sub_type.value for e in find_events("Rebels overran Konna last week.",
...                                         article_date=dt.date(2013, 1, 14))]
['Non-state actor overtakes territory']
"""

from __future__ import annotations

from conflictmap.events.base import SUB_TYPES, Event, EventType, SubEventType, TimePrecision
from conflictmap.events.extract import find_events

__all__ = ["SUB_TYPES", "Event", "EventType", "SubEventType", "TimePrecision", "find_events"]
