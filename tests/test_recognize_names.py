"""A long official name is one mention, however it is written (issue 15).

Official names carry particles that writers keep, drop or elide: French "au" and
"d'" ("Port-au-Prince", "Côte d'Ivoire"), the English article after "of"
("Democratic Republic of [the] Congo"). The spotter must read the whole name as one
span and find it under the gazetteer's spelling, so that "Congo" alone never stands
in for the country named in full.
"""

from __future__ import annotations

import pytest

from .recognize_gazetteer import found, gazetteer, place, reasons, spot

GAZ = gazetteer(
    [
        place("Port-au-Prince", "capital", population=1_200_000, country="HT"),
        place("Côte d'Ivoire", "country", population=28_000_000, country="CI"),
        place("Democratic Republic of the Congo", "country", population=100_000_000, country="CD"),
        place("Republic of the Congo", "country", population=6_000_000, country="CG"),
        place("Congo", "country", population=6_000_000, country="CG"),
        place("Republic of Gambia", "country", population=2_700_000, country="GM"),
        place("Prince", "village"),
        place("Port", "village"),
        place("Ivoire", "village"),
        place("Gao", "city", population=130_000),
    ],
    english={"prince": 2500, "port": 2200},
    first_names=["in", "an", "de"],
)


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Gangs blocked the roads out of Port-au-Prince.", "Port-au-Prince"),
        ("Voters in Côte d'Ivoire went to the polls.", "Côte d'Ivoire"),
        ("Voters in Cote d’Ivoire went to the polls.", "Cote d’Ivoire"),
        ("Rebels in the Democratic Republic of the Congo regrouped.", "Democratic Republic of the Congo"),
        ("Rebels in the Democratic Republic of Congo regrouped.", "Democratic Republic of Congo"),
        ("Envoys from the Republic of the Gambia arrived.", "Republic of the Gambia"),
    ],
)  # fmt: skip
def test_official_name_is_one_span(text: str, name: str) -> None:
    assert found(GAZ, text) == [(name, "name")]


def test_a_name_without_its_article_is_found_under_the_gazetteer_key() -> None:
    (only,) = spot(GAZ, "Rebels in the Democratic Republic of Congo regrouped.").spots
    assert only.key == "democraticrepublicofthecongo"


def test_the_article_is_not_invented_where_the_short_name_is_known() -> None:
    # "Republic of the Congo" is known as written: it is not rewritten to the longer country
    assert found(GAZ, "He flew to the Republic of the Congo.") == [
        ("Republic of the Congo", "name")
    ]


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("In Gao, the market reopened.", "Gao"),
        ("An Gao official said so.", "Gao"),
    ],
)
def test_a_sentence_opening_function_word_is_no_given_name(text: str, name: str) -> None:
    assert (name, "name") in found(GAZ, text)
    assert "person" not in reasons(GAZ, text).values()


ADMIN = gazetteer(
    [
        place("Lakes", "region", population=500_000, country="SS"),
        place("Ouham Prefecture", "region", population=400_000, country="CF"),
        place("Rumbek", population=30_000, country="SS"),
    ],
    english={"lakes": 3000},
    aliases=[("Lakes State", "t:lakes")],
)


def test_a_lower_case_admin_word_makes_the_span_the_area() -> None:
    # "Lakes" alone is an ordinary word; "Lakes state" is the state, under its own key
    spots = spot(ADMIN, "A cattle camp near Rumbek (Lakes state) was attacked.").spots
    assert [(s.text, s.key) for s in spots] == [("Rumbek", "rumbek"), ("Lakes state", "lakes")]
    assert reasons(ADMIN, "They sailed the Lakes yesterday.")["Lakes"] == "ordinary word"


def test_an_area_known_only_with_its_admin_word_is_found() -> None:
    spots = spot(ADMIN, "Fighters came from the Ouham prefecture overnight.").spots
    assert [(s.text, s.key) for s in spots] == [("Ouham prefecture", "ouhamprefecture")]


COMPLETED = gazetteer(
    [
        place("Rakhine State", "region", population=3_000_000, country="MM"),
        place("Free State", "region", population=3_000_000, country="ZA"),
    ],
    english={"free": 300},
)


def test_a_region_known_only_with_its_admin_word_is_found_bare() -> None:
    spots = spot(COMPLETED, "Fighting spread across Rakhine last week.").spots
    assert [(s.text, s.key) for s in spots] == [("Rakhine", "rakhinestate")]


def test_an_english_word_is_not_completed_into_a_region() -> None:
    assert spot(COMPLETED, "Aid was handed out for Free at the camp.").spots == ()
