"""The JSON contract (README, DESIGN.md) as text.

Examples
--------
>>> from conflictmap.model import Result
>>> to_json(Result(id="a"), indent=None)
'{"id": "a", "mentions": [], "places": {}, "statements": [], "events": [], "unresolved": []}'
"""

from __future__ import annotations

import json

from conflictmap.model import Result

__all__ = ["to_json"]


def to_json(result: Result, *, indent: int | None = 2) -> str:
    """The JSON output contract of ``result`` as a string (UTF-8 text, not ASCII-escaped).

    Parameters
    ----------
    result : Result
        What the pipeline found.
    indent : int or None
        Spaces per level (``None``: one line).
    """
    return json.dumps(result.to_dict(), ensure_ascii=False, indent=indent)
