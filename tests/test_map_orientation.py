"""The basemap's orientation layers: first-level boundaries, rivers and lakes (issue 18)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from geopy.distance import geodesic

from conflictmap.mapping import make_map, page_html
from conflictmap.mapping.layers import DrawingBuilder
from conflictmap.mapping.orientation import TOWNS, around, orientation
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


def test_a_sahel_view_has_boundaries_the_niger_and_lakes_clipped_to_it(
    base_gazetteer: Gazetteer,
) -> None:
    layers = _by_kind(orientation(base_gazetteer, SAHEL))
    assert set(layers) == {"admin1", "river", "lake"}
    ((south, west, north, east),) = around(SAHEL)  # the view, 6° at least, widened by half
    for geometry in layers.values():
        for lon, lat in _points(geometry):
            assert south - 1e-6 <= lat <= north + 1e-6 and west - 1e-6 <= lon <= east + 1e-6
    # the Niger runs along Gao (a 1:50m line on a 0.036° grid: 12 km from the town's point)
    nearest = min(geodesic(GAO, (lat, lon)).km for lon, lat in _points(layers["river"]))
    assert nearest < 20


def test_boundaries_can_be_kept_to_some_countries(base_gazetteer: Gazetteer) -> None:
    every = _points(_by_kind(orientation(base_gazetteer, SAHEL))["admin1"])
    mali = _points(_by_kind(orientation(base_gazetteer, SAHEL, frozenset({"ML"})))["admin1"])
    assert 0 < len(mali) < len(every)


def test_a_view_on_the_antimeridian_stays_on_the_globe(base_gazetteer: Gazetteer) -> None:
    for geometry in _by_kind(orientation(base_gazetteer, (-20.0, 170.0, -10.0, 180.0))).values():
        assert all(-180.0 <= lon <= 180.0 for lon, _ in _points(geometry))


def test_a_view_across_the_antimeridian_gets_both_sides(base_gazetteer: Gazetteer) -> None:
    # Fiji: Viti Levu west of 180°, the Lau islands' boundary lines east of it (-178..-179)
    view = (-19.5, 176.5, -15.5, 182.5)
    lons = [lon for lon, _ in _points(_by_kind(orientation(base_gazetteer, view))["admin1"])]
    assert all(-180.0 <= lon <= 180.0 for lon in lons)
    assert any(lon > 177.0 for lon in lons) and any(lon < -177.0 for lon in lons)


def test_the_base_holds_small_pieces_that_add_up_to_each_country(
    base_gazetteer: Gazetteer,
) -> None:
    from shapely import from_wkb, get_num_coordinates
    from shapely.ops import unary_union

    from conflictmap.store.basebuild.basemap import PIECE_POINTS
    from conflictmap.store.schema import BasemapKind

    world = (-90.0, -180.0, 90.0, 180.0)
    rows = base_gazetteer.basemap((BasemapKind.LAND,), world)
    assert rows and all(key for _, key, _ in rows)
    mali = unary_union([from_wkb(blob) for _, key, blob in rows if key == "ML"])
    assert 99.0 < mali.area < 108.0  # square degrees (Mali: about 1.24 million km²)
    russia = [from_wkb(blob) for _, key, blob in rows if key == "RU"]
    assert len(russia) > 20 and all(get_num_coordinates(p) <= PIECE_POINTS for p in russia)
    # the pieces do not overlap, and their cut edges join again
    whole = unary_union(russia)
    assert abs(whole.area - sum(p.area for p in russia)) < 1e-6 * whole.area
    assert len(getattr(whole, "geoms", [whole])) < len(russia)
    # a box reads only the pieces whose bounds meet it
    gao = base_gazetteer.basemap((BasemapKind.LAND,), (16.0, -0.5, 16.5, 0.5))
    assert "ML" in {key for _, key, _ in gao} and len(gao) < 10


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


def test_the_legend_names_the_basemap_layers_drawn(base_gazetteer: Gazetteer) -> None:
    text = (EXAMPLES / "sahel-convoy.txt").read_text(encoding="utf-8")
    built = DrawingBuilder([geoparse(text, gazetteer=base_gazetteer)], gazetteer=base_gazetteer)
    legend = built.build().spec()["legend"]
    for words in ("Basemap:", "first-level boundary", "river", "town not in the article"):
        assert words in legend
    bare = DrawingBuilder([geoparse(text, gazetteer=base_gazetteer)], gazetteer=None)
    assert "Basemap:" not in bare.build().spec()["legend"]  # no basemap, no row


def test_the_legend_has_a_row_for_a_spot_along_a_road(base_gazetteer: Gazetteer) -> None:
    text = "Gunmen stopped a convoy on the main Aleppo-Damascus highway on Friday."
    spec = DrawingBuilder([geoparse(text, gazetteer=base_gazetteer)], gazetteer=base_gazetteer)
    built = spec.build().spec()
    assert [i["kind"] for i in built["items"] if i.get("kind") == "road"] == ["road"]
    assert "a spot on the road between two places" in built["legend"]
