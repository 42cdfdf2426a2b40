"""A place name inside the name of a broadcaster, a bank, a university initialism or an
agreement is not a place (issue 15); the same name standing on its own still is.
"""

from __future__ import annotations

import pytest

from .recognize_gazetteer import found, gazetteer, place, reasons, spot

GAZ = gazetteer(
    [
        place("Asia", "continent", population=4_000_000_000, country=""),
        place("America", "country", population=330_000_000, country="US"),
        place("Nigeria", "country", population=200_000_000, country="NG"),
        place("Zimbabwe", "country", population=15_000_000, country="ZW"),
        place("Texas", "region", population=29_000_000, country="US"),
        place("Sweden", "country", population=10_000_000, country="SE"),
        place("Sudan", "country", population=45_000_000, country="SD"),
        place("Cairo", "capital", population=9_000_000, country="EG"),
        place("West Bank", "region", population=3_000_000, country="PS"),
        place("Jerusalem", "city", population=900_000, country="IL"),
        place("Georgia", "region", population=10_000_000, country="US"),
    ]
)


@pytest.mark.parametrize(
    ("text", "name", "reason"),
    [
        ("Radio Free Asia reported the arrests.", "Asia", "organisation"),
        ("The Voice of America said so.", "America", "organisation"),
        ("The Central Bank of Nigeria raised rates.", "Nigeria", "organisation"),
        ("Passengers on Air Zimbabwe were stranded.", "Zimbabwe", "organisation"),
        ("A study at Texas A&M found it.", "Texas", "organisation"),
        ("Under the Sweden agreement, prisoners were swapped.", "Sweden", "agreement"),
        ("The Sudan peace agreement was signed.", "Sudan", "agreement"),
    ],
)
def test_place_inside_a_name_is_not_a_place(text: str, name: str, reason: str) -> None:
    assert reasons(GAZ, text).get(name) == reason
    assert all(t != name for t, _ in found(GAZ, text))


@pytest.mark.parametrize(
    ("text", "name"),
    [
        # the same names standing on their own
        ("Troops were sent to Sudan and Sweden.", "Sudan"),
        ("Troops were sent to Sudan and Sweden.", "Sweden"),
        # "deal" as a verb: no article before the place
        ("How will Cairo deal with him?", "Cairo"),
        # a bank word inside a longer place name opens nothing
        ("Settlers in the West Bank and Jerusalem protested.", "Jerusalem"),
        # universities are in the place they name (and corpora annotate it)
        ("She studies at the University of Georgia.", "Georgia"),
    ],
)
def test_place_outside_such_names_stays(text: str, name: str) -> None:
    assert (name, "name") in found(GAZ, text)


DEMONYMS = gazetteer(
    [
        place("Syria", "country", population=20_000_000, country="SY"),
        place("Somalia", "country", population=17_000_000, country="SO"),
        place("Russia", "country", population=140_000_000, country="RU"),
    ],
    demonyms=[("Syrian", "t:syria"), ("Somali", "t:somalia"), ("Russian", "t:russia")],
)


@pytest.mark.parametrize(
    "text",
    [
        "Fighters of the Syrian Democratic Forces advanced.",
        "The Somali National Army retook the town.",
        "Figures from the Syrian Observatory for Human Rights.",
    ],
)
def test_demonym_opening_a_force_is_no_place_but_counts_for_focus(text: str) -> None:
    result = spot(DEMONYMS, text)
    assert result.spots == ()
    assert sum(result.demonyms.values()) == 1


@pytest.mark.parametrize(
    "text",
    [
        "Syrian troops advanced.",
        "The Russian Foreign Ministry said so.",  # a ministry: corpora annotate the place
    ],
)
def test_demonym_elsewhere_is_a_demonym_spot(text: str) -> None:
    assert [s.kind.value for s in spot(DEMONYMS, text).spots] == ["demonym"]
