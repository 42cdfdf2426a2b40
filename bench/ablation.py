#!/usr/bin/env python3
"""What each resolver weight and each rule does: turn it off, re-run end to end, compare.

Usage::

    python bench/ablation.py                   # every weight and rule, all articles
    python bench/ablation.py --priors          # the kind priors too
    python bench/ablation.py --split dev       # only the dev halves
    python bench/ablation.py --only weights    # weights | rules | recognizer
    python bench/ablation.py --set near=3.0    # any field of ResolveTuning, any value

Runs, each against the tuned run:

* **weights**: each of :data:`conflictmap.tuning.resolve.WEIGHT_FIELDS` (and, with
  ``--priors``, each ``prior_*`` field) set to 0, everything else tuned;
* **resolver rules** (issue 15), each turned off through its own tuning field:
  the transliteration lookup (``variant_keys=0``), the context rule that keeps a
  settlement abroad from winning by its prior in a plainly focused article
  (``abroad_focus_share=inf``: no article is that focused), and the thin-evidence
  drop (``min_score=-inf``);
* **recognizer rules** (issue 15), each turned off through its switch in
  :class:`~conflictmap.tuning.recognize.RecognizeTuning` (``Spotter(config=...)``, as
  any user can): datelines (``GOMA, Congo (AP) —``), place names inside organisation,
  media and agreement names, long official names with the article put in or taken
  out ("Democratic Republic of Congo"), a bare region name found through its admin
  word ("Rakhine"), demonyms opening a force or body name ("Syrian Democratic
  Forces"), runs of words looked up as one spelling variant ("Ma'arat al-Numan"),
  and guesses at words no cue marks ("Hirbnafsah was shelled").

Printed per run: e2e@161 on GeoWebNews and LGL (share of gold toponyms found and
placed within 161 km, as ``bench/accuracy.py`` measures it), e2e on the conflict dev
set (tests/devset; the ../shared GeoNames dumps imported for the articles that need
them, as ``bench/devset.py`` does), and for each the change in the number of gold
mentions placed (Δok) and of false places (Δfp) against the tuned run; and on the
Mali article (``../shared/data/articles``) the required mentions found and placed
within 25 km (as ``tests/test_mali_article.py``) and the non-places spotted. Runs that
differ only in resolving spot each text once.
"""

from __future__ import annotations

import argparse
import json
import sys
from contextlib import ExitStack
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from accuracy import SHARED, evaluate, load_gwn, load_lgl  # noqa: E402
from devset import gazetteers  # noqa: E402

from conflictmap.geo.geodesy import distance_km  # noqa: E402
from conflictmap.pipeline import geoparse, open_gazetteer  # noqa: E402
from conflictmap.recognize.spotter import Spots, Spotter  # noqa: E402
from conflictmap.resolve import GazetteerResolver  # noqa: E402
from conflictmap.tuning.recognize import RecognizeTuning  # noqa: E402
from conflictmap.tuning.resolve import WEIGHT_FIELDS, ResolveTuning  # noqa: E402
from tests.devset.gold import load_articles, score  # noqa: E402

ARTICLES = ROOT.parent / "shared" / "data" / "articles"
MALI = ARTICLES / "mali-2013-01-14.txt"
MALI_GOLD = ARTICLES / "mali-2013-01-14.gold.json"
INF = float("inf")

#: resolver rules: the tuning that turns each off
RESOLVER_RULES = {
    "transliteration lookup": {"variant_keys": 0},
    "context over prior abroad": {"abroad_focus_share": INF},
    "thin-evidence drop": {"min_score": -INF},
    "guesses placed": {"variant_guess_min_score": INF},
}

#: recognizer rules: the switch of RecognizeTuning that turns each off
RECOGNIZER_RULES = {
    "datelines": "datelines",
    "organisation names": "organisation_names",
    "long official names": "official_names",
    "bare region names": "bare_regions",
    "demonym opens a name": "demonym_names",
    "variant runs": "variant_runs",
    "variant guesses": "variant_guesses",
}


@dataclass(frozen=True)
class Run:
    label: str
    config: ResolveTuning
    #: the recognizer rule turned off (``None``: the spotter as shipped)
    rule: str | None = None

    @property
    def spotting(self) -> RecognizeTuning:
        """The recognizer's tuning: as shipped, or with the run's rule switched off."""
        if self.rule is None:
            return RecognizeTuning()
        return replace(RecognizeTuning(), **{RECOGNIZER_RULES[self.rule]: False})


class SpotOnce:
    """A recognizer that spots each text once and remembers it (runs differ only in resolving)."""

    def __init__(self, inner: Spotter, remember: bool = True) -> None:
        self.spotter = inner
        self.remember = remember
        self.memo: dict[str, Spots] = {}

    def spot(self, text: str) -> Spots:
        if not self.remember:
            return self.spotter.spot(text)
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


def runs(args: argparse.Namespace) -> list[Run]:
    tuned = ResolveTuning()
    out = [Run("tuned", tuned)]
    fields = list(WEIGHT_FIELDS)
    if args.priors:
        fields += [f for f in tuned.__dataclass_fields__ if f.startswith("prior_")]
    if args.only in (None, "weights"):
        out += [Run(f"{n}=0 (was {getattr(tuned, n)})", replace(tuned, **{n: 0.0})) for n in fields]
    if args.only in (None, "rules"):
        out += [Run(f"off: {n}", replace(tuned, **kw)) for n, kw in RESOLVER_RULES.items()]  # type: ignore[arg-type]
    if args.only in (None, "recognizer"):
        out += [Run(f"off: {name}", tuned, rule=name) for name in RECOGNIZER_RULES]
    for item in args.set:
        name, _, value = item.partition("=")
        out.append(Run(item, replace(tuned, **{name: type(getattr(tuned, name))(value)})))
    return out


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--split", choices=["dev", "test", "all"], default="all")
    parser.add_argument("--priors", action="store_true", help="zero each kind prior too")
    parser.add_argument("--only", choices=["weights", "rules", "recognizer"], default=None)
    parser.add_argument("--set", action="append", default=[], metavar="FIELD=VALUE")
    parser.add_argument("--home", default=None, help="conflictmap home")
    args = parser.parse_args()
    if not SHARED.exists() or not MALI.exists():
        sys.exit(f"bench/ablation.py: {SHARED} or {MALI} is absent; they live in ../shared")
    gaz = open_gazetteer(args.home)
    corpora = [("GWN", load_gwn(SHARED / "GeoWebNews" / "GWN.xml")),
               ("LGL", load_lgl(SHARED / "LGL" / "lgl.xml"))]  # fmt: skip
    split = None if args.split == "all" else args.split
    if split is not None:
        parity = 0 if split == "dev" else 1
        corpora = [(n, [d for d in docs if d.index % 2 == parity]) for n, docs in corpora]
    articles = load_articles(split=split)
    names = "".join(f"{n + ' e2e':>13s}{'Δok':>6s}{'Δfp':>6s}" for n in ("GWN", "LGL", "conflict"))
    print("e2e (GWN/LGL @161 km, conflict dev set as tests/devset scores it); Δok: gold "
          "placed, Δfp: false places, minus the tuned run's")  # fmt: skip
    with ExitStack() as stack:
        pairs = stack.enter_context(gazetteers(articles, home=args.home, use_dumps=True))
        print(f"{'run':34s}{names}  Mali placed  Mali false  ({args.split} articles)")
        base: dict[str, tuple[int, int]] = {}
        memo: dict[int, SpotOnce] = {}
        for run in runs(args):
            print(one_run(run, gaz, corpora, pairs, memo, base), flush=True)


def one_run(run: Run, gaz: Any, corpora: Any, pairs: Any, memo: dict[int, SpotOnce],
            base: dict[str, tuple[int, int]]) -> str:  # fmt: skip
    """One printed line: the run's e2e, Δok and Δfp on each corpus, then Mali."""

    def parts(g: Any) -> tuple[SpotOnce, GazetteerResolver]:
        if run.rule is not None:  # the spotter changed: spot afresh
            spotter = Spotter(g, config=run.spotting)
            return SpotOnce(spotter, remember=False), GazetteerResolver(g, config=run.config)
        if id(g) not in memo:
            memo[id(g)] = SpotOnce(Spotter(g))
        return memo[id(g)], GazetteerResolver(g, config=run.config)

    recognizer, resolver = parts(gaz)
    line = f"{run.label:34s}"
    figures = []
    for name, docs in corpora:
        s = evaluate(docs, gaz, recognizer=recognizer, resolver=resolver)
        figures.append((name, s.placed, s.n_gold, s.n_pred - s.pred_ok))
    results = []
    for article, agaz in pairs:
        rec, res = parts(agaz)
        results.append(geoparse(article.text, id=article.id, gazetteer=agaz, recognizer=rec,
                                resolver=res))  # fmt: skip
    overall = score(results, [a for a, _ in pairs]).overall
    figures.append(("conflict", overall.placed, overall.n_gold, overall.n_pred - overall.pred_ok))
    for name, placed, gold, false in figures:
        base.setdefault(name, (placed, false))
        line += f"{placed / gold:13.4f}{placed - base[name][0]:+6d}{false - base[name][1]:+6d}"
    placed, required, false = mali(gaz, recognizer, resolver)
    return f"{line}  {placed:>5d}/{required:<5d}  {false:>5d}"


if __name__ == "__main__":
    main()
