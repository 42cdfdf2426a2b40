"""What orientation layers would add to a map (issue 18): bytes per layer, per article view.

Not a test. For each article (the examples, and the Mali article when ../shared is
there) it makes the map as ``conflictmap map`` does today and measures, for the map's
opening view (the ``fit`` box of its page) and the countries of the places in it, the
compact JSON a map would embed of:

* ``admin1``: the first-level outlines (the units that meet the view) and the parts of
  the boundary lines that do, a subset of ``gazetteer/derived/admin1.topo.json``
  (1:10m, arcs shared, so outlines and boundaries coincide), for the article's
  countries and for every country in the view;
* ``water``: the rivers and lakes of ``gazetteer/derived/water-50m.topo.json`` whose
  bounds meet the view (a topology subset);
* ``towns``: the ``--towns`` most populous towns of ``gazetteer/derived/towns.tsv``
  in the view that the article does not name, spaced a tenth of the view apart, as
  ``[lat, lon, label]`` rows.

Run from the repository root (the default home's gazetteer must be built)::

    python bench/basemap_layers.py [--towns 8] [--budget-mb 1.5]

It prints one row per article: the page as made today, each layer (``admin1_article``:
the article's countries only; ``admin1_view``: every country in the view), and the
total (page, ``admin1_view``, water, towns) against the budget. Sizes are bytes of
UTF-8 JSON with no spaces, as a page embeds it.
"""

from __future__ import annotations

import argparse
import csv
import json
import re
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(1, str(ROOT / "gazetteer"))

from topo_build import subset  # noqa: E402

from conflictmap.geo.topojson import decode_arcs  # noqa: E402
from conflictmap.mapping import make_map, page_html  # noqa: E402
from conflictmap.model import Result  # noqa: E402
from conflictmap.pipeline import geoparse  # noqa: E402
from conflictmap.store.registry import open_gazetteer  # noqa: E402

DERIVED = ROOT / "gazetteer" / "derived"
SHARED_MALI = ROOT.parent / "shared" / "data" / "articles" / "mali-2013-01-14.txt"

Box = tuple[float, float, float, float]  # south, west, north, east


def _bytes(value: Any) -> int:
    return len(json.dumps(value, separators=(",", ":"), ensure_ascii=False).encode())


_FIT = re.compile(r'"fit": \[\[([-\d.]+), ([-\d.]+)\], \[([-\d.]+), ([-\d.]+)\]\]')


def view_of(page: str, result: Result) -> tuple[Box, set[str]]:
    """The map's opening view (its ``fit`` box), and the countries of the places in it."""
    match = _FIT.search(page)
    if match is None:
        raise SystemExit("no opening view in the page")
    south, west, north, east = (float(v) for v in match.groups())
    box = (south, west, north, east)
    inside = {
        p.country
        for p in result.places
        if p.country and p.kind.is_point and south <= p.lat <= north and west <= p.lon <= east
    }
    return box, inside


def countries_in(topo: dict[str, Any], bounds: list[Box], box: Box) -> set[str]:
    """Every country with a first-level unit whose arcs meet ``box``."""
    return {
        str(g["id"]).split(".")[0]
        for g in topo["objects"]["admin1"]["geometries"]
        if "id" in g and any(_meets(bounds[i], box) for i in _arc_ids(g["arcs"]))
    }


def admin1_layer(
    topo: dict[str, Any], bounds: list[Box], countries: set[str], box: Box
) -> dict[str, Any]:
    """The first-level outlines of ``countries`` that meet ``box``, and the parts of
    their boundary lines that do (Russia's lines end at the view, not at the Pacific)."""
    ids = [
        g["id"]
        for g in topo["objects"]["admin1"]["geometries"]
        if str(g.get("id", "")).split(".")[0] in countries
        and any(_meets(bounds[i], box) for i in _arc_ids(g["arcs"]))
    ]
    out = subset(topo, {"admin1": ids, "admin1_lines": []})
    lines = []
    for g in topo["objects"]["admin1_lines"]["geometries"]:
        if g.get("id") not in countries:
            continue
        parts = [part for part in g["arcs"] if any(_meets(bounds[i], box) for i in _arc_ids(part))]
        if parts:
            lines.append({**g, "arcs": parts})
    extra = subset(
        {**topo, "objects": {"admin1_lines": {"geometries": lines}}},
        {"admin1_lines": [g["id"] for g in lines]},
    )
    out["objects"]["admin1_lines"] = extra["objects"]["admin1_lines"]
    out["arcs_lines"] = extra["arcs"]  # a second arc list: counted, not merged (an upper bound)
    return out


def _arc_bounds(topo: dict[str, Any]) -> list[Box]:
    bounds = []
    for arc in decode_arcs(topo):
        xs = [x for x, _ in arc]
        ys = [y for _, y in arc]
        bounds.append((min(ys), min(xs), max(ys), max(xs)))
    return bounds


def _meets(a: Box, b: Box) -> bool:
    return a[0] <= b[2] and b[0] <= a[2] and a[1] <= b[3] and b[1] <= a[3]


def _arc_ids(arcs: Any) -> list[int]:
    if isinstance(arcs, int):
        return [arcs if arcs >= 0 else ~arcs]
    return [i for part in arcs for i in _arc_ids(part)]


def water_layer(topo: dict[str, Any], bounds: list[Box], box: Box) -> dict[str, Any]:
    """The rivers and lakes with an arc whose bounds meet ``box``."""
    keep: dict[str, list[str]] = {}
    for name in ("rivers", "lakes"):
        keep[name] = [
            g["id"]
            for g in topo["objects"][name]["geometries"]
            if any(_meets(bounds[i], box) for i in _arc_ids(g["arcs"]))
        ]
    return subset(topo, keep)


def towns_layer(rows: list[dict[str, str]], result: Result, box: Box, n: int) -> list[list[Any]]:
    """The ``n`` most populous towns in ``box`` the article does not name, each at least a
    tenth of the view's width from a bigger one and from the article's places (no suburbs
    of a capital, no town on top of a pin)."""
    named = {p.geonames_id for p in result.places if p.geonames_id is not None}
    spacing = max(box[2] - box[0], box[3] - box[1]) / 10
    taken = [(p.lat, p.lon) for p in result.places if p.kind.is_point]
    inside = [
        r
        for r in rows
        if box[0] <= float(r["lat"]) <= box[2]
        and box[1] <= float(r["lon"]) <= box[3]
        and int(r["geonameid"]) not in named
    ]
    inside.sort(key=lambda r: -int(r["population"]))
    chosen: list[list[Any]] = []
    for r in inside:
        lat, lon = float(r["lat"]), float(r["lon"])
        if any(abs(lat - a) < spacing and abs(lon - b) < spacing for a, b in taken):
            continue
        taken.append((lat, lon))
        chosen.append([round(lat, 3), round(lon, 3), r["label"]])
        if len(chosen) == n:
            break
    return chosen


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--towns", type=int, default=8)
    parser.add_argument("--budget-mb", type=float, default=1.5)
    args = parser.parse_args()
    gazetteer = open_gazetteer(progress=False)
    admin1 = json.loads((DERIVED / "admin1.topo.json").read_text(encoding="utf-8"))
    water = json.loads((DERIVED / "water-50m.topo.json").read_text(encoding="utf-8"))
    with (DERIVED / "towns.tsv").open(encoding="utf-8", newline="") as handle:
        towns = list(csv.DictReader(handle, delimiter="\t"))
    bounds = _arc_bounds(water)
    admin1_bounds = _arc_bounds(admin1)
    paths = sorted((ROOT / "examples").glob("*.txt"))
    if SHARED_MALI.exists():
        paths.append(SHARED_MALI)
    print("article\tpage_today\tadmin1_article\tadmin1_view\twater\ttowns\ttotal\tbudget")
    budget = args.budget_mb * 1_000_000
    for path in paths:
        result = geoparse(path.read_text(encoding="utf-8"), gazetteer=gazetteer)
        html = page_html(make_map(result, gazetteer=gazetteer))
        page = len(html.encode())
        box, countries = view_of(html, result)
        in_view = countries_in(admin1, admin1_bounds, box)
        layers = [
            _bytes(admin1_layer(admin1, admin1_bounds, countries, box)),
            _bytes(admin1_layer(admin1, admin1_bounds, in_view, box)),
            _bytes(water_layer(water, bounds, box)),
            _bytes(towns_layer(towns, result, box, args.towns)),
        ]
        total = page + sum(layers[1:])
        verdict = "within" if total <= budget else "OVER"
        cells = [path.stem, page, *layers, total, f"{verdict} {args.budget_mb:g} MB"]
        print("\t".join(str(c) for c in cells))


if __name__ == "__main__":
    main()
