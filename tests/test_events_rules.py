"""The events stage's rules, one family at a time (dates, triggers and types, actors,
fatalities, places, clauses and folding), each on short sentences of our own."""

from __future__ import annotations

import datetime as dt

import pytest

from conflictmap.events import EventType, SubEventType, TimePrecision, find_events
from conflictmap.events.actors import actors, clean_actor
from conflictmap.events.classify import classify
from conflictmap.events.clauses import clauses, sentences
from conflictmap.events.dates import Rule, article_date, find_dates, resolve
from conflictmap.events.fatalities import toll
from conflictmap.events.lexicon import lexicon
from conflictmap.model import Estimate, Mention, Place, Stated, Statement
from conflictmap.model.kinds import StatementKind
from conflictmap.tuning.events import EventsTuning, EventWords

MONDAY = dt.date(2013, 1, 14)
S = SubEventType


def _date(words: str, anchor: dt.date = MONDAY, previous: dt.date | None = None) -> object:
    phrases = find_dates(words)
    assert phrases, words
    found = resolve(phrases[0], anchor, previous)
    return None if found is None else (found[0].isoformat(), int(found[1]))


@pytest.mark.parametrize(
    ("words", "expected"),
    [
        ("On 22 February 2024", ("2024-02-22", 1)),
        ("on February 22, 2024", ("2024-02-22", 1)),
        ("on December 30", ("2012-12-30", 1)),  # a January article's December is last year
        ("on Monday", ("2013-01-14", 1)),  # a Monday article's Monday is the article date
        ("early on Sunday", ("2013-01-13", 1)),
        ("on Saturday night", ("2013-01-12", 1)),
        ("Friday's bombing", ("2013-01-11", 1)),
        ("last Monday", ("2013-01-07", 1)),
        ("today", ("2013-01-14", 1)),
        ("at 11:00", ("2013-01-14", 1)),
        ("this morning", ("2013-01-14", 1)),
        ("yesterday", ("2013-01-13", 1)),
        ("overnight", ("2013-01-13", 1)),
        ("last night", ("2013-01-13", 1)),
        ("last week", ("2013-01-10", 2)),  # 7-13 January, coded on its Thursday
        ("over the weekend", ("2013-01-12", 2)),
        ("on Saturday and Sunday", ("2013-01-12", 2)),
        ("Between 1 and 7 April 2024", ("2024-04-04", 2)),
        ("earlier this month", ("2013-01-07", 3)),
        ("in March 2012", ("2012-03-15", 3)),
        ("on Christmas Eve", ("2012-12-24", 1)),
        ("two days ago", ("2013-01-12", 1)),
        ("on Thursday last week", ("2013-01-10", 1)),
        ("this week", ("2013-01-14", 2)),  # Monday to Monday: the article's week so far
        ("last month", ("2012-12-15", 3)),
    ],
)
def test_date_words_resolve_against_the_article_date(words: str, expected: object) -> None:
    assert _date(words) == expected


def test_dates_that_refer_back_use_the_event_before() -> None:
    friday = dt.date(2013, 1, 11)
    assert _date("the same day", previous=friday) == ("2013-01-11", 1)
    assert _date("the next day", previous=friday) == ("2013-01-12", 1)
    assert _date("the next day", previous=None) is None
    assert _date("the previous day", previous=friday) == ("2013-01-10", 1)
    assert _date("three days earlier", previous=friday) == ("2013-01-08", 1)
    assert _date("earlier in the day", previous=friday) == ("2013-01-11", 1)


def test_relative_dates_need_an_article_date() -> None:
    assert resolve(find_dates("on Monday")[0], None) is None
    assert article_date("Reported on 14 January 2013 — Islamists attacked") == MONDAY
    assert article_date("GAO, Jan 14 — rebels") is None  # no year


def test_a_clock_time_yields_to_the_day_named() -> None:
    text = "Russian troops shelled Vovchansk after 20:00 on Sunday."
    assert [p.rule for p in find_dates(text)] == [Rule.CLOCK, Rule.WEEKDAY]
    event = find_events(text, article_date=dt.date(2024, 5, 13))[0]
    assert (event.date, event.date_text) == (dt.date(2024, 5, 12), "on Sunday")


def test_report_dates_and_relative_clauses_do_not_date_the_event() -> None:
    text = "Gunmen stormed a school in Kankara late on Friday, officials said on Monday."
    event = find_events(text, article_date=dt.date(2020, 12, 14))[0]
    assert event.date == dt.date(2020, 12, 11)
    text = "Jets from France, which arrived on Friday, hit rebel camps on Sunday."
    assert find_events(text, article_date=MONDAY)[0].date == dt.date(2013, 1, 13)


def test_a_capture_is_dated_by_its_claim() -> None:
    text = "Rebels entered the town overnight and said on Monday they had taken the city."
    event = find_events(text, article_date=MONDAY)[0]
    assert event.sub_type is S.NON_STATE_ACTOR_OVERTAKES_TERRITORY
    assert event.date == MONDAY


def test_background_years_are_not_events() -> None:
    assert (
        find_events("Konna, which the rebels overran in 2012, is calm.", article_date=MONDAY) == ()
    )


def _kind(text: str, actor: str | None = None) -> SubEventType:
    lex = lexicon()
    return classify(text, lex.triggers(text), actor, lex)[0]


@pytest.mark.parametrize(
    ("text", "actor", "expected"),
    [
        ("Gunmen attacked a gendarmerie post in Makalondi", "Gunmen", S.ARMED_CLASH),
        ("militants attacked a farming village near Beni", "militants", S.ATTACK),
        ("Israeli settlers attacked soldiers in Huwara", "Israeli settlers", S.ATTACK),
        ("Bandits ambushed a convoy of vigilantes", "Bandits", S.ARMED_CLASH),
        ("Military jets bombed a village", "Military jets", S.AIR_DRONE_STRIKE),
        ("RSF fighters shelled Abu Shouk camp", "RSF fighters", S.SHELLING),
        ("Ukrainian forces fired rockets at Belgorod", "Ukrainian forces", S.SHELLING),
        ("an army vehicle hit an explosive device", None, S.REMOTE_EXPLOSIVE),
        ("separatists hurled a grenade into a bar", "separatists", S.GRENADE),
        ("a suicide bomber blew herself up near a mosque", None, S.SUICIDE_BOMB),
        ("France hit northern strongholds", "France", S.AIR_DRONE_STRIKE),
        ("Fighter jets attacked targets near Gao", "Fighter jets", S.AIR_DRONE_STRIKE),
        ("JNIM militants abducted four civilians", "JNIM militants", S.ABDUCTION),
        ("soldiers raped women in a camp", "soldiers", S.SEXUAL_VIOLENCE),
        ("hundreds of people marched peacefully", None, S.PEACEFUL_PROTEST),
        ("police fired tear gas at protesters", "police", S.PROTEST_WITH_INTERVENTION),
        ("police shot dead 38 protesters", "police", S.EXCESSIVE_FORCE),
        ("protesters threw stones at police", "protesters", S.VIOLENT_DEMONSTRATION),
        ("a crowd beat to death a man", "crowd", S.MOB_VIOLENCE),
        ("the rebels overran Konna", "rebels", S.NON_STATE_ACTOR_OVERTAKES_TERRITORY),
        (
            "Russian forces took full control of Avdiivka",
            "Russian forces",
            S.NON_STATE_ACTOR_OVERTAKES_TERRITORY,
        ),
        ("SNA troops recaptured Adale", "SNA troops", S.GOVERNMENT_REGAINS_TERRITORY),
        ("M23 entered Bukavu without meeting resistance", "M23", S.NON_VIOLENT_TRANSFER),
        ("troops handed over their base in Mueda", "troops", S.NON_VIOLENT_TRANSFER),
        ("Israel and Hamas agreed a ceasefire in Doha", "Israel", S.AGREEMENT),
        ("police arrested a gang leader", "police", S.ARRESTS),
        ("the army set up a new forward operating base", "army", S.HEADQUARTERS_ESTABLISHED),
        ("AUSSOM replaced ATMIS", "AUSSOM", S.CHANGE_TO_GROUP),
        ("gangs looted aid trucks", "gangs", S.LOOTING),
        ("gunmen raided villages, killing 20 civilians and burning granaries", "gunmen", S.ATTACK),
    ],
)
def test_sub_event_types(text: str, actor: str | None, expected: SubEventType) -> None:
    assert _kind(text, actor) is expected


@pytest.mark.parametrize(
    "text",
    [
        "Islamists vowed to strike at the heart of France.",
        "The rebels could step up attacks on the roads.",
        "Unions threatened to call a nationwide strike next week.",
        "The M23 denied firing the shells.",
        "No agreement had yet been signed.",
        "Officials warned of the risk of renewed shelling.",
        "Aid agencies said drought had displaced 50,000 people.",
        "Officials said any aircraft involved wouldn’t conduct airstrikes.",
    ],
)
def test_threats_plans_denials_and_news_are_not_events(text: str) -> None:
    assert find_events(text, article_date=MONDAY) == ()


def test_a_weak_strike_verb_needs_a_weapon() -> None:
    assert find_events("The army has barely a shot fired.", article_date=MONDAY) == ()
    assert (
        find_events("Militants fired rockets at Gao.", article_date=MONDAY)[0].sub_type
        is S.SHELLING
    )


@pytest.mark.parametrize(
    ("words", "expected"),
    [
        ("killing at least five", 5),
        ("killing more than 200 people", 200),
        ("killing about 100 people", 100),
        ("killing a woman and her two children", 3),
        ("killing four civilians, including two children", 4),
        ("killing herself and four worshippers", 5),
        ("killing two gendarmes; one assailant was also killed", 3),
        ("killing 12 troops and dozens of Houthis", 12),
        ("the death toll has risen to 35", 35),
        ("At least 12 people were killed", 12),
        ("the army reported five soldiers killed", 5),
        ("No casualties were reported", 0),
        ("nobody was killed", 0),
        ("killing dozens of people", None),
        ("wounding three people", None),
        ("abducted more than 300 boys", None),
    ],
)
def test_fatalities(words: str, expected: int | None) -> None:
    assert toll(words).fatalities == expected


def test_a_vague_toll_keeps_its_words() -> None:
    assert toll("killing scores of people, survivors said").text == "scores of people"


def test_actors_as_written() -> None:
    t = "On 22 February 2024, unidentified gunmen shot dead three gendarmes near Siby."
    assert actors(t, 0, len(t), t.index("shot"), t.index("shot") + 9)[0] == "unidentified gunmen"
    t = "Diabaly fell to the Islamists earlier this morning"
    assert actors(t, 0, len(t), t.index("fell"), t.index("fell") + 7)[0] == "Islamists"
    t = "Heavy gunfire was exchanged between the rebels and army units holding out"
    assert actors(t, 0, len(t), 6, 13) == ("rebels", "army units")
    t = "Islamist forces launched a fresh attack in the south"
    assert actors(t, 0, len(t), t.index("attack"), t.index("attack") + 6)[0] == "Islamist forces"
    assert clean_actor("and the Islamists who") == "Islamists"
    assert clean_actor(" ".join(["word"] * 20), EventsTuning(max_actor_words=3)) == "word word word"


def test_a_claim_names_the_earlier_events_actor() -> None:
    text = "Two car bombs exploded in Mogadishu on Saturday. Al-Shabaab said it carried out the attack."
    events = find_events(text, article_date=dt.date(2022, 10, 31))
    assert [(e.sub_type, e.actor1) for e in events] == [(S.REMOTE_EXPLOSIVE, "Al-Shabaab")]


def test_sentences_and_clauses() -> None:
    text = "Jets struck Gao on Jan. 13. Rebels set fire to a school and abducted two teachers."
    assert [text[a:b] for a, b in sentences(text)] == [
        "Jets struck Gao on Jan. 13.",
        "Rebels set fire to a school and abducted two teachers.",
    ]
    spans = clauses(text, 28, len(text), lexicon().verbs)
    assert [text[a:b] for a, b in spans] == [
        "Rebels set fire to a school",
        "abducted two teachers.",
    ]
    spans = clauses("rebels attacked Lashio and Kyaukme", 0, 34, lexicon().verbs)
    assert len(spans) == 1


PLACES = {
    "g": Place(id="g", name="Gaza", lat=31.5, lon=34.47, kind="city"),
    "a": Place(id="a", name="Ashkelon", lat=31.67, lon=34.57, kind="city"),
    "b": Place(id="b", name="Beni", lat=0.49, lon=29.47, kind="city"),
    "r": Place(id="r", name="North Kivu", lat=-0.8, lon=29.0, kind="region"),
}


def _mentions(text: str, *names: tuple[str, str]) -> list[Mention]:
    return [
        Mention(start=text.index(n), end=text.index(n) + len(n), text=n, place=pid)
        for n, pid in names
    ]


def test_the_place_is_where_it_landed_not_where_it_came_from() -> None:
    text = "Rockets fired from Gaza hit a house in Ashkelon on Monday."
    events = find_events(
        text, mentions=_mentions(text, ("Gaza", "g"), ("Ashkelon", "a")), places=PLACES
    )
    assert events[0].place == "a"


def test_a_note_s_parenthesis_gives_units_not_the_place() -> None:
    text = "On 7 June 2024, militants attacked a village near Beni (Beni, North Kivu)."
    mentions = _mentions(text, ("Beni", "b"), ("North Kivu", "r"))
    mentions.insert(
        1,
        Mention(start=text.index("(Beni") + 1, end=text.index("(Beni") + 5, text="Beni", place="b"),
    )
    event = find_events(text, mentions=mentions, places=PLACES)[0]
    assert event.place == "b" and event.date == dt.date(2024, 6, 7)


def test_an_offset_gives_an_estimate() -> None:
    text = "On 7 June 2024, militants attacked a village about 20 km west of Beni."
    offset = Statement(
        start=text.index("about"),
        end=len(text) - 1,
        text="about 20 km west of Beni",
        kind=StatementKind.OFFSET,
        anchor="b",
        stated=Stated(distance_km=20.0, direction="W"),
        estimate=Estimate(lat=0.49, lon=29.29, radius_km=5.0),
    )
    event = find_events(
        text, mentions=_mentions(text, ("Beni", "b")), places=PLACES, statements=[offset]
    )[0]
    assert event.place is None and event.estimate == offset.estimate


def test_places_joined_by_and_give_one_event_each() -> None:
    text = "Rebels attacked army positions around Gaza and Ashkelon on Friday."
    events = find_events(
        text, mentions=_mentions(text, ("Gaza", "g"), ("Ashkelon", "a")), places=PLACES
    )
    assert [e.place for e in events] == ["g", "a"]
    assert events[0].type is EventType.BATTLES


def test_the_town_refers_back_to_the_last_settlement() -> None:
    text = "Jets bombed Gaza on Sunday. By the afternoon the town was in rebel hands."
    events = find_events(
        text, mentions=_mentions(text, ("Gaza", "g")), places=PLACES, article_date=MONDAY
    )
    assert [(e.sub_type, e.place, e.date) for e in events][1] == (
        S.NON_STATE_ACTOR_OVERTAKES_TERRITORY,
        "g",
        dt.date(2013, 1, 13),
    )


def test_police_after_a_protest_fold_into_it() -> None:
    text = "On 1 August 2024, protesters marched in Abuja; police fired tear gas to disperse them."
    events = find_events(text)
    assert [(e.sub_type, e.actor1) for e in events] == [(S.PROTEST_WITH_INTERVENTION, "protesters")]
    assert events[0].time_precision is TimePrecision.DAY


def test_lexicons_are_tuning() -> None:
    words = EventWords(kill="slew")
    tuning = EventsTuning(words=words)
    assert find_events("Raiders slew three herders.", tuning=tuning)[0].fatalities is None
    assert find_events("Raiders slew three herders.", tuning=tuning)[0].sub_type is S.ATTACK
    assert find_events("Raiders slew three herders.") == ()


@pytest.mark.parametrize(
    ("text", "sub_type", "actor1", "fatalities"),
    [
        (
            "Kidnappers seized 20 passengers from a bus on Thursday.",
            S.ABDUCTION,
            "Kidnappers",
            None,
        ),
        (
            "Fighters loyal to the warlord seized control of the port on Monday without a fight.",
            S.NON_VIOLENT_TRANSFER,
            "Fighters loyal to the warlord",
            None,
        ),
        (
            "An air raid on a school killed at least 30 people on Saturday.",
            S.AIR_DRONE_STRIKE,
            None,
            30,
        ),
        ("A drone strike killed a senior commander on Thursday.", S.AIR_DRONE_STRIKE, None, 1),
        (
            "At least 15 people were killed when gunmen opened fire on worshippers.",
            S.ATTACK,
            None,
            15,
        ),
        (
            "Security forces killed six militants in a raid on a hideout.",
            S.ARMED_CLASH,
            "Security forces",
            6,
        ),
        ("Heavy fighting was reported overnight.", S.ARMED_CLASH, None, None),
        ("Jihadists killed 12 villagers in an attack on a market.", S.ATTACK, "Jihadists", 12),
        ("Militants torched 40 homes on Saturday; no one was killed.", S.LOOTING, "Militants", 0),
        ("Unknown gunmen shot and killed a local councillor.", S.ATTACK, "Unknown gunmen", 1),
        (
            "Police shot dead two people during riots on Thursday.",
            S.VIOLENT_DEMONSTRATION,
            "Police",
            2,
        ),
        (
            "Mortar rounds landed on a camp for displaced people, killing a child.",
            S.SHELLING,
            "Mortar rounds",
            1,
        ),
    ],
)
def test_wire_phrasings(
    text: str, sub_type: SubEventType, actor1: str | None, fatalities: int | None
) -> None:
    events = find_events(text, article_date=MONDAY)
    assert [(e.sub_type, e.actor1, e.fatalities) for e in events] == [
        (sub_type, actor1, fatalities)
    ]
