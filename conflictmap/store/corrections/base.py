"""The correction store's data types: history rows, changes, results, constants.

A correction is one row of an append-only history (:class:`Correction`); it
records every cell of the state it changed as a :class:`Change` (before and after,
``None`` meaning absent). A write returns an :class:`Applied`.

Examples
--------
>>> change = Change("reject", ("hagel",), None, {"name": "Hagel"})
>>> change.inverse().after is None
True
>>> Change.from_dict(change.to_dict()) == change
True
>>> Applied(None, "nothing to change").changed
False
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import Any, Protocol

from conflictmap.model import Place, PlaceKind

__all__ = [
    "EXPORT_FORMAT",
    "EXPORT_VERSION",
    "FEATURE_OF_KIND",
    "MAX_IMPORT_ALIASES",
    "MAX_NAME",
    "MAX_UID",
    "SCOPED_TABLES",
    "TABLES",
    "USER_KINDS",
    "Applied",
    "CellKey",
    "Change",
    "Correction",
    "PlaceLookup",
    "StoreCheck",
    "Value",
]

#: the ``format`` marker of an exported corrections file
EXPORT_FORMAT = "conflictmap-corrections"
#: the newest file version this conflictmap reads and writes; version 2 (issue 17)
#: adds ``"scope"`` to preferences, rejections and aliases, and is written only by a
#: store holding a scoped correction (a version 1 reader would apply it everywhere)
EXPORT_VERSION = 2

#: kinds a user may give an added place (a border is a line, not a pin)
USER_KINDS = tuple(k.value for k in PlaceKind if k is not PlaceKind.BORDER)
#: the GeoNames feature code an added place of each kind gets
FEATURE_OF_KIND: Mapping[str, str] = MappingProxyType(
    {
        "capital": "PPLC",
        "city": "PPL",
        "town": "PPL",
        "village": "PPL",
        "spot": "PPLX",
        "district": "ADM2",
        "region": "ADM1",
        "country": "PCLI",
        "continent": "CONT",
    }
)
#: the longest name or alias a correction may hold, in characters
MAX_NAME = 200
#: the longest ``uid`` an imported place may carry; the store writes 32-character
#: hex uuids, so twice that leaves room for other tools' ids (issue 20: a 10 MB uid
#: was accepted)
MAX_UID = 64
#: the most names one imported file may make resolve (places, aliases and
#: preferences each add one). Issue 20: 200,000 imported aliases made every later
#: extract about 5× slower; exports of real homes hold a few hundred, and the kill
#: trials import 1,500 at once.
MAX_IMPORT_ALIASES = 10_000

#: state tables and their key columns
TABLES: Mapping[str, tuple[str, ...]] = MappingProxyType(
    {
        "places": ("pid",),
        "aliases": ("key", "pid"),
        "prefer": ("key",),
        "reject": ("key",),
        "scoped_prefer": ("scope", "key"),
        "scoped_reject": ("scope", "key"),
        "scoped_aliases": ("scope", "key", "pid"),
    }
)
#: the state tables of the corrections that hold in one scope only (issue 17)
SCOPED_TABLES: Mapping[str, str] = MappingProxyType(
    {"prefer": "scoped_prefer", "reject": "scoped_reject", "aliases": "scoped_aliases"}
)

#: one cell's value in the state (a JSON object)
Value = dict[str, Any]
#: one cell's key in its table (the key columns' values)
CellKey = tuple[str, ...]


class PlaceLookup(Protocol):
    """What the store asks of a gazetteer: does a place id exist, which country is it.

    :class:`~conflictmap.store.gazetteer.Gazetteer` is one; a test may pass any
    object with these three methods.
    """

    def exists(self, pid: str) -> bool: ...  # pragma: no cover - a protocol

    def country(self, code: str) -> Place | None: ...  # pragma: no cover - a protocol

    def country_at(self, lat: float, lon: float) -> str | None: ...  # pragma: no cover


@dataclass(frozen=True, slots=True)
class Change:
    """One cell of the state, before and after a correction (``None``: absent)."""

    table: str
    key: CellKey
    before: Value | None
    after: Value | None

    def inverse(self) -> Change:
        return Change(self.table, self.key, self.after, self.before)

    def to_dict(self) -> dict[str, Any]:
        return {
            "table": self.table,
            "key": list(self.key),
            "before": self.before,
            "after": self.after,
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Change:
        return cls(data["table"], tuple(data["key"]), data["before"], data["after"])


@dataclass(frozen=True, slots=True)
class Correction:
    """One row of the history.

    ``status`` is ``"active"`` or ``"undone"`` (an active undo row undid it;
    ``undone_by`` names that row).
    """

    id: int
    at: str
    action: str
    summary: str
    args: Mapping[str, Any]
    changes: tuple[Change, ...]
    undoes: int | None = None
    status: str = "active"
    undone_by: int | None = None

    @property
    def scope(self) -> str:
        """Where the correction holds: ``everywhere``, ``country:CC``,
        ``region:CC.ADMIN1`` or ``article:<id>``."""
        scope = self.args.get("scope")
        return scope if isinstance(scope, str) and scope else "everywhere"

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "at": self.at,
            "action": self.action,
            "summary": self.summary,
            "scope": self.scope,
            "status": self.status,
            "undoes": self.undoes,
            "undone_by": self.undone_by,
            "args": dict(self.args),
            "changes": [c.to_dict() for c in self.changes],
        }


@dataclass(frozen=True, slots=True)
class Applied:
    """The outcome of a write: the new history row (``None`` if nothing changed)."""

    correction: Correction | None
    message: str
    place_id: str | None = None

    @property
    def changed(self) -> bool:
        return self.correction is not None


@dataclass(frozen=True, slots=True)
class StoreCheck:
    """What :meth:`CorrectionStore.verify` found."""

    integrity: str
    corrections: int
    problems: tuple[str, ...] = ()

    @property
    def ok(self) -> bool:
        return self.integrity == "ok" and not self.problems
