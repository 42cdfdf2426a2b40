"""Keyword-hinted scanning: a large pattern tried only around the words it needs.

Python's :mod:`re` tries a case-insensitive pattern such as ``\\b(?:near|close\\s+to|...)``
at every character of an article. Every statement pattern contains at least one
keyword (a compass word, "between", "border", a unit...), so :class:`Hinted` finds
those keywords first with a plain case-sensitive alternation over the lower-cased
text (several times faster) and runs the full pattern only in a window around
each one (windows that overlap are searched as one, so dense keywords cost no more
than a plain scan).

The result is exactly what ``pattern.finditer(text)`` gives, provided that

- every match of the pattern contains a hint, starts at most ``before``
  characters before that hint and ends at most ``after`` characters after it
  (the parser squeezes whitespace runs to two characters, which bounds every
  pattern's length), and
- lower-casing keeps the text's length and the hint sees every letter the
  case-insensitive pattern would (the few letters that case-fold onto ASCII,
  such as the Kelvin sign and the long s, send the text to a plain scan).

Examples
--------
>>> import re
>>> near = Hinted(re.compile(r"\\b(?:near|close\\s+to)\\s+", re.I), "near|close",
...               before=10, after=20)
>>> [m.group() for m in near.finditer("Fighting NEAR Gao and close to Kidal.")]
['NEAR ', 'close to ']
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from re import Match

from conflictmap.text.patterns import Pattern, lazy

__all__ = ["Hinted", "Lowered"]

#: non-ASCII letters that a case-insensitive pattern matches as ASCII ones
#: (İ ı ~ i, K ~ k, ſ ~ s); lower-casing does not map them onto the hint's letters
_CASE_ODD = lazy("[\u0130\u0131\u017f\u212a]")
#: a hint that is nothing but lower-case words ("near|close"): found in the shared pass
_PLAIN = lazy(r"[a-z]+(?:\|[a-z]+)*")

Span = tuple[int, int]


class Lowered:
    """A text and its lower-cased copy, when that copy can stand in for it.

    ``lower`` is ``None`` when lower-casing changes the length or when the text
    holds a letter that case-folds onto ASCII: hints are then skipped.
    """

    __slots__ = ("_found", "lower", "text")

    def __init__(self, text: str) -> None:
        self.text = text
        lower = text.lower()
        usable = len(lower) == len(text) and (text.isascii() or not _CASE_ODD.search(text))
        self.lower: str | None = lower if usable else None
        self._found: list[list[Span]] | None = None

    def hints(self, slot: int) -> list[Span]:
        """Where the hint of the word-hinted scan ``slot`` can match (one pass for all)."""
        if self._found is None or len(self._found) <= slot:
            self._found = _KEYWORDS.scan(self.lower or "")
        return self._found[slot]


class _Keywords:
    """The word hints of every :class:`Hinted` scan, found in one pass over a text.

    Issue 19 (statements triggered by one keyword pass): each scan used to look for
    its own hint words over the whole text. One pass finds every occurrence of every
    word, and the longest word at each position; each scan's hint
    there is the first of its words (in the order written) that is a prefix of that
    longest word (every word that matches there is one), looked up in a table made
    once. A scan gets every position its hint matches at (a superset of those its
    ``finditer`` gives, with the same ends), so its windows cover every match as
    before.
    """

    def __init__(self) -> None:
        self.hints: list[list[str]] = []
        #: every hint word, shortest first
        self._words: list[str] | None = None
        #: longest word at a position -> each (slot, length) of the hints matching there
        self._ends: dict[str, list[tuple[int, int]]] = {}

    def add(self, words: list[str]) -> int:
        """Take part in the pass; the slot to ask :meth:`Lowered.hints` with."""
        self.hints.append(words)
        self._words = None
        return len(self.hints) - 1

    def _prepare(self) -> list[str]:
        every = sorted({word for words in self.hints for word in words}, key=lambda w: (len(w), w))
        self._ends = {
            longest: [
                (slot, len(first))
                for slot, words in enumerate(self.hints)
                if (first := next((w for w in words if longest.startswith(w)), None)) is not None
            ]
            for longest in every
        }
        return every

    def scan(self, lower: str) -> list[list[Span]]:
        """Per slot, each ``(start, end)`` where its hint matches in ``lower``."""
        if self._words is None:
            self._words = self._prepare()
        # every occurrence of every word, overlapping ones included (str.find runs in C,
        # faster than a pattern tried at each character); a longer word found at the
        # same position replaces a shorter one: the longest word there
        longest: dict[int, str] = {}
        find = lower.find
        for word in self._words:
            at = find(word)
            while at >= 0:
                longest[at] = word
                at = find(word, at + 1)
        found: list[list[Span]] = [[] for _ in self.hints]
        ends = self._ends
        for at in sorted(longest):
            for slot, length in ends[longest[at]]:
                found[slot].append((at, at + length))
        return found


_KEYWORDS = _Keywords()


class Hinted:
    """``pattern.finditer`` that runs the pattern only near occurrences of ``hint``.

    Parameters
    ----------
    pattern : re.Pattern or LazyPattern
        The full pattern (any flags; a lazy one is compiled at the first search).
    hint : str
        A regular expression for lower-case keywords, one of which every match of
        ``pattern`` contains; it is matched case-sensitively on the lower-cased text.
    before, after : int
        How far before a keyword a match can start, and after it end.
    spans : callable, optional
        Gives, for a lower-cased text, the ``(start, end)`` of every match of ``hint``
        in order, as ``hint``'s ``finditer`` gives them (a faster way to the same spans).
    """

    def hint_starts(self, text: Lowered) -> list[int] | None:
        """Where the hint words start in ``text``, in order (from the shared keyword pass);
        ``None`` when the scan's hint is not words or the text has no usable lower case."""
        if self._slot is None or text.lower is None:
            return None
        return [start for start, _ in text.hints(self._slot)]

    def hint_words(self) -> frozenset[str]:
        """The hint's words (empty when the hint is not plain words)."""
        return frozenset(self.hint.pattern.split("|")) if self._slot is not None else frozenset()

    def __init__(
        self,
        pattern: Pattern,
        hint: str,
        *,
        before: int,
        after: int,
        spans: Callable[[str], Iterable[Span]] | None = None,
    ) -> None:
        self.pattern = pattern
        self.hint = lazy(hint)
        self.before = before
        self.after = after
        self.spans = spans
        plain = _PLAIN.fullmatch(hint) is not None
        self._slot = _KEYWORDS.add(hint.split("|")) if plain else None

    def finditer(self, text: str | Lowered) -> Iterator[Match[str]]:
        """The matches of the pattern in ``text``, as ``pattern.finditer`` gives them."""
        lowered = text if isinstance(text, Lowered) else Lowered(text)
        full, lower = lowered.text, lowered.lower
        if lower is None:
            yield from self.pattern.finditer(full)
            return
        pattern = self.pattern
        done = 0  # matches never overlap: resume after the last one
        spans = None if self._slot is None else lowered.hints(self._slot)
        size = len(full)
        for lo, hi, last in self._windows(lower, spans):
            if last <= done:
                continue
            lo = max(done, lo)
            while True:
                found = pattern.search(full, lo, hi)
                if found is None or found.start() >= last:
                    break
                # Re-match on the whole text: the window's end must not change the match
                # (a window that reaches the end of the text is the whole text already).
                match = found if hi >= size else pattern.match(full, found.start())
                if match is None:
                    lo = found.start() + 1
                    continue
                yield match
                done = lo = max(match.end(), match.start() + 1)  # never stuck on an empty match
                if done >= last:
                    break  # a next match would start at or after ``last``: in another run

    def _windows(
        self, lower: str, spans: Iterable[Span] | None = None
    ) -> Iterator[tuple[int, int, int]]:
        """Where matches may lie: ``(lo, hi, last)`` per run of keywords whose windows overlap.

        A match starts in ``[lo, last)`` and ends by ``hi``. Keywords closer together
        than a window share one, so each stretch of text is searched once however
        dense the keywords are ("50 km 50 km 50 km ..." would otherwise search every
        character once per keyword within reach).
        """
        n = len(lower)
        run: tuple[int, int, int] | None = None
        if spans is None and self.spans is not None:
            spans = self.spans(lower)
        elif spans is None:
            spans = (hint.span() for hint in self.hint.finditer(lower))
        for start, end in spans:
            lo, hi = start - self.before, min(n, end + self.after)
            if run is not None and lo <= run[1]:
                run = (run[0], max(run[1], hi), max(run[2], end))  # spans may nest
                continue
            if run is not None:
                yield run
            run = (max(0, lo), hi, end)
        if run is not None:
            lo, hi, last = run
            # a last window near the end of the text runs to its end: searched a little
            # further, its matches need no second match on the whole text
            yield (lo, n if n - hi <= self.after else hi, last)
