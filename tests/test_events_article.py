"""Event extraction end to end: an article of our own (always runs) and the Mali article.

The Mali checks are issue 16's done-when: the attack on Diabaly (Battles, dated Monday
14 January 2013 when the article is dated 2013-01-14, actor Islamists), the French
strikes on Gao and on sites along the Mauritanian border (Explosions/Remote violence,
Sunday), Diabaly's fall (Battles, non-state actor overtakes territory).
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from conflictmap.events import Event, EventType, SubEventType
from conflictmap.pipeline import geoparse
from conflictmap.store.gazetteer import Gazetteer

from .conftest import MALI, needs_shared

#: Our own prose about real places (test material, not a record of what happened).
OWN = (
    "BAMAKO, March 4 — Islamist fighters attacked an army post in Douentza on Sunday, "
    "killing at least four soldiers, military officials said. French jets struck militant "
    "positions near Ménaka overnight, one officer said. By the afternoon the town of "
    "Douentza was in rebel hands after hours of fighting with Malian troops. In Timbuktu, "
    "hundreds of protesters marched peacefully on Saturday against the blockade. Officials "
    "said they would reopen the road to Gao next week."
)
DOUENTZA, MENAKA, TIMBUKTU = "geonames:2458334", "geonames:2453514", "geonames:2449067"


def _one(events: tuple[Event, ...], sub_type: SubEventType, place: str | None) -> Event:
    found = [e for e in events if e.sub_type is sub_type and e.place == place]
    assert found, [(e.sub_type.value, e.place, e.text) for e in events]
    return found[0]


@pytest.fixture
def own(tiny_gazetteer: Gazetteer) -> tuple[Event, ...]:
    return geoparse(OWN, gazetteer=tiny_gazetteer, date=dt.date(2024, 3, 4)).events


def test_own_article_attack_on_the_army_post(own: tuple[Event, ...]) -> None:
    attack = _one(own, SubEventType.ARMED_CLASH, DOUENTZA)
    assert attack.type is EventType.BATTLES
    assert (attack.date, attack.date_text) == (dt.date(2024, 3, 3), "on Sunday")
    assert attack.actor1 == "Islamist fighters"
    assert attack.fatalities == 4
    assert OWN[attack.start : attack.end] == attack.text


def test_own_article_overnight_air_strike(own: tuple[Event, ...]) -> None:
    strike = _one(own, SubEventType.AIR_DRONE_STRIKE, MENAKA)
    assert strike.type is EventType.EXPLOSIONS
    assert strike.date == dt.date(2024, 3, 3)  # overnight: the evening before the article
    assert strike.actor1 == "French jets"
    assert strike.fatalities is None


def test_own_article_takeover_and_protest(own: tuple[Event, ...]) -> None:
    fall = _one(own, SubEventType.NON_STATE_ACTOR_OVERTAKES_TERRITORY, DOUENTZA)
    assert fall.date == dt.date(2024, 3, 3) and fall.actor1 == "rebel"
    march = _one(own, SubEventType.PEACEFUL_PROTEST, TIMBUKTU)
    assert march.date == dt.date(2024, 3, 2) and march.actor1 == "protesters"


def test_own_article_plans_are_not_events(own: tuple[Event, ...]) -> None:
    assert not [e for e in own if "reopen" in e.text]
    assert len(own) == 4


def test_result_carries_events_in_the_contract(tiny_gazetteer: Gazetteer) -> None:
    result = geoparse(OWN, gazetteer=tiny_gazetteer, date="2024-03-04")
    data = json.loads(json.dumps(result.to_dict()))
    assert list(data) == ["id", "mentions", "places", "statements", "events", "unresolved"]
    first = data["events"][0]
    assert first["type"] == "Battles" and first["date"] == "2024-03-03"
    assert first["place"] == DOUENTZA and first["time_precision"] == 1
    assert first["actors"] == ["Islamist fighters", first["actor2"]]
    assert geoparse(OWN, gazetteer=tiny_gazetteer, events=False).events == ()


@pytest.fixture(scope="module")
def mali(base_home: Path) -> tuple[Event, ...]:
    gazetteer = Gazetteer(base_home, progress=False)
    text = MALI.read_text(encoding="utf-8")
    return geoparse(text, gazetteer=gazetteer, date=dt.date(2013, 1, 14)).events


@needs_shared
@pytest.mark.shared
class TestMali:
    """Issue 16's done-when on ../shared/data/articles/mali-2013-01-14.txt."""

    @staticmethod
    def _at(events: tuple[Event, ...], place: str) -> list[Event]:
        return [e for e in events if e.place == place]

    def test_attack_on_diabaly(self, mali: tuple[Event, ...]) -> None:
        battles = [
            e
            for e in self._at(mali, "geonames:2458187")
            if e.type is EventType.BATTLES and e.date == dt.date(2013, 1, 14)
        ]
        assert any(e.actor1 and "islamist" in e.actor1.lower() for e in battles), battles

    def test_french_strikes_on_gao_and_the_border(self, mali: tuple[Event, ...]) -> None:
        sunday = dt.date(2013, 1, 13)
        for place in ("geonames:2457163", "border:ML-MR"):
            strikes = [
                e
                for e in self._at(mali, place)
                if e.type is EventType.EXPLOSIONS and e.date == sunday
            ]
            assert strikes, (place, [(e.sub_type.value, e.place, e.date, e.text) for e in mali])

    def test_fall_of_diabaly(self, mali: tuple[Event, ...]) -> None:
        subs = {e.sub_type for e in self._at(mali, "geonames:2458187")}
        assert SubEventType.NON_STATE_ACTOR_OVERTAKES_TERRITORY in subs
