"""The reference article: every required mention found and placed right, no non-place spotted."""

from __future__ import annotations

import json

import pytest

from conflictmap.geo.geodesy import distance_km
from conflictmap.pipeline import geoparse

from .conftest import MALI, MALI_GOLD, needs_shared

pytestmark = [needs_shared, pytest.mark.shared]


@pytest.fixture(scope="module")
def gold() -> dict:
    return json.loads(MALI_GOLD.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def result(base_gazetteer):  # type: ignore[no-untyped-def]
    return geoparse(MALI.read_text(encoding="utf-8"), id="mali", gazetteer=base_gazetteer)


def _overlapping(result, start: int, end: int):  # type: ignore[no-untyped-def]
    return [m for m in result.mentions if m.start < end and start < m.end]


def test_every_required_mention_found_and_placed(result, gold) -> None:  # type: ignore[no-untyped-def]
    places = result.place_by_id
    problems = []
    for g in gold["mentions"]:
        if not g["required"]:
            continue
        found = _overlapping(result, g["start"], g["end"])
        if not found:
            problems.append(f"missed {g['text']}@{g['start']}")
            continue
        ok_ids = {g["place"], *g.get("also_ok", [])}
        mention = found[0]
        if mention.place in ok_ids:
            continue
        gold_place = gold["places"].get(g["place"])
        got = places.get(mention.place or "")
        if (
            gold_place
            and got
            and distance_km(gold_place["lat"], gold_place["lon"], got.lat, got.lon) < 25
        ):
            continue
        problems.append(f"{g['text']}@{g['start']}: got {mention.place}, want {g['place']}")
    assert not problems, problems


def test_no_non_place_is_spotted(result, gold) -> None:  # type: ignore[no-untyped-def]
    spotted = [
        (n["text"], n["start"])
        for n in gold["not_places"]
        if _overlapping(result, n["start"], n["end"])
    ]
    assert not spotted


def test_spelling_variants_are_one_town(result) -> None:  # type: ignore[no-untyped-def]
    ids = {m.place for m in result.mentions if m.text in ("Diabali", "Diabili", "Diabaly")}
    assert ids == {"geonames:2458187"}


def test_the_mauritanian_border_is_a_border(result) -> None:  # type: ignore[no-untyped-def]
    border = [m for m in result.mentions if m.text == "Mauritanian border"]
    assert border and border[0].place == "border:ML-MR"
    assert result.place_by_id["border:ML-MR"].kind == "border"


def test_json_contract_shape(result) -> None:  # type: ignore[no-untyped-def]
    data = result.to_dict()
    assert set(data) == {"id", "mentions", "places", "statements", "events", "unresolved"}
    mention = data["mentions"][0]
    assert {"start", "end", "text", "place", "confidence", "alternatives"} <= set(mention)
    place = data["places"]["geonames:2460596"]
    assert {"name", "lat", "lon", "country", "feature", "kind", "precision", "mentions"} <= set(
        place
    )
    assert place["country"] == "ML" and place["precision"] == 1
    text = MALI.read_text(encoding="utf-8")
    for m in data["mentions"]:
        assert text[m["start"] : m["end"]] == m["text"]
        assert 0.0 <= m["confidence"] <= 1.0
