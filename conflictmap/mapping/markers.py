"""Pin icons: one shape and colour per kind of place, drawn as inline SVG.

No image files: each icon is a small SVG string that Leaflet puts in a
``DivIcon``. A pin's look says three things at once:

* its **kind**, by shape and colour (a star for a capital, rings and dots of
  decreasing size for cities, towns and villages, a diamond for a region...);
* **low confidence**, by a hollow shape with a dashed outline;
* a **user correction**, by a small green check badge.

Shapes differ as well as colours, so a grey-scale print still tells them apart.

Examples
--------
>>> style_for("capital").label, style_for("capital").shape
('capital', 'star')
>>> style_for("hamlet").kind  # unknown kinds fall back to a town pin
'town'
>>> icon = icon_svg("town", low_confidence=True, corrected=True)
>>> "stroke-dasharray" in icon.svg and "cm-badge" in icon.svg
True
>>> icon.key, icon.size
('town-low-fixed', (24, 24))
"""

from __future__ import annotations

import math
from dataclasses import dataclass

__all__ = [
    "ESTIMATE",
    "KIND_STYLES",
    "PinIcon",
    "PinStyle",
    "icon_svg",
    "pin_kind",
    "style_for",
]


@dataclass(frozen=True, slots=True)
class PinStyle:
    """How a kind of place is drawn."""

    kind: str
    label: str
    shape: str
    colour: str
    #: icon box size in CSS pixels
    size: int


#: Drawn pins, most prominent first (the legend follows this order).
KIND_STYLES: tuple[PinStyle, ...] = (
    PinStyle("capital", "capital", "star", "#b2182b", 26),
    PinStyle("city", "city", "ring", "#1f4e96", 22),
    PinStyle("town", "town", "dot", "#2b7bba", 18),
    PinStyle("village", "village", "dot", "#3a9d8f", 14),
    PinStyle("spot", "spot / estimated", "cross", "#d95f02", 20),
    PinStyle("feature", "feature (river, mountain...)", "triangle", "#8c510a", 16),
    PinStyle("district", "district", "diamond", "#6a51a3", 16),
    PinStyle("region", "region", "diamond", "#7b3294", 18),
    PinStyle("country", "country (no outline known)", "square", "#636363", 16),
    PinStyle("border", "border (no line known)", "hexagon", "#c51b7d", 16),
)
_BY_KIND = {s.kind: s for s in KIND_STYLES}

#: The style of an estimated spot ("50 km west of Gao").
ESTIMATE = _BY_KIND["spot"]


def pin_kind(kind: str) -> str:
    """The drawn kind for a place kind (``continent`` is never pinned).

    Examples
    --------
    >>> from conflictmap.model import PlaceKind
    >>> pin_kind(PlaceKind.CITY), pin_kind("continent"), pin_kind("mystery")
    ('city', '', 'town')
    """
    if kind == "continent":
        return ""
    return str(kind) if kind in _BY_KIND else "town"  # a plain str, also for a PlaceKind


def style_for(kind: str) -> PinStyle:
    """The :class:`PinStyle` of ``kind`` (a town pin for unknown kinds)."""
    return _BY_KIND.get(kind) or _BY_KIND["town"]


@dataclass(frozen=True, slots=True)
class PinIcon:
    """An SVG icon and the key the map's script knows it by."""

    key: str
    svg: str
    size: tuple[int, int]
    #: the pixel of the icon that sits on the place's coordinates
    anchor: tuple[float, float]


def _shape(shape: str, size: int, fill: str, stroke: str, dashed: bool) -> str:
    c = size / 2
    r = c - 2
    dash = ' stroke-dasharray="3 2"' if dashed else ""
    common = f'fill="{fill}" stroke="{stroke}" stroke-width="2"{dash}'
    if shape == "star":
        points = []
        for i in range(10):
            radius = r if i % 2 == 0 else r * 0.45
            angle = math.pi / 2 + i * math.pi / 5
            points.append(f"{c + radius * math.cos(angle):.1f},{c - radius * math.sin(angle):.1f}")
        return f'<polygon points="{" ".join(points)}" {common} stroke-linejoin="round"/>'
    if shape == "ring":
        inner_fill = stroke if fill != "#fff" else fill
        return (
            f'<circle cx="{c}" cy="{c}" r="{r}" {common}/>'
            f'<circle cx="{c}" cy="{c}" r="{r * 0.35:.1f}" fill="{inner_fill}"/>'
        )
    if shape == "dot":
        return f'<circle cx="{c}" cy="{c}" r="{r}" {common}/>'
    if shape == "diamond":
        return (
            f'<polygon points="{c},1.5 {size - 1.5},{c} {c},{size - 1.5} 1.5,{c}" '
            f'{common} stroke-linejoin="round"/>'
        )
    if shape == "triangle":
        return f'<polygon points="{c},2 {size - 2},{size - 2} 2,{size - 2}" {common} stroke-linejoin="round"/>'
    if shape == "square":
        return f'<rect x="2" y="2" width="{size - 4}" height="{size - 4}" rx="2" {common}/>'
    if shape == "hexagon":
        q = size / 4
        return (
            f'<polygon points="{q},2 {3 * q},2 {size - 1},{c} {3 * q},{size - 2} {q},{size - 2} 1,{c}" '
            f"{common}/>"
        )
    if shape == "cross":
        line = f'stroke="{fill if fill != "#fff" else stroke}" stroke-width="2"'
        return (
            f'<circle cx="{c}" cy="{c}" r="{r - 1}" fill="#fff" fill-opacity=".85" '
            f'stroke="{fill if fill != "#fff" else stroke}" stroke-width="2"{dash}/>'
            f'<line x1="{c}" y1="1" x2="{c}" y2="{size - 1}" {line}/>'
            f'<line x1="1" y1="{c}" x2="{size - 1}" y2="{c}" {line}/>'
        )
    raise ValueError(f"unknown shape {shape!r}")


def icon_svg(kind: str, *, low_confidence: bool = False, corrected: bool = False) -> PinIcon:
    """The SVG icon of a pin of ``kind``.

    Low-confidence pins are hollow with a dashed outline in the kind's colour;
    corrected pins carry a green check badge in their top-right corner.
    """
    style = style_for(kind)
    size = style.size
    if low_confidence:
        body = _shape(style.shape, size, "#fff", style.colour, True)
        if style.shape != "cross":
            body += (
                f'<text x="{size / 2}" y="{size / 2}" dy=".36em" text-anchor="middle" '
                f'font-size="{max(8, round(size * 0.55))}" font-weight="700" '
                f'font-family="sans-serif" fill="{style.colour}">?</text>'
            )
    else:
        body = _shape(style.shape, size, style.colour, "#fff", False)
    width = height = size
    anchor = (size / 2, size / 2)
    badge = ""
    if corrected:
        # Grow the box to the top-right so the pin's own centre does not move.
        width = height = size + 6
        anchor = (size / 2, size / 2 + 6)
        badge = (
            f'<g class="cm-badge" transform="translate({size - 4},0)">'
            '<circle cx="5" cy="5" r="5" fill="#1a9850" stroke="#fff" stroke-width="1.2"/>'
            '<path d="M2.6 5.2l1.6 1.6 3.2-3.4" fill="none" stroke="#fff" stroke-width="1.5"/>'
            "</g>"
        )
        body = f'<g transform="translate(0,6)">{body}</g>'
    key = style.kind + ("-low" if low_confidence else "") + ("-fixed" if corrected else "")
    svg = (
        f'<svg width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" aria-hidden="true">{body}{badge}</svg>'
    )
    return PinIcon(key, svg, (width, height), anchor)
