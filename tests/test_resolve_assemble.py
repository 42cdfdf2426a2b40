"""From the final belief to mentions: drops, confidence, demonyms, borders, buildings."""

from __future__ import annotations

from dataclasses import replace

import pytest

from conflictmap.model import MentionKind, Place
from conflictmap.recognize.spotter import Spot
from conflictmap.resolve import GazetteerResolver
from conflictmap.resolve.assemble import DOUBTFUL
from conflictmap.resolve.confidence import Calibrator
from conflictmap.resolve.facilities import place_facilities
from conflictmap.tuning.resolve import ResolveTuning

from .resolve_cases import gazetteer, spotted

TUNED = ResolveTuning()
SURE = Calibrator({"names": ["bias"], "weights": [5.0]})  # p = 0.993 for every name
UNSURE = Calibrator({"names": ["bias"], "weights": [-5.0]})  # p = 0.007


def _mentions(text: str, **options):  # type: ignore[no-untyped-def]
    gaz = gazetteer()
    return GazetteerResolver(gaz, **options).resolve(text, spotted(gaz, text)).mentions


def test_a_weak_name_without_a_place_cue_is_dropped() -> None:
    # Oualo is two villages: a low score; "near" backs it up, a bare subject does not
    assert [m.text for m in _mentions("Oualo was quiet.", calibrate=False)] == []
    assert [m.text for m in _mentions("Fighting near Oualo.", calibrate=False)] == ["Oualo"]
    lowered = replace(TUNED, min_score=0.0, lone_min_score=0.0)
    assert [m.text for m in _mentions("Oualo was quiet.", calibrate=False, config=lowered)] == [
        "Oualo"
    ]


def test_a_name_below_the_confidence_floor_is_kept_and_flagged_doubtful() -> None:
    # issue 15: never delete a place silently; Koro stays, with its low confidence
    text = "Protesters marched in Bamako and near Koro."
    sure = _mentions(text, calibrator=SURE)
    assert [m.text for m in sure] == ["Bamako", "Koro"]
    kept = _mentions(text, calibrator=UNSURE)
    assert [(m.text, m.place) for m in kept] == [(m.text, m.place) for m in sure]
    assert [m.confidence for m in kept] == [TUNED.min_reported] * 2  # inside the limits
    assert [m.reason for m in kept] == [DOUBTFUL, DOUBTFUL]
    assert [m.reason for m in sure] == [None, None]
    assert sure[0].confidence == TUNED.max_reported
    floor = replace(TUNED, doubtful_confidence=0.0)  # the flag follows the tuning
    assert [m.reason for m in _mentions(text, calibrator=UNSURE, config=floor)] == [None, None]


def test_without_calibration_the_softmax_share_is_reported_and_nothing_is_dropped() -> None:
    gaz = gazetteer()
    text = "Fighting was reported near Koro."
    resolution = GazetteerResolver(gaz, calibrate=False).resolve(text, spotted(gaz, text))
    (koro,) = resolution.mentions
    assert 0.5 < koro.confidence < 0.99
    assert koro.alternatives == ("geonames:2286294",)
    assert resolution.temperature == TUNED.temperature
    assert resolution.features[0]["share"] == pytest.approx(koro.confidence)


def test_a_demonym_is_a_mention_of_its_country() -> None:
    (malian, koro) = _mentions("Malian troops reached Koro.", calibrator=SURE)
    assert (malian.kind, malian.place, malian.confidence) == (
        MentionKind.DEMONYM,
        "geonames:2453866",
        TUNED.demonym_confidence,
    )
    assert koro.place == "geonames:2454674"


def test_a_border_without_a_shared_boundary_is_spotted_but_not_placed() -> None:
    # the tiny gazetteer has no country shapes: the border cannot be drawn
    gaz = gazetteer()
    text = "Malian troops patrolled the Burkinabe border near Koro."
    resolution = GazetteerResolver(gaz).resolve(text, spotted(gaz, text))
    borders = [m for m in resolution.mentions if m.kind is MentionKind.BORDER]
    assert all(m.place is None and m.confidence == 0.0 for m in borders)


def test_a_building_is_put_at_the_town_named_before_it() -> None:
    text = "In Koro, the Grand Mosque was hit; later, in Gao, the Askia Hotel burned."
    placed = {
        m.text: (m.place, m.confidence, m.reason)
        for m in _mentions(text, calibrator=SURE)
        if m.kind is MentionKind.FACILITY
    }
    assert placed == {
        "Grand Mosque": ("geonames:2454674", TUNED.facility_confidence, "facility in town"),
        "Askia Hotel": ("geonames:2457163", TUNED.facility_confidence, "facility in town"),
    }


def test_a_building_with_no_confident_town_stays_unplaced() -> None:
    text = "In Koro, the Grand Mosque was hit."
    (_, mosque) = _mentions(text, calibrator=Calibrator({"names": ["bias"], "weights": [0.0]}))
    assert (mosque.kind, mosque.place) == (MentionKind.FACILITY, None)  # Koro at 0.5 < 0.6


def test_no_town_no_building() -> None:
    assert place_facilities([], {}, TUNED) == []


def test_spots_outside_any_group_need_no_candidates() -> None:
    gaz = gazetteer()
    spot = Spot(start=0, end=7, text="Nowhere", key="nowhere", kind="unknown", cue="in")
    from conflictmap.recognize.spotter import Spots

    resolution = GazetteerResolver(gaz).resolve("Nowhere", Spots(spots=(spot,)))
    (unknown,) = resolution.mentions
    assert (unknown.place, unknown.kind) == (None, MentionKind.UNKNOWN)


def test_the_inline_mentions_are_those_of_the_general_path() -> None:
    # Assembler._mentions makes plain names' mentions inline, once per choice; each must
    # be what _mention makes of its spot, in the same order, adding the same places
    from conflictmap.resolve.assemble import Assembler

    gaz = gazetteer()
    text = (
        "Malian troops left Koro for Gao; in Koro, the Grand Mosque was hit. Gao, Koro and "
        "Mopti were quiet, and fighting near Oualo went on near the Burkinabe border. "
    ) * 3
    resolver = GazetteerResolver(gaz)
    article = resolver.read(spotted(gaz, text))
    assembler = Assembler(article, config=TUNED, calibrator=SURE, calibrate=True)
    assembler.resolution(resolver.believe(article))
    fast: dict[str, Place] = {}
    slow: dict[str, Place] = {}
    hidden = assembler._hidden()
    general = [
        m
        for idx, spot in enumerate(article.spots)
        if idx not in hidden and (m := assembler._mention(idx, spot, slow)) is not None
    ]
    inline = assembler._mentions(fast)
    assert inline == general
    assert list(fast.items()) == list(slow.items())
    assert sum(m.kind is MentionKind.NAME and m.place is not None for m in inline) >= 6
