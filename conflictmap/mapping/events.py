"""Events on the map (issue 16): one marker per spot holding every event there, its
chips saying the event types, in an "Events" layer, with a legend section saying
what each chip means.

Events are drawn where they happened, on their place's pin (the marker's first chip
over the pin's upper-right quarter, so the pin's centre stays in view and clickable), or
at their estimated spot. Several events at one spot make one marker: a chip per event
type (most frequent first) and a badge with their count; its popup lists them in
date order (:mod:`.event_popups`). The tooltip is set as text by the map's script,
never parsed as HTML; every value from the article in a popup is escaped.

Examples
--------
>>> import datetime as dt
>>> from conflictmap.events import Event, EventType, SubEventType
>>> from conflictmap.mapping.article import ArticleView
>>> from conflictmap.mapping.canvas import Canvas
>>> from conflictmap.model import Place, Result
>>> gao = Place(id="g:1", name="Gao", lat=16.27, lon=-0.04, country="ML", kind="city")
>>> e = Event(start=0, end=9, text="<b>Jets</b> hit Gao", type=EventType.EXPLOSIONS,
...           sub_type=SubEventType.AIR_DRONE_STRIKE, date=dt.date(2013, 1, 13),
...           place="g:1", actor1="<img src=x onerror=alert(1)>")
>>> canvas = Canvas(gazetteer=None, multi=False, low_confidence=0.5)
>>> add_events(canvas, 0, ArticleView(Result(id="a", places=(gao,), events=(e,))))
>>> pin = canvas.items[0]
>>> pin.group, pin.kind, pin.icon, pin.tip
('events', 'event', 'event-explosions', '2013-01-13 · Air/drone strike · <img src=x onerror=alert(1)>')
>>> add_events(canvas, 0, ArticleView(Result(id="a", places=(gao,), events=(e, e))))
>>> canvas.items[1].icon, canvas.items[1].tip
('event-explosions-n2', '2 events at Gao · 2013-01-13')
>>> "&lt;b&gt;Jets&lt;/b&gt;" in pin.popup and "<img" not in pin.popup
True
>>> "Explosions/Remote violence" in event_legend(canvas)
True
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from conflictmap.events import Event, EventType
from conflictmap.mapping.article import ArticleView
from conflictmap.mapping.canvas import Canvas, DrawnEvent
from conflictmap.mapping.escape import html_text
from conflictmap.mapping.event_list import event_list
from conflictmap.mapping.event_popups import date_of, popup, tip
from conflictmap.mapping.items import Pin
from conflictmap.model import LatLon

__all__ = [
    "EVENT_STYLES",
    "EventStyle",
    "add_events",
    "event_legend",
    "event_panel",
    "timeline_spec",
]


@dataclass(frozen=True, slots=True)
class EventStyle:
    """How events of one ACLED event type are drawn."""

    type: EventType
    #: the icon key's suffix
    slug: str
    #: the letter on the icon (a grey-scale print still tells the types apart)
    letter: str
    colour: str


#: One style per event type, in the legend's order (colours: ColorBrewer Dark2, a
#: qualitative palette that stays apart for colour-blind readers as far as six allow).
EVENT_STYLES: tuple[EventStyle, ...] = (
    EventStyle(EventType.BATTLES, "battles", "B", "#d95f02"),
    EventStyle(EventType.EXPLOSIONS, "explosions", "E", "#e7298a"),
    EventStyle(EventType.VIOLENCE_AGAINST_CIVILIANS, "civilians", "V", "#7570b3"),
    EventStyle(EventType.PROTESTS, "protests", "P", "#1b9e77"),
    EventStyle(EventType.RIOTS, "riots", "R", "#a6761d"),
    EventStyle(EventType.STRATEGIC_DEVELOPMENTS, "strategic", "S", "#666666"),
)
_BY_TYPE = {s.type: s for s in EVENT_STYLES}
_ORDER = {s.type: n for n, s in enumerate(EVENT_STYLES)}
#: One chip per event type at a spot: its size, and the step to the next chip (they
#: overlap); at most :data:`_CHIPS` chips (the popup lists every event).
_SIZE = 20
_CHIP = 18
_CHIP_STEP = 12
_CHIPS = 4
#: The count badge's radius, in the icon's top-right corner.
_BADGE = 7
#: Where the point is in the icon: this far in from its bottom-left corner. At 0 the
#: first chip covers the upper-right quarter of the place's pin: on the pin, whose
#: centre stays in view and clickable (the place's popup).
_INSET = 0


def _chip(style: EventStyle, x: float, y: float, size: float) -> str:
    return (
        f'<rect x="{x + 1.5}" y="{y + 1.5}" width="{size - 3}" height="{size - 3}" rx="5" '
        f'fill="{style.colour}" stroke="#fff" stroke-width="2"/>'
        f'<text x="{x + size / 2}" y="{y + size / 2}" dy=".36em" text-anchor="middle" '
        f'font-size="{round(size * 0.6)}" font-weight="700" font-family="sans-serif" '
        f'fill="#fff">{style.letter}</text>'
    )


def _svg(style: EventStyle) -> str:
    """A rounded square with the type's letter: unlike every place pin's shape."""
    s = _SIZE
    return (
        f'<svg width="{s}" height="{s}" viewBox="0 0 {s} {s}" aria-hidden="true">'
        f"{_chip(style, 0, 0, s)}</svg>"
    )


def _marker_svg(styles: Sequence[EventStyle], count: int) -> tuple[str, int, int]:
    """The chips of ``styles`` side by side, and a badge with ``count`` above 1."""
    width = _CHIP + _CHIP_STEP * (len(styles) - 1) + _BADGE
    height = _CHIP + _BADGE
    chips = "".join(
        _chip(style, n * _CHIP_STEP, _BADGE, _CHIP)
        for n, style in reversed(list(enumerate(styles)))
    )
    badge = ""
    if count > 1:
        cx, cy = width - _BADGE, _BADGE
        shown = str(count) if count < 100 else "99+"
        badge = (
            f'<g class="cm-ev-badge"><circle cx="{cx}" cy="{cy}" r="{_BADGE}" fill="#222" '
            'stroke="#fff" stroke-width="1.5"/>'
            f'<text class="cm-ev-count" x="{cx}" y="{cy}" dy=".35em" text-anchor="middle" '
            f'font-size="{9 if count < 10 else 7.5}" font-weight="700" font-family="sans-serif" '
            f'fill="#fff">{shown}</text></g>'
        )
    svg = (
        f'<svg width="{width}" height="{height}" viewBox="0 0 {width} {height}" '
        f'aria-hidden="true">{chips}{badge}</svg>'
    )
    return svg, width, height


def _icon(canvas: Canvas, events: Sequence[Event]) -> str:
    """The icon key of a marker holding ``events``: one chip per type, most frequent first."""
    counts = Counter(e.type for e in events)
    types = sorted(counts, key=lambda t: (-counts[t], _ORDER[t]))[:_CHIPS]
    styles = [_BY_TYPE[t] for t in types]
    key = (
        "event-"
        + "-".join(s.slug for s in styles)
        + (f"-n{len(events)}" if len(events) > 1 else "")
    )
    if key not in canvas.icons:
        svg, width, height = _marker_svg(styles, len(events))
        canvas.icons[key] = {
            "svg": svg,
            "size": [width, height],
            "anchor": [_INSET, height - _INSET],
        }
    return key


def _where(view: ArticleView, event: Event) -> tuple[LatLon, str] | None:
    if event.estimate is not None:
        anchor = view.result.place_by_id.get(event.anchor or "")
        name = f"estimated spot near {view.written_name(anchor)}" if anchor else "estimated spot"
        return LatLon(round(event.estimate.lat, 5), round(event.estimate.lon, 5)), name
    place = view.result.place_by_id.get(event.place or "")
    if place is None:
        return None
    return LatLon(round(place.lat, 5), round(place.lon, 5)), view.written_name(place)


def _in_order(item: tuple[int, Event]) -> tuple[bool, dt.date, int]:
    """Dated events first, by date, then in the article's order."""
    number, event = item
    return (event.date is None, event.date or dt.date.min, number)


def add_events(canvas: Canvas, index: int, view: ArticleView) -> None:
    """Draw the located events of article ``index`` into its events layer: one marker
    per spot, holding every event there (in date order)."""
    group = canvas.group(index, "events")
    spots: dict[LatLon, tuple[str, list[tuple[int, Event]]]] = {}
    for number, event in enumerate(e for e in view.result.events if isinstance(e, Event)):
        found = _where(view, event)
        if found is not None:
            spots.setdefault(found[0], (found[1], []))[1].append((number, event))
    article = view.label if canvas.multi else None
    for at, (where, here) in spots.items():
        item_id = f"a{index}:event:{here[0][0]}"  # its first event in the article
        here.sort(key=_in_order)
        events = [event for _, event in here]
        for number, event in here:
            canvas.events.append(DrawnEvent(view=index, number=number, event=event,
                                            marker=item_id, group=group, where=where))  # fmt: skip
        canvas.add(
            Pin(
                group=group,
                id=item_id,
                kind="event",
                at=at,
                icon=_icon(canvas, events),
                name=events[0].sub_type.value if len(events) == 1 else f"{len(events)} events",
                tip=tip(events, where),
                popup=popup([(f"{index}:{n}", e) for n, e in here], where, at, article=article),
                label=0,
                z=4,
            )
        )


def timeline_spec(canvas: Canvas) -> dict[str, Any] | None:
    """What the timeline control filters (``assets/conflictmap/events.js``): the distinct
    dates of the drawn events, in order, and each event marker's group and dates.

    ``None`` (no control) unless the drawn events fall on at least two dates.

    Examples
    --------
    >>> canvas = Canvas(gazetteer=None, multi=False, low_confidence=0.5)
    >>> from conflictmap.events import SubEventType
    >>> def drawn(marker, day):
    ...     e = Event(start=0, end=1, text="x", type=EventType.BATTLES,
    ...               sub_type=SubEventType.ARMED_CLASH, date=day)
    ...     return DrawnEvent(view=0, number=0, event=e, marker=marker, group="events", where="")
    >>> canvas.events += [drawn("m0", dt.date(2013, 1, 14)), drawn("m1", None),
    ...                   drawn("m1", dt.date(2013, 1, 13))]
    >>> timeline_spec(canvas)
    {'dates': ['2013-01-13', '2013-01-14'], 'markers': [['m0', 'events', ['2013-01-14']], \
['m1', 'events', ['', '2013-01-13']]]}
    >>> canvas.events.pop() and timeline_spec(canvas) is None
    True
    """
    dates = sorted({date_of(d.event) for d in canvas.events if d.event.date})
    if len(dates) < 2:
        return None
    markers: dict[str, list[Any]] = {}
    for drawn in canvas.events:
        markers.setdefault(drawn.marker, [drawn.marker, drawn.group, []])[2].append(
            date_of(drawn.event)
        )
    return {"dates": dates, "markers": list(markers.values())}


def event_legend(canvas: Canvas) -> str:
    """A legend section for the event types drawn ("" when there are none)."""
    types = {d.event.type for d in canvas.events}
    drawn = [s for s in EVENT_STYLES if s.type in types]
    if not drawn:
        return ""
    rows = "".join(
        f'<tr><td class="cm-sym">{_svg(s)}</td><td>{html_text(s.type.value)}</td></tr>'
        for s in drawn
    )
    return (
        '<details class="cm-legend-body cm-legend-events" open><summary>Events</summary>'
        f"<table>{rows}</table></details>"
    )


def event_panel(canvas: Canvas, labels: Sequence[str] | None) -> str:
    """The title panel's list of the events drawn (:mod:`.event_list`; "" for none).

    ``labels`` names the articles on a map of several (``None``: one article).
    """
    size = 14
    chips = {
        s.type.value: f'<svg class="cm-ev-chip" width="{size}" height="{size}" '
        f'viewBox="0 0 {size} {size}" aria-hidden="true">{_chip(s, 0, 0, size)}</svg>'
        for s in EVENT_STYLES
    }
    return event_list(canvas.events, labels=labels, chips=chips)
