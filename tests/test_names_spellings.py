"""Names as reporters write them (issue 14): spellings of a place's own name, feature
names, and names that only a demonym accompanies.

The places are real GeoNames entries as the base gazetteer holds them
(``conflictmap gazetteer show ID``); the sentences are our own.
"""

from __future__ import annotations

import sqlite3
from dataclasses import replace

import pytest

from conflictmap.model import Place
from conflictmap.recognize.spotter import Spotter
from conflictmap.resolve import GazetteerResolver
from conflictmap.store.basebuild.writer import OWN_NAME, Writer
from conflictmap.store.gazetteer import Gazetteer
from conflictmap.store.schema import create_layer
from conflictmap.tuning.resolve import ResolveTuning


def _flags(alternates: list[str]) -> dict[str, int]:
    conn = sqlite3.connect(":memory:")
    create_layer(conn, shapes=True)
    writer = Writer(conn)
    rid = writer.place("geonames:703656", "Kupyansk", 49.71003, 37.61581, country="UA",
                       fclass="P", feature="PPL", kind="town", population=27169)  # fmt: skip
    for alt in alternates:
        writer.name(rid, alt)
    writer.flush()
    return {
        key: flags & int(OWN_NAME) for key, flags in conn.execute("SELECT key, flags FROM names")
    }


def test_an_alternate_one_letter_from_the_own_name_counts_as_own() -> None:
    flags = _flags(["Kupiansk", "Kupensk", "Kupjanska", "Kup"])
    assert flags["kupiansk"] and flags["kupyansk"]  # y/i: one transliteration from another
    assert not flags["kupensk"] and not flags["kupjanska"]  # two letters away: another name
    assert not flags["kup"]  # too short to tell


def test_every_key_of_a_spelling_of_the_own_name_is_own() -> None:
    # "Port Amboim" is one letter from Porto Amboim; its abbreviated key "ptamboim" is
    # not, but it is the same name: both keys are own, in whatever order the set of
    # keys is read (the build gave "ptamboim" either flag, by the hash seed).
    conn = sqlite3.connect(":memory:")
    create_layer(conn)
    writer = Writer(conn)
    rid = writer.place("geonames:2240444", "Porto Amboim", -10.71832, 13.75037, country="AO",
                       fclass="P", feature="PPL", kind="town")  # fmt: skip
    writer.name(rid, "Port Amboim")
    writer.name(rid, "Pt. Ambo")  # further from the own name: neither key
    writer.flush()
    flags = {k: f & int(OWN_NAME) for k, f in conn.execute("SELECT key, flags FROM names")}
    assert flags == {
        "portoamboim": 1, "portamboim": 1, "ptamboim": 1, "ptambo": 0, "portambo": 0,
    }  # fmt: skip


def _placed(
    gaz: Gazetteer, text: str, config: ResolveTuning | None = None
) -> dict[str, str | None]:
    resolution = GazetteerResolver(gaz, config=config).resolve(text, Spotter(gaz).spot(text))
    return {m.text: m.place for m in resolution.mentions}


TURKEY = Place(id="geonames:298795", name="Turkey", lat=39.0, lon=35.0, country="TR",
               kind="country", feature="PCLI", population=82319724)  # fmt: skip
AFRIN = Place(id="geonames:174184", name="Afrin district", lat=36.51194, lon=36.86954,
              country="SY", kind="district", feature="ADM2", admin1="09")  # fmt: skip


def test_a_demonym_does_not_make_a_name_less_alone() -> None:
    gaz = Gazetteer.from_places([TURKEY, AFRIN], demonyms=[("Turkish", TURKEY.id)])
    text = "Turkish-backed forces took the Afrin district in 2018."
    assert _placed(gaz, text)["Afrin district"] == AFRIN.id
    assert "Afrin district" not in _placed(gaz, text, replace(ResolveTuning(), lone_min_score=6.5))


EGYPT = Place(
    id="geonames:357994",
    name="Egypt",
    lat=27.0,
    lon=30.0,
    country="EG",
    kind="country",
    feature="PCLI",
    population=98423595,
)
RED_SEA_GOVERNORATE = Place(
    id="admin1:EG.02",
    name="Red Sea",
    lat=25.2164,
    lon=33.7267,
    country="EG",
    kind="region",
    feature="ADM1",
    admin1="02",
    population=506601,
)
RED_SEA = Place(id="geonames:350155", name="Red Sea", lat=20.26735, lon=38.53455,
                kind="feature", feature="SEA")  # fmt: skip


@pytest.mark.parametrize(
    ("text", "want"),
    [
        ("Missiles hit a tanker in the Red Sea off Egypt.", RED_SEA.id),
        ("Floods cut roads in Egypt's Red Sea governorate.", RED_SEA_GOVERNORATE.id),
    ],
)
def test_a_feature_word_names_the_feature(text: str, want: str) -> None:
    gaz = Gazetteer.from_places(
        [EGYPT, RED_SEA_GOVERNORATE, RED_SEA],
        aliases=[("Red Sea governorate", RED_SEA_GOVERNORATE.id)],
    )
    placed = _placed(gaz, text)
    assert [place for name, place in placed.items() if name.startswith("Red Sea")] == [want]


@pytest.mark.parametrize(
    "text",
    [
        "Shelling cut power lines to the Zaporizhzhia Nuclear Power Plant.",
        "Inspectors reached the Zaporizhzhia NPP on Monday.",
    ],
)
def test_the_zaporizhzhia_plant_is_a_feature(base_gazetteer: Gazetteer, text: str) -> None:
    # gazetteer/curated/features.tsv, point of the plant's Wikipedia infobox
    placed = _placed(base_gazetteer, text)
    assert [p for n, p in placed.items() if n.startswith("Zaporizhzhia")] == [
        "curated:zaporizhzhia-npp"
    ]
