"""Enums for the kinds, layers and verdicts that flow between the stages.

Every enum is a ``str`` subclass whose value is the word the JSON contract uses, so a
member compares, hashes, formats and serialises exactly like that word:

>>> PlaceKind.TOWN == "town", f"{PlaceKind.TOWN}", {"town": 1}[PlaceKind.TOWN]
(True, 'town', 1)
>>> PlaceKind("region").is_area, PlaceKind.VILLAGE.is_point, PlaceKind.BORDER.is_line
(True, True, True)
>>> PlaceKind.DISTRICT.precision, PlaceKind.FEATURE.precision, PlaceKind.CITY.precision
(3, 2, 1)
"""

from __future__ import annotations

import enum

__all__ = [
    "PRECISION_NEAR",
    "PRECISION_REGION",
    "PRECISION_TOWN",
    "CandidateFlag",
    "Layer",
    "MentionKind",
    "PlaceKind",
    "StatementKind",
    "Verdict",
    "WordEnum",
]

#: ACLED-style geo_precision codes: a named town; near a town or part of a region;
#: a whole region or country.
PRECISION_TOWN = 1
PRECISION_NEAR = 2
PRECISION_REGION = 3


class WordEnum(str, enum.Enum):
    """A ``str`` enum that behaves as its value everywhere (hash, format, JSON, SQL)."""

    __hash__ = str.__hash__
    __format__ = str.__format__  # type: ignore[assignment]

    def __str__(self) -> str:
        return str.__str__(self)


class PlaceKind(WordEnum):
    """What a gazetteer entry is, from most to least specific."""

    CAPITAL = "capital"
    CITY = "city"
    TOWN = "town"
    VILLAGE = "village"
    #: a named spot inside a settlement, or an estimated location
    SPOT = "spot"
    #: a natural or man-made feature (river, mountain range, sea, crossing)
    FEATURE = "feature"
    DISTRICT = "district"
    REGION = "region"
    COUNTRY = "country"
    CONTINENT = "continent"
    #: the shared border of two countries: a line
    BORDER = "border"

    @property
    def is_area(self) -> bool:
        """An administrative area or larger: drawn as an outline or an area pin."""
        return self in _AREAS

    @property
    def is_line(self) -> bool:
        return self is PlaceKind.BORDER

    @property
    def is_point(self) -> bool:
        """A place a single pin stands for (settlements, spots, features)."""
        return not (self.is_area or self.is_line)

    @property
    def is_settlement(self) -> bool:
        return self in _SETTLEMENTS

    @property
    def precision(self) -> int:
        """ACLED geo_precision of a pin on a place of this kind."""
        if self.is_area:
            return PRECISION_REGION
        if self in (PlaceKind.BORDER, PlaceKind.FEATURE):
            return PRECISION_NEAR
        return PRECISION_TOWN


_AREAS = frozenset({PlaceKind.DISTRICT, PlaceKind.REGION, PlaceKind.COUNTRY, PlaceKind.CONTINENT})
_SETTLEMENTS = frozenset({PlaceKind.CAPITAL, PlaceKind.CITY, PlaceKind.TOWN, PlaceKind.VILLAGE})


class MentionKind(WordEnum):
    """How a span of the article names a place."""

    NAME = "name"
    #: a spelling matched by edit distance or transliteration
    VARIANT = "variant"
    #: "Malian": evidence for the country, never a pin of its own
    DEMONYM = "demonym"
    #: "the Mauritanian border"
    BORDER = "border"
    #: "Ky." after a city
    ABBREVIATION = "abbreviation"
    #: a street or building, placed at the town the article puts it in
    FACILITY = "facility"
    #: no layer knows the name
    UNKNOWN = "unknown"


class Layer(WordEnum):
    """The gazetteer layer an entry comes from; a later layer wins."""

    BASE = "base"
    CURATED = "curated"
    IMPORTED = "imported"
    CORRECTIONS = "corrections"


class StatementKind(WordEnum):
    """Kinds of stated geography, in order of precedence where two phrases overlap."""

    OFFSET = "offset"
    DISTANCE = "distance"
    ROAD_BETWEEN = "road-between"
    BETWEEN = "between"
    ALONG_BORDER = "along-border"
    BORDER = "border"
    PART_OF = "part-of"
    OUTSKIRTS = "outskirts"
    NEAR = "near"
    DIRECTION = "direction"


class Verdict(WordEnum):
    """How a stated relation compares with the geodesic."""

    CONSISTENT = "consistent"
    APPROXIMATE = "approximate"
    CONTRADICTS = "contradicts"


class CandidateFlag(enum.IntFlag):
    """How a name matched a place: bits stored with each name row and on a candidate.

    The values are those the gazetteer files store in ``names.flags`` (they must
    never change: a home built earlier keeps its rows).

    Examples
    --------
    >>> flags = CandidateFlag.CORRECTED | CandidateFlag.PREFERRED
    >>> CandidateFlag.PREFERRED in flags, CandidateFlag.OWN_NAME in flags, int(flags)
    (True, False, 24)
    >>> CandidateFlag(3)
    <CandidateFlag.OWN_NAME|CURATED_ALIAS: 3>
    """

    #: no flag: an alternate name
    NONE = 0
    #: the place's own name (GeoNames' name or ASCII name)
    OWN_NAME = 1
    #: a hand-kept alias from ``gazetteer/curated``
    CURATED_ALIAS = 2
    #: a name written only in capitals (an abbreviation: "DRC", "CAR")
    UPPER_ONLY = 4
    #: the candidate comes from, or is changed by, the user's corrections
    CORRECTED = 8
    #: the user prefers this place for this name
    PREFERRED = 16
    #: a name from ``alternateNamesV2`` or an admin-codes file, kept when the place's
    #: dump row is imported again
    AUX_NAME = 32
