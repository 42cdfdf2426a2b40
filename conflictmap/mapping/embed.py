"""Writing a map out: a stand-alone page, a fragment to paste into another page.

Both are self-contained: every script, style sheet and image is inline and the
page fetches nothing (unless OpenStreetMap tiles were asked for).

A **fragment** is a ``<div>`` holding the map's styles, scripts and container,
ready to paste into any HTML page, several times over: each map's ids are
unique (folium names them with random hex), its code runs inside a function
(no global variables but the shared ``L`` and ``conflictmap``), Leaflet is
loaded only if the page does not have the same version already, and no style
touches anything outside the map (no ``html, body`` rules).

Examples
--------
>>> external_references('<img alt="" src="https://x.test/a.png"><a href="https://x.test">')
['<img src=https://x.test/a.png']
>>> external_references('<link rel="stylesheet" href="//cdn.test/x.css">')
['<link href=//cdn.test/x.css']
>>> external_references("background: url(data:image/png;base64,AAAA)")
[]
"""

from __future__ import annotations

import re
from typing import Any

import folium
from branca.element import Figure

from conflictmap.mapping.escape import html_text

__all__ = ["external_references", "fragment_html", "is_css_length", "page_html"]

_CSS_LENGTH = re.compile(r"\d+(?:\.\d+)?(?:px|%|em|rem|vh|vw)")


def is_css_length(value: str) -> bool:
    """True for a plain CSS length such as ``600px``, ``100%`` or ``70vh``.

    Examples
    --------
    >>> is_css_length("600px"), is_css_length("70vh"), is_css_length("1;x")
    (True, True, False)
    """
    return bool(_CSS_LENGTH.fullmatch(value))


# Attributes that make a browser fetch by themselves (href only on the tags below:
# a link's href is fetched, an anchor's only when clicked).
_ATTRIBUTE = re.compile(
    r"""(?ix)
    <(?P<tag>[a-z][a-z0-9:-]*)\b[^>]*?
    \s(?P<attr>src|srcset|data|poster|background|href|xlink:href)\s*=\s*["']?\s*
    (?P<url>(?:https?:)?//[^\s"'<>]*)
    """
)
_HREF_FETCHED = frozenset({"link", "image", "use", "feimage", "script"})
# CSS that fetches: url(...) and @import.
_CSS = re.compile(r"""(?i)(?:url\(\s*["']?|@import\s+["']?)(?:https?:)?//[^\s"'<>)]*""")
# URL templates a tile layer fills in ({z}/{x}/{y}).
_TILES = re.compile(r"""https?://[^\s"'<>]*\{z\}[^\s"'<>]*""", re.IGNORECASE)


def external_references(html: str) -> list[str]:
    """Everything in ``html`` that would make a browser fetch from the network.

    Looks at fetching attributes (``src``, ``srcset``, ``data``, ``poster``,
    ``background``, and ``href`` of ``<link>``/SVG ``<image>``/``<use>``), CSS
    ``url()`` and ``@import``, and tile URL templates. Anchors (``<a href>``) are
    not fetched unless clicked, so they are not listed.
    """
    found = []
    for match in _ATTRIBUTE.finditer(html):
        attr = match.group("attr").lower()
        if attr.endswith("href") and match.group("tag").lower() not in _HREF_FETCHED:
            continue
        found.append(f"<{match.group('tag')} {attr}={match.group('url')}")
    found += [m.group(0) for m in _CSS.finditer(html)]
    found += [m.group(0) for m in _TILES.finditer(html)]
    return found


def page_html(fmap: folium.Map, *, title: str | None = None) -> str:
    """The map as a complete, stand-alone HTML page."""
    figure = _figure(fmap)
    if title is not None:
        figure.title = html_text(title)
    return str(figure.render())


def _figure(fmap: folium.Map) -> Figure:
    figure = fmap.get_root()
    if not isinstance(figure, Figure):
        raise TypeError("the map is not inside a folium Figure")
    return figure


def fragment_html(fmap: folium.Map, *, height: str = "600px", width: str = "100%") -> str:
    """The map as an HTML fragment to paste into another page (see the module docstring).

    ``height`` and ``width`` are CSS lengths for the map's box.
    """
    for value in (height, width):
        if not is_css_length(value):
            raise ValueError(f"{value!r} is not a CSS length such as 600px or 100%")
    figure = _figure(fmap)
    figure.render()  # fills the figure's header, body and script parts
    name = fmap.get_name()
    head: list[str] = []
    for key, child in figure.header._children.items():
        if key == name:
            continue  # folium's page-level styles (html, body, #map) and global switches
        head.append(_render(child))
    body = "".join(_render(child) for child in figure.html._children.values())
    script = "".join(_render(child) for child in figure.script._children.values())
    return (
        "<!-- conflictmap map: self-contained, works offline. Place data: GeoNames "
        "(CC BY 4.0); shapes: Natural Earth. -->\n"
        f'<div class="conflictmap-embed" style="position:relative;width:{width};height:{height};">\n'
        f"<style>#{name} {{position:absolute;top:0;right:0;bottom:0;left:0;}}</style>\n"
        + "\n".join(head)
        + f"\n{body}\n<script>\n(function () {{\n{script}\n}})();\n</script>\n</div>\n"
    )


def _render(element: Any) -> str:
    return str(element.render())
