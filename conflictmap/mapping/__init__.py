"""Interactive maps of results: self-contained, offline, safe with untrusted text.

:func:`make_map` draws one or several :class:`~conflictmap.model.Result` on a
Folium map:

* **places** as pins whose shape and colour say their kind (capital, city, town,
  village, region...), hollow and dashed when the match is doubtful, with a green
  badge when the user's corrections chose them; a label with the name, a tooltip,
  and a popup with the gazetteer facts and every sentence that mentions the place;
* **countries** the article names as outlined shapes (not pins in the sea),
  **borders** as lines;
* **statements** ("some 400 km north of Bamako") as anchor-to-subject lines
  coloured by verdict and labelled stated versus measured, with a dotted line to
  where the stated distance and direction would put the place; estimated spots
  with their uncertainty circle;
* a title panel (headline, counts, places outside the opening view), a legend,
  a layer control, a scale bar, and attribution to GeoNames and Natural Earth.

The page needs no network: Leaflet and everything else is inline and the
basemap is drawn from the gazetteer's Natural Earth countries. OpenStreetMap
tiles are an option (``tiles=True``) for when a network exists.

Modules: :mod:`.escape` (escaping per context), :mod:`.assets` (vendored
scripts), :mod:`.markers` (pin icons), :mod:`.article`, :mod:`.popups`,
:mod:`.stated`, :mod:`.panels`, :mod:`.focus`, :mod:`.basemap`, :mod:`.items`
(what is drawn, typed), :mod:`.canvas` (the drawing under construction),
:mod:`.draw_places`, :mod:`.draw_statements`, :mod:`.summary` (the title panel),
:mod:`.layers` (the drawing), :mod:`.elements` (folium glue), :mod:`.embed`
(page, fragment).

Examples
--------
>>> from conflictmap.model import Mention, Place, Result
>>> gao = Place(id="geonames:2457163", name="Gao", lat=16.27167, lon=-0.04472,
...             country="ML", feature="PPL", kind="city")
>>> result = Result(id="a", text="Gao fell.", places=(gao,),
...                 mentions=(Mention(start=0, end=3, text="Gao", place=gao.id, confidence=0.9),))
>>> fmap = make_map(result, gazetteer=None, basemap=False)
>>> html = page_html(fmap)
>>> "conflictmap.draw(" in html and external_references(html)
[]
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Literal

import folium

from conflictmap.mapping.basemap import default_gazetteer
from conflictmap.mapping.elements import Drawing as DrawingElement
from conflictmap.mapping.elements import InlineAssets, LayerControl, offline
from conflictmap.mapping.embed import external_references, fragment_html, page_html
from conflictmap.mapping.layers import DrawingBuilder
from conflictmap.mapping.orientation import wraps
from conflictmap.mapping.panels import Heading
from conflictmap.model import Result

if TYPE_CHECKING:
    from conflictmap.store.gazetteer import Gazetteer

__all__ = ["external_references", "fragment_html", "make_map", "page_html"]

OSM_TILES = "https://tile.openstreetmap.org/{z}/{x}/{y}.png"
OSM_ATTRIBUTION = "&copy; OpenStreetMap contributors (ODbL)"


def make_map(
    results: Result | Sequence[Result],
    *,
    gazetteer: Gazetteer | None = None,
    tiles: bool = False,
    basemap: bool = True,
    low_confidence: float = 0.5,
    cluster: bool | None = None,
    labels: bool | None = None,
    fit: Literal["focus", "all"] = "focus",
    title: str | None = None,
    subtitle: str | None = None,
    source: str | None = None,
    date: str | None = None,
) -> folium.Map:
    """A self-contained Folium map of one result, or of several (one layer per article).

    Parameters
    ----------
    results : Result or sequence of Result
        What to draw. Several results give one layer group per article.
    gazetteer : Gazetteer, optional
        Supplies country outlines, border lines, the basemap and the names of
        alternative candidates. Default: the default home's gazetteer if it is
        already built (nothing is built); without one, pins only.
    tiles : bool
        Add OpenStreetMap tiles (fetched from the network) as the base layer; the
        offline basemap stays available in the layer control.
    basemap : bool
        Draw the offline Natural Earth basemap (default ``True``).
    low_confidence : float
        Pins of places whose best mention is below this confidence are hollow.
    cluster : bool, optional
        Cluster pins; default: only in layers with more than 40 pins.
    labels : bool, optional
        Write each pin's name on the map; default: when there are at most 80 pins.
    fit : {"focus", "all"}
        Open on the article's focus (default) or on everything drawn.
    title, subtitle, source, date : str, optional
        Shown in the title panel (as text): ``title`` replaces the article's
        headline, ``source`` and ``date`` make its byline ("Source: AFP · 14 May").

    Returns
    -------
    folium.Map
        Render it with :func:`page_html` or :func:`fragment_html` (or ``.save()``).
    """
    if fit not in ("focus", "all"):
        raise ValueError(f"fit must be 'focus' or 'all', not {fit!r}")
    if not 0.0 <= low_confidence <= 1.0:
        raise ValueError("low_confidence must be between 0 and 1")
    items = [results] if isinstance(results, Result) else list(results)
    if gazetteer is None and basemap:
        gazetteer = default_gazetteer()
    drawing = DrawingBuilder(
        items,
        gazetteer=gazetteer,
        tiles=tiles,
        basemap=basemap,
        low_confidence=low_confidence,
        cluster=cluster,
        labels=labels,
        fit=fit,
        heading=Heading(title=title, subtitle=subtitle, source=source, date=date),
    ).build()

    fmap = offline(
        folium.Map(
            location=[15.0, 0.0],
            zoom_start=3,
            tiles=None,
            control_scale=True,
            min_zoom=1,
            max_zoom=18 if tiles else 11,
            # a view across or near 180° draws both sides together (map.js): no jump back
            world_copy_jump=not (drawing.fit and wraps(_box(drawing.fit))),
            # Vector layers scale cleanly: fit the view closely (tiles want whole zooms).
            zoom_snap=1 if tiles else 0.25,
            zoom_delta=1 if tiles else 0.5,
        )
    )
    fmap.add_child(InlineAssets(cluster=drawing.cluster))
    if tiles:
        folium.TileLayer(
            OSM_TILES,
            name="OpenStreetMap",
            attr=OSM_ATTRIBUTION,
            max_zoom=19,
            overlay=False,
            control=True,
        ).add_to(fmap)
    groups: dict[str, folium.FeatureGroup] = {}
    for group in drawing.groups:
        layer = folium.FeatureGroup(name=group.name_html, overlay=group.overlay, show=group.show)
        layer.add_to(fmap)
        groups[group.key] = layer
    fmap.add_child(DrawingElement(drawing.spec(), groups))
    controllable = sum(1 for g in drawing.groups if g.overlay)
    if controllable or tiles:
        # Added last, so that it knows every layer (it reads them at render).
        LayerControl(collapsed=True, position="topright").add_to(fmap)
    return fmap


def _box(fit: list[list[float]]) -> tuple[float, float, float, float]:
    """``[[south, west], [north, east]]`` as ``(south, west, north, east)``."""
    (south, west), (north, east) = fit
    return (south, west, north, east)
