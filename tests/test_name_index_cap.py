"""An imported layer too big for a name index built in bounded memory is read from
SQLite alone (issue 19/14: a 3M-row import gave a 1.83 GB peak building its index)."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from conflictmap.paths import IMPORTED_DB
from conflictmap.store.gazetteer import Gazetteer
from conflictmap.store.geonames_import import import_files
from conflictmap.tuning.imports import IMPORT

from ._geonames import dump_row, make_home, write_dump


def _imported(base_home: Path, tmp_path: Path) -> Path:
    home = make_home(base_home, tmp_path / "home")
    rows = [
        dump_row(2457163, "Gao", 16.27167, -0.04472, admin1="09", population=86633),
        dump_row(9000001, "Zzyzxville", 12.5, -8.0, alt="Zzyzx Town"),
    ]
    import_files([write_dump(tmp_path / "XX.txt", rows)], home=home)
    return home


def _claim_places(home: Path, places: int) -> None:
    """Make the layer's metadata count ``places`` (what a huge import would write)."""
    conn = sqlite3.connect(home / IMPORTED_DB)
    with conn:
        conn.execute("UPDATE meta SET value = ? WHERE key = 'places'", (str(places),))
    conn.close()


def test_a_layer_over_the_cap_has_no_index_and_still_answers(
    base_home: Path, tmp_path: Path
) -> None:
    home = _imported(base_home, tmp_path)
    with Gazetteer(home, progress=False) as gaz:
        assert gaz._layers.name_indexes() is not None  # two places: indexed
        indexed = [c.place.id for c in gaz.candidates("zzyzxtown")]
    _claim_places(home, IMPORT.name_index_max_places + 1)
    with Gazetteer(home, progress=False) as gaz:
        assert gaz._layers.name_indexes() is None
        assert [c.place.id for c in gaz.candidates("zzyzxtown")] == indexed
        assert "gao" in gaz.known_keys(["gao", "qqqxq"])
    assert not list(home.glob("imported-names-*.idx.tmp*"))


def test_a_layer_at_the_cap_is_indexed(base_home: Path, tmp_path: Path) -> None:
    home = _imported(base_home, tmp_path)
    _claim_places(home, IMPORT.name_index_max_places)
    with Gazetteer(home, progress=False) as gaz:
        indexes = gaz._layers.name_indexes()
        assert indexes is not None and len(indexes) == 2
