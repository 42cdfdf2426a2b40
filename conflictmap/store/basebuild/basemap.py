"""The basemap's detail layers for the base build, cut in pieces a map reads by box.

A map draws, inside its view, Natural Earth's 1:10m country outlines, first-level
boundary lines, rivers and lakes (:mod:`conflictmap.mapping.orientation`). Decoding
them from their TopoJSON tables in every process cost a map about 0.8 s of CPU and
130 MB, so the build decodes them once and writes the ``basemap`` table: each
geometry cut into pieces of at most :data:`PIECE_POINTS` points, with their bounds,
as WKB. A map then reads only the pieces its view meets.

Sources (``gazetteer/derived/``, see its README and ``LICENSES.md``):

* ``admin1.topo.json``: ``countries`` (land, :attr:`BasemapKind.LAND`, by country) and
  ``admin1_lines`` (first-level boundaries, :attr:`BasemapKind.ADMIN1`, by country), one
  set of 1:10m arcs, so the boundaries meet the outlines;
* ``water-50m.topo.json``: ``rivers`` and ``lakes`` (1:50m).

Lines are cut into runs of consecutive points (the runs share their end points);
polygons into quadrants of their bounds, again and again, until each piece is small
(the pieces share their cut edges, so their union is the polygon again).

Examples
--------
>>> from shapely.geometry import box
>>> import numpy as np
>>> [len(p.coords) for p in line_runs(np.array([(x, 0.0) for x in range(5)]), 2)]
[3, 3]
>>> pieces = polygon_pieces(box(0, 0, 4, 4).segmentize(0.5), 10)
>>> len(pieces), round(sum(p.area for p in pieces), 6)
(4, 16.0)
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import numpy as np
from shapely import bounds, clip_by_rect, get_num_coordinates, to_wkb
from shapely.geometry import LineString, MultiPolygon, Polygon
from shapely.geometry.base import BaseGeometry

from conflictmap.geo.antimeridian import polygon_parts
from conflictmap.store.schema import BasemapKind

__all__ = ["PIECE_POINTS", "line_runs", "polygon_pieces", "write_basemap"]

#: Points in a stored piece at most: a view's edge cuts a few pieces, so a map reads
#: little beyond its view, and a piece is still one row among a few thousand.
PIECE_POINTS = 1000

#: ``(kind, key, piece)`` before the rows are written
Piece = tuple[BasemapKind, str, BaseGeometry]


def line_runs(coords: np.ndarray, points: int = PIECE_POINTS) -> list[LineString]:
    """A line's ``(n, 2)`` points cut into runs of at most ``points + 1`` points (each
    run shares its end points with the next)."""
    return [
        LineString(coords[start : start + points + 1])
        for start in range(0, max(1, len(coords) - 1), points)
    ]


def polygon_pieces(shape: BaseGeometry, points: int = PIECE_POINTS) -> list[BaseGeometry]:
    """``shape`` (a (multi)polygon) cut into quadrants until each has ``points`` or fewer."""
    out: list[BaseGeometry] = []
    stack = [part for part in getattr(shape, "geoms", [shape]) if not part.is_empty]
    while stack:
        part = stack.pop()
        west, south, east, north = part.bounds
        if get_num_coordinates(part) <= points or max(east - west, north - south) < 1e-3:
            out.append(part)
            continue
        mid_x, mid_y = (west + east) / 2, (south + north) / 2
        for x0, y0, x1, y1 in (
            (west, south, mid_x, mid_y),
            (mid_x, south, east, mid_y),
            (west, mid_y, mid_x, north),
            (mid_x, mid_y, east, north),
        ):
            quarter = clip_by_rect(part, x0, y0, x1, y1)
            stack += [p for p in getattr(quarter, "geoms", [quarter]) if p.area > 0]
    return out


def _arcs(topo: dict[str, Any]) -> list[np.ndarray]:
    """Every arc of ``topo`` as an ``(n, 2)`` array of ``(lon, lat)`` (quantised ones decoded)."""
    transform = topo.get("transform")
    if not transform:
        return [np.asarray(arc, dtype=float) for arc in topo["arcs"]]
    scale, translate = np.asarray(transform["scale"]), np.asarray(transform["translate"])
    return [np.cumsum(np.asarray(arc, dtype=float), axis=0) * scale + translate
            for arc in topo["arcs"]]  # fmt: skip


def _chain(arcs: list[np.ndarray], indexes: list[int]) -> np.ndarray:
    """The points of a chain of arcs (negative index: the arc reversed), joints once."""
    parts = [arcs[i] if i >= 0 else arcs[~i][::-1] for i in indexes]
    return np.concatenate([parts[0], *(part[1:] for part in parts[1:])])


def _chains(geom: dict[str, Any]) -> Iterator[list[int]]:
    if geom.get("type") == "LineString":
        yield geom["arcs"]
    elif geom.get("type") == "MultiLineString":
        yield from geom["arcs"]


def _line_rows(
    topo: dict[str, Any], arcs: list[np.ndarray], name: str, kind: BasemapKind
) -> Iterator[Piece]:
    for geom in topo["objects"][name]["geometries"]:
        key = str(geom.get("id") or "")
        for chain in _chains(geom):
            coords = _chain(arcs, chain)
            if len(coords) >= 2:
                yield from ((kind, key, run) for run in line_runs(coords))


def _polygons(geom: dict[str, Any], arcs: list[np.ndarray]) -> list[Polygon]:
    """The polygons of a (multi)polygon geometry; a ring across 180° is cut there."""
    kind = geom.get("type")
    groups = [geom["arcs"]] if kind == "Polygon" else geom["arcs"] if kind == "MultiPolygon" else []
    out: list[Polygon] = []
    for rings in groups:
        coords = [_chain(arcs, ring) for ring in rings]
        coords = [c for c in coords if len(c) >= 4]
        if not coords:
            continue
        if any((np.abs(np.diff(c[:, 0])) > 180).any() for c in coords):
            out += polygon_parts([tuple(p) for p in coords[0]],
                                 [[tuple(p) for p in c] for c in coords[1:]])  # fmt: skip
        else:
            out.append(Polygon(coords[0], coords[1:]))
    return out


def _polygon_rows(
    topo: dict[str, Any], arcs: list[np.ndarray], name: str, kind: BasemapKind
) -> Iterator[Piece]:
    """Pieces of each polygon geometry of ``name``, keyed by its id (land) or not (lakes)."""
    merged: dict[str, list[Polygon]] = {}
    for number, geom in enumerate(topo["objects"][name]["geometries"]):
        key = str(geom.get("id") or "") if kind is BasemapKind.LAND else str(number)
        merged.setdefault(key, []).extend(_polygons(geom, arcs))
    for key, parts in merged.items():
        if not parts:
            continue
        shape: BaseGeometry = MultiPolygon(parts) if len(parts) > 1 else parts[0]
        if not shape.is_valid:
            shape = shape.buffer(0)  # 20x faster than make_valid here, the same area
        for piece in polygon_pieces(shape):
            yield kind, key if kind is BasemapKind.LAND else "", piece


def write_basemap(conn: sqlite3.Connection, root: Path) -> int:
    """Write the ``basemap`` table from ``root/derived``; returns the number of pieces."""
    derived = root / "derived"
    admin = json.loads((derived / "admin1.topo.json").read_text(encoding="utf-8"))
    water = json.loads((derived / "water-50m.topo.json").read_text(encoding="utf-8"))
    admin_arcs, water_arcs = _arcs(admin), _arcs(water)
    pieces = list(_polygon_rows(admin, admin_arcs, "countries", BasemapKind.LAND))
    pieces += _line_rows(admin, admin_arcs, "admin1_lines", BasemapKind.ADMIN1)
    pieces += _line_rows(water, water_arcs, "rivers", BasemapKind.RIVER)
    pieces += _polygon_rows(water, water_arcs, "lakes", BasemapKind.LAKE)
    shapes = np.array([piece for _, _, piece in pieces], dtype=object)
    rows = zip(
        (int(kind) for kind, _, _ in pieces),
        (key for _, key, _ in pieces),
        *bounds(shapes).T[[1, 0, 3, 2]].tolist(),  # south, west, north, east
        to_wkb(shapes).tolist(),
        strict=True,
    )
    conn.executemany("INSERT INTO basemap VALUES (?,?,?,?,?,?,?)", rows)
    return len(pieces)
