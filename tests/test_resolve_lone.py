"""A name alone in its article: "Kidal fell." is Kidal; "Titan fell." is no place.

In a longer article the other names back a place (the focus terms); a one-sentence
article has none, so the prior alone must show that the name is a place
(``ResolveTuning.lone_min_score``). The places are real GeoNames entries as the base
gazetteer holds them (``conflictmap gazetteer show ID``); the sentences are ours.
"""

from __future__ import annotations

from dataclasses import replace

import pytest

from conflictmap.model import Place
from conflictmap.recognize.spotter import Spotter
from conflictmap.resolve import GazetteerResolver
from conflictmap.store.gazetteer import Gazetteer
from conflictmap.tuning.resolve import ResolveTuning

KIDAL = "geonames:2455290"
PLACES = [
    Place(id=KIDAL, name="Kidal", lat=18.44345, lon=1.40921, country="ML", kind="town",
          feature="PPLA", admin1="10", population=40030),
    Place(id="admin1:ML.10", name="Kidal", lat=19.4258, lon=1.09427, country="ML",
          kind="region", feature="ADM1", admin1="10", population=48110),
    Place(id="geonames:1640057", name="Kidal", lat=-8.0224, lon=112.7085, country="ID",
          kind="village", feature="PPL", admin1="08"),
    Place(id="geonames:1122402", name="Titan", lat=33.69032, lon=63.86361, country="AF",
          kind="village", feature="PPL", admin1="09"),
    Place(id="geonames:2453866", name="Mali", lat=17.0, lon=-4.0, country="ML",
          kind="country", feature="PCLI", population=12324029),
]  # fmt: skip


def placed(text: str, config: ResolveTuning | None = None) -> dict[str, str | None]:
    gaz = Gazetteer.from_places(PLACES)
    resolution = GazetteerResolver(gaz, config=config).resolve(text, Spotter(gaz).spot(text))
    return {m.text: m.place for m in resolution.mentions}


@pytest.mark.parametrize("text", ["Kidal fell.", "Rebels took Kidal overnight."])
def test_a_known_town_alone_in_its_article_is_placed(text: str) -> None:
    assert placed(text) == {"Kidal": KIDAL}
    # with the longer articles' floor, the lone name is judged too thin
    assert placed(text, replace(ResolveTuning(), lone_min_score=6.5)) == {}


def test_a_name_alone_with_no_more_than_its_own_name_stays_out() -> None:
    assert placed("Titan fell.") == {}


def test_the_longer_floor_holds_once_another_name_votes() -> None:
    # Mali votes for ML: the lone floor no longer applies to Titan (a village of AF,
    # kept out as before), and Kidal is backed by the focus
    assert placed("Titan fell in Mali; Kidal held.") == {"Mali": "geonames:2453866", "Kidal": KIDAL}
