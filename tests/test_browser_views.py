"""Four maps at three report sizes in a real browser: labels and controls apart (issue 18).

The Mali article's map, the Sahel example and two of our own conflict examples
(Darfur, Kharkiv), each as a page at 1400×900 and 800×600 and as a 400 px wide
embed (a fragment in a narrow column, 400 px high), in headless Chromium with every
outside request blocked. The boxes the page lays out (``getBoundingClientRect``)
are measured: no visible place label overlaps another label, a statement label or
a country name, none runs off the map, and no control (title panel, legend, layer
control, zoom buttons, locator inset, events timeline, scale bar, attribution) covers
another.

Each view's screenshot goes to ``tmp_path``; with ``CONFLICTMAP_SCREENSHOTS=DIR``
it is also written to ``DIR/<map>-<size>.png`` (``docs/screenshots.sh`` sets it to
``docs/images/maps`` and shrinks the files).
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from itertools import combinations
from pathlib import Path
from typing import Any

import pytest

from conflictmap.mapping import fragment_html, make_map, page_html
from conflictmap.pipeline import geoparse
from conflictmap.store.gazetteer import Gazetteer

from .conftest import MALI, needs_shared
from .test_browser_map import MapPage, system_chromium, write_map

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples"
MAPS = [
    pytest.param(MALI, "mali", marks=needs_shared, id="mali"),
    pytest.param(EXAMPLES / "sahel-convoy.txt", "sahel", id="sahel"),
    pytest.param(EXAMPLES / "darfur-el-fasher.txt", "darfur", id="darfur"),
    pytest.param(EXAMPLES / "kharkiv-front.txt", "kharkiv", id="kharkiv"),
]
#: (kind, width, height): two pages and a narrow embed.
VIEWS = [("page", 1400, 900), ("page", 800, 600), ("embed", 400, 400)]

#: Controls over the map; the locator is left out of small maps, the timeline when the
#: events have fewer than two dates.
CONTROLS = {
    "title": ".cm-title",
    "legend": ".cm-legend",
    "zoom": ".leaflet-control-zoom",
    "layers": ".leaflet-control-layers",
    "scale": ".leaflet-control-scale",
    "attribution": ".leaflet-control-attribution",
    "locator": ".cm-locator",
    "timeline": ".cm-timeline",
}

#: Every visible box: [kind, text, left, top, right, bottom] (CSS pixels in the page).
_BOXES_JS = """(controls) => {
    const map = document.querySelector('.cm-map');
    const box = map.getBoundingClientRect();
    const seen = el => {
        const style = getComputedStyle(el);
        const r = el.getBoundingClientRect();
        return style.visibility !== 'hidden' && style.display !== 'none' && r.width > 0
            && r.left < box.right && r.right > box.left && r.top < box.bottom && r.bottom > box.top;
    };
    const out = [['map', '', box.left, box.top, box.right, box.bottom]];
    const kinds = {place: '.cm-pin-label', statement: '.cm-line-label',
                   country: '.cm-country-label span'};
    for (const [kind, selector] of Object.entries(kinds)) {
        map.querySelectorAll(selector).forEach(el => {
            if (!seen(el)) return;
            const r = el.getBoundingClientRect();
            const row = [kind, el.textContent.slice(0, 40), r.left, r.top, r.right, r.bottom];
            const pin = kind === 'place' && el.parentElement.querySelector('svg');
            if (pin) {  // the gap between a name and its pin's symbol
                const p = pin.getBoundingClientRect();
                row.push(Math.max(p.left - r.right, r.left - p.right, 0)
                         + Math.max(p.top - r.bottom, r.top - p.bottom, 0));
            }
            out.push(row);
        });
    }
    for (const [name, selector] of Object.entries(controls)) {
        const el = map.querySelector(selector);
        if (!el || !seen(el)) continue;
        const r = el.getBoundingClientRect();
        out.push(['control', name, r.left, r.top, r.right, r.bottom]);
    }
    return out;
}"""

Box = tuple[Any, ...]  # kind, text, left, top, right, bottom[, gap to its pin]


@pytest.fixture(scope="module")
def chromium() -> Iterator[Any]:
    with system_chromium() as browser:
        yield browser


def _html(fmap: Any, kind: str, width: int, height: int) -> str:
    if kind == "page":
        return page_html(fmap)
    fragment = fragment_html(fmap, height=f"{height}px")
    return (
        '<!DOCTYPE html><html><head><meta charset="utf-8"><title>embed</title></head>'
        f'<body style="margin:0"><div style="width:{width}px">{fragment}</div></body></html>'
    )


def _cover(a: Box, b: Box) -> bool:
    return bool(a[2] < b[4] and b[2] < a[4] and a[3] < b[5] and b[3] < a[5])


def clashes(boxes: list[Box]) -> list[str]:
    """Pairs of boxes that overlap: labels with labels or controls, controls with controls.

    Examples
    --------
    >>> clashes([("place", "Gao", 0, 0, 30, 12), ("place", "Kidal", 20, 5, 60, 17),
    ...          ("control", "zoom", 100, 0, 130, 60), ("country", "MALI", 0, 20, 40, 30)])
    ["place 'Gao' / place 'Kidal'"]
    """
    shown = [b for b in boxes if b[0] != "map"]
    return [f"{a[0]} {a[1]!r} / {b[0]} {b[1]!r}"
            for a, b in combinations(shown, 2) if _cover(a, b)]  # fmt: skip


def off_the_map(boxes: list[Box]) -> list[str]:
    """Place and statement labels that run past the map's edge (cut off).

    Examples
    --------
    >>> off_the_map([("map", "", 0, 0, 400, 400), ("place", "Maghreb", 10, -4, 60, 8),
    ...              ("place", "Gao", 10, 10, 40, 22)])
    ["place 'Maghreb'"]
    """
    edge = next(b for b in boxes if b[0] == "map")
    return [f"{b[0]} {b[1]!r}" for b in boxes if b[0] in ("place", "statement")
            and (b[2] < edge[2] or b[3] < edge[3] or b[4] > edge[4] or b[5] > edge[5])]  # fmt: skip


def _keep(shot: Path, name: str) -> None:
    folder = os.environ.get("CONFLICTMAP_SCREENSHOTS")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        shutil.copyfile(shot, Path(folder) / name)


@pytest.mark.parametrize(("article", "stem"), MAPS)
@pytest.mark.parametrize(("kind", "width", "height"), VIEWS, ids=lambda v: str(v))
def test_labels_and_controls_stay_apart(
    chromium: Any, base_gazetteer: Gazetteer, tmp_path: Path, article: Path, stem: str,
    kind: str, width: int, height: int,
) -> None:  # fmt: skip
    result = geoparse(article.read_text(encoding="utf-8"), id=stem, gazetteer=base_gazetteer)
    fmap = make_map(result, gazetteer=base_gazetteer)
    path = write_map(tmp_path, _html(fmap, kind, width, height))
    view = MapPage(chromium, path, width=width, height=height)
    try:
        view.page.wait_for_timeout(250)  # the opening fit and the label layout have settled
        assert view.errors == [] and view.external == []
        shot = tmp_path / f"{stem}-{width}x{height}.png"
        view.page.screenshot(path=str(shot))
        _keep(shot, f"{stem}-{kind}-{width}x{height}.png")
        boxes: list[Box] = [tuple(b) for b in view.page.evaluate(_BOXES_JS, CONTROLS)]
        names = {b[1] for b in boxes if b[0] == "control"}
        assert {"title", "zoom", "scale", "attribution"} <= names
        assert sum(1 for b in boxes if b[0] == "place") >= 2  # names are still shown
        assert clashes(boxes) == []
        assert off_the_map(boxes) == []
        assert [b[1] for b in boxes if b[0] == "place" and b[6] > 4] == []  # beside its pin
    finally:
        view.close()
