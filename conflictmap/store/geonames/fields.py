"""Checked numeric fields of GeoNames rows: a bad value names its file and line.

Examples
--------
>>> import io
>>> from pathlib import Path
>>> from conflictmap.store.geonames.reader import Source
>>> source = Source(path=Path("ML.txt"), label="ML.txt", stream=io.BytesIO(), total=0, line=7)
>>> whole(source, "266", "population"), whole(source, "", "population")
(266, 0)
>>> coordinate(source, "14.94329", "latitude", 90.0)
14.94329
>>> coordinate(source, "91", "latitude", 90.0)
Traceback (most recent call last):
...
conflictmap.errors.ImportFormatError: ML.txt, line 7: latitude 91 is out of range
"""

from __future__ import annotations

from conflictmap.store.geonames.reader import Source

__all__ = ["coordinate", "whole"]


def whole(source: Source, value: str, what: str) -> int:
    """``value`` as an integer (0 when empty)."""
    try:
        return int(value) if value else 0
    except ValueError:
        raise source.error(f"{what} {value[:40]!r} is not a whole number") from None


def coordinate(source: Source, value: str, what: str, limit: float) -> float:
    """``value`` as a number within ``[-limit, limit]``."""
    try:
        number = float(value)
    except ValueError:
        raise source.error(f"{what} {value[:40]!r} is not a number") from None
    if not -limit <= number <= limit:
        raise source.error(f"{what} {value} is out of range")
    return number
