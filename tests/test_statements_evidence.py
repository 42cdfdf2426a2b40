"""Statements as resolution evidence: two places with one name, the statement decides."""

from __future__ import annotations

from geopy.distance import geodesic

from conflictmap.model import Place
from conflictmap.pipeline import geoparse
from conflictmap.recognize.spotter import Spotter
from conflictmap.resolve import GazetteerResolver
from conflictmap.statements import find_statements
from conflictmap.store.gazetteer import Gazetteer
from conflictmap.store.overrides import Overrides

BAMAKO = Place(id="t:bamako", name="Bamako", lat=12.60915, lon=-7.97522, country="ML",
               kind="capital", population=1_297_281)  # fmt: skip
DIABALY = Place(id="t:diabaly", name="Diabaly", lat=14.6937, lon=-6.0197, country="ML", kind="town")


def _at(origin: Place, km: float, bearing: float, **fields: object) -> Place:
    point = geodesic(kilometers=km).destination((origin.lat, origin.lon), bearing)
    return Place(lat=point.latitude, lon=point.longitude, country="ML", **fields)  # type: ignore[arg-type]


# Two villages called Kona, both 300 km from Bamako: one north (small), one east (larger).
KONA_NORTH = _at(BAMAKO, 300, 0, id="t:kona-north", name="Kona", kind="village", population=500)
KONA_EAST = _at(BAMAKO, 300, 90, id="t:kona-east", name="Kona", kind="town", population=20_000)
# Two towns called Niono: one 60 km north of Diabaly (small), one far east (larger).
NIONO_NEAR = _at(DIABALY, 60, 0, id="t:niono-near", name="Niono", kind="village", population=800)
NIONO_FAR = _at(DIABALY, 450, 80, id="t:niono-far", name="Niono", kind="town", population=30_000)


def _gazetteer() -> Gazetteer:
    return Gazetteer.from_places([BAMAKO, DIABALY, KONA_NORTH, KONA_EAST, NIONO_NEAR, NIONO_FAR])


def _place_of(result, text: str) -> str | None:  # type: ignore[no-untyped-def]
    return next(m.place for m in result.mentions if m.text == text)


def test_without_statements_the_bigger_namesake_wins() -> None:
    gaz = _gazetteer()
    text = "Islamists seized Kona, 300 km north of Bamako."
    assert _place_of(geoparse(text, gazetteer=gaz, statements=False), "Kona") == "t:kona-east"


def test_the_subject_that_makes_the_statement_hold_is_chosen() -> None:
    gaz = _gazetteer()
    north = geoparse("Islamists seized Kona, 300 km north of Bamako.", gazetteer=gaz)
    kona = next(m for m in north.mentions if m.text == "Kona")
    assert (kona.place, kona.reason) == ("t:kona-north", "statement")
    assert "t:kona-east" in kona.alternatives
    assert north.statements[0].verdict == "consistent"
    assert "t:kona-north" in north.place_by_id and "t:kona-east" not in north.place_by_id
    east = geoparse("Islamists seized Kona, 300 km east of Bamako.", gazetteer=gaz)
    assert _place_of(east, "Kona") == "t:kona-east"
    assert east.statements[0].verdict == "consistent"


def test_the_anchor_that_makes_the_statement_hold_is_chosen() -> None:
    gaz = _gazetteer()
    text = "Rebels overran Diabaly, about 60 km south of Niono, on Monday. Niono was calm."
    assert _place_of(geoparse(text, gazetteer=gaz, statements=False), "Niono") == "t:niono-far"
    result = geoparse(text, gazetteer=gaz)
    nionos = {m.place for m in result.mentions if m.text == "Niono"}
    assert nionos == {"t:niono-near"}  # one sense per article: both mentions move
    (statement,) = result.statements
    assert (statement.anchor, statement.verdict) == ("t:niono-near", "consistent")


def test_find_statements_reports_the_reranked_resolution_only_when_it_changed() -> None:
    gaz = _gazetteer()
    for text, changed in (
        ("Islamists seized Kona, 300 km north of Bamako.", True),
        ("Islamists seized Kona, 300 km east of Bamako.", False),
    ):
        resolver = GazetteerResolver(gaz)
        resolution = resolver.resolve(text, Spotter(gaz).spot(text))
        found = find_statements(text, resolution, gaz, resolver=resolver)
        assert (found.resolution is not None) is changed


def test_a_correction_outranks_a_statement() -> None:
    gaz = _gazetteer()
    fix = Overrides.from_cli(fixes=["Kona=t:kona-east"])
    result = geoparse(
        "Islamists seized Kona, 300 km north of Bamako.", gazetteer=gaz, overrides=fix
    )
    assert _place_of(result, "Kona") == "t:kona-east"
    assert result.statements[0].verdict == "contradicts"
