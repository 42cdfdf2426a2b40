"""Long articles read a stretch at a time, and each distinct stretch once (issue 20).

A statement never reaches across the end of a sentence written as a full stop after a
lower-case word, then one or two spaces or line breaks and a capital letter, outside
every mention ("... near Gao. Rebels ..."):

- no pattern of the parser matches a full stop but in a decimal ("12.5"), after a
  unit ("50 km.", "miles."), in a hedge ("approx.", "c.") or in a compass
  abbreviation ("N.E."): a cut is made only after a word of two or more ASCII letters,
  the last one lower case, that does not end like a unit or such a hedge and follows no
  other letter (the Kelvin sign reads as "k" to a case-blind pattern);
- a subject is joined to its statement by spaces, commas and words only, and an anchor
  follows its cue the same way;
- every look back (a preposition before a border, "the " before a compass word, the
  opening of a sentence before a capitalised part word) ends where the reader stands
  and holds no full stop, and the space before a cut reads as a word boundary, as the
  start of a text does; every look ahead stops at the full stop.

So the statements of an article are those of its stretches between such cuts, each
parsed alone and shifted (tests/test_statements_pieces.py checks this against the
whole-text parse, with every possible cut). A stretch runs at least
``StatementsTuning.piece_chars`` characters (below that, reading a stretch alone costs
more than it saves), and a stretch the article repeats with the same mentions, at the
same offsets in it, is parsed once.

Examples
--------
>>> text = "Jets flew near Gao. Jets flew near Gao. Rain fell 5 km. North of Gao."
>>> [text[lo:hi] for lo, hi, _, _ in pieces(text, [], least=1)]
['Jets flew near Gao. ', 'Jets flew near Gao. ', 'Rain fell 5 km. North of Gao.']
"""

from __future__ import annotations

import bisect
from collections.abc import Callable, Sequence
from itertools import pairwise
from typing import NamedTuple

from conflictmap.model import MentionKind
from conflictmap.statements.base import MentionLike, Parsed
from conflictmap.statements.hedges import HEDGE_FIRST_WORDS
from conflictmap.statements.parse.squeeze import mention_kind
from conflictmap.statements.units import UNIT_WORDS
from conflictmap.text.patterns import lazy

__all__ = ["Piece", "parse_pieces", "pieces"]

#: how the words end that a pattern may read on into a full stop ("km." ends in "m")
_DOT_ENDINGS = tuple(
    sorted(
        {w.replace(".", " ").split()[-1] for w in UNIT_WORDS}
        | {w.rstrip(".") for w in HEDGE_FIRST_WORDS if w.endswith(".")}
    )
)
#: a full stop, one or two spaces or line breaks, a capital letter: where a cut may fall
_STOP = lazy(r"\.\s{1,2}(?=[A-Z])")
_LETTERS = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ")


class Piece(NamedTuple):
    """A stretch of the text and the mentions that start in it."""

    start: int
    end: int
    first: int
    stop: int


class _Local(NamedTuple):
    """A mention on a stretch's own offsets (what the parser reads of a mention)."""

    start: int
    end: int
    place: str | None
    kind: MentionKind


def _ends_a_sentence(text: str, dot: int) -> bool:
    """Whether the full stop at ``dot`` can end every statement (by the word before it)."""
    if not ("a" <= text[dot - 1 : dot] <= "z"):
        return False
    i = dot - 1
    while i >= 0 and text[i] in _LETTERS:
        i -= 1
    if dot - i < 3 or (i >= 0 and text[i].isalpha()):
        return False
    return not text[i + 1 : dot].lower().endswith(_DOT_ENDINGS)


def pieces(text: str, mentions: Sequence[MentionLike], *, least: int) -> list[Piece]:
    """The stretches of ``text`` to parse one by one (one stretch when no cut is safe).

    ``mentions`` must come sorted by start (else the whole text is one stretch). A cut
    follows a full stop and one or two spaces (or line breaks), before a capital
    letter, never inside a mention; stretches run at least ``least`` characters.
    """
    return _pieces(text, [m.start for m in mentions], [m.end for m in mentions], least)


def _pieces(text: str, starts: list[int], ends: list[int], least: int) -> list[Piece]:
    size, count = len(text), len(starts)
    if size < 2 * least or starts != sorted(starts):
        return [Piece(0, size, 0, count)]
    out: list[Piece] = []
    last = first = k = 0
    reach = -1  # the furthest end of the mentions before the candidate cut
    search = _STOP.search
    stop = search(text, max(0, least - 3))
    while stop is not None:
        cut = stop.end()
        if size - cut < least:
            break
        if cut - last >= least and _ends_a_sentence(text, stop.start()):
            before = bisect.bisect_left(starts, cut, k)
            reach = max(reach, *ends[k:before]) if before > k else reach
            k = before
            if reach <= stop.start():
                out.append(Piece(last, cut, first, k))
                last, first = cut, k
                stop = search(text, max(cut, last + least - 3))
                continue
        stop = search(text, stop.start() + 1)
    out.append(Piece(last, size, first, count))
    return out


Parser = Callable[[str, Sequence[MentionLike]], tuple[Parsed, ...]]
#: a stretch's text and its mentions on its own offsets (the first one's start, the
#: gaps between starts, the lengths, places and kinds)
_Key = tuple[
    str, int, tuple[int, ...], tuple[int, ...], tuple[str | None, ...], tuple[MentionKind, ...]
]


def parse_pieces(
    text: str, mentions: Sequence[MentionLike], parser: Parser, *, least: int
) -> list[tuple[int, int, tuple[Parsed, ...]]]:
    """``parser`` on each stretch of ``text`` (each distinct one once).

    Returns, per stretch, its offset in ``text``, the index of its first mention and
    the statements ``parser`` read from it (on the stretch's own offsets and mention
    indices: :meth:`~conflictmap.statements.base.Parsed.relocated` moves them back).
    """
    starts, ends = [m.start for m in mentions], [m.end for m in mentions]
    cut = _pieces(text, starts, ends, least)
    if len(cut) == 1:
        return [(0, 0, parser(text, mentions))]
    gaps = [b - a for a, b in pairwise(starts)]
    sizes = [b - a for a, b in zip(starts, ends, strict=True)]
    places = [m.place for m in mentions]
    kinds = [mention_kind(m) for m in mentions]
    read: dict[_Key, tuple[Parsed, ...]] = {}
    out = []
    for start, end, first, stop in cut:
        key = (
            text[start:end],
            starts[first] - start if first < stop else 0,
            tuple(gaps[first : stop - 1]),
            tuple(sizes[first:stop]),
            tuple(places[first:stop]),
            tuple(kinds[first:stop]),
        )
        found = read.get(key)
        if found is None:
            local = tuple(
                _Local(starts[i] - start, ends[i] - start, places[i], kinds[i])
                for i in range(first, stop)
            )
            found = read[key] = parser(key[0], local)
        out.append((start, first, found))
    return out
