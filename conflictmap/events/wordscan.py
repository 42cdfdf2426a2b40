"""Where the date patterns can start, a whole first word told from the start of a word.

:class:`~conflictmap.text.gates.StartScan` tries a pattern wherever one of its start
words begins a word: ``\\ba\\s+day\\s+later`` at every word starting with "a"
("attacked", "army"), ``\\bthe\\s+next\\s+day`` at "then" and "they". Most of the date
patterns' start words are followed by a character that is not a word character
(``\\s+``): :func:`whole_starts` reads those from the syntax tree, and :class:`WordScan`
tries such a pattern only where the start word stands whole (issue 20: about 160,000
tries per MB of prose, most at words that merely begin like "a" or "the").

A pattern is tried at a superset of the positions where it can match, so the matches
are those of ``finditer`` (``tests/test_events_wordscan.py``).

Examples
--------
>>> import re
>>> sorted(whole_starts(re.compile(r"\\b(?:a|one)\\s+days?\\s+ago\\b", re.I)))
['a', 'one']
>>> whole_starts(re.compile(r"(?<![\\w-])(?:kill|shot)(?![\\w-])", re.I))  # may end the slice
frozenset()
>>> scan = WordScan([re.compile(r"\\ba\\s+day\\s+later", re.I)])
>>> scan.positions("an army left a day later", [0])
[[13]]
"""

from __future__ import annotations

import bisect
import re
import re._constants as _sre_constants
import re._parser as _sre_parse  # the syntax tree of a pattern (stable since 3.11)
import sys
from collections.abc import Collection, Iterator, Sequence
from typing import Any

from conflictmap.text.gatememo import recall
from conflictmap.text.gates import DIGIT, Words, starts
from conflictmap.text.patterns import LazyPattern, Pattern, compiled, lazy, source

__all__ = ["WordScan", "whole_starts"]

_REPEATS = {_sre_parse.MAX_REPEAT, _sre_parse.MIN_REPEAT, _sre_parse.POSSESSIVE_REPEAT}
#: ops that consume nothing: skipping one only drops a constraint
_ZERO_WIDTH = {_sre_parse.AT, _sre_parse.ASSERT, _sre_parse.ASSERT_NOT}
_NON_WORD = {_sre_constants.CATEGORY_SPACE, _sre_constants.CATEGORY_NOT_WORD}
#: as in text/gates.py: at most this many start words from one run
_MAX_RUNS = 64
#: scanners of some patterns' items kept at most (one per set of patterns asked for)
_MAX_OWN = 32


def whole_starts(pattern: Pattern) -> Words:
    """The start words of ``pattern`` (:func:`~conflictmap.text.gates.starts`) after which
    every match goes on with a character that is not a word character: a match starting
    with one of them starts with the word whole. Empty when the tree does not show it."""
    return recall("whole_starts", source(pattern), _whole_of)


def _whole_of(pattern: str, flags: int) -> Words:
    found = _wholes(list(_sre_parse.parse(pattern, flags).data), boundary=False)
    return frozenset(w for w, whole in (found or {}).items() if whole)


def _word_char(char: str) -> bool:
    return char.isalnum() or char == "_"


def _non_word_next(seq: list[Any]) -> bool:
    """Every match of ``seq`` consumes first a character that is not a word character."""
    for at, (op, av) in enumerate(seq):
        rest = seq[at + 1 :]
        if op in _ZERO_WIDTH:
            continue
        if op is _sre_parse.LITERAL:
            return not _word_char(chr(av))
        if op is _sre_parse.IN:
            return all(
                (o is _sre_parse.LITERAL and not _word_char(chr(a)))
                or (o is _sre_parse.CATEGORY and a in _NON_WORD)
                for o, a in av
            )
        if op is _sre_parse.SUBPATTERN:
            return _non_word_next([*av[3], *rest])
        if op is _sre_parse.BRANCH:
            return all(_non_word_next([*b, *rest]) for b in av[1])
        if op in _REPEATS:
            low, _high, body = av
            first = _non_word_next(list(body))
            return first if low >= 1 else first and _non_word_next(rest)
        return False
    return False  # the match may end here


def _runs(seq: list[Any], run: str) -> dict[str, bool]:
    """As ``gates._runs``: each run, and whether a non-word character follows it."""
    for at, (op, av) in enumerate(seq):
        if op is _sre_parse.LITERAL:
            char = chr(av)
            if not (char.isascii() and char.isalnum()):
                return {run: _non_word_next(seq[at:])}
            run += char.lower()
            continue
        if op is _sre_parse.SUBPATTERN:
            return _runs([*av[3], *seq[at + 1 :]], run)
        if op is _sre_parse.BRANCH:
            found: dict[str, bool] = {}
            for branch in av[1]:
                _join(found, _runs([*branch, *seq[at + 1 :]], run))
                if len(found) > _MAX_RUNS:
                    return {run: False}
            return found
        return {run: _non_word_next(seq[at:])}
    return {run: False}


def _join(into: dict[str, bool], more: dict[str, bool] | None) -> None:
    for word, whole in (more or {}).items():
        into[word] = into.get(word, True) and whole


def _wholes(seq: list[Any], *, boundary: bool) -> dict[str, bool] | None:
    """As ``gates._starts``, each start word with whether it is always whole."""
    for at, (op, av) in enumerate(seq):
        rest = seq[at + 1 :]
        if op is _sre_parse.AT or op in (_sre_parse.ASSERT, _sre_parse.ASSERT_NOT):
            boundary = True  # only the words matter: starts() said where they start
        elif op is _sre_parse.LITERAL:
            first = chr(av)
            if not boundary or not (first.isascii() and first.isalpha()):
                return None
            return _runs(seq[at:], "")
        elif op is _sre_parse.SUBPATTERN:
            return _wholes([*av[3], *rest], boundary=boundary)
        elif op is _sre_parse.ATOMIC_GROUP:
            return _wholes([*av, *rest], boundary=boundary)
        elif op is _sre_parse.BRANCH:
            found: dict[str, bool] = {}
            for branch in av[1]:
                _join(found, _wholes([*branch, *rest], boundary=boundary))
            return found
        elif op in _REPEATS:
            low, _high, body = av
            found = _wholes([*body, *rest], boundary=boundary) or {}
            if low < 1:
                _join(found, _wholes(rest, boundary=boundary))
            return found
        else:
            return None
    return None


def _trie(items: dict[str, bool]) -> str:
    """A regular expression matching, at a position, the longest of ``items`` there; a
    whole item (``True``) only when a character that is not a word character follows."""
    children: dict[str, dict[str, bool]] = {}
    end: bool | None = None
    for word, whole in items.items():
        if word:
            children.setdefault(word[0], {})[word[1:]] = whole
        else:
            end = whole
    parts = [re.escape(c) + _trie(rest) for c, rest in sorted(children.items())]
    if end is True:
        parts.append(r"(?=\W)")
    body = "|".join(parts)
    if end is False:
        return f"(?:{body})?" if body else ""
    return body if len(parts) == 1 else f"(?:{body})"


def _scanner(items: dict[str, bool], digits: bool) -> LazyPattern:
    """The scan for ``items`` (each whole or not) at word starts, and digit runs."""
    scanned = [r"\d+"] * digits + [_trie(items)] * bool(items)
    return lazy(r"\b(?:" + "|".join(scanned) + ")")


class WordScan:
    """Where several patterns can start, found in one scan of the lowered text; a
    pattern with a whole start word only where the word stands whole.

    Parameters
    ----------
    patterns : sequence of patterns
        Compiled or lazy; a pattern :func:`~conflictmap.text.gates.starts` says nothing
        about is tried at every position (its list of positions is ``None``).
    """

    def __init__(self, patterns: Sequence[Pattern]) -> None:
        self.patterns = tuple(patterns)
        words = [starts(p) for p in self.patterns]
        self._always = [i for i, ws in enumerate(words) if ws is None]
        by_start: dict[str, set[int]] = {}
        whole: dict[str, bool] = {}
        for i, ws in enumerate(words):
            kept = whole_starts(self.patterns[i])
            for w in ws or ():
                by_start.setdefault(w, set()).add(i)
                whole[w] = whole.get(w, True) and w in kept
        items = {w: whole[w] for w in by_start if w != DIGIT}
        #: scanned item -> the patterns it may start: its own, and those of the items
        #: it begins with that need not stand whole
        self._by_word: dict[str, tuple[int, ...]] = {}
        for item in [*items, DIGIT]:
            found = set(by_start.get(item, ()))
            for k in range(1, len(item)):
                if item != DIGIT and not whole.get(item[:k], True):
                    found |= by_start[item[:k]]
            self._by_word[item] = tuple(sorted(found))
        digits = DIGIT in by_start or not items
        self._scanner = _scanner(items, digits)
        #: per pattern, the scanned items that may start it (:meth:`positions` with
        #: ``wanted`` maps only those, instead of filtering every item's patterns)
        self._items: list[list[str]] = [[] for _ in self.patterns]
        for item, found_by in self._by_word.items():
            for i in found_by:
                self._items[i].append(item)
        self._whole, self._digits = whole, digits
        #: an item starts with a digit (a digit run the whole scanner reads as one)
        self._digit_items = any(item[:1].isdigit() for item in items)
        #: scanners of the items of some patterns only, by the patterns (:meth:`_own`)
        self._own_scanners: dict[frozenset[int], LazyPattern | None] = {}

    def positions(
        self, low: str | None, wanted: Collection[int] | None = None, *, own_from: int | None = None
    ) -> list[list[int] | None]:
        """Per pattern, the sorted positions of ``low`` where it may start (``None``:
        anywhere); ``wanted``: only those patterns' (the others' are empty). ``low`` is
        the text from :func:`~conflictmap.text.gates.folded`; ``None`` gives ``None``.

        ``own_from``: with ``wanted``, a text of at least this many characters is scanned
        for the items of the wanted patterns alone (a scanner of their own, compiled
        once for each set of patterns: a smaller alternation tried at every word start);
        the positions are the same (``tests/test_events_ownscan.py``).
        """
        if low is None:
            return [None for _ in self.patterns]
        out: list[list[int] | None] = [[] for _ in self.patterns]
        for i in self._always:
            out[i] = None
        scanner: LazyPattern | None = self._scanner
        by_word: dict[str, tuple[int, ...]] | dict[str, list[int]] = self._by_word
        if wanted is not None:
            keep = sorted({i for i in wanted if 0 <= i < len(self.patterns)})
            mapped: dict[str, list[int]] = {}
            for i in keep:  # in order: each item's patterns stay sorted
                for item in self._items[i]:
                    mapped.setdefault(item, []).append(i)
            by_word = mapped
            if by_word and own_from is not None and len(low) >= own_from:
                scanner = self._own(frozenset(keep))
        if not by_word or scanner is None:
            return out
        for match in scanner.finditer(low):
            word = match.group()
            for i in by_word.get(DIGIT if word[0].isdigit() else word, ()):
                out[i].append(match.start())  # type: ignore[union-attr]
        return out

    def _own(self, wanted: frozenset[int]) -> LazyPattern | None:
        """The scanner of the items that may start the ``wanted`` patterns (``None``:
        none may), kept for the set.

        Its matches start where the whole scanner's that map to a wanted pattern start,
        with the same item: an item is matched where it stands as the whole scanner's
        (whole or not as there), a word start matched by no wanted item maps to no
        wanted pattern there, and digits are scanned alike (a digit run is no item's).
        """
        if wanted not in self._own_scanners:
            items = {w: self._whole[w] for i in wanted for w in self._items[i] if w != DIGIT}
            wanted_digits = any(DIGIT in self._items[i] for i in wanted)
            # digit runs are scanned when a wanted pattern may start with one, or an item
            # with a digit (as the whole scanner, which reads the run first); no letter
            # item can start inside a run left unread
            digits = self._digits and (wanted_digits or self._digit_items)
            useful = bool(items) or wanted_digits
            if len(self._own_scanners) >= _MAX_OWN:
                self._own_scanners.clear()
            self._own_scanners[wanted] = _scanner(items, digits) if useful else None
        return self._own_scanners[wanted]

    def finditer(
        self, index: int, text: str, positions: list[list[int] | None], stop: int = sys.maxsize
    ) -> Iterator[re.Match[str]]:
        """The matches of pattern ``index`` in ``text[:stop]``, as ``finditer`` gives
        them, trying it only at its ``positions`` (from :meth:`positions`)."""
        where = positions[index]
        if where is None:
            yield from compiled(self.patterns[index]).finditer(text, 0, stop)
            return
        if not where:
            return  # no position to try: the pattern need not be compiled
        pattern = compiled(self.patterns[index])
        done = 0
        for at in where[: bisect.bisect_left(where, stop)]:
            if at < done:
                continue
            match = pattern.match(text, at, stop)
            if match is not None:
                yield match
                done = max(match.end(), at + 1)
