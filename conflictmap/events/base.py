"""The data of the events stage: ACLED's taxonomy and one reported incident, :class:`Event`.

The names are ACLED's, as its codebook spells them (six event types, 25 sub-event
types); :data:`SUB_TYPES` says which sub-event type belongs to which event type.

Examples
--------
>>> import datetime as dt
>>> e = Event(start=0, end=30, text="Gunmen attacked Siby on Monday",
...           type=EventType.VIOLENCE_AGAINST_CIVILIANS, sub_type=SubEventType.ATTACK,
...           date=dt.date(2024, 2, 19), date_text="on Monday",
...           time_precision=TimePrecision.DAY, place="geonames:2451241",
...           actor1="Gunmen", confidence=0.7)
>>> d = e.to_dict()
>>> d["type"], d["sub_type"], d["date"], d["time_precision"], d["actors"]
('Violence against civilians', 'Attack', '2024-02-19', 1, ['Gunmen'])
>>> SUB_TYPES[EventType.BATTLES][0].value
'Armed clash'
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from enum import Enum, IntEnum
from typing import Any

from conflictmap.model.statement import Estimate

__all__ = ["SUB_TYPES", "Event", "EventType", "SubEventType", "TimePrecision", "type_of"]


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


class TimePrecision(IntEnum):
    """ACLED's time_precision: how exactly the text dates the event."""

    DAY = 1
    WEEK = 2
    MONTH = 3


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

_TYPE_OF = {sub: kind for kind, subs in SUB_TYPES.items() for sub in subs}


def type_of(sub_type: SubEventType) -> EventType:
    """The event type a sub-event type belongs to.

    >>> type_of(SubEventType.GRENADE).value
    'Explosions/Remote violence'
    """
    return _TYPE_OF[sub_type]


@dataclass(frozen=True, slots=True, kw_only=True)
class Event:
    """One incident the article reports: what, when, where, who, how many died.

    Parameters
    ----------
    start, end : int
        The span of the clause that reports it (Python string indices).
    type, sub_type : EventType, SubEventType
        ACLED's taxonomy; ``sub_type`` belongs to ``type``.
    date : datetime.date or None
        Resolved against the article's date; ``None`` when the text gives no date.
    date_text : str or None
        The words that give the date, as written.
    place : str or None
        The place id where it happened (``None`` when unknown or estimated).
    estimate : Estimate or None
        A spot placed from a stated offset ("50km west of Gao").
    anchor : str or None
        The place id an ``estimate`` is measured from (Gao).
    actor1, actor2 : str or None
        Who acted and who was acted on, as written.
    fatalities : int or None
        Deaths reported for this event; ``None`` when no number is given.
    fatalities_text : str or None
        The words giving the toll (kept also when vague: "dozens").
    """

    start: int
    end: int
    text: str
    type: EventType
    sub_type: SubEventType
    date: dt.date | None = None
    date_text: str | None = None
    time_precision: TimePrecision | None = None
    place: str | None = None
    estimate: Estimate | None = None
    anchor: str | None = None
    actor1: str | None = None
    actor2: str | None = None
    fatalities: int | None = None
    fatalities_text: str | None = None
    confidence: float = 0.0

    @property
    def actors(self) -> tuple[str, ...]:
        """``actor1`` then ``actor2``, those that are known."""
        return tuple(a for a in (self.actor1, self.actor2) if a)

    def to_dict(self) -> dict[str, Any]:
        """This event in the JSON contract (README, "JSON output")."""
        return {
            "start": self.start,
            "end": self.end,
            "text": self.text,
            "type": self.type.value,
            "sub_type": self.sub_type.value,
            "date": self.date.isoformat() if self.date else None,
            "date_text": self.date_text,
            "time_precision": int(self.time_precision) if self.time_precision else None,
            "place": self.place,
            "estimate": self.estimate.to_dict() if self.estimate else None,
            "anchor": self.anchor,
            "actors": list(self.actors),
            "actor1": self.actor1,
            "actor2": self.actor2,
            "fatalities": self.fatalities,
            "fatalities_text": self.fatalities_text,
            "confidence": round(self.confidence, 3),
        }
