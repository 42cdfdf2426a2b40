"""What an anchor is on the ground: a point, a border line or a country's outline.

:class:`Anchor` pairs a :class:`~conflictmap.model.Place` with its shape, if it
has one, and :class:`Geometries` looks the shapes up in a gazetteer once per
article. Settlements are points with an *extent*: the radius within which a
reporter may have measured from the place (a capital is wide, a village small;
the widths are :class:`~conflictmap.tuning.statements.ExtentTuning`).

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
from typing import TYPE_CHECKING

from conflictmap.geo.areas import geodesic_area_km2, line_length_km
from conflictmap.geo.shapes import Shape, bounds_latlon, is_area, is_line
from conflictmap.model import LatLon, Place, PlaceKind
from conflictmap.statements.borders import border_codes, border_place_for
from conflictmap.tuning.statements import DEFAULT, StatementsTuning

if TYPE_CHECKING:
    from conflictmap.store.gazetteer import Gazetteer

__all__ = ["Anchor", "Geometries", "extent_km"]


def extent_km(place: Place, tuning: StatementsTuning = DEFAULT) -> float:
    """Radius in km within which "from X" may have been measured.

    A kind minimum, widened for settlements and spots by the square root of the
    population (``tuning.extents``: about 11 km for Bamako's 1.3 million).

    Examples
    --------
    >>> from conflictmap.model import Place
    >>> extent_km(Place(id="r", name="R", lat=0, lon=0, kind="region", population=10**7))
    40.0
    >>> round(extent_km(Place(id="c", name="C", lat=0, lon=0, kind="city", population=250_000)), 2)
    4.74
    """
    extents = tuning.extents
    floor = extents.floor_km(place.kind)
    if not place.kind.is_point:
        return floor
    return max(floor, extents.km_per_sqrt_thousand * math.sqrt(max(place.population, 0) / 1000.0))


@dataclass(frozen=True, slots=True, kw_only=True)
class Anchor:
    """A place to measure from, with its line or outline when it has one.

    Examples
    --------
    >>> from conflictmap.model import Place
    >>> gao = Anchor(place=Place(id="t:gao", name="Gao", lat=16.27, lon=-0.04, kind="city"))
    >>> gao.is_line, gao.is_area, gao.extent()
    (False, False, 3.0)
    """

    place: Place
    #: a border line or a country's outline; ``None`` for points
    shape: Shape | None = None
    area_km2: float | None = None
    #: geodesic length of a line
    length_km: float | None = None

    @property
    def is_line(self) -> bool:
        return is_line(self.shape)

    @property
    def is_area(self) -> bool:
        return is_area(self.shape)

    def extent(self, tuning: StatementsTuning = DEFAULT) -> float:
        """The place's extent (km); 0 for a shape, which is measured to its edge."""
        return 0.0 if self.shape is not None else extent_km(self.place, tuning)


#: areas (km²) and lengths (km) of shapes, by place id and bounds, for the whole process
_SIZES: dict[tuple[str, tuple[LatLon, LatLon]], float] = {}


class Geometries:
    """Shapes of anchors, looked up in a gazetteer once each.

    Borders (``border:AA-BB``) are lines; countries with an outline are polygons;
    everything else is a point.

    Examples
    --------
    >>> from conflictmap.model import Place
    >>> Geometries(None).anchor(Place(id="t:1", name="Gao", lat=16.3, lon=0.0)).shape is None
    True
    """

    def __init__(self, gazetteer: Gazetteer | None, *, tuning: StatementsTuning = DEFAULT) -> None:
        self.gazetteer = gazetteer
        self.tuning = tuning
        self._shapes: dict[str, Shape | None] = {}
        self._borders: dict[tuple[str, str], Place | None] = {}

    def anchor(self, place: Place) -> Anchor:
        """``place`` with its shape and that shape's area or length."""
        shape = self.shape_of(place)
        if shape is None:
            return Anchor(place=place)
        key = (place.id, bounds_latlon(shape))
        size = _SIZES.get(key) or self._built_size(place)
        if size is None:
            # A country's geodesic area takes milliseconds: measure it once per process.
            size = geodesic_area_km2(shape) if is_area(shape) else line_length_km(shape)
            if len(_SIZES) > self.tuning.size_cache_entries:
                _SIZES.clear()
            _SIZES[key] = size
        if is_area(shape):
            return Anchor(place=place, shape=shape, area_km2=size)
        return Anchor(place=place, shape=shape, length_km=size)

    def _built_size(self, place: Place) -> float | None:
        """The area or length the gazetteer measured when it was built, if it did."""
        if self.gazetteer is None:
            return None
        codes = border_codes(place.id)
        if codes is not None:
            return self.gazetteer.border_length_km(*codes)
        if place.kind is PlaceKind.COUNTRY and place.country:
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

    def shape_of(self, place: Place) -> Shape | None:
        """The border line or country outline of ``place``, or ``None`` (cached).

        Read as :class:`~conflictmap.geo.planar.Outline` where it can be: measured
        without importing shapely (issue 19: start-up)."""
        if place.id in self._shapes:
            return self._shapes[place.id]
        shape = None
        if self.gazetteer is not None:
            codes = border_codes(place.id)
            if codes is not None:
                shape = self.gazetteer.border_outline(*codes)
            elif place.kind is PlaceKind.COUNTRY and place.country:
                shape = self.gazetteer.outline(place.country)
        self._shapes[place.id] = shape
        return shape

    def shares_border(self, a: str, b: str) -> bool:
        """True when countries ``a`` and ``b`` share a border line."""
        # the midpoint, not the line: it answers without importing shapely
        return self.gazetteer is not None and self.gazetteer.border_midpoint(a, b) is not None
