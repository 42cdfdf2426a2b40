"""The map's controls and labels in a real browser at report sizes: nothing covers anything
(issue 18).

At 400 px wide (a phone, an embed in a narrow column) and at 1400×900, the title
panel, the legend, the zoom buttons, the layer control, the scale bar and the
attribution must not overlap; the legend starts folded in embeds and small
viewports and open on a page-sized map; the maker's title, subtitle, source and
date appear in the title panel as text. Labels on the Mali map and the examples at
three sizes: tests/test_browser_views.py.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from itertools import combinations
from pathlib import Path
from typing import Any

import pytest

from conflictmap.mapping import fragment_html, make_map, page_html
from conflictmap.pipeline import geoparse
from conflictmap.store.gazetteer import Gazetteer

from .test_browser_map import MapPage, system_chromium, write_map
from .test_browser_views import CONTROLS

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[1]
SAHEL = ROOT / "examples" / "sahel-convoy.txt"
DARFUR = ROOT / "examples" / "darfur-el-fasher.txt"

#: Controls that small maps leave out (the timeline: events on fewer than two dates).
OPTIONAL = {"locator", "timeline"}


@pytest.fixture(scope="module")
def chromium() -> Iterator[Any]:
    with system_chromium() as browser:
        yield browser


@pytest.fixture(scope="module")
def sahel_map(base_gazetteer: Gazetteer) -> Any:
    result = geoparse(SAHEL.read_text(encoding="utf-8"), id="sahel", gazetteer=base_gazetteer)
    return make_map(result, gazetteer=base_gazetteer, title="Convoy ambushed near Gao",
                    subtitle="Where the attacks of the week took place",
                    source="conflictmap examples", date="2 December 2026")  # fmt: skip


def _embed_page(fragment: str, width: int) -> str:
    return (
        '<!DOCTYPE html><html><head><meta charset="utf-8"><title>embed</title></head>'
        f'<body style="margin:0"><div style="width:{width}px">{fragment}</div></body></html>'
    )


def _boxes(view: MapPage) -> dict[str, tuple[float, float, float, float]]:
    out = {}
    for name, selector in CONTROLS.items():
        found = view.page.locator(selector)
        box = found.first.bounding_box() if found.count() else None
        if box is None and name in OPTIONAL:
            continue
        assert box is not None, f"no {name} on the map"
        out[name] = (box["x"], box["y"], box["x"] + box["width"], box["y"] + box["height"])
    return out


def _overlaps(boxes: dict[str, tuple[float, float, float, float]]) -> list[str]:
    found = []
    for (a, r), (b, s) in combinations(boxes.items(), 2):
        if r[0] < s[2] and s[0] < r[2] and r[1] < s[3] and s[1] < r[3]:
            found.append(f"{a} {tuple(round(v) for v in r)} / {b} {tuple(round(v) for v in s)}")
    return found


def _legend_open(view: MapPage) -> bool:
    return bool(view.page.evaluate("document.querySelector('.cm-legend-body').open"))


@pytest.mark.parametrize(
    ("kind", "width", "height"),
    [("page", 400, 600), ("embed", 400, 600), ("embed", 400, 360), ("page", 1400, 900)],
)
def test_no_control_covers_another(
    chromium: Any, sahel_map: Any, tmp_path: Path, kind: str, width: int, height: int
) -> None:
    if kind == "page":
        html = page_html(sahel_map)
    else:
        html = _embed_page(fragment_html(sahel_map, height=f"{height}px"), width)
    view = MapPage(chromium, write_map(tmp_path, html), width=width, height=height)
    try:
        assert view.errors == []
        shot = tmp_path / f"{kind}-{width}x{height}.png"
        view.page.screenshot(path=str(shot))
        roomy = kind == "page" and width >= 700
        assert _legend_open(view) is roomy  # folded in embeds and small viewports
        assert _overlaps(_boxes(view)) == []
        # opened by the reader, the legend still leaves the title panel alone
        view.page.locator(".cm-legend summary").first.click()  # the legend, not a section
        view.page.wait_for_timeout(200)
        assert _legend_open(view) is not roomy
        view.page.screenshot(path=str(shot.with_suffix(".toggled.png")))
        assert _overlaps(_boxes(view)) == []
    finally:
        view.close()


def test_title_subtitle_source_and_date_are_shown_as_text(
    chromium: Any, base_gazetteer: Gazetteer, tmp_path: Path
) -> None:
    result = geoparse(DARFUR.read_text(encoding="utf-8"), id="darfur", gazetteer=base_gazetteer)
    fmap = make_map(result, gazetteer=base_gazetteer, title="<img src=x onerror=alert(1)>",
                    subtitle="Sudan & <Chad>", source="<b>AFP</b>", date="14 May 2024")  # fmt: skip
    view = MapPage(chromium, write_map(tmp_path, page_html(fmap)), width=800, height=600)
    try:
        panel = view.page.locator(".cm-title")
        assert panel.locator("h1").inner_text() == "<img src=x onerror=alert(1)>"
        assert panel.locator(".cm-subtitle").inner_text() == "Sudan & <Chad>"
        assert panel.locator(".cm-byline").inner_text() == "Source: <b>AFP</b> · 14 May 2024"
        assert view.count(".cm-title img, .cm-title b") == 0
        assert view.errors == [] and view.dialogs == []
    finally:
        view.close()


def test_a_popup_under_the_title_panel_is_moved_clear_of_it(
    chromium: Any, sahel_map: Any, tmp_path: Path
) -> None:
    view = MapPage(chromium, write_map(tmp_path, page_html(sahel_map)), width=800, height=600)
    try:
        # put Gao's pin under the title panel, then open its popup
        view.page.evaluate(
            """() => {
                const map = Object.keys(window).filter(k => k.startsWith('map_')).map(k => window[k])[0];
                const pin = document.querySelector('.cm-pin[data-cm-id$="geonames:2457163"]');
                const title = document.querySelector('.cm-title').getBoundingClientRect();
                const at = pin.getBoundingClientRect();
                const box = map.getContainer().getBoundingClientRect();
                map.panBy([at.left - box.left - (title.left - box.left + 40),
                           at.top - box.top - (title.top - box.top + 30)], {animate: false});
            }"""
        )
        pin = view.page.locator('.cm-pin[data-cm-id$="geonames:2457163"]')
        title = view.page.locator(".cm-title").bounding_box()
        at = pin.bounding_box()
        assert title and at and title["x"] < at["x"] < title["x"] + title["width"]
        pin.dispatch_event("click")
        popup = view.page.locator(".leaflet-popup")
        popup.wait_for(state="visible", timeout=5000)
        # the popup is moved clear after Leaflet's own layout: give a loaded machine
        # time for it (up to 15 s) instead of a fixed pause, then check the boxes
        timeout_error = pytest.importorskip("playwright.sync_api").TimeoutError
        with contextlib.suppress(timeout_error):
            view.page.wait_for_function(
                """() => {
                    const a = document.querySelector('.leaflet-popup').getBoundingClientRect();
                    const b = document.querySelector('.cm-title').getBoundingClientRect();
                    return !(a.left < b.right && b.left < a.right
                             && a.top < b.bottom && b.top < a.bottom);
                }""",
                timeout=15000,
            )
        view.page.screenshot(path=str(tmp_path / "popup.png"))
        boxes = {
            "popup": popup.bounding_box(),
            "title": view.page.locator(".cm-title").bounding_box(),
        }
        (a, b) = [(r["x"], r["y"], r["x"] + r["width"], r["y"] + r["height"])
                  for r in boxes.values() if r]  # fmt: skip
        assert not (a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]), boxes
        assert view.errors == []
    finally:
        view.close()


def test_png_has_no_buttons_and_takes_a_scale(chromium: Any, sahel_map: Any) -> None:
    import base64
    import struct

    from conflictmap.output.render import png_bytes

    png = png_bytes(page_html(sahel_map), width=800, height=500, scale=2)
    assert struct.unpack(">II", png[16:24]) == (1600, 1000)
    page = chromium.new_page()
    try:
        page.set_content(
            f'<img id="i" src="data:image/png;base64,{base64.b64encode(png).decode()}">'
        )
        page.wait_for_function("document.getElementById('i').complete")
        # share of pure white pixels where the zoom buttons (white boxes) would be
        white = page.evaluate(
            """() => {
                const img = document.getElementById('i');
                const c = document.createElement('canvas');
                c.width = img.naturalWidth; c.height = img.naturalHeight;
                const g = c.getContext('2d'); g.drawImage(img, 0, 0);
                const d = g.getImageData(2 * 12, 2 * 12, 2 * 30, 2 * 60).data;
                let n = 0;
                for (let i = 0; i < d.length; i += 4) {
                    if (d[i] === 255 && d[i + 1] === 255 && d[i + 2] === 255) n++;
                }
                return n / (d.length / 4);
            }"""
        )
        assert white < 0.2, f"{white:.0%} white: the zoom buttons are in the image"
    finally:
        page.close()


def test_the_locator_shows_where_the_view_is(chromium: Any, sahel_map: Any, tmp_path: Path) -> None:
    path = write_map(tmp_path, page_html(sahel_map))
    view = MapPage(chromium, path, width=1400, height=900)
    try:
        marked = view.page.evaluate(
            """() => {
                const map = Object.keys(window).filter(k => k.startsWith('map_')).map(k => window[k])[0];
                const rect = document.querySelector('.cm-locator-view');
                const svg = rect.ownerSVGElement;
                const w = Number(svg.getAttribute('width')), h = Number(svg.getAttribute('height'));
                const x = Number(rect.getAttribute('x')) + Number(rect.getAttribute('width')) / 2;
                const y = Number(rect.getAttribute('y')) + Number(rect.getAttribute('height')) / 2;
                const c = map.getCenter();
                return [x / w * 360 - 180, 85 - y / h * 145, c.lng, c.lat];
            }"""
        )
        lon, lat, centre_lon, centre_lat = marked
        assert abs(lon - centre_lon) < 3 and abs(lat - centre_lat) < 3  # the box is on the view
        assert view.page.locator(".cm-locator").is_visible()
    finally:
        view.close()
    small = MapPage(chromium, path, width=400, height=600)
    try:
        assert not small.page.locator(".cm-locator").is_visible()  # no room on a small map
    finally:
        small.close()


def test_an_image_folds_the_title_panels_lists_rather_than_cut_the_legend(
    chromium: Any, sahel_map: Any, tmp_path: Path
) -> None:
    from conflictmap.output.render import make_static

    view = MapPage(chromium, write_map(tmp_path, page_html(sahel_map)), width=1200, height=800)
    scrolls = """() => Array.from(document.querySelectorAll('.cm-title, .cm-legend'))
        .filter(p => p.scrollHeight > p.clientHeight + 1).map(p => p.className)"""
    try:
        assert view.page.evaluate(scrolls) != []  # on screen the panels share the column
        make_static(view.page)
        view.page.screenshot(path=str(tmp_path / "static.png"))
        assert view.page.evaluate(scrolls) == []  # nothing an image would cut off
        assert _legend_open(view)
        assert view.errors == []
    finally:
        view.close()
