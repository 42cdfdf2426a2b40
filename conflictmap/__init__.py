"""conflictmap: turn a news article about a conflict into an accurate, checked map.

The library comes first; the ``conflictmap`` command is a thin shell over it.

>>> import conflictmap
>>> sorted(conflictmap.__all__)[:4]
['ConflictmapError', 'Estimate', 'Gazetteer', 'GazetteerGeocoder']
>>> conflictmap.geoparse.__module__
'conflictmap.pipeline'

The names of ``__all__`` are imported on first use (PEP 562): ``import conflictmap``
or ``import conflictmap.cli`` does not load the pipeline, and a command loads only
what it runs (issue 19: start-up).

GeoNames data (CC BY 4.0, geonames.org) and Natural Earth data (public domain)
are bundled in the gazetteer.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from conflictmap.errors import ConflictmapError
from conflictmap.model.result import set_html_renderer
from conflictmap.version import __version__

if TYPE_CHECKING:
    import folium

    from conflictmap.model import Estimate, Measured, Mention, Place, Result, Stated, Statement
    from conflictmap.pipeline import geoparse, open_gazetteer
    from conflictmap.store.gazetteer import Gazetteer
    from conflictmap.store.geocoder import GazetteerGeocoder
    from conflictmap.store.overrides import Overrides


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

#: where each lazily imported name of ``__all__`` lives
_LAZY = {
    "Estimate": "conflictmap.model",
    "Measured": "conflictmap.model",
    "Mention": "conflictmap.model",
    "Place": "conflictmap.model",
    "Result": "conflictmap.model",
    "Stated": "conflictmap.model",
    "Statement": "conflictmap.model",
    "geoparse": "conflictmap.pipeline",
    "open_gazetteer": "conflictmap.pipeline",
    "Gazetteer": "conflictmap.store.gazetteer",
    "GazetteerGeocoder": "conflictmap.store.geocoder",
    "Overrides": "conflictmap.store.overrides",
}


def make_map(results: Result | list[Result], **options: Any) -> folium.Map:
    """A self-contained Folium map of one result or several (see :mod:`conflictmap.mapping`)."""
    from conflictmap.mapping import make_map as _make_map

    return _make_map(results, **options)


def _map_html(result: Result) -> str:
    from conflictmap.mapping import make_map as _make_map

    return str(_make_map(result)._repr_html_())


set_html_renderer(_map_html)


def __getattr__(name: str) -> Any:
    """Import a name of ``__all__`` on first use, and keep it (PEP 562)."""
    where = _LAZY.get(name)
    if where is None:
        raise AttributeError(f"module 'conflictmap' has no attribute {name!r}")
    value = getattr(importlib.import_module(where), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
