"""The layered gazetteer, opened read-only: base, curated, imported, corrections.

Layers live in separate SQLite files under the conflictmap home so that each can
be rebuilt or replaced without touching the others::

    base.sqlite         built from installed data; includes the curated layer
    imported.sqlite     GeoNames dumps the user imported (village-level coverage)
    corrections.sqlite  the user's fixes (see conflictmap.store.corrections)

A later layer wins: an imported row replaces the base row with the same place id,
and a correction outranks everything.

The package: ``base`` (:class:`Candidate` and its flags), ``layers`` (the
read-only data layers and their caches), ``opening`` (opening the files of a
home, or an in-memory layer for tests), ``shapes`` (country outlines and
borders), ``corrected`` (the immutable snapshot of what the corrections change)
and ``core`` (:class:`Gazetteer`, the one class callers use).
"""

from __future__ import annotations

from conflictmap.store.gazetteer.base import CORRECTED, PREFERRED, Candidate
from conflictmap.store.gazetteer.core import Gazetteer

__all__ = ["CORRECTED", "PREFERRED", "Candidate", "Gazetteer"]
