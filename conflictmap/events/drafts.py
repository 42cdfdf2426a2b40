"""Clauses with trigger words, and which of them report one incident together.

A :class:`Draft` is a clause with asserted triggers, its sub-event type and actors
read. :func:`drafts` folds a clause into the draft before it in the same sentence when
it only goes on with it: it reports deaths only ("; at least three soldiers were
killed"), or the same kind of incident at no new place ("and clashes lasting into
Monday killed 12"), or what the police did to the protest before it ("; police fired
tear gas to disperse them"). A sentence that only reports deaths, at no place of its
own, is folded into the earlier draft it names ("At least 12 people were killed at the
National Penitentiary").

Examples
--------
>>> from conflictmap.events.dates import find_dates
>>> from conflictmap.events.places import Where
>>> from conflictmap.events.when import When
>>> t = "Protesters marched in Abuja; police fired tear gas to disperse them."
>>> where = Where(text=t, mentions=(), places={}, statements=())
>>> [(d.sub_type.value, t[d.start:d.end]) for d in drafts(where, When(text=t, phrases=[], anchor=None), 0)]
[('Protest with intervention', 'Protesters marched in Abuja; police fired tear gas to disperse them.')]
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from typing import NamedTuple

from conflictmap.events.actors import actors
from conflictmap.events.base import EventType, SubEventType, type_of
from conflictmap.events.classify import classify, main_hit
from conflictmap.events.clauses import Span, clauses, relative_clauses, sentences
from conflictmap.events.lexicon import Family, Hit, Lexicon, Piece, lexicon, new_hit
from conflictmap.events.places import Where, candidates
from conflictmap.events.presence import may_find, search_from
from conflictmap.events.when import When
from conflictmap.model.direct import direct
from conflictmap.text.patterns import lazy

__all__ = ["Draft", "drafts"]

#: a clause's own place comes before "residents who fled to El Fasher said"
_ASIDE = lazy(r"\b(?:who|which|said|says|told|according)\b", re.IGNORECASE)
#: "Al-Shabaab said it carried out the attack": the incident told before, claimed
_ANAPHOR = lazy(
    r"\b(?:the|this|that)\s+(?:attacks?|bombings?|strikes?|assault|ambush|raid|blasts?|"
    r"explosions?|killings?)\b",
    re.IGNORECASE,
)
_CLAIM = lazy(
    r"^(?P<who>[^,;]+?)\s+(?:said|says|claimed)\s+(?:it|they|that\s+it|that\s+they)\s+"
    r"(?:had\s+)?(?:carried\s+out|was\s+behind|were\s+behind|staged|conducted|claimed)",
    re.IGNORECASE,
)
#: a trigger that names who acts ("kidnappers", "looters", "attackers")
_AGENT = lazy(r"(?:ers|ors)$", re.IGNORECASE)
_NOUN = lazy(r"(?:ers|ors|ion|ions|test|tests)$", re.IGNORECASE)
_CAPITALS = lazy(r"(?<!^)(?<![.!?]\s)\b[A-Z][\w'-]+(?:\s+[A-Z][\w'-]+)*")
_PROTESTS = (EventType.PROTESTS, EventType.RIOTS)


@dataclass(frozen=True, slots=True, kw_only=True)
class Draft:
    """One clause (or clauses folded together) reporting one incident."""

    start: int
    end: int
    hits: tuple[Hit, ...]
    sentence: Span
    sub_type: SubEventType
    typed: bool
    actor1: str | None
    actor2: str | None
    #: the clause names a place of its own
    placed: bool
    #: the trigger that speaks for the sub-event type
    trigger: Hit
    #: later spans that report this incident's deaths
    toll_from: tuple[Span, ...] = ()
    #: who claims the incident told before, when the clause only refers back to it
    #: (``""``: claimed by no one named; ``None``: it does not refer back)
    claim: str | None = None


#: a :class:`Draft` from every field, in order (no keyword parsing: one per clause)
_DRAFT = direct(Draft)


def _holes(when: When, start: int, end: int, trigger: int) -> list[Span]:
    text = when.text
    relatives = [r for r in relative_clauses(text, start, end) if not r[0] <= trigger < r[1]]
    return relatives + [(p.start, p.end) for p in when.within(start, end)]


def _actors(when: When, span: Span, hit: Hit) -> tuple[str | None, str | None]:
    start, end = span
    holes = _holes(when, start, end, hit.start)
    if (hit.family is Family.PROTEST and _NOUN.search(hit.text)) or _AGENT.search(hit.text):
        # "hundreds of protesters marched", "Kidnappers seized": the noun is the actor
        first, _ = actors(when.text, start, hit.end, hit.end, hit.end, holes)
        return first, None
    return actors(when.text, start, end, hit.start, hit.end, holes)


class _Read(NamedTuple):
    """What a clause's words say (its actors and sub-event type), wherever it is."""

    actor1: str | None
    actor2: str | None
    sub_type: SubEventType
    typed: bool
    #: the index in the hits of the one that speaks for the sub-event type
    main: int
    claim: str | None


#: per article, the reading of each clause by what it is read from (:func:`_key`)
Readings = dict[tuple[object, ...], _Read]


def _key(when: When, span: Span, sentence: Span, hits: list[Hit]) -> tuple[object, ...]:
    """Everything :func:`_read` reads, relative to the sentence: the character before
    it, its words and those after it (the context), the clause, the hits and the date
    words in the clause.

    Two clauses with the same key are read alike (an article that repeats a sentence
    reads it once, issue 20).
    """
    s0 = sentence[0]
    context = when.text[s0 : min(len(when.text), sentence[1] + 200)]
    # lists made into tuples, not generators: one key per clause (issue 20)
    marks = tuple([(h.start - s0, h.end - s0, h.family) for h in hits])
    within = when.within(*span)
    dates = tuple([(p.start - s0, p.end - s0) for p in within]) if within else ()
    before = when.text[max(0, s0 - 1) : s0]  # a word boundary at the sentence's start
    return before, context, span[0] - s0, span[1] - s0, marks, dates


def _read(lex: Lexicon, when: When, span: Span, sentence: Span, hits: list[Hit]) -> _Read:
    text = when.text
    context = Piece(text, sentence[0], min(len(text), sentence[1] + 200), indexed=True)
    clause = Piece(text, span[0], span[1], indexed=True)
    actor1, actor2 = _actors(when, span, hits[0])
    sub_type, typed = classify(clause, hits, actor1, lex, context, span[0])
    main = main_hit(sub_type, hits)
    if main is not hits[0]:
        actor1, actor2 = _actors(when, span, main)
        sub_type, typed = classify(clause, hits, actor1, lex, context, span[0])
        main = main_hit(sub_type, hits)
    index = next(i for i, hit in enumerate(hits) if hit is main)
    return _Read(actor1, actor2, sub_type, typed, index, _claimed_by(text, span, hits))


def _classified(
    where: Where,
    when: When,
    lex: Lexicon,
    span: Span,
    sentence: Span,
    hits: list[Hit],
    readings: Readings,
) -> Draft:
    key = _key(when, span, sentence, hits)
    read = readings.get(key)
    if read is None:
        read = readings[key] = _read(lex, when, span, sentence, hits)
    return _DRAFT(
        span[0],
        span[1],
        tuple(hits),
        sentence,
        read.sub_type,
        read.typed,
        read.actor1,
        read.actor2,
        _placed(where, span),
        hits[read.main],
        (),
        read.claim,
    )


def _placed(where: Where, span: Span) -> bool:
    """The clause names a place of its own (not in an aside: "residents who fled to X")."""
    aside = search_from(_ASIDE, where.text, *span)
    return bool(candidates(where, span[0], aside.start() if aside else span[1]))


def _claimed_by(text: str, span: Span, hits: list[Hit]) -> str | None:
    """Who claims the incident told before, when the clause only refers back to it."""
    if not may_find(_ANAPHOR, text, *span):
        return None
    spans = [m.span() for m in _ANAPHOR.finditer(text, *span)]
    if not spans or not all(any(a <= h.start < b for a, b in spans) for h in hits):
        return None
    claim = _CLAIM.match(text[span[0] : span[1]])
    return claim.group("who").strip() if claim else ""


def _folds(previous: Draft, draft: Draft) -> bool:
    """``draft`` only goes on with ``previous`` in the same sentence."""
    if previous.sentence != draft.sentence or draft.placed:
        return False
    if {h.family for h in draft.hits} <= {Family.KILL}:
        return True
    if type_of(previous.sub_type) in _PROTESTS and Family.PROTEST not in {
        h.family for h in draft.hits
    }:
        return True
    if previous.sub_type is SubEventType.ATTACK and draft.sub_type is SubEventType.LOOTING:
        return True  # killings with arson are one attack
    return draft.sub_type is previous.sub_type


def _merge(
    where: Where, when: When, lex: Lexicon, previous: Draft, draft: Draft, readings: Readings
) -> Draft:
    span = (previous.start, draft.end)
    hits = list(previous.hits + draft.hits)
    merged = _classified(where, when, lex, span, previous.sentence, hits, readings)
    return replace(
        merged,
        actor1=previous.actor1 or draft.actor1,
        actor2=previous.actor2 or draft.actor2,
        placed=previous.placed,
        trigger=previous.trigger,
    )


def _police_after(where: Where, lex: Lexicon, previous: Draft, span: Span, sentence: Span) -> bool:
    """The clause says how force met the protest before it ("; police fired tear gas")."""
    if previous.sentence != sentence or type_of(previous.sub_type) not in _PROTESTS:
        return False
    clause = where.text[span[0] : span[1]]
    return bool(lex.has("intervention", clause) or lex.has("lethal", clause))


def _reread(
    where: Where, when: When, lex: Lexicon, draft: Draft, end: int, readings: Readings
) -> Draft:
    span = (draft.start, end)
    merged = _classified(where, when, lex, span, draft.sentence, list(draft.hits), readings)
    return replace(
        merged, actor1=draft.actor1, actor2=draft.actor2, placed=draft.placed, trigger=draft.trigger
    )


def _named_earlier(where: Where, when: When, found: list[Draft], draft: Draft) -> int | None:
    """The earlier draft a deaths-only sentence refers to by a capitalised name."""
    if draft.placed or {h.family for h in draft.hits} - {Family.KILL} or not found:
        return None
    if draft.actor1 is not None or when.within(draft.start, draft.end):
        return None  # "On Saturday, gunmen shot dead ...": an incident of its own
    if found[-1].sentence == draft.sentence:
        return None
    names = {m.group(0) for m in _CAPITALS.finditer(where.text, draft.start, draft.end)}
    for index in range(len(found) - 1, -1, -1):
        if any(name in where.text[found[index].start : found[index].end] for name in names):
            return index
    return len(found) - 1


#: how far back of a sentence the clause and trigger patterns look (their look-behinds:
#: "(?<!\\bstabbed,)" is 9 characters), checked by tests/test_events_memo.py
REACH = 16

#: per article, a sentence's clauses and their triggers, relative to the sentence, by
#: the words they are read from and where trigger words may start (:func:`_plan`)
Plans = dict[tuple[object, ...], list[tuple[Span, list[tuple[int, int, str, Family]]]]]


def _plan(lex: Lexicon, text: str, sentence: Span, plans: Plans) -> list[tuple[Span, list[Hit]]]:
    """The clauses of ``sentence`` and the triggers of each, as
    :func:`~conflictmap.events.clauses.clauses` and :meth:`Lexicon.triggers` find them;
    read once per article for each sentence written alike (issue 20)."""
    s0, s1 = sentence
    low = max(0, s0 - REACH)
    key = (text[low:s1], s0 - low, lex.marks(text, s0, s1))
    known = plans.get(key)
    if known is None:
        found = [(span, lex.triggers(text, *span)) for span in clauses(text, s0, s1, lex.verbs)]
        plans[key] = [
            ((a - s0, b - s0), [(h.start - s0, h.end - s0, h.text, h.family) for h in hits])
            for (a, b), hits in found
        ]
        return found
    return [
        (
            (a + s0, b + s0),
            [new_hit(h0 + s0, h1 + s0, word, family) for h0, h1, word, family in hits],
        )
        for (a, b), hits in known
    ]


def drafts(where: Where, when: When, body: int, lex: Lexicon | None = None) -> list[Draft]:
    """The drafts of ``where.text`` from ``body`` on (after a dateline), in text order."""
    lex = lex or lexicon(when.tuning)
    found: list[Draft] = []
    readings: Readings = {}
    plans: Plans = {}
    for a, b in sentences(where.text[body:]):
        sentence = (a + body, b + body)
        if not lex.may_trigger(where.text, sentence[0], sentence[1]):
            continue  # no trigger in any clause: the sentence adds and changes nothing
        for span, hits in _plan(lex, where.text, sentence, plans):
            if not hits:
                if found and _police_after(where, lex, found[-1], span, sentence):
                    found[-1] = _reread(where, when, lex, found[-1], span[1], readings)
                continue
            draft = _classified(where, when, lex, span, sentence, hits, readings)
            claimer = draft.claim if found else None
            if claimer is not None:
                found[-1] = replace(found[-1], actor1=claimer or found[-1].actor1)
                continue
            earlier = _named_earlier(where, when, found, draft)
            if earlier is not None:
                spans = (*found[earlier].toll_from, (draft.start, draft.end))
                found[earlier] = replace(found[earlier], toll_from=spans)
            elif found and _folds(found[-1], draft):
                found[-1] = _merge(where, when, lex, found[-1], draft, readings)
            else:
                found.append(draft)
    return found
