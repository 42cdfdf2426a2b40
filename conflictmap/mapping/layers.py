"""From results to a drawing: pins, outlines, border lines and statement lines, by layer.

:class:`DrawingBuilder` turns one or several :class:`~conflictmap.model.Result`
into the JSON description that the map's script draws (``assets/conflictmap/map.js``).
Each drawn thing is an *item* with a type (``pin``, ``line``, ``circle``, ``area``),
the key of the layer group it belongs to, plain-text ``name``/``tip``/``label``
(inserted with ``textContent``) and an escaped HTML ``popup``.

Examples
--------
>>> from conflictmap.model import Mention, Place, Result
>>> gao = Place(id="g:1", name="Gao", lat=16.27, lon=-0.04, country="ML", kind="city")
>>> result = Result(id="a", text="Gao fell.", places=(gao,),
...                 mentions=(Mention(start=0, end=3, text="Gao", place="g:1", confidence=0.9),))
>>> drawing = DrawingBuilder([result], gazetteer=None).build()
>>> [(i["t"], i["g"], i["name"]) for i in drawing.spec["items"]]
[('pin', 'places', 'Gao')]
>>> [g.key for g in drawing.groups]
['places']
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from conflictmap.geo.geodesy import distance_km
from conflictmap.mapping.article import ArticleView
from conflictmap.mapping.basemap import line_latlngs, to_geojson, world
from conflictmap.mapping.escape import layer_name
from conflictmap.mapping.focus import FocusPoint, contains, fit_bounds, pad
from conflictmap.mapping.markers import ESTIMATE, icon_svg, pin_kind
from conflictmap.mapping.panels import legend_panel, title_panel
from conflictmap.mapping.popups import Names, place_popup, statement_popup
from conflictmap.mapping.stated import label as statement_label
from conflictmap.mapping.stated import stated_point, verdict_colour
from conflictmap.model import Place, Result, Statement

if TYPE_CHECKING:
    from conflictmap.store.gazetteer import Gazetteer

__all__ = ["Drawing", "DrawingBuilder", "GroupSpec"]

#: Place kinds a statement line may start or end at (points, not areas).
POINT_KINDS = frozenset({"capital", "city", "town", "village", "spot", "feature"})
#: Above this many pins in one layer, pins cluster.
CLUSTER_ABOVE = 40
#: Up to this many pins, every pin carries its name on the map.
LABELS_UP_TO = 80
#: Up to this many statements, each line carries its label on the map.
LINE_LABELS_UP_TO = 12

_GROUP_NAMES = {
    "places": "Places",
    "statements": "Stated geography",
    "borders": "Borders",
    "countries": "Countries mentioned",
}


@dataclass(frozen=True, slots=True)
class GroupSpec:
    """A layer the user can switch on and off (a folium FeatureGroup)."""

    key: str
    #: shown in the layer control (Leaflet inserts it as HTML: escaped)
    name_html: str
    overlay: bool = True
    show: bool = True


@dataclass(frozen=True, slots=True)
class Drawing:
    """The JSON spec for the map's script and the layer groups it draws into."""

    spec: dict[str, Any]
    groups: tuple[GroupSpec, ...]
    cluster: bool


@dataclass
class _Counts:
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


class DrawingBuilder:
    """Builds a :class:`Drawing` from results (see :func:`~conflictmap.mapping.make_map`)."""

    def __init__(
        self,
        results: Sequence[Result],
        *,
        gazetteer: Gazetteer | None,
        tiles: bool = False,
        basemap: bool = True,
        low_confidence: float = 0.5,
        cluster: bool | None = None,
        labels: bool | None = None,
        fit: str = "focus",
    ) -> None:
        self.views = _views(results)
        self.gazetteer = gazetteer
        self.names = Names(gazetteer)
        self.tiles = tiles
        self.basemap = basemap and gazetteer is not None
        self.low_confidence = low_confidence
        self.cluster_option = cluster
        self.labels_option = labels
        self.fit = fit
        self.multi = len(self.views) > 1
        self.items: list[dict[str, Any]] = []
        self.focus: list[tuple[str, str, FocusPoint]] = []  # (item id, name, point)
        self.counts = _Counts()
        self.icons: dict[str, dict[str, Any]] = {}
        self.not_drawn: list[str] = []
        self.unplaced: list[str] = []
        self.mentioned_countries: set[str] = set()
        self.estimates_seen: set[tuple[float, float, int]] = set()

    # -- groups ----------------------------------------------------------------

    def _group(self, view_index: int, kind: str) -> str:
        return f"a{view_index}" if self.multi else kind

    def _groups(self) -> list[GroupSpec]:
        used = {item["g"] for item in self.items}
        groups = []
        if self.multi:
            seen: set[str] = set()
            for index, view in enumerate(self.views):
                key = f"a{index}"
                name = view.label
                while name in seen:  # the layer control keys layers by name
                    name += "′"
                seen.add(name)
                if key in used:
                    groups.append(GroupSpec(key, layer_name(name)))
        else:
            for key in ("places", "statements", "borders", "countries"):
                if key in used:
                    groups.append(GroupSpec(key, layer_name(_GROUP_NAMES[key])))
        if self.basemap and self.tiles:
            groups.append(
                GroupSpec("base", "Countries (offline, Natural Earth)", overlay=False, show=False)
            )
        return groups

    # -- items -----------------------------------------------------------------

    def _icon(self, kind: str, *, low: bool = False, corrected: bool = False) -> str:
        icon = icon_svg(kind, low_confidence=low, corrected=corrected)
        if icon.key not in self.icons:
            self.icons[icon.key] = {
                "svg": icon.svg,
                "size": list(icon.size),
                "anchor": [round(a, 1) for a in icon.anchor],
            }
        return icon.key

    def _statements_of(self, view: ArticleView, place_id: str) -> list[Statement]:
        return [s for s in view.result.statements if place_id in (s.subject, s.anchor, s.anchor2)]

    def _add_place(self, index: int, view: ArticleView, place: Place) -> None:
        kind = pin_kind(place.kind)
        item_id = f"a{index}:{place.id}"
        mentions = len(view.mentions_of(place.id))
        popup = place_popup(
            place,
            view,
            self.names,
            low_confidence=self.low_confidence,
            statements=self._statements_of(view, place.id),
            show_article=self.multi,
        )
        where = ", ".join(x for x in (place.admin1_name, place.country) if x)
        tip = f"{place.name} · {place.kind}" + (f" · {where}" if where else "")
        if not kind:
            self.not_drawn.append(place.name)
            return
        if (
            kind == "country"
            and place.country
            and self._add_country(index, place, item_id, popup, tip, mentions)
        ):
            return
        if kind == "border" and self._add_border(index, place, item_id, popup, tip, mentions):
            return
        confidence = view.confidence(place.id)
        low = confidence is not None and confidence < self.low_confidence
        corrected = view.corrected(place)
        self.counts.pins += 1
        self.counts.kinds.add(kind)
        self.counts.low |= low
        self.counts.corrected |= corrected
        importance = {"capital": 3, "city": 2}.get(kind, 1) + (1 if mentions >= 3 else 0)
        self.items.append(
            {
                "t": "pin",
                "g": self._group(index, "places"),
                "id": item_id,
                "kind": kind,
                "lat": round(place.lat, 5),
                "lon": round(place.lon, 5),
                "icon": self._icon(kind, low=low, corrected=corrected),
                "name": place.name,
                "tip": tip,
                "popup": popup,
                "label": min(3, importance),
                "z": min(3, importance),
            }
        )
        self.focus.append(
            (item_id, place.name, FocusPoint(place.lat, place.lon, place.country, max(1, mentions)))
        )

    def _add_country(
        self, index: int, place: Place, item_id: str, popup: str, tip: str, mentions: int
    ) -> bool:
        if self.gazetteer is None or not place.country:
            return False
        shape = self.gazetteer.shape(place.country, simple=True)
        if shape is None or shape.is_empty:
            return False
        self.mentioned_countries.add(place.country)
        self.counts.areas += 1
        self.items.append(
            {
                "t": "area",
                "g": self._group(index, "countries"),
                "id": item_id,
                "kind": "country",
                "name": place.name,
                "geojson": to_geojson(shape),
                "style": {
                    "color": "#8c6d31",
                    "weight": 1.6,
                    "opacity": 0.9,
                    "fillColor": "#f6d58e",
                    "fillOpacity": 0.3,
                },
                "tip": tip,
                "popup": popup,
            }
        )
        west, south, east, north = shape.bounds
        self.focus.append(
            (
                item_id,
                place.name,
                FocusPoint(
                    place.lat,
                    place.lon,
                    place.country,
                    max(1, mentions),
                    area=True,
                    bounds=((south, west), (north, east)),
                ),
            )
        )
        return True

    def _add_border(
        self, index: int, place: Place, item_id: str, popup: str, tip: str, mentions: int
    ) -> bool:
        codes = place.id.partition(":")[2].split("-")
        if self.gazetteer is None or len(codes) != 2:
            return False
        line = self.gazetteer.border(codes[0], codes[1])
        if line is None or line.is_empty:
            return False
        parts = line_latlngs(line)
        if not parts:
            return False
        self.counts.borders += 1
        self.items.append(
            {
                "t": "line",
                "g": self._group(index, "borders"),
                "id": item_id,
                "kind": "border",
                "name": place.name,
                "parts": parts,
                "style": {"color": "#c51b7d", "weight": 4, "opacity": 0.85, "dashArray": "9 6"},
                "tip": tip,
                "popup": popup,
            }
        )
        west, south, east, north = line.bounds
        self.focus.append(
            (
                item_id,
                place.name,
                FocusPoint(
                    place.lat,
                    place.lon,
                    codes[0],
                    0.0,
                    area=True,
                    bounds=((south, west), (north, east)),
                    follows=item_id,  # context: never widens the opening view
                ),
            )
        )
        return True

    def _point(self, view: ArticleView, pid: str | None) -> Place | None:
        if pid is None:
            return None
        place = view.result.place_by_id.get(pid) or self.names.place(pid)
        if place is None or place.kind not in POINT_KINDS:
            return None
        return place

    def _anchor_point(
        self, view: ArticleView, s: Statement, subject: Place | None
    ) -> tuple[float, float] | None:
        """Where a statement's line starts: the anchor place, or for a country anchor
        ("near Algeria") the point of its outline nearest the subject."""
        point = self._point(view, s.anchor)
        if point is not None:
            return (point.lat, point.lon)
        if subject is None or s.anchor is None or self.gazetteer is None:
            return None
        anchor = view.result.place_by_id.get(s.anchor) or self.names.place(s.anchor)
        if anchor is None or anchor.kind != "country" or not anchor.country:
            return None
        shape = self.gazetteer.shape(anchor.country, simple=True)
        if shape is None or shape.is_empty:
            return None
        from shapely.geometry import Point
        from shapely.ops import nearest_points

        spot = Point(subject.lon, subject.lat)
        if shape.contains(spot):
            return None
        nearest = nearest_points(shape.boundary, spot)[0]
        return (round(nearest.y, 4), round(nearest.x, 4))

    def _add_statement(self, index: int, number: int, view: ArticleView, s: Statement) -> None:
        """Draw a statement: the measured line, the stated ghost, the estimated spot."""
        group = self._group(index, "statements")
        item_id = f"a{index}:statement:{number}"
        popup = statement_popup(s, view, self.names, show_article=self.multi)
        subject = self._point(view, s.subject)
        start = self._anchor_point(view, s, subject)
        anchor = self._point(view, s.anchor)
        drawn = False
        if start is not None and subject is not None:
            text = statement_label(s)
            self.items.append(
                {
                    "t": "line",
                    "g": group,
                    "id": item_id,
                    "kind": "statement",
                    "parts": [[list(start), [subject.lat, subject.lon]]],
                    "style": {"color": verdict_colour(s.verdict), "weight": 3.5, "opacity": 0.9},
                    "label": text,
                    "tip": text,
                    "popup": popup,
                }
            )
            self.counts.verdicts.add(s.verdict or "unchecked")
            drawn = True
        if anchor is not None and s.estimate is None and subject is not None:
            self._add_ghost(group, item_id, anchor, s, popup)
        if s.estimate is not None:
            drawn = self._add_estimate(group, item_id, anchor, s, popup, drawn) or drawn
        if drawn:
            self.counts.statements += 1

    def _add_ghost(self, group: str, item_id: str, anchor: Place, s: Statement, popup: str) -> None:
        """A dotted line to where the stated distance and direction put the subject."""
        ghost = stated_point(anchor.lat, anchor.lon, s)
        if ghost is None:
            return
        lat, lon = round(ghost[0], 4), round(ghost[1], 4)
        self.counts.ghosts = True
        self.items.append(
            {
                "t": "line",
                "g": group,
                "kind": "stated",
                "parts": [[[anchor.lat, anchor.lon], [lat, lon]]],
                "style": {"color": "#555", "weight": 2, "opacity": 0.8, "dashArray": "2 6"},
            }
        )
        self.items.append(
            {
                "t": "circle",
                "g": group,
                "kind": "stated",
                "lat": lat,
                "lon": lon,
                "radius": 0,
                "style": {
                    "radius": 5,
                    "color": "#555",
                    "weight": 1.5,
                    "fillColor": "#fff",
                    "fillOpacity": 0.9,
                },
                "tip": f"where “{' '.join(s.text.split())}” puts it",
                "popup": popup,
            }
        )
        self.focus.append((item_id, "", FocusPoint(lat, lon, None, 0.0, follows=item_id)))

    def _add_estimate(
        self,
        group: str,
        item_id: str,
        anchor: Place | None,
        s: Statement,
        popup: str,
        drawn: bool,
    ) -> bool:
        """An estimated spot: a pin and its uncertainty circle (once per distinct spot).

        Returns False when an identical estimate was already drawn.
        """
        est = s.estimate
        assert est is not None
        key = (round(est.lat, 3), round(est.lon, 3), round(est.radius_km))
        if key in self.estimates_seen:
            return False
        self.estimates_seen.add(key)
        self.counts.estimates = True
        words = " ".join(s.text.split())
        radius_km = max(1.0, est.radius_km)
        self.items.append(
            {
                "t": "circle",
                "g": group,
                "id": item_id if not drawn else f"{item_id}:area",
                "kind": "estimate-area",
                "lat": round(est.lat, 5),
                "lon": round(est.lon, 5),
                "radius": round(radius_km * 1000),
                "style": {
                    "color": ESTIMATE.colour,
                    "weight": 1.5,
                    "dashArray": "4 4",
                    "fillColor": ESTIMATE.colour,
                    # big circles say little: keep them faint so they do not hide the map
                    "fillOpacity": 0.16 if radius_km < 50 else 0.07,
                },
                "tip": f"{words} (within {radius_km:.0f} km)",
                "popup": popup,
            }
        )
        at_anchor = anchor is not None and distance_km(anchor.lat, anchor.lon, est.lat, est.lon) < 2
        if anchor is not None and not at_anchor:
            self.counts.offsets = True
            self.items.append(
                {
                    "t": "line",
                    "g": group,
                    "kind": "offset",
                    "parts": [[[anchor.lat, anchor.lon], [round(est.lat, 5), round(est.lon, 5)]]],
                    "style": {
                        "color": verdict_colour(s.verdict),
                        "weight": 2.5,
                        "opacity": 0.85,
                        "dashArray": "6 5",
                    },
                    "tip": statement_label(s) or words,
                    "popup": popup,
                }
            )
        if not at_anchor:
            # "near Niono" is the circle around Niono's own pin; a second pin would hide it.
            self.items.append(
                {
                    "t": "pin",
                    "g": group,
                    "id": f"{item_id}:estimate",
                    "kind": "estimate",
                    "lat": round(est.lat, 5),
                    "lon": round(est.lon, 5),
                    "icon": self._icon(ESTIMATE.kind),
                    "name": words,
                    "tip": f"estimated spot: {words}",
                    "popup": popup,
                    "label": 0,
                    "z": 2,
                }
            )
        self.focus.append(
            (item_id, words, FocusPoint(est.lat, est.lon, None, 1.0, follows=item_id))
        )
        return True

    # -- the whole drawing ---------------------------------------------------------

    def build(self) -> Drawing:
        for index, view in enumerate(self.views):
            for place in view.result.places:
                self._add_place(index, view, place)
            for number, statement in enumerate(view.result.statements):
                self._add_statement(index, number, view, statement)
            self.counts.statements_total += len(view.result.statements)
            for mention in view.result.unresolved:
                self.counts.unresolved += 1
                name = " ".join(mention.text.split())
                if name not in self.unplaced:
                    self.unplaced.append(name)
        labels = self.labels_option
        if labels is None:
            labels = self.counts.pins <= LABELS_UP_TO
        if self.counts.statements > LINE_LABELS_UP_TO:
            for item in self.items:
                if item["t"] == "line":
                    item.pop("label", None)
        cluster_keys = self._cluster_keys()
        fit = self._fit()
        spec: dict[str, Any] = {
            "icons": self.icons,
            "items": self.items,
            "labels": labels,
            "cluster": cluster_keys,
            "fit": fit,
            "max_fit_zoom": 10 if self.tiles else 8,
            "attribution": [
                "Places: GeoNames (CC BY 4.0)",
                "Shapes: Natural Earth",
            ],
            "title": self._title(fit),
            "legend": legend_panel(
                kinds=sorted(self.counts.kinds),
                verdicts=sorted(self.counts.verdicts),
                low=self.counts.low,
                corrected=self.counts.corrected,
                areas=self.counts.areas > 0,
                borders=self.counts.borders > 0,
                estimates=self.counts.estimates,
                offsets=self.counts.offsets,
                ghosts=self.counts.ghosts,
            ),
        }
        if self.basemap and self.gazetteer is not None:
            base = world(self.gazetteer)
            spec["basemap"] = {
                "world": base.geojson,
                "labels": [
                    [*label.to_list(), int(label.code in self.mentioned_countries)]
                    for label in base.labels
                ],
            }
            spec["basemap_group"] = "base" if self.tiles else None
        return Drawing(spec, tuple(self._groups()), bool(cluster_keys))

    def _cluster_keys(self) -> list[str]:
        if self.cluster_option is False:
            return []
        pins: dict[str, int] = {}
        for item in self.items:
            if item["t"] == "pin":
                pins[item["g"]] = pins.get(item["g"], 0) + 1
        if self.cluster_option:
            return sorted(pins)
        return sorted(g for g, n in pins.items() if n > CLUSTER_ABOVE)

    def _fit(self) -> list[list[float]] | None:
        points = [p for _, _, p in self.focus]
        bounds = fit_bounds(points, everything=self.fit == "all")
        if bounds is None:
            return None
        return [[round(v, 4) for v in corner] for corner in pad(bounds)]

    def _title(self, fit: list[list[float]] | None) -> str:
        elsewhere: list[tuple[str, str]] = []
        seen: set[str] = set()
        if fit is not None:
            for item_id, name, point in self.focus:
                if not name or point.follows or item_id in seen:
                    continue
                if not contains(fit, point):
                    seen.add(item_id)
                    elsewhere.append((item_id, name))
        c = self.counts
        bits = [f"{c.pins} place{'s' * (c.pins != 1)}"]
        if c.areas:
            bits.append(f"{c.areas} countr{'ies' if c.areas != 1 else 'y'}")
        if c.borders:
            bits.append(f"{c.borders} border{'s' * (c.borders != 1)}")
        if c.statements_total:
            n = c.statements_total
            bits.append(f"{n} statement{'s' * (n != 1)}")
        if c.unresolved:
            bits.append(f"{c.unresolved} unresolved")
        if self.multi:
            titles = [f"{len(self.views)} articles"] + [
                f"{v.label}: {v.title}" if v.title else v.label for v in self.views
            ]
        else:
            view = self.views[0] if self.views else None
            titles = [view.title or view.label] if view is not None else ["conflictmap"]
        notes = []
        if self.not_drawn:
            notes.append("Also named, not drawn: " + _list(self.not_drawn))
        if self.unplaced:
            notes.append("Found but not placed: " + _list([f"“{u}”" for u in self.unplaced]))
        return title_panel(titles, summary=" · ".join(bits), elsewhere=elsewhere, notes=notes)


def _list(names: Sequence[str], limit: int = 8) -> str:
    """``a, b, c`` (and ``… and N more`` past ``limit``)."""
    shown = ", ".join(names[:limit])
    return shown + (f" … and {len(names) - limit} more" if len(names) > limit else "")


def _views(results: Sequence[Result]) -> list[ArticleView]:
    views = []
    for index, result in enumerate(results):
        label = str(result.id) if result.id not in (None, "") else f"article {index + 1}"
        views.append(ArticleView(result, label=label))
    return views
