"""Proximity: "near X", "close to X", "outside X", and the outskirts: "on the outskirts of X"."""

from __future__ import annotations

import re
from collections.abc import Iterator

from conflictmap.model import StatementKind
from conflictmap.statements.base import Parsed
from conflictmap.statements.parse.context import Context
from conflictmap.statements.parse.fragments import squeeze_spaces
from conflictmap.statements.scan import Hinted
from conflictmap.text.patterns import lazy, word_trie

__all__ = ["nears", "outskirts"]

#: the first words of a "near" cue and of an outskirts phrase (lookaheads: the same
#: matches, found without trying every alternative at every word)
_NEAR_FIRST = word_trie(sorted("near close not in next adjacent around just outside a on".split()))
_OUTSKIRTS_FIRST = word_trie(sorted("on in at to from the".split()))
_NEAR = lazy(
    rf"""
    \b(?={_NEAR_FIRST})
    (?P<prep>near|nearby|close\s+to|not\s+far\s+from|in\s+the\s+vicinity\s+of|next\s+to|
       adjacent\s+to|around|just\s+outside(?:\s+of)?|outside(?:\s+of)?|
       a\s+short\s+distance\s+from|on\s+the\s+approaches\s+to)\s+
    """,
    re.IGNORECASE | re.VERBOSE,
)
_NEARS = Hinted(
    _NEAR,
    r"near|close|far|vicinity|next|adjacent|around|outside|distance|approaches",
    before=40,
    after=60,
)
_OUTSKIRTS = lazy(
    rf"\b(?={_OUTSKIRTS_FIRST})(?:(?:on|in|at|to|from)\s+)?the\s+"
    r"(?P<prep>outskirts|suburbs|edges?|fringes|periphery|gates)\s+of\s+",
    re.IGNORECASE,
)
_OUTSKIRTS_OF = Hinted(
    _OUTSKIRTS, r"outskirts|suburbs|edge|fringes|periphery|gates", before=40, after=60
)
_POSSESSIVE_OUTSKIRTS = lazy(r"['’]s\s+(?P<prep>outskirts|suburbs|periphery)\b", re.IGNORECASE)


def outskirts(ctx: Context) -> Iterator[Parsed]:
    """Every "the outskirts of X", then every "X's outskirts".

    Examples
    --------
    >>> from conflictmap.model import Mention
    >>> from conflictmap.statements.parse.context import Context
    >>> text = "Clashes not far from Gao and on the outskirts of Kidal; shells hit Mopti's suburbs."
    >>> names = ("Gao", "Kidal", "Mopti")
    >>> ctx = Context(text, [Mention(start=text.index(n), end=text.index(n) + len(n), text=n)
    ...                      for n in names])
    >>> [(p.kind.value, p.cue) for p in nears(ctx)]
    [('near', 'not far from')]
    >>> for p in outskirts(ctx):
    ...     print(p.kind.value, p.cue, text[p.start:p.end], sep=" | ")
    outskirts | outskirts | on the outskirts of Kidal
    outskirts | suburbs | Mopti's suburbs
    """
    for match in _OUTSKIRTS_OF.finditer(ctx.lowered):
        anchor = ctx.anchor_at(match.end())
        if anchor is None:
            continue
        yield Parsed(
            kind=StatementKind.OUTSKIRTS,
            start=match.start(),
            end=anchor[1],
            anchor=anchor[0],
            cue=match.group("prep").lower(),
        )
    for index, mention in enumerate(ctx.mentions):
        after = _POSSESSIVE_OUTSKIRTS.match(ctx.text, mention.end)
        if after is not None:
            yield Parsed(
                kind=StatementKind.OUTSKIRTS,
                start=mention.start,
                end=after.end(),
                anchor=index,
                cue=after.group("prep").lower(),
            )


def nears(ctx: Context) -> Iterator[Parsed]:
    """Every "near X"-like phrase followed by an anchor.

    Examples
    --------
    >>> from conflictmap.model import Mention
    >>> text = "Clashes broke out close to Gao."
    >>> [(p.kind.value, p.cue) for p in nears(Context(text, [Mention(start=27, end=30, text="Gao")]))]
    [('near', 'close to')]
    """
    for match in _NEARS.finditer(ctx.lowered):
        anchor = ctx.anchor_at(match.end())
        if anchor is None:
            continue
        yield Parsed(
            kind=StatementKind.NEAR,
            start=match.start(),
            end=anchor[1],
            anchor=anchor[0],
            cue=squeeze_spaces(match.group("prep")),
        )
