"""Checking what is read back from the corrections file: a hand edit must not break a run.

The store writes only checked values, but the file is plain SQLite: a user (or a
tool) may edit it. Every stored cell and history row is decoded here; one that is
not valid JSON, or holds a value the store would never write (latitude 999,
latitude ``"x"``), is reported as damaged instead of failing every later run.

Examples
--------
>>> cell_problem("places", ("user:1",), {"name": "Gao", "lat": 999, "lon": 0})
'latitude 999 is outside [-90, 90]'
>>> cell_problem("reject", ("hagel",), {"name": "Hagel"}) is None
True
>>> decode("{oops")
Traceback (most recent call last):
...
ValueError: not valid JSON (line 1, column 2)
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from conflictmap.errors import CorrectionError
from conflictmap.store.corrections.base import USER_KINDS, CellKey, Change, Correction
from conflictmap.store.corrections.validate import check_coordinates
from conflictmap.store.scopes import parse_scope

__all__ = ["cell_problem", "decode", "history_row"]


def decode(text: object) -> Any:
    """The JSON value of a stored text, or :class:`ValueError` saying why not."""
    if not isinstance(text, (str, bytes)):
        raise ValueError(f"not JSON text but {type(text).__name__}")
    try:
        return json.loads(text)
    except json.JSONDecodeError as error:
        raise ValueError(f"not valid JSON (line {error.lineno}, column {error.colno})") from None
    except (ValueError, RecursionError) as error:
        raise ValueError(f"not valid JSON ({type(error).__name__})") from None


def cell_problem(table: str, key: CellKey, value: object) -> str | None:
    """What is wrong with a decoded state cell (``None``: nothing)."""
    if not all(isinstance(part, str) and part for part in key):
        return f"bad key {list(key)!r}"
    if not isinstance(value, dict):
        return f"the value is a {type(value).__name__}, not an object"
    if not isinstance(value.get("name"), str) or not value["name"].strip():
        return "no name"
    if table in ("prefer", "scoped_prefer") and not isinstance(value.get("place"), str):
        return "no place id"
    if table.startswith("scoped_"):
        return _scope_problem(key[0])
    if table == "places":
        return _place_problem(key, value)
    return None


def _scope_problem(text: str) -> str | None:
    try:
        scope = parse_scope(text)
    except CorrectionError as error:
        return str(error)
    return "a scoped row with the scope 'everywhere'" if scope.everywhere else None


def _place_problem(key: CellKey, value: dict[str, Any]) -> str | None:
    number = key[0].partition(":")[2]
    if not key[0].startswith("user:") or not number.isdigit():
        return f"{key[0]!r} is not a user:<n> id"
    try:
        check_coordinates(value.get("lat"), value.get("lon"))
    except CorrectionError as error:
        return str(error)
    if value.get("kind", "village") not in USER_KINDS:
        return f"unknown kind {value.get('kind')!r}"
    country = value.get("country")
    if country is not None and (not isinstance(country, str) or len(country) != 2):
        return f"country {country!r} is not a two-letter code"
    if not isinstance(value.get("feature"), (str, type(None))):
        return "the feature code is not text"
    return None


def history_row(row: Sequence[Any], undone_by: int | None) -> tuple[Correction, str | None]:
    """One history row as a :class:`Correction`, and what is damaged in it (if anything).

    A damaged row keeps its id, time, action and summary, with no arguments or
    changes and the status ``"damaged"``: it shows in the history, cannot be undone.
    """
    row_id, at, action, summary, args, changes, undoes = row
    try:
        parsed_args = decode(args)
        parsed = tuple(Change.from_dict(c) for c in decode(changes))
        if not isinstance(parsed_args, dict):
            raise ValueError("the arguments are not an object")
    except (ValueError, KeyError, TypeError, AttributeError) as error:
        damaged = Correction(
            id=row_id, at=str(at), action=str(action), summary=str(summary), args={},
            changes=(), undoes=undoes, status="damaged",
        )  # fmt: skip
        return damaged, f"#{row_id}: damaged history row ({error})"
    return Correction(
        id=row_id,
        at=at,
        action=action,
        summary=summary,
        args=parsed_args,
        changes=parsed,
        undoes=undoes,
        status="undone" if undone_by is not None else "active",
        undone_by=undone_by,
    ), None
