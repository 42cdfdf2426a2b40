"""GeoJSON (RFC 7946) and CSV exports: order of coordinates, properties, safe cells."""

from __future__ import annotations

import csv
import io
import json

from conflictmap.model import Mention, Place, Result
from conflictmap.output import CSV_COLUMNS, to_csv, to_geojson
from conflictmap.store.gazetteer import Gazetteer

from .test_map import BAMAKO, DIABALY, hand_made_result


def test_geojson_is_rfc7946_lon_lat_with_place_and_statement_properties(
    base_gazetteer: Gazetteer,
) -> None:
    collection = to_geojson(hand_made_result(), gazetteer=base_gazetteer)
    json.dumps(collection, allow_nan=False)  # valid JSON: no NaN or Infinity
    assert collection["type"] == "FeatureCollection"
    features = {f["id"]: f for f in collection["features"]}
    bamako = features["hand/geonames:2460596"]
    assert bamako["type"] == "Feature"
    assert bamako["geometry"] == {"type": "Point", "coordinates": [BAMAKO.lon, BAMAKO.lat]}
    props = bamako["properties"]
    assert props["feature_type"] == "place" and props["kind"] == "capital"
    assert props["precision"] == 1 and props["mentions"] == 1 and props["confidence"] == 0.97
    assert props["article_id"] == "hand" and props["corrected"] is False
    assert features["hand/geonames:2453866"]["properties"]["corrected"] is True  # by correction
    # the border is its line, lon/lat
    border = features["hand/border:ML-MR"]["geometry"]
    assert border["type"] in ("LineString", "MultiLineString")
    first = (
        border["coordinates"][0] if border["type"] == "LineString" else border["coordinates"][0][0]
    )
    assert -13 < first[0] < -4 and 10 < first[1] < 26
    # statements: the anchor-to-subject line, and the estimated spot
    line = features["hand/statement/0"]
    assert line["geometry"]["coordinates"] == [[BAMAKO.lon, BAMAKO.lat], [DIABALY.lon, DIABALY.lat]]
    assert line["properties"]["verdict"] == "approximate"
    assert line["properties"]["stated"]["distance_km"] == 400
    assert line["properties"]["measured"]["distance_km"] == 313.4
    spot = features["hand/statement/1"]
    assert spot["geometry"] == {"type": "Point", "coordinates": [-0.5125, 16.2712]}
    assert spot["properties"]["estimate"]["radius_km"] == 25.5
    for feature in collection["features"]:
        for lon, lat in _points(feature["geometry"]):
            assert -180 <= lon <= 180 and -90 <= lat <= 90


def _points(geometry: dict | None) -> list[tuple[float, float]]:  # type: ignore[type-arg]
    if geometry is None:
        return []
    coords = geometry["coordinates"]
    while isinstance(coords[0][0] if isinstance(coords[0], list) else None, list):
        coords = [c for part in coords for c in part]
    if isinstance(coords[0], (int, float)):
        return [(coords[0], coords[1])]
    return [(c[0], c[1]) for c in coords]


def test_csv_has_one_row_per_place_with_coder_columns() -> None:
    rows = list(csv.DictReader(io.StringIO(to_csv(hand_made_result()))))
    assert list(rows[0]) == list(CSV_COLUMNS)
    assert len(rows) == len(hand_made_result().places)
    diabaly = next(r for r in rows if r["name"] == "Diabaly")
    assert (diabaly["latitude"], diabaly["longitude"]) == ("14.6937", "-6.0197")
    assert diabaly["geo_precision"] == "1" and diabaly["mentions"] == "2"
    assert diabaly["first_sentence"].startswith("Islamists attacked Diabali, some 400 kilometres")


def test_csv_cells_cannot_run_as_spreadsheet_formulas() -> None:
    text = '=HYPERLINK("http://x.test","Gao") hit Gao, "quoted",\nnext line.'
    gao = Place(id="g:1", name="@Gao", lat=16.27, lon=-0.04, country="ML", kind="city")
    start = text.index("Gao,")
    result = Result(id="-1+1", text=text, places=(gao,),
                    mentions=(Mention(start=start, end=start + 3, text="Gao", place=gao.id, confidence=0.9),))  # fmt: skip
    (row,) = list(csv.DictReader(io.StringIO(to_csv(result))))
    assert row["name"] == "'@Gao" and row["article_id"] == "'-1+1"
    assert row["first_sentence"].startswith("'=HYPERLINK(")
    assert row["longitude"] == "-0.04"  # numbers stay numbers
