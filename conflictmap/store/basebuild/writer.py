"""The batched writer of the base build, and the name flags it sets.

Examples
--------
>>> import sqlite3
>>> from conflictmap.store.schema import create_layer
>>> conn = sqlite3.connect(":memory:")
>>> create_layer(conn, shapes=True)
>>> writer = Writer(conn)
>>> writer.place("x:1", "Gao", 16.27, -0.04, country="ML", fclass="P", feature="PPL",
...              kind="town", population=86_633)
1
>>> writer.flush()
>>> conn.execute("SELECT pid, name, population FROM places").fetchall()
[('x:1', 'Gao', 86633)]
>>> writer.population("x:1"), keep_alternate("GAQ", "Gao"), keep_alternate("Gao Ville", "Gao")
(86633, False, True)
>>> spelled_as_own("kupiansk", ("kupyansk",)), spelled_as_own("kupiansk", ("kharkiv",))
(True, False)
"""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Callable
from typing import Any

from conflictmap.model.kinds import CandidateFlag
from conflictmap.text.folding import fold_variants

__all__ = [
    "CURATED_ALIAS",
    "OWN_NAME",
    "UPPER_ONLY",
    "ProgressFn",
    "Writer",
    "keep_alternate",
    "spelled_as_own",
]

#: flags on a name row (see :class:`~conflictmap.model.kinds.CandidateFlag`)
OWN_NAME = CandidateFlag.OWN_NAME
CURATED_ALIAS = CandidateFlag.CURATED_ALIAS
UPPER_ONLY = CandidateFlag.UPPER_ONLY

ProgressFn = Callable[[str, int, int], None]

#: the own-name bit as a plain integer (``IntFlag`` arithmetic is slow in a hot loop)
_OWN = int(OWN_NAME)

#: a key with a Latin letter
_LATIN = re.compile("[a-z]")

#: the names written so far, one row per batch they were written in
_STAGE_TABLE = (
    "CREATE TEMP TABLE IF NOT EXISTS names_stage "
    "(key TEXT NOT NULL, rid INTEGER NOT NULL, flags INTEGER NOT NULL)"
)

#: the staged names into ``names`` in key order; a (key, rid) staged in two batches, or
#: already in ``names``, keeps the union of its flags
_MERGE_STAGE = (
    "INSERT INTO names(key, rid, flags) SELECT key, rid, flags FROM temp.names_stage "
    "WHERE true ORDER BY key, rid "
    "ON CONFLICT(key, rid) DO UPDATE SET flags = flags | excluded.flags"
)


def keep_alternate(alt: str, primary: str) -> bool:
    """Whether ``alt`` is worth keeping as another name of a place called ``primary``."""
    alt = alt.strip()
    if not alt or alt == primary:
        return False
    # IATA/ICAO-style codes ("GAQ", "BKO") are not names a reporter uses.
    return not (alt.isupper() and len(alt) <= 4)


#: an alternate name this long or longer, one edit from the place's own name, is a
#: spelling of it ("Kupiansk" of Kupyansk, "Shabwa" of Shabwah, "Jenin" of Janīn)
_SPELLING_MIN_LETTERS = 5


def spelled_as_own(key: str, own: tuple[str, ...]) -> bool:
    """Whether folded alternate ``key`` is one edit from one of the ``own`` keys.

    Transliterations of one name differ by a letter (y/i, a/e, a final h); such an
    alternate is as much the place's own name as GeoNames' choice of spelling.
    Shorter names are left alone ("Gao" and "Goa" are different names).
    """
    size = len(key)
    if size < _SPELLING_MIN_LETTERS:
        return False
    first = key[0]
    for k in own:  # a loop, not any(): this runs for every alternate name
        if k[:1] == first and -1 <= len(k) - size <= 1:
            from rapidfuzz.distance import Levenshtein  # the build needs it, not every start

            if Levenshtein.distance(k, key, score_cutoff=1) <= 1:
                return True
    return False


class Writer:
    """Writes places and names in batches, so the build's memory stays bounded.

    Row ids are given in the order places are first written, so the build's
    order of sources decides them. Names go to a staging table as they come and
    reach ``names`` at :meth:`flush`, merged and in key order: inserting 900,000
    keys in key order into the ``(key, rid)`` tree is far cheaper than in the
    order the sources give them.
    """

    BATCH = 20_000

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn
        self.rid_of: dict[str, int] = {}
        self.next_rid = 1
        self.names: dict[tuple[str, int], int] = {}
        self.places: dict[str, tuple[Any, ...]] = {}
        self.place_count = 0
        #: the last place written and its own name keys (its alternates follow it)
        self.own_rid = 0
        self.own_keys: tuple[str, ...] = ()
        conn.execute(_STAGE_TABLE)

    def place(
        self,
        pid: str,
        name: str,
        lat: float,
        lon: float,
        *,
        country: str | None,
        fclass: str | None,
        feature: str | None,
        kind: str,
        admin1: str | None = None,
        admin1_name: str | None = None,
        population: int = 0,
        layer: str = "base",
        source: str | None = None,
        admin2: str | None = None,
    ) -> int:
        """Write (or replace) place ``pid`` with its own name; returns its row id."""
        rid = self.rid_of.get(pid)
        if rid is None:
            rid = self.rid_of[pid] = self.next_rid
            self.next_rid += 1
            self.place_count += 1
        self.places[pid] = (
            rid, pid, name, lat, lon, country, fclass, feature, kind,
            admin1, admin1_name, population, layer, source, admin2,
        )  # fmt: skip
        self.name(rid, name, _OWN)
        if len(self.places) >= self.BATCH or len(self.names) >= 5 * self.BATCH:
            self._stage()
        return rid

    def name(self, rid: int, name: str, flags: int = 0) -> None:
        """Add the folded keys of ``name`` (those with a Latin letter) to place ``rid``.

        An alternate name is the place's own when one of its keys is spelled as an
        own key (:func:`spelled_as_own`); then all its keys are ("Pt Amboim" and
        "Port Amboim" of Porto Amboim), whatever order :func:`fold_variants` gives.
        """
        flags = int(flags)  # stored as a plain integer
        if rid != self.own_rid:
            self.own_rid, self.own_keys = rid, ()
        keys = [key for key in fold_variants(name) if _LATIN.search(key) is not None]
        if flags & _OWN:
            self.own_keys += tuple(keys)
        elif any(spelled_as_own(key, self.own_keys) for key in keys):
            flags |= _OWN
        names = self.names
        for key in keys:
            pair = (key, rid)
            names[pair] = names.get(pair, 0) | flags

    def population(self, pid: str) -> int:
        """The population already written for ``pid`` (0 if none)."""
        pending = self.places.get(pid)
        if pending is not None:
            return int(pending[11] or 0)
        row = self.conn.execute("SELECT population FROM places WHERE pid = ?", (pid,)).fetchone()
        return int(row[0] or 0) if row else 0

    def _stage(self) -> None:
        """Write the pending places, and the pending names to the staging table."""
        self.conn.executemany(
            "INSERT OR REPLACE INTO places VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
            self.places.values(),
        )
        self.conn.executemany(
            "INSERT INTO temp.names_stage VALUES (?,?,?)",
            ((k, r, f) for (k, r), f in self.names.items()),
        )
        self.places.clear()
        self.names.clear()

    def flush(self) -> None:
        """Write the pending places, and every name staged so far to ``names``."""
        self._stage()
        self.conn.execute(_MERGE_STAGE)
        self.conn.execute("DELETE FROM temp.names_stage")
