"""Where a map opens: the article's focus, not every place it names.

An article about Mali that mentions Paris, Washington and Afghanistan should open
on Mali. The focus is the set of countries that hold most of the article's
sub-national places (towns, cities, regions), weighted by mentions; a country
named on its own (France, as an actor) does not pull the view. The map opens on
the places in the focus countries; the others stay on the map and are listed in
the title panel so a click flies to them.

Examples
--------
>>> pts = [FocusPoint(14.69, -6.02, "ML", 4), FocusPoint(12.61, -7.98, "ML", 1),
...        FocusPoint(16.27, -0.04, "ML", 1), FocusPoint(48.85, 2.35, "FR", 1),
...        FocusPoint(17.0, -4.0, "ML", 18, area=True), FocusPoint(46.0, 2.0, "FR", 15, area=True)]
>>> focus_countries(pts)
{'ML'}
>>> fit_bounds(pts)
[[12.61, -7.98], [16.27, -0.04]]
>>> fit_bounds(pts, everything=True)
[[12.61, -7.98], [48.85, 2.35]]
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

__all__ = ["FocusPoint", "contains", "fit_bounds", "focus_countries", "lon_extent", "pad"]

Bounds = list[list[float]]

#: A country is in focus when it has at least this share of the top country's weight.
SHARE = 0.5
#: A named focus country is shown whole when its box is at most this many times its places'.
COUNTRY_WHOLE = 6.0


@dataclass(frozen=True, slots=True)
class FocusPoint:
    """A drawn thing's position, country and weight (its number of mentions).

    ``area`` marks a whole country or region (drawn as an outline); ``bounds``
    is its ``[[south, west], [north, east]]`` when known.
    """

    lat: float
    lon: float
    country: str | None
    weight: float = 1.0
    area: bool = False
    bounds: tuple[tuple[float, float], tuple[float, float]] | None = None
    #: drawn because of another point (a statement line's end), kept with it
    follows: str | None = None


def focus_countries(points: Iterable[FocusPoint]) -> set[str]:
    """Countries holding most of the article's places (see the module docstring)."""
    points = list(points)
    local: dict[str, float] = {}
    whole: dict[str, float] = {}
    for p in points:
        if p.country:
            bucket = whole if p.area else local
            bucket[p.country] = bucket.get(p.country, 0.0) + p.weight
    weights = local or whole
    if not weights:
        return set()
    top = max(weights.values())
    return {cc for cc, w in weights.items() if w >= SHARE * top}


#: An area whose box spans more longitude than this is cut at 180° (Fiji, Russia): its
#: box says nothing about where it lies, so its own point stands for it.
WRAPPED_SPAN = 300.0


def _extent(points: Sequence[FocusPoint]) -> Bounds | None:
    lats: list[float] = []
    spans: list[tuple[float, float]] = []
    for p in points:
        if p.area and p.bounds is not None:
            (s, w), (n, e) = p.bounds
            lats += [s, n]
            spans.append((w, e) if e - w <= WRAPPED_SPAN else (p.lon, p.lon))
        else:
            lats.append(p.lat)
            spans.append((p.lon, p.lon))
    if not lats:
        return None
    west, east = lon_extent(spans)
    return [[min(lats), west], [max(lats), east]]


def lon_extent(spans: Sequence[tuple[float, float]]) -> tuple[float, float]:
    """The shortest run of longitude covering every ``(west, east)`` span.

    It crosses 180° when that is shorter: then ``east`` is past 180 (Leaflet's
    continuous longitudes, as the map's script draws them).

    Examples
    --------
    >>> lon_extent([(178.4, 178.4), (-171.8, -171.8), (-175.2, -175.2)])
    (178.4, 188.2)
    >>> lon_extent([(-8.0, -8.0), (-0.04, -0.04)])
    (-8.0, -0.04)
    """
    west, east = min(w for w, _ in spans), max(e for _, e in spans)
    # the widest stretch of the circle no span touches; the extent is the rest
    ordered = sorted(spans)
    gap, after = 360.0 - (east - west), ordered[0][0]  # the stretch across 180°
    reach = ordered[0][1]
    for w, e in ordered[1:]:
        if w - reach > gap:
            gap, after = w - reach, w
        reach = max(reach, e)
    if after == ordered[0][0]:
        return west, east
    last = max(e for w, e in spans if w < after)
    return after, round(last + 360.0, 6)


def fit_bounds(points: Sequence[FocusPoint], *, everything: bool = False) -> Bounds | None:
    """``[[south, west], [north, east]]`` to open the map on (``None`` if nothing drawn)."""
    if not points:
        return None
    if everything:
        return _extent(points)
    focus = focus_countries(points)
    pins = [p for p in points if not p.area]
    chosen = [p for p in pins if p.country in focus or (p.country is None and p.follows)]
    if not chosen:
        chosen = [p for p in points if p.area and p.country in focus] or list(points)
        return _extent(chosen)
    extent = _extent(chosen)
    # The country the article is about, when named and not much larger than its places,
    # is shown whole: readers see where in it the places are.
    limit = COUNTRY_WHOLE * max(_area(extent), 1.0)
    chosen += [
        p
        for p in points
        if p.area and p.follows is None and p.country in focus and _area(p.bounds) <= limit
    ]
    return _extent(chosen)


def _area(bounds: Any) -> float:
    if bounds is None:
        return float("inf")
    (s, w), (n, e) = bounds
    return float(max(0.0, n - s) * max(0.0, e - w))


def pad(bounds: Bounds, *, share: float = 0.15, minimum_span: float = 1.0) -> Bounds:
    """``bounds`` grown by ``share`` of its span on every side, and to at least
    ``minimum_span`` degrees each way (a lone pin), for context around the places.

    Examples
    --------
    >>> pad([[14.0, -6.0], [14.0, -6.0]])
    [[13.5, -6.5], [14.5, -5.5]]
    >>> pad([[10.0, 0.0], [20.0, 10.0]], share=0.1)
    [[9.0, -1.0], [21.0, 11.0]]
    """
    (s, w), (n, e) = bounds
    dy, dx = (n - s) * share, (e - w) * share
    s, n, w, e = s - dy, n + dy, w - dx, e + dx
    if n - s < minimum_span:
        mid = (n + s) / 2
        s, n = mid - minimum_span / 2, mid + minimum_span / 2
    if e - w < minimum_span:
        mid = (e + w) / 2
        w, e = mid - minimum_span / 2, mid + minimum_span / 2
    return [[max(-85.0, s), w], [min(85.0, n), e]]


def contains(bounds: Bounds, point: FocusPoint, *, margin: float = 0.5) -> bool:
    """True when ``point`` (or any part of an area's bounds) falls inside ``bounds``.

    Examples
    --------
    >>> contains([[10, -10], [20, 0]], FocusPoint(48.85, 2.35, "FR"))
    False
    >>> contains([[-22, 177], [-12, 189]], FocusPoint(-13.8, -171.8, "WS"))  # across 180°
    True
    """
    (s, w), (n, e) = bounds
    s, w, n, e = s - margin, w - margin, n + margin, e + margin
    shifts = (0.0, 360.0) if e > 180 else (0.0,)  # a view across 180°: east of it is +360
    if point.area and point.bounds is not None:
        (ps, pw), (pn, pe) = point.bounds
        return ps <= n and pn >= s and any(pw + k <= e and pe + k >= w for k in shifts)
    return s <= point.lat <= n and any(w <= point.lon + k <= e for k in shifts)
