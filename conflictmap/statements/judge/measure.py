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

__all__ = ["measure"]


def measure(anchor: Anchor, subject: Place) -> tuple[float, float | None, str]:
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
