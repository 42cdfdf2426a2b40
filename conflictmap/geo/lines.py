"""The midpoint of a line stored as WKB, without shapely (importing it costs ~0.1 s).

:func:`wkb_midpoint` reads a 2-D ``LineString`` or ``MultiLineString`` and returns the
point halfway along it, measured in its own planar coordinates, computed with the same
arithmetic as GEOS's ``line.interpolate(0.5, normalized=True)`` (``Length::ofLine``
summed per part, then ``LengthLocationMap``'s walk over the segments and
``pointAlongSegmentByFraction``), so the figures agree to the last bit
(``tests/test_geo_lines.py`` checks every border of the base).

Examples
--------
>>> import struct
>>> line = struct.pack("<BII", 1, 2, 3) + struct.pack("<6d", 0, 0, 3, 0, 3, 2)
>>> wkb_midpoint(line)
(2.5, 0.0)
>>> wkb_midpoint(struct.pack("<BII", 1, 1, 0)) is None  # a point: not a line
True
"""

from __future__ import annotations

import itertools
import math
import struct

__all__ = ["wkb_midpoint"]

_LINESTRING, _MULTILINESTRING = 2, 5
Coords = list[tuple[float, float]]


def _parts(blob: bytes) -> list[Coords] | None:
    """The parts of a 2-D (multi)line, or ``None`` for any other geometry."""
    order = "<" if blob[:1] == b"\x01" else ">"
    (kind,) = struct.unpack_from(f"{order}I", blob, 1)
    if kind == _LINESTRING:
        return [_points(blob, 5, order)[0]]
    if kind != _MULTILINESTRING:
        return None
    (count,) = struct.unpack_from(f"{order}I", blob, 5)
    parts, offset = [], 9
    for _ in range(count):
        order = "<" if blob[offset : offset + 1] == b"\x01" else ">"
        (part_kind,) = struct.unpack_from(f"{order}I", blob, offset + 1)
        if part_kind != _LINESTRING:
            return None
        points, offset = _points(blob, offset + 5, order)
        parts.append(points)
    return parts


def _points(blob: bytes, offset: int, order: str) -> tuple[Coords, int]:
    (n,) = struct.unpack_from(f"{order}I", blob, offset)
    flat = struct.unpack_from(f"{order}{2 * n}d", blob, offset + 4)
    return list(zip(flat[0::2], flat[1::2], strict=True)), offset + 4 + 16 * n


def _length(points: Coords) -> float:
    total = 0.0
    for (x0, y0), (x1, y1) in itertools.pairwise(points):
        dx, dy = x1 - x0, y1 - y0
        total += math.sqrt(dx * dx + dy * dy)
    return total


def _along(parts: list[Coords], length: float) -> tuple[float, float]:
    """The point ``length`` along the parts, walked as GEOS walks them."""
    if length <= 0.0:
        return parts[0][0]
    walked = 0.0
    for points in parts:
        for (x0, y0), (x1, y1) in itertools.pairwise(points):
            dx, dy = x1 - x0, y1 - y0
            step = math.sqrt(dx * dx + dy * dy)
            if walked + step > length:
                frac = (length - walked) / step
                if frac <= 0.0:
                    return x0, y0
                if frac >= 1.0:
                    return x1, y1
                return (x1 - x0) * frac + x0, (y1 - y0) * frac + y0
            walked += step
        if walked == length:  # exactly at a part's end: that end, not the next start
            return points[-1]
    return parts[-1][-1]


def wkb_midpoint(blob: bytes) -> tuple[float, float] | None:
    """The ``(x, y)`` halfway along a WKB line, or ``None`` if it is not a 2-D line."""
    parts = _parts(bytes(blob))
    if not parts or not all(parts):
        return None
    total = 0.0
    for points in parts:
        total += _length(points)
    return _along(parts, 0.5 * total)
