"""What the map's script draws: typed items, written out as the JSON it reads.

Each drawn thing is one frozen item: a :class:`Pin`, a :class:`Line`, a
:class:`Circle` or an :class:`Area`. Every item names the layer group it belongs
to (``group``), its ``kind`` (a pin kind, ``border``, ``statement``...), plain
text (``name``, ``tip``, ``label``: the script inserts them with ``textContent``)
and an escaped HTML ``popup``. :meth:`Pin.to_json` and the others give the
compact form of ``assets/conflictmap/map.js``: the type under ``"t"``, the group
under ``"g"``, fields left unset are left out.

Examples
--------
>>> pin = Pin(group="places", id="a0:g:1", kind="city", at=LatLon(16.27, -0.04),
...           icon="city", name="Gao", tip="Gao · city", popup="<b>Gao</b>", label=2, z=2)
>>> pin.to_json()["t"], pin.to_json()["g"], pin.to_json()["lat"]
('pin', 'places', 16.27)
>>> line = Line(group="statements", kind="stated", parts=[[[12.6, -8.0], [16.2, -8.0]]],
...             style=Style(color="#555", weight=2, opacity=0.8, dash="2 6"))
>>> line.to_json()
{'t': 'line', 'g': 'statements', 'kind': 'stated', 'parts': [[[12.6, -8.0], [16.2, -8.0]]], \
'style': {'color': '#555', 'weight': 2, 'opacity': 0.8, 'dashArray': '2 6'}}
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, ClassVar, TypeAlias

from conflictmap.model.coords import LatLon

__all__ = ["Area", "Circle", "Item", "LatLngParts", "Line", "Pin", "Style"]

#: a polyline's parts, each a list of ``[lat, lon]`` (Leaflet's order)
LatLngParts: TypeAlias = "list[list[list[float]]]"

#: Style fields in the order the script receives them, with Leaflet's names.
_STYLE_KEYS = (
    ("radius", "radius"),
    ("color", "color"),
    ("weight", "weight"),
    ("opacity", "opacity"),
    ("dash", "dashArray"),
    ("fill", "fillColor"),
    ("fill_opacity", "fillOpacity"),
)


@dataclass(frozen=True, slots=True, kw_only=True)
class Style:
    """Leaflet path options of a line, circle or area (unset ones are left out).

    Examples
    --------
    >>> Style(color="#8c6d31", weight=1.6, fill="#f6d58e", fill_opacity=0.3).to_json()
    {'color': '#8c6d31', 'weight': 1.6, 'fillColor': '#f6d58e', 'fillOpacity': 0.3}
    """

    color: str
    weight: float
    opacity: float | None = None
    #: ``dashArray``: dash and gap lengths in pixels, ``"9 6"``
    dash: str | None = None
    #: ``fillColor``
    fill: str | None = None
    fill_opacity: float | None = None
    #: a circle marker's radius in pixels
    radius: float | None = None

    def to_json(self) -> dict[str, str | float]:
        out: dict[str, str | float] = {}
        for attr, key in _STYLE_KEYS:
            value = getattr(self, attr)
            if value is not None:
                out[key] = value
        return out


def _compact(kind: str, fields: tuple[tuple[str, Any], ...]) -> dict[str, Any]:
    out: dict[str, Any] = {"t": kind}
    for key, value in fields:
        if value is None:
            continue
        out[key] = value.to_json() if isinstance(value, Style) else value
    return out


@dataclass(frozen=True, slots=True, kw_only=True)
class Pin:
    """A marker drawn with one of the drawing's icons (see :mod:`.markers`)."""

    TYPE: ClassVar[str] = "pin"
    group: str
    id: str
    kind: str
    at: LatLon
    #: the key of the icon in the drawing's icon table
    icon: str
    name: str
    tip: str
    popup: str
    #: label priority: 0 writes no name on the map, 3 is the most important
    label: int
    #: stacking order (higher on top)
    z: int

    def to_json(self) -> dict[str, Any]:
        return _compact(self.TYPE, (
            ("g", self.group), ("id", self.id), ("kind", self.kind),
            ("lat", self.at.lat), ("lon", self.at.lon), ("icon", self.icon),
            ("name", self.name), ("tip", self.tip), ("popup", self.popup),
            ("label", self.label), ("z", self.z),
        ))  # fmt: skip


@dataclass(frozen=True, slots=True, kw_only=True)
class Line:
    """A polyline: a border, a statement's line, its stated ghost or its offset."""

    TYPE: ClassVar[str] = "line"
    group: str
    kind: str
    parts: LatLngParts
    style: Style
    id: str | None = None
    name: str | None = None
    #: text written along the line on the map
    label: str | None = None
    tip: str | None = None
    popup: str | None = None

    def to_json(self) -> dict[str, Any]:
        return _compact(self.TYPE, (
            ("g", self.group), ("id", self.id), ("kind", self.kind), ("name", self.name),
            ("parts", self.parts), ("style", self.style), ("label", self.label),
            ("tip", self.tip), ("popup", self.popup),
        ))  # fmt: skip


@dataclass(frozen=True, slots=True, kw_only=True)
class Circle:
    """A circle of ``radius`` metres, or a circle marker (fixed pixel size) when it is 0."""

    TYPE: ClassVar[str] = "circle"
    group: str
    kind: str
    at: LatLon
    radius: int
    style: Style
    id: str | None = None
    tip: str | None = None
    popup: str | None = None

    def to_json(self) -> dict[str, Any]:
        return _compact(self.TYPE, (
            ("g", self.group), ("id", self.id), ("kind", self.kind),
            ("lat", self.at.lat), ("lon", self.at.lon), ("radius", self.radius),
            ("style", self.style), ("tip", self.tip), ("popup", self.popup),
        ))  # fmt: skip


@dataclass(frozen=True, slots=True, kw_only=True)
class Area:
    """An outline with a fill (a country the article names), as a GeoJSON geometry."""

    TYPE: ClassVar[str] = "area"
    group: str
    id: str
    kind: str
    name: str
    geojson: dict[str, Any]
    style: Style
    tip: str
    popup: str

    def to_json(self) -> dict[str, Any]:
        return _compact(self.TYPE, (
            ("g", self.group), ("id", self.id), ("kind", self.kind), ("name", self.name),
            ("geojson", self.geojson), ("style", self.style), ("tip", self.tip),
            ("popup", self.popup),
        ))  # fmt: skip


#: anything the map's script draws
Item: TypeAlias = "Pin | Line | Circle | Area"
