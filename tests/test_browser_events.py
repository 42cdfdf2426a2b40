"""Events on the map in headless Chromium (issue 16): the Events layer toggles its
markers off and on, and hostile text in actors and notes stays inert.

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

HOSTILE = "<img src=x onerror=\"document.title='pwned'\">"
GAO = Place(
    id="geonames:2457163", name="Gao", lat=16.27167, lon=-0.04472, country="ML", kind="city"
)
KIDAL = Place(id="geonames:2455290", name="Kidal", lat=18.44, lon=1.41, country="ML", kind="town")


@pytest.fixture(scope="module")
def chromium() -> Iterator[Any]:
    with system_chromium() as browser:
        yield browser


def _result() -> Result:
    strike = Event(
        start=0, end=20, text=f"Jets struck Gao {HOSTILE}", type=EventType.EXPLOSIONS,
        sub_type=SubEventType.AIR_DRONE_STRIKE, date=dt.date(2013, 1, 13), place=GAO.id,
        actor1=HOSTILE,
    )  # fmt: skip
    clash = Event(
        start=21, end=40, text="Rebels attacked Kidal", type=EventType.BATTLES,
        sub_type=SubEventType.ARMED_CLASH, date=dt.date(2013, 1, 14), place=KIDAL.id,
        actor1="Rebels", fatalities=3,
    )  # fmt: skip
    return Result(id="a", text="Jets struck Gao. Rebels attacked Kidal.", places=(GAO, KIDAL),
                  events=(strike, clash))  # fmt: skip


def test_the_events_layer_toggles_and_hostile_text_stays_inert(
    chromium: Any, tmp_path: Path
) -> None:
    page = write_map(tmp_path, page_html(make_map(_result(), gazetteer=None, basemap=False)))
    view = MapPage(chromium, page)
    events = ".cm-pin[data-cm-kind=event]"
    try:
        assert view.errors == [] and view.count(events) == 2
        assert "Events" in view.page.locator(".cm-legend-events").inner_text()
        popup = view.click_pin("a0:event:0")
        assert "&lt;img" in popup and view.count(".leaflet-popup img") == 0
        layer = view.page.locator(".leaflet-control-layers-overlays label", has_text="Events")
        view.page.locator(".leaflet-control-layers").hover()
        layer.locator("input").uncheck()
        assert view.count(events) == 0
        layer.locator("input").check()
        assert view.count(events) == 2
        view.page.locator(f'{events}[data-cm-id="a0:event:0"]').hover()
        assert view.page.title() != "pwned" and view.dialogs == [] and view.errors == []
    finally:
        view.close()
