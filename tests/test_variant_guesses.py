"""Spelling variants over whole names and with no cue (issue 15).

A run of capitalised words no layer knows ("Ma'arat al-Numan", with its lower-case
article) is looked up as one name; a word no cue marks ("Hirbnafsah was shelled") is
a guess, placed only at a settlement of the article's focus region, and otherwise not
reported at all. Real GeoNames facts; the prose is ours.
"""

from __future__ import annotations

from dataclasses import replace

import pytest

from conflictmap.model import MentionKind, Place
from conflictmap.recognize.spotter import Spotter
from conflictmap.resolve import GazetteerResolver
from conflictmap.resolve.groups import is_guess
from conflictmap.store.gazetteer import Gazetteer
from conflictmap.tuning.recognize import RecognizeTuning
from conflictmap.tuning.resolve import ResolveTuning

PLACES = [
    Place(id="geonames:163843", name="Syria", lat=35.0, lon=38.0, country="SY", kind="country"),
    Place(id="geonames:2328926", name="Nigeria", lat=10.0, lon=8.0, country="NG",
          kind="country"),
    Place(id="geonames:170063", name="Idlib", lat=35.93, lon=36.63, country="SY",
          kind="city", admin1="12", population=128840),
    Place(id="geonames:164816", name="Saraqib", lat=35.86447, lon=36.80591, country="SY",
          kind="town", admin1="12", population=34231),
    Place(id="geonames:167611", name="Ma‘arrat an Nu‘mān", lat=35.6483, lon=36.67693,
          country="SY", kind="village", admin1="12"),
    Place(id="geonames:169886", name="Ḩarbinafsah", lat=34.93745, lon=36.62243, country="SY",
          kind="village", admin1="12"),
    Place(id="geonames:2328617", name="Numan", lat=9.46667, lon=12.03333, country="NG",
          kind="town", admin1="01", population=50000),
    Place(id="geonames:2335953", name="Jos", lat=9.92849, lon=8.89212, country="NG",
          kind="city", admin1="49", population=816824),
    Place(id="geonames:2347283", name="Bukuru", lat=9.79442, lon=8.87325, country="NG",
          kind="town", admin1="49", population=30000),
]  # fmt: skip
IDLIB_STORY = (
    "Shelling resumed around Idlib on Tuesday. Hirbnafsah was shelled overnight, and "
    "drones struck Ma'arat al-Numan and Saraqib, residents of Idlib told reporters in Syria."
)
PLATEAU_STORY = (
    "Gunmen attacked Bukuru near Jos on Tuesday, police in Jos said. Hirbnafsah was "
    "named as one of the attackers, and residents of Ma'arat al-Numan fled to Jos."
)


def _mentions(
    text: str, spotting: RecognizeTuning | None = None, config: ResolveTuning | None = None
) -> dict[str, tuple[MentionKind, str | None]]:
    gaz = Gazetteer.from_places(PLACES)
    spots = Spotter(gaz, config=spotting).spot(text)
    resolution = GazetteerResolver(gaz, config=config).resolve(text, spots)
    return {m.text: (m.kind, m.place) for m in resolution.mentions}


def test_a_run_and_a_word_no_layer_knows_are_placed_where_the_story_is() -> None:
    found = _mentions(IDLIB_STORY)
    assert found["Ma'arat al-Numan"] == (MentionKind.VARIANT, "geonames:167611")
    assert found["Hirbnafsah"] == (MentionKind.VARIANT, "geonames:169886")
    assert "Numan" not in found  # the name inside the run gives way to the run


def test_guesses_the_story_does_not_back_are_not_reported() -> None:
    found = _mentions(PLATEAU_STORY)
    assert "Hirbnafsah" not in found and "Ma'arat al-Numan" not in found
    assert found["Bukuru"][1] == "geonames:2347283"


def test_the_switches_turn_runs_and_guesses_off() -> None:
    no_runs = _mentions(IDLIB_STORY, RecognizeTuning(variant_runs=False))
    assert "Ma'arat al-Numan" not in no_runs and "Hirbnafsah" in no_runs
    no_guesses = _mentions(IDLIB_STORY, RecognizeTuning(variant_guesses=False))
    assert "Ma'arat al-Numan" not in no_guesses and "Hirbnafsah" not in no_guesses


def test_a_guess_follows_its_threshold() -> None:
    strict = replace(ResolveTuning(), variant_guess_min_score=float("inf"))
    assert "Hirbnafsah" not in _mentions(IDLIB_STORY, config=strict)


@pytest.mark.parametrize(
    ("text", "word"),
    [
        ("Idlib and Saraqib were shelled. Syria’s army said so.", "Syria’s"),  # an ending
        ("Idlib and Saraqib were shelled, UConn fans heard.", "UConn"),  # a capital inside
        ("Idlib and Saraqib were shelled, said Mr Harmon.", "Harmon"),  # a surname
    ],
)
def test_what_is_no_guess(text: str, word: str) -> None:
    gaz = Gazetteer.from_places(PLACES)
    spots = Spotter(gaz).spot(text)
    assert not [s for s in (*spots.spots, *spots.guesses) if s.text == word]


def test_a_cued_unknown_word_is_no_guess() -> None:
    gaz = Gazetteer.from_places(PLACES)
    spots = Spotter(gaz).spot("Fighters reached the village of Qalbnafsah near Idlib.")
    unknown = {s.text: s for s in spots.spots if s.kind is MentionKind.UNKNOWN}
    assert not is_guess(unknown["Qalbnafsah"])  # an unknown spot: listed unresolved if unplaced
    assert "Qalbnafsah" not in {g.text for g in spots.guesses}


def test_only_a_romanised_run_takes_in_a_name() -> None:
    gaz = Gazetteer.from_places(PLACES)
    spots = Spotter(gaz).spot("Shelling hit Idlib. The Saraqib Lions played in Saraqib.")
    assert "Saraqib Lions" not in {g.text for g in spots.guesses}  # no particle, no mark
    spots = Spotter(gaz).spot("Shelling hit Idlib and Ma'arat al-Numan.")
    assert "Ma'arat al-Numan" in {g.text for g in spots.guesses}


def test_a_name_inside_a_guess_casts_no_vote() -> None:
    gaz = Gazetteer.from_places(PLACES)
    spots = Spotter(gaz).spot(IDLIB_STORY)
    article = GazetteerResolver(gaz).read(spots)
    numan = next(g for g in article.groups if g.key == "numan")
    assert numan.inside and not any(g.inside for g in article.groups if g.key == "saraqib")
