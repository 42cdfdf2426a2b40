"""Keyword gates: skip a regular expression on a text that cannot hold a match.

Python's ``re`` tries most of our patterns (they start with ``\\b``, a look-behind or
an alternation, and ignore case) at every position of the text; a pattern that finds
nothing still costs a scan. :func:`needed` reads a pattern's syntax tree once and
returns words one of which every match must contain ("month" for ``\\blast\\s+month\\b``;
"jan", "feb", ... for a date with a month name), or ``None`` when it cannot tell.
:func:`folded` lowers the text once; :func:`may_match` says whether the pattern can
match. A gate only ever skips a pattern that would have found nothing, so results
are those of running every pattern (``tests/test_text_gates.py``).

Examples
--------
>>> import re
>>> sorted(needed(re.compile(r"\\b(?:yesterday|last\\s+night)\\b", re.IGNORECASE)))
['night', 'yesterday']
>>> needed(re.compile(r"[0-9]+")) is None
True
>>> low = folded("He came back LAST Month.")
>>> may_match(needed(re.compile(r"\\blast\\s+month\\b", re.I)), low)
True
>>> may_match(frozenset({"week"}), low)
False
"""

from __future__ import annotations

import re
import re._parser as _sre_parse  # the syntax tree of a pattern (stable since 3.11)
from collections.abc import Iterable
from typing import Any

__all__ = ["Words", "folded", "may_match", "may_match_all", "needed", "needed_all"]

Words = frozenset[str]

#: Characters that ``re.IGNORECASE`` matches to an ASCII letter but ``str.lower`` does
#: not turn into it (dotted and dotless i, long s, Kelvin sign; tests/test_text_gates.py
#: checks the list against every code point). A text holding one is never gated.
_ASCII_LOOKALIKES = frozenset("\u0130\u0131\u017f\u212a")

_REPEATS = {_sre_parse.MAX_REPEAT, _sre_parse.MIN_REPEAT, _sre_parse.POSSESSIVE_REPEAT}


def _reduced(words: Iterable[str]) -> Words:
    """Drop a word that holds a shorter one of the set ("january" when "jan" is in)."""
    ordered = sorted(set(words), key=len)
    kept: list[str] = []
    for word in ordered:
        if not any(short in word for short in kept):
            kept.append(word)
    return frozenset(kept)


def _best(options: Iterable[Words]) -> Words | None:
    """The most selective of several sets that are each required: longest shortest word."""
    best: Words | None = None
    for words in options:
        if best is None or (min(map(len, words)), -len(words)) > (
            min(map(len, best)),
            -len(best),
        ):
            best = words
    return best


def _of_sequence(items: Any) -> Words | None:
    return _best(_required(items))


def _required(items: Any) -> list[Words]:
    """Word sets each of which a match of the sequence ``items`` must hit."""
    options: list[Words] = []
    run: list[str] = []
    for op, av in [*list(items), (None, None)]:
        if op is _sre_parse.LITERAL and av < 128:
            run.append(chr(av).lower())
            continue
        if run:
            options.append(frozenset({"".join(run)}))
            run = []
        found = _of_item(op, av)
        if found is not None:
            options.append(found)
    return options


def _of_item(op: Any, av: Any) -> Words | None:
    if op is _sre_parse.SUBPATTERN:
        return _of_sequence(av[3])
    if op is _sre_parse.ATOMIC_GROUP:
        return _of_sequence(av)
    if op in _REPEATS:
        low, _high, body = av
        return _of_sequence(body) if low >= 1 else None
    if op is _sre_parse.BRANCH:
        union: set[str] = set()
        for branch in av[1]:
            words = _of_sequence(branch)
            if words is None:
                return None
            union |= words
        return _reduced(union)
    return None  # classes, anchors, look-arounds, back references: no word required


def needed(pattern: re.Pattern[str]) -> Words | None:
    """Lower-case words one of which every match of ``pattern`` contains, or ``None``."""
    return _of_sequence(_sre_parse.parse(pattern.pattern, pattern.flags).data)


def needed_all(pattern: re.Pattern[str]) -> tuple[Words, ...]:
    """Every word set of ``pattern``'s top level, each of which a match must hit
    ("day" and "ago" for ``\\b(?:a|one|[1-9])\\s+days?\\s+ago\\b``); ``()`` when none."""
    return tuple(_required(_sre_parse.parse(pattern.pattern, pattern.flags).data))


def may_match_all(sets: tuple[Words, ...], low: str | None) -> bool:
    """False only when the text ``low`` misses every word of one of ``sets``."""
    return low is None or all(any(word in low for word in words) for words in sets)


def folded(text: str) -> str | None:
    """``text`` lowered for :func:`may_match`, or ``None`` when it must not be gated."""
    if not text.isascii() and not _ASCII_LOOKALIKES.isdisjoint(text):
        return None
    return text.lower()


def may_match(words: Words | None, low: str | None) -> bool:
    """False only when the text ``low`` (from :func:`folded`) lacks every word."""
    return words is None or low is None or any(word in low for word in words)
