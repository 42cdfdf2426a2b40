"""Writing results out: the JSON contract, GeoJSON, CSV, and images of maps.

One module per format: :mod:`.json` (the contract), :mod:`.geojson` (RFC 7946),
:mod:`.csv` (one row per place, safe in spreadsheets), :mod:`.render` (PNG with
headless Chromium); :mod:`.facts` holds what the exports share.

Examples
--------
>>> from conflictmap.model import Result
>>> to_geojson(Result(id="a"))
{'type': 'FeatureCollection', 'features': []}
>>> to_csv(Result(id="a")).split(",")[:3]
['name', 'latitude', 'longitude']
"""

from __future__ import annotations

from conflictmap.output.csv import CSV_COLUMNS, to_csv
from conflictmap.output.geojson import to_geojson
from conflictmap.output.json import to_json

__all__ = ["CSV_COLUMNS", "to_csv", "to_geojson", "to_json"]
