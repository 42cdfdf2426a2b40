"""Open everything a map page can show, for the hostile browser checks.

Shared by ``tests/test_browser_hostile.py`` and ``bench/hostile_campaign.py`` so that the
test and the long campaign open the same popups, tooltips and panel sections.
"""

from __future__ import annotations

from typing import Any

#: Opens every popup and tooltip of every Leaflet layer of every map on the page and
#: returns how many it opened.
OPEN_LAYERS_JS = """() => {
    let count = 0;
    for (const key of Object.keys(window)) {
        const map = window[key];
        if (!key.startsWith('map_') || !map || !map.eachLayer) continue;
        map.eachLayer(layer => {
            if (layer.getPopup && layer.getPopup()) {
                const at = layer.getLatLng ? layer.getLatLng()
                         : layer.getBounds ? layer.getBounds().getCenter() : null;
                if (at) { layer.openPopup(at); count++; }
            }
            if (layer.getTooltip && layer.getTooltip()) { layer.openTooltip(); count++; }
        });
    }
    return count;
}"""


def open_everything(page: Any, *, settle_ms: int = 500) -> int:
    """Click and hover every pin, unfold every panel section, open every popup and tooltip.

    Pins are driven with dispatched events (they may sit outside the view, so no real
    pointer is needed); folded sections are toggled twice so that ``ontoggle`` payloads
    would fire. Returns the number of popups and tooltips opened.
    """
    pins = page.locator(".cm-pin")
    for index in range(pins.count()):
        pin = pins.nth(index)
        pin.dispatch_event("click")
        page.wait_for_timeout(20)
        pin.dispatch_event("mouseover")
    control = page.locator(".leaflet-control-layers")
    if control.count():
        control.first.hover(timeout=5000)
    for summary in page.locator(".cm-panel summary").all():
        summary.click()
        summary.click()
    opened = page.evaluate(OPEN_LAYERS_JS)
    page.wait_for_timeout(settle_ms)  # let any onerror/onload handler fire
    return int(opened)
