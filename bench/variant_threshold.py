#!/usr/bin/env python3
"""Where to set ``ResolveTuning.variant_min_score``: spelling variants by score, right and wrong.

Usage::

    python bench/variant_threshold.py              # the dev halves (what the value is set on)
    python bench/variant_threshold.py --split test # the held-out halves, to check it

A name no gazetteer layer knows ("Hirbnafsah", "Ma'arat al-Numan") that the
transliteration lookup turns into candidates is placed when its best candidate lies in
the article's focus country and scores at least ``variant_min_score``. This script
resolves every text with that threshold at minus infinity and lists each such variant
placed: its best score and whether it is right. Data: the conflict dev set
(tests/devset, the ../shared GeoNames dumps imported for the articles that need them,
as ``bench/devset.py``), GeoWebNews and LGL (../shared/data/corpora; even-numbered
articles are ``dev``) and the Mali article (../shared/data/articles, both splits).
Labels are ``bench/calibration.py``'s: right is placed within the gold tolerance (25 km
for dev-set settlements, 161 km for GeoWebNews and LGL); wrong is placed elsewhere, on
a non-place or on nothing annotated (a false place); a name the annotation cannot
judge is left out.

Printed: each variant (corpus, text, place, score, label), then for each threshold
the variants kept right and wrong per corpus. The value chosen is the one that keeps
the most right less wrong over all corpora, the highest such on a tie.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterable, Iterator
from contextlib import ExitStack
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from accuracy import KM, SHARED, load_gwn, load_lgl  # noqa: E402
from calibration import conflict_label, corpus_label  # noqa: E402
from devset import gazetteers  # noqa: E402
from translit import PROSE, report  # noqa: E402

from conflictmap.geo.geodesy import distance_km  # noqa: E402
from conflictmap.model import MentionKind  # noqa: E402
from conflictmap.pipeline import open_gazetteer  # noqa: E402
from conflictmap.recognize.spotter import Spotter  # noqa: E402
from conflictmap.resolve import GazetteerResolver  # noqa: E402
from conflictmap.resolve.evidence.focus import main_region  # noqa: E402
from conflictmap.resolve.groups import is_guess  # noqa: E402
from conflictmap.tuning.resolve import ResolveTuning  # noqa: E402
from tests.devset.gold import load_articles  # noqa: E402
from tests.devset.tables import load_variants  # noqa: E402

ARTICLES = SHARED.parent / "articles"
MALI = ARTICLES / "mali-2013-01-14.txt"
MALI_GOLD = ARTICLES / "mali-2013-01-14.gold.json"
#: kilometres within which a Mali mention is right (as tests/test_mali_article.py)
MALI_KM = 25.0


@dataclass(frozen=True)
class Seen:
    """One variant placed with the threshold off."""

    corpus: str
    doc: str
    text: str
    place: str
    score: float
    #: 1 right, 0 wrong
    label: float
    #: the place is in the article's focus region (its main country's most voted region)
    in_region: bool = False


def placed_variants(
    text: str, gaz: Any, config: ResolveTuning
) -> Iterator[tuple[Any, Any, float, bool]]:
    """(mention, place, best score, in the focus region) of each guess placed as a variant."""
    spots = Spotter(gaz).spot(text)
    resolution = GazetteerResolver(gaz, config=config).resolve(text, spots)
    places = {p.id: p for p in resolution.places}
    cued = {s.key for s in resolution.spots if s.kind is MentionKind.UNKNOWN and not is_guess(s)}
    unknown = {
        (s.start, s.end): i
        for i, s in enumerate(resolution.spots)
        if s.kind is MentionKind.UNKNOWN and s.key not in cued
    }
    region = main_region(resolution.focus, resolution.regions)
    for m in resolution.mentions:
        idx = unknown.get((m.start, m.end))
        if idx is not None and m.place is not None and resolution.ranked.get(idx):
            place = places[m.place]
            home = region is not None and (place.country, place.admin1) == region
            yield m, place, resolution.ranked[idx][0].score, home


def mali_label(gold: dict[str, Any], start: int, end: int, place: Any) -> float | None:
    """1 on a gold mention placed within 25 km, 0 on a non-place, wrong or on nothing."""
    for g in gold["mentions"]:
        if g["start"] < end and start < g["end"]:
            want = gold["places"].get(g["place"])
            near = want and distance_km(want["lat"], want["lon"], place.lat, place.lon) < MALI_KM
            return float(place.id in {g["place"], *g.get("also_ok", [])} or bool(near))
    return 0.0


def collect(split: str, home: str | None) -> list[Seen]:
    """Every variant placed in the corpora of ``split`` with the threshold off."""
    config = ResolveTuning(variant_guess_min_score=-float("inf"))
    gaz = open_gazetteer(home)
    parity = 0 if split == "dev" else 1
    seen: list[Seen] = []
    for name, docs in (("GWN", load_gwn(SHARED / "GeoWebNews" / "GWN.xml")),
                       ("LGL", load_lgl(SHARED / "LGL" / "lgl.xml"))):  # fmt: skip
        for doc in (d for d in docs if d.index % 2 == parity):
            for m, place, best, local in placed_variants(doc.text, gaz, config):
                label = corpus_label(doc, m.start, m.end, place.lat, place.lon, KM)
                if label is not None:
                    seen.append(Seen(name, doc.id, m.text, place.name, best, label, local))
    with ExitStack() as stack:
        pairs = stack.enter_context(
            gazetteers(load_articles(split=split), home=Path(home) if home else None,
                       use_dumps=True)
        )  # fmt: skip
        for article, agaz in pairs:
            for m, place, best, local in placed_variants(article.text, agaz, config):
                label = conflict_label(article, m.start, m.end, place)
                if label is not None:
                    seen.append(
                        Seen("conflict", article.id, m.text, place.name, best, label, local)
                    )
    for pair in load_variants():
        text = report(gaz, pair, PROSE["uncued"])
        for m, place, best, local in placed_variants(text, gaz, config):
            near = distance_km(pair.lat, pair.lon, place.lat, place.lon) <= pair.tolerance_km
            label = float(place.id == f"geonames:{pair.geonames_id}" or near)
            seen.append(Seen("table", str(pair.line), m.text, place.name, best, label, local))
    gold = json.loads(MALI_GOLD.read_text(encoding="utf-8"))
    for m, place, best, local in placed_variants(MALI.read_text(encoding="utf-8"), gaz, config):
        label = mali_label(gold, m.start, m.end, place)
        if label is not None:
            seen.append(Seen("Mali", "mali", m.text, place.name, best, label, local))
    return seen


def sweep(
    seen: list[Seen], corpora: Iterable[str]
) -> list[tuple[float, dict[str, tuple[int, int]]]]:
    """For each threshold (each score seen, and +inf), (right, wrong) kept per corpus."""
    thresholds = [*sorted({s.score for s in seen}), float("inf")]
    out = []
    for t in thresholds:
        kept = [s for s in seen if s.score >= t]
        out.append((t, {c: (sum(1 for s in kept if s.corpus == c and s.label == 1.0),
                            sum(1 for s in kept if s.corpus == c and s.label == 0.0))
                        for c in corpora}))  # fmt: skip
    return out


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--split", choices=["dev", "test"], default="dev")
    parser.add_argument("--home", default=None, help="conflictmap home")
    args = parser.parse_args()
    if not SHARED.exists() or not MALI.exists():
        sys.exit(f"bench/variant_threshold.py: {SHARED} or {MALI} is absent (../shared)")
    seen = collect(args.split, args.home)
    for s in sorted(seen, key=lambda s: -s.score):
        mark = "right" if s.label == 1.0 else "WRONG"
        where = "region" if s.in_region else "      "
        print(
            f"{s.score:7.2f}  {mark}  {where} {s.corpus:8s} {s.doc:28.28s} {s.text!r} -> {s.place}"
        )
    corpora = ("table", "conflict", "GWN", "LGL", "Mali")
    print(f"\n{'threshold':>9s}" + "".join(f"{c + ' right/wrong':>22s}" for c in corpora)
          + f"{'right-wrong':>13s}")  # fmt: skip
    best: tuple[int, float] | None = None
    for t, counts in sweep(seen, corpora):
        net = sum(r - w for r, w in counts.values())
        print(f"{t:9.2f}" + "".join(f"{r:>15d}/{w:<6d}" for r, w in counts.values()) + f"{net:13d}")
        if best is None or net >= best[0]:
            best = (net, t)
    if best is not None:
        print(f"\nmost right less wrong ({args.split}): {best[0]} at threshold {best[1]:.2f}")


if __name__ == "__main__":
    main()
