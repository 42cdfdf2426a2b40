"""The dev set's data types: articles, gold place mentions, non-places, optional spans.

Everything is a frozen ``kw_only`` dataclass; :mod:`tests.devset.gold` reads them from
the compiled ``articles/<slug>.gold.json`` files.

Examples
--------
>>> gao = GoldPlace(id="geonames:2457163", name="Gao", kind=Kind.CITY, feature="PPL",
...                 country="ML", lat=16.27167, lon=-0.04472, tolerance_km=25.0)
>>> m = GoldMention(start=0, end=3, text="Gao", place=gao, required=True)
>>> m.accepts("geonames:2457163"), m.accepts("geonames:1")
(True, False)
>>> Kind.REGION.is_area, Kind.TOWN.is_area
(True, False)
"""

from __future__ import annotations

import enum
import re
from dataclasses import dataclass

__all__ = [
    "ID_PATTERN",
    "Article",
    "GoldMention",
    "GoldPlace",
    "Kind",
    "NotPlace",
    "OptionalSpan",
    "Span",
    "Split",
]

#: ``geonames:<n>`` for every GeoNames entry, ``border:<CC>-<CC>`` for a shared border.
ID_PATTERN = re.compile(r"^(geonames:[1-9][0-9]*|border:[A-Z]{2}-[A-Z]{2})$")


class Kind(str, enum.Enum):
    """What a gold place is (the project's place kinds, as far as the dev set uses them)."""

    CAPITAL = "capital"
    CITY = "city"
    TOWN = "town"
    VILLAGE = "village"
    DISTRICT = "district"
    REGION = "region"
    COUNTRY = "country"
    FEATURE = "feature"
    BORDER = "border"

    @property
    def is_area(self) -> bool:
        """Regions, districts and countries: placed right anywhere within their radius."""
        return self in (Kind.DISTRICT, Kind.REGION, Kind.COUNTRY)

    @property
    def is_settlement(self) -> bool:
        """Capitals, cities, towns and villages: placed right within 25 km."""
        return self in (Kind.CAPITAL, Kind.CITY, Kind.TOWN, Kind.VILLAGE)


class Split(str, enum.Enum):
    """``dev`` articles may be looked at while tuning; ``test`` ones are held out."""

    DEV = "dev"
    TEST = "test"


@dataclass(frozen=True, slots=True, kw_only=True)
class Span:
    """A stretch of an article: ``text == article.text[start:end]``."""

    start: int
    end: int
    text: str

    def overlaps(self, start: int, end: int) -> bool:
        """True when ``[start, end)`` shares at least one character with this span."""
        return self.start < end and start < self.end


@dataclass(frozen=True, slots=True, kw_only=True)
class GoldPlace:
    """One gazetteer entry as the annotator chose it (GeoNames id and coordinates).

    ``lat``/``lon``/``tolerance_km`` are ``None`` only for borders (scored by id).
    ``admin1``/``admin2`` are GeoNames admin codes in dotted form (``"UA.07"``,
    ``"UA.07.6302"``), set for regions and districts.
    """

    id: str
    name: str
    kind: Kind
    feature: str
    country: str
    lat: float | None = None
    lon: float | None = None
    tolerance_km: float | None = None
    tolerance_note: str = ""
    iso3166_2: str | None = None
    admin1: str | None = None
    admin2: str | None = None
    source: str = ""
    #: the ../shared GeoNames dump (country code) that holds this place, when the
    #: bundled default gazetteer (cities of 500+, regions) is not expected to
    needs_dump: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class GoldMention(Span):
    """A span that names a place."""

    place: GoldPlace
    required: bool = True
    also_ok: tuple[str, ...] = ()
    note: str = ""

    def accepts(self, place_id: str | None) -> bool:
        """True when ``place_id`` is the gold place or one of the other acceptable ids."""
        return place_id is not None and (place_id == self.place.id or place_id in self.also_ok)


@dataclass(frozen=True, slots=True, kw_only=True)
class NotPlace(Span):
    """A name that must not come out as a place (a person, an organisation, a medium...)."""

    reason: str


@dataclass(frozen=True, slots=True, kw_only=True)
class OptionalSpan(Span):
    """Neither required nor wrong (demonyms, unverifiable features...).

    With ``country`` set, a prediction placed outside that country *is* wrong: the
    name is ambiguous abroad ("Palma" in a Cabo Delgado story) but its GeoNames entry
    is not in the data we could check.
    """

    reason: str
    country: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class Article:
    """One dev-set article and its gold."""

    id: str
    title: str
    date: str
    split: Split
    countries: tuple[str, ...]
    needs_dumps: tuple[str, ...]
    style: str
    text: str
    mentions: tuple[GoldMention, ...]
    not_places: tuple[NotPlace, ...] = ()
    optional: tuple[OptionalSpan, ...] = ()

    @property
    def country(self) -> str:
        """The focus country (the first listed): the row this article counts under."""
        return self.countries[0]

    @property
    def required(self) -> tuple[GoldMention, ...]:
        """The mentions a careful annotator requires."""
        return tuple(m for m in self.mentions if m.required)

    def spans(self) -> list[Span]:
        """Every annotated span, sorted by start."""
        out: list[Span] = [*self.mentions, *self.not_places, *self.optional]
        return sorted(out, key=lambda s: (s.start, s.end))
