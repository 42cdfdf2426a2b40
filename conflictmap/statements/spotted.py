"""Which spot each mention of a resolution came from, and that spot's name.

A mention the resolver made of a spot has the spot's offsets; its name (one sense
per article) is the spot's ``key``. Both the point preference
(:mod:`conflictmap.statements.points`) and the re-ranking
(:mod:`conflictmap.statements.evidence`) read it for every mention, one after the
other on the same resolution, so :func:`spotted` keeps its last answer (issue 20:
a long article has tens of thousands of mentions).

Examples
--------
>>> from types import SimpleNamespace as Ns
>>> spots = (Ns(start=0, end=3, key="gao"), Ns(start=9, end=14, key="kidal"))
>>> mentions = (Ns(start=0, end=3), Ns(start=5, end=8), Ns(start=9, end=14))
>>> found = spotted(Ns(spots=spots, mentions=mentions))
>>> found.spot, found.key
([0, None, 1], ['gao', None, 'kidal'])
"""

from __future__ import annotations

from collections.abc import Sequence
from itertools import islice
from operator import attrgetter, lt
from typing import Protocol

__all__ = ["Spotted", "spotted"]

#: a mention's or a spot's offsets, start, end; a spot's name
_SPAN = attrgetter("start", "end")
_START, _END, _KEY = attrgetter("start"), attrgetter("end"), attrgetter("key")


class _Spot(Protocol):
    @property
    def start(self) -> int: ...

    @property
    def end(self) -> int: ...

    @property
    def key(self) -> str: ...


class _Mention(Protocol):
    @property
    def start(self) -> int: ...

    @property
    def end(self) -> int: ...


class _Resolution(Protocol):
    @property
    def spots(self) -> Sequence[_Spot]: ...

    @property
    def mentions(self) -> Sequence[_Mention]: ...


class Spotted:
    """Per mention, the index of the spot at its offsets and the spot's name
    (``None`` for both when no spot has its offsets; of two spots with the same
    offsets, the last)."""

    __slots__ = ("key", "spot")

    def __init__(self, resolution: _Resolution) -> None:
        spots, mentions = resolution.spots, resolution.mentions
        self.spot: list[int | None]
        self.key: list[str | None]
        if _one_to_one(spots, mentions):
            self.spot = list(range(len(spots)))
            self.key = list(map(_KEY, spots))
            return
        at = dict(zip(map(_SPAN, spots), range(len(spots)), strict=True))
        self.spot = list(map(at.get, map(_SPAN, mentions)))
        self.key = [None if i is None else spots[i].key for i in self.spot]


def _one_to_one(spots: Sequence[_Spot], mentions: Sequence[_Mention]) -> bool:
    """Is each mention the spot at its own index, the spots' starts rising (so that no
    two share their offsets)? The resolver's mentions of a text with no guess, no hidden
    name and no dropped one are its spots, one for one (compared in C, with no tuples)."""
    if len(spots) != len(mentions):
        return False
    starts = list(map(_START, spots))
    return (
        starts == list(map(_START, mentions))
        and list(map(_END, spots)) == list(map(_END, mentions))
        and all(map(lt, starts, islice(starts, 1, None)))
    )


def spotted(resolution: _Resolution) -> Spotted:
    """:class:`Spotted` of ``resolution`` (the last one made, when asked again of the
    same mentions and spots)."""
    mentions, spots = resolution.mentions, resolution.spots
    for last in _LAST:
        if last[0] is mentions and last[1] is spots:
            return last[2]
    found = Spotted(resolution)
    _LAST[:] = [(mentions, spots, found)]
    return found


#: the last answer of :func:`spotted` with the mentions and spots it was made of (held,
#: so that ``is`` cannot match others made where they were)
_LAST: list[tuple[Sequence[_Mention], Sequence[_Spot], Spotted]] = []
