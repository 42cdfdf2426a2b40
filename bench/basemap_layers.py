"""Bytes per basemap layer of each map (issue 18): what the offline basemap costs.

Not a test. For each article (the examples, and the Mali article when ../shared is
there) it makes the map as ``conflictmap map`` does and measures what the page
embeds of each basemap layer (compact UTF-8 JSON, as the page's spec holds it):

* ``world``: every country's outline (the gazetteer's simplified Natural Earth shapes,
  1:110m; the countries that reach the view redrawn with 1:10m inside it,
  :mod:`conflictmap.mapping.coast`);
* ``of which 10m``: the bytes of those redrawn countries;
* ``labels``: the country-name rows;
* ``admin1``, ``river``, ``lake``: the orientation layers of the opening view
  (:mod:`conflictmap.mapping.orientation`: first-level boundaries at 1:10m, rivers and
  lakes at 1:50m, clipped to the view widened by half its size);
* ``towns``: the unnamed large towns written on the map;
* ``locator``: the inset's world path;

then the whole page, and whether it keeps within the budget.

Run from the repository root (the default home's gazetteer must be built)::

    python bench/basemap_layers.py [--budget-mb 1.5]
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from conflictmap.mapping import make_map, page_html  # noqa: E402
from conflictmap.mapping.layers import DrawingBuilder  # noqa: E402
from conflictmap.pipeline import geoparse  # noqa: E402
from conflictmap.store.registry import open_gazetteer  # noqa: E402

SHARED_MALI = ROOT.parent / "shared" / "data" / "articles" / "mali-2013-01-14.txt"
COLUMNS = ("world", "of which 10m", "labels", "admin1", "river", "lake", "towns", "locator")


def _bytes(value: Any) -> int:
    return len(json.dumps(value, separators=(",", ":"), ensure_ascii=False).encode())


def layer_sizes(basemap: dict[str, Any], locator: Any) -> dict[str, int]:
    """Bytes of each basemap layer of a map's spec."""
    world = basemap.get("world") or {"features": []}
    sizes = {"world": _bytes(world), "labels": _bytes(basemap.get("labels"))}
    sizes["of which 10m"] = sum(
        _bytes(f) + 1 for f in world["features"] if f["properties"].get("d")
    )  # with its comma
    kinds = {
        f["properties"]["k"]: f for f in (basemap.get("orientation") or {}).get("features", [])
    }
    for kind in ("admin1", "river", "lake"):
        sizes[kind] = _bytes(kinds[kind]) if kind in kinds else 0
    sizes["towns"] = _bytes(basemap.get("towns", []))
    sizes["locator"] = _bytes(locator)
    return sizes


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--budget-mb", type=float, default=1.5)
    args = parser.parse_args()
    gazetteer = open_gazetteer(progress=False)
    paths = sorted((ROOT / "examples").glob("*.txt"))
    if SHARED_MALI.exists():
        paths.append(SHARED_MALI)
    print("\t".join(("article", *COLUMNS, "page", "budget")))
    budget = args.budget_mb * 1_000_000
    for path in paths:
        result = geoparse(path.read_text(encoding="utf-8"), gazetteer=gazetteer)
        spec = DrawingBuilder([result], gazetteer=gazetteer).build().spec()
        sizes = layer_sizes(spec.get("basemap", {}), spec.get("locator"))
        page = len(page_html(make_map(result, gazetteer=gazetteer)).encode())
        verdict = "within" if page <= budget else "OVER"
        cells = [path.stem, *(sizes[c] for c in COLUMNS), page, f"{verdict} {args.budget_mb:g} MB"]
        print("\t".join(str(c) for c in cells))


if __name__ == "__main__":
    main()
