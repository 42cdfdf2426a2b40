"""Checked numeric fields of GeoNames rows: a bad value names its file and line.

Every number the import keeps is checked here, so that nothing a file holds can
reach the resolver as a value it cannot use (a negative population once made every
article naming the place fail in ``log10``) or overflow SQLite's 64-bit integers:

* whole numbers are ASCII digits (``-`` allowed, so a negative one is named as such),
  at most 19 of them, below 2^63;
* a geonameid is positive (0, an empty column, only where the table allows "none");
* a population is between 0 and :attr:`~conflictmap.tuning.imports.ImportTuning.max_population`;
* a latitude or longitude is a finite number within ±90 or ±180.

A bad value refuses the whole file (the import is one transaction, so nothing is
applied): a dump with broken numbers is not a dump whose other rows can be trusted.
The columns the import does not keep (elevation, DEM, time zone, dates) are not read.

Examples
--------
>>> import io
>>> from pathlib import Path
>>> source = Source(path=Path("ML.txt"), label="ML.txt", stream=io.BytesIO(), total=0, line=7)
>>> whole(source, "266", "population"), population(source, ""), geoname_id(source, "2454857")
(266, 0, 2454857)
>>> coordinate(source, "14.94329", "latitude", 90.0)
14.94329
>>> population(source, "-5")
Traceback (most recent call last):
...
conflictmap.errors.ImportFormatError: ML.txt, line 7: population -5 is negative
>>> geoname_id(source, "9223372036854775808")
Traceback (most recent call last):
...
conflictmap.errors.ImportFormatError: ML.txt, line 7: geonameid 9223372036854775808 is too large (at most 2^63 - 1)
>>> coordinate(source, "nan", "latitude", 90.0)
Traceback (most recent call last):
...
conflictmap.errors.ImportFormatError: ML.txt, line 7: latitude 'nan' is not a finite number
"""

from __future__ import annotations

import math
import re

from conflictmap.store.geonames.reader import Source
from conflictmap.tuning.imports import IMPORT

__all__ = ["coordinate", "geoname_id", "population", "whole"]

#: SQLite's INTEGER is a signed 64-bit number
_INT_LIMIT = 1 << 63
_WHOLE = re.compile(r"-?[0-9]{1,19}")


def whole(source: Source, value: str, what: str) -> int:
    """``value`` as an integer below 2^63 in magnitude (0 when empty)."""
    if not value:
        return 0
    if len(value) <= 18 and value.isascii() and value.isdigit():  # the usual case, fast
        return int(value)
    if _WHOLE.fullmatch(value) is None:
        if re.fullmatch(r"-?[0-9]+", value):
            raise source.error(f"{what} {value[:40]} is too large (at most 19 digits)")
        raise source.error(f"{what} {value[:40]!r} is not a whole number")
    number = int(value)
    if not -_INT_LIMIT < number < _INT_LIMIT:
        raise source.error(f"{what} {value} is too large (at most 2^63 - 1)")
    return number


def geoname_id(source: Source, value: str, *, optional: bool = False) -> int:
    """A geonameid: positive and below 2^63; empty or 0 is 0 only when ``optional``."""
    number = whole(source, value, "geonameid")
    if number < 0 or (number == 0 and not optional):
        raise source.error(f"geonameid {value[:40]!r} is not a positive number")
    return number


def population(source: Source, value: str) -> int:
    """A population: 0 (when empty) up to the limit of :data:`~conflictmap.tuning.imports.IMPORT`."""
    number = whole(source, value, "population")
    if number < 0:
        raise source.error(f"population {value} is negative")
    if number > IMPORT.max_population:
        raise source.error(
            f"population {value} is more than the world's (at most {IMPORT.max_population:,})"
        )
    return number


def coordinate(source: Source, value: str, what: str, limit: float) -> float:
    """``value`` as a finite number within ``[-limit, limit]``."""
    try:
        number = float(value)
    except ValueError:
        raise source.error(f"{what} {value[:40]!r} is not a number") from None
    if not math.isfinite(number):
        raise source.error(f"{what} {value[:40]!r} is not a finite number")
    if not -limit <= number <= limit:
        raise source.error(f"{what} {value[:40]} is out of range")
    return number
