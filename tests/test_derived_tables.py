"""The derived region, basemap and feature tables (issues 14 and 18) are well formed.

They are made by ``gazetteer/derive_regions.py``, ``gazetteer/derive_basemap.py`` (from
registry packages) and kept by hand (``gazetteer/curated/features.tsv``); these tests
check their columns, identifiers, coordinates, geometry and the names the issues ask
for, so that a re-derivation that loses rows or breaks a column fails here.
"""

from __future__ import annotations

import csv
import doctest
import importlib.util
import json
import re
import sys
import unicodedata
from collections import Counter
from functools import cache
from pathlib import Path

import pytest
from shapely.geometry import Point

from conflictmap.geo.topojson import decode_object, shared_borders

ROOT = Path(__file__).resolve().parents[1]
DERIVED = ROOT / "gazetteer" / "derived"
CURATED = ROOT / "gazetteer" / "curated"

ISO_3166_2 = re.compile(r"^[A-Z]{2}-[A-Z0-9]{1,3}$")
POINT_SOURCES = {"ne-label", "outline", "towns", "seat-name"}
SUBTYPES = {
    "sea", "gulf", "strait", "lake", "river", "desert", "mountains", "plateau", "valley",
    "island", "peninsula", "crossing", "facility", "corridor", "area",
}  # fmt: skip


def _rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        lines = (line for line in handle if line.strip() and not line.startswith("#"))
        return list(csv.DictReader(lines, delimiter="\t", quoting=csv.QUOTE_NONE))


@cache
def admin1() -> list[dict[str, str]]:
    return _rows(DERIVED / "admin1.tsv")


@cache
def admin2() -> list[dict[str, str]]:
    return _rows(DERIVED / "admin2.tsv")


@cache
def topology() -> dict:
    return json.loads((DERIVED / "admin1.topo.json").read_text(encoding="utf-8"))


def _fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.lower())
    return "".join(ch for ch in decomposed if ch.isalnum() and not unicodedata.combining(ch))


def _names(row: dict[str, str]) -> set[str]:
    every = [row["name"], *row["names"].split("|"), *row["base"].split("|")]
    return {_fold(n) for n in every if n}


def _check_common(rows: list[dict[str, str]], feature: str) -> None:
    ids = Counter(r["geonameid"] for r in rows)
    assert not [i for i, n in ids.items() if n > 1], "duplicate GeoNames ids"
    for r in rows:
        assert r["geonameid"].isdigit(), r
        assert r["feature"] == feature, r
        assert re.fullmatch(r"[A-Z]{2}", r["country"]), r
        assert r["admin1"], r
        assert -90 <= float(r["lat"]) <= 90 and -180 <= float(r["lon"]) <= 180, r
        assert r["name"].strip() == r["name"] and r["name"], r
        assert "" not in r["names"].split("|") or not r["names"], r
        assert r["point"] in POINT_SOURCES, r
        assert int(r["places"]) >= 0 and int(r["population"]) >= 0, r
        if r["iso"]:
            assert ISO_3166_2.match(r["iso"]) and r["iso"][:2] == r["country"], r


def test_admin1_table() -> None:
    rows = admin1()
    assert len(rows) >= 3500
    _check_common(rows, "ADM1")
    keys = Counter((r["country"], r["admin1"]) for r in rows)
    assert not [k for k, n in keys.items() if n > 1], "duplicate (country, admin1)"
    assert sum(r["outline"] == "1" for r in rows) >= 3000
    assert len({r["country"] for r in rows}) >= 220


def test_admin2_table() -> None:
    rows = admin2()
    assert len(rows) >= 30_000
    _check_common(rows, "ADM2")
    parents = {r["geonameid"] for r in admin1()}
    linked = sum(r["parent"] in parents for r in rows)
    assert linked / len(rows) > 0.99
    keys = Counter((r["country"], r["admin1"], r["admin2"]) for r in rows)
    assert not [k for k, n in keys.items() if n > 1], "duplicate (country, admin1, admin2)"


def test_admin1_points_lie_in_their_outline() -> None:
    outlines = {code: geom for code, _, geom in decode_object(topology(), "admin1")}
    with_outline = [r for r in admin1() if r["outline"] == "1"]
    assert len(outlines) == len(with_outline)
    outside = []
    for r in with_outline:
        geom = outlines[f"{r['country']}.{r['admin1']}"]
        # the point was taken inside the 1:10m polygon; arcs simplified to 0.005°
        if not geom.buffer(0.02).contains(Point(float(r["lon"]), float(r["lat"]))):
            outside.append(r["name"])
    assert not outside


def test_topology_borders_and_lines_share_arcs() -> None:
    topo = topology()
    objects = topo["objects"]
    assert {"units", "admin1", "countries", "admin1_lines"} <= set(objects)
    countries = {g["id"] for g in objects["countries"]["geometries"]}
    assert len(countries) >= 230 and {"UA", "SD", "YE", "ML", "PS"} <= countries
    borders = shared_borders(topo, "countries")
    for pair in (("SD", "TD"), ("RU", "UA"), ("OM", "YE"), ("IL", "PS")):
        assert pair in borders and borders[pair].length > 0.1, pair
    lines = {g["id"]: g["arcs"] for g in objects["admin1_lines"]["geometries"]}
    assert len(lines["UA"]) > 20
    n_arcs = len(topo["arcs"])
    assert all(0 <= a[0] < n_arcs for arcs in lines.values() for a in arcs)
    assert topo["transform"]["scale"] == [1e-4, 1e-4]


def test_region_words() -> None:
    rows = _rows(DERIVED / "region_words.tsv")
    words: dict[tuple[str, str], set[str]] = {}
    for r in rows:
        assert r["level"] in ("ADM1", "ADM2") and int(r["units"]) >= 1 and r["source"], r
        words.setdefault((r["country"], r["level"]), set()).add(r["word"])
    expected = {
        ("UA", "ADM1"): {"oblast", "region"},
        ("UA", "ADM2"): {"raion", "district"},
        ("SY", "ADM1"): {"governorate", "province", "muhafazah"},
        ("YE", "ADM1"): {"governorate"},
        ("SD", "ADM1"): {"state"},
        ("NG", "ADM1"): {"state"},
        ("MM", "ADM1"): {"state", "region"},
        ("NE", "ADM1"): {"region"},
        ("ML", "ADM2"): {"cercle"},
        ("SO", "ADM2"): {"district"},
    }
    for key, wanted in expected.items():
        assert wanted <= words.get(key, set()), key


COVERAGE = [
    ("Cabo Delgado", "MZ", "ADM1"),
    ("North Kivu", "CD", "ADM1"),
    ("Shabeellaha Hoose", "SO", "ADM1"),
    ("Kharkiv Oblast", "UA", "ADM1"),
    ("Kharkivshchyna", "UA", "ADM1"),
    ("Marib Governorate", "YE", "ADM1"),
    ("Shan State", "MM", "ADM1"),
    ("North Darfur", "SD", "ADM1"),
    ("Idlib", "SY", "ADM1"),
    ("Katsina", "NG", "ADM1"),
    ("Tahoua", "NE", "ADM1"),
    ("Bohodukhiv", "UA", "ADM2"),
    ("Afgooye", "SO", "ADM2"),
]


@pytest.mark.parametrize(("name", "country", "level"), COVERAGE)
def test_regions_conflict_reports_name_are_there(name: str, country: str, level: str) -> None:
    rows = admin1() if level == "ADM1" else admin2()
    hits = [r for r in rows if r["country"] == country and _fold(name) in _names(r)]
    assert len(hits) == 1, (name, [h["name"] for h in hits])


def test_lower_shabelle_spelling_is_bridged_by_a_curated_alias() -> None:
    # No derived source spells it "Lower Shabelle" (they have Lower Shebelle, Lower Shabele,
    # Lower Shabeelle); the curated alias table bridges the wire-service spelling, and it
    # must point at the derived row that carries those spellings.
    assert not any(_fold("Lower Shabelle") in _names(r) for r in admin1())
    aliases = _rows(ROOT / "gazetteer" / "curated" / "aliases.tsv")
    targets = {r["place"] for r in aliases if _fold(r["alias"]) == _fold("Lower Shabelle")}
    assert len(targets) == 1, targets
    country, code = targets.pop().removeprefix("admin1:").split(".")
    (row,) = [r for r in admin1() if (r["country"], r["admin1"]) == (country, code)]
    assert _fold("Lower Shebelle") in _names(row) and row["geonameid"] == "51966", row


def test_towns_table() -> None:
    rows = _rows(DERIVED / "towns.tsv")
    assert len(rows) >= 5000
    ids = Counter(r["geonameid"] for r in rows)
    assert not [i for i, n in ids.items() if n > 1]
    last: dict[str, tuple[int, int]] = {}
    for r in rows:
        assert -90 <= float(r["lat"]) <= 90 and -180 <= float(r["lon"]) <= 180, r
        decomposed = unicodedata.normalize("NFKD", r["label"])
        assert r["label"] and not any(unicodedata.combining(c) for c in decomposed), r
        rank, population = int(r["rank"]), int(r["population"])
        previous = last.get(r["country"])
        if previous:
            assert rank > previous[0] and population <= previous[1], r
        last[r["country"]] = (rank, population)
    assert {"Sanaa", "Kyiv", "Khartoum", "Bamako", "Gaza"} <= {r["label"] for r in rows}


def test_water_layer() -> None:
    topo = json.loads((DERIVED / "water-50m.topo.json").read_text(encoding="utf-8"))
    assert len(topo["objects"]["rivers"]["geometries"]) >= 400
    lakes = [geom for _, _, geom in decode_object(topo, "lakes")]
    assert len(lakes) >= 250
    assert any(g.contains(Point(13.3, 13.3)) or g.distance(Point(14.0, 13.2)) < 0.5 for g in lakes)


def test_features_table() -> None:
    rows = _rows(CURATED / "features.tsv")
    assert len(rows) >= 60
    ids = Counter(r["id"] for r in rows)
    names = Counter(_fold(r["name"]) for r in rows)
    assert not [i for i, n in ids.items() if n > 1] and not [n for n, c in names.items() if c > 1]
    for r in rows:
        match = re.fullmatch(r"geonames:(\d+)", r["id"])
        if match is None:  # no GeoNames id checked: a Wikipedia point or a union of regions
            assert re.fullmatch(r"curated:[a-z-]+", r["id"]), r
            assert r["source"].startswith(("Wikipedia: ", "the union of ")), r
        else:
            assert r["source"] == f"GeoNames {match.group(1)}", r
        assert r["kind"] == "feature" and r["subtype"] in SUBTYPES, r
        assert -90 <= float(r["lat"]) <= 90 and -180 <= float(r["lon"]) <= 180, r
        assert all(re.fullmatch(r"[A-Z]{2}", c) for c in filter(None, r["countries"].split("|"))), r
    wanted = {"Red Sea", "Gulf of Aden", "Sahara", "Sahel", "Black Sea", "Sea of Azov"}
    assert wanted <= {r["name"] for r in rows}


def test_derived_folder_stays_compact() -> None:
    total = sum(p.stat().st_size for p in DERIVED.iterdir() if p.is_file())
    assert total < 16 * 1024 * 1024, total


@pytest.mark.parametrize("module", ["topo_build", "region_names", "derive_basemap"])
def test_derive_helpers_doctests(module: str) -> None:
    path = ROOT / "gazetteer" / f"{module}.py"
    sys.path.insert(0, str(path.parent))
    try:
        spec = importlib.util.spec_from_file_location(f"_derive_{module}", path)
        assert spec and spec.loader
        loaded = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(loaded)
        result = doctest.testmod(loaded)
    finally:
        sys.path.remove(str(path.parent))
    assert result.attempted > 0 and result.failed == 0
