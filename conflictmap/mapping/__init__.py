"""Folium maps of results. (First cut; the full map is issue 7.)"""

from __future__ import annotations

import html
from collections.abc import Sequence

import folium

from ..models import Result

__all__ = ["make_map"]


def make_map(results: Result | Sequence[Result], *, tiles: bool = False) -> folium.Map:
    """A Leaflet map of one or several results."""
    items = [results] if isinstance(results, Result) else list(results)
    fmap = folium.Map(tiles="OpenStreetMap" if tiles else None, control_scale=True)
    points = []
    for result in items:
        counts = result.mention_counts()
        for place in result.places:
            popup = folium.Popup(
                html.escape(
                    f"{place.name} ({place.kind}, {place.country or ''}) "
                    f"{counts.get(place.id, 0)} mentions"
                ),
                parse_html=False,
            )
            folium.CircleMarker([place.lat, place.lon], radius=6, popup=popup).add_to(fmap)
            points.append((place.lat, place.lon))
    if points:
        fmap.fit_bounds(
            [
                [min(p[0] for p in points), min(p[1] for p in points)],
                [max(p[0] for p in points), max(p[1] for p in points)],
            ]
        )
    return fmap
