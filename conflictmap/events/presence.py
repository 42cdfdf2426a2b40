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

from conflictmap.text.gates import Words, folded, needed, needed_all
from conflictmap.text.patterns import Pattern

__all__ = ["holds", "lowered", "may_find", "required"]


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


class _Last:
    """The last text :func:`lowered` was asked for, and its folded copy."""

    __slots__ = ("low", "text")

    def __init__(self) -> None:
        self.text = ""
        self.low: str | None = ""


_LAST = _Last()


def lowered(text: str) -> str | None:
    """``folded(text)`` (:mod:`conflictmap.text.gates`), kept for the last text asked for:
    every clause of an article asks for the article's, which is lowered once."""
    last = _LAST
    if last.text is not text:
        low = folded(text)
        last.text, last.low = text, low
        return low
    return last.low


@functools.cache
def _words(pattern: Pattern) -> tuple[str, ...] | None:
    found = needed(pattern)
    return None if found is None else tuple(sorted(found))


def may_find(pattern: Pattern, text: str, start: int, end: int) -> bool:
    """Whether ``pattern`` may match inside ``text[start:end]``.

    ``False`` only when none of the words one of which every match holds
    (:func:`~conflictmap.text.gates.needed`) is in that stretch of the lowered text:
    a ``str.find`` per word instead of the pattern tried at every position.

    >>> import re
    >>> t = "Rebels attacked Gao; troops fled."
    >>> may_find(re.compile(r"\\s*;\\s*"), t, 0, 19), may_find(re.compile(r"\\s*;\\s*"), t, 0, 20)
    (False, True)
    """
    words = _words(pattern)
    low = lowered(text)
    if words is None or low is None:
        return True
    for word in words:  # noqa: SIM110 (a loop, not a generator: called per clause)
        if low.find(word, start, end) >= 0:
            return True
    return False
