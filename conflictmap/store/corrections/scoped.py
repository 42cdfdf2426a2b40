"""Corrections that hold in one scope only (issue 17): which cell, which arguments.

A preference, rejection or alias for everywhere lives in ``prefer``/``reject``/
``aliases`` keyed by the folded name (and an alias's place), as before scopes
existed; one for ``country:CC``, ``region:CC.ADMIN1`` or ``article:<id>`` lives in
``scoped_prefer``/``scoped_reject``/``scoped_aliases`` keyed by the scope first. History rows of scoped corrections carry ``"scope"`` in their
arguments and say it in their summary.

Examples
--------
>>> from conflictmap.store.scopes import parse_scope
>>> cell("prefer", parse_scope("country:MZ"), "palma")
('scoped_prefer', ('country:MZ', 'palma'))
>>> cell("reject", parse_scope(None), "hagel")
('reject', ('hagel',))
>>> cell("aliases", parse_scope("region:MZ.01"), "palma", "user:1")
('scoped_aliases', ('region:MZ.01', 'palma', 'user:1'))
>>> with_scope({"name": "Palma"}, "prefer 'Palma'", parse_scope("country:MZ"))
({'name': 'Palma', 'scope': 'country:MZ'}, "prefer 'Palma' (in country:MZ)")
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from conflictmap.errors import CorrectionError
from conflictmap.store.corrections.base import SCOPED_TABLES, CellKey, PlaceLookup
from conflictmap.store.scopes import (
    RegionFinder,
    RegionSource,
    Scope,
    ScopeKind,
    find_regions,
    parse_scope,
)

__all__ = ["cell", "check_scope", "with_scope"]


def check_scope(
    scope: object, lookup: PlaceLookup | None, regions: RegionFinder | None = None
) -> Scope:
    """The :class:`Scope` given (or named by a text); a country or region ``lookup``
    lacks is refused. ``regions`` finds the code of a region given by its name."""
    where = scope if isinstance(scope, Scope) else parse_scope(scope, regions=regions)
    if lookup is None:
        return where
    if where.kind is ScopeKind.COUNTRY and lookup.country(where.value) is None:
        raise CorrectionError(f"scope {where}: unknown country code {where.value!r}")
    region = lookup if where.kind is ScopeKind.REGION else None
    if isinstance(region, RegionSource) and not find_regions(region, where.value):
        raise CorrectionError(
            f"scope {where}: the gazetteer has no first-level region {where.value!r}"
        )
    return where


def cell(table: str, scope: Scope, *key: str) -> tuple[str, CellKey]:
    """The state table and cell key of a ``prefer``, ``reject`` or ``aliases``
    correction in ``scope`` (``key``: the folded name, and for an alias its place)."""
    if scope.everywhere:
        return table, key
    return SCOPED_TABLES[table], (str(scope), *key)


def with_scope(args: Mapping[str, Any], summary: str, scope: Scope) -> tuple[dict[str, Any], str]:
    """A history row's arguments and summary, saying the scope unless it is everywhere."""
    if scope.everywhere:
        return dict(args), summary
    return {**args, "scope": str(scope)}, f"{summary} (in {scope})"
