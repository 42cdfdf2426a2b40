"""Compass words in every spelling: north-east, northeast, north east, NE, north-northeast.

:data:`DIRECTION` matches a compass word used as a noun or adverb ("north of",
"NNE of"); :data:`DIRECTION_ADJECTIVE` matches the adjectives ("northern",
"north-eastern"). :func:`parse_direction` reads either kind into a
:class:`Direction` with its code and bearing. Eight-point words ("north",
"north-east") cover a sector of ±22.5°, sixteen-point words
("north-northeast") ±11.25°.

Examples
--------
>>> [parse_direction(w).code for w in ("north-east", "northeast", "north east", "NE", "N.E.")]
['NE', 'NE', 'NE', 'NE', 'NE']
>>> d = parse_direction("north-northeast")
>>> d.code, d.bearing, d.points, d.half_arc
('NNE', 22.5, 16, 11.25)
>>> parse_direction("southwestern").code, parse_direction("Northerly").code
('SW', 'N')
>>> parse_direction("north-south") is None
True
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from conflictmap.geo.geodesy import COMPASS_16

__all__ = [
    "DIRECTION",
    "DIRECTION_ADJECTIVE",
    "DIRECTION_WORD",
    "Direction",
    "bearing_of",
    "parse_direction",
]

_CARD = r"(?:north|south|east|west)"
_SEP = r"[ \t‐‑–-]?"
_WORDS = rf"{_CARD}(?:{_SEP}{_CARD}){{0,2}}"
_ABBREVIATION = r"(?-i:(?:[NSEW]\.?){1,3})"

#: a compass word as a noun or adverb (regular-expression fragment without groups)
DIRECTION = rf"(?:\b{_WORDS}(?:erly|wards?)?\b|\b{_ABBREVIATION}(?![\w]))"
#: a compass word spelled out, never abbreviated (a fragment without groups)
DIRECTION_WORD = rf"(?:\b{_WORDS}\b)"
#: a compass adjective ("northern", "north-eastern"; a fragment without groups)
DIRECTION_ADJECTIVE = rf"(?:\b{_WORDS}ern\b)"

_LETTER = {"north": "N", "south": "S", "east": "E", "west": "W"}


@dataclass(frozen=True, slots=True)
class Direction:
    """A compass direction as written.

    ``points`` is 8 for the cardinal and intercardinal words, 16 for the
    three-letter ones; ``half_arc`` is the half-width of the sector the word names.
    """

    code: str
    bearing: float
    points: int
    text: str

    @property
    def half_arc(self) -> float:
        return 180.0 / self.points


def bearing_of(code: str) -> float:
    """The bearing in degrees of a 16-point compass code (``"NE"`` → 45.0)."""
    return COMPASS_16.index(code) * 22.5


def parse_direction(text: str) -> Direction | None:
    """Read a compass word (any spelling, noun or adjective) into a :class:`Direction`."""
    raw = text.strip()
    squeezed = re.sub(r"[\s.‐‑–-]+", "", raw)
    if not squeezed:
        return None
    if squeezed.isupper() and len(squeezed) <= 3 and set(squeezed) <= set("NSEW"):
        code = squeezed
    else:
        lowered = squeezed.lower()
        lowered = re.sub(r"(?:ern|erly|wards?)$", "", lowered)
        parts = re.findall(r"north|south|east|west", lowered)
        if not parts or "".join(parts) != lowered:
            return None
        code = "".join(_LETTER[p] for p in parts)
    if code not in COMPASS_16:
        return None
    return Direction(
        code=code, bearing=bearing_of(code), points=16 if len(code) == 3 else 8, text=raw
    )
