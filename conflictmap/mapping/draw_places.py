"""Places on the map: pins by kind, countries as outlines, borders as lines.

Examples
--------
>>> from conflictmap.mapping.article import ArticleView
>>> from conflictmap.model import Mention, Place, Result
>>> gao = Place(id="g:1", name="Gao", lat=16.27, lon=-0.04, country="ML", kind="city")
>>> result = Result(id="a", text="Gao fell.", places=(gao,),
...                 mentions=(Mention(start=0, end=3, text="Gao", place="g:1", confidence=0.9),))
>>> canvas = Canvas(gazetteer=None, multi=False, low_confidence=0.5)
>>> add_place(canvas, 0, ArticleView(result), gao)
>>> [(item.TYPE, item.group, item.kind, item.name) for item in canvas.items]
[('pin', 'places', 'city', 'Gao')]
"""

from __future__ import annotations

from conflictmap.geo.antimeridian import cut_area, cut_line
from conflictmap.geo.shapes import bounds_latlon, line_latlngs
from conflictmap.mapping.article import ArticleView
from conflictmap.mapping.basemap import shared_outline, to_geojson
from conflictmap.mapping.canvas import Canvas
from conflictmap.mapping.focus import FocusPoint
from conflictmap.mapping.items import Area, Line, Pin, Style
from conflictmap.mapping.markers import pin_kind
from conflictmap.mapping.popups import place_popup
from conflictmap.model import LatLon, Place, Statement

__all__ = ["add_place"]

COUNTRY_STYLE = Style(color="#8c6d31", weight=1.6, opacity=0.9, fill="#f6d58e", fill_opacity=0.3)
BORDER_STYLE = Style(color="#c51b7d", weight=4, opacity=0.85, dash="9 6")


def _statements_of(view: ArticleView, place_id: str) -> list[Statement]:
    return [s for s in view.result.statements if place_id in (s.subject, s.anchor, s.anchor2)]


def add_place(canvas: Canvas, index: int, view: ArticleView, place: Place) -> None:
    """Draw ``place`` of article ``index``: an outline, a border line, or a pin."""
    kind = pin_kind(place.kind)
    item_id = f"a{index}:{place.id}"
    mentions = len(view.mentions_of(place.id))
    popup = place_popup(
        place,
        view,
        canvas.names,
        low_confidence=canvas.low_confidence,
        statements=_statements_of(view, place.id),
        show_article=canvas.multi,
    )
    where = ", ".join(x for x in (place.admin1_name, place.country) if x)
    written = view.written_name(place)  # the article's spelling; the popup has GeoNames'
    tip = f"{written} · {place.kind}" + (f" · {where}" if where else "")
    if written != place.name:
        tip += f" · GeoNames: {place.name}"
    if not kind:
        canvas.not_drawn.append(place.name)
        return
    drawn = _PlaceDrawing(canvas=canvas, index=index, place=place, item_id=item_id,
                          popup=popup, tip=tip, mentions=mentions, name=written)  # fmt: skip
    if kind == "country" and place.country and drawn.country():
        return
    if kind == "border" and drawn.border():
        return
    drawn.pin(view, kind)


class _PlaceDrawing:
    """One place of article ``index``: its pin, or its outline or border line when the
    gazetteer has the shapes."""

    def __init__(
        self,
        *,
        canvas: Canvas,
        index: int,
        place: Place,
        item_id: str,
        popup: str,
        tip: str,
        mentions: int,
        name: str,
    ) -> None:
        self.canvas = canvas
        #: the name written on the map (the article's spelling)
        self.name = name
        self.index = index
        self.place = place
        self.item_id = item_id
        self.popup = popup
        self.tip = tip
        self.mentions = mentions

    def pin(self, view: ArticleView, kind: str) -> None:
        """A pin whose icon says the kind, hollow when doubtful, badged when corrected."""
        canvas, place = self.canvas, self.place
        confidence = view.confidence(place.id)
        low = confidence is not None and confidence < canvas.low_confidence
        corrected = view.corrected(place)
        counts = canvas.counts
        counts.pins += 1
        counts.kinds.add(kind)
        counts.low |= low
        counts.corrected |= corrected
        bonus = 1 if self.mentions >= 3 else 0
        importance = min(3, {"capital": 3, "city": 2}.get(kind, 1) + bonus)
        canvas.add(
            Pin(
                group=canvas.group(self.index, "places"),
                id=self.item_id,
                kind=kind,
                at=LatLon(round(place.lat, 5), round(place.lon, 5)),
                icon=canvas.icon(kind, low=low, corrected=corrected),
                name=self.name,
                tip=self.tip,
                popup=self.popup,
                label=importance,
                z=importance,
            )
        )
        point = FocusPoint(place.lat, place.lon, place.country, max(1, self.mentions))
        canvas.follow(self.item_id, self.name, point)

    def country(self) -> bool:
        """The country's outline; False when the gazetteer has no shape for it."""
        canvas, place = self.canvas, self.place
        if canvas.gazetteer is None or not place.country:
            return False
        shape = canvas.gazetteer.shape(place.country, simple=True)
        if shape is None or shape.is_empty:
            return False
        canvas.mentioned_countries.add(place.country)
        canvas.counts.areas += 1
        canvas.outlines[self.item_id] = (place.country,)
        canvas.add(
            Area(
                group=canvas.group(self.index, "countries"),
                id=self.item_id,
                kind="country",
                name=place.name,
                geojson=to_geojson(cut_area(shape)),
                style=COUNTRY_STYLE,
                tip=self.tip,
                popup=self.popup,
            )
        )
        south_west, north_east = bounds_latlon(shape)
        point = FocusPoint(place.lat, place.lon, place.country, max(1, self.mentions), area=True,
                           bounds=(south_west, north_east))  # fmt: skip
        canvas.follow(self.item_id, place.name, point)
        return True

    def border(self) -> bool:
        """The shared border line of two countries; False when there is none to draw."""
        canvas, place = self.canvas, self.place
        codes = place.id.partition(":")[2].split("-")
        if canvas.gazetteer is None or len(codes) != 2:
            return False
        # the border as the basemap draws it (shared outline of the simplified shapes), so
        # the dashed line lies on the country outline; else the gazetteer's finer line
        line = shared_outline(canvas.gazetteer, codes[0], codes[1])
        if line is None:
            line = canvas.gazetteer.border(codes[0], codes[1])
        if line is None or line.is_empty:
            return False
        parts = line_latlngs(cut_line(line))
        if not parts:
            return False
        canvas.counts.borders += 1
        canvas.outlines[self.item_id] = (codes[0], codes[1])
        canvas.add(
            Line(
                group=canvas.group(self.index, "borders"),
                id=self.item_id,
                kind="border",
                name=place.name,
                parts=parts,
                style=BORDER_STYLE,
                tip=self.tip,
                popup=self.popup,
            )
        )
        south_west, north_east = bounds_latlon(line)
        # context: a border never widens the opening view
        point = FocusPoint(place.lat, place.lon, codes[0], 0.0, area=True,
                           bounds=(south_west, north_east), follows=self.item_id)  # fmt: skip
        canvas.follow(self.item_id, place.name, point)
        return True
