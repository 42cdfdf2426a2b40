"""The anchors of an article in a grid of cells: is one within a distance of a place?

:class:`AnchorGrid` answers :meth:`~AnchorGrid.nearness` for
:mod:`conflictmap.resolve.evidence.proximity`: with few anchors by a scan banded by
latitude, with many by the cells around the place (an article naming hundreds of
places stays linear). :class:`HaversineCut` tells a distance from its haversine
term without the kilometres where the term is far from the cut.

Examples
--------
>>> from conflictmap.model import Place
>>> gao = Place(id="t:gao", name="Gao", lat=16.27, lon=-0.04, kind="city")
>>> grid = AnchorGrid({0: gao}, cell_degrees=1.0, scan=0)
>>> ansongo = Place(id="t:ans", name="Ansongo", lat=15.66, lon=0.50, kind="town")
>>> grid.nearness(ansongo, 100.0, 500.0, skip=1), grid.nearness(ansongo, 50.0, 500.0, skip=1)
(<Near.NEAR: 1>, <Near.FAR: 2>)
"""

from __future__ import annotations

import enum
import math
from bisect import bisect_left, bisect_right
from collections import defaultdict
from collections.abc import Mapping

from conflictmap.geo.geodesy import EARTH_RADIUS_KM, distance_km
from conflictmap.model import Place

__all__ = ["CUT_MARGIN", "KM_PER_DEGREE_BAND", "AnchorGrid", "HaversineCut", "Near"]

#: kilometres in a degree of latitude, rounded down (cells are searched generously)
_KM_PER_DEGREE = 111.0
#: kilometres in a degree of latitude, rounded further down, for the scan's band
KM_PER_DEGREE_BAND = 110.0


class Near(enum.IntEnum):
    """How close the nearest anchor is."""

    NONE = 0
    NEAR = 1
    FAR = 2


class AnchorGrid:
    """Anchors in square cells, to find one within a distance in constant time."""

    def __init__(self, anchors: Mapping[int, Place], *, cell_degrees: float, scan: int) -> None:
        self.items = list(anchors.items())
        self.cell = cell_degrees
        #: up to this many anchors, :meth:`nearness` scans them all instead
        self.scan = scan
        self.columns = math.ceil(360 / cell_degrees)
        self.cells: dict[tuple[int, int], list[tuple[int, Place]]] = defaultdict(list)
        for idx, place in self.items:
            self.cells[self._cell_of(place.lat, place.lon)].append((idx, place))
        #: per row of cells, its occupied columns in order and their anchors, each with
        #: its latitude in radians and the cosine (the haversine's, made once)
        self.rows: dict[int, tuple[list[int], list[list[_Anchor]]]] = {}
        for y, x in sorted(self.cells):
            columns, buckets = self.rows.setdefault(y, ([], []))
            columns.append(x)
            buckets.append([_anchor(idx, place) for idx, place in self.cells[(y, x)]])
        self.cuts: dict[float, HaversineCut] = {}

    def _cell_of(self, lat: float, lon: float) -> tuple[int, int]:
        # Columns wrap round the globe, so that 180 and -180 fall in one column.
        half = self.columns // 2
        column = (math.floor(lon / self.cell) + half) % self.columns - half
        return math.floor(lat / self.cell), column

    def nearness(self, place: Place, near: float, far: float, *, skip: int) -> Near:
        """Whether an anchor is within ``near`` km of ``place``, else within ``far``.

        Anchors other than ``skip`` (and not ``place`` itself) count. Few anchors are
        scanned in one pass, banded by latitude; many are looked up in the grid.
        """
        if len(self.items) > self.scan:
            if self._grid_within(place, near, skip=skip):
                return Near.NEAR
            return Near.FAR if self._grid_within(place, far, skip=skip) else Near.NONE
        band = far / KM_PER_DEGREE_BAND
        found = Near.NONE
        for idx, anchor in self.items:
            if idx == skip or anchor.id == place.id or abs(anchor.lat - place.lat) > band:
                continue
            km = distance_km(place.lat, place.lon, anchor.lat, anchor.lon)
            if km <= near:
                return Near.NEAR
            if km <= far:
                found = Near.FAR
        return found

    def _grid_within(self, place: Place, km: float, *, skip: int) -> bool:
        """True when an anchor in the cells around ``place`` is within ``km``.

        The cells are those of a window of rows and columns (wrapping round the globe);
        each row's occupied columns in the window are found by bisection, so empty cells
        cost nothing. A distance is told from its haversine term where that is far from
        the cut (:class:`HaversineCut`), else by :func:`~conflictmap.geo.geodesy.distance_km`.
        """
        span = _KM_PER_DEGREE * self.cell
        dlat = math.ceil(km / span)
        coslat = max(math.cos(math.radians(min(abs(place.lat) + dlat * self.cell, 89.0))), 0.01)
        columns = self.columns
        dlon = min(columns // 2, math.ceil(km / (span * coslat)))
        cy, cx = self._cell_of(place.lat, place.lon)
        windows = _windows(cx, dlon, columns)
        cut = self.cuts.get(km)
        if cut is None:
            cut = self.cuts[km] = HaversineCut(km)
        low, high = cut.low, cut.high
        lat, lon, pid = place.lat, place.lon, place.id
        p1 = math.radians(lat)
        cos1 = math.cos(p1)
        sin, radians = math.sin, math.radians
        for y in range(cy - dlat, cy + dlat + 1):
            row = self.rows.get(y)
            if row is None:
                continue
            occupied, buckets = row
            for first, last in windows:
                for bucket in buckets[bisect_left(occupied, first) : bisect_right(occupied, last)]:
                    for idx, aid, alat, alon, p2, cos2 in bucket:
                        if idx == skip or aid == pid:
                            continue
                        a = (
                            sin((p2 - p1) / 2) ** 2
                            + cos1 * cos2 * sin(radians(alon - lon) / 2) ** 2
                        )
                        if a < low or (a <= high and distance_km(lat, lon, alat, alon) <= km):
                            return True
        return False


#: an anchor as the grid reads it: its index, place id, latitude, longitude, latitude
#: in radians and that latitude's cosine
_Anchor = tuple[int, str, float, float, float, float]


def _anchor(idx: int, place: Place) -> _Anchor:
    p = math.radians(place.lat)
    return idx, place.id, place.lat, place.lon, p, math.cos(p)


def _windows(cx: int, dlon: int, columns: int) -> list[tuple[int, int]]:
    """The columns ``cx - dlon`` to ``cx + dlon``, wrapped round the globe, as one or two
    ranges of column numbers (columns run from ``-(columns // 2)``, as cells number them)."""
    half = columns // 2
    first, last = -half, columns - half - 1
    if 2 * dlon + 1 >= columns:
        return [(first, last)]
    lo, hi = cx - dlon, cx + dlon
    if lo < first:
        return [(lo + columns, last), (first, hi)]
    if hi > last:
        return [(lo, last), (first, hi - columns)]
    return [(lo, hi)]


class HaversineCut:
    """A distance in kilometres as bounds on the haversine term of
    :func:`~conflictmap.geo.geodesy.distance_km`.

    A term below :attr:`low` is surely within the distance, one above :attr:`high`
    surely beyond it: they lie a relative 1e-9 either side of the term the distance
    has, and the rounding of the square root, arcsine and products that turn the term
    into kilometres is some 1e-15. Between the two, the kilometres decide. A distance
    of a quarter of the globe or more (where the term stops growing) is all
    undecided.

    >>> cut = HaversineCut(100.0)
    >>> 0 < cut.low < cut.high < 1, HaversineCut(20000.0).low, HaversineCut(20000.0).high
    (True, -1.0, inf)
    """

    __slots__ = ("high", "low")

    def __init__(self, km: float) -> None:
        half_angle = km / (2 * EARTH_RADIUS_KM)
        if not 0.0 <= half_angle < 1.5:  # radians, short of the quarter turn
            self.low, self.high = -1.0, math.inf
            return
        term = math.sin(half_angle) ** 2
        self.low = term * (1 - CUT_MARGIN)
        self.high = term * (1 + CUT_MARGIN)


#: how far from a cut a haversine term must lie to be told without kilometres
CUT_MARGIN = 1e-9
