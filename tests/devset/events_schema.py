"""The types of the events dev set: ACLED's taxonomy and the gold records.

Examples
--------
>>> SUB_TYPES[EventType.BATTLES][0]
<SubEventType.ARMED_CLASH: 'Armed clash'>
>>> TimePrecision(2).name
'WEEK'
>>> GoldEvent(start=0, end=4, text="x", type=EventType.RIOTS,
...     sub_type=SubEventType.MOB_VIOLENCE, date=None, date_text=None,
...     time_precision=None, place=None, estimate=None, actor1=None).point is None
True
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import Enum, IntEnum

__all__ = [
    "SUB_TYPES",
    "EventType",
    "GoldEstimate",
    "GoldEvent",
    "GoldPlace",
    "GoldRecord",
    "Split",
    "Style",
    "SubEventType",
    "TimePrecision",
]


class EventType(str, Enum):
    """ACLED's event types (ACLED Codebook, "Event Types and Sub-Event Types")."""

    BATTLES = "Battles"
    EXPLOSIONS = "Explosions/Remote violence"
    VIOLENCE_AGAINST_CIVILIANS = "Violence against civilians"
    PROTESTS = "Protests"
    RIOTS = "Riots"
    STRATEGIC_DEVELOPMENTS = "Strategic developments"


class SubEventType(str, Enum):
    """ACLED's sub-event types, spelled as the codebook spells them."""

    ARMED_CLASH = "Armed clash"
    GOVERNMENT_REGAINS_TERRITORY = "Government regains territory"
    NON_STATE_ACTOR_OVERTAKES_TERRITORY = "Non-state actor overtakes territory"
    AIR_DRONE_STRIKE = "Air/drone strike"
    SHELLING = "Shelling/artillery/missile attack"
    REMOTE_EXPLOSIVE = "Remote explosive/landmine/IED"
    SUICIDE_BOMB = "Suicide bomb"
    GRENADE = "Grenade"
    CHEMICAL_WEAPON = "Chemical weapon"
    ATTACK = "Attack"
    ABDUCTION = "Abduction/forced disappearance"
    SEXUAL_VIOLENCE = "Sexual violence"
    PEACEFUL_PROTEST = "Peaceful protest"
    PROTEST_WITH_INTERVENTION = "Protest with intervention"
    EXCESSIVE_FORCE = "Excessive force against protesters"
    VIOLENT_DEMONSTRATION = "Violent demonstration"
    MOB_VIOLENCE = "Mob violence"
    AGREEMENT = "Agreement"
    ARRESTS = "Arrests"
    CHANGE_TO_GROUP = "Change to group/activity"
    DISRUPTED_WEAPONS_USE = "Disrupted weapons use"
    HEADQUARTERS_ESTABLISHED = "Headquarters or base established"
    LOOTING = "Looting/property destruction"
    NON_VIOLENT_TRANSFER = "Non-violent transfer of territory"
    OTHER = "Other"


_S = SubEventType
#: Which sub-event types belong to which event type (ACLED Codebook).
SUB_TYPES: Mapping[EventType, tuple[SubEventType, ...]] = {
    EventType.BATTLES: (
        _S.ARMED_CLASH,
        _S.GOVERNMENT_REGAINS_TERRITORY,
        _S.NON_STATE_ACTOR_OVERTAKES_TERRITORY,
    ),
    EventType.EXPLOSIONS: (
        _S.AIR_DRONE_STRIKE,
        _S.SHELLING,
        _S.REMOTE_EXPLOSIVE,
        _S.SUICIDE_BOMB,
        _S.GRENADE,
        _S.CHEMICAL_WEAPON,
    ),
    EventType.VIOLENCE_AGAINST_CIVILIANS: (_S.ATTACK, _S.ABDUCTION, _S.SEXUAL_VIOLENCE),
    EventType.PROTESTS: (_S.PEACEFUL_PROTEST, _S.PROTEST_WITH_INTERVENTION, _S.EXCESSIVE_FORCE),
    EventType.RIOTS: (_S.VIOLENT_DEMONSTRATION, _S.MOB_VIOLENCE),
    EventType.STRATEGIC_DEVELOPMENTS: (
        _S.AGREEMENT,
        _S.ARRESTS,
        _S.CHANGE_TO_GROUP,
        _S.DISRUPTED_WEAPONS_USE,
        _S.HEADQUARTERS_ESTABLISHED,
        _S.LOOTING,
        _S.NON_VIOLENT_TRANSFER,
        _S.OTHER,
    ),
}


class TimePrecision(IntEnum):
    """ACLED's time_precision: how exactly the text dates the event."""

    DAY = 1
    WEEK = 2
    MONTH = 3


class Style(str, Enum):
    """How a record is written: a wire-report paragraph or an ACLED-style coder note."""

    WIRE = "wire"
    NOTE = "note"


class Split(str, Enum):
    """Dev records are for tuning; test records are kept for the final figure."""

    DEV = "dev"
    TEST = "test"


@dataclass(frozen=True, kw_only=True)
class GoldPlace:
    """Where an event happened: a gazetteer place (GeoNames id, ``admin1:`` or ``border:``)."""

    id: str
    name: str
    lat: float
    lon: float
    kind: str
    country: str
    source: str | None = None


@dataclass(frozen=True, kw_only=True)
class GoldEstimate:
    """An unnamed spot given as an offset from an anchor ("50km west of Gao")."""

    anchor: str
    distance_km: float
    direction: str
    lat: float
    lon: float


@dataclass(frozen=True, kw_only=True)
class GoldEvent:
    """One annotated event; ``start``/``end`` index the record's text."""

    start: int
    end: int
    text: str
    type: EventType
    sub_type: SubEventType
    date: dt.date | None
    date_text: str | None
    time_precision: TimePrecision | None
    place: GoldPlace | None
    estimate: GoldEstimate | None
    actor1: str | None
    actor1_also: tuple[str, ...] = ()
    actor2: str | None = None
    fatalities: int | None = None
    fatalities_text: str | None = None
    comment: str | None = None

    @property
    def point(self) -> tuple[float, float] | None:
        """The event's (lat, lon): the estimate's when there is one, else the place's."""
        if self.estimate is not None:
            return (self.estimate.lat, self.estimate.lon)
        if self.place is not None:
            return (self.place.lat, self.place.lon)
        return None


@dataclass(frozen=True, kw_only=True)
class GoldRecord:
    """One wire paragraph or coder note with its events (none for a negative)."""

    id: str
    conflict: str
    country: str
    style: Style
    split: Split
    article_date: dt.date
    text: str
    events: tuple[GoldEvent, ...]
    needs_dumps: tuple[str, ...] = ()
    comment: str | None = None
    source_file: str = field(default="", compare=False)

    @property
    def negative(self) -> bool:
        """True for a record that reports no incident."""
        return not self.events
