"""The map in a real browser: headless Chromium driven by Playwright, network blocked.

Every request other than ``file:``/``data:`` is blocked and counted; console
errors, page errors and failed loads are collected. Skipped (with the reason)
when Playwright or Chromium is not installed; CI installs Debian's chromium.
"""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

from conflictmap.mapping import fragment_html, make_map, page_html
from conflictmap.output.render import CHROMIUM_FLAGS
from conflictmap.pipeline import geoparse
from conflictmap.store.gazetteer import Gazetteer

from .conftest import MALI, needs_shared

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples"
CHROMIUM = "/usr/bin/chromium"


@contextmanager
def system_chromium() -> Iterator[Any]:
    """A headless Chromium (the system's), or a skip saying what is missing."""
    sync_api = pytest.importorskip(
        "playwright.sync_api", reason="Playwright for Python is not installed"
    )
    executable = CHROMIUM if Path(CHROMIUM).exists() else shutil.which("chromium")
    if not executable:
        pytest.skip(f"no Chromium at {CHROMIUM} (CI installs Debian's chromium package)")
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=executable, headless=True, args=list(CHROMIUM_FLAGS)
        )
        try:
            yield browser
        finally:
            browser.close()


@pytest.fixture(scope="module")
def chromium() -> Iterator[Any]:
    with system_chromium() as browser:
        yield browser


class MapPage:
    """A page showing a map file, with every outside request blocked and counted."""

    def __init__(self, browser: Any, path: Path, *, width: int = 1280, height: int = 800) -> None:
        self.context = browser.new_context(viewport={"width": width, "height": height})
        self.page = self.context.new_page()
        self.external: list[str] = []
        self.errors: list[str] = []
        self.dialogs: list[str] = []
        self.page.route("**/*", self._route)
        self.page.on("console", self._console)
        self.page.on("pageerror", lambda error: self.errors.append(f"pageerror: {error}"))
        self.page.on("requestfailed", self._failed)
        self.page.on("dialog", self._dialog)
        self.page.goto(path.as_uri(), wait_until="load")
        self.page.wait_for_selector("[data-cm-ready]", state="attached", timeout=15000)

    def _route(self, route: Any) -> None:
        url = route.request.url
        if url.startswith(("file:", "data:")):
            route.continue_()
        else:
            self.external.append(url)
            route.abort()

    def _console(self, message: Any) -> None:
        if message.type == "error":
            self.errors.append(f"console: {message.text}")

    def _failed(self, request: Any) -> None:
        if request.url.startswith(("file:", "data:")):
            self.errors.append(f"failed to load {request.url[:80]}")

    def _dialog(self, dialog: Any) -> None:
        self.dialogs.append(dialog.message)
        dialog.dismiss()

    def count(self, selector: str) -> int:
        return int(self.page.locator(selector).count())

    def click_pin(self, item_id: str) -> str:
        """Click the pin of ``item_id`` and return the text of the popup it opens."""
        self.page.locator(f'.cm-pin[data-cm-id="{item_id}"]').first.click()
        popup = self.page.locator(".leaflet-popup-content").first
        popup.wait_for(state="visible", timeout=5000)
        return str(popup.inner_html())

    def close(self) -> None:
        self.context.close()


def write_map(tmp_path: Path, html: str, name: str = "map.html") -> Path:
    path = tmp_path / name
    path.write_text(html, encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def mali_html(base_gazetteer: Gazetteer) -> str:
    if not MALI.exists():
        pytest.skip(f"../shared is absent ({MALI.parent}); the Mali map needs the article")
    result = geoparse(MALI.read_text(encoding="utf-8"), id="mali", gazetteer=base_gazetteer)
    return page_html(make_map(result, gazetteer=base_gazetteer))


@needs_shared
def test_mali_map_renders_offline_and_a_pin_opens_its_sentences(
    chromium: Any, mali_html: str, tmp_path: Path
) -> None:
    view = MapPage(chromium, write_map(tmp_path, mali_html))
    try:
        assert view.count(".cm-pin") >= 4
        for place in ("2460596", "2458187", "2457163", "2455290"):  # Bamako Diabaly Gao Kidal
            assert view.count(f'.cm-pin[data-cm-id="a0:geonames:{place}"]') == 1
        # countries are outlines (SVG paths), not pins
        assert view.count('path[data-cm-kind="country"]') >= 3
        assert view.count('.cm-pin[data-cm-kind="country"]') == 0
        assert view.count(".cm-country-label") > 100  # the offline basemap
        popup = view.click_pin("a0:geonames:2458187")
        assert "Diabaly" in popup
        assert "<mark>Diabali</mark>, some 400 kilometres (250 miles) north of the capital" in popup
        assert "<mark>Diabili</mark> fell to the Islamists" in popup
        assert "GeoNames 2458187" in popup
        # the title panel's buttons fly to the places outside the opening view
        view.page.evaluate(
            "document.querySelectorAll('.cm-title details').forEach(d => d.open = true)"
        )
        view.page.locator('.cm-title button[data-cm-goto="a0:geonames:2988507"]').click()
        popup = view.page.locator(".leaflet-popup-content").first
        popup.wait_for(state="visible")
        assert "Paris" in popup.inner_text()
        assert view.external == []
        assert view.errors == []
    finally:
        view.close()


def test_example_map_works_without_shared(
    chromium: Any, base_gazetteer: Gazetteer, tmp_path: Path
) -> None:
    text = (EXAMPLES / "sahel-convoy.txt").read_text(encoding="utf-8")
    result = geoparse(text, id="sahel-convoy", gazetteer=base_gazetteer)
    view = MapPage(
        chromium, write_map(tmp_path, page_html(make_map(result, gazetteer=base_gazetteer)))
    )
    try:
        assert view.count(".cm-pin") >= 6
        niono = next(p for p in result.places if p.name == "Niono")
        popup = view.click_pin(f"a0:{niono.id}")
        assert "Gunmen on motorcycles overran an army post outside <mark>Niono</mark>" in popup
        # hovering shows the name in a tooltip
        view.page.locator('.cm-pin[data-cm-id="a0:geonames:2460596"]').hover()
        tip = view.page.locator(".leaflet-tooltip.cm-tip", has_text="Bamako")
        tip.wait_for(state="visible")
        assert tip.inner_text().startswith("Bamako · capital")
        # the layer control switches the places off and on
        view.page.locator(".leaflet-control-layers").hover()
        toggle = view.page.locator(".leaflet-control-layers label", has_text="Places")
        toggle.click()
        view.page.wait_for_function("!document.querySelector('.cm-pin[data-cm-kind=capital]')")
        toggle.click()
        view.page.locator(".cm-pin[data-cm-kind=capital]").wait_for(state="attached")
        assert view.count(".cm-pin[data-cm-kind=capital]") == 1
        # a scale bar and the credits are on the map
        assert view.count(".leaflet-control-scale") == 1
        attribution = view.page.locator(".leaflet-control-attribution").inner_text()
        assert "GeoNames" in attribution and "Natural Earth" in attribution
        assert view.external == []
        assert view.errors == []
    finally:
        view.close()


def test_two_embedded_maps_work_on_one_page(
    chromium: Any, base_gazetteer: Gazetteer, tmp_path: Path
) -> None:
    fragments = []
    for name in ("sahel-convoy", "darfur-el-fasher"):
        text = (EXAMPLES / f"{name}.txt").read_text(encoding="utf-8")
        result = geoparse(text, id=name, gazetteer=base_gazetteer)
        fragments.append(fragment_html(make_map(result, gazetteer=base_gazetteer), height="480px"))
    host = (
        "<!DOCTYPE html><html><head><meta charset='utf-8'><title>Report</title></head><body>"
        "<h1 id='host'>Field report</h1><p>First map:</p>"
        f"{fragments[0]}<p>Second map:</p>{fragments[1]}<p id='end'>End.</p></body></html>"
    )
    view = MapPage(chromium, write_map(tmp_path, host, "report.html"), height=1200)
    try:
        view.page.wait_for_function("document.querySelectorAll('[data-cm-ready]').length === 2")
        maps = view.page.locator(".folium-map")
        assert maps.count() == 2
        assert maps.nth(0).get_attribute("id") != maps.nth(1).get_attribute("id")
        for index in range(2):
            assert maps.nth(index).locator(".cm-pin").count() >= 3
            maps.nth(index).locator(".cm-pin").first.click()
            popup = maps.nth(index).locator(".leaflet-popup-content")
            popup.wait_for(state="visible")
            assert "in the article" in popup.inner_text().lower()
        # the host page keeps its own look
        margin = view.page.evaluate("getComputedStyle(document.body).marginTop")
        assert margin == "8px"
        assert view.page.locator("#end").is_visible()
        assert view.external == []
        assert view.errors == []
    finally:
        view.close()


def test_tiles_are_the_only_network_use(
    chromium: Any, base_gazetteer: Gazetteer, tmp_path: Path
) -> None:
    text = (EXAMPLES / "sahel-convoy.txt").read_text(encoding="utf-8")
    result = geoparse(text, id="sahel", gazetteer=base_gazetteer)
    html = page_html(make_map(result, gazetteer=base_gazetteer, tiles=True))
    view = MapPage(chromium, write_map(tmp_path, html))
    try:
        view.page.wait_for_timeout(300)
        assert view.external, "OpenStreetMap tiles were asked for but none requested"
        assert all(
            re.match(r"https://tile\.openstreetmap\.org/\d+/\d+/\d+\.png$", u)
            for u in view.external
        )
        attribution = view.page.locator(".leaflet-control-attribution").inner_text()
        assert "OpenStreetMap" in attribution
        assert view.count(".cm-pin") >= 6
    finally:
        view.close()
