"""US states abbreviated after a place: "Louisville, Ky.", "Sioux Falls, S.D."."""

from __future__ import annotations

import re

from conflictmap.model import MentionKind
from conflictmap.recognize.base import Spot, State
from conflictmap.text.folding import fold

__all__ = ["abbreviations"]

#: ", Ky." / ", S.D." / ", TX" after a place, or a party tag "D-Ky.", written so that
#: each alternative opens with a literal, which lets the regular expression engine skip
#: to the next "," "D" "R" or "I" (for ``\b[DRI]-``: no word character before the letter)
_ABBREVIATION = re.compile(
    r"(?:,\s+|D(?<!\wD)-|R(?<!\wR)-|I(?<!\wI)-)"
    r"((?:[A-Z][a-z]{0,4}\.\s?){1,2}|[A-Z]{2})(?=[\s,;:)\"”’]|$)"
)


def abbreviations(state: State) -> None:
    """Add an ``abbreviation`` spot for each state abbreviation after a capitalised word."""
    table = state.gazetteer.abbreviations
    if not table:
        return
    text = state.text
    taken = [(s.start, s.end) for s in state.spots]
    for match in _ABBREVIATION.finditer(text):
        surface = match.group(1).rstrip()
        pid = table.get(surface) or table.get(surface.replace(" ", ""))
        if pid is None:
            continue
        start = match.start(1)
        end = start + len(surface)
        lookback = state.tuning.abbreviation_lookback
        preceding = text[max(0, match.start() - lookback) : match.start()].split()
        if not preceding or not preceding[-1][:1].isupper():
            continue  # "Louisville, Ky." and "ORLANDO, Fla.", not "said, Ky."
        if any(s < end and start < e for s, e in taken):
            continue
        state.spots.append(
            Spot(start=start, end=end, text=surface, key=fold(surface), kind=MentionKind.ABBREVIATION,
                 places=(pid,), cue=",")
        )  # fmt: skip
