"""The map's HTML: what it draws, how it escapes, that it needs no network (no browser here).

Browser-level checks (rendering, clicking, requests) are in tests/test_browser_*.py.
"""

from __future__ import annotations

import json
import re
from dataclasses import replace
from pathlib import Path

import folium
import folium.plugins
import pytest
from folium.elements import JSCSSMixin
from hypothesis import given
from hypothesis import strategies as st

from conflictmap.mapping import external_references, fragment_html, make_map, page_html
from conflictmap.mapping.article import ArticleView
from conflictmap.mapping.assets import ASSETS, bundle_for, manifest, verify
from conflictmap.mapping.escape import highlight, html_text, js_literal
from conflictmap.mapping.layers import CLUSTER_ABOVE, DrawingBuilder
from conflictmap.mapping.markers import KIND_STYLES, icon_svg
from conflictmap.mapping.popups import Names, place_popup
from conflictmap.model import Estimate, Measured, Mention, Place, Result, Stated, Statement
from conflictmap.pipeline import geoparse
from conflictmap.store.gazetteer import Gazetteer

from .conftest import MALI, needs_shared

ROOT = Path(__file__).resolve().parents[1]
SAHEL = ROOT / "examples" / "sahel-convoy.txt"

BAMAKO = Place(
    id="geonames:2460596",
    name="Bamako",
    lat=12.60915,
    lon=-7.97522,
    country="ML",
    feature="PPLC",
    kind="capital",
    admin1_name="Bamako",
)
DIABALY = Place(
    id="geonames:2458187",
    name="Diabaly",
    lat=14.6937,
    lon=-6.0197,
    country="ML",
    feature="PPL",
    kind="town",
    admin1_name="Ségou",
)
GAO = Place(
    id="geonames:2457163",
    name="Gao",
    lat=16.27167,
    lon=-0.04472,
    country="ML",
    feature="PPL",
    kind="city",
    admin1_name="Gao",
)
MALI_COUNTRY = Place(
    id="geonames:2453866", name="Mali", lat=17.0, lon=-4.0, country="ML", kind="country"
)
BORDER = Place(
    id="border:ML-MR",
    name="Mali–Mauritania border",
    lat=15.5,
    lon=-9.0,
    country="ML",
    kind="border",
)

TEXT = (
    "Islamists attacked Diabali, some 400 kilometres north of the capital Bamako. "
    "They came from the Mauritanian border. A convoy was ambushed about 50km west of Gao. "
    "Diabaly fell. Mali asked for help."
)


def _span(text: str, word: str, nth: int = 0) -> tuple[int, int]:
    start = -1
    for _ in range(nth + 1):
        start = text.index(word, start + 1)
    return start, start + len(word)


def _mention(word: str, place: str | None, confidence: float = 0.9, nth: int = 0, **kw) -> Mention:  # type: ignore[no-untyped-def]
    start, end = _span(TEXT, word, nth)
    return Mention(start=start, end=end, text=word, place=place, confidence=confidence, **kw)


def hand_made_result() -> Result:
    """A result with every kind of thing a map draws, statements made by hand."""
    s_start, s_end = _span(TEXT, "some 400 kilometres north of the capital Bamako")
    e_start, e_end = _span(TEXT, "about 50km west of Gao")
    statements = (
        Statement(
            start=s_start,
            end=s_end,
            text=TEXT[s_start:s_end],
            kind="offset",
            anchor=BAMAKO.id,
            subject=DIABALY.id,
            stated=Stated(distance_km=400, direction="N", hedge="some"),
            measured=Measured(distance_km=313.4, bearing_deg=42.3, direction="NE"),
            verdict="approximate",
        ),
        Statement(
            start=e_start,
            end=e_end,
            text=TEXT[e_start:e_end],
            kind="offset",
            anchor=GAO.id,
            stated=Stated(distance_km=50, direction="W", hedge="about"),
            estimate=Estimate(lat=16.2712, lon=-0.5125, radius_km=25.5),
        ),
    )
    mentions = (
        _mention("Diabali", DIABALY.id, 0.95, alternatives=("geonames:6687536",)),
        _mention("Bamako", BAMAKO.id, 0.97),
        _mention("Mauritanian border", BORDER.id, 0.8),
        _mention("Gao", GAO.id, 0.3),
        _mention("Diabaly", DIABALY.id, 0.9),
        _mention("Mali", MALI_COUNTRY.id, 0.99, reason="correction"),
    )
    return Result(
        id="hand",
        text=TEXT,
        mentions=mentions,
        places=(DIABALY, BAMAKO, BORDER, GAO, MALI_COUNTRY),
        statements=statements,
    )


def _spec(fmap: folium.Map) -> dict:  # type: ignore[type-arg]
    html = page_html(fmap)
    match = re.search(r"conflictmap\.draw\([^,]+, \{[^}]*\}, (\{.*\})\);\s*$", html, re.M)
    assert match, "no conflictmap.draw(...) call in the page"
    return json.loads(match.group(1))


# -- the drawing -------------------------------------------------------------------


def test_places_are_pins_by_kind_countries_are_outlines_borders_are_lines(
    base_gazetteer: Gazetteer,
) -> None:
    spec = _spec(make_map(hand_made_result(), gazetteer=base_gazetteer))
    by_id = {item.get("id"): item for item in spec["items"]}
    assert by_id["a0:geonames:2460596"]["t"] == "pin"
    assert by_id["a0:geonames:2460596"]["icon"] == "capital"
    assert by_id["a0:geonames:2458187"]["icon"] == "town"
    # Mali is an outline in its own layer, not a pin in the desert
    mali = by_id["a0:geonames:2453866"]
    assert (mali["t"], mali["g"]) == ("area", "countries")
    assert mali["geojson"]["type"] in ("Polygon", "MultiPolygon")
    # the border is the shared line from the gazetteer, in lat/lon order for Leaflet
    border = by_id["a0:border:ML-MR"]
    assert (border["t"], border["g"]) == ("line", "borders")
    lats = [p[0] for part in border["parts"] for p in part]
    lons = [p[1] for part in border["parts"] for p in part]
    assert min(lats) > 10 and max(lats) < 26 and min(lons) > -13 and max(lons) < -4
    assert len(lats) > 10  # a line along the drawn outline, not a segment


def test_the_border_line_lies_on_the_drawn_country_outline(base_gazetteer: Gazetteer) -> None:
    """The dashed border follows the outline drawn for the country (issue 18), not a finer
    line beside it."""
    from shapely.geometry import Point, shape

    spec = _spec(make_map(hand_made_result(), gazetteer=base_gazetteer))
    by_id = {item.get("id"): item for item in spec["items"]}
    outline = shape(by_id["a0:geonames:2453866"]["geojson"]).boundary  # Mali as drawn
    border = by_id["a0:border:ML-MR"]
    off = max(outline.distance(Point(lon, lat)) for part in border["parts"] for lat, lon in part)
    assert off < 0.01  # degrees: on the line, to the rounding of the coordinates


def test_pins_carry_the_articles_spelling_and_popups_the_gazetteers() -> None:
    """Labels in the article's own spelling (issue 18), the GeoNames name in the popup."""
    spec = _spec(make_map(hand_made_result(), gazetteer=None, basemap=False))
    pin = next(i for i in spec["items"] if i.get("id") == "a0:geonames:2458187")
    assert pin["name"] == "Diabali"  # written first (once each with "Diabaly")
    assert pin["tip"].startswith("Diabali · town") and pin["tip"].endswith("GeoNames: Diabaly")
    assert "<h3>Diabaly" in pin["popup"] and "<th>as written</th><td>Diabali</td>" in pin["popup"]
    # a fragment of the name, or an all-capitals heading, is not how the article spells it
    fragment = Result(id="f", text="Tin fell.", places=(replace(DIABALY, name="Tin Essako Hama"),),
                      mentions=(Mention(start=0, end=3, text="Tin", place=DIABALY.id,
                                        confidence=0.9),))  # fmt: skip
    (only,) = _spec(make_map(fragment, gazetteer=None, basemap=False))["items"]
    assert only["name"] == "Tin Essako Hama" and "as written" not in only["popup"]


def test_low_confidence_and_corrected_pins_look_different(base_gazetteer: Gazetteer) -> None:
    spec = _spec(make_map(hand_made_result(), gazetteer=base_gazetteer))
    by_id = {item.get("id"): item for item in spec["items"]}
    gao = by_id["a0:geonames:2457163"]  # confidence 0.3
    assert gao["icon"] == "city-low"
    assert "stroke-dasharray" in spec["icons"]["city-low"]["svg"]
    assert (
        "stroke-dasharray" not in spec["icons"]["city"]["svg"] if "city" in spec["icons"] else True
    )
    # Mali was chosen by a correction: its popup says so
    assert "corrected by user" in by_id["a0:geonames:2453866"]["popup"]


def test_a_place_from_the_corrections_layer_is_marked_corrected() -> None:
    user = Place(id="user:1", name="Tin Essako", lat=18.45, lon=2.48, country="ML",
                 kind="village", layer="corrections")  # fmt: skip
    text = "Fighting reached Tin Essako."
    result = Result(id="u", text=text, places=(user,),
                    mentions=(Mention(start=17, end=27, text="Tin Essako", place="user:1", confidence=0.9),))  # fmt: skip
    spec = _spec(make_map(result, gazetteer=None, basemap=False))
    (pin,) = spec["items"]
    assert pin["icon"] == "village-fixed"
    assert "cm-badge" in spec["icons"]["village-fixed"]["svg"]
    assert "corrected by user" in pin["popup"]


def test_statement_line_is_labelled_stated_vs_measured_and_coloured_by_verdict(
    base_gazetteer: Gazetteer,
) -> None:
    spec = _spec(make_map(hand_made_result(), gazetteer=base_gazetteer))
    line = next(i for i in spec["items"] if i.get("id") == "a0:statement:0")
    assert line["label"] == "stated: some 400 km N · measured: 313 km NE · approximate"
    assert line["style"]["color"] == "#e08214"
    assert line["parts"] == [[[BAMAKO.lat, BAMAKO.lon], [DIABALY.lat, DIABALY.lon]]]
    # the dotted "ghost" to where 400 km north of Bamako would be
    ghost = next(i for i in spec["items"] if i.get("kind") == "stated" and i["t"] == "line")
    end = ghost["parts"][0][1]
    assert end[0] == pytest.approx(16.22, abs=0.02) and end[1] == pytest.approx(-7.98, abs=0.02)


@pytest.mark.parametrize(
    ("verdict", "colour"),
    [("consistent", "#1a9850"), ("approximate", "#e08214"), ("contradicts", "#762a83")],
)
def test_each_verdict_has_its_colour(verdict: str, colour: str) -> None:
    result = hand_made_result()
    statement = result.statements[0]
    from dataclasses import replace

    result = replace(result, statements=(replace(statement, verdict=verdict),))
    spec = _spec(make_map(result, gazetteer=None, basemap=False))
    line = next(i for i in spec["items"] if i.get("id") == "a0:statement:0")
    assert line["style"]["color"] == colour
    assert verdict in line["label"]


def test_estimate_is_a_spot_with_an_uncertainty_circle(base_gazetteer: Gazetteer) -> None:
    spec = _spec(make_map(hand_made_result(), gazetteer=base_gazetteer))
    circle = next(i for i in spec["items"] if i.get("kind") == "estimate-area")
    assert circle["t"] == "circle"
    assert circle["radius"] == 25500  # metres
    assert (circle["lat"], circle["lon"]) == (16.2712, -0.5125)
    pin = next(i for i in spec["items"] if i.get("kind") == "estimate")
    assert pin["icon"] == "spot" and pin["g"] == "statements"


def test_popup_has_every_fact_and_every_sentence_highlighted(base_gazetteer: Gazetteer) -> None:
    result = hand_made_result()
    html = place_popup(DIABALY, ArticleView(result), Names(base_gazetteer))
    assert "<h3>Diabaly" in html
    assert "town" in html
    assert "Ségou, Mali (ML)" in html
    assert "14.69370° N, 6.01970° W" in html
    assert "GeoNames 2458187" in html and "GeoNames, CC BY 4.0" in html
    assert "1 · the named place itself" in html
    assert "0.95" in html
    assert "geonames:6687536" in html  # the alternative considered, named by the gazetteer
    assert "In the article (2 mentions)" in html
    assert "Islamists attacked <mark>Diabali</mark>, some 400 kilometres" in html
    assert "<mark>Diabaly</mark> fell." in html


def test_layers_one_per_kind_for_one_article_one_per_article_for_several() -> None:
    one = DrawingBuilder([hand_made_result()], gazetteer=None).build()
    assert [g.key for g in one.groups] == ["places", "statements"]
    second = Result(id="<b>two</b>", text="Gao fell.", places=(GAO,),
                    mentions=(Mention(start=0, end=3, text="Gao", place=GAO.id, confidence=0.9),))  # fmt: skip
    third = Result(id="<b>two</b>", text="Gao fell.", places=(GAO,),
                   mentions=(Mention(start=0, end=3, text="Gao", place=GAO.id, confidence=0.9),))  # fmt: skip
    several = DrawingBuilder([hand_made_result(), second, third], gazetteer=None).build()
    assert [g.key for g in several.groups] == ["a0", "a1", "a2"]
    names = [g.name_html for g in several.groups]
    assert names[1] == "&lt;b&gt;two&lt;/b&gt;" and names[2] != names[1]  # escaped, unique
    assert {i.group for i in several.items} == {"a0", "a1", "a2"}


def test_the_layer_control_is_added_last() -> None:
    fmap = make_map(hand_made_result(), gazetteer=None, basemap=False)
    children = list(fmap._children.values())
    assert isinstance(children[-1], folium.LayerControl)


def test_many_pins_cluster_and_only_then_ship_the_plugin() -> None:
    places = tuple(
        Place(id=f"t:{i}", name=f"Town {i}", lat=10 + i * 0.1, lon=-5 + i * 0.1, country="ML")
        for i in range(CLUSTER_ABOVE + 5)
    )
    text = " ".join(p.name + "." for p in places)
    mentions = tuple(
        Mention(
            start=text.index(p.name + "."),
            end=text.index(p.name + ".") + len(p.name),
            text=p.name,
            place=p.id,
            confidence=0.9,
        )
        for p in places
    )
    many = page_html(make_map(Result(id="m", text=text, places=places, mentions=mentions),
                              gazetteer=None, basemap=False))  # fmt: skip
    few = page_html(make_map(hand_made_result(), gazetteer=None, basemap=False))
    assert "MarkerClusterGroup" in many and '"cluster": ["places"]' in many
    assert "MarkerClusterGroup" not in few and '"cluster": []' in few


def test_opens_on_the_articles_focus_not_on_every_country_it_names(
    base_gazetteer: Gazetteer,
) -> None:
    paris = Place(id="geonames:2988507", name="Paris", lat=48.85, lon=2.35, country="FR",
                  kind="capital")  # fmt: skip
    result = hand_made_result()
    from dataclasses import replace

    text = result.text + " Paris agreed."
    start = text.index("Paris")
    result = replace(
        result,
        text=text,
        places=(*result.places, paris),
        mentions=(
            *result.mentions,
            Mention(start=start, end=start + 5, text="Paris", place=paris.id, confidence=0.9),
        ),
    )
    spec = _spec(make_map(result, gazetteer=base_gazetteer))
    (south, _), (north, _) = spec["fit"]
    assert south < BAMAKO.lat and north > GAO.lat and north < 30  # Mali, not Paris
    assert 'data-cm-goto="a0:geonames:2988507"' in spec["title"]  # Paris: one click away
    everything = _spec(make_map(result, gazetteer=base_gazetteer, fit="all"))
    assert everything["fit"][1][0] > 48


def test_attribution_credits_geonames_and_natural_earth_and_osm_only_with_tiles() -> None:
    offline = page_html(make_map(hand_made_result(), gazetteer=None, basemap=False))
    assert "GeoNames (CC BY 4.0)" in offline and "Natural Earth" in offline
    assert "OpenStreetMap" not in offline
    online = page_html(make_map(hand_made_result(), gazetteer=None, basemap=False, tiles=True))
    assert "OpenStreetMap contributors" in online
    assert any("{z}" in ref for ref in external_references(online))


def test_make_map_rejects_bad_options() -> None:
    with pytest.raises(ValueError, match="fit"):
        make_map(hand_made_result(), fit="world")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="low_confidence"):
        make_map(hand_made_result(), low_confidence=2.0)


# -- self-contained --------------------------------------------------------------


def test_folium_class_level_defaults_are_left_alone() -> None:
    before = {
        cls: (list(cls.default_js), list(cls.default_css))
        for cls in (folium.Map, folium.plugins.MarkerCluster, JSCSSMixin)
    }
    fmap = make_map(hand_made_result(), gazetteer=None, basemap=False, cluster=True)
    page_html(fmap)
    for cls, lists in before.items():
        assert (cls.default_js, cls.default_css) == lists
    assert fmap.default_js == [] and fmap.default_css == []
    # an ordinary folium map made afterwards still links its usual CDN scripts
    assert "leaflet" in folium.Map().get_root().render()


def test_page_needs_no_network_and_ships_no_bootstrap_or_jquery(base_gazetteer: Gazetteer) -> None:
    html = page_html(make_map(hand_made_result(), gazetteer=base_gazetteer))
    assert external_references(html) == []
    assert "<script src" not in html and "<link" not in html
    for unwanted in ("bootstrap", "jquery", "awesome-markers", "font-awesome"):
        assert unwanted not in html.lower()
    assert "sourceMappingURL" not in html
    assert 'L.version === "1.9.4"' in html  # Leaflet is inline


def test_vendored_assets_match_their_manifest_and_keep_their_licences() -> None:
    assert verify() == []
    packages = {row["package"] for row in manifest()}
    assert packages == {"leaflet", "leaflet.markercluster"}
    assert (ASSETS / "leaflet" / "LICENSE").read_text().startswith("BSD 2-Clause")
    assert (
        "Permission is hereby granted" in (ASSETS / "markercluster" / "MIT-LICENCE.txt").read_text()
    )
    refresh = (ASSETS / "refresh.sh").read_text()
    assert 'npm pack --silent "leaflet@${LEAFLET}" "leaflet.markercluster@' in refresh
    style = bundle_for(cluster=True).style
    assert "url(images/" not in style and style.count("data:image/png;base64,") >= 3


def test_fragment_is_pastable_twice() -> None:
    one = fragment_html(make_map(hand_made_result(), gazetteer=None, basemap=False))
    two = fragment_html(make_map(hand_made_result(), gazetteer=None, basemap=False))
    assert "<html" not in one and "<body" not in one and "<head" not in one
    assert "html, body" not in one  # nothing that restyles the host page
    ids_one = set(re.findall(r'id="(map_[0-9a-f]+)"', one))
    ids_two = set(re.findall(r'id="(map_[0-9a-f]+)"', two))
    assert len(ids_one) == 1 and ids_one.isdisjoint(ids_two)
    assert "(function () {" in one  # the map's code runs in its own scope
    assert external_references(one) == []
    with pytest.raises(ValueError, match="CSS length"):
        fragment_html(make_map(hand_made_result(), gazetteer=None, basemap=False), height="1;x")


def test_result_displays_as_the_map_in_jupyter(base_gazetteer: Gazetteer) -> None:
    html = hand_made_result()._repr_html_()
    assert html.startswith("<div") and "<iframe srcdoc=" in html
    assert "conflictmap.draw(" in html  # the whole page, escaped into srcdoc


@needs_shared
def test_mali_map_is_under_the_size_budget(base_gazetteer: Gazetteer) -> None:
    result = geoparse(MALI.read_text(encoding="utf-8"), id="mali", gazetteer=base_gazetteer)
    html = page_html(make_map(result, gazetteer=base_gazetteer))
    size = len(html.encode("utf-8"))
    assert size < 3 * 1024 * 1024, f"the Mali map is {size / 1e6:.2f} MB"
    assert external_references(html) == []


def test_example_article_map_needs_no_network(base_gazetteer: Gazetteer) -> None:
    result = geoparse(SAHEL.read_text(encoding="utf-8"), id="sahel", gazetteer=base_gazetteer)
    html = page_html(make_map(result, gazetteer=base_gazetteer))
    assert external_references(html) == []
    assert "Niono" in html


# -- escaping ------------------------------------------------------------------------


@given(st.text())
def test_js_literal_is_inert_in_a_script_and_round_trips(text: str) -> None:
    literal = js_literal(text)
    assert json.loads(literal) == text
    for dangerous in ("<", ">", "&", "\u2028", "\u2029", "'"):
        assert dangerous not in literal
    assert "</script" not in literal.lower()


@given(st.text())
def test_html_text_leaves_no_markup(text: str) -> None:
    escaped = html_text(text)
    for dangerous in ("<", ">", '"', "'"):
        assert dangerous not in escaped


@given(st.text(min_size=1), st.data())
def test_highlight_marks_exactly_the_spans_and_escapes_the_rest(
    text: str, data: st.DataObject
) -> None:
    start = data.draw(st.integers(0, len(text) - 1))
    end = data.draw(st.integers(start + 1, len(text)))
    html = highlight(text, [(start, end)])
    assert html.count("<mark>") == 1 and html.count("</mark>") == 1
    assert html.replace("<mark>", "").replace("</mark>", "") == html_text(text)


def test_every_kind_has_its_own_icon() -> None:
    svgs = [icon_svg(style.kind).svg for style in KIND_STYLES]
    assert len(set(svgs)) == len(svgs)
    shapes_and_colours = {(s.shape, s.colour) for s in KIND_STYLES}
    assert len(shapes_and_colours) == len(KIND_STYLES)
    for style in KIND_STYLES:
        assert "http" not in icon_svg(style.kind, low_confidence=True, corrected=True).svg


def test_template_syntax_in_an_article_is_never_evaluated(tmp_path: Path) -> None:
    """Branca compiles rendered scripts as Jinja templates: article text must not reach one."""
    marker = tmp_path / "ran"
    evil = "{{ cycler.__init__.__globals__.os.system('touch " + str(marker) + "') }}"
    # "{{ 7*7 }}" sits in Gao's own sentence, so it reaches the popup whatever the
    # length of tmp_path (a long first line is not used as the headline)
    text = f"Gao {{% raw %}} {{{{ 7*7 }}}} {{# c #}} {evil} fell. {{{{ 8*8 }}}}"
    result = Result(id=f"{evil} {{{{ 6*7 }}}}", text=text, places=(GAO,),
                    mentions=(Mention(start=0, end=3, text="Gao", place=GAO.id, confidence=0.9),))  # fmt: skip
    second = Result(id="{{ 6*7 }}", text=text, places=(GAO,),
                    mentions=(Mention(start=0, end=3, text="Gao", place=GAO.id, confidence=0.9),))  # fmt: skip
    single = make_map(result, gazetteer=None, basemap=False)
    several = make_map([result, second], gazetteer=None, basemap=False)
    for fmap in (single, several):
        html = page_html(fmap, title=evil)
        fragment = fragment_html(fmap)
        assert not marker.exists()
        assert "{{ 7*7 }}" in html and "{{ 7*7 }}" in fragment  # stayed text
    assert "{{ 6*7 }}" in page_html(several)  # the article ids, in the title panel
    # the layer control (which folium templates twice) gets the id with its braces as
    # entities (and folium's tojson escapes their "&")
    assert '"\\u0026#123;\\u0026#123; 6*7 \\u0026#125;\\u0026#125;"' in page_html(several)
