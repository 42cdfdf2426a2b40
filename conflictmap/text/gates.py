"""Keyword gates: skip a regular expression on a text that cannot hold a match.

Python's ``re`` tries most of our patterns (they start with ``\\b``, a look-behind or
an alternation, and ignore case) at every position of the text; a pattern that finds
nothing still costs a scan. :func:`needed` reads a pattern's syntax tree once and
returns words one of which every match must contain ("month" for ``\\blast\\s+month\\b``;
"jan", "feb", ... for a date with a month name), or ``None`` when it cannot tell.
:func:`folded` lowers the text once; :func:`may_match` says whether the pattern can
match. A gate only ever skips a pattern that would have found nothing, so results
are those of running every pattern (``tests/test_text_gates.py``).

:func:`starts` goes further: the words one of which every match *starts* with, at a
word start (``"last"`` for ``\\blast\\s+month\\b``). :class:`StartScan` finds, in one
scan of the lowered text, every position where one of several patterns can start,
and :meth:`StartScan.finditer` tries a pattern only there: the matches of
``pattern.finditer``, without trying the pattern at every character (issue 19/20:
``find_dates`` tried 27 case-insensitive patterns at each character of an article).

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
>>> sorted(starts(re.compile(r"(?:\\bon\\s+)?\\b(?:jan|feb)\\.?\\s+[0-3]?\\d", re.I)))
['feb', 'jan', 'on']
>>> scan = StartScan([re.compile(r"\\blast\\s+(?:week|month)\\b", re.I)])
>>> text = "Fighting broke out LAST week, and last month."
>>> [m.group() for m in scan.finditer(0, text, scan.positions(folded(text)))]
['LAST week', 'last month']
"""

from __future__ import annotations

import bisect
import re
import re._constants as _sre_constants
import re._parser as _sre_parse  # the syntax tree of a pattern (stable since 3.11)
import sys
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

from conflictmap.text.gatememo import recall
from conflictmap.text.patterns import Pattern, compiled, lazy, source, word_trie

__all__ = [
    "DIGIT",
    "StartScan",
    "Words",
    "folded",
    "may_match",
    "may_match_all",
    "needed",
    "needed_all",
    "starts",
]

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


def needed(pattern: Pattern) -> Words | None:
    """Lower-case words one of which every match of ``pattern`` contains, or ``None``
    (a lazy pattern is not compiled: it may never be searched)."""
    return recall("needed", source(pattern), _needed)


def _needed(pattern: str, flags: int) -> Words | None:
    return _of_sequence(_sre_parse.parse(pattern, flags).data)


def needed_all(pattern: Pattern) -> tuple[Words, ...]:
    """Every word set of ``pattern``'s top level, each of which a match must hit
    ("day" and "ago" for ``\\b(?:a|one|[1-9])\\s+days?\\s+ago\\b``); ``()`` when none."""
    return recall("needed_all", source(pattern), _needed_all)


def _needed_all(pattern: str, flags: int) -> tuple[Words, ...]:
    return tuple(_required(_sre_parse.parse(pattern, flags).data))


def may_match_all(sets: tuple[Words, ...], low: str | None) -> bool:
    """False only when the text ``low`` misses every word of one of ``sets``."""
    return low is None or all(any(word in low for word in words) for words in sets)


def folded(text: str) -> str | None:
    """``text`` lowered for :func:`may_match`, or ``None`` when it must not be gated."""
    if not text.isascii():
        # a substring search per look-alike, not a set lookup per character (issue 20:
        # 15 ms of a 1 MB article that is not ASCII)
        for char in _ASCII_LOOKALIKES:
            if char in text:
                return None
    return text.lower()


def may_match(words: Words | None, low: str | None) -> bool:
    """False only when the text ``low`` (from :func:`folded`) lacks every word."""
    return words is None or low is None or any(word in low for word in words)


#: In a set of :func:`starts`: "a decimal digit" (any character ``\\d`` matches).
DIGIT = "0"

_ASSERTS = {_sre_parse.ASSERT, _sre_parse.ASSERT_NOT}


def starts(pattern: Pattern) -> Words | None:
    """Lower-case words one of which every match of ``pattern`` starts with, or ``None``.

    A match starts at a word start (after ``\\b`` or a look-behind refusing a word
    character) with one of the words (:data:`DIGIT`: with a digit). ``None`` when the
    syntax tree does not show it (a match may start elsewhere, or with anything).
    Look-arounds are constraints the answer ignores, so it only ever says too much.
    """
    return recall("starts", source(pattern), _starts_of)


def _starts_of(pattern: str, flags: int) -> Words | None:
    found = _starts(list(_sre_parse.parse(pattern, flags).data), boundary=False)
    return None if found is None else frozenset(found)


def _word_lookbehind(av: Any) -> bool:
    """``(?<![\\w...])``: the character before is not a word character."""
    direction, body = av
    items = list(body.data) if hasattr(body, "data") else list(body)
    if direction != -1 or len(items) != 1 or items[0][0] is not _sre_parse.IN:
        return False
    return (_sre_parse.CATEGORY, _sre_constants.CATEGORY_WORD) in items[0][1]


def _digits_only(members: Any) -> bool:
    for op, av in members:
        if op is _sre_parse.LITERAL and chr(av).isdigit() and chr(av).isascii():
            continue
        if op is _sre_parse.RANGE and all(chr(c).isascii() and chr(c).isdigit() for c in av):
            continue
        if op is _sre_parse.CATEGORY and av is _sre_constants.CATEGORY_DIGIT:
            continue
        return False
    return True


def _literal_start(seq: list[Any], at: int) -> set[str] | None:
    """The words a run of literals from ``seq[at]`` starts with ({DIGIT} for a digit).

    The run goes on through a group or a branch right after it, so that
    ``t(?:ook|aken)`` (how :mod:`re` stores ``took|taken``) starts with "took" or
    "taken", not with any word starting with "t".
    """
    first = chr(seq[at][1])
    if first.isascii() and first.isdigit():
        return {DIGIT}
    if not (first.isascii() and first.isalpha()):
        return None
    return _runs(seq[at:], "")


#: At most this many start words from one run (then the run stops where it branches).
_MAX_RUNS = 64


def _runs(seq: list[Any], run: str) -> set[str]:
    """``run`` lengthened by the ASCII letters and digits every match of ``seq`` begins with."""
    for at, (op, av) in enumerate(seq):
        if op is _sre_parse.LITERAL:
            char = chr(av)
            if not (char.isascii() and char.isalnum()):
                break
            run += char.lower()
            continue
        if op is _sre_parse.SUBPATTERN:
            return _runs([*av[3], *seq[at + 1 :]], run)
        if op is _sre_parse.BRANCH:
            found: set[str] = set()
            for branch in av[1]:
                found |= _runs([*branch, *seq[at + 1 :]], run)
                if len(found) > _MAX_RUNS:
                    return {run}
            return found
        break
    return {run}


def _starts(seq: list[Any], *, boundary: bool) -> set[str] | None:
    """The words a match of the sequence ``seq`` starts with (see :func:`starts`)."""
    for at, (op, av) in enumerate(seq):
        rest = seq[at + 1 :]
        if op is _sre_parse.AT:
            if av is not _sre_constants.AT_BOUNDARY:
                return None
            boundary = True
        elif op in _ASSERTS:
            boundary = boundary or (op is _sre_parse.ASSERT_NOT and _word_lookbehind(av))
        elif op is _sre_parse.LITERAL:
            return _literal_start(seq, at) if boundary else None
        elif op is _sre_parse.IN:
            return {DIGIT} if boundary and _digits_only(av) else None
        elif op is _sre_parse.SUBPATTERN:
            return _starts([*av[3], *rest], boundary=boundary)
        elif op is _sre_parse.ATOMIC_GROUP:
            return _starts([*av, *rest], boundary=boundary)
        elif op is _sre_parse.BRANCH:
            return _union([_starts([*b, *rest], boundary=boundary) for b in av[1]])
        elif op in _REPEATS:
            low, _high, body = av
            if body.getwidth()[0] == 0:
                return None
            taken = _starts([*body, *rest], boundary=boundary)
            return taken if low >= 1 else _union([taken, _starts(rest, boundary=boundary)])
        else:
            return None
    return None  # the pattern can match nothing at all


def _union(options: list[set[str] | None]) -> set[str] | None:
    out: set[str] = set()
    for option in options:
        if option is None:
            return None
        out |= option
    return out


class StartScan:
    """Where several patterns can start, found in one scan of the lowered text.

    Parameters
    ----------
    patterns : sequence of patterns
        Compiled or lazy; a pattern :func:`starts` says nothing about is tried at
        every position as usual (its list of positions is ``None``).
    """

    def __init__(self, patterns: Sequence[Pattern]) -> None:
        self.patterns = tuple(patterns)
        words = [starts(p) for p in self.patterns]
        items = sorted({w for ws in words if ws for w in ws if w != DIGIT})
        self._always = [i for i, ws in enumerate(words) if ws is None]
        #: scanned word (the longest item at a position) -> the patterns it may start:
        #: those with a start word that begins it (the digit mark only for itself)
        by_start: dict[str, set[int]] = {}
        for i, ws in enumerate(words):
            for w in ws or ():
                by_start.setdefault(w, set()).add(i)
        self._by_word: dict[str, tuple[int, ...]] = {}
        for item in [*items, DIGIT]:
            found: set[int] = set()
            for k in range(len(item) + 1):
                if item[:k] != DIGIT or k == len(item):
                    found |= by_start.get(item[:k], set())
            self._by_word[item] = tuple(sorted(found))
        # digits are looked for only when a pattern can start with one
        digits = any(ws and DIGIT in ws for ws in words) or not items
        scanned = [r"\d+"] * digits + [word_trie(items)] * bool(items)
        self._scanner = lazy(r"\b(?:" + "|".join(scanned) + ")")

    def positions(self, low: str | None) -> list[list[int] | None]:
        """Per pattern, the sorted positions of ``low`` where it may start (``None``:
        anywhere). ``low`` is the text from :func:`folded`; ``None`` gives ``None`` for all."""
        out: list[list[int] | None] = [[] for _ in self.patterns]
        if low is None:
            return [None for _ in self.patterns]
        for i in self._always:
            out[i] = None
        by_word = self._by_word
        for match in self._scanner.finditer(low):
            word = match.group()
            for i in by_word.get(DIGIT if word[0].isdigit() else word, ()):
                out[i].append(match.start())  # type: ignore[union-attr]
        return out

    def finditer(
        self,
        index: int,
        text: str,
        positions: list[list[int] | None],
        start: int = 0,
        stop: int = sys.maxsize,
    ) -> Iterator[re.Match[str]]:
        """The matches of pattern ``index`` in ``text[start:stop]``, as ``finditer`` gives
        them, trying it only at its ``positions`` (from :meth:`positions`)."""
        where = positions[index]
        if where is None:
            yield from compiled(self.patterns[index]).finditer(text, start, stop)
            return
        yield from self._at(index, text, where, bisect.bisect_left(where, start), start, stop)

    def find_all(
        self, text: str, positions: list[list[int] | None], start: int = 0, stop: int = sys.maxsize
    ) -> list[tuple[int, re.Match[str]]]:
        """``(index, match)`` of every pattern in ``text[start:stop]``: pattern by pattern
        in their order, each pattern's matches as ``finditer`` gives them."""
        out: list[tuple[int, re.Match[str]]] = []
        for index, where in enumerate(positions):
            if where is None:
                found = compiled(self.patterns[index]).finditer(text, start, stop)
                out.extend((index, match) for match in found)
                continue
            first = bisect.bisect_left(where, start)
            if first < len(where) and where[first] < stop:
                out.extend((index, m) for m in self._at(index, text, where, first, start, stop))
        return out

    def _at(
        self, index: int, text: str, where: list[int], first: int, start: int, stop: int
    ) -> Iterator[re.Match[str]]:
        if first >= len(where) or where[first] >= stop:
            return  # no position to try: the pattern need not be compiled
        pattern = compiled(self.patterns[index])
        done = start
        for k in range(first, len(where)):
            at = where[k]
            if at >= stop:
                return
            if at < done:
                continue
            match = pattern.match(text, at, stop)
            if match is not None:
                yield match
                done = max(match.end(), at + 1)
