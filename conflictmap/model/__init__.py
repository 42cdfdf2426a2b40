"""The data that flows between pipeline stages: small frozen dataclasses.

Coordinates are always ``lat``/``lon`` in degrees (WGS84) here. Shapely's
``(x=lon, y=lat)`` order appears only inside :mod:`conflictmap.geo`, which converts
at its edges.

:meth:`Result.to_dict` produces exactly the JSON output contract of DESIGN.md.

Examples
--------
>>> bamako = Place(id="geonames:2460596", name="Bamako", lat=12.60915, lon=-7.97522,
...                country="ML", feature="PPLC", kind="capital")
>>> bamako.geonames_id
2460596
>>> m = Mention(start=0, end=6, text="Bamako", place=bamako.id, confidence=0.97)
>>> r = Result(id="a1", mentions=(m,), places=(bamako,))
>>> r.to_dict()["places"]["geonames:2460596"]["mentions"]
1
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from typing import Any

__all__ = [
    "Estimate",
    "Measured",
    "Mention",
    "Place",
    "Result",
    "Stated",
    "Statement",
]

#: ACLED-style geo_precision codes.
PRECISION_TOWN = 1
PRECISION_NEAR = 2
PRECISION_REGION = 3

#: Place kinds, from most to least specific. ``border`` is a line, ``country`` and
#: ``region`` are areas shown as outlines or area pins.
KINDS = (
    "capital",
    "city",
    "town",
    "village",
    "spot",
    "feature",
    "district",
    "region",
    "country",
    "continent",
    "border",
)


@dataclass(frozen=True, slots=True)
class Place:
    """One gazetteer entry.

    Parameters
    ----------
    id : str
        ``geonames:<n>`` for GeoNames entries, ``curated:<slug>``, ``user:<n>`` for
        places added as corrections, ``border:<CC>-<CC>`` for a shared border,
        ``ne:<CC>`` for a country known only from Natural Earth.
    kind : str
        One of :data:`KINDS`.
    layer : str
        The gazetteer layer that supplied the entry: ``base``, ``curated``,
        ``imported`` or ``corrections``.
    """

    id: str
    name: str
    lat: float
    lon: float
    country: str | None = None
    feature: str | None = None
    kind: str = "town"
    admin1: str | None = None
    admin1_name: str | None = None
    population: int = 0
    layer: str = "base"
    source: str | None = None

    @property
    def geonames_id(self) -> int | None:
        """The GeoNames id, or ``None`` for places that are not from GeoNames."""
        prefix, _, rest = self.id.partition(":")
        return int(rest) if prefix == "geonames" and rest.isdigit() else None

    @property
    def precision(self) -> int:
        """ACLED geo_precision of a pin on this place (1 town, 2 near/part, 3 region)."""
        if self.kind in ("region", "district", "country", "continent"):
            return PRECISION_REGION
        if self.kind in ("border", "feature"):
            return PRECISION_NEAR
        return PRECISION_TOWN

    @property
    def corrected(self) -> bool:
        """True when the entry (or the choice of it) comes from the user's corrections."""
        return self.layer == "corrections"

    def with_layer(self, layer: str) -> Place:
        return replace(self, layer=layer)

    def to_dict(self, mentions: int = 0) -> dict[str, Any]:
        return {
            "name": self.name,
            "lat": round(self.lat, 5),
            "lon": round(self.lon, 5),
            "country": self.country,
            "feature": self.feature,
            "kind": self.kind,
            "precision": self.precision,
            "mentions": mentions,
            "admin1": self.admin1_name or self.admin1,
            "population": self.population,
            "layer": self.layer,
        }


@dataclass(frozen=True, slots=True)
class Mention:
    """A span of the article that names a place.

    ``start``/``end`` are Python string indices into the original text;
    ``place`` is ``None`` when the span was spotted but not resolved.
    """

    start: int
    end: int
    text: str
    place: str | None = None
    confidence: float = 0.0
    alternatives: tuple[str, ...] = ()
    #: why the resolver chose ``place`` (e.g. ``"correction"``)
    reason: str | None = None
    #: ``name``; ``demonym`` ("Malian": evidence for the country, not a pin of its own);
    #: ``border`` ("the Mauritanian border"); ``abbreviation`` ("Ky." after a city);
    #: ``variant`` (a spelling matched by edit distance); ``unknown`` (no layer knows it)
    kind: str = "name"

    def to_dict(self) -> dict[str, Any]:
        return {
            "start": self.start,
            "end": self.end,
            "text": self.text,
            "place": self.place,
            "confidence": round(self.confidence, 3),
            "alternatives": list(self.alternatives),
            "kind": self.kind,
        }


@dataclass(frozen=True, slots=True)
class Stated:
    """What the article says: a distance (as a range), a direction, a hedge."""

    distance_km: float | None = None
    distance_max_km: float | None = None
    unit: str | None = None
    value_text: str | None = None
    direction: str | None = None
    hedge: str | None = None

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "distance_km": _round(self.distance_km),
            "direction": self.direction,
            "hedge": self.hedge,
        }
        if self.distance_max_km is not None and self.distance_max_km != self.distance_km:
            out["distance_max_km"] = _round(self.distance_max_km)
        if self.unit is not None:
            out["unit"] = self.unit
        return out


@dataclass(frozen=True, slots=True)
class Measured:
    """What the gazetteer says: geodesic distance and initial bearing anchor → subject."""

    distance_km: float
    bearing_deg: float
    direction: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "distance_km": round(self.distance_km, 1),
            "bearing_deg": round(self.bearing_deg, 1),
            "direction": self.direction,
        }


@dataclass(frozen=True, slots=True)
class Estimate:
    """An estimated location for an unnamed spot, with an uncertainty radius."""

    lat: float
    lon: float
    radius_km: float

    def to_dict(self) -> dict[str, Any]:
        return {
            "lat": round(self.lat, 5),
            "lon": round(self.lon, 5),
            "radius_km": round(self.radius_km, 1),
        }


@dataclass(frozen=True, slots=True)
class Statement:
    """A piece of stated geography: "some 400 km north of Bamako", "near Algeria"."""

    start: int
    end: int
    text: str
    kind: str
    anchor: str | None = None
    subject: str | None = None
    anchor2: str | None = None
    stated: Stated = field(default_factory=Stated)
    measured: Measured | None = None
    verdict: str | None = None
    estimate: Estimate | None = None
    note: str | None = None
    #: the subject's name as written (also when the gazetteer does not know it)
    subject_text: str | None = None

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "start": self.start,
            "end": self.end,
            "text": self.text,
            "kind": self.kind,
            "subject": self.subject,
            "anchor": self.anchor,
            "stated": self.stated.to_dict(),
            "measured": self.measured.to_dict() if self.measured else None,
            "verdict": self.verdict,
            "estimate": self.estimate.to_dict() if self.estimate else None,
        }
        if self.anchor2 is not None:
            out["anchor2"] = self.anchor2
        if self.note:
            out["note"] = self.note
        if self.subject_text is not None:
            out["subject_text"] = self.subject_text
        return out


@dataclass(frozen=True, slots=True)
class Result:
    """Everything conflictmap found in one article."""

    id: str | None = None
    mentions: tuple[Mention, ...] = ()
    places: tuple[Place, ...] = ()
    statements: tuple[Statement, ...] = ()
    text: str = ""
    title: str | None = None

    @property
    def unresolved(self) -> tuple[Mention, ...]:
        return tuple(m for m in self.mentions if m.place is None)

    @property
    def place_by_id(self) -> Mapping[str, Place]:
        return {p.id: p for p in self.places}

    def mention_counts(self) -> Counter[str]:
        return Counter(m.place for m in self.mentions if m.place is not None)

    def to_dict(self) -> dict[str, Any]:
        """The JSON output contract (DESIGN.md), as plain Python objects."""
        counts = self.mention_counts()
        return {
            "id": self.id,
            "mentions": [m.to_dict() for m in self.mentions],
            "places": {p.id: p.to_dict(counts.get(p.id, 0)) for p in self.places},
            "statements": [s.to_dict() for s in self.statements],
            "unresolved": [
                {"start": m.start, "end": m.end, "text": m.text} for m in self.unresolved
            ],
        }

    def _repr_html_(self) -> str:  # pragma: no cover - exercised in Jupyter
        from conflictmap.mapping import make_map

        return make_map(self)._repr_html_()


def _round(value: float | None) -> float | None:
    if value is None:
        return None
    rounded = round(value, 1)
    return int(rounded) if rounded == int(rounded) else rounded
