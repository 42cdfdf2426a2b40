"""The user's corrections: a small SQLite store that never loses a fix.

Corrections live in their own file, ``corrections.sqlite`` in the conflictmap home,
apart from the base and imported layers, so rebuilding or re-importing the
gazetteer never touches them. The store keeps two things:

* the **state** the resolver applies (added places, aliases, preferred places,
  rejected names), read as an :class:`~conflictmap.store.overrides.Overrides`
  snapshot each time a :class:`~conflictmap.store.gazetteer.Gazetteer` opens;
* an append-only **history**: every correction is one row saying what changed,
  when, and each changed cell's value before and after (JSON). ``undo`` appends
  the inverse of an earlier row; it never edits or deletes history. An undone
  correction shows as ``undone``; undoing the undo re-applies it.

The package, one module per concern:

* ``base``: data types (:class:`Change`, :class:`Correction`, :class:`Applied`,
  :class:`StoreCheck`), the gazetteer protocol the store needs, constants;
* ``validate``: checks on names, coordinates, place ids and country codes;
* ``connection`` and ``opening``: SQLite plumbing (WAL, transactions, corruption);
* ``migrations``: the schema as named migrations;
* ``state``: the state tables, the history, undo, replaying;
* ``bundle``: the exported corrections file (writing, checking, applying);
* ``store``: :class:`CorrectionStore`, the one class callers use.

Guarantees
----------
* Every write is one short ``BEGIN IMMEDIATE`` transaction in WAL mode with
  ``synchronous=FULL`` and a busy timeout, so several processes may write at once
  and nothing committed is lost, even if a process is killed mid-write.
* The schema is created and upgraded by named migrations, recorded in the file
  (a ``_migrations`` table with ``name`` and ``applied_at``, as sqlite-utils does)
  and applied in one transaction when the file is opened.
* The file is checked (``PRAGMA quick_check``) when opened; a corrupt file is
  moved aside (renamed with a timestamp, never overwritten) and reported with
  :class:`~conflictmap.errors.GazetteerCorruptError`.
* Bad input (coordinates out of range, an unknown place id, an empty name)
  raises :class:`~conflictmap.errors.CorrectionError` and changes nothing.

Examples
--------
>>> import tempfile
>>> from pathlib import Path
>>> from conflictmap.store.corrections import CorrectionStore
>>> folder = tempfile.TemporaryDirectory()
>>> store = CorrectionStore(Path(folder.name) / "corrections.sqlite")
>>> store.add("Ndjolbaye", lat=14.12, lon=-4.21, country="ML").place_id
'user:1'
>>> store.alias("Ndjolbay", "user:1").message
"#2 alias 'Ndjolbay' → user:1"
>>> store.reject("Hagel").correction.id
3
>>> ov = store.overrides()
>>> ov.aliases["ndjolbay"], ov.places["user:1"].layer.value, sorted(ov.reject)
(('user:1',), 'corrections', ['hagel'])
>>> store.undo().message
"#4 undid #3: reject 'Hagel'"
>>> [(c.id, c.action, c.status) for c in store.history()]
[(1, 'add', 'active'), (2, 'alias', 'active'), (3, 'reject', 'undone'), (4, 'undo', 'active')]
>>> folder.cleanup()
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from conflictmap.store.corrections.base import (
        EXPORT_FORMAT,
        EXPORT_VERSION,
        USER_KINDS,
        Applied,
        Change,
        Correction,
        PlaceLookup,
        StoreCheck,
    )
    from conflictmap.store.corrections.migrations import MIGRATIONS, Migration
    from conflictmap.store.corrections.store import CorrectionStore
    from conflictmap.store.corrections.validate import check_coordinates, clean_name

__all__ = [
    "EXPORT_FORMAT",
    "EXPORT_VERSION",
    "MIGRATIONS",
    "USER_KINDS",
    "Applied",
    "Change",
    "Correction",
    "CorrectionStore",
    "Migration",
    "PlaceLookup",
    "StoreCheck",
    "check_coordinates",
    "clean_name",
]

#: where each name lives, imported at first use (PEP 562): a gazetteer opening a home
#: without corrections reads none of the writing side (issue 19: start-up)
_HOMES = {
    **dict.fromkeys(
        ("EXPORT_FORMAT", "EXPORT_VERSION", "USER_KINDS", "Applied", "Change", "Correction",
         "PlaceLookup", "StoreCheck"),
        "base",
    ),
    "MIGRATIONS": "migrations",
    "Migration": "migrations",
    "CorrectionStore": "store",
    "check_coordinates": "validate",
    "clean_name": "validate",
}  # fmt: skip


def __getattr__(name: str) -> Any:
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f"{__name__}.{home}"), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})
