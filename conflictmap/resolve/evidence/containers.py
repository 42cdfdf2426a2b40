"""An explicit container: "Paris, Texas", "Louisville, Ky.", "Kidal, Mali".

The spotter links a spot to the spot that contains it (``Spot.container``). The
container stands for the countries and first-level regions its own candidates
are (a state abbreviation names its state outright); a candidate of the
contained name inside one of them earns :attr:`~conflictmap.tuning.resolve.ResolveTuning.container`,
in proportion to the share of the name's containers that hold it. Countries and
continents are never contained.

Examples
--------
>>> from conflictmap.model import Place
>>> from conflictmap.store.gazetteer import Gazetteer
>>> gaz = Gazetteer.from_places([
...     Place(id="t:tx", name="Texas", lat=31.0, lon=-99.0, country="US", kind="region",
...           admin1="TX"),
...     Place(id="t:us", name="Texas", lat=31.0, lon=-99.0, country="US", kind="town")])
>>> from conflictmap.recognize.spotter import Spot
>>> sorted(container_keys(Spot(start=0, end=5, text="Texas", key="texas"), gaz))
[('US', 'TX')]
"""

from __future__ import annotations

from collections.abc import Sequence

from conflictmap.model import MentionKind, Place, PlaceKind
from conflictmap.recognize.spotter import Spot
from conflictmap.resolve.evidence.base import Article, Belief, Scorer, Terms
from conflictmap.resolve.groups import Group
from conflictmap.store.gazetteer import Gazetteer
from conflictmap.tuning.resolve import ResolveTuning

__all__ = ["Area", "Containers", "container_keys"]

#: a country ``(code, None)`` or a first-level region ``(code, admin1)``
Area = tuple[str, str | None]
_CONTAINERS = frozenset({PlaceKind.COUNTRY, PlaceKind.REGION})
_NEVER_CONTAINED = frozenset({PlaceKind.COUNTRY, PlaceKind.CONTINENT})


def container_keys(spot: Spot, gazetteer: Gazetteer) -> frozenset[Area]:
    """The countries and first-level regions a container spot may stand for."""
    if spot.kind == MentionKind.ABBREVIATION:
        places = [gazetteer.get(pid) for pid in spot.places if gazetteer.exists(pid)]
    else:
        places = [c.place for c in gazetteer.candidates(spot.key) if c.place.kind in _CONTAINERS]
    keys: set[Area] = set()
    for place in places:
        if place.kind is PlaceKind.COUNTRY and place.country:
            keys.add((place.country, None))
        elif place.country and place.admin1:
            keys.add((place.country, place.admin1))
    return frozenset(keys)


def _inside(place: Place, keys: frozenset[Area]) -> bool:
    return (place.country, None) in keys or (place.country, place.admin1) in keys


class Containers:
    """The share of a name's containers that hold the candidate, times the weight."""

    names = ("container",)

    def __init__(self, config: ResolveTuning) -> None:
        self.weight = config.container

    def start(self, article: Article) -> Scorer:
        terms = [self.terms(group, article) for group in article.groups]

        def scorer(belief: Belief) -> Sequence[Terms]:
            return (terms,)

        return scorer

    def terms(self, group: Group, article: Article) -> list[float]:
        """The container term of each of ``group``'s candidates."""
        if not group.containers:
            return [0.0] * len(group.candidates)
        keys = [container_keys(article.spots[i], article.gazetteer) for i in group.containers]
        terms = []
        for candidate in group.candidates:
            place = candidate.place
            if place.kind in _NEVER_CONTAINED:
                terms.append(0.0)
                continue
            hits = sum(1 for held in keys if held and _inside(place, held))
            terms.append(self.weight * hits / len(keys))
        return terms
