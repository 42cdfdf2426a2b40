"""Compass words in every spelling: north-east, northeast, north east, NE, north-northeast.

:data:`DIRECTION` matches a compass word used as a noun or adverb ("north of",
"NNE of"); :data:`DIRECTION_ADJECTIVE` matches the adjectives ("northern",
"north-eastern"). :func:`parse_direction` reads either kind into a
:class:`Direction`: its :class:`Compass` point and the words as written.
Eight-point words ("north", "north-east") cover a sector of ±22.5°, sixteen-point
words ("north-northeast") ±11.25°.

Examples
--------
>>> [parse_direction(w).code.value for w in ("north-east", "northeast", "north east", "NE", "N.E.")]
['NE', 'NE', 'NE', 'NE', 'NE']
>>> d = parse_direction("north-northeast")
>>> d.code, d.bearing, d.points, d.half_arc
(<Compass.NNE: 'NNE'>, 22.5, 16, 11.25)
>>> parse_direction("southwestern").code, parse_direction("Northerly").code
(<Compass.SW: 'SW'>, <Compass.N: 'N'>)
>>> parse_direction("north-south") is None
True
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from conflictmap.geo.geodesy import COMPASS_16
from conflictmap.model.kinds import WordEnum

__all__ = [
    "DIRECTION",
    "DIRECTION_ADJECTIVE",
    "DIRECTION_WORD",
    "Compass",
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


class Compass(WordEnum):
    """A point of the 16-point compass, or the centre ("central X", "the heart of X").

    Examples
    --------
    >>> Compass.NE.bearing, Compass.NE.points, Compass("WNW").points, Compass.CENTRE.bearing
    (45.0, 8, 16, 0.0)
    """

    N = "N"
    NNE = "NNE"
    NE = "NE"
    ENE = "ENE"
    E = "E"
    ESE = "ESE"
    SE = "SE"
    SSE = "SSE"
    S = "S"
    SSW = "SSW"
    SW = "SW"
    WSW = "WSW"
    W = "W"
    WNW = "WNW"
    NW = "NW"
    NNW = "NNW"
    #: the middle of an area: a part, not a bearing (its bearing is 0, never used)
    CENTRE = "C"

    @property
    def bearing(self) -> float:
        """Degrees clockwise from north (0 for the centre)."""
        return 0.0 if self is Compass.CENTRE else bearing_of(self.value)

    @property
    def points(self) -> int:
        """16 for the three-letter points, 8 for the others (and the centre)."""
        return 16 if len(self.value) == 3 else 8

    @property
    def letters(self) -> frozenset[str]:
        """The cardinal letters of the point (``NE`` → N and E; empty for the centre)."""
        return frozenset() if self is Compass.CENTRE else frozenset(self.value)


@dataclass(frozen=True, slots=True, kw_only=True)
class Direction:
    """A compass direction as written: its point and the words.

    ``half_arc`` is the half-width of the sector the word names (22.5° for the
    8-point words, 11.25° for the 16-point ones).
    """

    code: Compass
    text: str

    @property
    def bearing(self) -> float:
        return self.code.bearing

    @property
    def points(self) -> int:
        return self.code.points

    @property
    def half_arc(self) -> float:
        return 180.0 / self.points


def bearing_of(code: str) -> float:
    """The bearing in degrees of a 16-point compass code.

    Examples
    --------
    >>> bearing_of("NE"), bearing_of("SSW")
    (45.0, 202.5)
    """
    return COMPASS_16.index(code) * 22.5


@lru_cache(maxsize=4096)  # compass words are few (a statement-heavy article repeats them)
def parse_direction(text: str) -> Direction | None:
    """Read a compass word (any spelling, noun or adjective) into a :class:`Direction`.

    Parameters
    ----------
    text : str
        "north-east", "NE", "N.E.", "north-eastern", "northerly", "north-northeast"...

    Returns
    -------
    Direction or None
        ``None`` when the words are no compass point ("north-south", "northing").

    Examples
    --------
    >>> parse_direction("East-southeast").code.value, parse_direction("westwards").code.value
    ('ESE', 'W')
    """
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
    return Direction(code=Compass(code), text=raw)
