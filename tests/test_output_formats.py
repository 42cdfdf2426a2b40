"""The export modules one at a time: typed CSV rows, GeoJSON geometry choice, shared facts."""

from __future__ import annotations

import csv
import io

from conflictmap.model import Estimate, Mention, Place, Result, Stated, Statement
from conflictmap.output import csv as csv_out
from conflictmap.output import facts, geojson, json

GAO = Place(id="g:1", name="Gao", lat=16.27167, lon=-0.04472, country="ML", kind="city")
KIDAL = Place(id="g:2", name="=Kidal", lat=18.44, lon=1.41, country="ML", kind="town")


def result() -> Result:
    text = "Gao fell. Rebels left Gao for Kidal."
    return Result(
        id="a",
        text=text,
        places=(GAO, KIDAL),
        mentions=(
            Mention(start=0, end=3, text="Gao", place="g:1", confidence=0.4),
            Mention(start=22, end=25, text="Gao", place="g:1", confidence=0.8),
            Mention(start=30, end=35, text="Kidal", place="g:2", confidence=0.7, reason="correction"),
            Mention(start=10, end=16, text="Rebels", place=None, confidence=0.1),
        ),
    )  # fmt: skip


def test_csv_columns_are_the_row_fields_in_the_contracts_order() -> None:
    assert csv_out.CSV_COLUMNS == (
        "name", "latitude", "longitude", "country", "admin1", "kind", "geo_precision",
        "confidence", "mentions", "first_sentence", "place_id", "geonames_id",
        "feature_code", "layer", "article_id",
    )  # fmt: skip


def test_csv_rows_are_typed_and_their_cells_spreadsheet_safe() -> None:
    rows = list(csv_out.csv_rows(result()))
    assert [r.name for r in rows] == ["Gao", "=Kidal"]
    gao = rows[0]
    assert (gao.confidence, gao.mentions, gao.first_sentence) == (0.8, 2, "Gao fell.")
    assert gao.kind == "city" and gao.geonames_id == "" and gao.article_id == "a"
    assert rows[1].cells()[0] == "'=Kidal"
    parsed = list(csv.reader(io.StringIO(csv_out.to_csv([result(), result()]))))
    assert parsed[0] == list(csv_out.CSV_COLUMNS) and len(parsed) == 5
    assert parsed[2][0] == "'=Kidal"


def test_facts_best_confidence_first_sentence_and_corrections() -> None:
    r = result()
    assert facts.best_confidence(r) == {"g:1": 0.8, "g:2": 0.7}
    assert facts.first_sentences(r) == {"g:1": "Gao fell.", "g:2": "Rebels left Gao for Kidal."}
    assert facts.corrected_ids(r) == frozenset({"g:2"})


def test_statement_geometry_is_the_line_else_the_estimate_else_none() -> None:
    places = {p.id: p for p in (GAO, KIDAL)}
    line = Statement(start=0, end=5, text="x", kind="distance", anchor="g:1", subject="g:2",
                     stated=Stated(distance_km=300))  # fmt: skip
    spot = Statement(start=0, end=5, text="x", kind="offset", anchor="g:1", stated=Stated(),
                     estimate=Estimate(lat=16.5, lon=-0.5, radius_km=10))  # fmt: skip
    nothing = Statement(start=0, end=5, text="x", kind="near", anchor="g:9", stated=Stated())
    assert geojson._statement_geometry(line, places) == {
        "type": "LineString",
        "coordinates": [[-0.04472, 16.27167], [1.41, 18.44]],
    }
    assert geojson._statement_geometry(spot, places) == {
        "type": "Point",
        "coordinates": [-0.5, 16.5],
    }
    assert geojson._statement_geometry(nothing, places) is None


def test_geojson_marks_corrected_places_and_drops_lat_lon_properties() -> None:
    features = geojson.to_geojson(result())["features"]
    by_id = {f["id"]: f for f in features}
    assert by_id["a/g:2"]["properties"]["corrected"] is True
    assert by_id["a/g:1"]["properties"]["corrected"] is False
    assert "lat" not in by_id["a/g:1"]["properties"]
    assert by_id["a/g:1"]["properties"]["confidence"] == 0.8


def test_a_border_without_a_gazetteer_is_its_point() -> None:
    border = Place(id="border:ML-MR", name="border", lat=15.5, lon=-5.5, kind="border")
    r = Result(id="b", places=(border,))
    assert geojson.to_geojson(r)["features"][0]["geometry"] == {
        "type": "Point",
        "coordinates": [-5.5, 15.5],
    }


def test_json_is_the_contract_unescaped() -> None:
    text = json.to_json(Result(id="Ségou"), indent=None)
    assert text.startswith('{"id": "Ségou"')
