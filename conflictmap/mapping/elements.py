"""Folium elements that inline the assets and hand the drawing to the map's script.

Folium normally links Leaflet, jQuery, Bootstrap and Font Awesome from the
network through class-level ``default_js``/``default_css`` lists. A conflictmap
map empties those lists *on its own instances* (never on the classes, which
would change every other folium map in the process) and adds one
:class:`InlineAssets` element that writes the scripts and styles into the page.

Branca wraps what a folium element renders into a new ``Element``, whose text is
compiled **as a Jinja template** when the page is rendered: ``{{ ... }}`` in an
article would then be evaluated in Python. Everything here that carries data is
therefore put into the page as a :class:`Raw` element, which is never templated.

Branca's ``MacroElement`` has no type hints: the calls into it are marked
``no-untyped-call`` below.
"""

from __future__ import annotations

from typing import Any, TypeVar

import folium
from branca.element import Element, Figure, MacroElement
from jinja2 import Template

from conflictmap.mapping.assets import bundle_for
from conflictmap.mapping.escape import js_literal

__all__ = ["Drawing", "InlineAssets", "LayerControl", "Raw", "offline"]


_Element = TypeVar("_Element")


def offline(element: _Element) -> _Element:
    """Stop ``element`` (a folium element) from linking network scripts; returns it."""
    element.default_js = []  # type: ignore[attr-defined]
    element.default_css = []  # type: ignore[attr-defined]
    return element


class Raw(Element):
    """Text put into the page as it is (never compiled as a Jinja template)."""

    def __init__(self, text: str) -> None:
        super().__init__()
        self._name = "Raw"
        self.text = text

    def render(self, **kwargs: Any) -> str:
        return self.text


class InlineAssets(MacroElement):
    """Leaflet (+ marker clustering when needed) and our script/style, inline in the head."""

    _template = Template("")

    def __init__(self, *, cluster: bool) -> None:
        super().__init__()  # type: ignore[no-untyped-call]
        self._name = "InlineAssets"
        self.cluster = cluster

    def html(self) -> str:
        bundle = bundle_for(cluster=self.cluster)
        return (
            f'<style data-conflictmap="assets">\n{bundle.style}\n</style>\n'
            f'<script data-conflictmap="assets">\n{bundle.script}\n</script>'
        )

    def render(self, **kwargs: Any) -> Any:
        figure = self.get_root()
        if isinstance(figure, Figure):
            figure.header.add_child(Raw(self.html()), name="conflictmap_assets")
        return super().render(**kwargs)  # type: ignore[no-untyped-call]


class Drawing(MacroElement):
    """Calls ``conflictmap.draw(map, groups, spec)``: every layer's contents at once.

    ``spec`` is JSON (see ``assets/conflictmap/map.js``) written with
    :func:`~conflictmap.mapping.escape.js_literal`, so article text cannot end the
    script element or run as code.
    """

    _template = Template("")

    def __init__(self, spec: dict[str, Any], groups: dict[str, folium.FeatureGroup]) -> None:
        super().__init__()  # type: ignore[no-untyped-call]
        self._name = "ConflictmapDrawing"
        self.spec_js = js_literal(spec)
        self.groups = groups

    def groups_js(self) -> str:
        pairs = ", ".join(f"{js_literal(key)}: {g.get_name()}" for key, g in self.groups.items())
        return "{" + pairs + "}"

    def script(self) -> str:
        if self._parent is None:
            raise ValueError("the drawing is not on a map")
        return f"conflictmap.draw({self._parent.get_name()}, {self.groups_js()}, {self.spec_js});"

    def render(self, **kwargs: Any) -> Any:
        figure = self.get_root()
        if isinstance(figure, Figure):
            figure.script.add_child(Raw(self.script()), name=self.get_name())
        return ""


class LayerControl(folium.LayerControl):
    """Folium's layer control, with its layers passed in an array, never as object keys.

    Folium writes ``{"<layer name>": layer, ...}`` object literals: an article whose id
    is ``__proto__`` would set the object's prototype instead of adding its layer (and
    break the page). Here each layer is added with ``addOverlay``/``addBaseLayer`` from
    a list of ``[name, layer, overlay]``; names are JSON strings
    (:func:`~conflictmap.mapping.escape.js_literal`), already HTML-escaped by whoever
    named the layer (Leaflet inserts them as HTML).
    """

    def script(self) -> str:
        parent = self._parent
        if parent is None:
            raise ValueError("the layer control is not on a map")
        rows = [
            f"[{js_literal(item.layer_name)}, {item.get_name()}, {js_literal(bool(item.overlay))}]"
            for item in parent._children.values()
            if isinstance(item, folium.map.Layer) and item.control
        ]
        name = self.get_name()
        return (
            f"var {name} = L.control.layers(null, null, {js_literal(self.options)})"
            f".addTo({parent.get_name()});\n"
            f"[{', '.join(rows)}].forEach(function (row) {{\n"
            f"  if (row[2]) {{ {name}.addOverlay(row[1], row[0]); }}\n"
            f"  else {{ {name}.addBaseLayer(row[1], row[0]); }}\n"
            "});"
        )

    def render(self, **kwargs: Any) -> Any:
        figure = self.get_root()
        if isinstance(figure, Figure):
            figure.script.add_child(Raw(self.script()), name=self.get_name())
        return ""
