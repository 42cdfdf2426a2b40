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
    size = len(text)
    if size < 2 * least or any(a.start > b.start for a, b in pairwise(mentions)):
        return [Piece(0, size, 0, len(mentions))]
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
            while k < len(mentions) and mentions[k].start < cut:
                reach = max(reach, mentions[k].end)
                k += 1
            if reach <= stop.start():
                out.append(Piece(last, cut, first, k))
                last, first = cut, k
                stop = search(text, max(cut, last + least - 3))
                continue
        stop = search(text, stop.start() + 1)
    out.append(Piece(last, size, first, len(mentions)))
    return out


Parser = Callable[[str, Sequence[MentionLike]], tuple[Parsed, ...]]


def parse_pieces(
    text: str, mentions: Sequence[MentionLike], parser: Parser, *, least: int
) -> list[Parsed]:
    """``parser`` on each stretch of ``text`` (each distinct one once), shifted back."""
    cut = pieces(text, mentions, least=least)
    if len(cut) == 1:
        return list(parser(text, mentions))
    read: dict[tuple[str, tuple[_Local, ...]], tuple[Parsed, ...]] = {}
    out: list[Parsed] = []
    for start, end, first, stop in cut:
        local = tuple(
            _Local(m.start - start, m.end - start, m.place, mention_kind(m))
            for m in mentions[first:stop]
        )
        key = (text[start:end], local)
        found = read.get(key)
        if found is None:
            found = read[key] = parser(key[0], local)
        out.extend(p.shifted(start, first) for p in found)
    return out
