"""Datelines name where a report was filed: their names are places (issue 15).

"MARIB, Yemen —", "DIFFA, Niger (AFP) —", "EL FASHER / Zalingei —": capitals that the
acronym rule would drop elsewhere are places here, and every name of the dateline
carries the strong cue "dateline" for the resolver.
"""

from __future__ import annotations

import pytest

from conflictmap.recognize.base import is_strong_cue
from conflictmap.recognize.datelines import DATELINE, dateline_tokens
from conflictmap.text.tokens import tokenize

from .recognize_gazetteer import gazetteer, place, reasons, spot

GAZ = gazetteer(
    [
        place("Marib", "city", population=40_000, country="YE"),
        place("Yemen", "country", population=30_000_000, country="YE"),
        place("Diffa", population=50_000, country="NE"),
        place("Niger", "country", population=25_000_000, country="NE"),
        place("El Fasher", "city", population=260_000, country="SD"),
        place("Zalingei", population=20_000, country="SD"),
    ]
)


@pytest.mark.parametrize(
    ("text", "names"),
    [
        ("MARIB, Yemen — Houthi forces attacked.", ["MARIB", "Yemen"]),
        ("Raid near Diffa\nDIFFA, Niger (AFP) — Gunmen struck.", ["DIFFA", "Niger"]),
        ("EL FASHER / Zalingei — Fighting went on.", ["EL", "FASHER", "Zalingei"]),
        ("Title line. KABUL, March 3 (Reuters) - A blast.", ["KABUL"]),
        ("OMAHA -- A sociologist says so.", ["OMAHA"]),
    ],
)
def test_dateline_tokens(text: str, names: list[str]) -> None:
    tokens = tokenize(text)
    assert [tokens[i].text for i in sorted(dateline_tokens(text, tokens))] == names


@pytest.mark.parametrize(
    "text",
    [
        "The NATO summit - in brief.",  # not at a line or sentence start
        "In Marib — the city — life goes on.",  # not in capitals
        "I - for one - disagree.",  # a one-letter word
    ],
)
def test_no_dateline(text: str) -> None:
    assert dateline_tokens(text, tokenize(text)) == frozenset()


def test_dateline_names_in_capitals_are_places_not_acronyms() -> None:
    text = "MARIB, Yemen — Houthi forces attacked."
    assert [(s.text, s.cue) for s in spot(GAZ, text).spots] == [
        ("MARIB", DATELINE),
        ("Yemen", DATELINE),
    ]
    # the same capitals in running text are an acronym
    assert reasons(GAZ, "Officials said MARIB was quiet.")["MARIB"] == "acronym"


def test_every_place_of_a_dateline_is_found_with_a_strong_cue() -> None:
    spots = spot(GAZ, "EL FASHER / Zalingei — Fighting went on.").spots
    assert [(s.text, s.cue) for s in spots] == [
        ("EL FASHER", DATELINE),
        ("Zalingei", DATELINE),
    ]
    assert is_strong_cue(DATELINE)
