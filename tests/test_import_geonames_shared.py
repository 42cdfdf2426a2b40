"""The real GeoNames dumps in ../shared: village-level places after importing ML.txt."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from conflictmap.pipeline import geoparse
from conflictmap.store.gazetteer import Gazetteer
from conflictmap.store.geonames_import import import_files

from ._geonames import counts, layer_digest, make_home
from .conftest import GEONAMES

ML = GEONAMES / "ML.txt"
pytestmark = [
    pytest.mark.shared,
    pytest.mark.skipif(not ML.exists(), reason=f"../shared GeoNames dumps are absent ({ML})"),
]

#: name as written in news → GeoNames id in ML.txt (checked by hand in the file)
TOWNS = {
    "Konna": "geonames:2454857",  # GeoNames "Kona"; "Konna" is one of its alternate names
    "Léré": "geonames:2454104",
    "Tessalit": "geonames:2449893",
    "Aguelhok": "geonames:2461247",
    "Ménaka": "geonames:2453514",
}
SENTENCE = (
    "Fighting resumed in the town of Konna, in central Mali, on Thursday, while "
    "Islamist fighters still held the towns of Léré, Tessalit, Aguelhok and Ménaka."
)


@pytest.fixture(scope="module")
def ml_home(tmp_path_factory: pytest.TempPathFactory, base_home: Path) -> Path:
    home = make_home(base_home, tmp_path_factory.mktemp("ml"))
    import_files([ML], home=home)
    return home


def test_konna_is_an_alternate_name_of_kona_in_ml_txt() -> None:
    with ML.open(encoding="utf-8") as handle:
        row = next(line.split("\t") for line in handle if line.startswith("2454857\t"))
    assert row[1] == "Kona"
    assert "Konna" in row[3].split(",")  # so no curated alias is needed for the import


def test_ml_txt_imports_every_row(ml_home: Path) -> None:
    rows = sum(1 for _ in ML.open(encoding="utf-8"))
    assert counts(ml_home)[0] == rows
    with Gazetteer(ml_home, progress=False) as gaz:
        for name, pid in TOWNS.items():
            place = gaz.get(pid)
            assert place.layer == "imported" and place.country == "ML", name


def test_towns_resolve_through_geoparse(ml_home: Path) -> None:
    with Gazetteer(ml_home, progress=False) as gaz:
        result = geoparse(SENTENCE, gazetteer=gaz)
    by_text = {m.text: m for m in result.mentions}
    for name, pid in TOWNS.items():
        assert name in by_text, f"{name} not found in {list(by_text)}"
        assert by_text[name].place == pid, (name, by_text[name])
        place = result.place_by_id[pid]
        # the imported GeoNames row, not the bundled (base or curated) one
        assert place.layer == "imported" and place.country == "ML", (name, place)


def test_konna_and_lere_need_the_curated_layer(ml_home: Path) -> None:
    """GeoNames alone cannot tell which Konna or Léré the news means.

    "Konna" is an alternate name of two Malian villages (2454857 near Mopti and
    6906555 in Koulikoro region) and Mali has two villages called Léré, all with
    no population: the curated aliases pick the ones of the 2012-13 news.
    """
    with Gazetteer(ml_home, progress=False) as gaz:
        konna = {c.place.id: c for c in gaz.candidates("konna") if c.place.country == "ML"}
        assert set(konna) == {"geonames:2454857", "geonames:6906555"}
        assert konna["geonames:2454857"].curated and not konna["geonames:6906555"].curated
        lere = {c.place.id: c for c in gaz.candidates("lere") if c.place.country == "ML"}
        assert set(lere) == {"geonames:2454104", "geonames:6866964"}
        assert lere["geonames:2454104"].curated


@pytest.mark.parametrize("name", list(TOWNS))
def test_towns_found_by_gazetteer_search(ml_home: Path, name: str) -> None:
    env = {**os.environ, "CONFLICTMAP_HOME": str(ml_home)}
    proc = subprocess.run(
        [sys.executable, "-m", "conflictmap", "gazetteer", "search", name, "--country", "ML"],
        capture_output=True,
        env=env,
        timeout=120,
        check=True,
    )
    hits = json.loads(proc.stdout)
    ids = [h["id"] for h in hits if not h["fuzzy"]]
    assert TOWNS[name] in ids
    hit = next(h for h in hits if h["id"] == TOWNS[name])
    assert hit["layer"] == "imported" and hit["country"] == "ML"


def test_reimporting_the_real_dump_changes_nothing(tmp_path: Path, base_home: Path) -> None:
    home = make_home(base_home, tmp_path / "home")
    import_files([ML, GEONAMES / "admin1CodesASCII.txt"], home=home)
    first, first_counts = layer_digest(home), counts(home)
    import_files([ML, GEONAMES / "admin1CodesASCII.txt"], home=home)
    assert (layer_digest(home), counts(home)) == (first, first_counts)
