"""``conflictmap.GazetteerGeocoder``: a geopy geocoder over the local gazetteer."""

from __future__ import annotations

from pathlib import Path

import pytest
from geopy.extra.rate_limiter import RateLimiter
from geopy.geocoders.base import Geocoder
from geopy.location import Location

import conflictmap
from conflictmap.store.gazetteer import Gazetteer
from conflictmap.store.geocoder import GazetteerGeocoder
from conflictmap.store.geonames_import import import_files

from ._geonames import dump_row, make_home, write_dump


@pytest.fixture
def geocoder(tiny_gazetteer: Gazetteer) -> GazetteerGeocoder:
    return GazetteerGeocoder(gazetteer=tiny_gazetteer)


def test_is_a_geopy_geocoder_exposed_by_the_package() -> None:
    assert conflictmap.GazetteerGeocoder is GazetteerGeocoder
    assert issubclass(GazetteerGeocoder, Geocoder)
    with pytest.raises(TypeError):
        GazetteerGeocoder(None)  # type: ignore[misc]  # options are keyword-only


def test_geocode_returns_a_location_with_the_place_as_raw(base_gazetteer: Gazetteer) -> None:
    geocoder = GazetteerGeocoder(gazetteer=base_gazetteer)
    location = geocoder.geocode("Tombouctou", country_codes="ML")
    assert isinstance(location, Location)
    place = base_gazetteer.get(location.raw["id"])
    assert (location.latitude, location.longitude) == (round(place.lat, 5), round(place.lon, 5))
    assert location.raw["country"] == "ML"
    assert location.address.endswith(", Mali")
    assert set(location.raw) >= {"id", "name", "kind", "feature", "layer", "population"}


def test_exactly_one_false_gives_ranked_locations(base_gazetteer: Gazetteer) -> None:
    geocoder = GazetteerGeocoder(gazetteer=base_gazetteer)
    many = geocoder.geocode("Paris", exactly_one=False, limit=5)
    assert isinstance(many, list) and 1 < len(many) <= 5
    assert many[0].raw["id"] == "geonames:2988507"  # the capital of France comes first
    assert geocoder.geocode("Paris").raw["id"] == many[0].raw["id"]


def test_country_codes_filter(base_gazetteer: Gazetteer) -> None:
    geocoder = GazetteerGeocoder(gazetteer=base_gazetteer)
    texas = geocoder.geocode("Paris", country_codes=["us"], exactly_one=False)
    assert texas and {loc.raw["country"] for loc in texas} == {"US"}
    both = geocoder.geocode("Paris", country_codes=["US", "FR"], exactly_one=False, limit=50)
    assert {loc.raw["country"] for loc in both} == {"US", "FR"}
    assert geocoder.geocode("Paris", country_codes="ML") is None


def test_name_comma_country_as_sent_to_online_geocoders(base_gazetteer: Gazetteer) -> None:
    geocoder = GazetteerGeocoder(gazetteer=base_gazetteer)
    assert geocoder.geocode("Paris, United States").raw["country"] == "US"
    assert geocoder.geocode("Gao, Mali").raw["id"] == "geonames:2457163"


def test_unknown_names_give_none_unless_fuzzy(geocoder: GazetteerGeocoder, tiny_gazetteer) -> None:  # type: ignore[no-untyped-def]
    assert geocoder.geocode("Qqqzzx") is None
    assert geocoder.geocode("Qqqzzx", exactly_one=False) == []
    assert geocoder.geocode("Bamakko") is None
    fuzzy = GazetteerGeocoder(gazetteer=tiny_gazetteer, fuzzy=True).geocode("Bamakko")
    assert fuzzy is not None and fuzzy.raw["name"] == "Bamako" and fuzzy.raw["fuzzy"] is True


def test_works_with_geopy_rate_limiter(geocoder: GazetteerGeocoder) -> None:
    geocode = RateLimiter(geocoder.geocode, min_delay_seconds=0)
    assert geocode("Bamako").raw["name"] == "Bamako"


def test_sees_the_imported_layer(tmp_path: Path, base_home: Path) -> None:
    home = make_home(base_home, tmp_path / "home")
    row = dump_row(2454857, "Kona", 14.94329, -3.89474, alt="Konna")
    import_files([write_dump(tmp_path / "XX.txt", [row])], home=home)
    location = GazetteerGeocoder(home=home).geocode("Konna", country_codes="ML")
    assert location.raw["id"] == "geonames:2454857" and location.raw["layer"] == "imported"
    assert location.address == "Kona, Mopti, Mali"
