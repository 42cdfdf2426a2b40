"""Parts of an area: "northern Mali", "central Mali", "the north of Mali", "Mali's south".

A list ("northern and eastern Mali", "the north and east of Mali") is one statement
per side, over the same span.

A ``part-of`` statement anchors on the area and carries the side as a
:class:`~conflictmap.statements.directions.Direction` (the centre for "central",
"the heart of"). A compass word capitalised mid-sentence is a name ("North
Africa", "West Mali"), and a bare noun needs a preposition before it ("in north
Mali", not "the North Mali party").
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator

from conflictmap.model import StatementKind
from conflictmap.statements.base import Parsed
from conflictmap.statements.directions import (
    DIRECTION_ADJECTIVE,
    DIRECTION_WORD,
    Compass,
    Direction,
    parse_direction,
)
from conflictmap.statements.parse.context import Context
from conflictmap.statements.parse.subjects import part_subject_after
from conflictmap.statements.scan import Hinted
from conflictmap.text.gates import needed
from conflictmap.text.patterns import lazy

__all__ = ["part_direction", "parts"]

_CENTRE_WORDS = r"central|centre|center|heart|heartland|interior|middle|mid"
_CENTRE = frozenset(_CENTRE_WORDS.split("|"))
_ADJ = (
    rf"(?:(?:far[\s-]+|extreme\s+)?(?:{DIRECTION_ADJECTIVE}|{DIRECTION_WORD})"
    r"|central|mid-?(?:western|eastern))"
)
#: the glue of a list of parts: "northern and eastern", "north, east and south"
_AND = r"(?:\s*,\s*(?:and\s+|or\s+)?|\s+(?:and|or)\s+)"
_PART_ADJ = lazy(rf"\b(?P<adj>{_ADJ})\s+\Z", re.IGNORECASE)
#: the words before the last of a list: "northern and " of "northern and eastern Mali"
_PART_LIST = lazy(rf"\b(?:{_ADJ}{_AND}){{1,3}}\Z", re.IGNORECASE)
_LISTED_ADJ = lazy(_ADJ, re.IGNORECASE)
_PART_OF_THE = lazy(
    rf"""
    (?=the)(?<!\bto\s)\bthe\s+(?:far\s+|extreme\s+|deep\s+)?
    (?:
        (?P<noun>{DIRECTION_WORD}|{_CENTRE_WORDS})
        (?P<more>(?:{_AND}(?:the\s+)?(?:{DIRECTION_WORD}|{_CENTRE_WORDS})){{0,3}})
      | (?P<adj>{DIRECTION_ADJECTIVE}|central)\s+
        (?:part|parts|region|regions|half|section|areas?|reaches|tip|edge|fringes|zone|
           provinces?|territories|desert|districts?)
    )
    \s+of\s+
    """,
    re.IGNORECASE | re.VERBOSE,
)
_PARTS_OF_THE = Hinted(
    _PART_OF_THE,
    r"north|south|east|west|central|centre|center|heart|interior|middle|mid",
    before=40,
    after=80,
)
_POSSESSIVE_PART = lazy(
    rf"""
    ['’]s\s+(?:(?-i:[a-z])[\w‐-]*\s+){{0,2}}?
    (?:
        (?P<noun>{DIRECTION_WORD})\b
        (?!\s+of\b)(?![‐-])(?!\s+(?-i:[A-Z]))
      | (?P<adj>{DIRECTION_ADJECTIVE}|central)\s+
        (?:part|parts|region|regions|half|section|areas?|reaches|desert|provinces?|territories)\b
    )
    """,
    re.IGNORECASE | re.VERBOSE,
)
_PART_PREP = lazy(r"\b(?:in|across|throughout|of|from|into|for|over)\s+\Z", re.IGNORECASE)
_LISTED_NOUN = lazy(rf"{DIRECTION_WORD}|{_CENTRE_WORDS}", re.IGNORECASE)
_OPENING = lazy(r"(?:^|[.!?:;\n][\"“”'‘’)\]]*\s*|[\"“‘(\[]\s*)\Z")
_NOT_A_NOUN = lazy(r"ern$|central|^mid", re.IGNORECASE)
_INTENSIFIER = lazy(r"^(?:far|extreme|deep)[\s‐-]+")


def part_direction(word: str) -> Direction | None:
    """The side a part word names ("far northern" → N, "central" → the centre).

    Examples
    --------
    >>> [part_direction(w).code.value for w in ("far northern", "heart", "mid-western")]
    ['N', 'C', 'W']
    """
    lowered = _INTENSIFIER.sub("", word.strip().lower())
    if lowered in _CENTRE:
        return Direction(code=Compass.CENTRE, text=word)
    if lowered.startswith("mid"):
        return parse_direction(lowered[3:].lstrip("-"))
    direction = parse_direction(lowered)
    return None if direction is None else Direction(code=direction.code, text=word)


def _lower_or_first(text: str, start: int, word: str) -> bool:
    """A compass word in lower case, or capitalised only because it opens a sentence.

    "northern Mali" is a part of Mali; "North Africa", "West Surrey" and "Central
    American" mid-sentence are names.
    """
    if word == word.lower():
        return True
    return _OPENING.search(text, max(0, start - 4), start) is not None


def parts(ctx: Context) -> Iterator[Parsed]:
    """Every part phrase: those before or after each mention, then "the north of X".

    Examples
    --------
    >>> from conflictmap.model import Mention
    >>> from conflictmap.statements.parse.context import Context
    >>> text = "Fighting spread across northern Mali. Kidal, in the north of Niger; Gao's south."
    >>> names = ("Mali", "Kidal", "Niger", "Gao")
    >>> ctx = Context(text, [Mention(start=text.index(n), end=text.index(n) + len(n), text=n)
    ...                      for n in names])
    >>> [(text[p.start:p.end], p.direction.code.value) for p in parts(ctx)]
    [('northern Mali', 'N'), ("Gao's south", 'S'), ('the north of Niger', 'N')]
    """
    compass = _compass_starts(ctx)
    for index in range(len(ctx.mentions)):
        if ctx.is_border(index):
            continue
        item = _adjective_part(ctx, index, compass)
        if item is not None:
            # "the northern Malian town of Gao", never "Central American" alone
            if not ctx.is_demonym(index) or part_subject_after(ctx, item) is not None:
                yield item
            continue
        if ctx.text[ctx.mentions[index].end : ctx.mentions[index].end + 1] not in ("'", "’"):
            continue  # a possessive part starts with the apostrophe after the name
        item = _possessive_part(ctx, index)
        if item is not None:
            yield item
    yield from _parts_of_the(ctx)


def _compass_starts(ctx: Context) -> list[int] | None:
    """Where a word of ``_PART_ADJ``'s gate may start (the keyword pass's compass and
    centre words, which hold every gate word), or ``None`` to use the gate itself."""
    gate = needed(_PART_ADJ)
    if gate is None or not gate <= _PARTS_OF_THE.hint_words():
        return None
    return _PARTS_OF_THE.hint_starts(ctx.lowered)


def _adjective_part(ctx: Context, index: int, compass: list[int] | None) -> Parsed | None:
    """ "northern Mali", "central Mali", "north-east Nigeria" """
    text = ctx.text
    mention = ctx.mentions[index]
    low, lo, gate = ctx.lowered.lower, max(0, mention.start - 30), needed(_PART_ADJ)
    if compass is not None:
        at = bisect.bisect_left(compass, lo)
        if at == len(compass) or compass[at] >= mention.start:
            return None  # no compass word just before: the pattern would find nothing
    elif low is not None and gate and not any(low.find(w, lo, mention.start) >= 0 for w in gate):
        return None  # no compass word just before: the pattern would find nothing
    if not _ends_like_a_part_word(text, lo, mention.start):
        return None
    adjective = _PART_ADJ.search(text, lo, mention.start)
    if adjective is None:
        return None
    word = adjective.group("adj")
    start = adjective.start()
    before = _PART_LIST.search(text, max(0, start - 50), start)
    words = [*_LISTED_ADJ.findall(before.group()), word] if before is not None else [word]
    start = before.start() if before is not None else start
    if not _lower_or_first(text, start, words[0]):
        return None
    listed = _listed(words)
    if not listed:
        return None
    is_noun = not _NOT_A_NOUN.search(word)
    if is_noun and not _PART_PREP.search(text, max(0, start - 15), start):
        return None
    return Parsed(
        kind=StatementKind.PART_OF,
        start=start,
        end=mention.end,
        anchor=index,
        direction=listed[0],
        listed=listed if len(listed) > 1 else (),
        cue=word,
    )


def _ends_like_a_part_word(text: str, lo: int, end: int) -> bool:
    """Whether ``text[lo:end]`` can end as ``_PART_ADJ`` matches it: spaces, and before
    them the last letter of a part word (north, east, ...ern, central: n, h, t or l, in
    either case; no other character matches them case-insensitively)."""
    j = end
    while j > lo and text[j - 1].isspace():
        j -= 1
    return lo < j < end and text[j - 1] in "nhtlNHTL"


def _listed(words: list[str]) -> tuple[Direction, ...]:
    """The sides a list of part words names, each once ("northern and eastern": N, E);
    empty when a word is no side, or a capitalised one is a name ("North and South Korea")."""
    found: list[Direction] = []
    for word in words:
        direction = part_direction(word)
        if direction is None or (found and word != word.lower()):
            return ()
        if all(d.code is not direction.code for d in found):
            found.append(direction)
    return tuple(found)


def _possessive_part(ctx: Context, index: int) -> Parsed | None:
    """ "Mali's government-held south", "Mali's northern regions" """
    mention = ctx.mentions[index]
    possessive = _POSSESSIVE_PART.match(ctx.text, mention.end)
    if possessive is None or ctx.is_demonym(index):
        return None
    word = possessive.group("noun") or possessive.group("adj")
    direction = part_direction(word)
    if direction is None or word != word.lower():
        return None
    return Parsed(
        kind=StatementKind.PART_OF,
        start=mention.start,
        end=possessive.end(),
        anchor=index,
        direction=direction,
        cue=word,
    )


def _parts_of_the(ctx: Context) -> Iterator[Parsed]:
    """ "the north of Mali", "the northern part of the country of Mali" """
    for match in _PARTS_OF_THE.finditer(ctx.lowered):
        anchor = ctx.anchor_at(match.end())
        if anchor is None:
            continue
        word = match.group("noun") or match.group("adj")
        listed = _listed([word, *_LISTED_NOUN.findall(match.group("more") or "")])
        if not listed:
            continue
        yield Parsed(
            kind=StatementKind.PART_OF,
            start=match.start(),
            end=anchor[1],
            anchor=anchor[0],
            direction=listed[0],
            listed=listed if len(listed) > 1 else (),
            cue=word,
        )
