"""Opening a gazetteer's layers: the files of a home, or a tiny in-memory one.

Examples
--------
>>> from conflictmap.model import Place
>>> layers = memory_layers([Place(id="t:1", name="Gao", lat=16.27, lon=-0.04,
...                                country="ML", kind="city")], never=["Hagel"])
>>> sorted(layers.candidates("gao")), layers.is_never_place("hagel")
(['t:1'], True)
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable
from pathlib import Path

from conflictmap.errors import GazetteerCorruptError, GazetteerNotBuiltError
from conflictmap.model import Place
from conflictmap.paths import BASE_DB, IMPORTED_DB
from conflictmap.store.build import (
    build_base,
    needs_rebuild,
    print_progress,
    remove_killed_builds,
)
from conflictmap.store.gazetteer.layers import Layers
from conflictmap.text.folding import fold

__all__ = ["memory_layers", "open_layers"]


def _open_ro(path: Path) -> sqlite3.Connection:
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True, check_same_thread=False)
    conn.execute("PRAGMA query_only=ON")
    return conn


def open_layers(home: Path, *, build: bool, progress: bool) -> Layers:
    """The base layer of ``home`` (built first when missing and ``build``), with the
    imported layer attached when there is one. Temporary bases of killed builds are
    removed first."""
    remove_killed_builds(home)
    base = home / BASE_DB
    if needs_rebuild(base):
        if not build:
            raise GazetteerNotBuiltError(
                f"no gazetteer in {home}: run 'conflictmap gazetteer build'"
            )
        build_base(home, progress=print_progress if progress else None)
    try:
        conn = _open_ro(base)
        names = ["base"]
        imported = home / IMPORTED_DB
        if imported.exists():
            try:
                conn.execute("ATTACH DATABASE ? AS imp", (f"file:{imported}?mode=ro",))
            except sqlite3.DatabaseError as error:
                raise GazetteerCorruptError(
                    f"{imported}: the file is damaged ({error}); move it away and import again"
                ) from None
            names.append("imported")
    except sqlite3.DatabaseError as error:
        raise GazetteerCorruptError(f"{base}: {error}") from error
    return Layers(conn, home, names, indexed=True)


def memory_layers(
    places: Iterable[Place],
    *,
    aliases: Iterable[tuple[str, str]] = (),
    never: Iterable[str] = (),
    demonyms: Iterable[tuple[str, str]] = (),
) -> Layers:
    """A tiny in-memory base layer (for tests and examples)."""
    from conflictmap.store.schema import create_layer

    conn = sqlite3.connect(":memory:", check_same_thread=False)
    create_layer(conn, shapes=True)
    rid_of = {}
    for rid, place in enumerate(places, start=1):
        rid_of[place.id] = rid
        conn.execute(
            "INSERT INTO places VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
            (
                rid, place.id, place.name, place.lat, place.lon, place.country,
                (place.feature or "P")[:1], place.feature, place.kind, place.admin1,
                place.admin1_name, place.population, place.layer, place.source,
                place.admin2,
            ),
        )  # fmt: skip
        conn.execute("INSERT OR IGNORE INTO names VALUES (?,?,?)", (fold(place.name), rid, 1))
    for alias, pid in aliases:
        conn.execute("INSERT OR IGNORE INTO names VALUES (?,?,?)", (fold(alias), rid_of[pid], 2))
    for name in never:
        conn.execute("INSERT INTO never_places VALUES (?,?,?)", (fold(name), name, "test"))
    for demonym, pid in demonyms:
        conn.execute("INSERT INTO demonyms VALUES (?,?,?,?)", (fold(demonym), demonym, pid, "test"))
    return Layers(conn, Path("."), ["base"])
