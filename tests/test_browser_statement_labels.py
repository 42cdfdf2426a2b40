"""Statement labels and lines in a real browser (issue 18): crowded labels still show,
apart from place names, and a statement's line opens its popup from the keyboard.

Headless Chromium, network blocked, on an article of our own with six distance
statements from one city (their lines fan out from Kharkiv across a few dozen
kilometres, so the labels compete for room).
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
from .test_browser_views import _BOXES_JS, CONTROLS, clashes, off_the_map

pytestmark = pytest.mark.browser

FAN = (
    "Artillery fire was reported across the region east of Kharkiv on Tuesday. Chuhuiv, "
    "about 40 km south-east of Kharkiv, lost power overnight. In Kupiansk, some 110 km "
    "east of Kharkiv, rail traffic stopped. Balakliia lies roughly 85 km south-east of "
    "Kharkiv and was hit twice. Izium, about 120 km south-east of Kharkiv, reported drone "
    "attacks. Bohodukhiv, some 55 km north-west of Kharkiv, opened shelters, and Lozova, "
    "about 140 km south of Kharkiv, took in families from the east."
)

#: [labels drawn, labels shown, leader lines]
_LABELS_JS = """() => {
    const all = [...document.querySelectorAll('.cm-line-label')];
    const shown = all.filter(el => getComputedStyle(el).visibility !== 'hidden');
    return [all.length, shown.length, document.querySelectorAll('path.cm-leader').length];
}"""

#: What has the focus: [its kind, its label, its id, inside an SVG].
_FOCUS_JS = """() => {
    const el = document.activeElement;
    return el ? [el.getAttribute('data-cm-kind'), el.getAttribute('aria-label'),
                 el.getAttribute('data-cm-id'), el instanceof SVGElement] : [];
}"""


@pytest.fixture(scope="module")
def chromium() -> Iterator[Any]:
    with system_chromium() as browser:
        yield browser


def _page(chromium: Any, gazetteer: Gazetteer, tmp_path: Path, width: int, height: int) -> MapPage:
    result = geoparse(FAN, id="fan", gazetteer=gazetteer)
    assert sum(1 for s in result.statements if s.verdict) >= 6
    html = page_html(make_map(result, gazetteer=gazetteer))
    return MapPage(chromium, write_map(tmp_path, html), width=width, height=height)


@pytest.mark.parametrize(("width", "height"), [(1400, 900), (800, 600)])
def test_six_crowded_statement_labels_all_show_apart_from_the_names(
    chromium: Any, base_gazetteer: Gazetteer, tmp_path: Path, width: int, height: int
) -> None:
    view = _page(chromium, base_gazetteer, tmp_path, width, height)
    try:
        view.page.wait_for_timeout(250)
        drawn, shown, leaders = view.page.evaluate(_LABELS_JS)
        assert drawn == 6
        assert shown == 6  # before, 1 of the 6 showed at 800x600
        assert leaders <= shown
        boxes = [tuple(b) for b in view.page.evaluate(_BOXES_JS, CONTROLS)]
        assert sum(1 for b in boxes if b[0] == "place") >= 5
        assert clashes(boxes) == [] and off_the_map(boxes) == []
        assert view.errors == [] and view.external == []
    finally:
        view.close()


def test_tab_reaches_a_statement_line_and_enter_opens_its_popup(
    chromium: Any, base_gazetteer: Gazetteer, tmp_path: Path
) -> None:
    view = _page(chromium, base_gazetteer, tmp_path, 1280, 800)
    try:
        focus: list[Any] = []
        for _ in range(60):
            view.page.keyboard.press("Tab")
            focus = view.page.evaluate(_FOCUS_JS)
            if focus and focus[0] == "statement":
                break
        assert focus[0] == "statement" and focus[3], "Tab never reached a statement line"
        assert "km" in (focus[1] or "")  # its name: the stated and measured distances
        popup = view.page.locator(".leaflet-popup")
        assert view.count(".leaflet-popup") == 0
        view.page.keyboard.press("Enter")
        popup.wait_for(state="visible", timeout=5000)
        assert "Kharkiv" in popup.inner_text()
        assert view.page.evaluate(
            "document.activeElement.closest('.leaflet-popup') !== null"
            " && document.activeElement.getAttribute('role') === 'dialog'"
        )
        view.page.keyboard.press("Escape")
        popup.wait_for(state="detached", timeout=5000)
        assert view.page.evaluate(_FOCUS_JS) == focus  # back on the line
        assert view.errors == []
    finally:
        view.close()
