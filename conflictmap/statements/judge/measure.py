"""Measuring from an anchor to a subject: geodesic distance, initial bearing, and from where.

A point anchor is measured from its point; a border line from the line's nearest
point; a country with an outline from the outline's nearest point (0 inside it).
"""

from __future__ import annotations

from conflictmap.geo.areas import distance_to
from conflictmap.geo.geodesy import geodesic_km, initial_bearing
from conflictmap.model import Place
from conflictmap.statements.borders import distance_to_border
from conflictmap.statements.geometry import Anchor
from conflictmap.tuning.statements import DEFAULT

__all__ = ["measure"]

Measured = tuple[float, float | None, str]

#: measurements already made: the same anchor (place, and shape by identity: the
#: shape is kept with the answer, so its id is not reused) and the same subject give
#: the same answer; a text that repeats its statements measures each pair once
#: (issue 20: repeated prose). Emptied when it holds ``size_cache_entries`` answers.
_MEMO: dict[tuple[Place, int, Place], tuple[object, Measured]] = {}


def measure(anchor: Anchor, subject: Place) -> Measured:
    """Distance (km), bearing (``None`` inside an area) and a phrase saying from where.

    Examples
    --------
    >>> from conflictmap.model import Place
    >>> bamako = Place(id="t:1", name="Bamako", lat=12.60915, lon=-7.97522, kind="capital")
    >>> diabaly = Place(id="t:2", name="Diabaly", lat=14.6937, lon=-6.0197)
    >>> km, bearing, origin = measure(Anchor(place=bamako), diabaly)
    >>> round(km), round(bearing), origin
    (313, 42, 'straight-line (geodesic) distance')
    """
    try:
        key = (anchor.place, id(anchor.shape), subject)
        kept = _MEMO.get(key)
    except TypeError:  # a place holding something unhashable: measure it
        return _measure(anchor, subject)
    if kept is not None and kept[0] is anchor.shape:
        return kept[1]
    found = _measure(anchor, subject)
    if len(_MEMO) >= DEFAULT.size_cache_entries:
        _MEMO.clear()
    _MEMO[key] = (anchor.shape, found)
    return found


def _measure(anchor: Anchor, subject: Place) -> Measured:
    place = anchor.place
    if anchor.shape is not None and anchor.is_line:
        km, bearing = distance_to_border(anchor.shape, subject.lat, subject.lon)
        return km, bearing, f"measured to the nearest point of the {place.name}"
    if anchor.shape is not None and anchor.is_area:
        km, (lat, lon) = distance_to(anchor.shape, subject.lat, subject.lon)
        if km <= 0.0:
            return 0.0, None, f"{subject.name} lies inside {place.name}"
        bearing = initial_bearing(lat, lon, subject.lat, subject.lon)
        return km, bearing, f"measured to the nearest point of {place.name}'s outline"
    km = geodesic_km(place.lat, place.lon, subject.lat, subject.lon)
    bearing = initial_bearing(place.lat, place.lon, subject.lat, subject.lon)
    return km, bearing, "straight-line (geodesic) distance"
