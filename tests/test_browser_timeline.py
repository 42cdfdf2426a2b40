"""The events' timeline in headless Chromium (issue 16), network blocked: a map with events
on several dates gets a date-range control; moving its (keyboard operable, labelled)
range inputs hides the event markers outside the range and shows them again; the Events
layer still toggles; hostile text in actors and notes stays inert throughout.

Skipped with a reason when Playwright or Chromium is missing (see test_browser_map).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from conflictmap.events import Event, EventType, SubEventType
from conflictmap.mapping import make_map, page_html
from conflictmap.model import Place, Result

from .hostile_payloads import PAYLOADS
from .test_browser_hostile import assert_nothing_ran, open_everything
from .test_browser_map import MapPage, system_chromium, write_map

pytestmark = pytest.mark.browser

EVENTS = ".cm-pin[data-cm-kind=event]"
PLACES = (
    Place(id="geonames:2457163", name="Gao", lat=16.27167, lon=-0.04472, country="ML",
          kind="city"),
    Place(id="geonames:2455290", name="Kidal", lat=18.44, lon=1.41, country="ML", kind="town"),
    Place(id="geonames:2453348", name="Mopti", lat=14.49, lon=-4.20, country="ML", kind="city"),
    Place(id="geonames:2458187", name="Diabaly", lat=14.69, lon=-6.02, country="ML",
          kind="town"),
    Place(id="geonames:2449067", name="Timbuktu", lat=16.77, lon=-3.01, country="ML",
          kind="city"),
)  # fmt: skip
DAYS = (dt.date(2013, 1, 11), dt.date(2013, 1, 12), dt.date(2013, 1, 13), dt.date(2013, 1, 14))


@pytest.fixture(scope="module")
def chromium() -> Iterator[Any]:
    with system_chromium() as browser:
        yield browser


def _event(number: int, place: Place, day: dt.date | None, **hostile: str) -> Event:
    return Event(
        start=0, end=10, text=hostile.get("text", f"Fighting in {place.name}"),
        type=EventType.BATTLES if number % 2 else EventType.EXPLOSIONS,
        sub_type=SubEventType.ARMED_CLASH if number % 2 else SubEventType.SHELLING,
        date=day, date_text=hostile.get("date_text", "on Monday" if day else None),
        place=place.id, actor1=hostile.get("actor1", "Rebels"), actor2=hostile.get("actor2"),
        fatalities=number if number % 3 else None, fatalities_text=hostile.get("deaths"),
    )  # fmt: skip


def _dated_result() -> Result:
    """One event per place: four dated ones (one a day), one undated."""
    events = [_event(n, PLACES[n], day) for n, day in enumerate(DAYS)]
    events.append(_event(4, PLACES[4], None))
    return Result(id="feed", text="Fighting.", places=PLACES, events=tuple(events))


def _shown(view: MapPage) -> set[str]:
    ids = view.page.locator(EVENTS).evaluate_all("els => els.map(e => e.dataset.cmId)")
    places = {f"a0:event:{n}": PLACES[n].name for n in range(len(PLACES))}
    return {places[i] for i in ids}


def _layer(view: MapPage, on: bool) -> None:
    view.page.locator(".leaflet-control-layers").hover()
    box = view.page.locator(".leaflet-control-layers-overlays label", has_text="Events")
    box.locator("input").set_checked(on)
    view.page.mouse.move(5, 400)  # the layer control folds again


def test_the_timeline_hides_and_shows_event_markers_by_date(chromium: Any, tmp_path: Path) -> None:
    page = write_map(tmp_path, page_html(make_map(_dated_result(), gazetteer=None, basemap=False)))
    view = MapPage(chromium, page)
    everything = {p.name for p in PLACES}
    try:
        control = view.page.locator(".cm-timeline")
        assert view.errors == [] and control.count() == 1
        start, end = view.page.get_by_label("From"), view.page.get_by_label("To")
        assert start.get_attribute("aria-valuetext") == "2013-01-11"
        assert end.get_attribute("aria-valuetext") == "2013-01-14"
        assert _shown(view) == everything
        assert "5 of 5 events shown" in control.inner_text()

        start.press("ArrowRight")  # from the 12th: the 11th's and the undated event go
        assert _shown(view) == {"Kidal", "Mopti", "Diabaly"}
        assert start.get_attribute("aria-valuetext") == "2013-01-12"
        end.press("ArrowLeft")  # to the 13th
        assert _shown(view) == {"Kidal", "Mopti"}
        assert "2 of 5 events shown" in control.inner_text()
        end.press("Home")  # the thumbs never cross: "from" follows "to" back to the 11th
        assert _shown(view) == {"Gao"}
        assert start.get_attribute("aria-valuetext") == "2013-01-11"

        _layer(view, False)  # the layer off hides them all; back on, the range still holds
        assert view.count(EVENTS) == 0
        _layer(view, True)
        assert _shown(view) == {"Gao"}
        end.press("End")
        assert _shown(view) == everything  # the whole range: the undated event too
        end.press("Home")
        view.page.get_by_role("button", name="All dates").click()
        assert _shown(view) == everything
        assert view.page.get_by_role("button", name="All dates").is_disabled()
        assert view.errors == [] and view.external == []
    finally:
        view.close()


def test_no_timeline_when_the_events_share_one_date(chromium: Any, tmp_path: Path) -> None:
    one_day = Result(id="a", text="x", places=PLACES[:3],
                     events=tuple(_event(n, PLACES[n], DAYS[1]) for n in range(3)))  # fmt: skip
    view = MapPage(
        chromium, write_map(tmp_path, page_html(make_map(one_day, gazetteer=None, basemap=False)))
    )
    try:
        assert view.count(EVENTS) == 3 and view.count(".cm-timeline") == 0
        assert view.errors == []
    finally:
        view.close()


def _hostile_result() -> Result:
    """Every payload in an event's actors, notes (its sentence), date and toll words."""
    events = []
    for n, payload in enumerate(PAYLOADS):
        place, day = PLACES[n % len(PLACES)], DAYS[n % len(DAYS)] if n % 7 else None
        events.append(_event(n, place, day, actor1=payload, actor2=PAYLOADS[-1 - n],
                             text=f"Gunmen {payload} attacked {place.name}",
                             date_text=payload, deaths=payload))  # fmt: skip
    return Result(id=PAYLOADS[1], text="Gunmen attacked.", places=PLACES, events=tuple(events))


def test_hostile_actors_and_notes_stay_inert_while_the_timeline_moves(
    chromium: Any, tmp_path: Path
) -> None:
    html = page_html(make_map(_hostile_result(), gazetteer=None, basemap=False))
    view = MapPage(chromium, write_map(tmp_path, html))
    try:
        assert view.count(".cm-timeline") == 1
        assert open_everything(view) >= 4 * len(PLACES)  # places' and events' popups, tips
        assert_nothing_ran(view)
        listed = view.page.locator(".cm-ev-entries button")
        for n in range(0, len(PAYLOADS), 17):  # the list's entries open their events
            listed.nth(n).dispatch_event("click")
        assert_nothing_ran(view)
        start, end = view.page.get_by_label("From"), view.page.get_by_label("To")
        entries = ".cm-ev-entries li:not([hidden])"
        assert view.count(EVENTS) == len(PLACES) and view.count(entries) == len(PAYLOADS)
        for key in ("ArrowRight", "ArrowRight", "End"):
            start.press(key)
            assert view.count(entries) < len(PAYLOADS)
        assert view.count(entries) == len([n for n in range(len(PAYLOADS)) if n % 4 == 3 and n % 7])
        assert open_everything(view) > 0  # the popups of what is left, with their filter
        end.press("End")
        start.press("Home")
        assert view.count(entries) == len(PAYLOADS)  # all back, undated ones too
        assert_nothing_ran(view)
        # shown as text: the popup of the first event holds the first payload, escaped
        view.page.locator(f'{EVENTS}[data-cm-id="a0:event:1"]').dispatch_event("click")
        popup = view.page.locator(".leaflet-popup-content", has_text=f"Gunmen {PAYLOADS[1]}")
        popup.wait_for(state="visible", timeout=5000)
        assert "Gunmen &lt;img src=x" in popup.inner_html()
        assert view.errors == []
    finally:
        view.close()
