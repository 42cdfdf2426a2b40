"""Whitespace runs squeezed before parsing, and offsets mapped back afterwards.

Every pattern then sees at most two spaces in a row, so none can backtrack over a
long run, and every match is short enough for the keyword-hinted scans of
:mod:`conflictmap.statements.scan`.
"""

from __future__ import annotations

import bisect
import functools
import re
from array import array
from collections.abc import Sequence
from typing import NamedTuple

from conflictmap.model import MentionKind
from conflictmap.statements.base import MentionLike, Parsed
from conflictmap.text.patterns import lazy

__all__ = ["Squeezed", "mention_kind"]

_RUN = lazy(r"\s{2,}")


def mention_kind(mention: object) -> MentionKind:
    """A mention's :class:`~conflictmap.model.MentionKind`; a plain name when it has none.

    Examples
    --------
    >>> from conflictmap.model import Mention
    >>> mention_kind(Mention(start=0, end=3, text="Gao", kind="demonym")), mention_kind(object())
    (<MentionKind.DEMONYM: 'demonym'>, <MentionKind.NAME: 'name'>)
    """
    kind = getattr(mention, "kind", None) or MentionKind.NAME
    if type(kind) is MentionKind:
        return kind
    try:
        return MentionKind(kind)
    except ValueError:
        return MentionKind.NAME  # a kind this library does not know reads as a name


#: every ASCII whitespace character but the line break, as a space (``\s`` is exactly
#: str.isspace(); tests/test_squeeze_offsets.py checks the table against it)
_SPACES = {c: " " for c in range(128) if chr(c).isspace() and chr(c) != "\n"}


def _runs(text: str) -> bool:
    """Whether ``text`` may hold a run that squeezing changes (``False``: certainly not).

    For ASCII text, a few substring tests on a copy with every whitespace character but
    the line break made a space (in C, much faster than the run pattern tried at every
    character): a run of two or more holds a space next to another whitespace character,
    or is three or more line breaks; "\n\n" alone stays."""
    if not text.isascii():
        return True
    spaced = text.translate(_SPACES)
    return any(pair in spaced for pair in ("  ", " \n", "\n ", "\n\n\n"))


def _short(run: str) -> str:
    """What a run of whitespace is squeezed to: a blank line, a line break or a space."""
    newlines = run.count("\n")
    return "\n\n" if newlines >= 2 else "\n" if newlines else " "


class _Span(NamedTuple):
    """A mention moved onto the squeezed text (a tuple: made once per mention)."""

    start: int
    end: int
    place: str | None
    kind: MentionKind


#: a :class:`_Span` from its four fields as one tuple (no keyword parsing: one per mention)
_span = functools.partial(tuple.__new__, _Span)


class Squeezed:
    """The text with each run of whitespace squeezed to one or two characters.

    A run holding two or more line breaks becomes a blank line, one line break
    stays one, anything else becomes one space.

    Examples
    --------
    >>> squeezed = Squeezed("Gao,     near\\n\\n\\nKidal")
    >>> squeezed.text
    'Gao, near\\n\\nKidal'
    >>> squeezed.original(5), squeezed.original(11)
    (9, 16)
    """

    def __init__(self, text: str) -> None:
        # every run of two or more changes but a blank line alone ("\n\n" between
        # paragraphs is what it would become)
        runs = [run for run in _RUN.finditer(text) if run.group() != "\n\n"] if _runs(text) else []
        self.identity = not runs
        self.text = text
        self.size = len(text)
        # The offset map is a line of slope one broken at the end of each squeezed run:
        # stretch ``j`` of the squeezed text starts at ``starts[j]``, which is offset
        # ``origins[j]`` of the text (machine integers, 8 bytes a run; a table of every
        # character took 4 bytes a character, and a pass over the whole text to build).
        code = "i" if len(text) < 2**31 - 1 else "q"
        self._starts: array[int] = array(code, [0])
        self._origins: array[int] = array(code, [0])
        if not self.identity:
            self._squeeze(text, runs)

    def _squeeze(self, text: str, runs: list[re.Match[str]]) -> None:
        pieces: list[str] = []
        pos = at = 0  # where the text and the squeezed text are
        for run in runs:
            short = _short(run.group())
            pieces.append(text[pos : run.start()])
            pieces.append(short)
            at += run.start() - pos + len(short)
            pos = run.end()
            self._starts.append(at)
            self._origins.append(pos)
        pieces.append(text[pos:])
        self.text = "".join(pieces)

    def _new(self, pos: int) -> int:
        """The squeezed offset of original offset ``pos``: that of the last kept
        character at or before it (inside a squeezed run: the run's last kept one)."""
        starts, origins = self._starts, self._origins
        j = bisect.bisect_right(origins, pos) - 1
        last = starts[j + 1] - 1 if j + 1 < len(starts) else len(self.text)
        return min(starts[j] + pos - origins[j], last)

    def original(self, pos: int) -> int:
        """The offset in the original text of offset ``pos`` of the squeezed one."""
        if self.identity:
            return pos
        j = bisect.bisect_right(self._starts, pos) - 1
        return self._origins[j] + pos - self._starts[j]

    def mentions(self, mentions: Sequence[MentionLike]) -> Sequence[MentionLike]:
        """``mentions`` with their spans on the squeezed text.

        Each offset is moved as :meth:`_new` moves it; the stretch of the offset map
        the last one fell in is tried first (mentions come in text order, most
        between the same two runs), and bisected for only when it is not that one.
        """
        if self.identity:
            return mentions
        size, starts, origins = self.size, self._starts, self._origins
        count, squeezed, new = len(origins), len(self.text), self._new
        j, low, high, shift, last = -1, 0, -1, 0, 0  # stretch ``j`` holds [low, high)
        out = []
        for m in mentions:
            pos = min(max(m.start, 0), size)
            if not low <= pos < high:
                j = bisect.bisect_right(origins, pos) - 1
                low = origins[j]
                high = origins[j + 1] if j + 1 < count else size + 1
                shift = starts[j] - low
                last = starts[j + 1] - 1 if j + 1 < count else squeezed
            start = min(pos + shift, last)
            if m.end > m.start:
                pos = min(max(m.end - 1, 0), size)
                end = (min(pos + shift, last) if low <= pos < high else new(pos)) + 1
            else:
                end = start
            kind = getattr(m, "kind", None)
            if type(kind) is not MentionKind:
                kind = mention_kind(m)
            out.append(_span((start, end, m.place, kind)))
        return out

    def restore(self, item: Parsed) -> Parsed:
        """``item`` with its span on the original text."""
        if self.identity:
            return item
        return item.with_span(self.original(item.start), self.original(item.end - 1) + 1)
