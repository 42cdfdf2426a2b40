""" "Royal Street", "Windsor Castle", "Rue Casa Calvo": streets and buildings.

A facility whose name holds a prominent place ("London Bridge") keeps that
place; otherwise the whole span becomes one ``facility`` spot, which the
resolver places at the town the article puts it in. Street addresses
("1935 Orchard St.") are left alone.
"""

from __future__ import annotations

import re

from conflictmap.model import MentionKind
from conflictmap.recognize.base import Spot, State
from conflictmap.recognize.context import JOINERS, cue
from conflictmap.recognize.lexicon import (
    COMMON_WORDS,
    CONNECTORS,
    FACILITY_HEADS,
    FACILITY_PREFIXES,
)
from conflictmap.text.folding import fold

__all__ = ["facilities"]

#: a house number just before the name: "1935 Orchard St."
_HOUSE_NUMBER = re.compile(r"\d[\w-]*\s*$")
#: what a mark may be (lower case)
_WORDS = FACILITY_HEADS | FACILITY_PREFIXES
#: the words the rule looks for among the tokens' lower cases (State.having)
MARKS = _WORDS


def facilities(state: State) -> None:
    """Turn each street or building name into one ``facility`` spot.

    A run of capitalised words (connectors inside) is one when its last word is a
    facility word or its first a prefix ("Rue"), so only the runs holding such a
    capitalised word are read (:func:`_marks`; issue 19: reading every run cost a pass
    over the piece in Python). A run is the stretch of linked words
    (:func:`_linked`) around the mark, from its first capitalised word that is not a
    sentence's common first word, to its last capitalised word.
    """
    text, tokens, lowers = state.text, state.tokens, state.lowers
    done = -1  # the last word of the last run read
    for mark in _marks(state):
        if mark <= done:
            continue
        start = mark
        while start > 0 and _linked(state, start - 1):
            start -= 1
        i = next((k for k in range(start, mark + 1) if _opens(state, k)), None)
        if i is None:
            continue  # the mark opens no run and is in none
        j = i
        while j + 1 < len(tokens) and _linked(state, j):
            j += 1
        while j > i and not tokens[j].capitalised:
            j -= 1
        done = j
        if j > i and (lowers[j].rstrip(".") in FACILITY_HEADS or lowers[i] in FACILITY_PREFIXES):
            lookback = max(0, tokens[i].start - state.tuning.house_number_lookback)
            if not _HOUSE_NUMBER.search(text[lookback : tokens[i].start]):
                _add(state, i, j)


def _marks(state: State) -> list[int]:
    """The capitalised words that are facility words or prefixes, in order: every
    facility run ends in the one or opens with the other."""
    lowers, tokens = state.lowers, state.tokens
    maybe = set(state.having(MARKS))
    maybe.update(state.dotted)  # "st." and the like
    return [
        k
        for k in sorted(maybe)
        if tokens[k].capitalised
        and (lowers[k].rstrip(".") in FACILITY_HEADS or lowers[k] in FACILITY_PREFIXES)
    ]


def _linked(state: State, k: int) -> bool:
    """Does word ``k + 1`` go on the run of word ``k`` (adjacent, capitalised or a connector)?"""
    tokens = state.tokens
    return state.text[tokens[k].end : tokens[k + 1].start] in JOINERS and (
        tokens[k + 1].capitalised or state.lowers[k + 1] in CONNECTORS
    )


def _opens(state: State, k: int) -> bool:
    """May a run open at word ``k``: capitalised, and not a sentence's common first word?"""
    tok = state.tokens[k]
    return tok.capitalised and not (tok.sentence_start and state.lowers[k] in COMMON_WORDS)


def _add(state: State, i: int, j: int) -> None:
    """Tokens ``i`` to ``j`` are a facility, unless they hold a prominent place."""
    text, tokens = state.text, state.tokens
    start, end = tokens[i].start, tokens[j].end
    inner = [s for s in state.spots if start <= s.start and s.end <= end]
    if any(s.kind is MentionKind.NAME and state.prominent(s.key) for s in inner):
        return
    state.spots[:] = [s for s in state.spots if not (start <= s.start and s.end <= end)]
    state.spots.append(
        Spot(start=start, end=end, text=text[start:end], key=fold(text[start:end]),
             kind=MentionKind.FACILITY, sentence_start=tokens[i].sentence_start, cue=cue(tokens, i))
    )  # fmt: skip
