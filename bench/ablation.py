#!/usr/bin/env python3
"""What each resolver weight does: zero it, re-run end to end, compare.

Usage::

    python bench/ablation.py                   # the evidence weights, all articles
    python bench/ablation.py --priors          # the kind priors too
    python bench/ablation.py --split dev       # only the dev halves
    python bench/ablation.py --set near=3.0    # any field of ResolveTuning, any value

For each weight of :data:`conflictmap.tuning.resolve.WEIGHT_FIELDS` (and, with
``--priors``, each ``prior_*`` field), the pipeline runs with that one number set
to 0 and everything else at its tuned value. Printed per run: e2e@161 on
GeoWebNews and LGL (share of gold toponyms found and placed within 161 km, as
``bench/accuracy.py`` measures it), the change in the number of gold toponyms so
placed and in the number of false places (predictions overlapping no annotated
toponym), against the tuned run; and on the
Mali article (``../shared/data/articles``) the required mentions found and placed
within 25 km (as ``tests/test_mali_article.py``) and the non-places spotted.
Spotting does not depend on the resolver, so it runs once per article.
"""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import replace
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from accuracy import SHARED, evaluate, load_gwn, load_lgl  # noqa: E402

from conflictmap.geo.geodesy import distance_km  # noqa: E402
from conflictmap.pipeline import geoparse, open_gazetteer  # noqa: E402
from conflictmap.recognize.spotter import Spots, Spotter  # noqa: E402
from conflictmap.resolve import GazetteerResolver  # noqa: E402
from conflictmap.tuning.resolve import WEIGHT_FIELDS, ResolveTuning  # noqa: E402

ARTICLES = ROOT.parent / "shared" / "data" / "articles"
MALI = ARTICLES / "mali-2013-01-14.txt"
MALI_GOLD = ARTICLES / "mali-2013-01-14.gold.json"


class SpotOnce:
    """A recognizer that spots each text once and remembers it (runs differ only in resolving)."""

    def __init__(self, spotter: Spotter) -> None:
        self.spotter = spotter
        self.memo: dict[str, Spots] = {}

    def spot(self, text: str) -> Spots:
        if text not in self.memo:
            self.memo[text] = self.spotter.spot(text)
        return self.memo[text]


def mali(gaz, recognizer: SpotOnce, resolver: GazetteerResolver) -> tuple[int, int, int]:  # type: ignore[no-untyped-def]
    """(required mentions placed within 25 km, required mentions, non-places spotted)."""
    gold = json.loads(MALI_GOLD.read_text(encoding="utf-8"))
    result = geoparse(
        MALI.read_text(encoding="utf-8"), gazetteer=gaz, recognizer=recognizer, resolver=resolver
    )
    places = result.place_by_id

    def hits(start: int, end: int) -> list:  # type: ignore[type-arg]
        return [m for m in result.mentions if m.start < end and start < m.end]

    required = [g for g in gold["mentions"] if g["required"]]
    placed = 0
    for g in required:
        found = hits(g["start"], g["end"])
        if not found:
            continue
        got = places.get(found[0].place or "")
        want = gold["places"].get(g["place"])
        if found[0].place in {g["place"], *g.get("also_ok", [])} or (
            got and want and distance_km(want["lat"], want["lon"], got.lat, got.lon) < 25
        ):
            placed += 1
    false = sum(1 for n in gold["not_places"] if hits(n["start"], n["end"]))
    return placed, len(required), false


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--split", choices=["dev", "test", "all"], default="all")
    parser.add_argument("--priors", action="store_true", help="zero each kind prior too")
    parser.add_argument("--set", action="append", default=[], metavar="FIELD=VALUE")
    parser.add_argument("--home", default=None, help="conflictmap home")
    args = parser.parse_args()
    if not SHARED.exists() or not MALI.exists():
        sys.exit(f"bench/ablation.py: {SHARED} or {MALI} is absent; they live in ../shared")
    gaz = open_gazetteer(args.home)
    corpora = [("GWN", load_gwn(SHARED / "GeoWebNews" / "GWN.xml")),
               ("LGL", load_lgl(SHARED / "LGL" / "lgl.xml"))]  # fmt: skip
    if args.split != "all":
        parity = 0 if args.split == "dev" else 1
        corpora = [(n, [d for i, d in enumerate(docs) if i % 2 == parity]) for n, docs in corpora]
    tuned = ResolveTuning()
    runs: list[tuple[str, ResolveTuning]] = [("tuned", tuned)]
    fields = list(WEIGHT_FIELDS)
    if args.priors:
        fields += [f for f in tuned.__dataclass_fields__ if f.startswith("prior_")]
    runs += [
        (f"{name}=0 (was {getattr(tuned, name)})", replace(tuned, **{name: 0.0})) for name in fields
    ]
    for item in args.set:
        name, _, value = item.partition("=")
        runs.append((item, replace(tuned, **{name: type(getattr(tuned, name))(value)})))
    recognizer = SpotOnce(Spotter(gaz))
    base: dict[str, tuple[int, int]] = {}
    header = f"{'run':34s}" + "".join(
        f"{n + ' e2e':>10s}{'Δok':>7s}{'Δfp':>7s}" for n, _ in corpora
    )
    print(
        "e2e@161; Δok: gold toponyms placed within 161 km, Δfp: false places, minus the tuned run's"
    )
    print(f"{header}  Mali placed  Mali false  ({args.split} articles)")
    for label, config in runs:
        resolver = GazetteerResolver(gaz, config=config)
        line = f"{label:34s}"
        for name, docs in corpora:
            score = evaluate(docs, gaz, recognizer=recognizer, resolver=resolver)
            false = score.n_pred - score.pred_ok
            base.setdefault(name, (score.placed, false))
            line += f"{score.placed / score.n_gold:10.4f}{score.placed - base[name][0]:+7d}"
            line += f"{false - base[name][1]:+7d}"
        placed, required, false = mali(gaz, recognizer, resolver)
        print(f"{line}  {placed:>5d}/{required:<5d}  {false:>5d}", flush=True)


if __name__ == "__main__":
    main()
