"""From results to a drawing: pins, outlines, border lines and statement lines, by layer.

:class:`DrawingBuilder` turns one or several :class:`~conflictmap.model.Result`
into a :class:`Drawing`: typed items (:mod:`.items`) in layer groups, which
:meth:`Drawing.spec` writes out as the JSON the map's script draws
(``assets/conflictmap/map.js``). Places are drawn by :mod:`.draw_places`,
statements by :mod:`.draw_statements`, the title panel's text by :mod:`.summary`.

Examples
--------
>>> from conflictmap.model import Mention, Place, Result
>>> gao = Place(id="g:1", name="Gao", lat=16.27, lon=-0.04, country="ML", kind="city")
>>> result = Result(id="a", text="Gao fell.", places=(gao,),
...                 mentions=(Mention(start=0, end=3, text="Gao", place="g:1", confidence=0.9),))
>>> drawing = DrawingBuilder([result], gazetteer=None).build()
>>> [(i.TYPE, i.group, i.name) for i in drawing.items]
[('pin', 'places', 'Gao')]
>>> [g.key for g in drawing.groups], drawing.spec()["items"][0]["t"]
(['places'], 'pin')
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from conflictmap.mapping.article import ArticleView
from conflictmap.mapping.basemap import locator, world
from conflictmap.mapping.canvas import Canvas, Counts
from conflictmap.mapping.coast import Detail, redraw
from conflictmap.mapping.draw_places import add_place
from conflictmap.mapping.draw_statements import add_statement
from conflictmap.mapping.escape import layer_name
from conflictmap.mapping.events import add_events, event_legend, event_panel, timeline_spec
from conflictmap.mapping.focus import Bounds, fit_bounds, pad
from conflictmap.mapping.items import Item, Line, Pin
from conflictmap.mapping.orientation import orientation, towns
from conflictmap.mapping.panels import Heading, legend_panel
from conflictmap.mapping.summary import title_html
from conflictmap.model import Result

if TYPE_CHECKING:
    from conflictmap.store.gazetteer import Gazetteer

__all__ = ["CLUSTER_ABOVE", "Drawing", "DrawingBuilder", "GroupSpec"]

#: Above this many pins in one layer, pins cluster.
CLUSTER_ABOVE = 40
#: Up to this many pins, every pin carries its name on the map.
LABELS_UP_TO = 80
#: Up to this many statements, each line carries its label on the map.
LINE_LABELS_UP_TO = 12
ATTRIBUTION = ("Places: GeoNames (CC BY 4.0)", "Shapes: Natural Earth")

_GROUP_NAMES = {
    "places": "Places",
    "statements": "Stated geography",
    "borders": "Borders",
    "countries": "Countries mentioned",
    "events": "Events",
}


@dataclass(frozen=True, slots=True)
class GroupSpec:
    """A layer the user can switch on and off (a folium FeatureGroup)."""

    key: str
    #: shown in the layer control (Leaflet inserts it as HTML: escaped)
    name_html: str
    overlay: bool = True
    show: bool = True


@dataclass(frozen=True, slots=True, kw_only=True)
class Basemap:
    """The offline world: country outlines (GeoJSON) and label rows for the script."""

    world: dict[str, Any]
    #: ``[*CountryLabel.to_list(), 1 if the article names the country else 0]``
    labels: list[list[Any]]
    #: the layer group it is drawn into (``None``: the map's own base layer)
    group: str | None
    #: the small world map of the locator inset (see :class:`~.basemap.Locator`)
    locator: dict[str, Any]
    #: first-level boundaries, rivers and lakes of the view (:mod:`.orientation`)
    orientation: dict[str, Any] | None = None
    #: ``[lat, lon, label]`` of unnamed large towns in the view, for orientation
    towns: list[list[Any]] | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class Drawing:
    """Everything the map's script draws, and the layer groups it draws into."""

    items: tuple[Item, ...]
    groups: tuple[GroupSpec, ...]
    #: icon key → ``{"svg", "size", "anchor"}``
    icons: dict[str, dict[str, Any]]
    #: write each pin's name on the map
    labels: bool
    #: the groups whose pins cluster
    cluster_groups: tuple[str, ...]
    #: ``[[south, west], [north, east]]`` to open on (``None``: nothing drawn)
    fit: Bounds | None
    max_fit_zoom: int
    title_html: str
    legend_html: str
    basemap: Basemap | None
    #: the events' timeline (see :func:`~.events.timeline_spec`); ``None``: no control
    timeline: dict[str, Any] | None = None

    @property
    def cluster(self) -> bool:
        """True when some pins cluster (the page then ships the clustering plugin)."""
        return bool(self.cluster_groups)

    def spec(self) -> dict[str, Any]:
        """The JSON the map's script takes (see ``assets/conflictmap/map.js``)."""
        out: dict[str, Any] = {
            "icons": self.icons,
            "items": [item.to_json() for item in self.items],
            "labels": self.labels,
            "cluster": list(self.cluster_groups),
            "fit": self.fit,
            "max_fit_zoom": self.max_fit_zoom,
            "attribution": list(ATTRIBUTION),
            "title": self.title_html,
            "legend": self.legend_html,
        }
        if self.basemap is not None:
            out["basemap"] = {"world": self.basemap.world, "labels": self.basemap.labels}
            if self.basemap.orientation is not None:
                out["basemap"]["orientation"] = self.basemap.orientation
            if self.basemap.towns:
                out["basemap"]["towns"] = self.basemap.towns
            out["locator"] = self.basemap.locator
            out["basemap_group"] = self.basemap.group
        if self.timeline is not None:
            out["timeline"] = self.timeline
        return out


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
        heading: Heading | None = None,
    ) -> None:
        self.views = _views(results)
        self.heading = heading
        self.tiles = tiles
        self.basemap = basemap and gazetteer is not None
        self.cluster_option = cluster
        self.labels_option = labels
        self.fit = fit
        self.multi = len(self.views) > 1
        self.canvas = Canvas(gazetteer=gazetteer, multi=self.multi, low_confidence=low_confidence)
        self.unplaced: list[str] = []

    def _groups(self) -> list[GroupSpec]:
        used = {item.group for item in self.canvas.items}
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
            for key in ("places", "statements", "borders", "countries", "events"):
                if key in used:
                    groups.append(GroupSpec(key, layer_name(_GROUP_NAMES[key])))
        if self.basemap and self.tiles:
            groups.append(
                GroupSpec("base", "Countries (offline, Natural Earth)", overlay=False, show=False)
            )
        return groups

    def _draw(self) -> None:
        canvas = self.canvas
        for index, view in enumerate(self.views):
            for place in view.result.places:
                add_place(canvas, index, view, place)
            for number, statement in enumerate(view.result.statements):
                add_statement(canvas, index, number, view, statement)
            canvas.counts.statements_total += len(view.result.statements)
            add_events(canvas, index, view)
            for mention in view.result.unresolved:
                canvas.counts.unresolved += 1
                name = " ".join(mention.text.split())
                if name not in self.unplaced:
                    self.unplaced.append(name)
        if canvas.counts.statements > LINE_LABELS_UP_TO:
            canvas.items = [
                dataclasses.replace(item, label=None) if isinstance(item, Line) else item
                for item in canvas.items
            ]

    def build(self) -> Drawing:
        self._draw()
        canvas, counts = self.canvas, self.canvas.counts
        labels = self.labels_option
        if labels is None:
            labels = counts.pins <= LABELS_UP_TO
        fit = self._fit()
        title = title_html(self.views, counts, focus=canvas.focus, fit=fit,
                           not_drawn=canvas.not_drawn, unplaced=self.unplaced,
                           heading=self.heading)  # fmt: skip
        title += event_panel(canvas, [v.label for v in self.views] if self.multi else None)
        basemap, detail = self._basemap(fit)
        items = canvas.items if detail is None else redraw(canvas.items, canvas.outlines, detail)
        return Drawing(
            items=tuple(items),
            groups=tuple(self._groups()),
            icons=canvas.icons,
            labels=labels,
            cluster_groups=tuple(self._cluster_keys()),
            fit=fit,
            max_fit_zoom=10 if self.tiles else 8,
            title_html=title,
            legend_html=_legend(counts, basemap) + event_legend(canvas),
            basemap=basemap,
            timeline=timeline_spec(canvas),
        )

    def _basemap(self, fit: Bounds | None) -> tuple[Basemap | None, Detail | None]:
        """The basemap, and the countries of the view at its resolution (:mod:`.coast`)."""
        gazetteer = self.canvas.gazetteer
        if not self.basemap or gazetteer is None:
            return None, None
        base = world(gazetteer)
        mentioned = self.canvas.mentioned_countries
        labels = [[*label.to_list(), int(label.code in mentioned)] for label in base.labels]
        view = None if fit is None else (fit[0][0], fit[0][1], fit[1][0], fit[1][1])
        places = [p for v in self.views for p in v.result.places]
        named = [p.geonames_id for p in places if p.geonames_id is not None]
        pins = [(p.lat, p.lon) for p in places if p.kind.is_point]
        detail = Detail(gazetteer, view, base.shapes) if view is not None else None
        return Basemap(world=detail.world(base.geojson) if detail else base.geojson,
                       labels=labels, group="base" if self.tiles else None,
                       locator=locator(gazetteer).to_json(),
                       orientation=orientation(gazetteer, view) if view is not None else None,
                       towns=towns(view, named, pins) if view is not None else None), detail  # fmt: skip

    def _cluster_keys(self) -> list[str]:
        if self.cluster_option is False:
            return []
        pins: dict[str, int] = {}
        for item in self.canvas.items:
            # event markers sit beside their place's pin: they never make a layer cluster
            # (a cluster of an article's events alone broke the page: "Map has no maxZoom")
            if isinstance(item, Pin) and item.kind != "event":
                pins[item.group] = pins.get(item.group, 0) + 1
        if self.cluster_option:
            return sorted(pins)
        return sorted(g for g, n in pins.items() if n > CLUSTER_ABOVE)

    def _fit(self) -> Bounds | None:
        points = [f.point for f in self.canvas.focus]
        bounds = fit_bounds(points, everything=self.fit == "all")
        if bounds is None:
            return None
        return [[round(v, 4) for v in corner] for corner in pad(bounds)]


def _legend(counts: Counts, basemap: Basemap | None) -> str:
    drawn = [f["properties"]["k"] for f in (basemap.orientation or {}).get("features", [])
             ] if basemap is not None else []  # fmt: skip
    if basemap is not None and basemap.towns:
        drawn.append("town")
    return legend_panel(
        kinds=sorted(counts.kinds),
        verdicts=sorted(counts.verdicts),
        low=counts.low,
        corrected=counts.corrected,
        areas=counts.areas > 0,
        borders=counts.borders > 0,
        estimates=counts.estimates,
        offsets=counts.offsets,
        ghosts=counts.ghosts,
        roads=counts.roads,
        basemap=drawn,
    )


def _views(results: Sequence[Result]) -> list[ArticleView]:
    views = []
    for index, result in enumerate(results):
        label = str(result.id) if result.id not in (None, "") else f"article {index + 1}"
        views.append(ArticleView(result, label=label))
    return views
