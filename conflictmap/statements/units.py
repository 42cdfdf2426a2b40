"""Units of distance: kilometres in every spelling, miles, metres, nautical miles.

:data:`UNIT` is a regular-expression fragment (no groups) for one unit word; it
refuses areas ("km²", "km2", "sq km" never reaches it) and speeds ("km/h").

Examples
--------
>>> unit_code("kilometres"), unit_code("KMs"), unit_code("mi."), unit_code("metres")
('km', 'km', 'mi', 'm')
>>> to_km(250, "mi"), to_km(800, "m"), to_km(10, "nmi")
(402.336, 0.8, 18.52)
"""

from __future__ import annotations

import re

__all__ = ["KM_PER", "UNIT", "to_km", "unit_code"]

#: kilometres per unit
KM_PER = {"km": 1.0, "mi": 1.609344, "m": 0.001, "nmi": 1.852}

_SPELLINGS = {
    "km": (
        "kilometres",
        "kilometers",
        "kilometre",
        "kilometer",
        "kilometrs",
        "klicks",
        "klick",
        "kms",
        "km",
        "k.m.",
    ),
    "mi": ("miles", "mile", "mi"),
    "m": ("metres", "meters", "metre", "meter", "m"),
    "nmi": ("nautical miles", "nautical mile", "nmi"),
}
_CODE = {spelling: code for code, words in _SPELLINGS.items() for spelling in words}

_ALTERNATIVES = "|".join(
    re.escape(s).replace(r"\ ", r"\s+") for s in sorted(_CODE, key=len, reverse=True)
)

#: one unit word (a regular-expression fragment without groups)
UNIT = rf"(?:{_ALTERNATIVES})\.?(?![\w²³]|\s*/\s*h|\s+(?:per|an)\s+hour)"


def unit_code(word: str) -> str | None:
    """The unit code (``km``, ``mi``, ``m``, ``nmi``) of a unit word, or ``None``."""
    key = re.sub(r"\s+", " ", word.strip().lower())
    if key.endswith(".") and key not in _CODE:
        key = key[:-1]
    return _CODE.get(key)


def to_km(value: float, unit: str) -> float:
    """``value`` in ``unit`` (a code from :func:`unit_code`) as kilometres."""
    return round(value * KM_PER[unit], 9)
