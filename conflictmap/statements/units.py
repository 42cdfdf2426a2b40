"""Units of distance: kilometres in every spelling, miles, metres, nautical miles.

:data:`UNIT` is a regular-expression fragment (no groups) for one unit word; it
refuses areas ("km²", "km2", "sq km" never reaches it) and speeds ("km/h").

Examples
--------
>>> [unit_code(w).value for w in ("kilometres", "KMs", "mi.", "metres")]
['km', 'km', 'mi', 'm']
>>> to_km(250, Unit.MI), to_km(800, Unit.M), to_km(10, Unit.NMI)
(402.336, 0.8, 18.52)
"""

from __future__ import annotations

import re

from conflictmap.model.kinds import WordEnum

__all__ = [
    "KM_PER",
    "UNIT",
    "UNIT_END",
    "UNIT_SPELLINGS",
    "UNIT_WORDS",
    "Unit",
    "spelled",
    "to_km",
    "unit_code",
]


class Unit(WordEnum):
    """A unit of distance, by the code the JSON contract uses."""

    KM = "km"
    MI = "mi"
    M = "m"
    #: nautical miles
    NMI = "nmi"


#: kilometres per unit (definitions: the international mile and nautical mile)
KM_PER = {Unit.KM: 1.0, Unit.MI: 1.609344, Unit.M: 0.001, Unit.NMI: 1.852}

_SPELLINGS = {
    Unit.KM: (
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
    Unit.MI: ("miles", "mile", "mi"),
    Unit.M: ("metres", "meters", "metre", "meter", "m"),
    Unit.NMI: ("nautical miles", "nautical mile", "nmi"),
}
_CODE = {spelling: code for code, words in _SPELLINGS.items() for spelling in words}
#: every spelling :data:`UNIT` accepts (lower case; a space stands for any run of spaces)
UNIT_WORDS = frozenset(_CODE)

#: every spelling, in the order :data:`UNIT` tries them (the longest first)
UNIT_SPELLINGS = tuple(sorted(_CODE, key=len, reverse=True))


def spelled(words: str) -> str:
    """A regular expression for ``words`` as :data:`UNIT` writes a spelling (any run of
    spaces between words).

    >>> print(spelled("nautical miles"))
    nautical\\s+miles
    """
    return re.escape(words).replace(r"\ ", r"\s+")


_ALTERNATIVES = "|".join(spelled(s) for s in UNIT_SPELLINGS)
#: what follows a unit word's spelling in :data:`UNIT`: a full stop, and no area or speed
UNIT_END = r"\.?(?![\w²³]|\s*/\s*h|\s+(?:per|an)\s+hour)"
#: one unit word (a regular-expression fragment without groups)
UNIT = rf"(?:{_ALTERNATIVES}){UNIT_END}"


def unit_code(word: str) -> Unit | None:
    """The :class:`Unit` of a unit word, or ``None``.

    Examples
    --------
    >>> unit_code("Nautical  miles"), unit_code("km/h")
    (<Unit.NMI: 'nmi'>, None)
    """
    key = re.sub(r"\s+", " ", word.strip().lower())
    if key.endswith(".") and key not in _CODE:
        key = key[:-1]
    return _CODE.get(key)


def to_km(value: float, unit: Unit | str) -> float:
    """``value`` in ``unit`` as kilometres, rounded to the micrometre.

    Examples
    --------
    >>> to_km(3, "mi")
    4.828032
    """
    return round(value * KM_PER[Unit(unit)], 9)
