"""The hostile payloads through the review app (issues 17 and 20): nothing runs.

Every payload of tests/hostile_payloads.py goes through the app's page as article
text (pasted into the page) and as the name of an added place (pinned, in
tooltips, in the candidates panel), and a sample as aliases typed through the
page's API (each one a write and a re-parse). Every request other than the app's
own address is aborted and counted; the page must run nothing, open no dialog,
fetch nothing and log no error.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from conflictmap.paths import CORRECTIONS_DB
from conflictmap.store.corrections import CorrectionStore
from conflictmap.store.gazetteer import Gazetteer

from .hostile_payloads import PAYLOADS
from .serve_harness import running_app
from .test_browser_serve import AppPage, chromium, home

pytestmark = [pytest.mark.browser, pytest.mark.slow]

__all__ = ["chromium", "home"]  # fixtures shared with test_browser_serve

#: payloads given as aliases through the page's API
ALIAS_PAYLOADS = PAYLOADS[::8]


def hostile_home(home: Path) -> list[str]:
    """Added places named by each payload, each with a plain alias an article can name
    (one import: one transaction)."""
    places, aliases, names = [], [], []
    for index, payload in enumerate(PAYLOADS):
        alias = "Ndjol" + "".join("abcdefghijklmnopqrstuvwxyz"[int(d)] for d in f"{index:03d}")
        places.append({"id": f"user:{index + 1}", "name": payload, "lat": 14.0 + index / 100,
                       "lon": -4.0, "country": "ML", "kind": "village"})  # fmt: skip
        aliases.append({"name": alias, "place": f"user:{index + 1}"})
        names.append(alias.capitalize())
    bundle = {"format": "conflictmap-corrections", "version": 1, "places": places,
              "aliases": aliases}  # fmt: skip
    store = CorrectionStore(home / CORRECTIONS_DB, gazetteer=Gazetteer(home, progress=False))
    assert store.import_bytes(json.dumps(bundle).encode()).changed
    return names


def test_hostile_payloads_stay_inert_in_the_app(chromium: Any, home: Path, tmp_path: Path) -> None:
    aliases = hostile_home(home)
    lines = [f"Fighters entered {alias} on Monday {payload} and shelled Gao."
             for alias, payload in zip(aliases, PAYLOADS, strict=True)]  # fmt: skip
    text = "Rebels seize Gao in Mali.\n" + "\n".join(lines) + "\n"
    with running_app(home) as app:
        view = AppPage(chromium, app, tmp_path)
        try:
            view.page.wait_for_selector("#opener:not([hidden])")  # nothing open: the opener
            view.page.fill("#paste", text)
            view.page.click("#open-paste")
            view.wait_for_text()
            assert len(view.pins()) >= 100  # the hostile-named places are pinned
            shown = view.page.locator("#text").text_content() or ""
            assert PAYLOADS[0] in shown and PAYLOADS[7] in shown  # shown as text
            mentions = view.page.locator("#text .mention")
            for index in range(0, mentions.count(), 7):
                mentions.nth(index).click()
                view.page.wait_for_selector("#panel:not([hidden]) #candidates li")
            opened = view.page.evaluate(
                "() => { let n = 0; for (const m of window.conflictmapReview.markers.values())"
                " { m.openTooltip(); n++; } return n; }"
            )
            assert opened >= 100
            view.page.wait_for_timeout(300)
            view.assert_clean()
            # every payload as an alias, added through the page's API on a short article
            added = view.page.evaluate(
                """async (payloads) => {
                    const csrf = document.querySelector('meta[name="csrf-token"]').content;
                    const post = (url, body) => fetch(url, {method: 'POST', headers: {
                        'Content-Type': 'application/json', 'X-CSRF-Token': csrf},
                        body: JSON.stringify(body)});
                    await post('/api/open', {text: 'Rebels seize Gao.', name: 'short'});
                    let ok = 0;
                    for (const name of payloads) {
                        const answer = await post('/api/add', {mention: 0, lat: 1, lon: 1,
                                                               name: name, scope: 'article'});
                        if (answer.ok) ok++;
                        // and as a scoped alias of Gao (the app's /api/alias)
                        const alias = await post('/api/alias', {mention: 0, name: name,
                            place: 'geonames:2457163', scope: 'article'});
                        if (alias.ok) ok++;
                    }
                    return ok;
                }""",
                ALIAS_PAYLOADS,
            )
            assert added == 2 * len(ALIAS_PAYLOADS)
            view.page.reload(wait_until="load")
            view.wait_for_text()
            view.page.click("#history-toggle")
            view.page.wait_for_selector("#history-rows li")
            view.page.wait_for_function(
                "n => document.getElementById('history-rows').children.length > n",
                arg=len(ALIAS_PAYLOADS),
            )
            view.page.click("#history-toggle")
            view.open_mention("Gao")
            view.page.wait_for_timeout(300)
            view.assert_clean()
        finally:
            view.close()
