"""Every number of ``tuning/recognize.py`` is live: changing it changes what the spotter finds.

Each field has a probe (a sentence spotted with a given tuning) and a changed value;
the probe must answer differently. A new field without a probe, or a field the
code stopped reading, fails here.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from dataclasses import replace

import pytest

from conflictmap.tuning.recognize import RecognizeTuning

from .recognize_gazetteer import found, gazetteer, place, reasons, spot

T = RecognizeTuning
GAZ = gazetteer(
    [
        place("Bosnia and Herzegovina", "country", population=3_000_000),
        place("Hope"),
        place("Ur"),
        place("Ama", "capital", population=50_000),
        place("Kidal"),
        place("Energy"),
        place("Hull", "city", population=2_000_000),
        place("Gao", "city", population=130_000),
        place("Diabali"),
        place("Maiduguri"),
        place("Louisville", country="US"),
        place("Kentucky", "region", population=4_500_000, country="US"),
    ],
    english={"hope": 1086, "energy": 1500, "hull": 2500},
    first_names=["daniel"],
    abbreviations={"Ky.": "t:kentucky"},
)

#: the places the rule switches need (datelines, organisations, official names, ...)
RULES = gazetteer(
    [
        place("Asia", "continent", population=4_000_000_000, country=""),
        place("Goma", "city", population=670_000, country="CD"),
        place("Democratic Republic of the Congo", "country", population=95_000_000,
              country="CD"),
        place("Rakhine State", "region", population=3_000_000, country="MM"),
        place("Syria", "country", population=20_000_000, country="SY"),
    ],
    demonyms=[("Syrian", "t:syria")],
)  # fmt: skip

#: a text with no sentence end, so that a small piece size must cut between words
_LONG = "word " * 30 + "in Bosnia and Herzegovina today"


def _found(text: str) -> Callable[[T], object]:
    return lambda t: found(GAZ, text, t)


def _reasons(text: str) -> Callable[[T], object]:
    return lambda t: reasons(GAZ, text, t)


def _rules(text: str) -> Callable[[T], object]:
    return lambda t: [(s.text, s.kind.value, s.cue) for s in spot(RULES, text, t).spots]


def _guesses(text: str) -> Callable[[T], object]:
    return lambda t: [g.text for g in spot(GAZ, text, t).guesses]


#: field -> (probe, changed value)
PROBES: dict[str, tuple[Callable[[T], object], object]] = {
    "max_words": (_found("Peace returned to Bosnia and Herzegovina."), 2),
    "chunk_chars": (_found(_LONG), 160),
    "common_rank": (_found("They talked about Hope on Monday."), 1000),
    "sentence_common_rank": (_reasons("Energy is scarce this winter."), 1000),
    "short_letters": (_found("Archaeologists returned to Ur last year."), 1),
    "acronym_letters": (_found("The AMA said the claim was false."), 2),
    "acronym_prominent_letters": (_found("The KIDAL said the claim was false."), 4),
    "caps_window": (_found("REBELS TAKE AMA AFTER HEAVY FIGHTING"), 1),
    "caps_min_words": (_found("REBELS TAKE AMA AFTER HEAVY FIGHTING"), 10),
    "prominent_population": (_found("Hull is busy in spring."), 3_000_000),
    "notable_population": (_found("Daniel Gao said so."), 200_000),
    "variant_min_letters": (_found("Troops reached Diabali. In Diabili, residents fled."), 8),
    "variant_long_letters": (_found("Troops reached Maiduguri. In Maydugury, all fled."), 10),
    "datelines": (_rules("GOMA, Congo (AP) — Shelling resumed."), False),
    "organisation_names": (_rules("Radio Free Asia reported the arrests."), False),
    "official_names": (_rules("Rebels in the Democratic Republic of Congo regrouped."), False),
    "bare_regions": (_rules("Fighting spread across Rakhine last week."), False),
    "demonym_names": (_rules("Figures from the Syrian Democratic Forces."), False),
    "variant_runs": (_guesses("Troops reached Gao and Ma'arat al-Numan."), False),
    "variant_guesses": (_guesses("Troops reached Gao. Hirbnafsah was shelled."), False),
    "abbreviation_lookback": (_found("A fire in Louisville, Ky. on Monday."), 0),
    "house_number_lookback": (_found("He lives at 12 Kidal Street."), 0),
}


def test_every_field_has_a_probe() -> None:
    assert sorted(PROBES) == sorted(f.name for f in dataclasses.fields(T))


@pytest.mark.parametrize("name", sorted(PROBES))
def test_field_is_live(name: str) -> None:
    probe, changed = PROBES[name]
    default = T()
    assert getattr(default, name) != changed
    assert probe(default) != probe(replace(default, **{name: changed}))
