"""The import's name keys: the shortcut for non-Latin names leaves out only what folding would."""

from __future__ import annotations

import re

from conflictmap.store.geonames.layer import NON_LATIN_BLOCKS, name_keys
from conflictmap.text.folding import fold, fold_variants

LATIN = re.compile("[a-z]")


def test_no_character_of_the_shortcut_folds_to_a_latin_letter() -> None:
    chars = [chr(c) for low, high in NON_LATIN_BLOCKS for c in range(low, high + 1)]
    chars += list("0123456789 ,.'()-")
    assert "Ж" in chars and "中" in chars and "ش" in chars and "a" not in chars
    assert [c for c in chars if LATIN.search(fold(c))] == []
    assert all(name_keys(c * 3) == () for c in chars)


def test_name_keys_are_the_latin_keys_of_fold_variants() -> None:
    names = ["Kona", "Ségou", "St. Louis", "Москва", "Gao 2", "Ville-中", "Ærø", "123", "ⓐⓑ",
             "Ｋｏｎａ", "Мoсква"]  # fmt: skip
    for name in names:
        expected = sorted(k for k in fold_variants(name) if LATIN.search(k))
        assert list(name_keys(name)) == expected, name
    assert name_keys("Ｋｏｎａ") == ("kona",) and name_keys("Мoсква") != ()
