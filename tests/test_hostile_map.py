"""Hostile and awkward input for maps and GeoJSON (issue 20, defects 8 and 15).

- Article ids that name properties every JavaScript object has (``__proto__``,
  ``constructor``, ``toString``), from a file name or a JSON Lines id, keep their
  layer on a map of several articles: no page script keys an object by them.
- The antimeridian: a statement line from Apia to Suva goes the short way, cut at
  180° on the map and in GeoJSON (RFC 7946 §3.1.9); Russia and Fiji, whose outlines
  cross 180°, draw no band round the world (checked in Chromium).
- ``extract --format geojson`` gives a border as its line, as ``map --geojson`` does.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from itertools import pairwise
from pathlib import Path
from typing import Any

import pytest

from conflictmap.mapping import make_map, page_html
from conflictmap.model import Measured, Mention, Place, Result, Stated, Statement
from conflictmap.output import to_geojson
from conflictmap.store.gazetteer import Gazetteer

from .conftest import cli_exit_code
from .test_browser_map import MapPage, system_chromium, write_map

DERIVED = Path(__file__).resolve().parents[1] / "gazetteer" / "derived"
#: Names every JavaScript object answers to: as object keys they are not plain keys.
OBJECT_KEYS = ["__proto__", "constructor", "toString", "hasOwnProperty"]

APIA = Place(id="geonames:4035413", name="Apia", lat=-13.83333, lon=-171.76666,
             country="WS", kind="capital")  # fmt: skip
SUVA = Place(id="geonames:2198148", name="Suva", lat=-18.13683, lon=178.42531,
             country="FJ", kind="capital")  # fmt: skip
PACIFIC = "Protesters marched in Suva, some 1,150 km west of Apia, on Monday."


@pytest.fixture(scope="module")
def chromium() -> Iterator[Any]:
    with system_chromium() as browser:
        yield browser


def run(args: list[str], home: Path, capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = cli_exit_code(["--home", str(home), *args])
    out, err = capsys.readouterr()
    return code, out, err


def pacific_result() -> Result:
    """Suva, stated west of Apia: a statement line that crosses 180°."""
    start = PACIFIC.index("some")
    end = PACIFIC.index(", on")
    statement = Statement(
        start=start, end=end, text=PACIFIC[start:end], kind="offset",
        anchor=APIA.id, subject=SUVA.id,
        stated=Stated(distance_km=1150, direction="W", hedge="some"),
        measured=Measured(distance_km=1147.0, bearing_deg=250.0, direction="WSW"),
        verdict="consistent",
    )  # fmt: skip
    mentions = tuple(
        Mention(start=PACIFIC.index(p.name), end=PACIFIC.index(p.name) + len(p.name),
                text=p.name, place=p.id, confidence=0.95)
        for p in (SUVA, APIA)
    )  # fmt: skip
    return Result(id="pacific", text=PACIFIC, places=(SUVA, APIA), mentions=mentions,
                  statements=(statement,))  # fmt: skip


def _spec(html: str) -> dict[str, Any]:
    marker = "conflictmap.draw("
    start = html.index(marker)
    body = html[html.index("}, ", start) + 3 :]
    return dict(json.JSONDecoder().raw_decode(body)[0])


def _lon_spans(parts: list[list[list[float]]], lon_index: int) -> list[float]:
    """The longitude step of each segment of each part."""
    return [abs(b[lon_index] - a[lon_index]) for part in parts for a, b in pairwise(part)]


# -- defect 8: article ids that are object properties -----------------------------------


def test_article_ids_named_like_object_properties_keep_their_layers(
    chromium: Any, base_home: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    towns = ["Gao", "Mopti", "Bamako"]
    files = []
    for name, town in zip(OBJECT_KEYS[:3], towns, strict=True):
        path = tmp_path / f"{name}.txt"
        path.write_text(f"Rebels attacked {town} on Monday.\n", encoding="utf-8")
        files.append(str(path))
    feed = tmp_path / "feed.jsonl"
    feed.write_text(json.dumps({"id": OBJECT_KEYS[3], "text": "Troops entered Ségou."}) + "\n")
    page = tmp_path / "map.html"
    code, _, err = run(["map", *files, "--jsonl", str(feed), "-o", str(page)], base_home, capsys)
    assert code == 0, err
    view = MapPage(chromium, page)
    try:
        assert view.errors == []
        names = view.page.locator(".leaflet-control-layers-overlays label span span")
        assert sorted(t.strip() for t in names.all_inner_texts()) == sorted(OBJECT_KEYS)
        places = ".cm-pin:not([data-cm-kind=event])"  # the attacks are event pins too
        assert view.count(places) == 4
        proto = view.page.locator(".leaflet-control-layers-overlays label", has_text="__proto__")
        view.page.locator(".leaflet-control-layers").hover()
        proto.locator("input").uncheck()
        assert view.count(places) == 3  # the layer switches off like any other
        assert view.errors == []
    finally:
        view.close()


# -- defect 15: the antimeridian ------------------------------------------------------


def test_statement_line_from_apia_to_suva_goes_the_short_way() -> None:
    spec = _spec(page_html(make_map(pacific_result(), gazetteer=None, basemap=False)))
    line = next(i for i in spec["items"] if i.get("kind") == "statement")
    assert max(_lon_spans(line["parts"], 1)) <= 180  # no step round the world
    assert sum(_lon_spans(line["parts"], 1)) < 15  # 10° of longitude, not 350°
    ends = [line["parts"][0][0], line["parts"][-1][-1]]
    assert ends == [[APIA.lat, APIA.lon], [SUVA.lat, SUVA.lon]]  # still from pin to pin


def test_geojson_cuts_lines_at_the_antimeridian() -> None:
    (statement,) = [
        f for f in to_geojson(pacific_result())["features"]
        if f["properties"]["feature_type"] == "statement"
    ]  # fmt: skip
    geometry = statement["geometry"]
    assert geometry["type"] == "MultiLineString"
    east, west = geometry["coordinates"]
    assert east[0] == [APIA.lon, APIA.lat] and east[-1][0] == -180.0
    assert west[0][0] == 180.0 and west[-1] == [SUVA.lon, SUVA.lat]
    assert east[-1][1] == west[0][1]  # cut at one latitude
    assert max(_lon_spans([east, west], 0)) < 10


def test_cli_geojson_cuts_the_apia_suva_line(
    base_home: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    article = tmp_path / "pacific.txt"
    article.write_text(PACIFIC + "\n")
    code, out, err = run(["extract", str(article), "--format", "geojson"], base_home, capsys)
    assert code == 0, err
    extracted = json.loads(out)
    exported = tmp_path / "p.geojson"
    code, _, err = run(["map", str(article), "-o", str(tmp_path / "m.html"),
                        "--geojson", str(exported)], base_home, capsys)  # fmt: skip
    assert code == 0, err
    mapped = json.loads(exported.read_text(encoding="utf-8"))
    for collection in (extracted, mapped):
        features = collection["features"]
        (statement,) = [f for f in features if "1,150 km" in str(f["properties"].get("text"))]
        line = statement["geometry"]
        assert line["type"] == "MultiLineString"
        assert max(_lon_spans(line["coordinates"], 0)) < 10
    assert extracted == mapped


def test_extract_geojson_gives_borders_as_lines_like_map(
    base_home: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    article = tmp_path / "border.txt"
    article.write_text("Fighting was reported near the Mauritanian border of Mali.\n")
    code, out, err = run(["extract", str(article), "--format", "geojson"], base_home, capsys)
    assert code == 0, err
    features = json.loads(out)["features"]
    (border,) = [f for f in features if f["properties"].get("id") == "border:ML-MR"]
    assert border["geometry"]["type"] in ("LineString", "MultiLineString")
    assert len(border["geometry"]["coordinates"]) > 2  # the line, not a point


@pytest.mark.parametrize("scale", ["110m", "50m"])
def test_outlines_of_russia_and_fiji_are_cut_at_180_not_sliced_into_bands(scale: str) -> None:
    """Natural Earth's TopoJSON keeps rings that cross 180°; read flat, they enclose a band
    round the world that ``make_valid`` used to slice into strips (Fiji: 220 square degrees)."""
    from conflictmap.geo.topojson import decode_object

    topo = json.loads((DERIVED / f"countries-{scale}.topo.json").read_text(encoding="utf-8"))
    shapes = {code: shape for code, _, shape in decode_object(topo, "countries")}
    for code, most in (("RU", 3000.0), ("FJ", 2.0)):  # square degrees; Russia is about 2,930
        shape = shapes[code]
        parts = list(getattr(shape, "geoms", [shape]))
        assert shape.is_valid and shape.area < most, code
        widest = max(part.bounds[2] - part.bounds[0] for part in parts)
        assert widest < 180, f"{code}: a part {widest:.0f}° wide"
    assert any(part.bounds[2] < -169 for part in shapes["RU"].geoms)  # Chukotka, west of 180°


def _widest_steps(view: MapPage) -> dict[str, float]:
    """The widest step of any drawn path, as a share of the world's width in pixels."""
    return dict(view.page.evaluate(
        """() => {
            const out = {};
            for (const key of Object.keys(window)) {
                const map = window[key];
                if (!key.startsWith('map_') || !map || !map.getPixelWorldBounds) continue;
                const world = map.getPixelWorldBounds().getSize().x;
                map.eachLayer(layer => {
                    if (!layer._parts || !layer._parts.length) return;
                    let widest = 0;
                    for (const ring of layer._parts) {
                        for (let i = 1; i < ring.length; i++) {
                            widest = Math.max(widest, Math.abs(ring[i].x - ring[i - 1].x));
                        }
                    }
                    const name = (layer.feature && layer.feature.properties.cc) || layer._leaflet_id;
                    out[name] = Math.max(out[name] || 0, widest / world);
                });
            }
            return out;
        }"""
    ))  # fmt: skip


def test_russia_the_united_states_and_fiji_draw_no_band_round_the_world(
    chromium: Any, base_gazetteer: Gazetteer, tmp_path: Path
) -> None:
    from conflictmap.pipeline import geoparse

    text = "Talks between Russia, the United States and Fiji opened in Suva on Monday."
    result = geoparse(text, id="pacific", gazetteer=base_gazetteer)
    assert {"RU", "US", "FJ"} <= {p.country for p in result.places if p.kind == "country"}
    html = page_html(make_map(result, gazetteer=base_gazetteer, fit="all"))
    view = MapPage(chromium, write_map(tmp_path, html), width=1400, height=900)
    try:
        assert view.errors == []
        view.page.evaluate(
            "Object.keys(window).filter(k => k.startsWith('map_')).forEach(k => window[k].setZoom(1))"
        )
        view.page.wait_for_timeout(300)
        view.page.screenshot(path=str(tmp_path / "antimeridian.png"))
        widest = _widest_steps(view)
        assert widest, "no path drawn"
        # Antarctica's ring runs round the pole: its closing step along 84.7° S is its
        # southern edge, not a band over other land.
        widest.pop("AQ", None)
        bands = {name: round(share, 2) for name, share in widest.items() if share > 0.5}
        assert bands == {}, f"paths stepping across most of the world: {bands}"
    finally:
        view.close()
