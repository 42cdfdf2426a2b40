"""Stated geography in the reference article, and village-level estimates from ML.txt."""

from __future__ import annotations

import json

import pytest
from geopy.distance import geodesic

from conflictmap.model import Place, Result
from conflictmap.pipeline import geoparse
from conflictmap.store.gazetteer import Gazetteer

from .conftest import GEONAMES, MALI, MALI_GOLD, needs_shared

DIABALY = "geonames:2458187"
BAMAKO = "geonames:2460596"
KIDAL = "geonames:2455290"
ML_DUMP = GEONAMES / "ML.txt"


@pytest.fixture(scope="module")
def result(base_gazetteer: Gazetteer) -> Result:
    return geoparse(MALI.read_text(encoding="utf-8"), id="mali", gazetteer=base_gazetteer)


@needs_shared
@pytest.mark.shared
def test_diabaly_statement_is_measured_and_the_gap_reported(result: Result) -> None:
    (statement,) = [s for s in result.statements if s.subject == DIABALY and s.kind == "offset"]
    assert statement.anchor == BAMAKO
    assert statement.text == "some 400 kilometres (250 miles) north of the capital Bamako"
    assert (statement.stated.distance_km, statement.stated.direction) == (400.0, "N")
    assert statement.stated.hedge == "some"
    assert statement.measured is not None
    assert 300 <= statement.measured.distance_km <= 330
    assert 35 <= statement.measured.bearing_deg <= 50
    assert statement.verdict in ("approximate", "contradicts")
    assert statement.note is not None and "shorter than stated" in statement.note


@needs_shared
@pytest.mark.shared
def test_the_mauritanian_border_is_a_line(result: Result, base_gazetteer: Gazetteer) -> None:
    borders = [s for s in result.statements if s.anchor == "border:ML-MR"]
    assert {s.kind for s in borders} == {"border", "along-border"}
    assert result.place_by_id["border:ML-MR"].kind == "border"
    line = base_gazetteer.border("ML", "MR")
    assert line is not None and line.geom_type in ("LineString", "MultiLineString")


@needs_shared
@pytest.mark.shared
def test_statements_match_the_gold_relations(result: Result) -> None:
    gold = json.loads(MALI_GOLD.read_text(encoding="utf-8"))
    for relation in gold["relations"]:
        matches = [
            s
            for s in result.statements
            if s.text in relation["text"] and s.anchor == relation["anchor"]
        ]
        assert matches, relation["text"]
        assert matches[0].subject == relation["subject"], relation["text"]
    kidal = next(s for s in result.statements if s.subject == KIDAL and s.kind == "near")
    assert kidal.measured is not None and 150 <= kidal.measured.distance_km <= 260
    assert kidal.verdict in ("consistent", "approximate")


@needs_shared
@pytest.mark.shared
def test_every_statement_span_is_in_the_text(result: Result) -> None:
    text = MALI.read_text(encoding="utf-8")
    assert result.statements
    for statement in result.statements:
        data = statement.to_dict()
        assert text[data["start"] : data["end"]] == data["text"]
        assert {"stated", "measured", "verdict", "estimate", "subject", "anchor"} <= set(data)


def _ml_gazetteer() -> tuple[Gazetteer, dict[str, Place]]:
    """Mali's populated places from the GeoNames dump (read in place, never copied)."""
    places: list[Place] = []
    aliases: list[tuple[str, str]] = []
    with ML_DUMP.open(encoding="utf-8") as handle:
        for line in handle:
            cols = line.rstrip("\n").split("\t")
            if len(cols) < 19 or cols[6] != "P":
                continue
            pid = f"geonames:{cols[0]}"
            places.append(
                Place(
                    id=pid, name=cols[1], lat=float(cols[4]), lon=float(cols[5]),
                    country=cols[8], feature=cols[7],
                    kind="capital" if cols[7] == "PPLC" else "town",
                    admin1=cols[10] or None, population=int(cols[14] or 0), layer="imported",
                )
            )  # fmt: skip
            aliases += [(a, pid) for a in cols[3].split(",") if a and a != cols[1]]
    return Gazetteer.from_places(places, aliases=aliases), {p.id: p for p in places}


@pytest.mark.skipif(not ML_DUMP.exists(), reason=f"{ML_DUMP} is absent (../shared not here)")
@pytest.mark.shared
@pytest.mark.parametrize(
    ("sentence", "anchor", "km", "bearing"),
    [
        ("Gunmen ambushed a convoy about 30km north of Douentza on Tuesday.",
         "geonames:2458334", 30.0, 0.0),
        ("A patrol was attacked 15km north of Anderamboukane.", "geonames:2461034", 15.0, 0.0),
        ("Two soldiers died some 20 km south-east of Ménaka.", "geonames:2453514", 20.0, 135.0),
    ],
)  # fmt: skip
def test_village_estimates_are_the_geodesic_destination(
    sentence: str, anchor: str, km: float, bearing: float
) -> None:
    gaz, places = _ml_gazetteer()
    (statement,) = geoparse(sentence, gazetteer=gaz).statements
    assert statement.anchor == anchor and statement.subject is None
    assert statement.estimate is not None
    origin = places[anchor]
    target = geodesic(kilometers=km).destination((origin.lat, origin.lon), bearing)
    gap = geodesic((target.latitude, target.longitude),
                   (statement.estimate.lat, statement.estimate.lon)).km  # fmt: skip
    assert gap < 1.0
    assert km * 0.1 < statement.estimate.radius_km < km
