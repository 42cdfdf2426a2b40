"""Country outlines and borders of the base layer, as shapely geometries in ``(lon, lat)``.

Shapely is imported only when a geometry is asked for (importing it costs ~0.1 s);
:meth:`Shapes.outline` and :meth:`Shapes.border_outline` read a plain (multi)polygon
or (multi)line into a :class:`~conflictmap.geo.planar.Outline` instead, which the
statements measure without shapely.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from functools import cached_property
from typing import Any

from conflictmap.geo.lines import wkb_midpoint
from conflictmap.geo.planar import Outline
from conflictmap.store.gazetteer.layers import Layers
from conflictmap.store.schema import BasemapKind

__all__ = ["Shapes"]


class Shapes:
    """The ``shapes`` and ``borders`` tables of a :class:`Layers`, cached."""

    def __init__(self, layers: Layers) -> None:
        self._layers = layers
        self._borders: dict[tuple[str, str], Any] = {}  # a few hundred pairs at most
        self._midpoints: dict[tuple[str, str], tuple[float, float] | None] = {}
        self._outlines: dict[str, Any] = {}  # countries and borders, a few hundred at most

    def shape(self, code: str, *, simple: bool = False) -> Any:
        """The country's polygon as a shapely geometry in ``(lon, lat)``, or ``None``."""
        from shapely import wkb

        column = "simple" if simple else "wkb"
        rows = self._layers.query(f"SELECT {column} FROM shapes WHERE country = ?", (code.upper(),))
        return wkb.loads(rows[0][0]) if rows else None

    def outline(self, code: str) -> Any:
        """The country's polygon as an :class:`~conflictmap.geo.planar.Outline`, or as
        a shapely geometry when it is no plain (multi)polygon, or ``None`` (cached)."""
        code = code.upper()
        if code not in self._outlines:
            rows = self._layers.query("SELECT wkb FROM shapes WHERE country = ?", (code,))
            self._outlines[code] = _outline(rows[0][0]) if rows else None
        return self._outlines[code]

    def border_outline(self, a: str, b: str) -> Any:
        """The shared border as an :class:`~conflictmap.geo.planar.Outline` (a shapely
        line when it is no plain (multi)line), or ``None`` (cached)."""
        x, y = sorted((a.upper(), b.upper()))
        key = f"{x}-{y}"
        if key not in self._outlines:
            blob = self._border_wkb(x, y)
            self._outlines[key] = _outline(blob) if blob is not None else None
        return self._outlines[key]

    def shapes(self, *, simple: bool = True) -> dict[str, Any]:
        """Every country polygon (for a basemap)."""
        from shapely import wkb

        column = "simple" if simple else "wkb"
        rows = self._layers.query(f"SELECT country, {column} FROM shapes")
        return {code: wkb.loads(blob) for code, blob in rows}

    def basemap(
        self, kinds: Sequence[BasemapKind], box: tuple[float, float, float, float]
    ) -> list[tuple[BasemapKind, str, bytes]]:
        """``(kind, key, wkb)`` of the basemap pieces of ``kinds`` that meet ``box``
        (south, west, north, east; see :mod:`conflictmap.store.basebuild.basemap`)."""
        south, west, north, east = box
        marks = ",".join("?" * len(kinds))
        rows = self._layers.query(
            f"SELECT kind, key, wkb FROM basemap WHERE kind IN ({marks}) AND west <= ? "
            "AND east >= ? AND south <= ? AND north >= ? ORDER BY rowid",
            (*(int(k) for k in kinds), east, west, north, south),
        )
        return [(BasemapKind(kind), key, blob) for kind, key, blob in rows]

    def shape_names(self) -> dict[str, str]:
        """Natural Earth's short label name of each country shape ("Dem. Rep. Congo")."""
        rows = self._layers.query("SELECT country, name FROM shapes")
        return {code: name for code, name in rows if name}

    def border(self, a: str, b: str) -> Any:
        """The shared border of two countries as a shapely line, or ``None``."""
        x, y = sorted((a.upper(), b.upper()))
        cache = self._borders
        if (x, y) not in cache:
            rows = self._layers.query("SELECT wkb FROM borders WHERE a = ? AND b = ?", (x, y))
            if rows:
                from shapely import wkb  # only when there is a line: importing it costs ~0.1 s

                cache[(x, y)] = wkb.loads(rows[0][0])
            else:
                cache[(x, y)] = None
        return cache[(x, y)]

    def _border_wkb(self, x: str, y: str) -> bytes | None:
        rows = self._layers.query("SELECT wkb FROM borders WHERE a = ? AND b = ?", (x, y))
        return bytes(rows[0][0]) if rows else None

    def border_midpoint(self, a: str, b: str) -> tuple[float, float] | None:
        """``(lon, lat)`` halfway along the shared border (as shapely's
        ``interpolate(0.5, normalized=True)``, without importing shapely), or ``None``."""
        x, y = sorted((a.upper(), b.upper()))
        if (x, y) not in self._midpoints:
            blob = self._border_wkb(x, y)
            point = wkb_midpoint(blob) if blob is not None else None
            if blob is not None and point is None:  # not a plain line: ask shapely
                middle = self.border(x, y).interpolate(0.5, normalized=True)
                point = (middle.x, middle.y)
            self._midpoints[(x, y)] = point
        return self._midpoints[(x, y)]

    @cached_property
    def _sizes(self) -> dict[str, float]:
        """Geodesic areas (km²) of countries and lengths (km) of borders, from the build."""
        sizes: dict[str, float] = {}
        query = self._layers.query
        try:
            for code, area in query("SELECT country, area_km2 FROM shapes"):
                if area is not None:
                    sizes[code] = float(area)
            for a, b, length in query("SELECT a, b, length_km FROM borders"):
                if length is not None:
                    sizes[f"{a}-{b}"] = float(length)
        except sqlite3.OperationalError:  # an in-memory test gazetteer without the columns
            pass
        return sizes

    def area_km2(self, code: str) -> float | None:
        """The geodesic area of a country's outline (km²), measured at build time."""
        return self._sizes.get(code.upper())

    def border_length_km(self, a: str, b: str) -> float | None:
        """The geodesic length of two countries' shared border (km)."""
        x, y = sorted((a.upper(), b.upper()))
        return self._sizes.get(f"{x}-{y}")

    def neighbours(self, code: str) -> list[str]:
        """ISO codes of the countries sharing a border with ``code``."""
        code = code.upper()
        rows = self._layers.query("SELECT a, b FROM borders WHERE a = ? OR b = ?", (code, code))
        return sorted({a if b == code else b for a, b in rows})

    @cached_property
    def _country_index(self) -> tuple[list[str], Any]:
        from shapely import STRtree

        shapes = self.shapes(simple=False)
        codes = list(shapes)
        return codes, STRtree([shapes[c] for c in codes])

    def country_at(self, lat: float, lon: float) -> str | None:
        """The ISO code of the country containing the point, if any."""
        from shapely.geometry import Point

        codes, tree = self._country_index
        point = Point(lon, lat)
        for index in tree.query(point, predicate="intersects"):
            return codes[int(index)]
        return None


def _outline(blob: bytes) -> Any:
    """``blob`` as an :class:`~conflictmap.geo.planar.Outline`, else as shapely's."""
    outline = Outline.from_wkb(blob)
    if outline is not None:
        return outline
    from shapely import wkb

    return wkb.loads(blob)
