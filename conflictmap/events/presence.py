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
import re
from collections.abc import Sequence

from conflictmap.text.gates import DIGIT, Words, folded, needed, needed_all, starts
from conflictmap.text.patterns import Pattern

__all__ = ["holds", "lowered", "may_find", "required", "search_from"]


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


@functools.cache
def _start_words(pattern: Pattern) -> tuple[str, ...] | None:
    found = starts(pattern)
    if found is None or DIGIT in found or "" in found:
        return None
    return tuple(sorted(found))


def search_from(pattern: Pattern, text: str, start: int, end: int) -> re.Match[str] | None:
    """``pattern.search(text, start, end)``, begun where the first of the words every
    match starts with (:func:`~conflictmap.text.gates.starts`) is in that stretch of
    the lowered text: a ``str.find`` per word, then the pattern tried from there on
    only, not at every position before (``None`` at once when no word is there).

    The match is the same: one starting before that place would start with one of the
    words, found there by ``find`` (the look-behinds and ``\\b`` still see the text
    before ``pos``). ``tests/test_events_search_from.py`` checks it.

    >>> import re
    >>> t = "Rebels, who fled, said so."
    >>> search_from(re.compile(r"\\b(?:said|who)\\b", re.I), t, 0, len(t)).span()
    (8, 11)
    """
    words = _start_words(pattern)
    low = lowered(text)
    if words is None or low is None:
        return pattern.search(text, start, end)
    first = -1
    for word in words:  # a loop, not a generator: called per clause
        at = low.find(word, start, end)
        if at >= 0 and (first < 0 or at < first):
            first = at
    if first < 0:
        return None
    return pattern.search(text, first, end)
