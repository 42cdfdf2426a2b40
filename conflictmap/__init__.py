"""conflictmap: turn a news article about a conflict into an accurate, checked map.

The library comes first; the ``conflictmap`` command is a thin shell over it.

>>> import conflictmap
>>> sorted(conflictmap.__all__)[:4]
['ConflictmapError', 'Estimate', 'Gazetteer', 'GazetteerGeocoder']

GeoNames data (CC BY 4.0, geonames.org) and Natural Earth data (public domain)
are bundled in the gazetteer.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from conflictmap.errors import ConflictmapError
from conflictmap.model import Estimate, Measured, Mention, Place, Result, Stated, Statement
from conflictmap.model.result import set_html_renderer
from conflictmap.pipeline import geoparse, open_gazetteer
from conflictmap.store.gazetteer import Gazetteer
from conflictmap.store.overrides import Overrides
from conflictmap.version import __version__

if TYPE_CHECKING:
    import folium

    from conflictmap.store.geocoder import GazetteerGeocoder


__all__ = [
    "ConflictmapError",
    "Estimate",
    "Gazetteer",
    "GazetteerGeocoder",
    "Measured",
    "Mention",
    "Overrides",
    "Place",
    "Result",
    "Stated",
    "Statement",
    "__version__",
    "geoparse",
    "make_map",
    "open_gazetteer",
]


def make_map(results: Result | list[Result], **options: Any) -> folium.Map:
    """A self-contained Folium map of one result or several (see :mod:`conflictmap.mapping`)."""
    from conflictmap.mapping import make_map as _make_map

    return _make_map(results, **options)


def _map_html(result: Result) -> str:
    from conflictmap.mapping import make_map as _make_map

    return str(_make_map(result)._repr_html_())


set_html_renderer(_map_html)


def __getattr__(name: str) -> Any:
    if name == "GazetteerGeocoder":
        from conflictmap.store.geocoder import GazetteerGeocoder

        return GazetteerGeocoder
    raise AttributeError(f"module 'conflictmap' has no attribute {name!r}")
