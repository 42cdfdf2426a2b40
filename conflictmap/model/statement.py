"""Stated geography and what the gazetteer measures: :class:`Statement`.

>>> s = Statement(start=0, end=20, text="50 km north of Gao", kind="offset",
...               stated=Stated(distance_km=50.0, direction="N"))
>>> s.to_dict()["stated"]
{'distance_km': 50, 'direction': 'N', 'hedge': None}
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from conflictmap.model.kinds import StatementKind, Verdict

__all__ = ["Estimate", "Measured", "Stated", "Statement"]


@dataclass(frozen=True, slots=True, kw_only=True)
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


@dataclass(frozen=True, slots=True, kw_only=True)
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


@dataclass(frozen=True, slots=True, kw_only=True)
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


@dataclass(frozen=True, slots=True, kw_only=True)
class Statement:
    """A piece of stated geography: "some 400 km north of Bamako", "near Algeria"."""

    start: int
    end: int
    text: str
    kind: StatementKind
    anchor: str | None = None
    subject: str | None = None
    anchor2: str | None = None
    stated: Stated = field(default_factory=Stated)
    measured: Measured | None = None
    verdict: Verdict | None = None
    estimate: Estimate | None = None
    note: str | None = None
    #: the subject's name as written (also when the gazetteer does not know it)
    subject_text: str | None = None

    def __post_init__(self) -> None:
        if type(self.kind) is not StatementKind:
            object.__setattr__(self, "kind", StatementKind(self.kind))
        if self.verdict is not None and type(self.verdict) is not Verdict:
            object.__setattr__(self, "verdict", Verdict(self.verdict))

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "start": self.start,
            "end": self.end,
            "text": self.text,
            "kind": self.kind.value,
            "subject": self.subject,
            "anchor": self.anchor,
            "stated": self.stated.to_dict(),
            "measured": self.measured.to_dict() if self.measured else None,
            "verdict": self.verdict.value if self.verdict else None,
            "estimate": self.estimate.to_dict() if self.estimate else None,
        }
        if self.anchor2 is not None:
            out["anchor2"] = self.anchor2
        if self.note:
            out["note"] = self.note
        if self.subject_text is not None:
            out["subject_text"] = self.subject_text
        return out


def _round(value: float | None) -> float | None:
    if value is None:
        return None
    rounded = round(value, 1)
    return int(rounded) if rounded == int(rounded) else rounded
