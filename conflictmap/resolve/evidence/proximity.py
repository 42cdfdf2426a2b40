"""Closeness to the places the article names with confidence.

A name whose best candidate holds at least
:attr:`~conflictmap.tuning.resolve.ResolveTuning.anchor_share` of the belief is
an *anchor* (points, districts and regions only). A point or district candidate
of another name within ``near_km`` of an anchor earns ``near``; within
``far_km``, ``far``. Anchors sit in a grid of square cells, so that an article
naming hundreds of places stays linear; while the anchors stay the same from one
round to the next, each candidate's term is reused.

Examples
--------
>>> from conflictmap.model import Place
>>> gao = Place(id="t:gao", name="Gao", lat=16.27, lon=-0.04, kind="city")
>>> grid = AnchorGrid({0: gao}, cell_degrees=1.0, scan=48)
>>> ansongo = Place(id="t:ans", name="Ansongo", lat=15.66, lon=0.50, kind="town")
>>> grid.nearness(ansongo, 100.0, 500.0, skip=1), grid.nearness(ansongo, 50.0, 500.0, skip=1)
(<Near.NEAR: 1>, <Near.FAR: 2>)
"""

from __future__ import annotations

import enum
import math
from bisect import bisect_left, bisect_right
from collections import defaultdict
from collections.abc import Mapping, Sequence
from operator import itemgetter

from conflictmap.geo.geodesy import EARTH_RADIUS_KM, distance_km
from conflictmap.model import Place, PlaceKind
from conflictmap.resolve.evidence.base import Article, Belief, Scorer, Terms
from conflictmap.tuning.resolve import ResolveTuning

__all__ = ["AnchorGrid", "Near", "Proximity", "anchors_of"]

#: kilometres in a degree of latitude, rounded down (cells are searched generously)
_KM_PER_DEGREE = 111.0
#: kilometres in a degree of latitude, rounded further down, for the scan's band
_KM_PER_DEGREE_BAND = 110.0


class Near(enum.IntEnum):
    """How close the nearest anchor is."""

    NONE = 0
    NEAR = 1
    FAR = 2


def _anchor_kind(kind: PlaceKind) -> bool:
    return kind in _ANCHOR_KINDS


_ANCHOR_KINDS = frozenset(
    kind for kind in PlaceKind if kind.is_point or kind in (PlaceKind.DISTRICT, PlaceKind.REGION)
)


def anchors_of(article: Article, belief: Belief, min_share: float) -> dict[int, Place]:
    """The confidently placed names: their first spot's index → their best place.

    A name placed only through the spellings it may be
    (:attr:`~conflictmap.resolve.groups.Group.variant`) anchors nothing, nor does one
    found only inside such a guess (``Group.inside``): as they cast no vote, they must
    not pull the article's other names towards a guess ("Sheetz" read as Schurz, Nevada).
    """
    for last in _LAST_ANCHORS:
        if last[0] is article and last[1] is belief and last[2] == min_share:
            return dict(last[3])  # proximity and named-elsewhere ask for one round's anchors
    anchors: dict[int, Place] = {}
    for number, group in enumerate(article.groups):
        if group.variant or group.inside:
            continue
        best = belief.best(number)
        if best is None:
            continue
        place = group.candidates[best].place
        if belief.shares[number][best] >= min_share and _anchor_kind(place.kind):
            anchors[group.first] = place
    _LAST_ANCHORS[:] = [(article, belief, min_share, anchors)]
    return dict(anchors)


#: the last answer of :func:`anchors_of`, with what it was asked (held, so that
#: ``is`` cannot match another article or belief made where they were)
_LAST_ANCHORS: list[tuple[Article, Belief, float, dict[int, Place]]] = []


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
        band = far / _KM_PER_DEGREE_BAND
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
        """True when an anchor in the cells around ``place`` is within ``km``."""
        span = _KM_PER_DEGREE * self.cell
        dlat = math.ceil(km / span)
        coslat = max(math.cos(math.radians(min(abs(place.lat) + dlat * self.cell, 89.0))), 0.01)
        columns = self.columns
        dlon = min(columns // 2, math.ceil(km / (span * coslat)))
        cy, cx = self._cell_of(place.lat, place.lon)
        half = columns // 2
        for y in range(cy - dlat, cy + dlat + 1):
            for x in range(cx - dlon, cx + dlon + 1):
                for idx, anchor in self.cells.get((y, (x + half) % columns - half), ()):
                    if idx == skip or anchor.id == place.id:
                        continue
                    if distance_km(place.lat, place.lon, anchor.lat, anchor.lon) <= km:
                        return True
        return False


class Proximity:
    """``near`` or ``far`` for a point or district close to another name's anchor."""

    names = ("proximity",)

    def __init__(self, config: ResolveTuning) -> None:
        self.config = config

    def start(self, article: Article) -> Scorer:
        return _Round(self, article)

    def term(self, place: Place, grid: AnchorGrid, *, skip: int) -> float:
        """The proximity term of ``place`` among the anchors of ``grid``."""
        near = grid.nearness(place, self.config.near_km, self.config.far_km, skip=skip)
        if near is Near.NEAR:
            return self.config.near
        if near is Near.FAR:
            return self.config.far
        return 0.0


class _Round:
    """Proximity for one article: the grid and the terms, kept while the anchors hold."""

    def __init__(self, unit: Proximity, article: Article) -> None:
        self.unit = unit
        self.article = article
        self.anchored: tuple[tuple[int, str], ...] | None = None
        self.grid = self._grid({})
        self.terms: Terms = []
        #: per group, the candidates proximity measures (points and districts)
        self.measured = [
            [idx for idx, c in enumerate(group.candidates) if _measured(c.place.kind)]
            for group in article.groups
        ]
        #: per group, what the scan reads of each measured candidate (made once)
        self.points = [
            [_point(number, group.candidates[number].place) for number in measured]
            for group, measured in zip(article.groups, self.measured, strict=True)
        ]
        config = unit.config
        self.near_cut = _Cut(config.near_km)
        self.far_cut = _Cut(config.far_km)

    def _grid(self, anchors: Mapping[int, Place]) -> AnchorGrid:
        config = self.unit.config
        return AnchorGrid(anchors, cell_degrees=config.grid_cell_degrees, scan=config.grid_scan)

    def __call__(self, belief: Belief) -> Sequence[Terms]:
        anchors = anchors_of(self.article, belief, self.unit.config.anchor_share)
        signature = tuple((idx, place.id) for idx, place in anchors.items())
        if signature != self.anchored:  # else the terms of the last round hold
            self.anchored = signature
            self.grid = self._grid(anchors)
            scanned = len(anchors) <= self.grid.scan and type(self.unit) is Proximity
            self.terms = []
            # by latitude (the answer does not depend on the order: any anchor near makes
            # it near, else any far makes it far); an anchor of no latitude is near nothing
            items = sorted(
                (_point(idx, a) for idx, a in self.grid.items if a.lat == a.lat),
                key=itemgetter(2),
            )
            groups = zip(self.article.groups, self.measured, self.points, strict=True)
            for group, measured, points in groups:
                row = [0.0] * len(group.candidates)
                if not anchors:  # nothing is near
                    pass
                elif scanned:
                    self._scan(points, items, row, skip=group.first)
                else:
                    for idx in measured:
                        place = group.candidates[idx].place
                        row[idx] = self.unit.term(place, self.grid, skip=group.first)
                self.terms.append(row)
        return (self.terms,)

    def _scan(
        self, points: Sequence[_Point], items: Sequence[_Point], row: list[float], *, skip: int
    ) -> None:
        """:meth:`Proximity.term` of the measured candidates (their ``points``) into
        ``row``, written out for few anchors (``items``, by latitude): the scan of
        :meth:`AnchorGrid.nearness`, over the anchors of its latitude band.

        Each distance is :func:`~conflictmap.geo.geodesy.distance_km`'s, its haversine
        term made by the same operations (the cosines made once per place); only a
        term too close to a cut to tell (:class:`_Cut`) is taken to kilometres.
        """
        config = self.unit.config
        near_km, far_km = config.near_km, config.far_km
        near_lo, near_hi = self.near_cut.low, self.near_cut.high
        far_lo, far_hi = self.far_cut.low, self.far_cut.high
        band = far_km / _KM_PER_DEGREE_BAND
        lats = [item[2] for item in items]
        sin, radians = math.sin, math.radians
        for number, pid, lat, lon, p1, cos1 in points:
            found = Near.NONE
            # the anchors of the latitude band and a degree more (the band test decides)
            first = bisect_left(lats, lat - band - 1.0)
            last = bisect_right(lats, lat + band + 1.0)
            for idx, aid, alat, alon, p2, cos2 in items[first:last]:
                if idx == skip or aid == pid or abs(alat - lat) > band:
                    continue
                a = sin((p2 - p1) / 2) ** 2 + cos1 * cos2 * sin(radians(alon - lon) / 2) ** 2
                if a < near_lo:
                    found = Near.NEAR
                    break
                if a > near_hi:  # farther than near_km
                    if a < far_lo or (a <= far_hi and distance_km(lat, lon, alat, alon) <= far_km):
                        found = Near.FAR
                    continue
                km = distance_km(lat, lon, alat, alon)
                if km <= near_km:
                    found = Near.NEAR
                    break
                if km <= far_km:
                    found = Near.FAR
            if found is Near.NEAR:
                row[number] = config.near
            elif found is Near.FAR:
                row[number] = config.far


#: what :meth:`_Round._scan` reads of a place: an index, its id, latitude and
#: longitude, the latitude in radians and its cosine
_Point = tuple[int, str, float, float, float, float]


def _point(number: int, place: Place) -> _Point:
    p = math.radians(place.lat)
    return number, place.id, place.lat, place.lon, p, math.cos(p)


class _Cut:
    """A distance in kilometres as bounds on the haversine term of
    :func:`~conflictmap.geo.geodesy.distance_km`.

    A term below :attr:`low` is surely within the distance, one above :attr:`high`
    surely beyond it: they lie a relative 1e-9 either side of the term the distance
    has, and the rounding of the square root, arcsine and products that turn the term
    into kilometres is some 1e-15. Between the two, the kilometres decide. A distance
    of a quarter of the globe or more (where the term stops growing) is all
    undecided.

    >>> cut = _Cut(100.0)
    >>> 0 < cut.low < cut.high < 1, _Cut(20000.0).low, _Cut(20000.0).high
    (True, -1.0, inf)
    """

    __slots__ = ("high", "low")

    def __init__(self, km: float) -> None:
        half_angle = km / (2 * EARTH_RADIUS_KM)
        if not 0.0 <= half_angle < 1.5:  # radians, short of the quarter turn
            self.low, self.high = -1.0, math.inf
            return
        term = math.sin(half_angle) ** 2
        self.low = term * (1 - _CUT_MARGIN)
        self.high = term * (1 + _CUT_MARGIN)


#: how far from a cut a haversine term must lie to be told without kilometres
_CUT_MARGIN = 1e-9


def _measured(kind: PlaceKind) -> bool:
    """Points and districts are placed by proximity; regions and countries are not."""
    return kind in _MEASURED


_MEASURED = frozenset(kind for kind in PlaceKind if kind.is_point or kind is PlaceKind.DISTRICT)
