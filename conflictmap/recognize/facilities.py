""" "Royal Street", "Windsor Castle", "Rue Casa Calvo": streets and buildings.

A facility whose name holds a prominent place ("London Bridge") keeps that
place; otherwise the whole span becomes one ``facility`` spot, which the
resolver places at the town the article puts it in. Street addresses
("1935 Orchard St.") are left alone.
"""

from __future__ import annotations

import re
from itertools import compress, count
from operator import attrgetter

from conflictmap.model import MentionKind
from conflictmap.recognize.base import Spot, State
from conflictmap.recognize.context import adjacent, cue
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
_CAPITALISED = attrgetter("capitalised")


def facilities(state: State) -> None:
    """Turn each street or building name into one ``facility`` spot."""
    text, tokens = state.text, state.tokens
    n = len(tokens)
    resume = 0  # a run read ends before it
    for i in compress(count(), map(_CAPITALISED, tokens)):
        if i < resume or (tokens[i].sentence_start and state.lowers[i] in COMMON_WORDS):
            continue
        j = i
        while (
            j + 1 < n
            and adjacent(text, tokens[j], tokens[j + 1])
            and (tokens[j + 1].capitalised or tokens[j + 1].text.lower() in CONNECTORS)
        ):
            j += 1
        while j > i and not tokens[j].capitalised:
            j -= 1
        lowers = state.lowers
        if j > i and (lowers[j].rstrip(".") in FACILITY_HEADS or lowers[i] in FACILITY_PREFIXES):
            lookback = max(0, tokens[i].start - state.tuning.house_number_lookback)
            if not _HOUSE_NUMBER.search(text[lookback : tokens[i].start]):
                _add(state, i, j)
        resume = j + 1


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
