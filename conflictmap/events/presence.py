"""Word gates for the events patterns: skip a pattern whose required words are absent.

:func:`required` reads, once per set of patterns, the word sets each of which every
match of a pattern holds (:func:`conflictmap.text.gates.needed_all`); :func:`holds`
says whether a lowered text may hold a match, looking each word up in the text only
once however many patterns ask for it (the month names are asked for by eight date
patterns). A gate only ever skips a pattern that would have found nothing.

Examples
--------
>>> import re
>>> from conflictmap.text.gates import folded
>>> (sets,) = required((re.compile(r"\\b(?:a|one)\\s+days?\\s+ago\\b", re.I),))
>>> seen: dict[str, bool] = {}
>>> holds(sets, folded("Two days AGO."), seen), holds(sets, folded("Two days later."), {})
(True, False)
"""

from __future__ import annotations

import functools
from collections.abc import Sequence

from conflictmap.text.gates import Words, needed_all
from conflictmap.text.patterns import Pattern

__all__ = ["holds", "required"]


@functools.cache
def required(patterns: Sequence[Pattern]) -> tuple[tuple[Words, ...], ...]:
    """Per pattern (a hashable sequence of them), the word sets every match holds."""
    return tuple(needed_all(pattern) for pattern in patterns)


def holds(sets: tuple[Words, ...], low: str | None, seen: dict[str, bool]) -> bool:
    """Whether ``low`` (from :func:`~conflictmap.text.gates.folded`) holds a word of each
    set; ``seen`` keeps the words looked up in it. ``None`` (not to be gated): ``True``."""
    if low is None:
        return True
    for words in sets:
        for word in words:
            hit = seen.get(word)
            if hit is None:
                hit = seen[word] = word in low
            if hit:
                break
        else:
            return False
    return True
