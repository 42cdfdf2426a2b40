"""Build quantised TopoJSON with shared arcs from shapely polygons and lines.

Used by the derive scripts in this folder (``derive_regions.py``, ``derive_basemap.py``,
``derive_features.py``); nothing here runs when conflictmap is used. The reader is
``conflictmap.geo.topojson`` (``decode_arcs``, ``decode_object``, ``shared_borders``).

How a topology is made (the method of the reference TopoJSON tools, in brief):

1. every coordinate is snapped to a grid of ``scale`` degrees (integers in the file);
2. a point where rings meet with different neighbours is a *junction*; rings are cut
   at junctions into arcs, and an arc equal to an earlier one (or its reverse) is
   stored once and referenced twice (``~index`` for the reverse), so two regions that
   touch share their border exactly;
3. each arc is simplified on its own with its two ends fixed, so shared borders stay
   shared after simplification;
4. arcs are delta-encoded (each point is the offset from the previous one).

Examples
--------
>>> from shapely.geometry import box
>>> topo = build_topology({"polys": {"A": box(0, 0, 1, 1), "B": box(1, 0, 2, 1)}},
...                       scale=0.5, tolerance=0.0)
>>> len(topo["arcs"]), [g["arcs"] for g in topo["objects"]["polys"]["geometries"]]
(3, [[[0, 1]], [[-2, 2]]])
>>> sub = subset(topo, {"polys": ["B"]})
>>> len(sub["arcs"]), sub["objects"]["polys"]["geometries"][0]["arcs"]
(2, [[-1, 1]])
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Iterable, Mapping
from typing import Any

from shapely import orient_polygons
from shapely.geometry import LineString, MultiLineString, MultiPolygon, Polygon
from shapely.geometry.base import BaseGeometry

__all__ = ["build_topology", "subset", "used_arcs"]

Point = tuple[int, int]


def _grid(value: float, origin: float, scale: float) -> int:
    return round((value - origin) / scale)


def _quantise(coords: Iterable[Any], origin: tuple[float, float], scale: float) -> list[Point]:
    out: list[Point] = []
    for x, y, *_ in coords:
        point = (_grid(x, origin[0], scale), _grid(y, origin[1], scale))
        if not out or out[-1] != point:
            out.append(point)
    return out


def _polygons(geom: BaseGeometry) -> list[Polygon]:
    if isinstance(geom, Polygon):
        return [geom] if not geom.is_empty else []
    if isinstance(geom, MultiPolygon):
        return [p for p in geom.geoms if not p.is_empty]
    if hasattr(geom, "geoms"):
        return [p for g in geom.geoms for p in _polygons(g)]
    return []


def _lines(geom: BaseGeometry) -> list[LineString]:
    if isinstance(geom, LineString):
        return [geom] if not geom.is_empty else []
    if isinstance(geom, MultiLineString):
        return [g for g in geom.geoms if not g.is_empty]
    if hasattr(geom, "geoms"):
        return [p for g in geom.geoms for p in _lines(g)]
    return []


class _Arcs:
    """Junction detection, cutting and de-duplication of quantised rings and lines."""

    def __init__(self) -> None:
        self.neighbours: dict[Point, tuple[Point, Point]] = {}
        self.junctions: set[Point] = set()
        self.arcs: list[list[Point]] = []
        self.index: dict[tuple[Point, ...], int] = {}

    def visit(self, points: list[Point], *, closed: bool) -> None:
        n = len(points) - 1 if closed else len(points)
        if not closed:
            self.junctions.add(points[0])
            self.junctions.add(points[-1])
        for i in range(n):
            p = points[i]
            if closed:
                a, b = points[i - 1 if i else n - 1], points[i + 1]
            else:
                if i == 0 or i == n - 1:
                    continue
                a, b = points[i - 1], points[i + 1]
            pair = (a, b) if a <= b else (b, a)
            seen = self.neighbours.get(p)
            if seen is None:
                self.neighbours[p] = pair
            elif seen != pair:
                self.junctions.add(p)

    def _store(self, arc: list[Point]) -> int:
        key = tuple(arc)
        found = self.index.get(key)
        if found is not None:
            return found
        found = self.index.get(key[::-1])
        if found is not None:
            return ~found
        self.arcs.append(arc)
        self.index[key] = len(self.arcs) - 1
        return len(self.arcs) - 1

    def cut(self, points: list[Point], *, closed: bool) -> list[int]:
        if closed:
            ring = points[:-1]
            starts = [i for i, p in enumerate(ring) if p in self.junctions]
            if not starts:
                # A ring touching nothing: start it at its smallest point so that the
                # same ring drawn by two objects (an island region and its country)
                # is stored once, in either direction.
                low = min(range(len(ring)), key=ring.__getitem__)
                rotated = ring[low:] + ring[:low]
                forward = [*rotated, rotated[0]]
                backward = [rotated[0], *rotated[:0:-1], rotated[0]]
                key = tuple(backward)
                if key in self.index:
                    return [~self.index[key]]
                return [self._store(forward)]
            first = starts[0]
            rotated = ring[first:] + ring[:first]
            rotated.append(rotated[0])
        else:
            rotated = points
        out = []
        current = [rotated[0]]
        for p in rotated[1:]:
            current.append(p)
            if p in self.junctions:
                out.append(self._store(current))
                current = [p]
        if len(current) > 1:
            out.append(self._store(current))
        return out


def _simplify(arc: list[Point], tolerance: float) -> list[Point]:
    if tolerance <= 0 or len(arc) <= 2:
        return arc
    line = LineString(arc)
    closed = arc[0] == arc[-1]
    simple = line.simplify(tolerance, preserve_topology=closed)
    coords = [(round(x), round(y)) for x, y in simple.coords]
    if closed and len(coords) < 4:
        return arc
    return coords


def _delta(arc: list[Point]) -> list[list[int]]:
    out = [[arc[0][0], arc[0][1]]]
    for (x0, y0), (x1, y1) in itertools.pairwise(arc):
        if (x1, y1) != (x0, y0):
            out.append([x1 - x0, y1 - y0])
    return out


def build_topology(
    layers: Mapping[str, Mapping[str, BaseGeometry]],
    *,
    scale: float = 1e-4,
    tolerance: float = 0.0,
    properties: Mapping[str, Mapping[str, dict[str, Any]]] | None = None,
) -> dict[str, Any]:
    """A TopoJSON topology of ``layers`` (object name -> id -> polygon or line geometry).

    Parameters
    ----------
    layers : mapping
        ``{object_name: {id: geometry}}``; polygons and lines may be mixed across objects.
    scale : float
        Grid step in degrees (1e-4 ° is about 11 m).
    tolerance : float
        Douglas-Peucker tolerance in degrees, applied to every arc with its ends fixed.
    properties : mapping, optional
        ``{object_name: {id: {...}}}`` copied into each geometry's ``properties``.
    """
    origin = (-180.0, -90.0)
    props = properties or {}
    arcs = _Arcs()
    quantised: dict[str, dict[str, tuple[str, list[list[list[Point]]]]]] = {}
    for name, geoms in layers.items():
        quantised[name] = {}
        for gid, geom in geoms.items():
            polys = _polygons(geom)
            if polys:
                parts = []
                for poly in _polygons(orient_polygons(MultiPolygon(polys), exterior_cw=True)):
                    rings = [
                        _quantise(r.coords, origin, scale) for r in (poly.exterior, *poly.interiors)
                    ]
                    rings = [r for r in rings if len(r) >= 4 and r[0] == r[-1]]
                    if rings and len(rings[0]) >= 4:
                        parts.append(rings)
                quantised[name][gid] = ("Polygon", parts)
            else:
                lines = [_quantise(line.coords, origin, scale) for line in _lines(geom)]
                quantised[name][gid] = ("Line", [[ln] for ln in lines if len(ln) >= 2])
            kind, parts = quantised[name][gid]
            for rings in parts:
                for ring in rings:
                    arcs.visit(ring, closed=kind == "Polygon")
    objects: dict[str, Any] = {}
    for name, entries in quantised.items():
        geometries = []
        for gid, (kind, parts) in entries.items():
            if not parts:
                continue
            if kind == "Polygon":
                refs = [[arcs.cut(ring, closed=True) for ring in rings] for rings in parts]
                geom: dict[str, Any] = (
                    {"type": "Polygon", "arcs": refs[0]}
                    if len(refs) == 1
                    else {"type": "MultiPolygon", "arcs": refs}
                )
            else:
                refs_l = [arcs.cut(rings[0], closed=False) for rings in parts]
                geom = (
                    {"type": "LineString", "arcs": refs_l[0]}
                    if len(refs_l) == 1
                    else {"type": "MultiLineString", "arcs": refs_l}
                )
            geom["id"] = gid
            extra = props.get(name, {}).get(gid)
            if extra:
                geom["properties"] = extra
            geometries.append(geom)
        objects[name] = {"type": "GeometryCollection", "geometries": geometries}
    grid_tolerance = tolerance / scale
    encoded = [_delta(_simplify(arc, grid_tolerance)) for arc in arcs.arcs]
    return {
        "type": "Topology",
        "transform": {"scale": [scale, scale], "translate": list(origin)},
        "objects": objects,
        "arcs": encoded,
    }


def _walk(arcs: Any, out: set[int]) -> None:
    if isinstance(arcs, int):
        out.add(arcs if arcs >= 0 else ~arcs)
    else:
        for item in arcs:
            _walk(item, out)


def used_arcs(geometries: Iterable[dict[str, Any]]) -> set[int]:
    """Indexes of the arcs that ``geometries`` reference (direction ignored)."""
    out: set[int] = set()
    for geom in geometries:
        _walk(geom.get("arcs", []), out)
    return out


def _renumber(arcs: Any, mapping: dict[int, int]) -> Any:
    if isinstance(arcs, int):
        return mapping[arcs] if arcs >= 0 else ~mapping[~arcs]
    return [_renumber(item, mapping) for item in arcs]


def subset(topo: dict[str, Any], keep: Mapping[str, Iterable[str]]) -> dict[str, Any]:
    """A smaller topology with only the geometries ``keep`` names (object -> ids).

    The arcs those geometries use are kept (renumbered), so a map can embed only the
    countries it shows while borders stay shared.
    """
    objects = {}
    for name, ids in keep.items():
        wanted = set(ids)
        geoms = [g for g in topo["objects"][name]["geometries"] if g.get("id") in wanted]
        objects[name] = geoms
    used = sorted(used_arcs(g for geoms in objects.values() for g in geoms))
    mapping = {old: new for new, old in enumerate(used)}
    out_objects = {
        name: {
            "type": "GeometryCollection",
            "geometries": [{**g, "arcs": _renumber(g["arcs"], mapping)} for g in geoms],
        }
        for name, geoms in objects.items()
    }
    return {
        "type": "Topology",
        "transform": topo["transform"],
        "objects": out_objects,
        "arcs": [topo["arcs"][i] for i in used],
    }


def arc_length_deg(topo: dict[str, Any], index: int) -> float:
    """Length in degrees of arc ``index`` (for tests and reports)."""
    sx, sy = topo["transform"]["scale"]
    total = 0.0
    for dx, dy in topo["arcs"][index][1:]:
        total += math.hypot(dx * sx, dy * sy)
    return total
