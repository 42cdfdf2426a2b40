"""Events in the map's drawing (issue 16): one marker per spot holding every event there,
drawn on its place; the title panel lists every event in date order; all escaped.
(In the browser: tests/test_browser_event_list.py, tests/test_browser_timeline.py.)
"""

from __future__ import annotations

import datetime as dt
import re

from conflictmap.events import Event, EventType, SubEventType
from conflictmap.mapping.items import Pin
from conflictmap.mapping.layers import Drawing, DrawingBuilder
from conflictmap.model import Estimate, Place, Result

GAO = Place(id="g:1", name="Gao", lat=16.27167, lon=-0.04472, country="ML", kind="city")
KIDAL = Place(id="g:2", name="Kidal", lat=18.44, lon=1.41, country="ML", kind="town")
HOSTILE = '<img src=x onerror="alert(1)">'


def _event(sub: SubEventType, place: Place | None, day: int | None, **more: object) -> Event:
    kind = EventType.BATTLES if sub is SubEventType.ARMED_CLASH else EventType.EXPLOSIONS
    return Event(start=0, end=5, text=str(more.pop("text", f"Fighting near {place}")),
                 type=kind, sub_type=sub, date=dt.date(2013, 1, day) if day else None,
                 place=place.id if place else None, **more)  # type: ignore[arg-type]  # fmt: skip


CLASH, STRIKE = SubEventType.ARMED_CLASH, SubEventType.AIR_DRONE_STRIKE


def _draw(*results: Result) -> Drawing:
    return DrawingBuilder(list(results), gazetteer=None).build()


def _events(drawing: Drawing) -> list[Pin]:
    return [i for i in drawing.items if isinstance(i, Pin) and i.kind == "event"]


def test_events_at_one_place_make_one_marker_on_it_with_a_count() -> None:
    events = (
        _event(CLASH, GAO, 14, actor1="Rebels"),
        _event(STRIKE, KIDAL, 13),
        _event(STRIKE, GAO, 13, text="Jets struck Gao"),
        _event(STRIKE, GAO, None),
    )
    drawing = _draw(Result(id="a", text="x", places=(GAO, KIDAL), events=events))
    gao, kidal = _events(drawing)
    assert (gao.id, kidal.id) == ("a0:event:0", "a0:event:1")
    assert (gao.at.lat, gao.at.lon) == (GAO.lat, GAO.lon)  # on the place, not beside it
    place_pin = next(i for i in drawing.items if isinstance(i, Pin) and i.id == "a0:g:1")
    assert place_pin.at == gao.at and gao.z > place_pin.z
    # chips: explosions (2 of 3) before battles; a badge with the count
    assert gao.icon == "event-explosions-battles-n3" and kidal.icon == "event-explosions"
    svg = drawing.icons[gao.icon]["svg"]
    assert ">E<" in svg and ">B<" in svg and 'class="cm-ev-count"' in svg and ">3<" in svg
    assert gao.tip == "3 events at Gao · 2013-01-13 – 2013-01-14"
    # the popup lists them in date order, undated last, each with its date and key
    keys = re.findall(r'data-cm-date="([^"]*)" data-cm-event="([^"]*)"', gao.popup)
    assert keys == [("2013-01-13", "0:2"), ("2013-01-14", "0:0"), ("", "0:3")]
    assert drawing.spec()["timeline"]["markers"] == [
        ["a0:event:0", "events", ["2013-01-13", "2013-01-14", ""]],
        ["a0:event:1", "events", ["2013-01-13"]],
    ]
    assert "Battles" in drawing.legend_html and "Explosions/Remote violence" in drawing.legend_html


def test_the_title_panel_lists_every_event_in_date_order_and_opens_its_marker() -> None:
    events = (
        _event(CLASH, GAO, 14, text="Rebels attacked Gao on Monday, officials said."),
        _event(STRIKE, KIDAL, 12, text="Jets struck Kidal on Saturday."),
        _event(STRIKE, None, 13, text="Jets struck 50 km west of Gao on Sunday.",
               estimate=Estimate(lat=16.27, lon=-0.51, radius_km=25), anchor=GAO.id),
        _event(STRIKE, None, 11, text="Jets struck somewhere."),  # nowhere: not drawn
    )  # fmt: skip
    drawing = _draw(Result(id="a", text="x", places=(GAO, KIDAL), events=events))
    panel = drawing.title_html
    assert "Events (3)" in panel
    entries = re.findall(
        r'<li data-cm-date="([^"]*)"><button type="button" data-cm-goto="([^"]*)" '
        r'data-cm-event="([^"]*)">',
        panel,
    )
    assert entries == [
        ("2013-01-12", "a0:event:1", "0:1"),
        ("2013-01-13", "a0:event:2", "0:2"),
        ("2013-01-14", "a0:event:0", "0:0"),
    ]
    assert "estimated spot near Gao" in panel and "Jets struck Kidal on Saturday." in panel
    goto = {i.id for i in drawing.items}
    assert all(marker in goto for _, marker, _ in entries)


def test_a_map_of_several_articles_lists_their_events_together_with_their_names() -> None:
    first = Result(id="mon", text="x", places=(GAO,), events=(_event(CLASH, GAO, 14),))
    second = Result(id="sun", text="x", places=(GAO,), events=(_event(STRIKE, GAO, 13),))
    drawing = _draw(first, second)
    assert [p.id for p in _events(drawing)] == ["a0:event:0", "a1:event:0"]  # a layer each
    panel = drawing.title_html
    assert panel.index(">sun<") < panel.index(">mon<", panel.index("Events (2)"))


def test_hostile_text_reaches_the_list_and_popups_escaped() -> None:
    events = tuple(
        _event(CLASH, GAO, 14, text=f"Gunmen {HOSTILE} attacked", actor1=HOSTILE,
               actor2=HOSTILE, date_text=HOSTILE, fatalities_text=HOSTILE)
        for _ in range(2)
    )  # fmt: skip
    place = Place(id=f'g:"{HOSTILE}', name=f"Gao {HOSTILE}", lat=16.27, lon=-0.04, kind="city")
    result = Result(id=HOSTILE, text="x", places=(place,),
                    events=tuple(_replace_place(e, place.id) for e in events))  # fmt: skip
    drawing = _draw(result, result)
    for html in [drawing.title_html, *(p.popup for p in _events(drawing))]:
        assert "<img" not in html and "&lt;img src=x onerror=&quot;alert(1)&quot;&gt;" in html
    assert all(HOSTILE in p.tip for p in _events(drawing))  # tooltips are text (textContent)


def _replace_place(event: Event, place: str) -> Event:
    import dataclasses

    return dataclasses.replace(event, place=place)
