"""The drawing under construction: items, icons, focus points and what was counted.

:class:`Canvas` is what :mod:`.draw_places` and :mod:`.draw_statements` add to,
and what :class:`~conflictmap.mapping.layers.DrawingBuilder` turns into a
drawing; :class:`Counts` feeds the title panel and the legend.

Examples
--------
>>> canvas = Canvas(gazetteer=None, multi=False, low_confidence=0.5)
>>> canvas.group(0, "places"), Canvas(gazetteer=None, multi=True, low_confidence=0.5).group(2, "places")
('places', 'a2')
>>> canvas.icon("city"), sorted(canvas.icons)
('city', ['city'])
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from conflictmap.events import Event
from conflictmap.mapping.focus import FocusPoint
from conflictmap.mapping.items import Item
from conflictmap.mapping.markers import icon_svg
from conflictmap.mapping.popups import Names

if TYPE_CHECKING:
    from conflictmap.store.gazetteer import Gazetteer

__all__ = ["Canvas", "Counts", "DrawnEvent", "Focus"]


@dataclass
class Counts:
    """What was drawn, for the title panel's summary and the legend's rows."""

    pins: int = 0
    areas: int = 0
    borders: int = 0
    statements: int = 0
    statements_total: int = 0
    unresolved: int = 0
    kinds: set[str] = field(default_factory=set)
    verdicts: set[str] = field(default_factory=set)
    low: bool = False
    corrected: bool = False
    estimates: bool = False
    offsets: bool = False
    ghosts: bool = False
    roads: bool = False


@dataclass(frozen=True, slots=True, kw_only=True)
class Focus:
    """A drawn thing's place in the opening view (see :mod:`.focus`)."""

    #: the drawn item's id (what a click in the title panel flies to)
    item_id: str
    #: its name in the title panel's "elsewhere" list ("" for none)
    name: str
    point: FocusPoint


@dataclass(frozen=True, slots=True, kw_only=True)
class DrawnEvent:
    """An event on the map and the marker that holds it (one marker per spot)."""

    #: the article's index and the event's index among its events
    view: int
    number: int
    event: Event
    #: the item id of its marker, and the marker's layer group
    marker: str
    group: str
    #: where it is, as the map writes it ("Diabaly", "estimated spot near Gao")
    where: str


class Canvas:
    """The drawing's options and everything added to it so far."""

    def __init__(self, *, gazetteer: Gazetteer | None, multi: bool, low_confidence: float) -> None:
        self.gazetteer = gazetteer
        self.names = Names(gazetteer)
        self.multi = multi
        self.low_confidence = low_confidence
        self.items: list[Item] = []
        self.focus: list[Focus] = []
        self.counts = Counts()
        self.icons: dict[str, dict[str, Any]] = {}
        #: names of places that have no drawable kind, in order
        self.not_drawn: list[str] = []
        self.mentioned_countries: set[str] = set()
        #: item id → the country code(s) a country's area (one) or a border line (two)
        #: is drawn from (redrawn at the view's resolution, see :mod:`.coast`)
        self.outlines: dict[str, tuple[str, ...]] = {}
        #: ``(lat, lon, radius km)`` of estimates already drawn
        self.estimates_seen: set[tuple[float, float, int]] = set()
        #: the events drawn, marker by marker (the timeline, the title panel's list)
        self.events: list[DrawnEvent] = []

    def group(self, view_index: int, kind: str) -> str:
        """The layer group key: one per article on a map of several, else one per kind."""
        return f"a{view_index}" if self.multi else kind

    def icon(self, kind: str, *, low: bool = False, corrected: bool = False) -> str:
        """The key of the icon for ``kind``, added to the icon table on first use."""
        icon = icon_svg(kind, low_confidence=low, corrected=corrected)
        if icon.key not in self.icons:
            self.icons[icon.key] = {
                "svg": icon.svg,
                "size": list(icon.size),
                "anchor": [round(a, 1) for a in icon.anchor],
            }
        return icon.key

    def add(self, item: Item) -> None:
        self.items.append(item)

    def follow(self, item_id: str, name: str, point: FocusPoint) -> None:
        """Record where ``item_id`` is drawn, for the opening view and the title panel."""
        self.focus.append(Focus(item_id=item_id, name=name, point=point))
