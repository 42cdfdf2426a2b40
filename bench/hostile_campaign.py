#!/usr/bin/env python3
"""The hostile payload campaign: every payload through every context, in a real browser.

Usage::

    python bench/hostile_campaign.py              # all payloads, every context
    python bench/hostile_campaign.py --chunk 40   # payloads per page (fewer, bigger pages)

The payloads are ``tests/hostile_payloads.py`` (hand-written ones and every
breaker followed by every sink). Contexts:

- ``article-text``: the payloads in an article's sentences, mapped through the CLI
  (``conflictmap map``), with labels and with hover tooltips: popups (the sentences
  with the mention marked), tooltips, labels, the title panel (the headline);
- ``article-ids``: the payloads as article ids of a ``--jsonl`` feed (layer names, the
  panel, the page title), mapped through the CLI;
- ``place-names``: the payloads as what a correction or an imported dump can put in a
  gazetteer: place names, region names, sources and ids, statement directions,
  hedges and notes, on maps made through the library;
- ``page-title``: the payloads as the page title;
- ``csv``, ``geojson``, ``json`` and ``table``: the exports and the terminal table,
  checked for formula cells, invalid JSON and control characters.

Each page is opened in headless Chromium (``/usr/bin/chromium`` or ``chromium`` on
the PATH) with every request that is not ``file:`` or ``data:`` blocked and counted;
every pin is clicked and hovered, every popup and tooltip opened, every panel
section toggled. A payload *ran* if ``window.__pwned`` is set or a dialog opened.
Printed: payloads, deliveries per context, and the totals of payloads run,
requests made, page errors and unsafe export cells (all should be 0). Figures go
to ``bench/results/hostile_campaign.json``.
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from conflictmap.cli.output import RowFormat, emit_rows  # noqa: E402
from conflictmap.mapping import make_map, page_html  # noqa: E402
from conflictmap.model import Measured, Mention, Place, Result, Stated, Statement  # noqa: E402
from conflictmap.output.csv import to_csv  # noqa: E402
from conflictmap.output.geojson import to_geojson  # noqa: E402
from conflictmap.output.render import CHROMIUM_FLAGS  # noqa: E402
from conflictmap.store.registry import open_gazetteer  # noqa: E402
from tests.hostile_payloads import PAYLOADS  # noqa: E402
from tests.page_probe import open_everything  # noqa: E402

PLACES = ["Gao", "Bamako", "Kidal", "Mopti", "Timbuktu", "Niono", "Ségou"]
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\uff1d", "\uff0b", "\uff0d", "\uff20")


@dataclass
class Tally:
    """What one context delivered and what got through."""

    deliveries: int = 0
    pages: int = 0
    ran: list[str] = field(default_factory=list)
    fetched: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    unsafe: list[str] = field(default_factory=list)


def chunks(items: list[str], size: int) -> Iterator[list[str]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


# -- the browser ------------------------------------------------------------------------


def visit(browser: Any, path: Path, tally: Tally) -> None:
    """Open ``path``, open everything on it, and add what ran or was fetched to ``tally``."""
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    page = context.new_page()

    def route(request_route: Any) -> None:
        url = request_route.request.url
        if url.startswith(("file:", "data:")):
            request_route.continue_()
        else:
            tally.fetched.append(url)
            request_route.abort()

    def dialog(box: Any) -> None:
        tally.ran.append(f"dialog: {box.message}")
        box.dismiss()

    page.route("**/*", route)
    page.on("dialog", dialog)
    page.on("pageerror", lambda error: tally.errors.append(f"{path.name}: {error}"))
    try:
        page.goto(path.as_uri(), wait_until="load")
        page.wait_for_selector("[data-cm-ready]", state="attached", timeout=20000)
        open_everything(page, settle_ms=300)
        pwned = page.evaluate("window.__pwned")
        if pwned is not None:
            tally.ran.append(f"{path.name}: window.__pwned={pwned}")
    finally:
        tally.pages += 1
        context.close()


# -- the contexts -----------------------------------------------------------------------


def cli(args: list[str], cwd: Path) -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "conflictmap", *args], cwd=cwd, capture_output=True, text=True,
        env={**os.environ, "PYTHONPATH": str(ROOT)}, timeout=600,
    )  # fmt: skip
    if proc.returncode != 0:
        raise SystemExit(f"conflictmap {' '.join(args[:2])} failed: {proc.stderr.strip()}")


def article_text(browser: Any, work: Path, size: int, gazetteer: Any) -> Tally:
    from conflictmap.pipeline import geoparse
    from conflictmap.text import read_article

    tally = Tally()
    for number, group in enumerate(chunks(PAYLOADS, size)):
        lines = [f"Rebels {group[0]} seize Gao", ""]
        for index, payload in enumerate(group):
            place = PLACES[index % len(PLACES)]
            lines.append(f"Fighters entered {place} on Monday {payload} and shelled the market.")
        source = work / f"text{number}.txt"
        source.write_text("\n".join(lines) + "\n", encoding="utf-8")
        out = work / f"text{number}.html"
        cli(["map", str(source), "-o", str(out)], work)
        visit(browser, out, tally)
        # the same article with hover tooltips instead of labels (a library option)
        result = geoparse(read_article(source).text, id=group[0], gazetteer=gazetteer)
        out = work / f"text{number}-tooltips.html"
        out.write_text(page_html(make_map(result, gazetteer=gazetteer, labels=False)), "utf-8")
        visit(browser, out, tally)
        tally.deliveries += len(group)
    return tally


def article_ids(browser: Any, work: Path, size: int) -> Tally:
    tally = Tally()
    for number, group in enumerate(chunks(PAYLOADS, size)):
        feed = work / f"ids{number}.jsonl"
        with feed.open("w", encoding="utf-8") as handle:
            for index, payload in enumerate(group):
                place = PLACES[index % len(PLACES)]
                text = f"Gunmen attacked {place} on Monday; the army retook Gao."
                handle.write(json.dumps({"id": payload, "text": text}) + "\n")
        out = work / f"ids{number}.html"
        cli(["map", "--jsonl", str(feed), "-o", str(out)], work)
        visit(browser, out, tally)
        tally.deliveries += len(group)
    return tally


def hostile_places(group: list[str]) -> Result:
    """One result whose places, regions, sources, ids and statements carry ``group``."""
    gao = Place(id="geonames:2457163", name="Gao", lat=16.27167, lon=-0.04472, country="ML",
                feature="PPL", kind="city")  # fmt: skip
    places, mentions, statements = [gao], [], []
    text = ""
    for index, payload in enumerate(group):
        start = len(text)
        sentence = f"Gunmen raided Tin{index} about 40 km north of Gao. "
        text += sentence
        place = Place(
            id=f"user:{index}{payload}", name=f"Tin{index} {payload}", lat=16.0 + index / 50,
            lon=-0.5 + index / 40, country="ML", kind="village", admin1_name=payload,
            layer="corrections", source=payload,
        )  # fmt: skip
        places.append(place)
        mentions.append(Mention(start=start + 14, end=start + 17 + len(str(index)),
                                text=f"Tin{index}", place=place.id, confidence=0.4,
                                alternatives=(payload,), reason="correction"))  # fmt: skip
        gao_at = start + sentence.index("Gao")
        mentions.append(Mention(start=gao_at, end=gao_at + 3, text="Gao", place=gao.id,
                                confidence=0.9))  # fmt: skip
        statements.append(Statement(
            start=start + sentence.index("about"), end=gao_at + 3,
            text=sentence[sentence.index("about"):sentence.index("Gao") + 3], kind="offset",
            anchor=gao.id, subject=place.id,
            stated=Stated(distance_km=40, direction=payload, hedge=payload),
            measured=Measured(distance_km=38.0, bearing_deg=330.0, direction=payload),
            verdict="contradicts", note=payload,
        ))  # fmt: skip
    return Result(id=group[0], text=text, places=tuple(places), mentions=tuple(mentions),
                  statements=tuple(statements))  # fmt: skip


def place_names(browser: Any, work: Path, size: int, gazetteer: Any) -> Tally:
    tally = Tally()
    for number, group in enumerate(chunks(PAYLOADS, size)):
        for labels in (True, False):
            out = work / f"names{number}{labels}.html"
            fmap = make_map(hostile_places(group), gazetteer=gazetteer, labels=labels)
            out.write_text(page_html(fmap), encoding="utf-8")
            visit(browser, out, tally)
        tally.deliveries += len(group)
    return tally


def page_title(browser: Any, work: Path, gazetteer: Any, every: int) -> Tally:
    tally = Tally()
    gao = hostile_places(["Gao"])
    for number, payload in enumerate(PAYLOADS[::every]):
        out = work / f"title{number}.html"
        out.write_text(page_html(make_map(gao, gazetteer=gazetteer), title=payload), "utf-8")
        visit(browser, out, tally)
        tally.deliveries += 1
    return tally


def exports(gazetteer: Any) -> dict[str, Tally]:
    results = [hostile_places(group) for group in chunks(PAYLOADS, 25)]
    out = {name: Tally() for name in ("csv", "geojson", "json", "table")}
    for cell in (c for row in csv.reader(io.StringIO(to_csv(results))) for c in row):
        try:
            float(cell)
        except ValueError:
            if cell.lstrip(" \u00a0\u200b\ufeff")[:1] in FORMULA_STARTS:
                out["csv"].unsafe.append(cell)
    out["csv"].deliveries = len(PAYLOADS)

    def refuse(token: str) -> None:
        raise ValueError(token)

    for name, text in (
        ("geojson", json.dumps(to_geojson(results, gazetteer=gazetteer), ensure_ascii=False)),
        ("json", json.dumps([r.to_dict() for r in results], ensure_ascii=False)),
    ):
        try:
            json.loads(text, parse_constant=refuse)
        except ValueError as error:
            out[name].unsafe.append(str(error))
        out[name].deliveries = len(PAYLOADS)
    buffer = io.StringIO()
    saved, sys.stdout = sys.stdout, buffer
    try:
        emit_rows([{"id": i, "name": p + "\x1b]0;x\x07\u202e"} for i, p in enumerate(PAYLOADS)],
                  RowFormat.TABLE)  # fmt: skip
    finally:
        sys.stdout = saved
    out["table"].unsafe += [c for c in "\x1b\x07\u202e" if c in buffer.getvalue()]
    out["table"].deliveries = len(PAYLOADS)
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--chunk", type=int, default=25, help="payloads per page")
    parser.add_argument("--title-every", type=int, default=4, help="every Nth payload as a title")
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    executable = (
        "/usr/bin/chromium" if Path("/usr/bin/chromium").exists() else shutil.which("chromium")
    )
    if not executable:
        raise SystemExit("no Chromium: install Debian's chromium package")
    gazetteer = open_gazetteer(progress=False)
    work = Path(tempfile.mkdtemp(prefix="cm-hostile-"))
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=executable, headless=True, args=list(CHROMIUM_FLAGS)
        )
        try:
            tallies = {
                "article-text": article_text(browser, work, args.chunk, gazetteer),
                "article-ids": article_ids(browser, work, args.chunk),
                "place-names": place_names(browser, work, args.chunk, gazetteer),
                "page-title": page_title(browser, work, gazetteer, args.title_every),
            }
        finally:
            browser.close()
    tallies.update(exports(gazetteer))
    print(f"payloads: {len(PAYLOADS)}")
    print(
        f"{'context':14} {'deliveries':>10} {'pages':>6} {'ran':>4} {'fetched':>8} {'errors':>7} {'unsafe':>7}"
    )
    for name, tally in tallies.items():
        print(f"{name:14} {tally.deliveries:>10} {tally.pages:>6} {len(tally.ran):>4} "
              f"{len(tally.fetched):>8} {len(tally.errors):>7} {len(tally.unsafe):>7}")  # fmt: skip
    totals = {key: sum(len(getattr(t, key)) for t in tallies.values())
              for key in ("ran", "fetched", "errors", "unsafe")}  # fmt: skip
    print(f"total: {sum(t.deliveries for t in tallies.values())} deliveries; payloads run "
          f"{totals['ran']}, requests {totals['fetched']}, page errors {totals['errors']}, "
          f"unsafe export cells {totals['unsafe']}")  # fmt: skip
    for name, tally in tallies.items():
        for what in tally.ran + tally.fetched + tally.errors + tally.unsafe:
            print(f"  {name}: {what[:160]!r}")
    results = ROOT / "bench" / "results"
    results.mkdir(parents=True, exist_ok=True)
    (results / "hostile_campaign.json").write_text(
        json.dumps({"payloads": len(PAYLOADS), "contexts": {k: asdict(t) for k, t in tallies.items()},
                    "totals": totals}, indent=2) + "\n", encoding="utf-8",
    )  # fmt: skip
    shutil.rmtree(work, ignore_errors=True)
    if any(totals.values()):
        raise SystemExit(1)


if __name__ == "__main__":
    main()
