"""The title panel's event list and the one-marker-per-spot events in headless Chromium
(issue 16), network blocked: the list is in date order; Enter on an entry opens its
marker's popup with that event marked; a marker holding several events shows their
count, and the timeline changes the count, the popup's entries and the list's.

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

from .test_browser_map import MapPage, system_chromium, write_map

pytestmark = pytest.mark.browser

GAO = Place(
    id="geonames:2457163", name="Gao", lat=16.27167, lon=-0.04472, country="ML", kind="city"
)
KIDAL = Place(id="geonames:2455290", name="Kidal", lat=18.44, lon=1.41, country="ML", kind="town")


@pytest.fixture(scope="module")
def chromium() -> Iterator[Any]:
    with system_chromium() as browser:
        yield browser


def _event(text: str, place: Place, day: int, battle: bool = False) -> Event:
    return Event(
        start=0, end=len(text), text=text, place=place.id, date=dt.date(2013, 1, day),
        type=EventType.BATTLES if battle else EventType.EXPLOSIONS,
        sub_type=SubEventType.ARMED_CLASH if battle else SubEventType.AIR_DRONE_STRIKE,
    )  # fmt: skip


def _result() -> Result:
    events = (
        _event("Rebels attacked Gao.", GAO, 14, battle=True),
        _event("Jets struck Kidal.", KIDAL, 12),
        _event("Jets struck Gao.", GAO, 13),
        _event("Jets struck Gao again.", GAO, 11),
    )
    return Result(id="a", text="x", places=(GAO, KIDAL), events=events)


def _popup_entries(view: MapPage) -> list[str]:
    items = view.page.locator(".leaflet-popup-content .cm-ev-list li:not([hidden]) .cm-snippet")
    return [str(t) for t in items.all_inner_texts()]


def test_the_list_opens_each_event_and_a_spot_holds_its_events(
    chromium: Any, tmp_path: Path
) -> None:
    html = page_html(make_map(_result(), gazetteer=None, basemap=False))
    view = MapPage(chromium, write_map(tmp_path, html))
    page = view.page
    try:
        assert view.errors == []
        assert view.count(".cm-pin[data-cm-kind=event]") == 2  # Gao's three, Kidal's one
        gao = page.locator('.cm-pin[data-cm-id="a0:event:0"]')
        assert gao.locator(".cm-ev-count").text_content() == "3"
        entries = page.locator(".cm-ev-entries button")
        lines = [t.split("\n")[-1] for t in entries.all_inner_texts()]
        assert lines == ["Jets struck Gao again.", "Jets struck Kidal.", "Jets struck Gao.",
                         "Rebels attacked Gao."]  # fmt: skip
        entries.nth(2).focus()
        page.keyboard.press("Enter")  # the keyboard opens the entry's event in Gao's popup
        current = page.locator(".leaflet-popup-content .cm-ev-current .cm-snippet")
        current.wait_for(state="visible", timeout=5000)
        assert current.inner_text() == "Jets struck Gao."
        assert _popup_entries(view) == ["Jets struck Gao again.", "Jets struck Gao.",
                                        "Rebels attacked Gao."]  # fmt: skip

        page.get_by_label("From").press("ArrowRight")  # from the 12th
        page.get_by_label("From").press("ArrowRight")  # from the 13th: Kidal's goes
        assert view.count(".cm-pin[data-cm-kind=event]") == 1
        assert gao.locator(".cm-ev-count").text_content() == "2"
        assert page.locator(".cm-ev-entries li:not([hidden])").count() == 2
        kept = ["Jets struck Gao.", "Rebels attacked Gao."]
        assert _popup_entries(view) == kept  # the open popup follows the range
        gao.dispatch_event("click")  # closes it; opened again, it holds the range
        gao.dispatch_event("click")
        page.wait_for_timeout(200)
        assert _popup_entries(view) == kept
        page.get_by_label("To").press("ArrowLeft")  # the 13th only: one event, no badge
        assert gao.locator(".cm-ev-badge").evaluate("el => el.style.display") == "none"
        assert view.errors == [] and view.external == []
    finally:
        view.close()
