"""What an anchor is on the ground: a point, a border line or a country's outline.

:class:`Anchor` pairs a :class:`~conflictmap.model.Place` with its shape, if it
has one, and :class:`Geometries` looks the shapes up in a gazetteer once per
article. Settlements are points with an *extent*: the radius within which a
reporter may have measured from the place (a capital is wide, a village small).

Examples
--------
>>> from conflictmap.model import Place
>>> bamako = Place(id="t:1", name="Bamako", lat=12.6, lon=-8.0, kind="capital",
...                population=1_297_281)
>>> round(extent_km(bamako), 1), extent_km(Place(id="t:2", name="X", lat=0, lon=0))
(10.8, 1.5)
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from conflictmap.geo.areas import geodesic_area_km2, line_length_km
from conflictmap.model import Place
from conflictmap.statements.borders import border_codes, border_place_for

if TYPE_CHECKING:
    from conflictmap.store.gazetteer import Gazetteer

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
    #: geodesic length of a line
    length_km: float | None = None

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


#: areas (km²) and lengths (km) of shapes, by place id and bounds, for the whole process
_SIZES: dict[tuple[str, tuple[float, ...]], float] = {}


class Geometries:
    """Shapes of anchors, looked up in a gazetteer once each.

    Borders (``border:AA-BB``) are lines; countries with an outline are polygons;
    everything else is a point.
    """

    def __init__(self, gazetteer: Gazetteer | None) -> None:
        self.gazetteer = gazetteer
        self._shapes: dict[str, Any] = {}
        self._borders: dict[tuple[str, str], Place | None] = {}

    def anchor(self, place: Place) -> Anchor:
        shape = self.shape_of(place)
        if shape is None:
            return Anchor(place)
        key = (place.id, shape.bounds)
        size = _SIZES.get(key) or self._built_size(place)
        if size is None:
            # A country's geodesic area takes milliseconds: measure it once per process.
            if shape.geom_type in ("Polygon", "MultiPolygon"):
                size = geodesic_area_km2(shape)
            else:
                size = line_length_km(shape)
            if len(_SIZES) > 4096:
                _SIZES.clear()
            _SIZES[key] = size
        if shape.geom_type in ("Polygon", "MultiPolygon"):
            return Anchor(place, shape, area_km2=size)
        return Anchor(place, shape, length_km=size)

    def _built_size(self, place: Place) -> float | None:
        """The area or length the gazetteer measured when it was built, if it did."""
        if self.gazetteer is None:
            return None
        codes = border_codes(place.id)
        if codes is not None:
            return self.gazetteer.border_length_km(*codes)
        if place.kind == "country" and place.country:
            return self.gazetteer.area_km2(place.country)
        return None

    def border_place(self, a: str, b: str) -> Place | None:
        """The ``border:AA-BB`` place of two countries (looked up once per pair)."""
        key = (min(a, b).upper(), max(a, b).upper())
        if key not in self._borders:
            self._borders[key] = (
                border_place_for(self.gazetteer, *key) if self.gazetteer is not None else None
            )
        return self._borders[key]

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
