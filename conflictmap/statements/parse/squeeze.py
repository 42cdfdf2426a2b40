"""Whitespace runs squeezed before parsing, and offsets mapped back afterwards.

Every pattern then sees at most two spaces in a row, so none can backtrack over a
long run, and every match is short enough for the keyword-hinted scans of
:mod:`conflictmap.statements.scan`.
"""

from __future__ import annotations

import bisect
import re
from array import array
from collections.abc import Sequence
from dataclasses import dataclass

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
    try:
        return MentionKind(kind)
    except ValueError:
        return MentionKind.NAME  # a kind this library does not know reads as a name


def _short(run: str) -> str:
    """What a run of whitespace is squeezed to: a blank line, a line break or a space."""
    newlines = run.count("\n")
    return "\n\n" if newlines >= 2 else "\n" if newlines else " "


@dataclass(frozen=True, slots=True, kw_only=True)
class _Span:
    """A mention moved onto the squeezed text."""

    start: int
    end: int
    place: str | None
    kind: MentionKind


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
        # a run already as short as it becomes ("\n\n" between paragraphs) changes nothing
        runs = [run for run in _RUN.finditer(text) if run.group() != _short(run.group())]
        self.identity = not runs
        self.text = text
        # the offset map as machine integers (4 bytes an offset; lists of Python ints
        # both ways took 72, 75 MB per MB of text: the peak of a long article)
        self._code = "i" if len(text) < 2**31 - 1 else "q"
        self.to_orig: array[int] = array(self._code)
        self.size = len(text)
        if not self.identity:
            self._squeeze(text, runs)

    def _squeeze(self, text: str, runs: list[re.Match[str]]) -> None:
        pieces: list[str] = []
        to_orig = array(self._code)
        pos = 0
        for run in runs:
            pieces.append(text[pos : run.start()])
            to_orig.extend(range(pos, run.start()))
            short = _short(run.group())
            pieces.append(short)
            to_orig.extend(range(run.start(), run.start() + len(short)))
            pos = run.end()
        pieces.append(text[pos:])
        to_orig.extend(range(pos, len(text)))
        to_orig.append(len(text))
        self.text = "".join(pieces)
        self.to_orig = to_orig

    def _new(self, pos: int) -> int:
        """The squeezed offset of original offset ``pos``: that of the last kept
        character at or before it (``to_orig`` rises strictly from 0, so a bisection
        finds it; a table of every offset cost 4 bytes a character)."""
        return bisect.bisect_right(self.to_orig, pos) - 1

    def original(self, pos: int) -> int:
        """The offset in the original text of offset ``pos`` of the squeezed one."""
        return pos if self.identity else self.to_orig[pos]

    def mentions(self, mentions: Sequence[MentionLike]) -> Sequence[MentionLike]:
        """``mentions`` with their spans on the squeezed text."""
        if self.identity:
            return mentions
        size = self.size
        out = []
        for m in mentions:
            start = self._new(min(max(m.start, 0), size))
            end = self._new(min(max(m.end - 1, 0), size)) + 1 if m.end > m.start else start
            out.append(_Span(start=start, end=end, place=m.place, kind=mention_kind(m)))
        return out

    def restore(self, item: Parsed) -> Parsed:
        """``item`` with its span on the original text."""
        if self.identity:
            return item
        return item.with_span(self.to_orig[item.start], self.to_orig[item.end - 1] + 1)
