"""The prior: kind, population (points only), own name, curated alias; a region named like a town."""

from __future__ import annotations

import math
from dataclasses import replace

import pytest

from conflictmap.model import PlaceKind
from conflictmap.resolve.evidence.prior import KindPrior, RegionLikeTown
from conflictmap.store.gazetteer import Gazetteer
from conflictmap.tuning.resolve import ResolveTuning

from .resolve_cases import article, by_place, case, gazetteer, ranked_first, resolve

TUNED = ResolveTuning()


@pytest.fixture(scope="module")
def gaz() -> Gazetteer:
    return gazetteer()


def _prior(gaz: Gazetteer, key: str, pid: str, config: ResolveTuning = TUNED) -> float:
    candidate = next(c for c in gaz.candidates(key) if c.place.id == pid)
    return KindPrior(config).of(candidate)


def test_every_kind_has_a_prior_in_the_documented_order() -> None:
    by_kind = KindPrior(TUNED).by_kind
    assert set(by_kind) == set(PlaceKind)
    order = [by_kind[k] for k in (PlaceKind.COUNTRY, PlaceKind.CONTINENT, PlaceKind.CAPITAL,
                                  PlaceKind.REGION, PlaceKind.TOWN, PlaceKind.VILLAGE)]  # fmt: skip
    assert order == sorted(order, reverse=True)


def test_population_counts_for_points_only(gaz: Gazetteer) -> None:
    koro = _prior(gaz, "koro", "geonames:2454674")
    assert koro == pytest.approx(TUNED.prior_town + 0.5 * math.log10(24694 + 1) + TUNED.own_name)
    # Kidal region has a population (a sum over its places): it adds nothing
    assert _prior(gaz, "kidal", "admin1:ML.10") == TUNED.prior_region + TUNED.own_name


@pytest.mark.parametrize("weight", ["population", "own_name", "curated"])
def test_the_prior_moves_the_choice(weight: str, gaz: Gazetteer) -> None:
    found = case(weight)
    assert ranked_first(resolve(gaz, found.text), found.name) == found.want, found.why
    zeroed = replace(TUNED, **{weight: 0.0})
    assert ranked_first(resolve(gaz, found.text, zeroed), found.name) != found.want


def test_a_region_named_like_a_town_inside_it_loses_to_the_town(gaz: Gazetteer) -> None:
    found = case("region_named_like_town")
    read = article(gaz, found.text)
    (terms,) = RegionLikeTown(TUNED).prior(read)
    assert by_place(read, "kidal", terms) == {
        "admin1:ML.10": TUNED.region_named_like_town,
        "geonames:2455290": 0.0,
    }
    assert ranked_first(resolve(gaz, found.text), "Kidal") == "geonames:2455290"
    without = replace(TUNED, region_named_like_town=0.0)
    assert ranked_first(resolve(gaz, found.text, without), "Kidal") == "admin1:ML.10"
