"""What an anchor is on the ground: a point, a border line or a country's outline.

:class:`Anchor` pairs a :class:`~conflictmap.models.Place` with its shape, if it
has one, and :class:`Geometries` looks the shapes up in a gazetteer once per
article. Settlements are points with an *extent*: the radius within which a
reporter may have measured from the place (a capital is wide, a village small).

Examples
--------
>>> from conflictmap.models import Place
>>> bamako = Place(id="t:1", name="Bamako", lat=12.6, lon=-8.0, kind="capital",
...                population=1_297_281)
>>> round(extent_km(bamako), 1), extent_km(Place(id="t:2", name="X", lat=0, lon=0))
(10.8, 1.5)
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from ..geo.areas import geodesic_area_km2
from ..models import Place
from .borders import border_codes

if TYPE_CHECKING:
    from ..gazetteer.store import Gazetteer

__all__ = ["AREA_KINDS", "Anchor", "Geometries", "extent_km"]

#: kinds that are areas, never points to measure from
AREA_KINDS = frozenset({"country", "continent", "region", "district", "border"})

_EXTENT_MIN = {
    "capital": 5.0,
    "city": 3.0,
    "town": 1.5,
    "village": 1.0,
    "spot": 0.5,
    "feature": 2.0,
    "district": 20.0,
    "region": 40.0,
    "country": 100.0,
    "continent": 500.0,
    "border": 0.0,
}


def extent_km(place: Place) -> float:
    """Radius in km within which "from X" may have been measured.

    A kind minimum, widened for big cities to 0.3 km per square root of a
    thousand people (about 11 km for Bamako's 1.3 million).
    """
    floor = _EXTENT_MIN.get(place.kind, 1.5)
    if place.kind in AREA_KINDS:
        return floor
    return max(floor, 0.3 * math.sqrt(max(place.population, 0) / 1000.0))


@dataclass(frozen=True, slots=True)
class Anchor:
    """A place to measure from, with its line or outline when it has one."""

    place: Place
    #: a shapely line (borders) or polygon (countries), lon/lat; ``None`` for points
    shape: Any = None
    area_km2: float | None = None

    @property
    def is_line(self) -> bool:
        return self.shape is not None and self.shape.geom_type in (
            "LineString",
            "MultiLineString",
        )

    @property
    def is_area(self) -> bool:
        return self.shape is not None and self.shape.geom_type in ("Polygon", "MultiPolygon")

    @property
    def extent_km(self) -> float:
        return 0.0 if self.shape is not None else extent_km(self.place)


class Geometries:
    """Shapes of anchors, looked up in a gazetteer once each.

    Borders (``border:AA-BB``) are lines; countries with an outline are polygons;
    everything else is a point.
    """

    def __init__(self, gazetteer: Gazetteer | None) -> None:
        self.gazetteer = gazetteer
        self._shapes: dict[str, Any] = {}
        self._areas: dict[str, float | None] = {}

    def anchor(self, place: Place) -> Anchor:
        shape = self.shape_of(place)
        area = None
        if shape is not None and shape.geom_type in ("Polygon", "MultiPolygon"):
            if place.id not in self._areas:
                self._areas[place.id] = geodesic_area_km2(shape)
            area = self._areas[place.id]
        return Anchor(place, shape, area)

    def shape_of(self, place: Place) -> Any:
        if place.id in self._shapes:
            return self._shapes[place.id]
        shape = None
        if self.gazetteer is not None:
            codes = border_codes(place.id)
            if codes is not None:
                shape = self.gazetteer.border(*codes)
            elif place.kind == "country" and place.country:
                shape = self.gazetteer.shape(place.country)
        self._shapes[place.id] = shape
        return shape

    def shares_border(self, a: str, b: str) -> bool:
        return self.gazetteer is not None and self.gazetteer.border(a, b) is not None
