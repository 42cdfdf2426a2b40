"""Events on the map (issue 16): a marker per event, its icon by event type, in an
"Events" layer, with a legend section saying what each icon means.

An event is drawn where it happened: at its place's pin (same coordinates; the icon
sits just up and right of the point so the place's pin under it stays clickable, and
further events at the same spot step on), or at its estimated spot. The tooltip is the date and a one-line summary (set as text by the
map's script, never parsed as HTML); the popup (HTML, which Leaflet inserts with
``innerHTML``) holds the facts and the sentence, every value from the article escaped
with :func:`~conflictmap.mapping.escape.html_text`.

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
>>> "&lt;b&gt;Jets&lt;/b&gt;" in pin.popup and "<img" not in pin.popup
True
>>> "Explosions/Remote violence" in event_legend(canvas)
True
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from conflictmap.events import Event, EventType
from conflictmap.mapping.article import ArticleView
from conflictmap.mapping.canvas import Canvas
from conflictmap.mapping.escape import html_text
from conflictmap.mapping.items import Pin
from conflictmap.mapping.popups import coordinates
from conflictmap.model import LatLon

__all__ = ["EVENT_STYLES", "EventStyle", "add_events", "event_legend", "timeline_spec"]


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
_SIZE = 20
#: The icon sits up and right of the point (pixels), so the place's own pin under it
#: stays clickable; each further event at the same spot steps on by :data:`_STEP`.
_OFFSET = 5
_STEP = 8
#: Events at one spot drawn apart at most (the rest share the last slot).
_SLOTS = 6


def _svg(style: EventStyle) -> str:
    """A rounded square with the type's letter: unlike every place pin's shape."""
    s = _SIZE
    return (
        f'<svg width="{s}" height="{s}" viewBox="0 0 {s} {s}" aria-hidden="true">'
        f'<rect x="1.5" y="1.5" width="{s - 3}" height="{s - 3}" rx="5" fill="{style.colour}" '
        'stroke="#fff" stroke-width="2"/>'
        f'<text x="{s / 2}" y="{s / 2}" dy=".36em" text-anchor="middle" font-size="12" '
        f'font-weight="700" font-family="sans-serif" fill="#fff">{style.letter}</text></svg>'
    )


def _icon(canvas: Canvas, style: EventStyle, slot: int) -> str:
    """The icon key of ``style`` in ``slot`` (0: the first event at its spot)."""
    key = f"event-{style.slug}" + (f"-{slot}" if slot else "")
    if key not in canvas.icons:
        shift = _OFFSET + slot * _STEP
        canvas.icons[key] = {
            "svg": _svg(style),
            "size": [_SIZE, _SIZE],
            "anchor": [-shift, _SIZE + shift],  # the icon's bottom-left corner near the point
        }
    return key


def _where(view: ArticleView, event: Event) -> tuple[LatLon, str] | None:
    if event.estimate is not None:
        anchor = view.result.place_by_id.get(event.anchor or "")
        name = f"estimated spot near {anchor.name}" if anchor else "estimated spot"
        return LatLon(round(event.estimate.lat, 5), round(event.estimate.lon, 5)), name
    place = view.result.place_by_id.get(event.place or "")
    if place is None:
        return None
    return LatLon(round(place.lat, 5), round(place.lon, 5)), place.name


def summary(event: Event) -> str:
    """The tooltip: date, sub-event type, the acting side (plain text).

    >>> from conflictmap.events import SubEventType
    >>> summary(Event(start=0, end=1, text="x", type=EventType.RIOTS,
    ...               sub_type=SubEventType.MOB_VIOLENCE))
    'undated · Mob violence'
    """
    parts = [event.date.isoformat() if event.date else "undated", event.sub_type.value]
    if event.actor1:
        parts.append(" ".join(event.actor1.split()))
    return " · ".join(parts)


def _row(label: str, value: object) -> str:
    return f"<tr><th>{html_text(label)}</th><td>{html_text(value)}</td></tr>"


def event_popup(event: Event, where: str, at: LatLon, *, article: str | None = None) -> str:
    """The popup: type, date and its words, actors, deaths, place, then the sentence."""
    rows = [_row("type", event.type.value)]
    if event.date:
        said = f" (“{' '.join(event.date_text.split())}”)" if event.date_text else ""
        rows.append(_row("date", event.date.isoformat() + said))
    for label, value in (("actor 1", event.actor1), ("actor 2", event.actor2)):
        if value:
            rows.append(_row(label, " ".join(value.split())))
    if event.fatalities is not None or event.fatalities_text:
        deaths = "" if event.fatalities is None else str(event.fatalities)
        words = f" (“{' '.join(event.fatalities_text.split())}”)" if event.fatalities_text else ""
        rows.append(_row("fatalities", (deaths + words).strip()))
    rows.append(_row("where", f"{where}, {coordinates(at.lat, at.lon)}"))
    if article is not None:
        rows.append(_row("article", article))
    return (
        '<div class="cm-popup">'
        f"<h3>{html_text(event.sub_type.value)}</h3>"
        f'<table class="cm-facts">{"".join(rows)}</table>'
        f'<h4>In the article</h4><p class="cm-snippet">{html_text(" ".join(event.text.split()))}</p>'
        "</div>"
    )


def add_events(canvas: Canvas, index: int, view: ArticleView) -> None:
    """Draw the located events of article ``index`` into its events layer."""
    group = canvas.group(index, "events")
    seen: dict[LatLon, int] = {}
    for number, event in enumerate(e for e in view.result.events if isinstance(e, Event)):
        found = _where(view, event)
        if found is None:
            continue
        at, where = found
        slot = min(seen.get(at, 0), _SLOTS - 1)
        seen[at] = slot + 1
        style = _BY_TYPE[event.type]
        article = view.label if canvas.multi else None
        item_id = f"a{index}:event:{number}"
        canvas.event_marks.append((item_id, group, (_iso(event),)))
        canvas.add(
            Pin(
                group=group,
                id=item_id,
                kind="event",
                at=at,
                icon=_icon(canvas, style, slot),
                name=event.sub_type.value,
                tip=summary(event),
                popup=event_popup(event, where, at, article=article),
                label=0,
                z=3,
            )
        )


def _iso(event: Event) -> str:
    return event.date.isoformat() if event.date else ""


def timeline_spec(canvas: Canvas) -> dict[str, Any] | None:
    """What the timeline control filters (``assets/conflictmap/events.js``): the distinct
    dates of the drawn events, in order, and each event marker's group and dates.

    ``None`` (no control) unless the drawn events fall on at least two dates.

    Examples
    --------
    >>> canvas = Canvas(gazetteer=None, multi=False, low_confidence=0.5)
    >>> canvas.event_marks += [("a0:event:0", "events", ("2013-01-14",)),
    ...                        ("a0:event:1", "events", ("", "2013-01-13"))]
    >>> timeline_spec(canvas)["dates"]
    ['2013-01-13', '2013-01-14']
    >>> canvas.event_marks.pop(0) and timeline_spec(canvas) is None
    True
    """
    dates = sorted({d for _, _, ds in canvas.event_marks for d in ds if d})
    if len(dates) < 2:
        return None
    return {
        "dates": dates,
        "markers": [[item, group, list(ds)] for item, group, ds in canvas.event_marks],
    }


def event_legend(canvas: Canvas) -> str:
    """A legend section for the event types drawn ("" when there are none)."""
    drawn = [s for s in EVENT_STYLES if f"event-{s.slug}" in canvas.icons]  # slot 0 comes first
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
