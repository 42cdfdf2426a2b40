#!/usr/bin/env python3
"""Transliteration-aware lookup (issue 15) on the variant table and its negatives.

Usage::

    python bench/translit.py              # default home
    python bench/translit.py --home DIR

Prints, for ``tests/devset/variants.tsv`` (real variant spellings and the GeoNames
place each means) and ``tests/devset/variant_negatives.tsv`` (words that must not
become places):

* the index: CPU seconds to build it over every name of the gazetteer, skeletons,
  and the size of its cache file;
* pairs whose folded variant the gazetteer already knows (an exact name), and of the
  others the share whose place is among the variant lookup's candidates;
* negatives the gazetteer does not know exactly that the lookup turns into
  candidates (false matches).

The end-to-end effect on GeoWebNews and LGL is ``python bench/accuracy.py`` before
and after (the lookup only serves names spotted as ``unknown``).
"""

from __future__ import annotations

import argparse
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from conflictmap.geo.geodesy import distance_km  # noqa: E402
from conflictmap.model import MentionKind  # noqa: E402
from conflictmap.pipeline import geoparse, open_gazetteer  # noqa: E402
from conflictmap.resolve.variants import VariantIndex, variant_candidates  # noqa: E402
from conflictmap.text.folding import fold  # noqa: E402
from tests.devset.tables import load_negatives, load_variants  # noqa: E402


@dataclass(frozen=True)
class VariantFigures:
    """What the lookup does on the variant table and its negatives."""

    pairs: int
    exact: int
    #: pairs not known exactly, and those whose place is among the lookup's candidates
    others: int
    matched: int
    negatives: int
    false: tuple[str, ...]
    misses: tuple[str, ...]

    @property
    def share(self) -> float:
        return self.matched / self.others if self.others else 0.0

    def lines(self) -> list[str]:
        return [
            f"variant pairs: {self.pairs}; known exactly: {self.exact}",
            f"  not known exactly: {self.others}; place among the lookup's candidates: "
            f"{self.matched} ({self.share:.3f})",
            f"negatives not known exactly: {self.negatives}; given candidates by the lookup: "
            f"{len(self.false)} {list(self.false)}",
        ]


#: our own prose around a variant: uncued (the word opens its clause) and after "in"
PROSE = {
    "uncued": "Fighting went on in {region}{country} on Monday: {variant} was shelled "
    "overnight, residents said, and the road out of the area was cut.",
    "cued": "Fighting went on in {region}{country} on Monday: shells fell in {variant} "
    "overnight, residents said, and the road out of the area was cut.",
}
#: our own prose before a negative's context sentence (a focused conflict report)
NEGATIVE_PROSE = "Fighting went on in Idlib province, Syria, on Monday. {sentence}"


@dataclass(frozen=True)
class InContext:
    """The variant table through the whole pipeline, each pair in a short report of ours."""

    #: template -> pairs placed within their tolerance, of all pairs / of those not known
    placed: dict[str, tuple[int, int]]
    pairs: int
    others: int
    #: negatives whose text is placed (false places; a demonym's country is not one)
    false: tuple[str, ...]
    negatives: int

    def lines(self) -> list[str]:
        out = [
            f"  in a report of ours, {name}: placed within tolerance {all_}/{self.pairs}; "
            f"of the {self.others} not known exactly: {others}"
            for name, (all_, others) in self.placed.items()
        ]
        out.append(
            f"  negatives in a Syria report: placed {len(self.false)}/{self.negatives} "
            f"{list(self.false)}"
        )
        return out


def report(gaz: Any, pair: Any, template: str) -> str:
    """``pair``'s variant in our prose, with its place's region and country for context."""
    region, country = "", ""
    pid = f"geonames:{pair.geonames_id}"
    place = gaz.get(pid) if gaz.exists(pid) else None
    found = gaz.country(pair.country)
    if found is not None:
        country = found.name
    if place is not None and place.admin1 and place.kind.is_point:
        area = gaz.region(pair.country, place.admin1)
        region = f"{area.name} province, " if area is not None else ""
    return template.format(region=region, country=country, variant=pair.variant)


def in_context(gaz: Any) -> InContext:
    """Each pair in :data:`PROSE` through :func:`geoparse`; each negative after a Syria line."""
    pairs = load_variants()
    others = {p.line for p in pairs if not gaz.known_keys([fold(p.variant)])}
    placed = {}
    for name, template in PROSE.items():
        right = [p for p in pairs if _placed_right(gaz, report(gaz, p, template), p)]
        placed[name] = (len(right), sum(1 for p in right if p.line in others))
    negatives = load_negatives()
    false = []
    for n in negatives:
        text = NEGATIVE_PROSE.format(sentence=n.context_sentence)
        at = text.index(n.context_sentence)
        result = geoparse(text, gazetteer=gaz, statements=False, events=False)
        if any(m.place and m.start >= at and fold(m.text) == fold(n.text)
               and m.kind is not MentionKind.DEMONYM for m in result.mentions):  # fmt: skip
            false.append(n.text)
    return InContext(placed=placed, pairs=len(pairs), others=len(others), false=tuple(false),
                     negatives=len(negatives))  # fmt: skip


def _placed_right(gaz: Any, text: str, pair: Any) -> bool:
    """Is the pair's variant in ``text`` placed at its place (its id, or within tolerance)?"""
    result = geoparse(text, gazetteer=gaz, statements=False, events=False)
    at = text.rindex(pair.variant)
    places = result.place_by_id
    for m in result.mentions:
        if m.start < at + len(pair.variant) and at < m.end and m.place in places:
            place = places[m.place]
            if place.id == f"geonames:{pair.geonames_id}":
                return True
            return distance_km(pair.lat, pair.lon, place.lat, place.lon) <= pair.tolerance_km
    return False


def measure(gaz: Any) -> VariantFigures:
    """The variant table and negatives through the lookup of ``gaz`` (index cached in its home)."""
    VariantIndex.of(gaz)  # the lookups below read the cached index
    pairs = load_variants()
    exact = [p for p in pairs if gaz.known_keys([fold(p.variant)])]
    others = [p for p in pairs if p not in exact]
    matched, misses = [], []
    for pair in others:
        ids = {c.place.id for c in variant_candidates(gaz, fold(pair.variant))}
        if f"geonames:{pair.geonames_id}" in ids:
            matched.append(pair)
        else:
            misses.append(f"{pair.variant} ({pair.gazetteer_name}, {pair.family.value})")
    negatives = [n for n in load_negatives() if not gaz.known_keys([fold(n.text)])]
    false = [n.text for n in negatives if variant_candidates(gaz, fold(n.text))]
    return VariantFigures(
        pairs=len(pairs), exact=len(exact), others=len(others), matched=len(matched),
        negatives=len(negatives), false=tuple(false), misses=tuple(misses),
    )  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--home", default=None, help="conflictmap home")
    parser.add_argument("--misses", action="store_true", help="list the pairs not matched")
    args = parser.parse_args()
    gaz = open_gazetteer(args.home)
    started = time.process_time()
    keys = gaz.name_keys()
    index = VariantIndex.build(keys)
    built = time.process_time() - started
    cache = sorted(Path(gaz.home).glob("translit-*.sqlite"))
    size = cache[-1].stat().st_size if cache else 0
    print(f"index: {len(keys)} names, {len(index.buckets)} skeletons, built in {built:.1f} s CPU")
    print(f"cache file: {size / 1e6:.1f} MB" if size else "cache file: not written yet")
    figures = measure(gaz)
    if args.misses:
        for miss in figures.misses:
            print(f"  miss: {miss}")
    print("\n".join(figures.lines()))
    print("\n".join(in_context(gaz).lines()))


if __name__ == "__main__":
    main()
