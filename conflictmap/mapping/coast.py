"""Country outlines at a resolution that fits the view: 1:10m inside it, 1:110m elsewhere.

The world basemap draws every country from the gazetteer's simplified shapes
(Natural Earth 1:110m, :func:`~.basemap.world`): right for a world or continent
view, jagged at city scale (Gaza's coast, the Sea of Azov, Fiji). :class:`Detail`
redraws the countries that reach the map's view (widened by half its size, as the
orientation layers are) with Natural Earth's 1:10m land from the base build
(``BasemapKind.LAND``, the same arcs as the first-level boundaries): inside that box
the fine shape, outside it the coarse one, joined into one outline per country, so
a country is still one feature with one stroke. The fine parts of all countries and
the sea between them are simplified together as a coverage
(:func:`shapely.coverage_simplify`), so neighbours keep one shared border, to the grid
of the view (:func:`~.orientation.view_digits`).
The countries the article names and the borders it mentions are drawn from the same
shapes, so their outlines lie on the basemap's.

Examples
--------
>>> from shapely.geometry import box
>>> coarse = {"AA": box(0, 0, 4, 4)}
>>> fine = {"AA": box(0, 0, 1.5, 1.5), "BB": box(1.5, 0, 2, 1)}
>>> joined = join(coarse, fine, [(0.0, 0.0, 2.0, 2.0)])
>>> sorted(joined), joined["AA"].area, joined["BB"].area
(['AA', 'BB'], 14.25, 0.5)
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import shapely
from shapely.geometry import box as rectangle
from shapely.geometry.base import BaseGeometry

from conflictmap.geo.antimeridian import cut_line
from conflictmap.geo.shapes import line_latlngs
from conflictmap.mapping.basemap import DIGITS, shared_line, to_geojson
from conflictmap.mapping.items import Area, Item, Line
from conflictmap.mapping.orientation import Box, around, clip, pieces, view_digits
from conflictmap.store.schema import BasemapKind

if TYPE_CHECKING:
    from conflictmap.store.gazetteer import Gazetteer

__all__ = ["DETAIL_MAX_SPAN", "Detail", "join", "redraw"]

#: Views wider than this (degrees) keep the 1:110m world: a pixel of a 1000 px map is
#: then over 0.06°, about what the 1:110m shapes resolve.
DETAIL_MAX_SPAN = 60.0


def join(
    coarse: dict[str, BaseGeometry], fine: dict[str, BaseGeometry], boxes: Sequence[Box]
) -> dict[str, BaseGeometry]:
    """Each country of ``fine`` (inside ``boxes``) or of ``coarse`` meeting them: its
    coarse shape outside the boxes joined to its fine shape inside."""
    from shapely.ops import unary_union

    window = unary_union([rectangle(b[1], b[0], b[3], b[2]) for b in boxes])
    out: dict[str, BaseGeometry] = {}
    for code in sorted(set(fine) | {c for c, s in coarse.items() if s.intersects(window)}):
        parts = [fine[code]] if code in fine else []
        if code in coarse:
            outside = coarse[code].difference(window)
            if not outside.is_empty:
                parts.append(outside)
        shape = unary_union(parts) if len(parts) > 1 else parts[0] if parts else None
        if shape is not None and not shape.is_empty:
            out[code] = shape
    return out


def _fine(gazetteer: Gazetteer, boxes: Sequence[Box], tolerance: float) -> dict[str, BaseGeometry]:
    """Each country's 1:10m land inside ``boxes``, simplified as one coverage.

    The sea inside the boxes joins the coverage, so coasts are shared edges and are
    simplified, while the boxes' own edges (where the coarse world takes over, and the
    cut at 180°) are its outer boundary and stay as they are.
    """
    from shapely.ops import unary_union

    grouped: dict[str, list[BaseGeometry]] = {}
    for key, piece in pieces(gazetteer, BasemapKind.LAND, boxes):
        grouped.setdefault(key, []).append(piece)
    codes, shapes = [], []
    for code, parts in sorted(grouped.items()):
        inside = clip(unary_union(parts), boxes)
        inside = shapely.make_valid(inside) if not inside.is_valid else inside
        polygons = [p for p in getattr(inside, "geoms", [inside]) if p.geom_type == "Polygon"]
        if polygons:
            codes.append(code)
            shapes.append(shapely.multipolygons(polygons) if len(polygons) > 1 else polygons[0])
    if not shapes:
        return {}
    shapes = [shapely.transform(shape, _on_cut) for shape in shapes]
    window = unary_union([rectangle(b[1], b[0], b[3], b[2]) for b in boxes])
    sea = window.difference(shapely.disjoint_subset_union_all(shapes))
    simple = shapely.coverage_simplify([*shapes, sea], tolerance, simplify_boundary=False)
    return {code: shape for code, shape in zip(codes, simple.tolist()[: len(codes)], strict=True)
            if not shape.is_empty}  # fmt: skip


def _on_cut(coords: Any) -> Any:
    """Longitudes within 0.001° of ±180° put on it: Natural Earth's cut of Fiji lies
    on its 0.0001° grid, a hair off 180°, and the map's script leaves out the outline
    only along ±180° exactly."""
    import numpy as np

    near = np.abs(np.abs(coords[:, 0]) - 180.0) < 1e-3
    coords[near, 0] = np.sign(coords[near, 0]) * 180.0
    return coords


class Detail:
    """The countries of one map's view, fine inside the view and coarse outside it.

    Parameters
    ----------
    gazetteer : Gazetteer
        Its base layer holds the 1:10m land pieces.
    view : Box
        The map's opening view (south, west, north, east; east may be past 180°).
    coarse : dict
        Country code → the world basemap's shape (cut at 180°).
    """

    def __init__(self, gazetteer: Gazetteer, view: Box, coarse: dict[str, BaseGeometry]) -> None:
        span = max(view[2] - view[0], view[3] - view[1])
        self.coarse = coarse
        self.digits = max(DIGITS, view_digits(view))
        self.shapes: dict[str, BaseGeometry] = {}
        if span <= DETAIL_MAX_SPAN:
            boxes = around(view)
            self.shapes = join(coarse, _fine(gazetteer, boxes, 10.0**-self.digits), boxes)

    def shape(self, code: str) -> BaseGeometry | None:
        """The country as this map draws it (``None``: not on the basemap)."""
        return self.shapes.get(code, self.coarse.get(code))

    def geojson(self, code: str) -> dict[str, Any] | None:
        """The country's outline as a GeoJSON geometry, rounded for this view."""
        shape = self.shape(code)
        if shape is None:
            return None
        return to_geojson(shape, digits=self.digits if code in self.shapes else DIGITS)

    def world(self, world: dict[str, Any]) -> dict[str, Any]:
        """``world`` (the basemap's FeatureCollection, not modified) with the countries in
        view redrawn; a redrawn feature has ``properties.d = 1``."""
        if not self.shapes:
            return world
        features = []
        done = set()
        for feature in world["features"]:
            code = feature["properties"]["cc"]
            if code in self.shapes:
                done.add(code)
                feature = _feature(code, self.geojson(code))
            features.append(feature)
        features += [_feature(code, self.geojson(code)) for code in sorted(set(self.shapes) - done)]
        return {**world, "features": features}

    def border(self, a: str, b: str) -> BaseGeometry | None:
        """The stretch of outline ``a`` and ``b`` share as this map draws them."""
        if a not in self.shapes and b not in self.shapes:
            return None
        first, second = self.shape(a), self.shape(b)
        if first is None or second is None:
            return None
        return shared_line(first, second)


def _feature(code: str, geometry: dict[str, Any] | None) -> dict[str, Any]:
    return {"type": "Feature", "properties": {"cc": code, "d": 1}, "geometry": geometry}


def redraw(
    items: Sequence[Item], outlines: dict[str, tuple[str, ...]], detail: Detail
) -> list[Item]:
    """``items`` with the countries' areas and border lines (``outlines``: item id →
    codes) drawn from ``detail``'s shapes, so they lie on the basemap's outlines."""
    import dataclasses

    out: list[Item] = []
    for item in items:
        codes = outlines.get(item.id or "") if isinstance(item, (Area, Line)) else None
        if isinstance(item, Area) and codes and len(codes) == 1 and codes[0] in detail.shapes:
            geojson = detail.geojson(codes[0])
            item = dataclasses.replace(item, geojson=geojson) if geojson else item
        elif isinstance(item, Line) and codes and len(codes) == 2:
            line = detail.border(*codes)
            parts = line_latlngs(cut_line(line)) if line is not None else []
            item = dataclasses.replace(item, parts=parts) if parts else item
        out.append(item)
    return out
