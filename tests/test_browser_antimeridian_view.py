"""A map whose places lie on both sides of 180° opens on them, not on the whole globe
(issue 18).

Three articles of our own: Fiji, Samoa and Tonga; Chukotka and Alaska across the Bering
Strait; the same with Russia outlined (its area drawn across 180°). The opening view (the drawing's fit, then the map's bounds in Chromium) spans
a few tens of degrees across the antimeridian, and every place's pin is on the map.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from conflictmap.mapping import make_map, page_html
from conflictmap.mapping.focus import FocusPoint, fit_bounds
from conflictmap.pipeline import geoparse
from conflictmap.store.gazetteer import Gazetteer

from .test_browser_map import MapPage, system_chromium, write_map

ARTICLES = {
    "pacific": (
        "Storms cut power in Suva and Nadi in Fiji on Monday, and in Apia, Samoa, a day "
        "later. Boats from Nuku'alofa in Tonga joined the search.",
        {"Suva", "Nadi", "Apia", "Nuku'alofa"},
    ),
    "bering": (
        "Patrols flew from Anadyr in Chukotka towards Nome, Alaska, and back over the "
        "Bering Strait to Provideniya.",
        {"Anadyr", "Nome", "Provideniya"},
    ),
    "russia": (
        "Russia sent patrols from Anadyr towards Nome in Alaska, and back to Provideniya, "
        "Russian officials said.",
        {"Anadyr", "Nome", "Provideniya"},
    ),
}

_VIEW_JS = """() => {
    const map = Object.keys(window).filter(k => k.startsWith('map_')).map(k => window[k])[0];
    const b = map.getBounds();
    const box = map.getContainer().getBoundingClientRect();
    const pins = {};
    document.querySelectorAll('.cm-pin[data-cm-kind]').forEach(el => {
        const r = el.getBoundingClientRect();
        pins[el.getAttribute('aria-label')] = r.left >= box.left && r.right <= box.right
            && r.top >= box.top && r.bottom <= box.bottom;
    });
    return [b.getWest(), b.getEast(), pins];
}"""


def test_the_focus_of_places_across_180_is_a_short_run_past_it() -> None:
    points = [FocusPoint(-18.14, 178.43, "FJ"), FocusPoint(-13.83, -171.77, "WS"),
              FocusPoint(-18.0, 175.0, "FJ", 3, area=True, bounds=((-21.0, -180.0), (-12.5, 180.0)))]  # fmt: skip
    (_, west), (_, east) = fit_bounds(points, everything=True) or [[0, 0], [0, 0]]
    assert (west, east) == (175.0, 188.23)  # Fiji's cut box (the whole globe) does not count
    assert fit_bounds([FocusPoint(14.0, -8.0, "ML"), FocusPoint(16.3, -0.04, "ML")]) == [
        [14.0, -8.0], [16.3, -0.04]]  # fmt: skip


@pytest.fixture(scope="module")
def chromium() -> Iterator[Any]:
    with system_chromium() as browser:
        yield browser


@pytest.mark.browser
@pytest.mark.parametrize("name", sorted(ARTICLES))
def test_the_map_opens_across_180_on_its_places(
    chromium: Any, base_gazetteer: Gazetteer, tmp_path: Path, name: str
) -> None:
    text, names = ARTICLES[name]
    result = geoparse(text, id=name, gazetteer=base_gazetteer)
    html = page_html(make_map(result, gazetteer=base_gazetteer))
    view = MapPage(chromium, write_map(tmp_path, html), width=1200, height=800)
    try:
        view.page.wait_for_timeout(250)
        view.page.screenshot(path=str(tmp_path / f"{name}.png"))
        west, east, pins = view.page.evaluate(_VIEW_JS)
        assert west < 180 < east and east - west < 70, (west, east)  # not the whole globe
        shown = {n.replace("\u2018", "'") for n, inside in pins.items() if inside}
        assert names <= shown, pins
        assert view.errors == []
    finally:
        view.close()
