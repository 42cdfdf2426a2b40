"""A geopy geocoder backed by the local gazetteer: offline, no quota, no key.

:class:`GazetteerGeocoder` answers ``geocode`` like geopy's online services, so
code written for ``Nominatim`` or ``GeoNames`` works unchanged::

    from conflictmap import GazetteerGeocoder
    geolocator = GazetteerGeocoder()            # was: Nominatim(user_agent=...)
    location = geolocator.geocode("Diabaly")
    location.latitude, location.longitude, location.raw["id"]

Results come from :func:`conflictmap.store.search.search`: exact folded-name
matches ranked by kind and population; ``location.raw`` is the place's dict
(id, name, kind, feature, country, admin1, population, lat, lon, layer, fuzzy,
score). GeoNames data is CC BY 4.0 (credit: GeoNames, geonames.org).

Examples
--------
>>> from conflictmap.store.gazetteer import Gazetteer
>>> from conflictmap.model import Place
>>> gaz = Gazetteer.from_places([
...     Place(id="geonames:2458187", name="Diabali", lat=14.6937, lon=-6.0197,
...           country="ML", kind="village", admin1_name="Ségou"),
...     Place(id="geonames:2453866", name="Mali", lat=17.0, lon=-4.0, country="ML",
...           kind="country", feature="PCLI")], aliases=[("Diabaly", "geonames:2458187")])
>>> geolocator = GazetteerGeocoder(gazetteer=gaz)
>>> location = geolocator.geocode("Diabaly")
>>> location.address, location.latitude, location.longitude, location.raw["id"]
('Diabali, Ségou, Mali', 14.6937, -6.0197, 'geonames:2458187')
>>> geolocator.geocode("Diabaly", country_codes="SN") is None
True
>>> [loc.raw["id"] for loc in geolocator.geocode("Diabali, Mali", exactly_one=False)]
['geonames:2458187']
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from geopy.geocoders.base import DEFAULT_SENTINEL, Geocoder
from geopy.location import Location

from conflictmap.store.gazetteer import Gazetteer
from conflictmap.store.search import SearchHit, search
from conflictmap.text.folding import fold

__all__ = ["GazetteerGeocoder"]


class GazetteerGeocoder(Geocoder):  # type: ignore[misc]  # geopy ships no type hints
    """Geocode place names with conflictmap's layered gazetteer (geopy interface).

    Parameters
    ----------
    home : path, optional
        The conflictmap home whose gazetteer to use (default ``$CONFLICTMAP_HOME``);
        the base layer is built on first use.
    gazetteer : Gazetteer, optional
        Use this gazetteer instead of opening ``home``'s.
    fuzzy : bool
        Also return near spellings (one or two edits) when nothing matches exactly
        (default ``False``: a name the gazetteer does not know gives ``None``).
    limit : int
        At most this many locations when ``exactly_one=False`` (default 10).
    """

    def __init__(
        self,
        *,
        home: str | os.PathLike[str] | None = None,
        gazetteer: Gazetteer | None = None,
        fuzzy: bool = False,
        limit: int = 10,
    ) -> None:
        super().__init__()
        self.home = home
        self._gazetteer = gazetteer
        self.fuzzy = fuzzy
        self.limit = limit

    @property
    def gazetteer(self) -> Gazetteer:
        """The gazetteer answering queries (opened on first use)."""
        if self._gazetteer is None:
            from conflictmap.store.registry import open_gazetteer

            self._gazetteer = open_gazetteer(
                None if self.home is None else Path(self.home), progress=False
            )
        return self._gazetteer

    def geocode(
        self,
        query: str,
        *,
        exactly_one: bool = True,
        country_codes: str | list[str] | None = None,
        limit: int | None = None,
        timeout: Any = DEFAULT_SENTINEL,
    ) -> Location | list[Location] | None:
        """Return a location point for a place name.

        Parameters
        ----------
        query : str
            A place name ("Diabaly", "Ségou"), optionally followed by its country
            after a comma ("Gao, Mali"), as written for an online geocoder.
        exactly_one : bool
            Return the best location, or a list of every match (best first).
        country_codes : str or list of str, optional
            Only places in these countries (ISO 3166-1 alpha-2 codes).
        limit : int, optional
            At most this many locations when ``exactly_one`` is false.
        timeout : ignored
            Accepted for compatibility with geopy's online geocoders.

        Returns
        -------
        geopy.location.Location, list of Location, or None
            ``None`` when nothing matches.
        """
        if not isinstance(query, str):
            raise TypeError("GazetteerGeocoder.geocode takes the place name as a string")
        codes = [country_codes] if isinstance(country_codes, str) else list(country_codes or [])
        wanted = {c.strip().upper() for c in codes if c.strip()}
        count = 1 if exactly_one else (limit or self.limit)
        hits = self._hits(query, wanted, count)
        locations = [self._location(hit) for hit in hits[:count]]
        if exactly_one:
            return locations[0] if locations else None
        return locations

    # -- helpers ------------------------------------------------------------

    def _hits(self, query: str, wanted: set[str], count: int) -> list[SearchHit]:
        hits = self._search(query, wanted, count)
        if hits or "," not in query:
            return hits
        # "Gao, Mali": the first part is the place, a later part may name its country.
        name, *context = (part.strip() for part in query.split(","))
        countries = set(wanted)
        for part in context:
            for cand in self.gazetteer.candidates(fold(part)):
                if cand.place.kind == "country" and cand.place.country:
                    countries.add(cand.place.country)
        if wanted and not countries & wanted:
            return []
        return self._search(name, (countries & wanted) or countries, count)

    def _search(self, name: str, wanted: set[str], count: int) -> list[SearchHit]:
        budget = max(count, 10) * (4 if len(wanted) > 1 else 1)
        if len(wanted) == 1:
            (country,) = wanted
            return search(self.gazetteer, name, country=country, limit=budget, fuzzy=self.fuzzy)
        hits = search(
            self.gazetteer, name, limit=budget * 10 if wanted else budget, fuzzy=self.fuzzy
        )
        return [h for h in hits if not wanted or h.place.country in wanted]

    def _location(self, hit: SearchHit) -> Location:
        place = hit.place
        parts = [place.name]
        if place.admin1_name and place.admin1_name != place.name and place.kind != "country":
            parts.append(place.admin1_name)
        if place.country and place.kind != "country":
            country = self.gazetteer.country(place.country)
            parts.append(country.name if country is not None else place.country)
        return Location(", ".join(parts), (place.lat, place.lon), hit.to_dict())
