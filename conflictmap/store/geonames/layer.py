"""The imported layer being written: lookups of what it holds, and name writing.

Examples
--------
>>> sorted(name_keys("Kɔnna")), sorted(name_keys("123"))
(['kɔnna'], [])
"""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from conflictmap.paths import data_dir
from conflictmap.store.basebuild.writer import OWN_NAME
from conflictmap.store.curated import read_tsv
from conflictmap.text.folding import variant_keys
from conflictmap.tuning.imports import IMPORT

if TYPE_CHECKING:
    from conflictmap.store.geonames.bulk import BulkLoad

__all__ = ["EXTRA_SCHEMA", "NAME_SQL", "PLACE_SQL", "Layer", "name_keys"]

_SQL_VARS = 500

#: the table the imported layer adds to the layer schema
EXTRA_SCHEMA = """
CREATE TABLE IF NOT EXISTS admin_codes (
    code       TEXT PRIMARY KEY,
    name       TEXT NOT NULL,
    asciiname  TEXT,
    geonameid  INTEGER
);
"""
PLACE_SQL = "INSERT OR REPLACE INTO places VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)"
NAME_SQL = (
    "INSERT INTO names(key, rid, flags) VALUES (?,?,?) "
    "ON CONFLICT(key, rid) DO UPDATE SET flags = flags | excluded.flags"
)


_LATIN = re.compile("[a-z]")

#: blocks of scripts none of whose letters folds to a Latin one: Cyrillic, Armenian,
#: Hebrew, Arabic, Devanagari, Thai, Georgian, Hangul Jamo, kana, CJK, Hangul
NON_LATIN_BLOCKS = (
    (0x0400, 0x052F), (0x0531, 0x058F), (0x0590, 0x05FF), (0x0600, 0x06FF),
    (0x0900, 0x097F), (0x0E00, 0x0E7F), (0x10A0, 0x10FF), (0x1100, 0x11FF),
    (0x3040, 0x30FF), (0x4E00, 0x9FFF), (0xAC00, 0xD7AF),
)  # fmt: skip
#: a name of those scripts, digits, spaces and punctuation has no key with a Latin
#: letter, so it is not folded at all (tests/test_geonames_keys.py checks every
#: character of the class)
_NO_LATIN = re.compile(
    "["
    + "".join(f"\\u{low:04x}-\\u{high:04x}" for low, high in NON_LATIN_BLOCKS)
    + "0-9 ,.'()\\-]+"
)


def name_keys(name: str) -> tuple[str, ...]:
    """Folded keys of a name, filtered like the base build (a key needs a Latin letter).

    Place names repeat a lot (Mali alone has 13 places called Kona): the keys of the
    last names seen are kept in a bounded cache (emptied when it holds
    :attr:`~conflictmap.tuning.imports.ImportTuning.name_cache` names).

    Examples
    --------
    >>> name_keys("Saint-Louis"), name_keys("Москва"), name_keys("سگو")
    (('saintlouis', 'stlouis'), (), ())
    """
    keys = _KEYS.get(name)
    if keys is None:
        keys = _keys_of(name)
        if len(_KEYS) >= IMPORT.name_cache:
            _KEYS.clear()
        _KEYS[name] = keys
    return keys


_KEYS: dict[str, tuple[str, ...]] = {}


def _keys_of(name: str) -> tuple[str, ...]:
    if name.isascii():
        # an ASCII name's keys are of [0-9a-z]: a Latin letter unless all digits
        keys = variant_keys(name)
        if len(keys) == 1:
            return () if keys[0].isdigit() else keys
        return tuple(k for k in keys if not k.isdigit())
    if _NO_LATIN.fullmatch(name):
        return ()
    return tuple(k for k in variant_keys(name) if _LATIN.search(k))


def _chunks(items: list[Any]) -> Iterable[list[Any]]:
    for start in range(0, len(items), _SQL_VARS):
        yield items[start : start + _SQL_VARS]


class Layer:
    """The temporary copy of ``imported.sqlite`` being written."""

    def __init__(self, conn: sqlite3.Connection, *, has_base: bool) -> None:
        self.conn = conn
        self.has_base = has_base
        #: the base's admin2 column (``NULL`` in a base built before districts were stored)
        self._base_admin2 = "NULL"
        if has_base and any(
            row[1] == "admin2" for row in conn.execute("PRAGMA base.table_info(places)")
        ):
            self._base_admin2 = "admin2"
        #: where place dumps are staged (set by the transaction)
        self.bulk: BulkLoad | None = None
        self.admin1_names: dict[tuple[str, str], str] = {}
        derived = data_dir() / "derived" / "admin1.tsv"
        if derived.exists():
            for row in read_tsv(derived):
                self.admin1_names[(row["country"], row["admin1"])] = row["name"]
        for code, name in conn.execute("SELECT code, name FROM admin_codes"):
            cc, _, admin1 = code.partition(".")
            if "." not in admin1:
                self.admin1_names[(cc, admin1)] = name

    def existing(self, rids: Iterable[int]) -> set[int]:
        """The ``rids`` the layer holds."""
        found: set[int] = set()
        for chunk in _chunks(list(rids)):
            marks = ",".join("?" * len(chunk))
            found.update(
                r[0]
                for r in self.conn.execute(f"SELECT rid FROM places WHERE rid IN ({marks})", chunk)
            )
        return found

    def ensure_present(self, rids: Iterable[int], note: str) -> set[int]:
        """The ``rids`` the layer holds, copying base rows in for ids only the base has."""
        rids = set(rids)
        present = self.existing(rids)
        missing = sorted(rids - present)
        if not missing or not self.has_base:
            return present
        copied: list[tuple[Any, ...]] = []
        for chunk in _chunks([f"geonames:{rid}" for rid in missing]):
            marks = ",".join("?" * len(chunk))
            copied += self.conn.execute(
                "SELECT pid, name, lat, lon, country, fclass, feature, kind, admin1, "
                f"admin1_name, population, source, {self._base_admin2} FROM base.places "
                f"WHERE pid IN ({marks})",
                chunk,
            ).fetchall()
        rows = []
        for pid, name, lat, lon, cc, fclass, feature, kind, a1, a1n, pop, src, a2 in copied:
            rid = int(pid.partition(":")[2])
            rows.append(
                (rid, pid, name, lat, lon, cc, fclass, feature, kind, a1, a1n, pop,
                 "imported", f"{src}; names: {note}", a2)
            )  # fmt: skip
            present.add(rid)
        self.conn.executemany(PLACE_SQL, rows)
        self.conn.executemany(
            NAME_SQL, ((key, row[0], OWN_NAME) for row in rows for key in name_keys(row[2]))
        )
        return present

    def country_name(self, rid: int) -> str | None:
        """The bundled short name of a country ("Mali" where the dump says "Republic of Mali")."""
        if not self.has_base:
            return None
        row = self.conn.execute(
            "SELECT name FROM base.places WHERE pid = ? AND kind = 'country'", (f"geonames:{rid}",)
        ).fetchone()
        return str(row[0]) if row else None

    def add_names(self, rows: Iterable[tuple[int, str, int]]) -> int:
        """Add ``(rid, name, flags)`` rows; returns how many (key, place) pairs were written."""
        keyed: dict[tuple[str, int], int] = {}
        for rid, name, flags in rows:
            for key in name_keys(name):
                keyed[(key, rid)] = keyed.get((key, rid), 0) | flags
        self.conn.executemany(NAME_SQL, ((k, r, f) for (k, r), f in keyed.items()))
        return len(keyed)
