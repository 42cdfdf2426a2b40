from __future__ import annotations

import pytest

from conflictmap.text.folding import fold, fold_variants


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Ségou", "Segou"),
        ("Aguel-Hoc", "aguel hoc"),
        ("N'Djamena", "NDjamena"),
        ("Côte d’Ivoire", "Cote d'Ivoire"),
        ("SÃO PAULO", "são paulo"),
        ("Kharkiv", "KHARKIV"),
    ],
)
def test_spellings_meet_on_one_key(a: str, b: str) -> None:
    assert fold(a) == fold(b)


@pytest.mark.parametrize(("a", "b"), [("Gao", "Goa"), ("Mali", "Malia"), ("Niger", "Nigeria")])
def test_different_names_stay_apart(a: str, b: str) -> None:
    assert fold(a) != fold(b)


def test_fold_drops_everything_but_letters_and_digits() -> None:
    assert fold(" St. Louis (MO) ") == "stlouismo"
    assert fold("---") == ""


def test_abbreviation_variants() -> None:
    assert fold_variants("Saint-Louis") >= {"saintlouis", "stlouis"}
    assert fold_variants("Mt. Kenya") >= {"mtkenya", "mountkenya"}
