"""Offsets and distances: "some 400 kilometres (250 miles) north of the capital Bamako".

A number or range with a unit, an optional conversion in brackets, adverbs ("by
road", "due"), then either a compass word and "of"/"from" (an ``offset``) or a
preposition alone (a ``distance``: "50 km from Gao", "20 km outside Gao",
"within 20 km of Gao"), unless a direction after the anchor refers back to it
("some 50km outside Mogadishu, to the north-west of the city" is an offset), or
one before it that "the city" refers back to ("north-west of Mogadishu, some 50km
outside the city").
"200 km of desert" states no position.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator

from conflictmap.model import StatementKind
from conflictmap.statements.base import Parsed
from conflictmap.statements.directions import DIRECTION, DIRECTION_WORD, parse_direction
from conflictmap.statements.hedges import HEDGE, HEDGE_FIRST_WORDS
from conflictmap.statements.numbers import NUMBER, NUMBER_FIRST_WORDS
from conflictmap.statements.parse.context import Context
from conflictmap.statements.parse.quantities import Quantities
from conflictmap.statements.scan import Hinted
from conflictmap.statements.units import UNIT, UNIT_END, UNIT_SPELLINGS, spelled
from conflictmap.text.patterns import lazy, word_trie

__all__ = ["OFFSET", "offsets"]

_CONVERSION = (
    rf"\s*[(\[]\s*(?:{HEDGE}\s+)?{NUMBER}(?:\s*(?:-|–|—|to)\s*{NUMBER})?[\s-]*{UNIT}\s*[)\]]"
)
#: what every offset starts with: a digit, "several" (which a unit may follow at once:
#: "severalkm"), or the first word of a hedge, of "between", "a few", "a couple of" or of a
#: number in words, which a space or a hyphen always follows (a word boundary, but after
#: "approx.", "c." and "~"). Only a lookahead (the match is the same without it), it lets
#: the pattern give up after a character or two where no such word starts, instead of
#: trying every hedge and number word there (issue 20: offsets were half the parse).
_FIRST_WORDS = {*HEDGE_FIRST_WORDS, "between", *NUMBER_FIRST_WORDS}
_WORDS_FIRST = word_trie(sorted(w for w in _FIRST_WORDS if w[-1].isalpha()))
_SIGNS_FIRST = word_trie(sorted(w for w in _FIRST_WORDS if not w[-1].isalpha()))
_STARTS = rf"(?=\d|several|{_WORDS_FIRST}\b|{_SIGNS_FIRST})"
#: a stated distance and what follows it (the groups :func:`.quantity` reads, and
#: ``dir`` or ``prep``)
OFFSET = lazy(
    rf"""
    (?<![\w.,]){_STARTS}
    (?:(?P<hedge>{HEDGE})\s+)?
    (?:between\s+)?
    (?:
        (?P<vague>a\s+few|several|a\s+couple\s+of)
      | (?P<num>{NUMBER})
        (?:\s*(?:-|–|—|to|or|and)\s*(?P<num2>{NUMBER}))?
        (?P<odd>\s*-?\s*odd)?
    )
    [\s-]{{0,3}}(?P<unit>{UNIT})
    (?P<conv>{_CONVERSION})?
    (?:,?\s+or\s+(?:{HEDGE}\s+)?{NUMBER}[\s-]*{UNIT},?)?
    (?P<orso>\s+or\s+so)?
    (?P<adverbs>(?:\s+(?:away|further|farther|due|directly|straight|
                      as\s+the\s+crow\s+flies|by\s+road|overland|by\s+air)){{0,3}})
    (?:
        \s+(?:to\s+the\s+)?(?P<dir>{DIRECTION})\s+(?:of|from)\b
      | \s+(?P<prep>from|outside(?:\s+of)?|away\s+from|of|short\s+of|beyond|past)\b
    )
    """,
    re.IGNORECASE | re.VERBOSE,
)
#: a direction after the anchor that refers back to it: "some 50km outside Mogadishu, to
#: the north-west of the city", "20 km from Gao, to the east", "30 km outside Kidal, north of it"
_TRAILING_DIRECTION = lazy(
    rf"""
    ,?\s+(?:(?:to|in|towards)\s+the\s+)?(?P<dir>{DIRECTION_WORD})
    (?:\s+of\s+(?:(?:the|that)\s+(?:city|town|capital|village|port|camp|base|settlement)|it))?
    (?=\s*(?:[.,;:!?)\]]|\Z|\s(?:and|where|on|in|at|near)\b))
    """,
    re.IGNORECASE | re.VERBOSE,
)
#: "the city" after a distance: it refers back to the place named just before
_THE_PLACE = lazy(
    r"\s*(?:the|that)\s+(?:city|town|capital|village|port|camp|base|settlement)\b",
    re.IGNORECASE,
)
#: a direction and its anchor just before a distance: "north-west of Mogadishu, some 50km
#: outside the city"
_DIRECTION_BEFORE = lazy(
    rf"(?:\bto\s+the\s+)?(?P<dir>{DIRECTION_WORD})\s+(?:of|from)\s+\Z", re.IGNORECASE
)
_COMMA_GAP = lazy(r"\s*,\s*\Z")
#: every offset names a unit ("km", "miles") after a digit, a space or a dash, or right
#: after the words a unit may follow at once ("severalkm", "a fewkm", "a couple ofkm",
#: "50-oddkm"; without them the scan found these only near another unit)
_UNIT_LEADS = (r"[\d\s\-–]", "several", "few", "of", "odd")
_UNIT_AFTER = "(?:" + "|".join(f"(?<={lead})" for lead in _UNIT_LEADS) + ")"
_UNIT_HINT = rf"{_UNIT_AFTER}(?:{UNIT})"


def _unit_first() -> str:
    """``_UNIT_HINT`` with each spelling's first letter before the look back.

    Each branch starts with a letter (every unit word starts with k, m or n), so the
    expression engine skips in C to the next such letter instead of trying the look
    backs at every character; within a branch the spellings keep :data:`UNIT`'s order,
    so a match is the one ``_UNIT_HINT`` gives at the same place.
    """
    branches = []
    for letter in sorted({s[0] for s in UNIT_SPELLINGS}):
        # the words' look backs only after their last letters (most k, m and n follow
        # another letter: one cheap look back rules them out)
        words = "|".join(f"(?<={lead}{letter})" for lead in _UNIT_LEADS[1:])
        lasts = "".join(sorted({lead[-1] for lead in _UNIT_LEADS[1:]}))
        after = f"(?<={_UNIT_LEADS[0]}{letter})|(?<=[{lasts}]{letter})(?:{words})"
        rests = "|".join(spelled(s[1:]) for s in UNIT_SPELLINGS if s[0] == letter)
        branches.append(f"{re.escape(letter)}(?:{after})(?:{rests})")
    return f"(?:{'|'.join(branches)}){UNIT_END}"


_UNIT_FIRST = lazy(_unit_first())


def _unit_spans(lower: str) -> Iterator[tuple[int, int]]:
    """The spans of ``_UNIT_HINT``'s matches in ``lower``, as its ``finditer`` gives them
    (found by ``_UNIT_FIRST``, which needs no Python step per candidate letter)."""
    return (unit.span() for unit in _UNIT_FIRST.finditer(lower))


_OFFSETS = Hinted(OFFSET, _UNIT_HINT, before=160, after=260, spans=_unit_spans)
#: hedges that make "N km of X" a position ("within 20 km of Gao")
_UPPER_BOUNDS = frozenset(
    ("within", "up to", "less than", "under", "no more than", "not more than", "at most")
)


def offsets(ctx: Context) -> Iterator[Parsed]:
    """Every offset and distance phrase followed by an anchor.

    Examples
    --------
    >>> from conflictmap.model import Mention
    >>> from conflictmap.statements.parse.context import Context
    >>> text = "Troops moved 25 km north-east of Gao, then 20 km from Kidal."
    >>> ctx = Context(text, [Mention(start=33, end=36, text="Gao"),
    ...                      Mention(start=54, end=59, text="Kidal")])
    >>> [(p.kind.value, text[p.start:p.end], p.direction and p.direction.code.value)
    ...  for p in offsets(ctx)]
    [('offset', '25 km north-east of Gao', 'NE'), ('distance', '20 km from Kidal', None)]
    """
    read = Quantities(ctx.tuning)
    for match in _OFFSETS.finditer(ctx.lowered):
        anchor = ctx.anchor_at(match.end())
        if anchor is None:
            earlier = _back_reference(ctx, match, read)
            if earlier is not None:
                yield earlier
            continue
        found = read(match)
        if found is None:
            continue
        direction = parse_direction(match.group("dir")) if match.group("dir") else None
        if match.group("dir") and direction is None:
            continue
        prep = (match.group("prep") or "").lower()
        if prep == "of" and direction is None and found.hedge not in _UPPER_BOUNDS:
            continue  # "200 km of desert", "200 km of Mali": no position stated
        end = anchor[1]
        trailing = _TRAILING_DIRECTION.match(ctx.text, end) if direction is None else None
        if trailing is not None and prep != "of":
            direction = parse_direction(trailing.group("dir"))
            end = trailing.end() if direction is not None else end
        yield Parsed(
            kind=StatementKind.OFFSET if direction is not None else StatementKind.DISTANCE,
            start=match.start(),
            end=end,
            anchor=anchor[0],
            distance=found,
            direction=direction,
            cue=prep or None,
        )


def _back_reference(ctx: Context, match: re.Match[str], read: Quantities) -> Parsed | None:
    """ "north-west of Mogadishu, some 50km outside the city": one offset from Mogadishu.

    A distance whose anchor is "the city" (no name), right after a comma that follows
    "<direction> of <name>", is the distance of that direction from that name.
    """
    if match.group("dir") or (match.group("prep") or "").lower() == "of":
        return None
    the_place = _THE_PLACE.match(ctx.text, match.end())
    if the_place is None:
        return None
    k = bisect.bisect_right(ctx.ends, match.start()) - 1
    if k < 0:
        return None
    index = ctx.by_end[k]
    mention = ctx.mentions[index]
    if not _COMMA_GAP.match(ctx.text[mention.end : match.start()]):
        return None
    before = _DIRECTION_BEFORE.search(ctx.text, max(0, mention.start - 40), mention.start)
    found = read(match)
    direction = parse_direction(before.group("dir")) if before is not None else None
    if found is None or direction is None or before is None or ctx.is_demonym(index):
        return None
    return Parsed(
        kind=StatementKind.OFFSET,
        start=before.start(),
        end=the_place.end(),
        anchor=index,
        distance=found,
        direction=direction,
        cue=(match.group("prep") or "").lower() or None,
    )
