"""Rendering a map to PNG, PDF or SVG with headless Chromium (for reports and slides).

Needs Python Playwright (``pip install 'conflictmap[png]'``) and a Chromium: the
system's (``/usr/bin/chromium``, ``chromium-browser``, ``google-chrome``) or the
one ``CONFLICTMAP_CHROMIUM`` names. No browser is ever downloaded. Unless the map
uses network tiles, every request other than ``file:``/``data:`` is blocked
while rendering, so the image shows exactly what an offline reader sees.

Examples
--------
>>> find_chromium(env={"CONFLICTMAP_CHROMIUM": "/nonexistent/chrome"})
Traceback (most recent call last):
...
conflictmap.errors.RenderError: CONFLICTMAP_CHROMIUM=/nonexistent/chrome: no such executable
"""

from __future__ import annotations

import asyncio
import enum
import os
import shutil
import tempfile
from collections.abc import Mapping
from concurrent.futures import ThreadPoolExecutor
from importlib import resources
from pathlib import Path
from typing import Any

from conflictmap.errors import RenderError
from conflictmap.files import atomic_write

__all__ = [
    "CHROMIUM_FLAGS",
    "find_chromium",
    "make_static",
    "pdf_bytes",
    "png_bytes",
    "render_png",
    "svg_text",
]


class Rendering(enum.Enum):
    """What the renderer makes of the page."""

    PNG = "png"
    PDF = "pdf"
    SVG = "svg"


#: Flags for a quiet, offline, sandbox-free headless Chromium.
CHROMIUM_FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
)
_CANDIDATES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")


def find_chromium(*, env: Mapping[str, str] | None = None) -> str:
    """The Chromium executable to use.

    Raises
    ------
    RenderError
        When ``CONFLICTMAP_CHROMIUM`` names no executable, or none is installed.
    """
    env = os.environ if env is None else env
    chosen = env.get("CONFLICTMAP_CHROMIUM")
    if chosen:
        path = shutil.which(chosen)
        if path is None:
            raise RenderError(f"CONFLICTMAP_CHROMIUM={chosen}: no such executable")
        return path
    for name in _CANDIDATES:
        path = shutil.which(name)
        if path:
            return path
    raise RenderError(
        "PNG rendering needs Chromium, and none was found: install it (e.g. the "
        "'chromium' system package) or set CONFLICTMAP_CHROMIUM to its path"
    )


def _sync_playwright() -> tuple[Any, type[Exception]]:
    """Playwright's ``sync_playwright`` and its error class."""
    try:
        from playwright.sync_api import Error, sync_playwright
    except ImportError:
        raise RenderError(
            "PNG rendering needs Playwright for Python: pip install 'conflictmap[png]'"
        ) from None
    return sync_playwright, Error


def render_png(html: str, path: str | os.PathLike[str], **options: Any) -> Path:
    """Render the map page ``html`` to a PNG file at ``path`` (written atomically).

    Takes the options of :func:`png_bytes`.
    """
    return atomic_write(path, png_bytes(html, **options))


def png_bytes(
    html: str,
    *,
    width: int = 1280,
    height: int = 800,
    scale: float = 1.0,
    network: bool = False,
    timeout_s: float = 30.0,
) -> bytes:
    """Render the map page ``html`` and return the PNG image.

    Parameters
    ----------
    html : str
        A page from :func:`conflictmap.mapping.page_html`.
    width, height : int
        Viewport size in CSS pixels.
    scale : float
        Device pixel ratio (2 gives a sharper image for print).
    network : bool
        Allow network requests (for maps with OpenStreetMap tiles).

    Raises
    ------
    RenderError
        When Playwright or Chromium is missing, or the page does not render.
    """
    if not (100 <= width <= 10000 and 100 <= height <= 10000 and 0.5 <= scale <= 4):
        raise RenderError(
            "the image must be 100 to 10000 pixels wide and high, at a scale of 0.5 to 4"
        )
    return _checked(_render(html, width, height, scale, network, timeout_s, Rendering.PNG))


def pdf_bytes(
    html: str,
    *,
    width: int = 1280,
    height: int = 800,
    network: bool = False,
    timeout_s: float = 30.0,
) -> bytes:
    """Render the map page ``html`` as a one-page PDF of ``width`` × ``height`` CSS pixels.

    Lines, outlines and text stay vector; the page looks as on screen (screen media),
    without zoom buttons or layer control. Options and errors as :func:`png_bytes`.
    """
    _check_page(width, height)
    return _checked(_render(html, width, height, 1.0, network, timeout_s, Rendering.PDF))


def svg_text(
    html: str,
    *,
    width: int = 1280,
    height: int = 800,
    network: bool = False,
    timeout_s: float = 30.0,
) -> str:
    """The map page ``html`` as a stand-alone SVG of ``width`` × ``height`` CSS pixels.

    The map as laid out in Chromium (labels placed, no zoom buttons or layer control)
    written out as vector shapes and text: the basemap, outlines and lines, pins,
    labels, the title panel, the legend and the scale bar (see ``domsvg.js``). Options
    and errors as :func:`pdf_bytes`.
    """
    _check_page(width, height)
    svg = _render(html, width, height, 1.0, network, timeout_s, Rendering.SVG)
    if not isinstance(svg, str):
        raise RenderError("Chromium could not render the map: the page has no map")
    return svg


def _check_page(width: int, height: int) -> None:
    if not (100 <= width <= 10000 and 100 <= height <= 10000):
        raise RenderError("the page must be 100 to 10000 pixels wide and high")


def _checked(data: bytes | str) -> bytes:
    if not isinstance(data, bytes):
        raise RenderError("Chromium could not render the map: no image came back")
    return data


def _render(
    html: str,
    width: int,
    height: int,
    scale: float,
    network: bool,
    timeout_s: float,
    kind: Rendering,
) -> bytes | str:
    sync_playwright, error_class = _sync_playwright()
    executable = find_chromium()
    job = _Job(html, width, height, scale, network, timeout_s, executable, sync_playwright)
    job.error_class = error_class
    job.kind = kind
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return job.run()
    # Inside an event loop (Jupyter): Playwright's sync API needs a thread of its own.
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(job.run).result()


class _Job:
    def __init__(
        self,
        html: str,
        width: int,
        height: int,
        scale: float,
        network: bool,
        timeout_s: float,
        executable: str,
        sync_playwright: Any,
    ) -> None:
        self.html = html
        self.viewport = {"width": width, "height": height}
        self.scale = scale
        self.network = network
        self.timeout_ms = timeout_s * 1000
        self.executable = executable
        self.sync_playwright = sync_playwright
        self.error_class: type[Exception] = RuntimeError
        #: a PNG screenshot, a PDF page or an SVG document
        self.kind = Rendering.PNG

    def run(self) -> bytes | str:
        with tempfile.TemporaryDirectory(prefix="conflictmap-png-") as folder:
            page_path = Path(folder) / "map.html"
            page_path.write_text(self.html, encoding="utf-8")
            try:
                return self._shoot(page_path)
            except (self.error_class, OSError) as error:
                message = " ".join(str(error).split())[:300]
                raise RenderError(f"Chromium could not render the map: {message}") from None

    def _shoot(self, page_path: Path) -> bytes | str:
        with self.sync_playwright() as p:
            browser = p.chromium.launch(
                executable_path=self.executable, headless=True, args=list(CHROMIUM_FLAGS)
            )
            try:
                page = browser.new_page(viewport=self.viewport, device_scale_factor=self.scale)
                if not self.network:
                    page.route("**/*", _offline_route)
                page.goto(page_path.as_uri(), wait_until="load", timeout=self.timeout_ms)
                page.wait_for_selector("[data-cm-ready]", timeout=self.timeout_ms)
                if self.network:
                    page.wait_for_load_state("networkidle", timeout=self.timeout_ms)
                make_static(page)
                return self._capture(page)
            finally:
                browser.close()

    def _capture(self, page: Any) -> bytes | str:
        if self.kind is Rendering.PDF:
            page.emulate_media(media="screen")
            size = self.viewport
            document: bytes = page.pdf(
                width=f"{size['width']}px",
                height=f"{size['height']}px",
                print_background=True,
                page_ranges="1",
            )
            return document
        if self.kind is Rendering.SVG:
            svg = page.evaluate(_DOM_SVG_JS)
            return str(svg) if isinstance(svg, str) else b""
        png: bytes = page.screenshot(type="png", full_page=False)
        return png


#: Marks each map static (map.css then hides its zoom buttons and layer control) and lays
#: its labels out again in the room the controls leave.
_STATIC_JS = """() => {
    document.querySelectorAll('.cm-map').forEach(el => el.classList.add('cm-static'));
    for (const key of Object.keys(window)) {
        const map = window[key];
        if (key.startsWith('map_') && map && map.fire && map.getContainer) { map.fire('moveend'); }
    }
}"""


def make_static(page: Any) -> None:
    """Make the map in a Playwright ``page`` ready for an image: no zoom buttons or layer
    control, labels laid out again, and, since an image cannot scroll, the title panel's
    sections folded (last first) while a panel would be cut off (the legend's end)."""
    page.evaluate(_STATIC_JS)
    page.wait_for_timeout(300)  # let the fit animation and label layout settle
    folded = False
    for _ in range(_FOLDS):
        if not page.evaluate(_FOLD_JS):
            break
        folded = True
        page.wait_for_timeout(150)  # the panels share the column again
    if folded:
        page.evaluate(_STATIC_JS)  # labels laid out again around the resized panels
        page.wait_for_timeout(100)


#: Most sections of the title panel folded for an image (its lists: places elsewhere, events).
_FOLDS = 4
#: When a panel of a map scrolls (its end would be cut off in an image), folds the title
#: panel's last open section; true when it folded one.
_FOLD_JS = """() => {
    let folded = false;
    document.querySelectorAll('.cm-map').forEach(map => {
        const panels = map.querySelectorAll('.cm-title, .cm-legend');
        const cut = Array.from(panels).some(p => p.scrollHeight > p.clientHeight + 1);
        const open = map.querySelectorAll('.cm-title details[open]');
        if (cut && open.length) { open[open.length - 1].open = false; folded = true; }
    });
    return folded;
}"""

#: Writes the laid-out map as SVG (a file beside this module).
_DOM_SVG_JS = resources.files("conflictmap.output").joinpath("domsvg.js").read_text("utf-8")


def _offline_route(route: Any) -> None:
    url = route.request.url
    if url.startswith(("file:", "data:", "about:")):
        route.continue_()
    else:
        route.abort()
