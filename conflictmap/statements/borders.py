"""Borders as lines and zones: "the Mauritanian border", "along the border with Mauritania".

A shared border comes from the gazetteer's country shapes
(:meth:`~conflictmap.store.gazetteer.Gazetteer.border`, a line); it becomes a
:class:`~conflictmap.model.Place` with an id like ``border:ML-MR``
(:func:`conflictmap.resolve.borders.border_place`). "Along the border" is the zone
within ``along_border_km`` (:mod:`conflictmap.tuning.statements`) of that line.
When an article names only one side ("the border with Mauritania"), the other side
is the subject's own country or else the article's focus country that shares a
border with it.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING

from conflictmap.geo.areas import buffer_km, distance_to
from conflictmap.geo.geodesy import initial_bearing
from conflictmap.geo.shapes import Shape
from conflictmap.model import Place
from conflictmap.tuning.statements import DEFAULT

if TYPE_CHECKING:
    from conflictmap.store.gazetteer import Gazetteer

__all__ = [
    "border_line",
    "border_place_for",
    "border_zone",
    "distance_to_border",
    "partner_country",
]


def border_line(gazetteer: Gazetteer, a: str, b: str) -> Shape | None:
    """The shared border of countries ``a`` and ``b``, or ``None``.

    Examples
    --------
    >>> from conflictmap.store.gazetteer import Gazetteer
    >>> border_line(Gazetteer.from_places([]), "ML", "ml") is None  # a country has no border with itself
    True
    """
    if not a or not b or a.upper() == b.upper():
        return None
    return gazetteer.border(a, b)


def border_place_for(gazetteer: Gazetteer, a: str, b: str) -> Place | None:
    """The ``border:AA-BB`` place of two countries, or ``None`` when they do not touch."""
    from conflictmap.resolve.borders import border_place

    if not a or not b or a.upper() == b.upper() or gazetteer.border_midpoint(a, b) is None:
        return None
    return border_place(gazetteer, a, b)  # its midpoint, read without shapely


def border_codes(place_id: str) -> tuple[str, str] | None:
    """The two country codes of a ``border:AA-BB`` id.

    Examples
    --------
    >>> border_codes("border:ML-MR"), border_codes("geonames:2453866")
    (('ML', 'MR'), None)
    """
    prefix, _, rest = place_id.partition(":")
    a, _, b = rest.partition("-")
    if prefix != "border" or len(a) != 2 or len(b) != 2:
        return None
    return a, b


def border_zone(line: Shape, width_km: float = DEFAULT.along_border_km) -> Shape:
    """The zone within ``width_km`` of a border line (a polygon).

    Examples
    --------
    >>> from conflictmap.geo.shapes import bounds_latlon, line_through
    >>> from conflictmap.model import LatLon
    >>> zone = border_zone(line_through([LatLon(14.0, -5.0), LatLon(16.0, -5.0)]))
    >>> south_west, north_east = bounds_latlon(zone)
    >>> round(south_west.lon, 2), round(north_east.lon, 2)
    (-5.47, -4.53)
    """
    return buffer_km(line, width_km)


def distance_to_border(line: Shape, lat: float, lon: float) -> tuple[float, float | None]:
    """Geodesic km from a point to a border line, and the bearing from the line to the point.

    Examples
    --------
    >>> from conflictmap.geo.shapes import line_through
    >>> from conflictmap.model import LatLon
    >>> line = line_through([LatLon(14.0, -5.0), LatLon(16.0, -5.0)])
    >>> km, bearing = distance_to_border(line, 15.0, -4.5)
    >>> round(km, 1), round(bearing)
    (53.8, 90)
    """
    km, (near_lat, near_lon) = distance_to(line, lat, lon)
    if km <= 0.0:
        return 0.0, None
    return km, initial_bearing(near_lat, near_lon, lat, lon)


def partner_country(
    side: str,
    focus: Mapping[str, float],
    *,
    shares_border: Callable[[str, str], bool],
    prefer: str | None = None,
) -> str | None:
    """The other side of a border named by one country only.

    ``prefer`` (the subject's own country) wins when it touches ``side``; else the
    heaviest focus country that touches it.

    Examples
    --------
    >>> partner_country("MR", {"ML": 9.0, "FR": 4.0},
    ...                 shares_border=lambda a, b: {a, b} == {"ML", "MR"})
    'ML'
    """
    side = side.upper()
    if prefer and prefer.upper() != side and shares_border(side, prefer.upper()):
        return prefer.upper()
    for code in sorted(focus, key=lambda c: (-focus[c], c)):
        if code.upper() != side and shares_border(side, code.upper()):
            return code.upper()
    return None
