"""What an event marker says: its tooltip (plain text) and its popup (escaped HTML).

A marker holds every event at one spot. Its tooltip is the date and a one-line
summary of the one event, or the count, the spot and the dates of several; its
popup (HTML, which Leaflet inserts with ``innerHTML``) lists each event's facts and
sentence, every value from the article escaped with
:func:`~conflictmap.mapping.escape.html_text`. Each entry of a popup holding several
events carries its date (``data-cm-date``: the timeline hides the entries outside
its range) and its key (``data-cm-event``: the title panel's list opens it).

Examples
--------
>>> import datetime as dt
>>> from conflictmap.events import Event, EventType, SubEventType
>>> from conflictmap.model import LatLon
>>> e = Event(start=0, end=9, text="<b>Jets</b> hit Gao", type=EventType.EXPLOSIONS,
...           sub_type=SubEventType.AIR_DRONE_STRIKE, date=dt.date(2013, 1, 13),
...           actor1="<img src=x>")
>>> tip([e], "Gao")
'2013-01-13 · Air/drone strike · <img src=x>'
>>> html = popup([("0:1", e), ("0:2", e)], "Gao", LatLon(16.27, -0.04))
>>> "2 events at Gao" in html and 'data-cm-event="0:2"' in html and "<img" not in html
True
>>> one_line("Fighters   attacked the town of Diabali today, officials said.", limit=30)
'Fighters attacked the town of…'
"""

from __future__ import annotations

from collections.abc import Sequence

from conflictmap.events import Event
from conflictmap.mapping.escape import html_text
from conflictmap.mapping.popups import coordinates
from conflictmap.model import LatLon

__all__ = ["date_of", "one_line", "popup", "summary", "tip"]

#: Characters of an event's sentence kept in a one-line summary (the panel's list).
ONE_LINE = 90


def date_of(event: Event) -> str:
    """The event's ISO date, or ``""`` when undated."""
    return event.date.isoformat() if event.date else ""


def one_line(text: str, *, limit: int = ONE_LINE) -> str:
    """``text`` on one line, cut at a word before ``limit`` characters (with "…")."""
    line = " ".join(text.split())
    if len(line) <= limit:
        return line
    cut = line.rfind(" ", 0, limit)
    return line[: cut if cut > limit // 2 else limit].rstrip(" ,;:") + "…"


def summary(event: Event) -> str:
    """Date, sub-event type, the acting side (plain text).

    >>> from conflictmap.events import EventType, SubEventType
    >>> summary(Event(start=0, end=1, text="x", type=EventType.RIOTS,
    ...               sub_type=SubEventType.MOB_VIOLENCE))
    'undated · Mob violence'
    """
    parts = [date_of(event) or "undated", event.sub_type.value]
    if event.actor1:
        parts.append(" ".join(event.actor1.split()))
    return " · ".join(parts)


def tip(events: Sequence[Event], where: str) -> str:
    """The marker's tooltip: the one event's summary, or ``N events at X · dates``."""
    if len(events) == 1:
        return summary(events[0])
    dates = sorted({date_of(e) for e in events if e.date})
    span = f"{dates[0]} – {dates[-1]}" if len(dates) > 1 else (dates[0] if dates else "undated")
    return f"{len(events)} events at {' '.join(where.split())} · {span}"


def _row(label: str, value: object) -> str:
    return f"<tr><th>{html_text(label)}</th><td>{html_text(value)}</td></tr>"


def _facts(event: Event, where: str | None, article: str | None) -> str:
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
    if where is not None:
        rows.append(_row("where", where))
    if article is not None:
        rows.append(_row("article", article))
    return f'<table class="cm-facts">{"".join(rows)}</table>'


def _sentence(event: Event) -> str:
    return f'<p class="cm-snippet">{html_text(" ".join(event.text.split()))}</p>'


def popup(
    events: Sequence[tuple[str, Event]], where: str, at: LatLon, *, article: str | None = None
) -> str:
    """The popup of a marker holding ``events`` (``(key, event)`` pairs, in order)."""
    spot = f"{' '.join(where.split())}, {coordinates(at.lat, at.lon)}"
    if len(events) == 1:
        event = events[0][1]
        return (
            '<div class="cm-popup">'
            f"<h3>{html_text(event.sub_type.value)}</h3>{_facts(event, spot, article)}"
            f"<h4>In the article</h4>{_sentence(event)}</div>"
        )
    entries = "".join(
        f'<li data-cm-date="{html_text(date_of(event))}" data-cm-event="{html_text(key)}">'
        f'<p class="cm-ev-title">{html_text(summary(event))}</p>'
        f"{_facts(event, None, None)}{_sentence(event)}</li>"
        for key, event in events
    )
    head = f"{len(events)} events at {' '.join(where.split())}"
    more = _facts_article(article)
    return (
        f'<div class="cm-popup cm-ev-popup"><h3>{html_text(head)}</h3>'
        f'<p class="cm-ev-spot">{html_text(spot)}</p>{more}'
        f'<ol class="cm-ev-list">{entries}</ol></div>'
    )


def _facts_article(article: str | None) -> str:
    if article is None:
        return ""
    return f'<p class="cm-ev-spot">article: {html_text(article)}</p>'
