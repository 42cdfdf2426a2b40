"""Rejection rules: why a gazetteer match is not a place here.

:func:`reject_reason` runs the rules in order and returns the first reason that
applies, or ``None`` to keep the match. Rules for any span come first (months,
people, acronyms, comparisons, organisations, titles); a one-word span is then
checked against the word lists (a sentence-initial common word, part of a longer
name, an ordinary English word, a given name, a surname), unless it names a
prominent place or a region follows it ("Paris, Texas").
"""

from __future__ import annotations

import re

from conflictmap.recognize.base import Span, State, is_strong_cue
from conflictmap.recognize.context import (
    JOINERS,
    caps_context,
    coordinated,
    cue_of,
    followed_by_region,
    in_title_run,
    title_run_is_org,
)
from conflictmap.recognize.lexicon import (
    COMMON_WORDS,
    MONTHS_DAYS,
    NOT_PLACE_SUFFIXES,
    ORG_HEADS,
    PERSON_FOLLOWERS,
    TITLES,
)
from conflictmap.recognize.organisations import organisation_reason

__all__ = ["one_word_reason", "reject_reason"]

#: the rank of a word missing from the English list (rarer than any listed)
_NO_RANK = 10**9


def reject_reason(state: State, span: Span) -> str | None:
    """``None`` to keep a gazetteer match, else the reason to drop it."""
    if span.i == span.j:
        return one_word_reason(state, span)
    return (
        _word_reason(state, span)
        or _neighbour_reason(state, span)
        or (organisation_reason(state, span) if state.tuning.organisation_names else None)
    )


def one_word_reason(state: State, span: Span) -> str | None:
    """:func:`reject_reason` of a one-word span: the rules of any span, then the word lists.

    The reader asks it of every one-word name it finds, so the rules for any span that
    a one-word span can meet are read here in their order (:func:`_word_reason`'s
    month, person and short-word rules; acronyms are :func:`_acronym_reason`), and
    what only the word-list rules need (the cue, a following region) is asked only
    when they are reached. A prominent name is kept whatever the word lists say, so
    its prominence is asked only when they would drop it.
    """
    i, key = span.i, span.key
    lowered = state.lowers[i]
    if lowered in MONTHS_DAYS:
        return "month or weekday"
    if key in state.person_keys and not state.prominent(key):
        return "person"
    first = state.tokens[i]
    if first.all_caps:
        reason = _acronym_reason(state, span)
        if reason is not None:
            return reason
    elif len(first.text) <= state.tuning.short_letters:
        return "too short"
    reason = _neighbour_reason(state, span) or (
        organisation_reason(state, span) if state.tuning.organisation_names else None
    )
    if reason is not None:
        return reason
    rank = state.english.get(key)
    if first.all_caps:
        lowered = "\x00"  # "US" is not "us": all-caps words skip the word lists
        rank = None
    reason = _common_word_reason(state, span, lowered, rank)
    if reason is not None:
        return reason
    if followed_by_region(state.text, span):
        return None
    reason = _name_word_reason(state, span, cue_of(state, i) or coordinated(state, span), rank)
    if reason is None or state.prominent(key):
        return None  # the prominence asked last, and only of a word a list holds: a cold
    return reason  # name's places are read (most names are in no word list)


def _word_reason(state: State, span: Span) -> str | None:
    """Months, known people, two-letter words, acronyms."""
    first = state.tokens[span.i]
    single = span.i == span.j
    if single and state.lowers[span.i] in MONTHS_DAYS:
        return "month or weekday"
    if span.key in state.person_keys and not state.prominent(span.key):
        return "person"
    if single and len(first.text) <= state.tuning.short_letters and not first.all_caps:
        return "too short"
    return _acronym_reason(state, span) if first.all_caps else None


def _acronym_reason(state: State, span: Span) -> str | None:
    """An all-capitals span (its first word in capitals) in running text: an acronym?"""
    tokens, tuning = state.tokens, state.tuning
    capitals = span.i == span.j or all(t.all_caps for t in tokens[span.i : span.j + 1])
    if capitals and span.i not in state.datelines and not caps_context(tokens, span, tuning):
        letters = len(re.sub(r"[^A-Za-z]", "", state.text[span.start : span.end]))
        curated = state.prominent.curated(span.key)
        if letters <= tuning.acronym_letters and not curated:
            return "acronym"
        if letters <= tuning.acronym_prominent_letters and not (
            curated or state.prominent(span.key)
        ):
            return "acronym"
    return None


def _neighbour_reason(state: State, span: Span) -> str | None:
    """ "Texas-size", "Obama administration", "Wall Street Journal", "President Mali"."""
    text, lowers, gaps = state.text, state.lowers, state.gaps
    if text[span.end : span.end + 1] in "-‐":  # "" too: the text's end
        after = text[span.end : span.end + 12]
        if after[1:].split(" ")[0].rstrip(".,;:").lower() in NOT_PLACE_SUFFIXES:
            return "comparison"
    nxt = span.j + 1
    if nxt < len(gaps) and gaps[nxt] in JOINERS:  # adjacent
        follower = lowers[nxt]
        if follower in PERSON_FOLLOWERS:
            return "person"
        if follower in ORG_HEADS and state.capitalised[nxt]:
            return "organisation"
    i = span.i
    if (
        i > 0
        and lowers[i - 1].rstrip(".") in TITLES
        and state.capitalised[i - 1]
        and gaps[i] in JOINERS  # adjacent
        and not state.tokens[i].sentence_start
    ):
        return "person"
    return None


def _common_word_reason(state: State, span: Span, lowered: str, rank: float | None) -> str | None:
    """A capitalised common word: opening a sentence, or inside a longer name."""
    tokens, key = state.tokens, span.key
    first = tokens[span.i]
    if (
        first.sentence_start
        and span.i not in state.datelines
        and (
            lowered in COMMON_WORDS
            or lowered in state.lower_words
            or (rank or _NO_RANK) <= state.tuning.sentence_common_rank
        )
        and (lowered in COMMON_WORDS or not state.prominent(key, level=3))
    ):
        return "sentence-initial common word"
    if (
        (lowered in COMMON_WORDS or rank is not None)
        and not first.all_caps
        and in_title_run(tokens, span)
    ):
        # "South Waziristan Agency", "Korean Peninsula", "Energy Agency".
        keep = (
            lowered not in COMMON_WORDS
            and not title_run_is_org(tokens, span)
            and state.prominent(key, level=2)  # asked last: a cold name's places are read
        )
        if not keep:
            return "part of a name"
    return None


def _name_word_reason(
    state: State, span: Span, place_cue: str | None, rank: float | None
) -> str | None:
    """An ordinary word, a given name or a surname without a strong place cue."""
    if is_strong_cue(place_cue):
        return None
    key = span.key
    if rank is not None and rank <= state.tuning.common_rank:
        return "ordinary word"
    if key in state.first_names and not state.prominent(key, level=3):
        return "given name"
    if key in state.last_names and in_title_run(state.tokens, span):
        return "surname"
    return None
