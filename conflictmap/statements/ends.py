"""Which places a statement ties together: its subject and anchors as the judge needs them.

Not every phrase the parser finds is geography: "talks between Mali and France",
"near Malian troops", "outside of Libya" say nothing about where a spot is, and a
country or a region is no subject ("Mali, 400 km north of ..."). :class:`EndFinder`
drops those, turns anchors into :class:`~conflictmap.statements.geometry.Anchor`
shapes, and resolves a border named by one country ("the border with Mauritania")
to the shared border with the article's own country.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from conflictmap.model import Place, PlaceKind, StatementKind
from conflictmap.statements.base import Parsed
from conflictmap.statements.borders import border_codes, partner_country
from conflictmap.statements.geometry import Anchor, Geometries

__all__ = ["EndFinder", "Ends", "described", "is_dropped"]

#: "near"-like cues that say nothing useful about a whole country ("outside of Libya")
_LOOSE_CUES = frozenset(
    {"outside", "outside of", "just outside", "just outside of", "around", "next to", "adjacent to"}
)
_BIG = frozenset({PlaceKind.COUNTRY, PlaceKind.CONTINENT})
_REGIONS = frozenset({PlaceKind.REGION, PlaceKind.DISTRICT})
_BORDERS = frozenset({StatementKind.BORDER, StatementKind.ALONG_BORDER})
_NEARS = frozenset({StatementKind.NEAR, StatementKind.OUTSKIRTS})
_BETWEENS = frozenset({StatementKind.BETWEEN, StatementKind.ROAD_BETWEEN})
_POSITIONS = frozenset({StatementKind.OFFSET, StatementKind.DISTANCE, StatementKind.DIRECTION})


@dataclass(frozen=True, slots=True, kw_only=True)
class Ends:
    """A statement's subject and anchors, or why it has none (``note``) or is no statement."""

    subject: Place | None = None
    anchor: Anchor | None = None
    anchor2: Anchor | None = None
    #: the phrase is not geography: no statement at all
    dropped: bool = False
    note: str | None = None


_DROPPED = Ends(dropped=True)


def described(
    kind: StatementKind,
    subject: Place | None,
    anchor: Place | None,
    *,
    predicated: bool = False,
) -> Place | None:
    """``subject`` when it is a place the statement can describe, else ``None``.

    A border, the anchor itself, or an area (outside ``part-of``) is no subject
    ("Mali, 400 km north of ...", "Alberta around Hinton": no point), except a
    region or district a verb links to the statement ("Marib is 120 km west of
    Sanaa": judged from the region's centre point); in ``part-of`` a country or
    continent is one only as a part of a continent.

    Examples
    --------
    >>> from conflictmap.model import Place, StatementKind
    >>> mali = Place(id="t:ml", name="Mali", lat=17.0, lon=-4.0, country="ML", kind="country")
    >>> gao = Place(id="t:gao", name="Gao", lat=16.27, lon=-0.04, country="ML", kind="city")
    >>> described(StatementKind.OFFSET, mali, gao), described(StatementKind.OFFSET, gao, mali).name
    (None, 'Gao')
    """
    if subject is None:
        return None
    if (anchor is not None and subject.id == anchor.id) or subject.kind is PlaceKind.BORDER:
        return None
    if kind is not StatementKind.PART_OF:
        if predicated and subject.kind in _REGIONS:
            return subject
        return None if subject.kind.is_area else subject
    if subject.kind in _BIG and (anchor is None or anchor.kind is not PlaceKind.CONTINENT):
        return None  # a country is a part only of a continent
    return subject


def is_dropped(item: Parsed, anchor: Place, anchor2: Place | None) -> bool:
    """Whether a (non-border) phrase with a known anchor is no geography at all.

    Examples
    --------
    >>> from conflictmap.model import Place, StatementKind
    >>> libya = Place(id="t:ly", name="Libya", lat=27.0, lon=17.0, kind="country")
    >>> outside = Parsed(kind=StatementKind.NEAR, start=0, end=1, anchor=0, cue="outside of")
    >>> near = Parsed(kind=StatementKind.NEAR, start=0, end=1, anchor=0, cue="near")
    >>> is_dropped(outside, libya, None), is_dropped(near, libya, None)
    (True, False)
    """
    kind = item.kind
    if kind in _NEARS and anchor.kind in _BIG:
        loose = (item.cue or "") in _LOOSE_CUES
        if kind is StatementKind.OUTSKIRTS or loose or anchor.kind is PlaceKind.CONTINENT:
            return True
    if kind in _BETWEENS:  # "talks between Mali and France"
        return anchor2 is None or anchor.kind.is_area or anchor2.kind.is_area
    return kind in _POSITIONS and anchor.kind is PlaceKind.CONTINENT


class EndFinder:
    """Finds the ends of an article's statements, adding the border places it needs."""

    def __init__(
        self, geometries: Geometries, places: Mapping[str, Place], focus: Mapping[str, float]
    ) -> None:
        self.geometries = geometries
        self.places = places
        self.focus = focus
        #: border places the statements introduced, by id
        self.added: dict[str, Place] = {}

    def ends(
        self, item: Parsed, subject: Place | None, anchor: Place | None, anchor2: Place | None
    ) -> Ends:
        """The ends of ``item`` read with these places for its mentions."""
        subject = described(item.kind, subject, anchor, predicated=item.predicated)
        if item.kind in _BORDERS:
            return self._border_ends(subject, anchor, anchor2)
        if anchor is None:
            return Ends(subject=subject, note="the anchor is not in the gazetteer")
        if is_dropped(item, anchor, anchor2):
            return _DROPPED
        anchor_ = self.geometries.anchor(anchor)
        if item.kind in _BETWEENS and anchor2 is not None:
            return Ends(subject=subject, anchor=anchor_, anchor2=self.geometries.anchor(anchor2))
        return Ends(subject=subject, anchor=anchor_)

    def _border_ends(
        self, subject: Place | None, anchor: Place | None, anchor2: Place | None
    ) -> Ends:
        if anchor is None:
            return Ends(subject=subject, note="the border's country is not in the gazetteer")
        if border_codes(anchor.id) is not None:
            return Ends(subject=subject, anchor=self.geometries.anchor(anchor))
        if anchor.kind is not PlaceKind.COUNTRY or not anchor.country:
            return _DROPPED  # "the Gao border"?
        side = anchor.country
        other = self._other_side(side, subject, anchor2)
        if other is None:
            note = f"no country of the article shares a border with {anchor.name}"
            return Ends(subject=subject, note=note)
        place = self.geometries.border_place(side, other)
        if place is None:
            return Ends(subject=subject, note=f"no shared border {side}–{other}")
        place = self.places.get(place.id, place)
        self.added.setdefault(place.id, place)
        return Ends(subject=subject, anchor=self.geometries.anchor(place))

    def _other_side(self, side: str, subject: Place | None, anchor2: Place | None) -> str | None:
        """The other country of a border: the one named, else one the article is about."""
        if anchor2 is not None and anchor2.kind is PlaceKind.COUNTRY and anchor2.country:
            return anchor2.country
        return partner_country(
            side,
            self.focus,
            shares_border=self.geometries.shares_border,
            prefer=subject.country if subject is not None else None,
        )
