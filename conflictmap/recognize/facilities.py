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


def facilities(state: State) -> None:
    """Turn each street or building name into one ``facility`` spot."""
    text, tokens = state.text, state.tokens
    n = len(tokens)
    i = 0
    while i < n:
        if not tokens[i].capitalised or (
            tokens[i].sentence_start and tokens[i].text.lower() in COMMON_WORDS
        ):
            i += 1
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
        head = tokens[j].text.lower().rstrip(".")
        prefix = tokens[i].text.lower()
        is_facility = j > i and (head in FACILITY_HEADS or prefix in FACILITY_PREFIXES)
        before = text[
            max(0, tokens[i].start - state.tuning.house_number_lookback) : tokens[i].start
        ]
        if is_facility and not _HOUSE_NUMBER.search(before):
            _add(state, i, j)
        i = j + 1


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
