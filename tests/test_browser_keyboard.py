"""Popups from the keyboard (issue 18): Tab reaches the pins, Enter or Space opens a
pin's popup, Escape closes it and gives the focus back to the pin.

Headless Chromium, network blocked, on the Sahel example (places and event markers)
at 1280×800; only real key presses are sent (no clicks, no script calls on the map).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from conflictmap.mapping import make_map, page_html
from conflictmap.pipeline import geoparse
from conflictmap.store.gazetteer import Gazetteer

from .test_browser_map import MapPage, system_chromium, write_map

pytestmark = pytest.mark.browser

SAHEL = Path(__file__).resolve().parents[1] / "examples" / "sahel-convoy.txt"

#: What has the focus: [is it a pin, its kind, its label, its id].
_FOCUS_JS = """() => {
    const el = document.activeElement;
    const pin = el && el.closest('.leaflet-marker-icon');
    return pin ? [true, pin.getAttribute('data-cm-kind'), pin.getAttribute('aria-label'),
                  pin.getAttribute('data-cm-id')]
               : [false, el ? el.tagName : '', '', ''];
}"""


@pytest.fixture(scope="module")
def chromium() -> Iterator[Any]:
    with system_chromium() as browser:
        yield browser


@pytest.fixture
def view(chromium: Any, base_gazetteer: Gazetteer, tmp_path: Path) -> Iterator[MapPage]:
    result = geoparse(SAHEL.read_text(encoding="utf-8"), id="sahel", gazetteer=base_gazetteer)
    page = MapPage(
        chromium, write_map(tmp_path, page_html(make_map(result, gazetteer=base_gazetteer)))
    )
    try:
        yield page
    finally:
        page.close()


def _tab_to(view: MapPage, wanted: str, limit: int = 80) -> list[Any]:
    """Press Tab until a pin whose label is ``wanted`` (or of that kind) has the focus."""
    for _ in range(limit):
        view.page.keyboard.press("Tab")
        focus = view.page.evaluate(_FOCUS_JS)
        if focus[0] and wanted in (focus[1], focus[2]):
            return list(focus)
    raise AssertionError(f"Tab never reached a pin {wanted!r}")


def _popup(view: MapPage) -> Any:
    return view.page.locator(".leaflet-popup")


def test_enter_opens_a_pins_popup_and_escape_closes_it(view: MapPage) -> None:
    focus = _tab_to(view, "Gao")
    assert view.count(".leaflet-popup") == 0
    view.page.keyboard.press("Enter")
    _popup(view).wait_for(state="visible", timeout=5000)
    assert "Gao" in _popup(view).inner_text()
    # the focus moved into the popup, which says what it is
    assert view.page.evaluate(
        "document.activeElement.closest('.leaflet-popup') !== null"
        " && document.activeElement.getAttribute('role') === 'dialog'"
    )
    view.page.keyboard.press("Escape")
    _popup(view).wait_for(state="detached", timeout=5000)
    assert view.page.evaluate(_FOCUS_JS) == focus  # back on Gao's pin
    assert view.errors == []


def test_space_opens_a_popup_without_scrolling_and_tab_reaches_event_markers(
    view: MapPage,
) -> None:
    _tab_to(view, "Bamako")
    view.page.keyboard.press(" ")
    _popup(view).wait_for(state="visible", timeout=5000)
    assert "Bamako" in _popup(view).inner_text()
    assert view.page.evaluate("window.scrollY") == 0
    view.page.keyboard.press("Escape")
    _popup(view).wait_for(state="detached", timeout=5000)
    event = _tab_to(view, "event")
    view.page.keyboard.press("Enter")
    _popup(view).wait_for(state="visible", timeout=5000)
    assert view.count(".leaflet-popup") == 1
    view.page.keyboard.press("Escape")
    _popup(view).wait_for(state="detached", timeout=5000)
    assert view.page.evaluate(_FOCUS_JS) == event
    assert view.errors == [] and view.external == []
