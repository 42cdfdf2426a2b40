"""Borders: "along the border with Mauritania", "Mali's border with Niger", "the Mali-Niger border".

A phrase is an ``along-border`` statement when a preposition of place comes
before it ("along", "near", "at", "in"...), else a ``border`` reference ("they
came from the border", "troops sealed the border"). Its anchors are the countries
named; a mention the spotter already resolved to a border ("the Mauritanian
border") anchors on that border itself.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from conflictmap.model import StatementKind
from conflictmap.statements.base import Parsed
from conflictmap.statements.parse.context import Context
from conflictmap.statements.parse.fragments import (
    BORDER_AFTER,
    BORDER_WORD,
    PAIR_DASH,
    squeeze_spaces,
)
from conflictmap.statements.scan import Hinted
from conflictmap.text.patterns import lazy, word_trie

__all__ = ["borders"]

_ALONG = (
    r"along|on|near|nearer|close\s+to|at|by|astride|straddling|next\s+to|in|inside|"
    r"not\s+far\s+from|within\s+reach\s+of|towards?|across|over|beyond|from|to"
)
#: prepositions that put a place in the border zone (the others only name the border)
_ALONG_KINDS = frozenset(
    (
        "along",
        "on",
        "near",
        "nearer",
        "close to",
        "at",
        "by",
        "astride",
        "straddling",
        "next to",
        "in",
        "inside",
        "not far from",
        "within reach of",
    )
)
_DETERMINERS = ("the", "its", "their", "his", "her", "a")
_PREP_BEFORE = lazy(rf"\b(?P<prep>{_ALONG})\s+(?:the\s+|its\s+|their\s+)?\Z", re.IGNORECASE)
_BORDER_WITH = lazy(
    # the lookahead: the same matches, found without trying each determiner at every word
    rf"\b(?={word_trie(sorted(_DETERMINERS))})(?:the|its|their|his|her|a)"
    rf"\s+{BORDER_WORD}\s+(?P<link>with|between)\s+",
    re.IGNORECASE,
)
_BORDERS_WITH = Hinted(_BORDER_WITH, r"border|frontier", before=40, after=60)
_AFTER_POSSESSIVE_BORDER = lazy(
    rf"['’]s\s+(?:(?:northern|southern|eastern|western|long|porous|remote|desert)\s+)?"
    rf"{BORDER_WORD}\b(?P<with>\s+with\s+)?",
    re.IGNORECASE,
)
_AND = lazy(r"\s+and\s+")
#: what can follow a name that ends a border phrase's first part: a possessive's
#: apostrophe, a pair's dash or slash (or a space: also before "border")
_OPENERS = "'’-–—/"


def borders(ctx: Context) -> Iterator[Parsed]:
    """Every border phrase: "the border with X" first, then those at each mention.

    Examples
    --------
    >>> from conflictmap.model import Mention
    >>> from conflictmap.statements.parse.context import Context
    >>> text = "Camps along the border with Mauritania; troops sealed the Mali-Niger border."
    >>> names = ("Mauritania", "Mali", "Niger")
    >>> ctx = Context(text, [Mention(start=text.index(n), end=text.index(n) + len(n), text=n)
    ...                      for n in names])
    >>> for p in borders(ctx):
    ...     print(p.kind.value, p.cue, text[p.start:p.end], sep=" | ")
    along-border | along | along the border with Mauritania
    border | None | Mali-Niger border
    """
    yield from _borders_with(ctx)
    text = ctx.text
    for index, mention in enumerate(ctx.mentions):
        after = text[mention.end : mention.end + 1]
        if not ctx.is_border(index) and not (after and (after in _OPENERS or after.isspace())):
            continue  # each phrase below starts with one of these after the name
        found = (
            _border_mention(ctx, index)
            or _possessive_border(ctx, index)
            or _pair_border(ctx, index)
            or _the_border(ctx, index)
        )
        if found is not None:
            yield found


def _border(
    ctx: Context, at: int, end: int, anchor: int, anchor2: int | None = None, *, start: int
) -> Parsed:
    """A border statement, ``along-border`` when a preposition of place comes before ``at``.

    ``start`` is where the phrase starts when no preposition does.
    """
    prep = _PREP_BEFORE.search(ctx.text, max(0, at - 30), at)
    cue = squeeze_spaces(prep.group("prep")) if prep is not None else None
    along = cue is not None and cue in _ALONG_KINDS
    return Parsed(
        kind=StatementKind.ALONG_BORDER if along else StatementKind.BORDER,
        start=prep.start() if prep is not None else start,
        end=end,
        anchor=anchor,
        anchor2=anchor2,
        cue=cue,
    )


def _borders_with(ctx: Context) -> Iterator[Parsed]:
    """ "(along) the border with Mauritania", "the border between Mali and Niger" """
    for match in _BORDERS_WITH.finditer(ctx.lowered):
        first = ctx.anchor_at(match.end(), descriptors=False)
        if first is None:
            continue
        second: tuple[int, int] | None = None
        glue = _AND.match(ctx.text, first[1])
        if glue is not None and match.group("link").lower() == "between":
            second = ctx.anchor_at(glue.end(), descriptors=False)
        end = second[1] if second else first[1]
        anchor2 = second[0] if second else None
        yield _border(ctx, match.start(), end, first[0], anchor2, start=match.start())


def _border_mention(ctx: Context, index: int) -> Parsed | None:
    """ "the Mauritanian border", spotted and resolved as a border"""
    if not ctx.is_border(index):
        return None
    mention = ctx.mentions[index]
    return _border(ctx, mention.start, mention.end, index, start=mention.start)


def _possessive_border(ctx: Context, index: int) -> Parsed | None:
    """ "Mali's border (with Niger)" """
    mention = ctx.mentions[index]
    possessive = _AFTER_POSSESSIVE_BORDER.match(ctx.text, mention.end)
    if possessive is None:
        return None
    other = None
    end = possessive.end()
    if possessive.group("with"):
        found = ctx.anchor_at(possessive.end(), descriptors=False)
        if found is not None:
            other, end = found
        else:
            end = possessive.start("with")
    return _border(ctx, mention.start, end, index, other, start=mention.start)


def _pair_border(ctx: Context, index: int) -> Parsed | None:
    """ "the Mali-Niger border" """
    mention = ctx.mentions[index]
    dash = PAIR_DASH.match(ctx.text, mention.end)
    if dash is None:
        return None
    other = ctx.mention_at(dash.end())
    if other is None:
        return None
    tail = BORDER_AFTER.match(ctx.text, ctx.mentions[other].end)
    if tail is None:
        return None
    return _border(ctx, mention.start, tail.end(), index, other, start=mention.start)


def _the_border(ctx: Context, index: int) -> Parsed | None:
    """ "the Algeria border" """
    mention = ctx.mentions[index]
    tail = BORDER_AFTER.match(ctx.text, mention.end)
    if tail is None or ctx.text[max(0, mention.start - 4) : mention.start].lower() != "the ":
        return None
    return _border(ctx, mention.start, tail.end(), index, start=mention.start - 4)
