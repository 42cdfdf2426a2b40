"""The imported layer being written: lookups of what it holds, and name writing.

Examples
--------
>>> sorted(name_keys("Kɔnna")), sorted(name_keys("123"))
(['kɔnna'], [])
"""

from __future__ import annotations

import functools
import sqlite3
from collections.abc import Iterable
from typing import Any

from conflictmap.paths import data_dir
from conflictmap.store.basebuild.writer import OWN_NAME
from conflictmap.store.curated import read_tsv
from conflictmap.text.folding import fold_variants

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
PLACE_SQL = "INSERT OR REPLACE INTO places VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)"
NAME_SQL = (
    "INSERT INTO names(key, rid, flags) VALUES (?,?,?) "
    "ON CONFLICT(key, rid) DO UPDATE SET flags = flags | excluded.flags"
)


@functools.lru_cache(maxsize=1 << 16)
def name_keys(name: str) -> frozenset[str]:
    """Folded keys of a name, filtered like the base build (a key needs a Latin letter).

    Place names repeat a lot (Mali alone has 13 places called Kona): a bounded
    cache of recent names saves most of the folding work in constant memory.
    """
    return frozenset(k for k in fold_variants(name) if any("a" <= ch <= "z" for ch in k))


def _chunks(items: list[Any]) -> Iterable[list[Any]]:
    for start in range(0, len(items), _SQL_VARS):
        yield items[start : start + _SQL_VARS]


class Layer:
    """The temporary copy of ``imported.sqlite`` being written."""

    def __init__(self, conn: sqlite3.Connection, *, has_base: bool) -> None:
        self.conn = conn
        self.has_base = has_base
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
                f"admin1_name, population, source FROM base.places WHERE pid IN ({marks})",
                chunk,
            ).fetchall()
        rows = []
        for pid, name, lat, lon, cc, fclass, feature, kind, a1, a1n, pop, src in copied:
            rid = int(pid.partition(":")[2])
            rows.append(
                (rid, pid, name, lat, lon, cc, fclass, feature, kind, a1, a1n, pop,
                 "imported", f"{src}; names: {note}")
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
