"""The events stage: every incident an article reports, as :class:`~conflictmap.events.Event`.

For each draft (a clause with an asserted trigger word, :mod:`~conflictmap.events.drafts`),
one event: its date (:mod:`~conflictmap.events.when`), place
(:mod:`~conflictmap.events.places`) and death toll (:mod:`~conflictmap.events.fatalities`).
A clause with no place of its own takes the place of the clause it hangs on (",
where ..."), the settlement "the town" refers back to, or the place of the event
before; a dateline's place is the last resort, and an agreement with no settlement of
its own happened at the dateline. Places joined by "and" ("around Lashio and
Kyaukme") give one event each.

Examples
--------
>>> import datetime as dt
>>> events = find_events("On Sunday, gunmen attacked a market, killing at least 11 traders.",
...                      article_date=dt.date(2022, 6, 13))
>>> [(e.type.value, e.sub_type.value, str(e.date), e.actor1, e.fatalities) for e in events]
[('Violence against civilians', 'Attack', '2022-06-12', 'gunmen', 11)]
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping, Sequence

from conflictmap.events.base import Event, SubEventType, type_of
from conflictmap.events.dates import article_date as own_date
from conflictmap.events.drafts import Draft, drafts
from conflictmap.events.fatalities import Toll, toll
from conflictmap.events.lexicon import Family
from conflictmap.events.places import (
    Located,
    Where,
    also_places,
    candidates,
    choose_place,
    settlement_before,
)
from conflictmap.events.when import Dated, When
from conflictmap.model import Mention, Place, Statement
from conflictmap.model.direct import direct
from conflictmap.recognize.pause import collection_paused
from conflictmap.text.patterns import lazy
from conflictmap.tuning.events import DEFAULT, EventsTuning

__all__ = ["find_events"]

_DATELINE = lazy(
    r"^\s*(?:[A-Z][A-Z'’.-]+(?:\s+[A-Z][A-Z'’.-]+)*)(?:,\s+[A-Z][\w'’. -]{1,30}?)*"
    r"(?:,?\s+[A-Z][a-z]{2,8}\.?\s+\d{1,2}(?:,\s+\d{4})?)?\s*(?:—|–|--|-|:)\s+"
)
_WHERE = lazy(r"(?:,\s*|\s)where\s*$", re.IGNORECASE)
_THE_TOWN = lazy(r"\b(?:the|its)\s+(?:town|city|village|camp|area|locality)\b", re.I)
#: an :class:`Event` from every field, in order, without keyword parsing (one per event)
_EVENT = direct(Event)


def _dateline(text: str) -> int:
    """Where the body starts after a dateline ("BAMAKO, Jan 14 — "), else 0."""
    match = _DATELINE.match(text[:120])
    return match.end() if match is not None else 0


def _capture(draft: Draft) -> int | None:
    """Where the last capture word is (its claim dates the takeover), else ``None``."""
    if draft.trigger.family is not Family.TAKEOVER:
        return None
    return max(h.start for h in draft.hits if h.family is Family.TAKEOVER)


def _found(located: Located) -> bool:
    return located.place is not None or located.estimate is not None


def _fallback(where: Where, draft: Draft, previous: Located | None) -> Located | None:
    """A place for a clause that names none: "where", "the town", the event before."""
    text = where.text
    if _WHERE.search(text[draft.sentence[0] : draft.start]):
        before = candidates(where, draft.sentence[0], draft.start)
        if before:
            return Located(place=before[-1][0].place, position=before[-1][0].start)
    if _THE_TOWN.search(text, draft.start, draft.end):
        town = settlement_before(where, draft.start)
        if town is not None:
            return town
    if previous is not None and _found(previous):
        return previous
    around = choose_place(where, draft.sentence[0], draft.sentence[1], trigger=draft.trigger.start)
    return around if _found(around) else None


def _located(where: Where, draft: Draft, previous: Located | None, dateline: str | None) -> Located:
    found = choose_place(where, draft.start, draft.end, trigger=draft.trigger.start)
    settled = found.place is not None and where.places[found.place].kind.is_settlement
    if draft.sub_type is SubEventType.AGREEMENT and dateline is not None and not settled:
        return Located(place=dateline)  # signed where the report is filed
    if _found(found):
        return found
    return _fallback(where, draft, previous) or Located(place=dateline)


def _toll(where: Where, draft: Draft, following: int) -> Toll:
    """The deaths of the draft's span, else of the rest of its sentence or a later one."""
    text = where.text
    own = toll(text[draft.start : draft.end])
    if own.fatalities is not None:
        return own
    tail_end = min(draft.sentence[1], following)
    for a, b in [(draft.end, tail_end), *draft.toll_from]:
        more = toll(text[a:b])
        if more.fatalities is not None:
            return more
    return own


def _confidence(draft: Draft, located: Located, dated: Dated, tuning: EventsTuning) -> float:
    score = tuning.confidence_base
    score += tuning.confidence_place if _found(located) else 0.0
    score += tuning.confidence_date if dated.own else 0.0
    score += tuning.confidence_typed if draft.typed else 0.0
    return min(score, 0.95)


def _event(
    where: Where, draft: Draft, located: Located, dated: Dated, died: Toll, tuning: EventsTuning
) -> Event:
    return _EVENT(
        draft.start,
        draft.end,
        where.text[draft.start : draft.end],
        type_of(draft.sub_type),
        draft.sub_type,
        dated.date,
        dated.text,
        dated.precision,
        located.place,
        located.estimate,
        located.anchor,
        draft.actor1,
        draft.actor2,
        died.fatalities,
        died.text,
        _confidence(draft, located, dated, tuning),
    )


def find_events(
    text: str,
    *,
    mentions: Sequence[Mention] = (),
    places: Mapping[str, Place] | Sequence[Place] = (),
    statements: Sequence[Statement] = (),
    article_date: dt.date | None = None,
    tuning: EventsTuning = DEFAULT,
) -> tuple[Event, ...]:
    """The events ``text`` reports, in text order.

    Parameters
    ----------
    text : str
        The article.
    mentions, places, statements
        What spotting, resolution and the statements stage found in it.
    article_date : datetime.date, optional
        The article's date; when absent, a date line near its top ("January 14,
        2013") is used, and failing that relative dates ("on Monday") stay ``None``.
    tuning : EventsTuning
        The lexicons and numbers (:mod:`conflictmap.tuning.events`).
    """
    # tens of thousands of drafts, hits and events on a long article, no reference cycle:
    # the collector walked them (and every object of the process) again and again (issue 20)
    with collection_paused():
        return _find_events(text, mentions, places, statements, article_date, tuning)


def _find_events(
    text: str,
    mentions: Sequence[Mention],
    places: Mapping[str, Place] | Sequence[Place],
    statements: Sequence[Statement],
    article_date: dt.date | None,
    tuning: EventsTuning,
) -> tuple[Event, ...]:
    lookup = places if isinstance(places, Mapping) else {p.id: p for p in places}
    where = Where(text=text, mentions=tuple(mentions), places=lookup, statements=tuple(statements))
    body = _dateline(text)
    # the dates and the article's own date are looked for only once an incident is found
    unanchored = When(text=text, phrases=None, anchor=None, tuning=tuning)
    found = drafts(where, unanchored, body)
    if not found:
        return ()
    anchor = article_date if article_date is not None else own_date(text)
    when = unanchored.anchored(anchor)
    heads = candidates(where, 0, body) if body else ()
    dateline = heads[0][0].place if heads else None
    events: list[Event] = []
    located: Located | None = None
    dated: Dated | None = None
    for index, draft in enumerate(found):
        this = when.date_of(
            draft.start, draft.end, trigger=draft.trigger.start, sentence=draft.sentence,
            previous=dated, claim=_capture(draft),
        )  # fmt: skip
        if when.background(draft.start, draft.end, this):
            continue
        located, dated = _located(where, draft, located, dateline), this
        following = found[index + 1].start if index + 1 < len(found) else len(text)
        died = _toll(where, draft, following)
        for spot in (located, *also_places(where, draft.start, draft.end, located)):
            events.append(_event(where, draft, spot, dated, died, tuning))
    return tuple(events)
