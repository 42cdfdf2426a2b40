"""Shared borders as places: "the Mauritanian border" becomes ``border:ML-MR``.

A border spot names one side (its demonym); the other side is the first country of
the article's focus that shares a border with it.

Examples
--------
>>> from shapely.geometry import LineString
>>> from conflictmap.model import Place
>>> from conflictmap.store.gazetteer import Gazetteer
>>> gaz = Gazetteer.from_places([
...     Place(id="t:ml", name="Mali", lat=17.0, lon=-4.0, country="ML", kind="country"),
...     Place(id="t:mr", name="Mauritania", lat=20.0, lon=-10.0, country="MR", kind="country")])
>>> place = border_place(gaz, "MR", "ML", LineString([(-5.0, 14.0), (-5.0, 16.0)]))
>>> place.id, place.kind.value, (place.lat, place.lon)
('border:ML-MR', 'border', (15.0, -5.0))
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from conflictmap.model import Layer, Place, PlaceKind
from conflictmap.recognize.spotter import Spot
from conflictmap.store.gazetteer import Gazetteer

__all__ = ["border_of", "border_place"]


def border_place(gaz: Gazetteer, a: str, b: str, line: Any = None) -> Place:
    """A :class:`Place` standing for the shared border of countries ``a`` and ``b``.

    Parameters
    ----------
    gaz : Gazetteer
        Supplies the countries' names for the label.
    a, b : str
        ISO country codes, in any order and case.
    line : shapely geometry, optional
        The shared boundary in ``(lon, lat)``; the place sits at its midpoint. By
        default the gazetteer's border, whose midpoint is read without shapely.
    """
    x, y = sorted((a.upper(), b.upper()))
    if line is not None:
        middle = line.interpolate(0.5, normalized=True)
        lon, lat = middle.x, middle.y
    else:
        found = gaz.border_midpoint(x, y)
        if found is None:
            raise ValueError(f"{x} and {y} share no border in the gazetteer")
        lon, lat = found
    name_a = gaz.country(x)
    name_b = gaz.country(y)
    label = f"{name_a.name if name_a else x}–{name_b.name if name_b else y} border"
    return Place(
        id=f"border:{x}-{y}",
        name=label,
        lat=lat,
        lon=lon,
        country=x,
        feature="BRDR",
        kind=PlaceKind.BORDER,
        layer=Layer.BASE,
        source="Natural Earth shared boundary",
    )


def border_of(
    gaz: Gazetteer, spot: Spot, fixed: Mapping[str, Place], focus: Mapping[str, float]
) -> Place | None:
    """The border a border spot names, or ``None`` when no focus country shares it.

    ``fixed`` holds the places the spot names (its side); ``focus`` the article's
    countries, largest share first.
    """
    named = [fixed[pid] for pid in spot.places if pid in fixed and fixed[pid].country]
    if not named:
        return None
    side = named[0].country or ""
    for partner in focus:
        if partner == side:
            continue
        if gaz.border_midpoint(side, partner) is not None:
            return border_place(gaz, side, partner)
    return None
