"""What a candidate is: its kind, its size, and whether the name is its own.

Before the article has any say, a country outranks a capital, a capital a
region, and so on down to villages and features; among points, a bigger
population is more likely (``population`` times ``log10(population + 1)``); an
area's population is a sum over its members and adds nothing. The place's own
name counts more than an alternate name, and a curated alias more than a plain
one. :class:`RegionLikeTown` handles the region named like a town inside it: the
bare name is the town.

Examples
--------
>>> from conflictmap.model import Place
>>> from conflictmap.store.gazetteer import Candidate
>>> prior = KindPrior(ResolveTuning())
>>> town = Place(id="t:1", name="Gao", lat=16.27, lon=-0.04, kind="town", population=999)
>>> prior.of(Candidate(place=town))
2.5
>>> region = Place(id="t:2", name="Gao", lat=16.27, lon=-0.04, kind="region", population=999)
>>> prior.of(Candidate(place=region))
4.0
"""

from __future__ import annotations

import math
from collections.abc import Sequence

from conflictmap.model import PlaceKind
from conflictmap.resolve.evidence.base import Article, Terms
from conflictmap.store.gazetteer import Candidate
from conflictmap.tuning.resolve import ResolveTuning

__all__ = ["KindPrior", "RegionLikeTown"]

#: the kinds a single pin stands for (``PlaceKind.is_point``)
_POINTS = frozenset(kind for kind in PlaceKind if kind.is_point)


class KindPrior:
    """The prior of a candidate: kind, population (points only), own name, curated alias."""

    names = ("kind",)

    def __init__(self, config: ResolveTuning) -> None:
        self.config = config
        self.by_kind = {
            PlaceKind.COUNTRY: config.prior_country,
            PlaceKind.CONTINENT: config.prior_continent,
            PlaceKind.CAPITAL: config.prior_capital,
            PlaceKind.REGION: config.prior_region,
            PlaceKind.CITY: config.prior_city,
            PlaceKind.DISTRICT: config.prior_district,
            PlaceKind.TOWN: config.prior_town,
            PlaceKind.VILLAGE: config.prior_village,
            PlaceKind.SPOT: config.prior_spot,
            PlaceKind.FEATURE: config.prior_feature,
            PlaceKind.BORDER: config.prior_border,
        }

    def of(self, candidate: Candidate) -> float:
        """The prior score of one candidate."""
        place = candidate.place
        score = self.by_kind[place.kind]
        if place.kind in _POINTS:
            score += self.config.population * math.log10(place.population + 1)
        if candidate.own_name:
            score += self.config.own_name
        if candidate.curated:
            score += self.config.curated
        return score

    def prior(self, article: Article) -> Sequence[Terms]:
        return ([[self.of(c) for c in group.candidates] for group in article.groups],)


class RegionLikeTown:
    """A region whose name is also the own name of a town inside it loses to the town."""

    names = ("region_named_like_town",)

    def __init__(self, config: ResolveTuning) -> None:
        self.weight = config.region_named_like_town

    def prior(self, article: Article) -> Sequence[Terms]:
        terms = []
        for group in article.groups:
            towns = {
                (c.place.country, c.place.admin1)
                for c in group.candidates
                if c.place.kind in _POINTS and c.own_name
            }
            terms.append(
                [
                    self.weight
                    if c.place.kind is PlaceKind.REGION
                    and (c.place.country, c.place.admin1) in towns
                    else 0.0
                    for c in group.candidates
                ]
            )
        return (terms,)
