"""A small TopoJSON reader: quantized arcs to shapely geometries, and shared borders.

TopoJSON stores each boundary segment (an *arc*) once; two countries that touch
reference the same arc, so the arcs two countries share are exactly their border.

Shapely works in ``(x=lon, y=lat)``; everything returned here is in that order.
Polygons whose rings cross the antimeridian are cut there
(:func:`~conflictmap.geo.antimeridian.polygon_parts`).

Examples
--------
>>> topo = {"type": "Topology", "transform": {"scale": [1, 1], "translate": [0, 0]},
...   "arcs": [[[0, 0], [0, 2]], [[0, 2], [2, 0], [0, -2], [-2, 0]],
...            [[0, 0], [-2, 0], [0, 2], [2, 0]]],
...   "objects": {"countries": {"type": "GeometryCollection", "geometries": [
...     {"type": "Polygon", "id": "AA", "arcs": [[0, 1]]},
...     {"type": "Polygon", "id": "BB", "arcs": [[-1, 2]]}]}}}
>>> [(code, geom.area) for code, _, geom in decode_object(topo, "countries")]
[('AA', 4.0), ('BB', 4.0)]
>>> borders = shared_borders(topo, "countries")
>>> list(borders), borders[("AA", "BB")].length
([('AA', 'BB')], 2.0)
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from typing import Any

from shapely.geometry import LineString, MultiLineString, MultiPolygon
from shapely.geometry.base import BaseGeometry
from shapely.ops import linemerge
from shapely.validation import make_valid

from conflictmap.geo.antimeridian import polygon_parts

__all__ = ["decode_arcs", "decode_object", "shared_borders"]

Coord = tuple[float, float]


def decode_arcs(topo: dict[str, Any]) -> list[list[Coord]]:
    """Absolute ``(lon, lat)`` coordinates of every arc (delta decoding + transform)."""
    transform = topo.get("transform")
    arcs: list[list[Coord]] = []
    for arc in topo["arcs"]:
        if transform:
            sx, sy = transform["scale"]
            tx, ty = transform["translate"]
            x = y = 0
            points = []
            for dx, dy in arc:
                x += dx
                y += dy
                points.append((x * sx + tx, y * sy + ty))
        else:
            points = [(float(p[0]), float(p[1])) for p in arc]
        arcs.append(points)
    return arcs


def _ring(indexes: list[int], arcs: list[list[Coord]]) -> list[Coord]:
    coords: list[Coord] = []
    for index in indexes:
        arc = arcs[index] if index >= 0 else arcs[~index][::-1]
        coords.extend(arc if not coords else arc[1:])
    return coords


def _geometry(geom: dict[str, Any], arcs: list[list[Coord]]) -> BaseGeometry | None:
    kind = geom.get("type")
    if kind == "Polygon":
        polygons = [geom["arcs"]]
    elif kind == "MultiPolygon":
        polygons = geom["arcs"]
    else:
        return None
    parts = []
    for rings in polygons:
        coords = [_ring(ring, arcs) for ring in rings]
        if len(coords[0]) >= 4:
            # rings that cross 180° (Russia, Fiji) are cut there, not left for make_valid
            # to slice into bands
            parts += polygon_parts(coords[0], [c for c in coords[1:] if len(c) >= 4])
    if not parts:
        return None
    shape: BaseGeometry = parts[0] if len(parts) == 1 else MultiPolygon(parts)
    if not shape.is_valid:
        shape = make_valid(shape)
    return shape


def decode_object(
    topo: dict[str, Any], name: str
) -> Iterator[tuple[str, str | None, BaseGeometry]]:
    """Yield ``(id, name, geometry)`` for each polygon of ``topo["objects"][name]``.

    Geometries that share an id (e.g. a country split in several Natural Earth
    units) are merged into one.
    """
    arcs = decode_arcs(topo)
    merged: dict[str, list[BaseGeometry]] = defaultdict(list)
    names: dict[str, str | None] = {}
    for geom in topo["objects"][name]["geometries"]:
        code = geom.get("id")
        shape = _geometry(geom, arcs)
        if code is None or shape is None:
            continue
        merged[str(code)].append(shape)
        names.setdefault(str(code), geom.get("properties", {}).get("name"))
    for code, shapes in merged.items():
        if len(shapes) == 1:
            yield code, names[code], shapes[0]
        else:
            from shapely.ops import unary_union

            yield code, names[code], unary_union(shapes)


def _arc_indexes(geom: dict[str, Any]) -> Iterator[int]:
    if geom.get("type") == "Polygon":
        for ring in geom["arcs"]:
            yield from ring
    elif geom.get("type") == "MultiPolygon":
        for polygon in geom["arcs"]:
            for ring in polygon:
                yield from ring


def shared_borders(topo: dict[str, Any], name: str) -> dict[tuple[str, str], BaseGeometry]:
    """The border line of every pair of neighbours: the arcs exactly two ids share.

    Keys are sorted pairs of ids; values are (Multi)LineStrings in ``(lon, lat)``.
    """
    arcs = decode_arcs(topo)
    users: dict[int, set[str]] = defaultdict(set)
    for geom in topo["objects"][name]["geometries"]:
        code = geom.get("id")
        if code is None:
            continue
        for index in _arc_indexes(geom):
            users[index if index >= 0 else ~index].add(str(code))
    lines: dict[tuple[str, str], list[LineString]] = defaultdict(list)
    for index, codes in users.items():
        if len(codes) == 2:
            a, b = sorted(codes)
            lines[(a, b)].append(LineString(arcs[index]))
    out: dict[tuple[str, str], BaseGeometry] = {}
    for pair, parts in sorted(lines.items()):
        merged = linemerge(MultiLineString(parts))
        out[pair] = merged
    return out
