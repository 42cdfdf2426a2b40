"""Corrections that hold in one scope only (issue 17): which cell, which arguments.

A preference or rejection for everywhere lives in ``prefer``/``reject`` keyed by
the folded name, as before scopes existed; one for ``country:CC`` or
``article:<id>`` lives in ``scoped_prefer``/``scoped_reject`` keyed by the scope
and the name. History rows of scoped corrections carry ``"scope"`` in their
arguments and say it in their summary.

Examples
--------
>>> from conflictmap.store.scopes import parse_scope
>>> cell("prefer", parse_scope("country:MZ"), "palma")
('scoped_prefer', ('country:MZ', 'palma'))
>>> cell("reject", parse_scope(None), "hagel")
('reject', ('hagel',))
>>> with_scope({"name": "Palma"}, "prefer 'Palma'", parse_scope("country:MZ"))
({'name': 'Palma', 'scope': 'country:MZ'}, "prefer 'Palma' (in country:MZ)")
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from conflictmap.errors import CorrectionError
from conflictmap.store.corrections.base import SCOPED_TABLES, CellKey, PlaceLookup
from conflictmap.store.scopes import Scope, ScopeKind, parse_scope

__all__ = ["cell", "check_scope", "with_scope"]


def check_scope(scope: object, lookup: PlaceLookup | None) -> Scope:
    """The :class:`Scope` given (or named by a text); a country ``lookup`` lacks is refused."""
    where = scope if isinstance(scope, Scope) else parse_scope(scope)
    country = where.value if where.kind is ScopeKind.COUNTRY else None
    if country is not None and lookup is not None and lookup.country(country) is None:
        raise CorrectionError(f"scope {where}: unknown country code {where.value!r}")
    return where


def cell(table: str, scope: Scope, key: str) -> tuple[str, CellKey]:
    """The state table and cell key of a ``prefer`` or ``reject`` correction in ``scope``."""
    if scope.everywhere:
        return table, (key,)
    return SCOPED_TABLES[table], (str(scope), key)


def with_scope(args: Mapping[str, Any], summary: str, scope: Scope) -> tuple[dict[str, Any], str]:
    """A history row's arguments and summary, saying the scope unless it is everywhere."""
    if scope.everywhere:
        return dict(args), summary
    return {**args, "scope": str(scope)}, f"{summary} (in {scope})"
