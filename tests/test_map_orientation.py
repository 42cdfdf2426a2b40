"""The basemap's orientation layers: first-level boundaries, rivers and lakes (issue 18)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from geopy.distance import geodesic

from conflictmap.mapping import make_map, page_html
from conflictmap.mapping.layers import DrawingBuilder
from conflictmap.mapping.orientation import TOWNS, orientation, widen
from conflictmap.pipeline import geoparse
from conflictmap.store.gazetteer import Gazetteer

#: the middle Niger: Timbuktu, Gao, Mopti (south, west, north, east)
SAHEL = (12.0, -9.0, 17.6, 1.2)
GAO = (16.27167, -0.04472)
EXAMPLES = Path(__file__).resolve().parents[1] / "examples"


def _points(geometry: dict[str, Any]) -> list[tuple[float, float]]:
    """Every (lon, lat) of a GeoJSON geometry."""
    out: list[tuple[float, float]] = []

    def walk(value: Any) -> None:
        if value and isinstance(value[0], (int, float)):
            out.append((float(value[0]), float(value[1])))
        else:
            for part in value:
                walk(part)

    walk(geometry["coordinates"])
    return out


def _by_kind(collection: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {f["properties"]["k"]: f["geometry"] for f in collection["features"]}


def test_a_sahel_view_has_boundaries_the_niger_and_lakes_clipped_to_it() -> None:
    layers = _by_kind(orientation(SAHEL))
    assert set(layers) == {"admin1", "river", "lake"}
    south, west, north, east = widen(SAHEL)
    for geometry in layers.values():
        for lon, lat in _points(geometry):
            assert south - 1e-6 <= lat <= north + 1e-6 and west - 1e-6 <= lon <= east + 1e-6
    # the Niger runs along Gao (a 1:50m line on a 0.036° grid: 12 km from the town's point)
    nearest = min(geodesic(GAO, (lat, lon)).km for lon, lat in _points(layers["river"]))
    assert nearest < 20


def test_boundaries_can_be_kept_to_some_countries() -> None:
    every = _points(_by_kind(orientation(SAHEL))["admin1"])
    mali = _points(_by_kind(orientation(SAHEL, frozenset({"ML"})))["admin1"])
    assert 0 < len(mali) < len(every)


def test_a_view_on_the_antimeridian_stays_on_the_globe() -> None:
    for geometry in _by_kind(orientation((-20.0, 170.0, -10.0, 180.0))).values():
        assert all(-180.0 <= lon <= 180.0 for lon, _ in _points(geometry))


def test_a_map_embeds_its_views_layers_within_the_size_budget(base_gazetteer: Gazetteer) -> None:
    result = geoparse(
        "A convoy was ambushed between Gao and Ansongo; fighting spread to Timbuktu.",
        gazetteer=base_gazetteer,
    )
    spec = DrawingBuilder([result], gazetteer=base_gazetteer).build().spec()
    layers = _by_kind(spec["basemap"]["orientation"])
    assert {"admin1", "river"} <= set(layers)
    page = page_html(make_map(result, gazetteer=base_gazetteer))
    assert len(page.encode()) < 1_500_000


def test_a_map_names_a_few_large_towns_the_article_does_not(base_gazetteer: Gazetteer) -> None:
    text = (EXAMPLES / "sahel-convoy.txt").read_text(encoding="utf-8")
    result = geoparse(text, gazetteer=base_gazetteer)
    spec = DrawingBuilder([result], gazetteer=base_gazetteer).build().spec()
    rows = spec["basemap"]["towns"]
    assert 0 < len(rows) <= TOWNS
    (south, west), (north, east) = spec["fit"]
    named = {p.name for p in result.places}
    for lat, lon, label in rows:
        assert south <= lat <= north and west <= lon <= east
        assert label not in named
        for place in result.places:
            if place.kind.is_point:
                assert geodesic((lat, lon), (place.lat, place.lon)).km > 20
