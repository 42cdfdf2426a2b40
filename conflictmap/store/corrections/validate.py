"""Checks on what a user gives a correction: names, coordinates, place ids.

Each check returns the cleaned value or raises
:class:`~conflictmap.errors.CorrectionError` with one line saying what is wrong.
"""

from __future__ import annotations

import math
import unicodedata

from conflictmap.errors import CorrectionError
from conflictmap.store.corrections.base import MAX_NAME, PlaceLookup
from conflictmap.text.folding import fold

__all__ = ["check_coordinates", "check_country", "check_pid", "clean_name"]


def clean_name(name: object, *, what: str = "name") -> tuple[str, str]:
    """``(name, folded key)`` for a user-given name, or :class:`CorrectionError`.

    Examples
    --------
    >>> clean_name("  Ségou  ")
    ('Ségou', 'segou')
    >>> clean_name("--")
    Traceback (most recent call last):
    ...
    conflictmap.errors.CorrectionError: the name '--' has no letters or digits
    """
    if not isinstance(name, str):
        raise CorrectionError(f"the {what} must be text, not {type(name).__name__}")
    text = " ".join(unicodedata.normalize("NFC", name).split())
    if not text:
        raise CorrectionError(f"the {what} is empty")
    if len(text) > MAX_NAME:
        raise CorrectionError(f"the {what} is longer than {MAX_NAME} characters")
    key = fold(text)
    if not key:
        raise CorrectionError(f"the {what} {text!r} has no letters or digits")
    return text, key


def check_coordinates(lat: object, lon: object) -> tuple[float, float]:
    """Latitude in [-90, 90] and longitude in [-180, 180] as floats, or an error.

    Examples
    --------
    >>> check_coordinates(14.5, -4.2)
    (14.5, -4.2)
    >>> check_coordinates(91, 0)
    Traceback (most recent call last):
    ...
    conflictmap.errors.CorrectionError: latitude 91 is outside [-90, 90]
    """
    out = []
    for label, value, limit in (("latitude", lat, 90), ("longitude", lon, 180)):
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise CorrectionError(f"{label} {value!r} is not a number")
        try:
            number = float(value)
        except OverflowError:  # an integer of hundreds of digits
            raise CorrectionError(f"{label} is outside [-{limit}, {limit}]") from None
        if not math.isfinite(number):
            raise CorrectionError(f"{label} {value!r} is not a finite number")
        if not -limit <= number <= limit:
            raise CorrectionError(f"{label} {value:g} is outside [-{limit}, {limit}]")
        out.append(number)
    return out[0], out[1]


def check_pid(pid: object) -> str:
    """A place id (``layer:id``, no spaces), stripped, or :class:`CorrectionError`.

    Examples
    --------
    >>> check_pid(" geonames:2457163 ")
    'geonames:2457163'
    >>> check_pid("Gao")
    Traceback (most recent call last):
    ...
    conflictmap.errors.CorrectionError: 'Gao' is not a place id (e.g. geonames:2457163 or user:3)
    """
    if not isinstance(pid, str) or not pid.strip():
        raise CorrectionError("the place id is empty (e.g. geonames:2457163 or user:3)")
    pid = pid.strip()
    if any(c.isspace() for c in pid) or ":" not in pid:
        raise CorrectionError(f"{pid!r} is not a place id (e.g. geonames:2457163 or user:3)")
    return pid


def check_country(
    country: str | None, lat: float, lon: float, lookup: PlaceLookup | None
) -> str | None:
    """The upper-case ISO code of an added place's country, or :class:`CorrectionError`.

    No code given: the country ``lookup`` finds at the point (``None`` without one).

    Examples
    --------
    >>> check_country(" ml", 14.5, -4.2, None)
    'ML'
    >>> check_country("Mali", 14.5, -4.2, None)
    Traceback (most recent call last):
    ...
    conflictmap.errors.CorrectionError: country 'Mali' is not a two-letter ISO code (e.g. ML)
    """
    if country is None or not country.strip():
        if lookup is None:
            return None
        return lookup.country_at(lat, lon)
    code = country.strip().upper()
    if len(code) != 2 or not code.isascii() or not code.isalpha():
        raise CorrectionError(f"country {country!r} is not a two-letter ISO code (e.g. ML)")
    if lookup is not None and lookup.country(code) is None:
        raise CorrectionError(f"unknown country code {code!r}")
    return code
