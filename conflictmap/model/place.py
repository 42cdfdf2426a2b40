"""One gazetteer entry: :class:`Place`.

>>> bamako = Place(id="geonames:2460596", name="Bamako", lat=12.60915, lon=-7.97522,
...                country="ML", feature="PPLC", kind="capital")
>>> bamako.geonames_id, bamako.kind, bamako.precision
(2460596, <PlaceKind.CAPITAL: 'capital'>, 1)
>>> bamako.latlon
LatLon(lat=12.60915, lon=-7.97522)
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

from conflictmap.model.coords import LatLon
from conflictmap.model.kinds import Layer, PlaceKind

__all__ = ["Place"]


@dataclass(frozen=True, slots=True, kw_only=True)
class Place:
    """One gazetteer entry.

    Parameters
    ----------
    id : str
        ``geonames:<n>`` for GeoNames entries, ``curated:<slug>``, ``user:<n>`` for
        places added as corrections, ``border:<CC>-<CC>`` for a shared border,
        ``ne:<CC>`` for a country known only from Natural Earth.
    kind : PlaceKind
        What the entry is (a plain word such as ``"town"`` is accepted).
    layer : Layer
        The gazetteer layer that supplied the entry.
    admin2 : str, optional
        The GeoNames admin2 code of the second-level region (district) the place is
        in, or of the district itself; ``None`` when unknown.
    """

    id: str
    name: str
    lat: float
    lon: float
    country: str | None = None
    feature: str | None = None
    kind: PlaceKind = PlaceKind.TOWN
    admin1: str | None = None
    admin1_name: str | None = None
    population: int = 0
    layer: Layer = Layer.BASE
    source: str | None = None
    admin2: str | None = None

    def __post_init__(self) -> None:
        if type(self.kind) is not PlaceKind:
            object.__setattr__(self, "kind", PlaceKind(self.kind))
        if type(self.layer) is not Layer:
            object.__setattr__(self, "layer", Layer(self.layer))

    @property
    def latlon(self) -> LatLon:
        return LatLon(self.lat, self.lon)

    @property
    def geonames_id(self) -> int | None:
        """The GeoNames id, or ``None`` for places that are not from GeoNames."""
        prefix, _, rest = self.id.partition(":")
        return int(rest) if prefix == "geonames" and rest.isdigit() else None

    @property
    def precision(self) -> int:
        """ACLED geo_precision of a pin on this place (1 town, 2 near/part, 3 region)."""
        return self.kind.precision

    @property
    def corrected(self) -> bool:
        """True when the entry (or the choice of it) comes from the user's corrections."""
        return self.layer is Layer.CORRECTIONS

    def with_layer(self, layer: Layer | str) -> Place:
        return replace(self, layer=Layer(layer))

    def to_dict(self, mentions: int = 0) -> dict[str, Any]:
        return {
            "name": self.name,
            "lat": round(self.lat, 5),
            "lon": round(self.lon, 5),
            "country": self.country,
            "feature": self.feature,
            "kind": self.kind.value,
            "precision": self.precision,
            "mentions": mentions,
            "admin1": self.admin1_name or self.admin1,
            "population": self.population,
            "layer": self.layer.value,
        }
