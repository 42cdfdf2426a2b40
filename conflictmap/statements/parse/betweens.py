"""Between two places: "between X and Y", "halfway between", "on the road from X to Y".

A ``between`` statement has two anchors; on a road it is a ``road-between`` ("on
the road between Gao and Ansongo", "on the main road linking Gao and Ansongo",
"on the Gao-Ansongo road"). "The border between Mali and Niger" is a border, not
a place between them.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from conflictmap.model import StatementKind
from conflictmap.statements.base import HALFWAY, Parsed
from conflictmap.statements.parse.context import Context
from conflictmap.statements.parse.fragments import BORDER_BEFORE, PAIR_DASH
from conflictmap.statements.scan import Hinted
from conflictmap.text.patterns import lazy

__all__ = ["betweens"]

_BETWEEN = lazy(
    r"""
    \b(?:(?P<road>(?:on|along|off|via)\s+(?:the|a)\s+(?:main\s+|national\s+|paved\s+|dirt\s+)?
                  (?:road|highway|route|axis|track|motorway|corridor)\s+)
         (?P<link>between|from|linking|connecting|joining)
      |(?P<half>(?:halfway|midway|half-way|mid-way)\s+)?between)\b
    """,
    re.IGNORECASE | re.VERBOSE,
)
_BETWEENS = Hinted(
    _BETWEEN, r"between|road|highway|route|axis|track|motorway|corridor", before=60, after=60
)
_AND = lazy(r"\s+and\s+")
_AND_TO_WITH = lazy(r"\s+(?:and|to|with)\s+")
_ROAD_PAIR = lazy(r"\b(?:on|along|off|via)\s+the\s+(?:main\s+)?$", re.IGNORECASE)
_ROAD_WORD = lazy(r"\s+(?:road|highway|route|axis|motorway)\b", re.IGNORECASE)


def betweens(ctx: Context) -> Iterator[Parsed]:
    """Every "between X and Y" phrase, then every "on the X-Y road".

    Examples
    --------
    >>> from conflictmap.model import Mention
    >>> from conflictmap.statements.parse.context import Context
    >>> text = "A bus burned halfway between Mopti and Douentza, on the Gao-Ansongo road."
    >>> names = ("Mopti", "Douentza", "Gao", "Ansongo")
    >>> ctx = Context(text, [Mention(start=text.index(n), end=text.index(n) + len(n), text=n)
    ...                      for n in names])
    >>> [(p.kind.value, p.cue, p.anchor, p.anchor2) for p in betweens(ctx)]
    [('between', 'halfway', 0, 1), ('road-between', 'road', 2, 3)]
    """
    yield from _between_phrases(ctx)
    yield from _road_pairs(ctx)


def _between_phrases(ctx: Context) -> Iterator[Parsed]:
    text = ctx.text
    for match in _BETWEENS.finditer(ctx.lowered):
        if BORDER_BEFORE.search(text, max(0, match.start() - 30), match.start()):
            continue  # "the border between Mali and Niger" is a border
        first = ctx.anchor_at(match.end())
        if first is None:
            continue
        link = (match.group("link") or "between").lower()
        glue = (_AND if link == "between" else _AND_TO_WITH).match(text, first[1])
        if glue is None:
            continue
        second = ctx.anchor_at(glue.end())
        if second is None:
            continue
        road = match.group("road") is not None
        yield Parsed(
            kind=StatementKind.ROAD_BETWEEN if road else StatementKind.BETWEEN,
            start=match.start(),
            end=second[1],
            anchor=first[0],
            anchor2=second[0],
            cue=(HALFWAY if match.group("half") else ("road" if road else "between")),
        )


def _road_pairs(ctx: Context) -> Iterator[Parsed]:
    """ "on the Gao-Ansongo road" """
    text = ctx.text
    for index, mention in enumerate(ctx.mentions):
        # the dash and the second name first: one anchored match rules out most mentions
        dash = PAIR_DASH.match(text, mention.end)
        if dash is None:
            continue
        other = ctx.mention_at(dash.end())
        if other is None:
            continue
        tail = _ROAD_WORD.match(text, ctx.mentions[other].end)
        if tail is None:
            continue
        before = _ROAD_PAIR.search(text, max(0, mention.start - 40), mention.start)
        if before is None:
            continue
        yield Parsed(
            kind=StatementKind.ROAD_BETWEEN,
            start=before.start(),
            end=tail.end(),
            anchor=index,
            anchor2=other,
            cue="road",
        )
