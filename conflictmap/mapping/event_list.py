"""The title panel's list of the events drawn, in date order (issue 16).

One entry per event: its date, a chip of its type, its type, where, and a one-line
summary of its sentence. Each entry is a button that flies to the event's marker and
opens its popup (``data-cm-goto``, as the panel's other buttons; ``data-cm-event``
picks the event out in a popup holding several), so the keyboard reaches every event.
Entries carry their date (``data-cm-date``): the timeline hides those outside its
range. Every value from the article is escaped here.

Examples
--------
>>> import datetime as dt
>>> from conflictmap.events import Event, EventType, SubEventType
>>> from conflictmap.mapping.canvas import DrawnEvent
>>> e = Event(start=0, end=9, text="<b>Rebels</b> took Gao", type=EventType.BATTLES,
...           sub_type=SubEventType.ARMED_CLASH, date=dt.date(2013, 1, 14))
>>> html = event_list([DrawnEvent(view=0, number=3, event=e, marker="a0:event:3",
...                               group="events", where="Gao <i>")], labels=None)
>>> 'data-cm-goto="a0:event:3"' in html and 'data-cm-event="0:3"' in html
True
>>> "&lt;b&gt;Rebels&lt;/b&gt; took Gao" in html and "Gao &lt;i&gt;" in html
True
>>> event_list([], labels=None)
''
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from conflictmap.mapping.canvas import DrawnEvent
from conflictmap.mapping.escape import html_text
from conflictmap.mapping.event_popups import date_of, one_line

__all__ = ["LIST_AT_MOST", "OPEN_UP_TO", "event_list"]

#: The list starts open when it has at most this many entries (as "Elsewhere" does).
OPEN_UP_TO = 10
#: Entries listed at most (a note says how many more the map holds).
LIST_AT_MOST = 300


def _order(drawn: DrawnEvent) -> tuple[bool, dt.date, int, int]:
    """Dated events first, by date; then article by article, in the article's order."""
    return (drawn.event.date is None, drawn.event.date or dt.date.min, drawn.view, drawn.number)


def _entry(drawn: DrawnEvent, chip: str, label: str | None) -> str:
    event = drawn.event
    article = f'<span class="cm-ev-article">{html_text(label)}</span> · ' if label else ""
    return (
        f'<li data-cm-date="{html_text(date_of(event))}">'
        f'<button type="button" data-cm-goto="{html_text(drawn.marker)}" '
        f'data-cm-event="{drawn.view}:{drawn.number}">'
        f'<span class="cm-ev-head">{chip}<span class="cm-ev-when">'
        f"{html_text(date_of(event) or 'undated')}</span> {article}"
        f'<span class="cm-ev-kind">{html_text(event.type.value)}</span> · '
        f'<span class="cm-ev-at">{html_text(" ".join(drawn.where.split()))}</span></span>'
        f'<span class="cm-ev-line">{html_text(one_line(event.text))}</span></button></li>'
    )


def event_list(
    events: Sequence[DrawnEvent],
    *,
    labels: Sequence[str] | None,
    chips: dict[str, str] | None = None,
) -> str:
    """The ``<details>`` section listing ``events`` in date order ("" for none).

    ``labels`` names the articles (on a map of several); ``chips`` maps an event
    type's value to the small SVG chip drawn before it (constants of :mod:`.events`).
    """
    if not events:
        return ""
    ordered = sorted(events, key=_order)
    shown = ordered[:LIST_AT_MOST]
    rows = "".join(
        _entry(d, (chips or {}).get(d.event.type.value, ""), labels[d.view] if labels else None)
        for d in shown
    )
    more = len(ordered) - len(shown)
    note = f'<p class="cm-note">… and {more} more on the map</p>' if more else ""
    opened = " open" if len(ordered) <= OPEN_UP_TO else ""
    return (
        f'<details class="cm-events-list"{opened}><summary>Events ({len(ordered)})</summary>'
        f'<ol class="cm-ev-entries">{rows}</ol>{note}</details>'
    )
