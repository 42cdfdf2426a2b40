"""A hostile article: script smuggled into article text must never run on the map.

Each payload sets ``window.__pwned`` (or opens a dialog) if it ever executes. They
sit in sentences that name real places, so they reach popups (sentences with the
mention highlighted), the title panel (the headline), layer names (article ids),
tooltips and labels (place names from a hostile correction), statement labels
and popups. The test opens every popup and tooltip, in the browser, and checks
that nothing ran, nothing was fetched, and the map still renders.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from conflictmap.mapping import make_map, page_html
from conflictmap.model import Estimate, Measured, Mention, Place, Result, Stated, Statement
from conflictmap.pipeline import geoparse
from conflictmap.store.gazetteer import Gazetteer

from . import page_probe
from .hostile_payloads import PAYLOADS
from .test_browser_map import MapPage, system_chromium, write_map

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def chromium() -> Iterator[Any]:
    with system_chromium() as browser:
        yield browser


PLACES = ["Gao", "Bamako", "Kidal", "Mopti", "Timbuktu", "Niono", "Ségou"]


def hostile_article() -> str:
    lines = [f"Rebels {PAYLOADS[0]} seize Gao {PAYLOADS[7]}", ""]
    for index, payload in enumerate(PAYLOADS):
        place = PLACES[index % len(PLACES)]
        lines.append(f"Fighters entered {place} on Monday {payload} and shelled the market.")
    return "\n".join(lines) + "\n"


def hostile_result() -> Result:
    """Hostile names where only a gazetteer correction could put them: place names,
    regions, sources, ids; and hostile statements."""
    bad = PAYLOADS
    text = (
        f"Gunmen {bad[1]} raided Tin {bad[2]} Hama, about 40 km {bad[4]} north of Gao. "
        f"Gao {bad[5]} fell."
    )
    hama_start = text.index("Tin ")
    hama = Place(
        id=f'user:1"{bad[2]}',
        name=f"Tin {bad[2]} Hama {bad[5]}",
        lat=16.6,
        lon=-0.2,
        country="ML",
        kind="village",
        admin1_name=bad[3],
        layer="corrections",
        source=bad[8],
    )
    far = Place(id=f"user:2{bad[6]}", name=f"Far {bad[1]}", lat=40.0, lon=30.0, kind="town",
                country="TR")  # fmt: skip
    gao = Place(id="geonames:2457163", name="Gao", lat=16.27167, lon=-0.04472, country="ML",
                feature="PPL", kind="city")  # fmt: skip
    gao_start = text.index("north of Gao") + 9
    gao_again = text.index("Gao", gao_start + 3)
    statement_start = text.index("about 40 km")
    statement = Statement(
        start=statement_start,
        end=gao_start + 3,
        text=text[statement_start : gao_start + 3],
        kind="offset",
        anchor=gao.id,
        subject=hama.id,
        stated=Stated(distance_km=40, direction=bad[21], hedge=bad[22]),
        measured=Measured(distance_km=38.0, bearing_deg=330.0, direction=bad[23]),
        verdict="contradicts",  # an enum now: hostile text cannot get here (see below)
        note=bad[7],
    )
    estimate = Statement(
        start=0,
        end=10,
        text=bad[3],
        kind="offset",
        anchor=gao.id,
        stated=Stated(distance_km=50, direction="W", hedge=bad[6]),
        estimate=Estimate(lat=16.27, lon=-0.51, radius_km=25),
        note=bad[8],
    )
    return Result(
        id=bad[7],
        text=text + f" Far {bad[1]} too.",
        places=(hama, gao, far),
        mentions=(
            Mention(
                start=hama_start,
                end=hama_start + 10,
                text=text[hama_start : hama_start + 10],
                place=hama.id,
                confidence=0.4,
                alternatives=(bad[9],),
                reason="correction",
            ),
            Mention(start=gao_start, end=gao_start + 3, text="Gao", place=gao.id, confidence=0.9),
            Mention(start=gao_again, end=gao_again + 3, text="Gao", place=gao.id, confidence=0.9),
            Mention(
                start=len(text) + 1, end=len(text) + 4, text="Far", place=far.id, confidence=0.7
            ),
            Mention(start=3, end=9, text=bad[10], place=None, confidence=0.0),
        ),
        statements=(statement, estimate),
    )


def open_everything(view: MapPage) -> int:
    """Click every pin, hover it, then open every popup and tooltip of every layer."""
    return page_probe.open_everything(view.page)


def assert_nothing_ran(view: MapPage) -> None:
    assert view.page.evaluate("window.__pwned") is None, "a payload ran"
    assert view.dialogs == []
    assert view.external == []
    # payloads stay text: no element they describe exists on the page
    for selector in ("img", "iframe", "object", "embed", "video", "audio", "marquee", "form",
                     "base", "meta[http-equiv=refresh i]", "x", "math", "input[autofocus]",
                     "select", "textarea", "keygen", "isindex", "template", "noscript",
                     "animate", "a[href^='javascript' i]", "a[href^='data:' i]"):  # fmt: skip
        assert view.count(selector) == 0, selector
    assert view.count("script") <= 3  # folium's switches, our assets, the map itself


@pytest.mark.slow  # 172 payloads in one page, twice: CI's slow tier (-m slow)
@pytest.mark.parametrize("labels", [True, False], ids=["labels", "hover-tooltips"])
def test_hostile_article_runs_nothing(
    chromium: Any, base_gazetteer: Gazetteer, tmp_path: Path, labels: bool
) -> None:
    assert len(PAYLOADS) >= 150
    result = geoparse(hostile_article(), id=PAYLOADS[8], gazetteer=base_gazetteer)
    assert {p.name for p in result.places} >= {"Gao", "Bamako", "Kidal"}
    html = page_html(make_map(result, gazetteer=base_gazetteer, labels=labels), title=PAYLOADS[36])
    view = MapPage(chromium, write_map(tmp_path, html))
    try:
        assert view.count(".cm-pin") >= 5
        opened = open_everything(view)
        assert opened >= 10
        assert_nothing_ran(view)
        assert view.errors == []
        # the payloads are shown, as text: the reader sees what the article said
        page_text = view.page.locator(".leaflet-popup-content").all_inner_texts()
        panel = view.page.locator(".cm-title").inner_text()
        assert "<script>window.__pwned=1</script>" in panel
        assert page_text, "no popup opened"
        assert view.page.title() == PAYLOADS[36]
    finally:
        view.close()


def test_hostile_names_statements_and_article_ids_run_nothing(
    chromium: Any, base_gazetteer: Gazetteer, tmp_path: Path
) -> None:
    first = hostile_result()
    second = Result(id=PAYLOADS[1], text=first.text, places=first.places,
                    mentions=first.mentions, statements=first.statements)  # fmt: skip
    for results in ([first], [first, second]):
        html = page_html(make_map(results, gazetteer=base_gazetteer))
        view = MapPage(chromium, write_map(tmp_path, html))
        try:
            assert view.count(".cm-pin") >= 3
            assert open_everything(view) >= 6
            assert_nothing_ran(view)
            assert view.errors == []
            labels = " ".join(
                view.page.locator(".cm-pin-label, .cm-line-label").all_text_contents()
            )
            assert "Tin " + PAYLOADS[2] + " Hama" in labels  # shown as text
            # the title panel's button to the far place still works
            view.page.evaluate(
                "document.querySelectorAll('.cm-title details').forEach(d => d.open = true)"
            )
            view.page.locator(".cm-title button").first.click()
            view.page.wait_for_timeout(300)
            assert_nothing_ran(view)
        finally:
            view.close()


@pytest.mark.parametrize("payload", PAYLOADS[:5])
def test_kinds_and_verdicts_refuse_free_text(payload: str) -> None:
    """Statement kinds, verdicts and place kinds are enums: a payload never gets in."""
    with pytest.raises(ValueError):
        Statement(start=0, end=1, text="x", kind=payload)
    with pytest.raises(ValueError):
        Statement(start=0, end=1, text="x", kind="offset", verdict=payload)
    with pytest.raises(ValueError):
        Place(id="t:1", name="x", lat=0.0, lon=0.0, kind=payload)
