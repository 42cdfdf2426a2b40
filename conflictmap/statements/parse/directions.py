"""Directions alone: "north of Gao", "to the east of Timbuktu", "due west of the capital".

(The compass words themselves are read by :mod:`conflictmap.statements.directions`.)
"The north of Mali" is a part (:mod:`.parts`), "to the north of Mali" a direction.
A list of points ("west and south of El Fasher", "north or east of Gao") is one
phrase stating each of them: the parser gives one statement per point, over the
same span (:attr:`~conflictmap.statements.base.Parsed.listed`).
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from conflictmap.model import StatementKind
from conflictmap.statements.base import Parsed
from conflictmap.statements.directions import Direction, parse_direction
from conflictmap.statements.parse.context import Context
from conflictmap.statements.scan import Hinted
from conflictmap.text.patterns import lazy, word_trie

__all__ = ["directions"]

_POINT = r"(?:north|south|east|west)(?:[ \t‐‑–-]?(?:north|south|east|west)){0,2}"
_PRE_WORDS = "just|due|slightly|further|farther|far|deep|well|directly|immediately"
#: the words a match starts with (a lookahead: the same matches, found without trying
#: every alternative at every word)
_FIRST = word_trie(sorted({*_PRE_WORDS.split("|"), "to", "north", "south", "east", "west"}))
_DIRECTION_ONLY = lazy(
    rf"""
    \b(?={_FIRST})(?:(?P<pre>{_PRE_WORDS})\s+)?
    (?P<to>to\s+the\s+)?
    (?P<dir>{_POINT})
    (?P<more>(?:(?:\s*,\s*(?:and\s+|or\s+)?|\s+(?:and|or)\s+)(?:to\s+the\s+)?{_POINT}){{0,3}})
    \s+(?:of|from)\s+
    """,
    re.IGNORECASE | re.VERBOSE,
)
_POINTS = lazy(_POINT, re.IGNORECASE)
_DIRECTIONS_ONLY = Hinted(_DIRECTION_ONLY, r"north|south|east|west", before=40, after=60)


def directions(ctx: Context) -> Iterator[Parsed]:
    """Every compass word with "of"/"from" followed by an anchor.

    Examples
    --------
    >>> from conflictmap.model import Mention
    >>> from conflictmap.statements.parse.context import Context
    >>> text = "Kidal lies due north of Gao, in the north of Mali."
    >>> ctx = Context(text, [Mention(start=text.index(n), end=text.index(n) + len(n), text=n)
    ...                      for n in ("Kidal", "Gao", "Mali")])
    >>> [(text[p.start:p.end], p.direction.code.value, p.cue) for p in directions(ctx)]
    [('due north of Gao', 'N', 'due')]
    """
    text = ctx.text
    for match in _DIRECTIONS_ONLY.finditer(ctx.lowered):
        if (
            match.group("to") is None
            and text[max(0, match.start() - 4) : match.start()].lower() == "the "
        ):
            continue  # "the north of Mali" is a part, not a direction
        anchor = ctx.anchor_at(match.end())
        if anchor is None:
            continue
        listed = _listed(match)
        if not listed:
            continue
        yield Parsed(
            kind=StatementKind.DIRECTION,
            start=match.start(),
            end=anchor[1],
            anchor=anchor[0],
            direction=listed[0],
            listed=listed if len(listed) > 1 else (),
            cue=(match.group("pre") or "").lower() or None,
        )


def _listed(match: re.Match[str]) -> tuple[Direction, ...]:
    """The compass points of a match, in the order written ("west and south" → W, S)."""
    words = [match.group("dir"), *_POINTS.findall(match.group("more") or "")]
    found: list[Direction] = []
    for word in words:
        direction = parse_direction(word)
        if direction is None:
            return ()
        if all(d.code is not direction.code for d in found):
            found.append(direction)
    return tuple(found)
