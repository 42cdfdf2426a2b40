"""Writing results out: the JSON contract, GeoJSON, CSV, and images of maps.

One module per format: :mod:`.json` (the contract), :mod:`.geojson` (RFC 7946),
:mod:`.csv` (one row per place, safe in spreadsheets), :mod:`.render` (PNG with
headless Chromium); :mod:`.facts` holds what the exports share. A format's
module is imported when one of its names is first used.

Examples
--------
>>> from conflictmap.model import Result
>>> from conflictmap.output import to_csv, to_geojson
>>> to_geojson(Result(id="a"))
{'type': 'FeatureCollection', 'features': []}
>>> to_csv(Result(id="a")).split(",")[:3]
['name', 'latitude', 'longitude']
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from conflictmap.output.csv import CSV_COLUMNS, to_csv
    from conflictmap.output.geojson import to_geojson
    from conflictmap.output.json import to_json

__all__ = ["CSV_COLUMNS", "to_csv", "to_geojson", "to_json"]

#: where each name lives: a format's module is imported when its name is first used
#: (issue 19: start-up; ``extract`` to JSON needs neither CSV nor GeoJSON)
_HOMES = {
    "CSV_COLUMNS": "conflictmap.output.csv",
    "to_csv": "conflictmap.output.csv",
    "to_geojson": "conflictmap.output.geojson",
    "to_json": "conflictmap.output.json",
}


def __getattr__(name: str) -> Any:
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(home), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})
