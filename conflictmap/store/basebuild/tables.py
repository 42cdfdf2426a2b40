"""The curated layer and the word tables of the base build.

* ``gazetteer/curated/``: places (a curated row corrects a base row with the
  same id), aliases, abbreviations and names that are never places;
* ``gazetteer/derived/``: first names, last names and English words, which the
  recognizer uses to weigh a capitalised word.

Examples
--------
>>> upper_only("MNLA"), upper_only("U.S."), upper_only("Gao"), upper_only("UNMISS")
(True, True, False, False)
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from conflictmap.store.basebuild.writer import CURATED_ALIAS, UPPER_ONLY, Writer
from conflictmap.store.curated import read_aliases, read_never_places, read_places, read_tsv
from conflictmap.text.folding import fold

__all__ = [
    "upper_only",
    "write_abbreviations",
    "write_aliases",
    "write_curated_places",
    "write_never_places",
    "write_words",
]

#: word lists: (list name, file in ``derived/``, the column with the list's weight)
_WORD_LISTS = (
    ("first_name", "first_names.tsv", "percent"),
    ("last_name", "last_names.tsv", "percent"),
    ("english", "english_words.tsv", "rank"),
)


def write_words(conn: sqlite3.Connection, root: Path) -> None:
    """First names, last names and English words with their weights."""
    rows: list[tuple[str, str, float]] = []
    for list_name, filename, column in _WORD_LISTS:
        for r in read_tsv(root / "derived" / filename):
            word = r.get("name") or r.get("word") or ""
            rows.append((list_name, fold(word), float(r[column])))
    conn.executemany("INSERT OR IGNORE INTO words VALUES (?,?,?)", rows)


def write_abbreviations(conn: sqlite3.Connection, root: Path) -> None:
    """``curated/abbreviations.tsv``."""
    conn.executemany(
        "INSERT OR REPLACE INTO abbreviations VALUES (?,?,?)",
        (
            (r["abbreviation"], r["place"], r["source"])
            for r in read_tsv(root / "curated" / "abbreviations.tsv")
        ),
    )


def write_curated_places(
    writer: Writer, root: Path, admin1: dict[tuple[str, str], dict[str, str]]
) -> None:
    """The curated places (layer ``curated``), after every generated source."""
    for curated in read_places(root):
        region = admin1.get((curated.country or "", curated.admin1 or ""))
        # A curated row that corrects a base entry keeps what it does not restate.
        population = curated.population or writer.population(curated.id)
        writer.place(
            curated.id,
            curated.name,
            curated.lat,
            curated.lon,
            country=curated.country,
            fclass=(curated.feature or "P")[:1] if curated.feature != "PCLI" else "A",
            feature=curated.feature,
            kind=curated.kind,
            admin1=curated.admin1,
            admin1_name=region["name"] if region else None,
            population=population,
            layer="curated",
            source=curated.source,
        )


def upper_only(alias: str) -> bool:
    """An alias that is a short capitalised code ("MNLA"), matched only in capitals."""
    return alias.replace(".", "").isupper() and len(alias) <= 4


def write_aliases(writer: Writer, root: Path) -> None:
    """``curated/aliases.tsv``; an alias of a place no source wrote is an error."""
    for alias in read_aliases(root):
        alias_rid = writer.rid_of.get(alias.place)
        if alias_rid is None:
            raise ValueError(f"gazetteer/curated/aliases.tsv: unknown place {alias.place}")
        flags = CURATED_ALIAS | (UPPER_ONLY if upper_only(alias.alias) else 0)
        writer.name(alias_rid, alias.alias, flags)


def write_never_places(conn: sqlite3.Connection, root: Path) -> None:
    """``curated/never_places.tsv``: names that are never places."""
    conn.executemany(
        "INSERT OR REPLACE INTO never_places VALUES (?,?,?)",
        ((fold(n.name), n.name, n.source) for n in read_never_places(root)),
    )
