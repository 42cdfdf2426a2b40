"""One test per recognizer rule: a sentence the rule decides, and what it decides.

Each rule family is a module of ``conflictmap/recognize/``; a change to one rule
fails here, next to its name, before any corpus figure moves. The gazetteers are
made up (``tests/recognize_gazetteer.py``): each holds just the names and words a
case needs.
"""

from __future__ import annotations

import pytest

from conflictmap.model import MentionKind

from .recognize_gazetteer import found, gazetteer, place, reasons, spot

GAZ = gazetteer(
    [
        place("Mali", "country", population=20_000_000),
        place("Mauritania", "country", population=4_000_000),
        place("Paris", "capital", population=2_000_000, country="FR"),
        place("Texas", "region", population=29_000_000, country="US"),
        place("Gao", "city", population=130_000),
        place("Kidal"),
        place("Diabali"),
        place("May"),
        place("Ur"),
        place("Ama"),
        place("Obama"),
        place("Larison"),
        place("Austin"),
        place("Reading"),
        place("Energy"),
        place("Hope"),
        place("Smith"),
        place("Jackson County", "district", country="US"),
        place("Barrow County", "district", country="US"),
        place("Louisville", country="US"),
        place("Kentucky", "region", population=4_500_000, country="US"),
        place("London", "capital", population=9_000_000, country="GB"),
        place("Timbuktu"),
    ],
    english={"reading": 2000, "energy": 1500, "hope": 1086, "may": 20},
    first_names=["daniel", "austin"],
    last_names=["smith"],
    abbreviations={"Ky.": "t:kentucky"},
    demonyms=[("Malian", "t:mali"), ("Mauritanian", "t:mauritania")],
    never=["Timbuktu"],
)


# -- rejection rules (recognize/reject.py) ---------------------------------------------


@pytest.mark.parametrize(
    ("text", "name", "reason"),
    [
        ("The talks resume in May after the rains.", "May", "month or weekday"),
        ("Archaeologists returned to Ur last year.", "Ur", "too short"),
        ("The AMA said the claim was false.", "AMA", "acronym"),
        ("A Texas-size stretch of desert.", "Texas", "comparison"),
        ("Critics of the Obama administration spoke.", "Obama", "person"),
        ("Reading is the first thing they teach.", "Reading", "sentence-initial common word"),
        ("The International Energy Agency said so.", "Energy", "part of a name"),
        ("They talked about Hope on Monday.", "Hope", "ordinary word"),
        ("He met Austin yesterday.", "Austin", "given name"),
        ("The Smith Report was published.", "Smith", "surname"),
        ("Troops entered Timbuktu at dawn.", "Timbuktu", "never a place"),
    ],
)
def test_rejection_rule(text: str, name: str, reason: str) -> None:
    assert reasons(GAZ, text).get(name) == reason
    assert all(t != name for t, _ in found(GAZ, text))


@pytest.mark.parametrize(
    ("text", "name"),
    [
        # a strong cue keeps an ordinary word, a given name
        ("Fighting was reported in Hope overnight.", "Hope"),
        ("Refugees arrived from Austin overnight.", "Austin"),
        # a container after a comma keeps it
        ("He was born in a hospital in Austin, Texas.", "Austin"),
        # a headline in capitals is not an acronym context
        ("REBELS TAKE AMA AFTER HEAVY FIGHTING", "AMA"),
        # a prominent place survives the word lists
        ("Paris said it would send troops.", "Paris"),
    ],
)
def test_rejection_rules_keep(text: str, name: str) -> None:
    assert (name, "name") in found(GAZ, text)


# -- people (recognize/people.py) --------------------------------------------------------


def test_a_title_makes_a_person_and_drops_the_surname_later() -> None:
    result = spot(GAZ, "President Larison met envoys. Larison then left for Gao.")
    assert [(s.text, s.kind) for s in result.spots] == [("Gao", MentionKind.NAME)]
    assert [(t, why) for _, _, t, why in result.rejected] == [
        ("President Larison", "person"),
        ("Larison", "person"),
    ]


def test_a_given_name_and_a_surname_make_a_person() -> None:
    assert reasons(GAZ, "Daniel Larison wrote the piece.") == {"Daniel Larison": "person"}


def test_a_prominent_place_after_a_given_name_is_no_surname() -> None:
    assert ("Paris", "name") in found(GAZ, "Daniel Paris was not there; Paris was.")


# -- demonyms and borders (recognize/demonyms.py) ------------------------------------


def test_demonym_counts_for_the_country_and_is_a_demonym_spot() -> None:
    result = spot(GAZ, "Malian troops moved north. Malian officials agreed.")
    assert [(s.text, s.kind, s.places) for s in result.spots] == [
        ("Malian", MentionKind.DEMONYM, ("t:mali",)),
        ("Malian", MentionKind.DEMONYM, ("t:mali",)),
    ]
    assert result.demonyms == {"t:mali": 2}


def test_demonym_border_is_one_border_spot() -> None:
    result = spot(GAZ, "They fled towards the Mauritanian border.")
    assert [(s.text, s.kind) for s in result.spots] == [("Mauritanian border", MentionKind.BORDER)]


# -- county lists, facilities, abbreviations ----------------------------------------------


def test_county_list_names_each_county() -> None:
    result = spot(GAZ, "Storms hit Jackson and Barrow counties.")
    assert [(s.text, s.key, s.cue) for s in result.spots] == [
        ("Jackson", "jacksoncounty", "county"),
        ("Barrow", "barrowcounty", "county"),
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Shots were fired on Kidal Street.", [("Kidal Street", "facility")]),
        ("He lives at 12 Kidal Street.", [("Kidal", "name")]),
        ("Crowds gathered on London Bridge.", [("London", "name")]),
    ],
)
def test_facilities(text: str, expected: list[tuple[str, str]]) -> None:
    assert found(GAZ, text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("A fire in Louisville, Ky. on Monday.", [("Louisville", "name"), ("Ky.", "abbreviation")]),
        ("Nobody, he said, Ky. would know.", []),
    ],
)
def test_state_abbreviation_after_a_place(text: str, expected: list[tuple[str, str]]) -> None:
    assert found(GAZ, text) == expected


def test_abbreviation_contains_the_place_before_it() -> None:
    spots = spot(GAZ, "A fire in Louisville, Ky. on Monday.").spots
    assert spots[0].container == 1
    assert spots[1].places == ("t:kentucky",)


# -- spelling variants (recognize/variants.py) ------------------------------------------


def test_variant_of_a_name_already_found() -> None:
    spots = spot(GAZ, "Troops reached Diabali. In Diabili, residents fled.").spots
    assert [(s.text, s.kind, s.key) for s in spots] == [
        ("Diabali", MentionKind.NAME, "diabali"),
        ("Diabili", MentionKind.VARIANT, "diabali"),
    ]
    assert spots[1].similarity == pytest.approx(1 - 1 / 7)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # one vowel edit from a gazetteer name, after a strong cue
        ("Fighting spread to the town of Kidall.", [("Kidall", "variant")]),
        # no name near it: unknown, but still a place
        ("Fighting spread to the town of Zorkhana.", [("Zorkhana", "unknown")]),
        # no strong cue, no name found: nothing
        ("Officials from Zorkhana declined.", []),
        # an ordinary word is never a variant
        ("Energi prices rose after Energy fell.", []),
    ],
)
def test_variants_after_a_strong_cue(text: str, expected: list[tuple[str, str]]) -> None:
    assert found(GAZ, text) == expected


# -- containers (recognize/spans.py) ------------------------------------------------------


def test_a_name_then_comma_then_region_is_contained() -> None:
    spots = spot(GAZ, "He grew up in Paris, Texas.").spots
    assert [(s.text, s.container) for s in spots] == [("Paris", 1), ("Texas", None)]
