"""What the base build does to be fast must not change what it writes (issue 14).

* Country areas and border lengths come from ``derived/country_measures.tsv``
  (measured once by ``gazetteer/derive.py measures``); the bundled table must be the
  one measured on the bundled TopoJSON, hold exactly what measuring gives, and be
  ignored when the TopoJSON changes.
* Names are staged and reach ``names`` merged at the end: a name written in two
  batches keeps the union of its flags, as the row-by-row upsert did.
"""

from __future__ import annotations

import json
import shutil
import sqlite3
from pathlib import Path

from conflictmap.geo.areas import geodesic_area_km2, line_length_km
from conflictmap.geo.topojson import decode_object, shared_borders
from conflictmap.paths import data_dir
from conflictmap.store.basebuild.countries import write_shapes
from conflictmap.store.basebuild.measures import MEASURES_FILE, read_measures, topo_digest
from conflictmap.store.basebuild.writer import CURATED_ALIAS, OWN_NAME, UPPER_ONLY, Writer
from conflictmap.store.schema import create_layer

TOPO = data_dir() / "derived" / "countries-50m.topo.json"


def test_the_bundled_measures_are_those_of_the_bundled_shapes() -> None:
    data = TOPO.read_bytes()
    measures = read_measures(data_dir() / "derived" / MEASURES_FILE, topo_digest(data))
    assert measures is not None, "run: python gazetteer/derive.py measures"
    areas, lengths = measures
    topo = json.loads(data)
    shapes = {code: geom for code, _, geom in decode_object(topo, "countries")}
    borders = shared_borders(topo, "countries")
    assert set(areas) == set(shapes) and set(lengths) == set(borders)
    for code in ("LU", "ML", "SG"):  # small enough to measure here; the same float
        assert areas[code] == geodesic_area_km2(shapes[code])
    pair = ("BE", "LU")
    assert lengths[pair] == line_length_km(borders[pair])


def _shapes_table(root: Path) -> list[tuple[object, ...]]:
    conn = sqlite3.connect(":memory:")
    create_layer(conn, shapes=True)
    write_shapes(conn, root)
    return sorted(conn.execute("SELECT country, area_km2 FROM shapes")) + sorted(
        conn.execute("SELECT a, b, length_km FROM borders")
    )


def test_measures_of_other_shapes_are_not_used(tmp_path: Path) -> None:
    derived = tmp_path / "derived"
    derived.mkdir()
    topo = json.loads(TOPO.read_bytes())
    keep = {"BE", "LU", "NL"}
    geometries = topo["objects"]["countries"]["geometries"]
    topo["objects"]["countries"]["geometries"] = [g for g in geometries if g["id"] in keep]
    (derived / TOPO.name).write_text(json.dumps(topo), encoding="utf-8")
    shutil.copy(TOPO.with_name("countries-110m.topo.json"), derived)
    shutil.copy(data_dir() / "derived" / MEASURES_FILE, derived)  # stale for this file
    stale = (derived / MEASURES_FILE).read_text(encoding="utf-8")
    (derived / MEASURES_FILE).write_text(
        stale.replace("\tLU\t\t", "\tLU\t\t1", 1), encoding="utf-8"
    )  # a wrong area: must not be read
    rows = _shapes_table(tmp_path)
    assert {r[0] for r in rows if len(r) == 2} == keep
    (lu_area,) = [r[1] for r in rows if r[0] == "LU" and len(r) == 2]
    shapes = {code: geom for code, _, geom in decode_object(topo, "countries")}
    assert lu_area == geodesic_area_km2(shapes["LU"])


def test_a_name_written_in_two_batches_keeps_both_flags() -> None:
    conn = sqlite3.connect(":memory:")
    create_layer(conn)
    writer = Writer(conn)
    writer.BATCH = 1  # every place starts a new batch
    gao = writer.place("x:1", "Gao", 16.27, -0.04, country="ML", fclass="P",
                       feature="PPL", kind="town")  # fmt: skip
    writer.name(gao, "GAO", UPPER_ONLY)
    writer.place("x:2", "Bamako", 12.65, -8.0, country="ML", fclass="P",
                 feature="PPL", kind="town")  # fmt: skip
    writer.name(gao, "Gao", CURATED_ALIAS)  # after the first batch was staged
    writer.flush()
    writer.name(gao, "Gao Ville")
    writer.flush()  # a second flush merges into the rows the first one wrote
    rows = dict(conn.execute("SELECT key, flags FROM names WHERE rid = ?", (gao,)))
    assert rows == {
        "gao": int(OWN_NAME | CURATED_ALIAS | UPPER_ONLY),
        "gaoville": 0,
    }
