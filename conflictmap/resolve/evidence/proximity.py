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

import math
from bisect import bisect_left, bisect_right
from collections.abc import Mapping, Sequence
from operator import itemgetter

from conflictmap.geo.geodesy import distance_km
from conflictmap.model import Place, PlaceKind
from conflictmap.resolve.evidence.base import Article, Belief, Scorer, Terms
from conflictmap.resolve.evidence.grid import KM_PER_DEGREE_BAND, AnchorGrid, Near
from conflictmap.resolve.evidence.grid import HaversineCut as _Cut
from conflictmap.tuning.resolve import ResolveTuning

__all__ = ["AnchorGrid", "Near", "Proximity", "anchors_of"]


#: the kinds of place an anchor may be
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
    believed = belief.shares
    for number, group in enumerate(article.groups):
        if group.variant or group.inside:
            continue
        shares = believed[number]
        if not shares:
            continue
        # Belief.best: the first of the most believed (a lone candidate is the best)
        best = 0 if len(shares) == 1 else max(range(len(shares)), key=shares.__getitem__)
        place = group.candidates[best].place
        if shares[best] >= min_share and place.kind in _ANCHOR_KINDS:
            anchors[group.first] = place
    _LAST_ANCHORS[:] = [(article, belief, min_share, anchors)]
    return dict(anchors)


#: the last answer of :func:`anchors_of`, with what it was asked (held, so that
#: ``is`` cannot match another article or belief made where they were)
_LAST_ANCHORS: list[tuple[Article, Belief, float, dict[int, Place]]] = []


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
    """Proximity for one article: the grid and the terms, kept while the anchors hold.

    With few anchors, what each anchor makes of the measured candidates (near, far, or
    nothing) is worked out once per article: the anchors of one round are mostly
    those of the last.
    """

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
        #: every measured candidate by latitude (made at the first anchors), and their
        #: latitudes
        self.points: list[_Measured] = []
        self.lats: list[float] = []
        #: what each anchor makes of the candidates: (group, candidate, near?) of
        #: every one within far_km of it, by the anchor's index and place
        self.reach: dict[tuple[int, str, float, float], list[tuple[int, int, bool]]] = {}
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
            groups = self.article.groups
            if not anchors:  # nothing is near
                self.terms = [[0.0] * len(group.candidates) for group in groups]
            elif len(anchors) <= self.grid.scan and type(self.unit) is Proximity:
                self.terms = self._scanned(anchors)
            else:
                self.terms = []
                for group, measured in zip(groups, self.measured, strict=True):
                    row = [0.0] * len(group.candidates)
                    for idx in measured:
                        place = group.candidates[idx].place
                        row[idx] = self.unit.term(place, self.grid, skip=group.first)
                    self.terms.append(row)
        return (self.terms,)

    def _scanned(self, anchors: Mapping[int, Place]) -> Terms:
        """:meth:`Proximity.term` of every measured candidate, for few anchors: near
        when an anchor is near it, else far when one is far (the answer of
        :meth:`AnchorGrid.nearness`'s scan, which does not depend on the order)."""
        config = self.unit.config
        if not self.points:
            self.points = _by_latitude(self.article, self.measured)
            self.lats = [point[0] for point in self.points]
        near: dict[tuple[int, int], bool] = {}
        for idx, anchor in anchors.items():
            if anchor.lat != anchor.lat:  # an anchor of no latitude is near nothing
                continue
            key = (idx, anchor.id, anchor.lat, anchor.lon)
            reach = self.reach.get(key)
            if reach is None:
                reach = self.reach[key] = self._reach(idx, anchor)
            for number, at, close in reach:
                if close:
                    near[(number, at)] = True
                else:
                    near.setdefault((number, at), False)
        terms = [[0.0] * len(group.candidates) for group in self.article.groups]
        for (number, at), close in near.items():
            terms[number][at] = config.near if close else config.far
        return terms

    def _reach(self, idx: int, anchor: Place) -> list[tuple[int, int, bool]]:
        """The measured candidates within far_km of ``anchor`` (of the name whose first
        spot is ``idx``), each with whether it is within near_km.

        Each distance is :func:`~conflictmap.geo.geodesy.distance_km`'s, its haversine
        term made by the same operations (the cosines made once per place); only a
        term too close to a cut to tell (:class:`_Cut`) is taken to kilometres.
        Candidates of the anchor's own name, and the anchor's own place, do not count.
        """
        config = self.unit.config
        near_km, far_km = config.near_km, config.far_km
        near_lo, near_hi = self.near_cut.low, self.near_cut.high
        far_lo, far_hi = self.far_cut.low, self.far_cut.high
        band = far_km / KM_PER_DEGREE_BAND
        alat, alon, aid = anchor.lat, anchor.lon, anchor.id
        p2 = math.radians(alat)
        cos2 = math.cos(p2)
        sin, radians = math.sin, math.radians
        out: list[tuple[int, int, bool]] = []
        # the candidates of the latitude band and a degree more (the band test decides)
        first = bisect_left(self.lats, alat - band - 1.0)
        last = bisect_right(self.lats, alat + band + 1.0)
        for lat, lon, p1, cos1, pid, skip, number, at in self.points[first:last]:
            if idx == skip or aid == pid or abs(alat - lat) > band:
                continue
            a = sin((p2 - p1) / 2) ** 2 + cos1 * cos2 * sin(radians(alon - lon) / 2) ** 2
            if a < near_lo:
                out.append((number, at, True))
                continue
            if a > near_hi:  # farther than near_km
                if a < far_lo or (a <= far_hi and distance_km(lat, lon, alat, alon) <= far_km):
                    out.append((number, at, False))
                continue
            km = distance_km(lat, lon, alat, alon)
            if km <= near_km:
                out.append((number, at, True))
            elif km <= far_km:
                out.append((number, at, False))
        return out


#: what :meth:`_Round._reach` reads of a measured candidate: its latitude and
#: longitude, the latitude in radians and its cosine, its place's id, its name's first
#: spot, and its group's and its own index
_Measured = tuple[float, float, float, float, str, int, int, int]


def _by_latitude(article: Article, measured: Sequence[Sequence[int]]) -> list[_Measured]:
    """Every measured candidate of ``article`` (``measured``: their indexes per group)
    with a latitude, by latitude (one of no latitude is near nothing)."""
    out = []
    for number, (group, indexes) in enumerate(zip(article.groups, measured, strict=True)):
        for at in indexes:
            place = group.candidates[at].place
            if place.lat == place.lat:
                p = math.radians(place.lat)
                out.append(
                    (place.lat, place.lon, p, math.cos(p), place.id, group.first, number, at)
                )
    out.sort(key=itemgetter(0))
    return out


def _measured(kind: PlaceKind) -> bool:
    """Points and districts are placed by proximity; regions and countries are not."""
    return kind in _MEASURED


_MEASURED = frozenset(kind for kind in PlaceKind if kind.is_point or kind is PlaceKind.DISTRICT)
